/* SPDX-License-Identifier: BSD-2-Clause */
/* flow_table.c - the bounded conversation table: hash, slab, timeout lists,
 * eviction at the memory cap, stream numbering.
 *
 * Memory is fixed at creation from --flow-mem: a slab of flow slots (only
 * the pages of slots actually used are ever touched), a bucket array of
 * slot indices and a small stream-memory cache.  Each timeout class keeps
 * its flows on a list in last-packet order, so expiry looks at list tails
 * only and eviction at the cap ends the least recently used tail.  The
 * table's clock is the newest packet time seen, so a time stamp that goes
 * backwards never expires anything early; a lone time stamp more than a day
 * ahead (a corrupt record) does not move it either, two in a row do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dis_tcp.h"
#include "flow_app.h"
#include "ps_flow.h"
#include "reasm_record.h"

#define NIL UINT32_MAX
#define NS 1000000000LL

/* What survives a flow's end, oriented by key endpoint (0 = a, 1 = b). */
struct memo {
	uint64_t hash; /* key hash | 1; 0 = empty */
	uint64_t stream;
	uint32_t base[2], td_base[2];
	bool base_set[2], td_valid;
	/* tshark's sequence analysis goes on across the gap too */
	struct ps_tcp_anl anl[2];
	uint64_t syn_ns, rtt_ns;
	bool synack;
};

struct ps_flow_table {
	struct ps_flow_cfg cfg;
	ps_flow_end_fn on_end;
	void *ctx;
	struct ps_flow *slab;
	uint32_t max, hwm, free_head;
	uint32_t *buckets, bmask;
	uint32_t head[PS_FT__COUNT], tail[PS_FT__COUNT];
	/* tshark and tcpdump remember a tuple forever; we remember recently
	 * ended ones in a direct-mapped cache, so a conversation that comes
	 * back after an idle timeout or eviction keeps its stream number and
	 * relative-number bases (bounded: the cache overwrites). */
	struct memo *memo;
	uint32_t cmask;
	int64_t now_ns;
	bool clock_set, jump_pending;
	uint64_t next_stream[PS_FK__COUNT];
	struct ps_flow_stats st;
	/* TCP reassembly: one budget for every stream; the consumer gets the
	 * bytes of the stream being fed (cur_*: deliveries are synchronous) */
	struct ps_tcp_budget budget;
	ps_flow_bytes_fn consumer;
	void *cctx;
	struct ps_flow_app app; /* application decoders over the same bytes */
	struct ps_flow *cur_f;
	unsigned cur_dir;
	uint64_t cur_frame;
};

static const char *const end_names[PS_END__COUNT] = {"fin", "rst", "timeout", "evicted",
						      "eof", "reused"};

const char *ps_flow_end_name(enum ps_flow_end e)
{
	return (unsigned)e < PS_END__COUNT ? end_names[e] : "?";
}

static uint64_t key_hash(const struct ps_flow_key *k)
{
	uint64_t w[sizeof *k / 8], h = 0x243f6a8885a308d3ULL;
	memcpy(w, k, sizeof w);
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
		h ^= w[i] * 0x87c37b91114253d5ULL;
		h = (h << 31 | h >> 33) * 0x4cf5ad432745937fULL;
	}
	/* murmur3's finalizer: every input bit reaches the low (bucket) bits */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 33);
}

/* ---- timeout-class lists: head = most recent, tail = least recent ---- */
static void list_unlink(struct ps_flow_table *t, uint32_t i)
{
	struct ps_flow *f = &t->slab[i];
	if (f->prev != NIL)
		t->slab[f->prev].next = f->next;
	else
		t->head[f->tclass] = f->next;
	if (f->next != NIL)
		t->slab[f->next].prev = f->prev;
	else
		t->tail[f->tclass] = f->prev;
}

static void list_push(struct ps_flow_table *t, uint32_t i, unsigned c)
{
	struct ps_flow *f = &t->slab[i];
	f->tclass = (uint8_t)c;
	f->prev = NIL;
	f->next = t->head[c];
	if (f->next != NIL)
		t->slab[f->next].prev = i;
	else
		t->tail[c] = i;
	t->head[c] = i;
}

