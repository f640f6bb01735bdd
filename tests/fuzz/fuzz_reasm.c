/* SPDX-License-Identifier: BSD-2-Clause */
/* fuzz_reasm.c - libFuzzer entry point: random segment and fragment
 * sequences through TCP reassembly, TCP analysis and IP defragmentation.
 *
 * Input: a list of 8-byte operations [op, a, b, c, d, e, f, g]:
 *   op % 4 == 0, 1  a TCP segment on stream op/4 % 4 (two connections, two
 *                   directions): flags a, seq = base + (b,c), length d, and
 *                   e bit 0 for bytes that differ from the stream's pattern,
 *                   bits 1-3 for a snap-length cut
 *   op % 4 == 2     an IPv4/IPv6 fragment: version a&1, id a>>1 & 3, offset
 *                   8*(b,c)>>4, length d (e adds), more f&1, other bytes g&1
 *   op % 4 == 3     time goes on (a seconds), or (b&1) flush a stream
 * Small limits make the caps and evictions happen.  Besides "no crash and no
 * leak", the harness checks what the engines promise: memory under the
 * limits; every stream's consumer has received (data + gaps) exactly up to
 * the stream's next sequence number; with unaltered bytes, every delivered
 * byte and every reassembled payload byte is the pattern at its position.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ip_defrag.h"
#include "tcp_analysis.h"
#include "tcp_reasm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NSTREAM 4

static uint8_t pattern(uint32_t pos)
{
	return (uint8_t)((pos * 2654435761u) >> 24);
}

struct consumer {
	uint32_t start;   /* sequence number of the first byte */
	uint32_t got;     /* data + gap bytes received (mod 2^32) */
	bool exact;       /* every byte sent was the pattern */
};

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_reasm: %s\n", what);
	abort();
}

static void consume(void *user, const uint8_t *p, uint32_t n)
{
	struct consumer *c = user;
	if (p && c->exact)
		for (uint32_t i = 0; i < n; i++)
			if (p[i] != pattern(c->start + c->got + i))
				fail("delivered byte is not the stream's byte at its place");
	c->got += n;
}

static uint8_t buf[65536 + 64];

