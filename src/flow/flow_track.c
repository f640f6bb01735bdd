/* SPDX-License-Identifier: BSD-2-Clause */
/* flow_track.c - one packet through the table: the clock, the lookup or
 * creation of each IP conversation the packet carries (outermost first),
 * counters, TCP state, reassembly and the packet's flow note.
 *
 * The table's clock is the newest packet time seen, so a time stamp that
 * goes backwards never expires anything early; a lone time stamp more than
 * a day ahead (a corrupt record) does not move it either, two in a row do.
 */
#include <string.h>

#include "dis_tcp.h"
#include "flow_int.h"
#include "flow_key_int.h"
#include "flow_tcp_int.h"
#include "reasm_record.h"

static unsigned kind_of(uint8_t proto, bool has_ports)
{
	if (!has_ports)
		return PS_FK_OTHER;
	return proto == 6 ? PS_FK_TCP : proto == 17 ? PS_FK_UDP : PS_FK_ICMP;
}

static unsigned initial_tclass(unsigned kind)
{
	static const uint8_t c[PS_FK__COUNT] = {PS_FT_TCP_SYN, PS_FT_UDP, PS_FT_ICMP, PS_FT_OTHER};
	return c[kind];
}

static void set_id(struct ps_flow *f, const struct ps_flow_pkt *k)
{
	const struct ps_flow_key *key = &f->key;
	if (k->one_way) /* ports as sent: the packet's own orientation */
		ps_community_id(k->src, k->dst, key->v6, key->proto, k->sport, k->dport, true,
				f->id);
	else
		ps_community_id(key->a, key->b, key->v6, key->proto, key->pa, key->pb,
				k->has_ports, f->id);
}

static uint32_t new_flow(struct ps_flow_table *t, const struct ps_flow_pkt *k, uint64_t h,
			 const struct ps_tcp *tcp, bool fresh)
{
	uint32_t i = ps_ft_alloc_slot(t);
	struct ps_flow *f = &t->slab[i];
	memset(f, 0, sizeof *f);
	f->key = k->key;
	f->in_use = true;
	f->kind = (uint8_t)kind_of(k->key.proto, k->has_ports);
	/* orig is the sender of the first packet, except that a first SYN-ACK
	 * comes from the responder (Zeek flips it and says so with '^') */
	bool flip = tcp && (tcp->flags & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK);
	f->orig_is_b = k->from_a == flip;
	f->first_from_b = !k->from_a;
	f->order = t->st.created;
	f->touch_ns = t->now_ns; /* track() sets it again; the list push reads it */
	if (flip && t->cfg.history)
		ps_flow_hist_add(f, 0, '^');
	if (f->kind == PS_FK_TCP)
		for (unsigned d = 0; d < 2; d++) {
			ps_tcp_stream_init(&f->re.rs[d], &t->budget, ps_ft_deliver, t);
			f->tcp.ws[d] = PS_FTCP_WS_UNKNOWN; /* ps_ft_recall may restore it */
		}
	/* a pure SYN opens a new conversation unless it repeats the remembered
	 * SYN of its side (tshark: new tcp.stream) */
	bool syn = tcp && (tcp->flags & (TH_SYN | TH_ACK)) == TH_SYN;
	ps_ft_recall(t, f, fresh, syn ? tcp : 0);
	if (t->cfg.community_id) /* else f->id stays "" (the memset) */
		set_id(f, k);
	f->hash32 = (uint32_t)h;
	f->hprev = NIL;
	f->hnext = t->buckets[h & t->bmask];
	if (f->hnext != NIL)
		t->slab[f->hnext].hprev = i;
	t->buckets[h & t->bmask] = i;
	ps_ft_list_push(t, i, initial_tclass(f->kind));
	t->st.created++;
	if (++t->st.active > t->st.peak)
		t->st.peak = t->st.active;
	return i;
}

static void count(struct ps_flow_dir *d, const struct ps_flow_pkt *k, int64_t ts,
		  uint32_t frame_len)
{
	d->frame_bytes += frame_len;
	if (k->l4_whole) {
		d->l4_pkts++;
		d->l4_bytes += frame_len;
	}
	if (!d->pkts++)
		d->first_ns = ts;
	d->last_ns = ts;
	d->ip_bytes += k->ip_bytes;
	d->payload += k->payload;
}

static int64_t packet_ns(const struct ps_packet *p)
{
	return p->ts_sec * NS + (p->ts_nano ? (int64_t)p->ts_frac : (int64_t)p->ts_frac * 1000);
}

static void advance_clock(struct ps_flow_table *t, int64_t ts)
{
	if (t->clock_set && ts <= t->now_ns) {
		t->jump_pending = false;
		return;
	}
	if (t->clock_set && ts - t->now_ns > 86400 * NS && !t->jump_pending) {
		t->jump_pending = true; /* believe it when the next packet agrees */
		return;
	}
	t->jump_pending = false;
	t->now_ns = ts;
	t->clock_set = true;
}

/* Track one conversation of the packet (k, its key built by ps_fk_fields):
 * n gets its note. */