/* ---- hash ---- */
static uint32_t lookup(const struct ps_flow_table *t, const struct ps_flow_key *k, uint64_t h)
{
	for (uint32_t i = t->buckets[h & t->bmask]; i != NIL; i = t->slab[i].hnext)
		if (t->slab[i].hash32 == (uint32_t)h && !memcmp(&t->slab[i].key, k, sizeof *k))
			return i;
	return NIL;
}

static void unhash(struct ps_flow_table *t, uint32_t i)
{
	const struct ps_flow *f = &t->slab[i];
	if (f->hprev == NIL)
		t->buckets[f->hash32 & t->bmask] = f->hnext;
	else
		t->slab[f->hprev].hnext = f->hnext;
	if (f->hnext != NIL)
		t->slab[f->hnext].hprev = f->hprev;
}

static void remember(struct ps_flow_table *t, const struct ps_flow *f)
{
	uint64_t h = key_hash(&f->key);
	struct memo *m = &t->memo[h & t->cmask];
	m->hash = h | 1;
	m->stream = f->stream;
	for (unsigned side = 0; side < 2; side++) {
		unsigned dir = side == f->orig_is_b ? 0 : 1; /* key side -> flow direction */
		m->base[side] = f->tcp.base[dir];
		m->base_set[side] = f->tcp.base_set[dir];
		m->td_base[side] = f->tcp.td_base[dir];
		m->anl[side] = f->tcp.anl[dir];
	}
	m->td_valid = f->tcp.td_valid;
	m->syn_ns = f->tcp.syn_ns;
	m->rtt_ns = f->tcp.rtt_ns;
	m->synack = f->tcp.synack;
}

/* A tuple seen before: its stream number (unless a new connection starts
 * now: `fresh`, or a pure SYN whose seq is not the remembered base of its
 * side, tshark's rule) and, for TCP, the relative-number bases and the
 * sequence analysis tshark and tcpdump would still be using. */
static void recall(struct ps_flow_table *t, struct ps_flow *f, uint64_t h, bool fresh,
		   const struct ps_tcp *syn)
{
	struct memo *m = &t->memo[h & t->cmask];
	bool hit = m->hash == (h | 1);
	if (hit && syn) {
		unsigned side = f->orig_is_b; /* the SYN's sender is orig */
		fresh = fresh || !m->base_set[side] || m->base[side] != syn->seq;
	}
	if (!hit || fresh) {
		f->stream = t->next_stream[f->kind]++;
	} else {
		f->stream = m->stream;
		for (unsigned side = 0; side < 2; side++) {
			unsigned dir = side == f->orig_is_b ? 0 : 1;
			f->tcp.base[dir] = m->base[side];
			f->tcp.base_set[dir] = m->base_set[side];
			f->tcp.anl[dir] = m->anl[side];
		}
		f->tcp.syn_ns = m->syn_ns;
		f->tcp.rtt_ns = m->rtt_ns;
		f->tcp.synack = m->synack;
	}
	if (hit && f->kind == PS_FK_TCP) { /* tcpdump never forgets a tuple */
		for (unsigned side = 0; side < 2; side++)
			f->tcp.td_base[side == f->orig_is_b ? 0 : 1] = m->td_base[side];
		f->tcp.td_valid = m->td_valid;
	}
	m->hash = 0;
}

/* ---- TCP reassembly ---- */
static void deliver(void *user, const uint8_t *data, uint32_t len)
{
	struct ps_flow_table *t = user;
	ps_flow_app_tcp_bytes(&t->app, t->cur_f, t->cur_dir, data, len);
	if (t->consumer)
		t->consumer(t->cctx, t->cur_f, t->cur_dir, t->cur_frame, data, len);
}

static uint32_t reasm_call(struct ps_flow_table *t, struct ps_flow *f, unsigned dir,
			   const struct ps_tcp_seg *seg)
{
	t->cur_f = f;
	t->cur_dir = dir;
	return seg ? ps_tcp_stream_add(&f->re.rs[dir], seg) : ps_tcp_stream_flush(&f->re.rs[dir]);
}

/* The segment's bytes into its direction's stream; the engine's events on p. */
static void reasm_segment(struct ps_flow_table *t, struct ps_flow *f, unsigned dir,
			  struct ps_packet *p, int tl, const struct ps_tcp_seg *seg)
{
	enum ps_event_code ev[4];
	ps_flow_app_tcp_packet(&t->app, p, tl);
	if (t->consumer) /* every packet: the consumer learns the endpoints */
		t->consumer(t->cctx, f, dir, t->cur_frame, p->data, 0);
	unsigned k = ps_tcp_reasm_events(reasm_call(t, f, dir, seg), ev, 4);
	for (unsigned i = 0; i < k; i++)
		ps_packet_add_event(p, ev[i], tl);
}