static void tcp_op(struct ps_tcp_stream *st, struct consumer *cs, struct ps_tcp_anl *anl,
		   unsigned si, const uint8_t *o, uint64_t now)
{
	struct ps_tcp_stream *s = &st[si];
	struct consumer *c = &cs[si];
	uint32_t seq = 0x7ffffff0u * (si & 1) + ((uint32_t)o[2] << 8 | o[3]) - 16; /* wraps */
	uint32_t len = o[4], cut = (o[5] >> 1) & 7;
	uint16_t flags = o[1] & (PS_TCPF_SYN | PS_TCPF_FIN | PS_TCPF_RST | PS_TCPF_ACK);
	uint32_t dstart = seq + ((flags & PS_TCPF_SYN) != 0);
	for (uint32_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(pattern(dstart + i) ^ (o[5] & 1 ? 0x5a : 0));
	if (o[5] & 1)
		for (unsigned i = 0; i < NSTREAM; i++)
			cs[i].exact = false;
	struct ps_tcp_seg g = {.seq = seq, .ack = o[6], .flags = flags, .win = o[7], .data = buf,
			       .caplen = cut && cut < len ? len - cut : len, .len = len,
			       .ts_ns = now};
	if (s->state == PS_TCPS_NEW)
		c->start = flags & PS_TCPF_SYN ? seq + 1 : seq;
	uint32_t a = ps_tcp_analyze(&anl[si], &anl[si ^ 1], &g, PS_TCP_OOO_THRES_NS);
	ps_tcp_analysis_update(&anl[si], &anl[si ^ 1], &g, a);
	enum ps_event_code ev[8];
	ps_tcp_analysis_events(a, ev, 8);
	ps_tcp_reasm_events(ps_tcp_stream_add(s, &g), ev, 8);
}

static void check_tcp(const struct ps_tcp_budget *b, const struct ps_tcp_stream *st,
		      const struct consumer *cs)
{
	if (b->used > b->limit)
		fail("tcp budget over its limit");
	for (unsigned i = 0; i < NSTREAM; i++) {
		if (st[i].state != PS_TCPS_NEW && cs[i].got != st[i].next - cs[i].start)
			fail("consumer and stream disagree on the position");
		if (st[i].held > b->stream_cap || st[i].nsegs > b->stream_max_segs)
			fail("stream over its cap");
	}
}

static const uint8_t a4[4] = {192, 0, 2, 1}, b4[4] = {192, 0, 2, 2};
static const uint8_t a6[16] = {0xfe, 0x80, [15] = 1}, b6[16] = {0xfe, 0x80, [15] = 2};

static void frag_op(struct ps_defrag *d, const uint8_t *o, uint64_t now, bool *exact)
{
	static uint8_t h4[20] = {0x45, 0, 0, 0, 0, 0, 0, 0, 64, 17, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2};
	static uint8_t h6[40] = {0x60, 0, 0, 0, 0, 0, 44, 64};
	bool v6 = o[1] & 1;
	uint32_t off = 8u * (((uint32_t)o[2] << 8 | o[3]) >> 4);
	uint32_t len = o[4] + (uint32_t)o[5] * 8;
	if (o[7] & 1)
		*exact = false;
	for (uint32_t i = 0; i < len && i < sizeof buf; i++)
		buf[i] = (uint8_t)(pattern(off + i) ^ (o[7] & 1 ? 0xa5 : 0));
	struct ps_frag_in f = {.version = v6 ? 6 : 4, .src = v6 ? a6 : a4, .dst = v6 ? b6 : b4,
			       .id = (o[1] >> 1) & 3, .proto = 17, .offset = off,
			       .more = o[6] & 1, .hdr = v6 ? h6 : h4, .hdr_len = v6 ? 40 : 20,
			       .nh_off = 6, .data = buf, .caplen = len, .len = len,
			       .jumbo = v6 && (o[6] & 2)};
	struct ps_defrag_result r;
	if (ps_defrag_add(d, &f, now, &r) == PS_DEFRAG_DONE) {
		uint32_t h = v6 ? 40 : 20;
		if (r.len < h || r.len - h > PS_DEFRAG_MAX_DGRAM)
			fail("reassembled datagram of an impossible size");
		if (*exact)
			for (uint32_t i = h; i < r.len; i++)
				if (r.data[i] != pattern(i - h))
					fail("reassembled byte is not the datagram's byte at its place");
	}
	if (d->used > d->limit)
		fail("defrag table over its limit");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ps_tcp_budget b;
	struct ps_tcp_stream st[NSTREAM];
	struct consumer cs[NSTREAM];
	struct ps_tcp_anl anl[NSTREAM];
	struct ps_defrag d;
	char err[64];
	bool exact = true;
	uint64_t now = 0;
	ps_tcp_budget_init(&b, 4096);
	b.stream_cap = 2048;
	b.stream_max_segs = 16;
	memset(anl, 0, sizeof anl);
	for (unsigned i = 0; i < NSTREAM; i++) {
		cs[i] = (struct consumer){.exact = true};
		ps_tcp_stream_init(&st[i], &b, consume, &cs[i]);
	}
	if (ps_defrag_init(&d, 16384, err, sizeof err) < 0)
		return 0;
	for (size_t at = 0; at + 8 <= size; at += 8) {
		const uint8_t *o = data + at;
		now += 1000000; /* 1 ms per operation */
		switch (o[0] & 3) {
		case 0:
		case 1:
			tcp_op(st, cs, anl, (o[0] >> 2) & 3, o, now);
			break;
		case 2:
			frag_op(&d, o, now, &exact);
			break;
		default:
			if (o[2] & 1)
				ps_tcp_stream_flush(&st[(o[0] >> 2) & 3]);
			else
				now += (uint64_t)o[1] * 1000000000u;
			ps_defrag_expire(&d, now);
		}
		check_tcp(&b, st, cs);
	}
	for (unsigned i = 0; i < NSTREAM; i++)
		ps_tcp_stream_free(&st[i]);
	if (b.used)
		fail("tcp budget not empty after every stream was freed");
	ps_defrag_free(&d);
	if (d.used)
		fail("defrag table not empty after free");
	return 0;
}