static void track(struct ps_flow_table *t, struct ps_packet *p, struct ps_flow_pkt *k,
		  int64_t ts, struct ps_flow_note *n)
{
	/* TCP state needs the fixed header; a cut one still counts in its flow */
	const struct ps_layer *tl = k->tl >= 0 ? &p->layers[k->tl] : 0;
	const struct ps_tcp *tcp = tl && tl->proto == PS_P_TCP && tl->hdr_len >= 20 ? &tl->u.tcp : 0;
	uint64_t h = 0;
	bool hashed = false;
	uint32_t i = t->last;
	/* the last packet's flow (an in-use slot holding the same key is the
	 * one the lookup would find: keys are unique in the table) */
	if (i == NIL || !t->slab[i].in_use || !ps_fk_match(k, &t->slab[i].key)) {
		fk_order(k);
		h = ps_ft_key_hash(&k->key);
		hashed = true;
		i = ps_ft_lookup(t, &k->key, h);
	}
	bool fresh = false;
	if (i != NIL && tcp) {
		const struct ps_flow *f = &t->slab[i];
		unsigned dir = k->from_a == f->orig_is_b;
		if (ps_ftcp_reused(f, dir, tcp)) {
			ps_ft_end_flow(t, i, ps_ft_closed_reason(f, PS_END_REUSED));
			i = NIL;
			fresh = true;
		}
	}
	if (i == NIL)
		i = new_flow(t, k, hashed ? h : ps_ft_key_hash(&k->key), tcp, fresh);
	t->last = i;
	struct ps_flow *f = &t->slab[i];
	unsigned dir = k->from_a == f->orig_is_b;
	if (t->cfg.counters) /* only the flow records and -z read them */
		count(&f->d[dir], k, ts, p->len);
	n->l4_layer = (int8_t)k->tl;
	unsigned c = f->tclass;
	if (tcp) {
		ps_ftcp_update(f, dir, tcp, k->payload, t->cfg.text_rel, t->cfg.history, n);
		ftcp_wscale(&f->tcp, dir, tl, n);
		struct ps_tcp_seg seg;
		/* before this segment's own bytes, as tshark; only a stream
		 * holding bytes behind a hole has anything to give up */
		if ((tcp->flags & TH_ACK) && f->re.rs[!dir].head)
			ps_ft_reasm_acked(t, f, !dir, tcp->ack);
		if (ps_reasm_tcp_seg_at(p, (unsigned)k->tl, (uint64_t)ts, &seg)) {
			if (t->cfg.tcp_analysis)
				ps_ftcp_analyze(f, dir, p, k->tl, &seg);
			ps_ft_reasm_segment_in(t, f, dir, p, k->tl, &seg);
		}
		n->tcp_layer = (int8_t)k->tl;
		c = ps_ftcp_tclass(f);
	} else if (f->kind == PS_FK_UDP && tl) {
		ps_ft_udp_payload(t, f, dir, p, k->tl);
	}
	/* a packet ahead of a clock that has not moved yet (a jump waiting for
	 * confirmation) must not look stale when the jump is confirmed */
	f->touch_ns = ts > t->now_ns ? ts : t->now_ns;
	ps_ft_list_touch(t, i, c);
	n->id = f->id;
	n->stream = f->stream;
	n->dir = (uint8_t)dir;
}

void ps_flow_packet(struct ps_flow_table *t, struct ps_packet *p)
{
	struct ps_flow_note *n = &p->flow;
	*n = (struct ps_flow_note){.tcp_layer = -1, .l4_layer = -1};
	t->cur_frame = p->n;
	int64_t ts = packet_ns(p);
	advance_clock(t, ts);
	if (t->now_ns > t->expire_at) /* ps_ft_expire's own test, without the call */
		ps_ft_expire(t);
	/* every IP conversation of the packet, outermost first (a tunnel's
	 * carrier and its payload, numbered with one counter as tshark does);
	 * the packet's note is the innermost one's */
	struct ps_flow_pkt k;
	uint8_t ips[PS_MAX_LAYERS];
	uint16_t vlan;
	unsigned found = ps_fk_scan(p, ips, &vlan);
	struct ps_flow_note outer = {.tcp_layer = -1}; /* set at j > 0 */
	for (unsigned j = 0; j < found; j++) {
		ps_fk_fields(p, ips[j], vlan, &k);
		if (j) {
			outer = *n; /* keep the carrier's numbers for its own TCP */
			*n = (struct ps_flow_note){.tcp_layer = -1, .l4_layer = -1};
		}
		/* one call site: track is inlined into this per-packet loop */
		track(t, p, &k, ts, n);
		if (j && n->tcp_layer < 0 && outer.tcp_layer >= 0) { /* tcp object stays the outer one */
			n->tcp_layer = outer.tcp_layer;
			n->seq_rel = outer.seq_rel, n->ack_rel = outer.ack_rel;
			n->tcp_analysis = outer.tcp_analysis;
			n->txt_seq = outer.txt_seq, n->txt_ack = outer.txt_ack;
			n->txt_sack = outer.txt_sack;
		}
	}
	if (!found)
		t->st.no_flow += ps_packet_find(p, PS_P_IPV4) >= 0 || ps_packet_find(p, PS_P_IPV6) >= 0;
}

void ps_flow_peek(const struct ps_flow_table *t, struct ps_packet *p)
{
	struct ps_flow_note *n = &p->flow;
	struct ps_flow_pkt k;
	*n = (struct ps_flow_note){.tcp_layer = -1, .l4_layer = -1};
	if (!ps_flow_key_of(p, &k))
		return;
	uint32_t i = ps_ft_lookup(t, &k.key, ps_ft_key_hash(&k.key));
	if (i == NIL)
		return;
	const struct ps_flow *f = &t->slab[i];
	unsigned dir = k.from_a == f->orig_is_b;
	const struct ps_layer *tl = k.tl >= 0 ? &p->layers[k.tl] : 0;
	if (tl && tl->proto == PS_P_TCP && tl->hdr_len >= 20 && t->cfg.text_rel) {
		ps_flow_tcp_text_peek(f, dir, &tl->u.tcp, n);
		n->tcp_layer = (int8_t)k.tl;
	}
	n->id = f->id;
	n->stream = f->stream;
	n->dir = (uint8_t)dir;
}