/* A UDP datagram's payload to the consumer. */
static void udp_payload(struct ps_flow_table *t, struct ps_flow *f, unsigned dir,
			struct ps_packet *p, int tl)
{
	const struct ps_layer *l = &p->layers[tl];
	ps_flow_app_udp(&t->app, f, dir, p, tl);
	if (!t->consumer || l->proto != PS_P_UDP || l->hdr_len < 8 || l->u.udp.len < 8)
		return;
	uint32_t at = l->off + 8, len = l->u.udp.len - 8u;
	if (at > p->caplen)
		return;
	if (len > p->caplen - at)
		len = p->caplen - at;
	t->consumer(t->cctx, f, dir, t->cur_frame, p->data + at, len);
}

void ps_flow_set_consumer(struct ps_flow_table *t, ps_flow_bytes_fn fn, void *ctx)
{
	t->consumer = fn;
	t->cctx = ctx;
}

const struct ps_tls_sbudget *ps_flow_app_budget(const struct ps_flow_table *t)
{
	return &t->app.tls;
}

const struct ps_tcp_budget *ps_flow_reasm_budget(const struct ps_flow_table *t)
{
	return &t->budget;
}

static void end_flow(struct ps_flow_table *t, uint32_t i, enum ps_flow_end why)
{
	struct ps_flow *f = &t->slab[i];
	/* first: what the flush below delivers completes in no frame */
	ps_flow_app_end(&t->app, f);
	if (f->kind == PS_FK_TCP) /* what waited behind a hole is delivered now */
		for (unsigned d = 0; d < 2; d++) {
			reasm_call(t, f, d, 0);
			ps_tcp_stream_free(&f->re.rs[d]);
		}
	if (t->on_end)
		t->on_end(t->ctx, f, why);
	remember(t, f);
	unhash(t, i);
	list_unlink(t, i);
	f->in_use = false;
	f->hnext = t->free_head;
	t->free_head = i;
	t->st.ended[why]++;
	t->st.active--;
}

/* A closed TCP flow ends as fin or rst, whatever ends it. */
static enum ps_flow_end closed_reason(const struct ps_flow *f, enum ps_flow_end other)
{
	if (f->tclass != PS_FT_TCP_CLOSED)
		return other;
	return strchr(f->hist, 'R') || strchr(f->hist, 'r') ? PS_END_RST : PS_END_FIN;
}

static void expire(struct ps_flow_table *t)
{
	for (unsigned c = 0; c < PS_FT__COUNT; c++) {
		int64_t limit = (int64_t)t->cfg.timeout[c] * NS;
		while (t->tail[c] != NIL && t->now_ns - t->slab[t->tail[c]].touch_ns > limit) {
			uint32_t i = t->tail[c];
			end_flow(t, i, closed_reason(&t->slab[i], PS_END_TIMEOUT));
		}
	}
}

static void evict_lru(struct ps_flow_table *t)
{
	uint32_t victim = NIL;
	for (unsigned c = 0; c < PS_FT__COUNT; c++) {
		uint32_t i = t->tail[c];
		if (i != NIL && (victim == NIL || t->slab[i].touch_ns < t->slab[victim].touch_ns))
			victim = i;
	}
	if (victim != NIL)
		end_flow(t, victim, closed_reason(&t->slab[victim], PS_END_EVICTED));
}

static uint32_t alloc_slot(struct ps_flow_table *t)
{
	if (t->free_head == NIL && t->hwm == t->max)
		evict_lru(t);
	if (t->free_head != NIL) {
		uint32_t i = t->free_head;
		t->free_head = t->slab[i].hnext;
		return i;
	}
	return t->hwm++;
}

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
		ps_community_id(k->src, k->dst, key->v6, key->proto, k->sport, k->dport, true, f->id);
	else
		ps_community_id(key->a, key->b, key->v6, key->proto, key->pa, key->pb,
				k->has_ports, f->id);
}

