/* SPDX-License-Identifier: BSD-2-Clause */
/* flow_follow.c - one conversation's payload as chunks (ps_follow.h).
 *
 * Bytes delivered while one packet is handled extend the same chunk, as
 * tshark makes one follow record per packet; a new packet, the other
 * direction, a gap or the bytes of another segment (released from the
 * out-of-order buffer: PS_FLOW_REC_START) start a new chunk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ps_follow.h"

#define DEFAULT_CAP (64ull << 20)

void ps_follow_init(struct ps_follow *fl, bool udp, uint64_t stream, uint64_t cap_bytes)
{
	memset(fl, 0, sizeof *fl);
	fl->udp = udp;
	fl->stream = stream;
	fl->cap_bytes = cap_bytes ? cap_bytes : DEFAULT_CAP;
}

void ps_follow_free(struct ps_follow *fl)
{
	free(fl->data);
	free(fl->chunks);
	memset(fl, 0, sizeof *fl);
}

/* Node 0 is the first packet's source (tshark's client). */
static void set_nodes(struct ps_follow *fl, const struct ps_flow *f)
{
	if (fl->seen)
		return;
	fl->seen = true;
	fl->v6 = f->key.v6;
	bool b0 = f->first_from_b;
	memcpy(fl->addr[0], b0 ? f->key.b : f->key.a, 16);
	memcpy(fl->addr[1], b0 ? f->key.a : f->key.b, 16);
	fl->port[0] = b0 ? f->key.pb : f->key.pa;
	fl->port[1] = b0 ? f->key.pa : f->key.pb;
}

static bool reserve(struct ps_follow *fl, uint32_t len)
{
	if (fl->n == fl->ncap) {
		uint32_t nc = fl->ncap ? fl->ncap * 2 : 64;
		struct ps_follow_chunk *c = realloc(fl->chunks, nc * sizeof *c);
		if (!c)
			return false;
		fl->chunks = c;
		fl->ncap = nc;
	}
	if (fl->len + len > fl->cap) {
		uint64_t nc = fl->cap ? fl->cap : 4096;
		while (nc < fl->len + len)
			nc *= 2;
		if (nc > fl->cap_bytes)
			nc = fl->cap_bytes;
		uint8_t *d = realloc(fl->data, nc);
		if (!d)
			return false;
		fl->data = d;
		fl->cap = nc;
	}
	return true;
}

static void add(struct ps_follow *fl, unsigned node, uint64_t frame, const uint8_t *data,
		uint32_t len)
{
	if (!data) { /* a gap: remembered on the next chunk of this node */
		if (!reserve(fl, 0))
			return;
		struct ps_follow_chunk *c = &fl->chunks[fl->n++];
		*c = (struct ps_follow_chunk){.off = fl->len, .gap = len, .node = (uint8_t)node,
					      .frame = frame};
		return;
	}
	if (fl->len + len > fl->cap_bytes || !reserve(fl, len)) {
		fl->dropped += len;
		return;
	}
	struct ps_follow_chunk *last = fl->n ? &fl->chunks[fl->n - 1] : 0;
	if (last && last->frame == frame && last->node == node && !fl->udp && !last->sealed &&
	    last->off + last->len == fl->len) {
		last->len += len;
	} else {
		fl->chunks[fl->n++] = (struct ps_follow_chunk){.off = fl->len, .len = len,
							       .node = (uint8_t)node, .frame = frame};
	}
	memcpy(fl->data + fl->len, data, len);
	fl->len += len;
	fl->bytes[node] += len;
}

/* tshark's record for bytes the receiver acknowledged and the capture lacks */
static void add_missing(struct ps_follow *fl, unsigned node, uint64_t frame, uint32_t len)
{
	char text[64];
	int n = snprintf(text, sizeof text, "[%u bytes missing in capture file]", len);
	if (n <= 0 || (size_t)n >= sizeof text)
		return;
	if (fl->n) /* a record of its own: after the data before it... */
		fl->chunks[fl->n - 1].sealed = true;
	add(fl, node, frame, (const uint8_t *)text, (uint32_t)n + 1); /* and its NUL */
	if (fl->n) /* ...and before the data after it */
		fl->chunks[fl->n - 1].sealed = true;
}

void ps_follow_bytes(struct ps_follow *fl, const struct ps_flow *f, unsigned dir,
		     uint64_t frame, const uint8_t *data, uint32_t len, unsigned flags)
{
	if (f->kind != (fl->udp ? PS_FK_UDP : PS_FK_TCP) || f->stream != fl->stream)
		return;
	set_nodes(fl, f);
	if (data && !len) { /* a new packet of the conversation */
		fl->behind_hole[0] = fl->behind_hole[1] = false;
		return;
	}
	/* direction dir's sender: orig is key b when orig_is_b */
	bool from_b = (dir == 0) == f->orig_is_b;
	unsigned node = from_b != f->first_from_b;
	if (!data && (flags & PS_FLOW_GAP_ACKED)) {
		add_missing(fl, node, frame, len);
	} else if (!data && (flags & PS_FLOW_GAP_AT_END)) {
		/* tshark keeps what waits behind a hole until an ACK passes it:
		 * at the end it never prints it */
		fl->behind_hole[node] = true;
	} else if (!(data && fl->behind_hole[node])) {
		if (data && (flags & PS_FLOW_REC_START) && fl->n)
			fl->chunks[fl->n - 1].sealed = true;
		add(fl, node, frame, data, len);
	}
}

int ps_follow_parse(struct ps_follow *fl, const char *spec)
{
	static const char *const modes[] = {"ascii", "hex", "raw"};
	const char *rest;
	bool udp;
	if (!strncmp(spec, "follow,tcp,", 11))
		udp = false;
	else if (!strncmp(spec, "follow,udp,", 11))
		udp = true;
	else
		return -1;
	rest = spec + 11;
	for (unsigned m = 0; m < 3; m++) {
		size_t l = strlen(modes[m]);
		if (strncmp(rest, modes[m], l) || rest[l] != ',' || rest[l + 1] < '0' ||
		    rest[l + 1] > '9')
			continue;
		char *end;
		unsigned long long n = strtoull(rest + l + 1, &end, 10);
		if (*end)
			return -1;
		ps_follow_init(fl, udp, n, 0);
		fl->mode = (uint8_t)m;
		return 0;
	}
	return -1;
}

int ps_follow_set_add(struct ps_follow_set *set, const char *spec)
{
	if (set->n == PS_FOLLOW_SET_MAX || ps_follow_parse(&set->fl[set->n], spec))
		return -1;
	set->n++;
	return 0;
}

/* The flow table's consumer: the bytes to each collector (each keeps its own
 * stream's). */
static void set_bytes(void *ctx, const struct ps_flow *f, unsigned dir, uint64_t frame,
		      const uint8_t *data, uint32_t len, unsigned flags)
{
	struct ps_follow_set *set = ctx;
	for (unsigned i = 0; i < set->n; i++)
		ps_follow_bytes(&set->fl[i], f, dir, frame, data, len, flags);
}

void ps_follow_set_attach(struct ps_follow_set *set, struct ps_flow_table *t)
{
	if (set->n && t)
		ps_flow_set_consumer(t, set_bytes, set);
}

void ps_follow_set_free(struct ps_follow_set *set)
{
	for (unsigned i = 0; i < set->n; i++)
		ps_follow_free(&set->fl[i]);
	set->n = 0;
}
