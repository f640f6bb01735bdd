/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_cksum.h - Internet checksums the -v text verifies (dis_cksum.c).
 *
 * RFC 1071 (computing the Internet checksum), RFC 768 / RFC 9293 / RFC 8200
 * 8.1 (the IPv4 and IPv6 pseudo-headers).  Used by the TCP, UDP, ICMP and
 * ICMPv6 summaries; decode never checks checksums (a bad one is not an
 * event: tcpdump only reports it with -v).
 */
#ifndef DIS_CKSUM_H
#define DIS_CKSUM_H

#include <stdbool.h>
#include <stdint.h>

#include "ps_packet.h"

/* Fold the carries of a 32-bit ones' complement sum into 16 bits. */
static inline uint32_t ps_cksum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffffu) + (sum >> 16);
	return sum;
}

/* The ones' complement sum over `len` bytes of layer li, with the IPv4 or
 * IPv6 pseudo-header (protocol `proto`) when `pseudo`.  Returns 0xffff when
 * the stored checksum is right, another 16-bit sum when it is wrong, and -1
 * when it cannot be checked: a fragment, bytes not captured, no network
 * layer before li. */
int ps_l4_cksum(const struct ps_packet *p, unsigned li, unsigned proto, uint32_t len,
		bool pseudo);

/* The checksum the header should have held, given the stored one and the
 * sum ps_l4_cksum returned (tcpdump's in_cksum_shouldbe). */
uint16_t ps_l4_cksum_want(uint16_t stored, int sum);

#endif
