/* SPDX-License-Identifier: BSD-2-Clause */
/* pst_build.h - frames around a hand-built payload for the application-layer
 * suites: Ethernet 02:00:00:00:00:01 > 02:00:00:00:00:02, IPv4 10.0.0.1 >
 * 10.0.0.2 (ttl 64, id 1, header checksum computed), then the payload.
 * Each returns the frame length, 0 when `cap` is too small. */
#ifndef PST_BUILD_H
#define PST_BUILD_H

#include <stddef.h>
#include <stdint.h>

#define PST_IP4_HDR 34u  /* Ethernet + IPv4 */
#define PST_UDP4_HDR 42u /* Ethernet + IPv4 + UDP */

size_t pst_ipv4(uint8_t *out, size_t cap, uint8_t proto, const uint8_t *payload, size_t n);
/* UDP sport > dport around the payload (checksum 0: none) */
size_t pst_udp4(uint8_t *out, size_t cap, uint16_t sport, uint16_t dport, const uint8_t *payload,
		size_t n);

#endif
