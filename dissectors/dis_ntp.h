/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_ntp.h - the decoded NTP message (dis_ntp.c).
 *
 * Fields are valid by the layer's captured header length (ps_layer.hdr_len):
 * li/version/mode from 1 byte; the time-message fields from their offsets
 * in the 48-byte header.  Control (6) and private (7) messages keep only
 * li, version and mode.
 */
#ifndef DIS_NTP_H
#define DIS_NTP_H

#include <stdint.h>

struct ps_ntp {
	uint8_t li, version, mode;
	uint8_t stratum;
	uint8_t poll;
	int8_t precision;
	uint32_t root_delay, root_dispersion; /* raw 16.16 */
	uint8_t ref_id[4];
	uint64_t ts[4];   /* reference, originate, receive, transmit: raw 32.32 */
	uint32_t len;     /* message bytes per UDP (tcpdump's length) */
};

struct ps_packet;
struct ps_out;
/* -v text of the time message in layer li, tcpdump's detail lines
 * (dis_ntp_text.c); nothing for control and private messages. */
void ps_ntp_out_verbose(const struct ps_packet *p, unsigned li, struct ps_out *o);

#endif