static uint32_t new_flow(struct ps_flow_table *t, const struct ps_flow_pkt *k, uint64_t h,
			 const struct ps_tcp *tcp, bool fresh)
{
	uint32_t i = alloc_slot(t);
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
	if (flip)
		ps_flow_hist_add(f, 0, '^');
	if (f->kind == PS_FK_TCP)
		for (unsigned d = 0; d < 2; d++)
			ps_tcp_stream_init(&f->re.rs[d], &t->budget, deliver, t);
	/* a pure SYN opens a new conversation unless it repeats the remembered
	 * SYN of its side (tshark: new tcp.stream) */
	bool syn = tcp && (tcp->flags & (TH_SYN | TH_ACK)) == TH_SYN;
	recall(t, f, h, fresh, syn ? tcp : 0);
	set_id(f, k);
	f->hash32 = (uint32_t)h;
	f->hprev = NIL;
	f->hnext = t->buckets[h & t->bmask];
	if (f->hnext != NIL)
		t->slab[f->hnext].hprev = i;
	t->buckets[h & t->bmask] = i;
	list_push(t, i, initial_tclass(f->kind));
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

/* Track one conversation of the packet (k); n gets its note. */
static void track(struct ps_flow_table *t, struct ps_packet *p, const struct ps_flow_pkt *k,
		  int64_t ts, struct ps_flow_note *n)
{
	/* TCP state needs the fixed header; a cut one still counts in its flow */
	const struct ps_layer *tl = k->tl >= 0 ? &p->layers[k->tl] : 0;
	const struct ps_tcp *tcp = tl && tl->proto == PS_P_TCP && tl->hdr_len >= 20 ? &tl->u.tcp : 0;
	uint64_t h = key_hash(&k->key);
	uint32_t i = lookup(t, &k->key, h);
	bool fresh = false;
	if (i != NIL && tcp) {
		const struct ps_flow *f = &t->slab[i];
		unsigned dir = k->from_a == f->orig_is_b;
		if (ps_flow_tcp_reused(f, dir, tcp)) {
			end_flow(t, i, closed_reason(f, PS_END_REUSED));
			i = NIL;
			fresh = true;
		}
	}
	if (i == NIL)
		i = new_flow(t, k, h, tcp, fresh);
	struct ps_flow *f = &t->slab[i];
	unsigned dir = k->from_a == f->orig_is_b;
	count(&f->d[dir], k, ts, p->len);
	n->l4_layer = (int8_t)k->tl;
	unsigned c = f->tclass;
	if (tcp) {
		ps_flow_tcp_update(f, dir, tcp, k->payload, t->cfg.text_rel, n);
		struct ps_tcp_seg seg;
		if (ps_reasm_tcp_seg_from_record(p, (unsigned)k->tl, &seg)) {
			ps_flow_tcp_analyze(f, dir, p, k->tl, &seg);
			reasm_segment(t, f, dir, p, k->tl, &seg);
		}
		n->tcp_layer = (int8_t)k->tl;
		c = ps_flow_tcp_tclass(f);
	} else if (f->kind == PS_FK_UDP && tl) {
		udp_payload(t, f, dir, p, k->tl);
	}
	/* a packet ahead of a clock that has not moved yet (a jump waiting for
	 * confirmation) must not look stale when the jump is confirmed */
	f->touch_ns = ts > t->now_ns ? ts : t->now_ns;
	list_unlink(t, i);
	list_push(t, i, c);
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
	expire(t);
	/* every IP conversation of the packet, outermost first (a tunnel's
	 * carrier and its payload, numbered with one counter as tshark does);
	 * the packet's note is the innermost one's */
	struct ps_flow_pkt k;
	int found = 0;
	for (int at = 0; (at = ps_flow_next_ip(p, at)) >= 0; at++) {
		if (!ps_flow_key_at(p, at, &k))
			continue;
		if (found++) {
			struct ps_flow_note outer = *n; /* keep the carrier's numbers for its own TCP */
			*n = (struct ps_flow_note){.tcp_layer = -1, .l4_layer = -1};
			track(t, p, &k, ts, n);
			if (n->tcp_layer < 0 && outer.tcp_layer >= 0) { /* tcp object stays the outer one */
				n->tcp_layer = outer.tcp_layer;
				n->seq_rel = outer.seq_rel, n->ack_rel = outer.ack_rel;
				n->tcp_analysis = outer.tcp_analysis;
				n->txt_seq = outer.txt_seq, n->txt_ack = outer.txt_ack;
				n->txt_sack = outer.txt_sack;
			}
		} else {
			track(t, p, &k, ts, n);
		}
	}
	if (!found)
		t->st.no_flow += ps_packet_find(p, PS_P_IPV4) >= 0 || ps_packet_find(p, PS_P_IPV6) >= 0;
}

void ps_flow_flush(struct ps_flow_table *t)
{
	for (unsigned c = 0; c < PS_FT__COUNT; c++)
		while (t->tail[c] != NIL) {
			uint32_t i = t->tail[c];
			end_flow(t, i, closed_reason(&t->slab[i], PS_END_EOF));
		}
}

void ps_flow_endpoints(const struct ps_flow *f, const uint8_t **src, uint16_t *sport,
		       const uint8_t **dst, uint16_t *dport)
{
	bool b = f->orig_is_b;
	*src = b ? f->key.b : f->key.a;
	*dst = b ? f->key.a : f->key.b;
	*sport = b ? f->key.pb : f->key.pa;
	*dport = b ? f->key.pa : f->key.pb;
}

const struct ps_flow_stats *ps_flow_stats(const struct ps_flow_table *t)
{
	return &t->st;
}

static uint32_t pow2_at_least(uint64_t n)
{
	uint32_t v = 1;
	while (v < n && v < (1u << 31))
		v <<= 1;
	return v;
}

uint64_t ps_flow_mem_per_flow(void)
{
	/* per flow: its slot, up to four bucket words (load factor at most 1/2
	 * keeps chains short: each link is a cache miss), and up to four
	 * sixteenths of a cache entry (one entry per 16 buckets) */
	return sizeof(struct ps_flow) + 4 * sizeof(uint32_t) + sizeof(struct memo) / 4;
}

struct ps_flow_table *ps_flow_table_new(const struct ps_flow_cfg *cfg, ps_flow_end_fn on_end,
					void *ctx, char *err, unsigned errlen)
{
	uint64_t per = ps_flow_mem_per_flow();
	uint64_t max = cfg->mem_bytes / per;
	if (max < 16) {
		snprintf(err, errlen, "flow memory cap too small (at least %llu bytes)",
			 (unsigned long long)(16 * per));
		return 0;
	}
	if (max > NIL - 1)
		max = NIL - 1;
	struct ps_flow_table *t = calloc(1, sizeof *t);
	if (!t)
		goto oom;
	t->cfg = *cfg;
	t->on_end = on_end;
	t->ctx = ctx;
	t->max = (uint32_t)max;
	t->st.max_flows = max;
	uint32_t nb = pow2_at_least(2 * max);
	t->bmask = nb - 1;
	t->cmask = nb / 16 ? nb / 16 - 1 : 0;
	/* calloc: pages of the slab are touched only as slots come into use */
	t->slab = calloc(max, sizeof *t->slab);
	t->buckets = malloc((size_t)nb * sizeof *t->buckets);
	t->memo = calloc((size_t)t->cmask + 1, sizeof *t->memo);
	if (!t->slab || !t->buckets || !t->memo)
		goto oom;
	memset(t->buckets, 0xff, (size_t)nb * sizeof *t->buckets);
	for (unsigned c = 0; c < PS_FT__COUNT; c++)
		t->head[c] = t->tail[c] = NIL;
	t->free_head = NIL;
	ps_tcp_budget_init(&t->budget, cfg->reasm_mem);
	ps_flow_app_init(&t->app, 0);
	return t;
oom:
	ps_flow_table_free(t);
	snprintf(err, errlen, "out of memory for the flow table");
	return 0;
}

void ps_flow_table_free(struct ps_flow_table *t)
{
	if (!t)
		return;
	for (uint32_t i = 0; t->slab && i < t->hwm; i++) /* buffered segments */
		if (t->slab[i].in_use && t->slab[i].kind == PS_FK_TCP)
			for (unsigned d = 0; d < 2; d++) {
				ps_tcp_stream_free(&t->slab[i].re.rs[d]);
				ps_tls_stream_free(&t->slab[i].app.u.tls[d], &t->app.tls);
			}
	free(t->slab);
	free(t->buckets);
	free(t->memo);
	free(t);
}
