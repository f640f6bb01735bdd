/* SPDX-License-Identifier: BSD-2-Clause */
/* l7_frame.c - see l7_frame.h. */
#include "l7_frame.h"

#include <string.h>

static void be16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

uint32_t l7_tcp_frame(uint8_t *out, uint16_t sport, uint16_t dport, const void *payload,
		      size_t n)
{
	static const uint8_t eth[14] = {0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00};
	uint8_t *ip = out + 14, *tcp = ip + 20;

	memcpy(out, eth, sizeof eth);
	memset(ip, 0, 40);
	ip[0] = 0x45;
	be16(ip + 2, (unsigned)(40 + n));
	ip[8] = 64;
	ip[9] = 6;
	memcpy(ip + 12, (const uint8_t[]){10, 0, 0, 1, 10, 0, 0, 2}, 8);
	unsigned sum = 0;
	for (unsigned i = 0; i < 20; i += 2)
		sum += (unsigned)ip[i] << 8 | ip[i + 1];
	sum = (sum & 0xffff) + (sum >> 16);
	be16(ip + 10, ~sum & 0xffffu);
	be16(tcp, sport);
	be16(tcp + 2, dport);
	tcp[7] = 1;  /* seq 1 */
	tcp[11] = 1; /* ack 1 */
	tcp[12] = 0x50;
	tcp[13] = 0x18; /* PSH ACK */
	be16(tcp + 14, 512);
	memcpy(tcp + 20, payload, n);
	return (uint32_t)(L7_HDRS + n);
}
