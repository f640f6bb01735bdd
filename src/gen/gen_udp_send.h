/* SPDX-License-Identifier: BSD-2-Clause */
/* The udp-send payload: what each datagram carries so that pktscope (or
 * any receiver) can match it later. All fields big-endian.
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |      'P'      |      'S'      |      'G'      |      '1'      |  magic
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                        stream id (32)                         |  per run (--id)
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                     sequence number (64)                      |  0, 1, 2, ...
 *   |                                                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |          send time, ns since the Unix epoch (64)              |  CLOCK_REALTIME,
 *   |                                                               |  taken just before send
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  fill: byte at offset i is (i & 0xff), up to --size bytes ... |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
#ifndef PS_GEN_UDP_SEND_H
#define PS_GEN_UDP_SEND_H

#include <stddef.h>
#include <stdint.h>

#define GEN_UDP_MAGIC "PSG1"
#define GEN_UDP_HDR_LEN 24

/* Writes the header into buf (at least GEN_UDP_HDR_LEN bytes). */
void gen_udp_put_header(unsigned char *buf, uint32_t stream, uint64_t seq, uint64_t tx_ns);

/* Fills buf[GEN_UDP_HDR_LEN .. len) with the documented pattern. */
void gen_udp_fill(unsigned char *buf, size_t len);

/* Parses a header; 0 ok, -1 if too short or the magic is wrong. */
int gen_udp_get_header(const unsigned char *buf, size_t len, uint32_t *stream,
                       uint64_t *seq, uint64_t *tx_ns);

/* Time of packet k on a schedule starting at t0_ns with a period of
 * num/den ns: exact 128-bit arithmetic, so no drift however long it runs. */
int64_t gen_udp_sched(int64_t t0_ns, uint64_t k, uint64_t num, uint64_t den);

#endif
