/* SPDX-License-Identifier: BSD-2-Clause */
/* pst_conv.c - one hand-built conversation through a flow table (pst_conv.h). */
#include <arpa/inet.h>
#include <string.h>

#include "dis_tcp.h"
#include "ps_test.h"
#include "pst_conv.h"

#define C "10.0.0.1"
#define S "10.0.0.2"

void pst_conv_feed(struct ps_flow_table *t, struct ps_packet *p, uint16_t port, uint8_t proto,
		   bool from_c, uint16_t flags, uint32_t seq, uint32_t ack, const uint8_t *pl,
		   uint32_t n)
{
	static uint8_t b[20000];
	static unsigned frame_no;
	uint32_t th = proto == 6 ? 20 : 8, len = 20 + th + n;
	CU_ASSERT_FATAL(len <= sizeof b);
	memset(b, 0, 20 + th);
	b[0] = 0x45;
	b[2] = (uint8_t)(len >> 8);
	b[3] = (uint8_t)len;
	b[8] = 64;
	b[9] = proto;
	inet_pton(AF_INET, from_c ? C : S, b + 12);
	inet_pton(AF_INET, from_c ? S : C, b + 16);
	uint8_t *h = b + 20;
	uint16_t sp = from_c ? 40000 : port, dp = from_c ? port : 40000;
	h[0] = (uint8_t)(sp >> 8), h[1] = (uint8_t)sp, h[2] = (uint8_t)(dp >> 8), h[3] = (uint8_t)dp;
	if (proto == 6) {
		for (int i = 0; i < 4; i++) {
			h[4 + i] = (uint8_t)(seq >> (24 - 8 * i));
			h[8 + i] = (uint8_t)(ack >> (24 - 8 * i));
		}
		h[12] = 0x50;
		h[13] = (uint8_t)flags;
		h[14] = 0x10;
	} else {
		h[4] = (uint8_t)((8 + n) >> 8);
		h[5] = (uint8_t)(8 + n);
	}
	if (n)
		memcpy(h + th, pl, n);
	pst_dissect(p, PS_DLT_RAW, b, len, len);
	p->n = ++frame_no;
	p->ts_sec = 1000 + frame_no;
	ps_flow_packet(t, p);
}

struct ps_flow_table *pst_conv_table(uint64_t mem)
{
	struct ps_flow_cfg c;
	char err[128];
	ps_flow_cfg_defaults(&c);
	c.mem_bytes = mem;
	struct ps_flow_table *t = ps_flow_table_new(&c, 0, 0, err, sizeof err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	return t;
}

void pst_conv_handshake(struct ps_flow_table *t, struct ps_packet *p, uint16_t port)
{
	pst_conv_feed(t, p, port, 6, true, TH_SYN, 1000, 0, 0, 0);
	pst_conv_feed(t, p, port, 6, false, TH_SYN | TH_ACK, 5000, 1001, 0, 0);
	pst_conv_feed(t, p, port, 6, true, TH_ACK, 1001, 5001, 0, 0);
}
