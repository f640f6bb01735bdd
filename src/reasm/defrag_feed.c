/* SPDX-License-Identifier: BSD-2-Clause */
/* defrag_feed.c - the defragmentation table between the dissect driver and
 * the rest of the packet path (defrag_feed.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defrag_feed.h"
#include "ps_dissect.h"
#include "reasm_record.h"

struct ps_defrag_feed *ps_defrag_feed_new(size_t limit, char *err, size_t errlen)
{
	struct ps_defrag_feed *f = calloc(1, sizeof *f);
	if (!f) {
		snprintf(err, errlen, "out of memory");
		return 0;
	}
	if (ps_defrag_init(&f->table, limit, err, errlen)) {
		free(f);
		return 0;
	}
	return f;
}

void ps_defrag_feed_free(struct ps_defrag_feed *f)
{
	if (!f)
		return;
	ps_defrag_free(&f->table);
	free(f->buf);
	free(f);
}

/* Room for n bytes in the buffer (n <= snap length + 65535). */
static bool reserve(struct ps_defrag_feed *f, size_t n)
{
	if (n <= f->cap)
		return true;
	size_t cap = n < 2 * f->cap ? 2 * f->cap : n;
	uint8_t *b = realloc(f->buf, cap);
	if (!b)
		return false;
	f->buf = b;
	f->cap = cap;
	return true;
}

/* The fragment bits of an IP layer: what ps_reasm_frag_from_record needs
 * first, read here without a call */
static bool fragment_bits(const struct ps_layer *l)
{
	if (l->proto == PS_P_IPV4)
		return l->u.ipv4.mf || l->u.ipv4.frag_off;
	return l->proto == PS_P_IPV6 && l->u.ipv6.fragment;
}

/* The first IPv4/IPv6 layer that is a fragment, -1 none (the VLAN zone
 * is looked up only for a fragment). */
static int fragment_layer(const struct ps_packet *p, struct ps_frag_in *in)
{
	for (unsigned i = 0; i < p->nlayers; i++) {
		if (fragment_bits(&p->layers[i]) && !ps_packet_in_quote(p, (int)i) &&
		    ps_reasm_frag_from_record(p, i, 0, in)) {
			in->zone = ps_packet_first_vlan(p);
			return (int)i;
		}
	}
	return -1;
}

bool ps_defrag_feed_frag(struct ps_defrag_feed *f, struct ps_packet *p)
{
	struct ps_frag_in in;
	struct ps_defrag_result r;
	int li = fragment_layer(p, &in);
	if (li < 0)
		return false;
	enum ps_defrag_status st = ps_defrag_add(&f->table, &in, ps_reasm_ts_ns(p), &r);
	bool done = false;
	bool cut = st == PS_DEFRAG_HELD && (unsigned)li + 2 < p->nlayers;
	if (cut || st == PS_DEFRAG_DONE) {
		ps_packet_copy(&f->view, p);
		f->view.flow = (struct ps_flow_note){.tcp_layer = -1, .l4_layer = -1}; /* ps_flow_peek */
		p->frame_view = &f->view;
	}
	if (cut)
		ps_packet_cut_after(p, (unsigned)li + 1);
	if (st == PS_DEFRAG_DONE && r.len >= r.hdr_len) {
		uint32_t upper = r.len - r.hdr_len;
		if (reserve(f, (size_t)p->caplen + upper)) {
			memcpy(f->buf, p->data, p->caplen);
			memcpy(f->buf + p->caplen, r.data + r.hdr_len, upper);
			p->data = f->buf;
			p->data_len = p->caplen + upper;
			ps_dissect_upper(p, (unsigned)li, r.proto, p->caplen, upper, r.len);
			done = true;
		}
	}
	/* tshark hands a fragment whose payload it has whole to its reassembly
	 * and dissects nothing above IP unless that completes the datagram; a
	 * cut one it decodes as it is.  The display filter follows that. */
	if (!done && in.len > 0 && in.caplen >= in.len)
		p->defrag = (struct ps_defrag_note){.partial = true, .ip = (uint8_t)li};
	for (unsigned i = 0; i < r.nevents; i++)
		ps_packet_add_event(p, r.events[i], li);
	return done;
}
