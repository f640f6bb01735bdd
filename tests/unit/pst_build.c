/* SPDX-License-Identifier: BSD-2-Clause */
/* pst_build.c - frames around hand-built payloads (pst_build.h). */
#include <string.h>

#include "pst_build.h"

static void put16(uint8_t *b, unsigned v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

/* Ethernet and IPv4 headers for `n` bytes of IP payload. */
static void ipv4_headers(uint8_t *out, uint8_t proto, size_t n)
{
	static const uint8_t eth[14] = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00};
	static const uint8_t addrs[8] = {10, 0, 0, 1, 10, 0, 0, 2};
	uint8_t *ip = out + 14;

	memcpy(out, eth, sizeof eth);
	memset(ip, 0, 20);
	ip[0] = 0x45;
	put16(ip + 2, (unsigned)(20 + n));
	put16(ip + 4, 1);
	ip[8] = 64;
	ip[9] = proto;
	memcpy(ip + 12, addrs, 8);
	uint32_t sum = 0;
	for (unsigned i = 0; i < 20; i += 2)
		sum += (uint32_t)ip[i] << 8 | ip[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	put16(ip + 10, ~sum & 0xffff);
}

size_t pst_ipv4(uint8_t *out, size_t cap, uint8_t proto, const uint8_t *payload, size_t n)
{
	if (n > 65535 - 20 || PST_IP4_HDR + n > cap)
		return 0;
	ipv4_headers(out, proto, n);
	memcpy(out + PST_IP4_HDR, payload, n);
	return PST_IP4_HDR + n;
}

size_t pst_udp4(uint8_t *out, size_t cap, uint16_t sport, uint16_t dport, const uint8_t *payload,
		size_t n)
{
	if (n > 65535 - 28 || PST_UDP4_HDR + n > cap)
		return 0;
	ipv4_headers(out, 17, 8 + n);
	put16(out + PST_IP4_HDR, sport);
	put16(out + PST_IP4_HDR + 2, dport);
	put16(out + PST_IP4_HDR + 4, (unsigned)(8 + n));
	put16(out + PST_IP4_HDR + 6, 0);
	memcpy(out + PST_UDP4_HDR, payload, n);
	return PST_UDP4_HDR + n;
}
