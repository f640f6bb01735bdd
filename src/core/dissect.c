/* SPDX-License-Identifier: BSD-2-Clause */
/* dissect.c - the dissect driver: runs the dissector chain over one frame.
 *
 * The driver pushes a layer, calls the dissector's decode, looks the next
 * protocol up in the registry and repeats, bounded by PS_MAX_LAYERS.  A
 * second network layer in one chain (IP-in-IP, 6in4) is nested under the
 * first as "inner", so the outermost occurrence keeps the top-level key; an
 * ICMP error's quoted header is nested as "quote" by the ICMP dissector.
 */
#include <stddef.h>
#include <string.h>

#include "ps_dissect.h"

#define PS_MAX_NEST 3 /* quote inside inner inside inner is already absurd */

/* Record an event on layer li (-1: the frame). */
static void add_event(struct ps_packet *p, unsigned code, int8_t li)
{
	bool top = li < 0 || p->layers[li].parent < 0;
	enum ps_event_kind kind = ps_event_kind(code);
	if (top && kind == PS_EVK_TRUNC)
		p->any_truncated = true;
	else if (top && kind != PS_EVK_ANALYSIS)
		p->any_malformed = true;
	if (p->nevents + 1 < PS_MAX_EVENTS) {
		p->events[p->nevents++] = (struct ps_event){(uint16_t)code, li};
	} else if (p->nevents + 1 == PS_MAX_EVENTS) {
		/* the last slot says that some were dropped */
		p->events[p->nevents++] = (struct ps_event){PS_EV_FRAME_EVENT_LIMIT, -1};
	}
}

void ps_packet_add_event(struct ps_packet *p, enum ps_event_code code, int layer)
{
	add_event(p, code, (int8_t)(layer >= 0 && layer < p->nlayers ? layer : -1));
}

void ps_packet_drop_events(struct ps_packet *p, int layer)
{
	unsigned was = p->nevents;
	p->any_truncated = p->any_malformed = false;
	p->nevents = 0;
	for (unsigned i = 0; i < was; i++) {
		struct ps_event ev = p->events[i];
		if (ev.layer == layer || ev.code == PS_EV_FRAME_EVENT_LIMIT)
			continue;
		add_event(p, ev.code, ev.layer);
	}
}

int ps_packet_append_after(struct ps_packet *p, unsigned li, enum ps_proto proto, uint32_t off,
			   uint32_t len)
{
	if (li + 1u != p->nlayers || p->nlayers >= PS_MAX_LAYERS)
		return -1;
	const struct ps_layer *t = &p->layers[li];
	struct ps_layer *l = &p->layers[p->nlayers];
	memset(l, 0, sizeof *l); /* rare: no need for zero_layer */
	l->proto = (uint8_t)proto;
	l->parent = t->parent;
	l->nest = t->nest;
	l->off = off;
	l->hdr_len = len;
	if (t->parent < 0 && p->payload_off == off) {
		p->payload_off = off + len;
		p->payload_len = p->payload_len > len ? p->payload_len - len : 0;
	}
	return p->nlayers++;
}

bool ps_packet_pop_layer(struct ps_packet *p, unsigned li)
{
	if (li + 1u != p->nlayers)
		return false;
	const struct ps_layer *l = &p->layers[li];
	ps_packet_drop_events(p, (int)li);
	if (l->parent < 0 && p->payload_off >= l->off) {
		p->payload_len += p->payload_off - l->off;
		p->payload_off = l->off;
	}
	p->nlayers--;
	return true;
}

void ps_dis_event(struct ps_dctx *d, enum ps_event_code code)
{
	if (ps_event_kind(code) == PS_EVK_TRUNC && d->cur >= 0)
		d->p->layers[d->cur].truncated = true;
	add_event(d->p, code, d->cur);
}

/* Zero a layer before decode, on every layer of every frame.  The union
 * is as large as its largest member, but most members end within the
 * layer's first ZERO_HEAD bytes: those are zeroed with constant-size
 * stores the compiler inlines (a constant memset of the whole layer
 * compiles to `rep stos`, whose start-up cost was 30% of a -q run, perf),
 * the rest only for the protocols whose member reaches past them (and for
 * a dispatcher's scratch layer, PS_P_NONE). */
#define ZERO_HEAD 64u
static const bool zero_tail[PS_P__COUNT] = {
	[PS_P_NONE] = true,
#define PS_PROTO(tag, member, ops)                                                               \
	[PS_P_##tag] = offsetof(struct ps_layer, u) + sizeof(struct ps_##member) > ZERO_HEAD,
#include "protocols.def"
};

static void zero_layer(struct ps_layer *l, unsigned proto)
{
	_Static_assert(sizeof *l >= ZERO_HEAD, "the head is part of the layer");
	memset(l, 0, ZERO_HEAD);
	if (zero_tail[proto])
		memset((char *)l + ZERO_HEAD, 0, sizeof *l - ZERO_HEAD);
}

void *ps_dis_side_alloc(struct ps_dctx *d, size_t n, uint16_t *at)
{
	void *room = ps_side_alloc(d->p, n, at);
	if (!room)
		add_event(d->p, PS_EV_FRAME_SIDE_LIMIT, d->cur);
	return room;
}

static bool is_net(const struct ps_dissector *dis)
{
	return (dis->flags & PS_DIS_NET) != 0;
}

static bool accepts(const struct ps_dissector *dis, const struct ps_dctx *d,
		    const struct ps_cursor *c)
{
	return dis && (!dis->probe || dis->probe(d, c));
}

/* Does the run decode dis (not an application protocol in skip)? */
static bool wanted(const struct ps_dissector *dis, uint64_t skip)
{
	return dis && !(skip >> dis->proto & 1u);
}

/* UDP/TCP payload: the lower port's row, the higher port's, then the
 * heuristics in declaration order.  Nothing is tried on an empty payload.
 * With dd (ps_dissect_for), a pick in dd->skip is no pick, and a row is
 * probed only while a row not in skip may still come: the rest of the
 * search could only end in skip or in nothing. */
static __attribute__((noinline)) const struct ps_dissector *
by_ports(const struct ps_dctx *d, const struct ps_cursor *c, const struct ps_dissect_depth *dd)
{
	if (!ps_cur_remaining(c))
		return 0;
	enum ps_table table = (enum ps_table)d->next_table;
	uint64_t skip = dd ? dd->skip : 0;
	bool heur = !dd || (table == PS_TAB_UDP_PORT ? dd->heur_udp : dd->heur_tcp);
	uint32_t a = d->next_key >> 16, b = d->next_key & 0xffffu;
	uint32_t lo = a < b ? a : b, hi = a < b ? b : a;
	const struct ps_dissector *lo_dis = ps_registry_lookup(table, lo);
	/* the higher port's row: at once with dd (is any row wanted?), else
	 * only when the lower one refuses (most frames stop there) */
	const struct ps_dissector *hi_dis = dd && hi != lo ? ps_registry_lookup(table, hi) : 0;
	if (!heur && !wanted(lo_dis, skip) && !wanted(hi_dis, skip))
		return 0;
	if (accepts(lo_dis, d, c))
		return wanted(lo_dis, skip) ? lo_dis : 0;
	if (!dd && hi != lo)
		hi_dis = ps_registry_lookup(table, hi);
	if (!heur && !wanted(hi_dis, skip))
		return 0;
	if (accepts(hi_dis, d, c))
		return wanted(hi_dis, skip) ? hi_dis : 0;
	if (!heur)
		return 0;
	/* A heuristic row's probe accepts no more than the port rows of the
	 * same decoder do (protocols.def): after such a row refused, it would
	 * refuse too (HTTP's body segments on port 8080 were probed twice). */
	ps_decode_fn no_a = lo_dis ? lo_dis->decode : 0, no_b = hi_dis ? hi_dis->decode : 0;
	enum ps_table ht = table == PS_TAB_UDP_PORT ? PS_TAB_UDP_HEUR : PS_TAB_TCP_HEUR;
	for (const struct ps_heuristic_row *h = ps_registry_heuristic_rows; h->dis; h++)
		if (h->table == ht && h->dis->decode != no_a && h->dis->decode != no_b &&
		    h->dis->probe(d, c))
			return wanted(h->dis, skip) ? h->dis : 0;
	return 0;
}

static bool port_table(unsigned table)
{
	return table == PS_TAB_UDP_PORT || table == PS_TAB_TCP_PORT;
}

/* The dissector of the bytes at c after a decode asked for d->next_table,
 * NULL when the chain ends there (dd: by_ports's).  Inline, the port
 * search out of line: most hand-offs are a table lookup, and a call
 * that saves the registers the search needs cost them more (callgrind). */
static inline __attribute__((always_inline)) const struct ps_dissector *
next_dissector(struct ps_dctx *d, const struct ps_cursor *c, const struct ps_dissect_depth *dd)
{
	const struct ps_dissector *dis =
		port_table(d->next_table)
			? by_ports(d, c, dd)
			: ps_registry_lookup((enum ps_table)d->next_table, d->next_key);
	d->claim_in = d->claim_out;
	if (dis && !ps_cur_remaining(c) && d->claim_in != 0) {
		/* bytes of the next header were due but the capture ended
		 * first: no empty layer object, only its truncation event.
		 * (A carrier claiming 0 bytes still runs the dissector, which
		 * reports that contradiction as its own malformed event.) */
		if (dis->ev_truncated)
			add_event(d->p, dis->ev_truncated, d->cur);
		return 0;
	}
	return dis;
}

/* Run a chain from `dis` on cursor c; returns with c at the undecoded rest.
 * dd (the top-level chain of ps_dissect_for, else NULL): a transport's
 * payload is searched with dd->skip, and where nothing was picked from
 * bytes left, dd keeps the state before the search (ps_dissect_finish
 * searches again without skip).  Not in a frame with a fragment. */
static void run_chain(struct ps_dctx *d, struct ps_cursor *c, const struct ps_dissector *dis,
		      bool seen_net, struct ps_dissect_depth *dd)
{
	struct ps_packet *p = d->p;
	struct ps_layer scratch;

	while (dis) {
		if (is_net(dis) && seen_net) {
			/* a tunnelled copy: nest the rest under the carrier */
			if (d->level + 1 >= PS_MAX_NEST) {
				ps_dis_event(d, PS_EV_FRAME_DEPTH_LIMIT);
				return;
			}
			d->parent = (int8_t)(p->nlayers - 1);
			d->nest = PS_NEST_INNER;
			d->level++;
			seen_net = false;
		}
		struct ps_layer *l = &scratch;
		if (dis->proto != PS_P_NONE) {
			if (p->nlayers >= PS_MAX_LAYERS) {
				ps_dis_event(d, PS_EV_FRAME_DEPTH_LIMIT);
				return;
			}
			l = &p->layers[p->nlayers];
			d->cur = (int8_t)p->nlayers++;
		}
		zero_layer(l, dis->proto);
		l->proto = dis->proto;
		l->parent = d->parent;
		l->nest = d->nest;
		l->off = c->pos;
		seen_net = seen_net || is_net(dis);

		d->next_table = PS_TAB_NONE;
		d->claim_out = PS_CLAIM_UNKNOWN;
		c->short_read = false;
		dis->decode(d, c, l);
		if (d->next_table == PS_TAB_NONE)
			return;
		if (dd && port_table(d->next_table) && !p->any_fragment) {
			dd->d = *d;
			dd->c = *c;
			dd->seen_net = seen_net;
			/* most payloads of a run that reads no application
			 * protocol: neither port has a row it decodes, and no
			 * heuristic may pick it (by_ports would look both up) */
			uint64_t ports = PS_PORT_BIT(d->next_key >> 16) | PS_PORT_BIT(d->next_key);
			dis = dd->search[d->next_table == PS_TAB_TCP_PORT] & ports
				      ? next_dissector(d, c, dd)
				      : 0;
			dd->pending = !dis && ps_cur_remaining(c);
		} else {
			dis = next_dissector(d, c, 0);
		}
	}
}

/* The record's start: everything the driver sets is reset. */
static void reset(struct ps_packet *p)
{
	p->nlayers = 0;
	p->nevents = 0;
	p->any_truncated = p->any_malformed = p->any_fragment = false;
	p->payload_off = p->payload_len = 0;
	p->side_used = 0;
	p->data_len = p->caplen;
	p->defrag.on = p->defrag.partial = false;
	p->frame_view = 0;
}

static void dissect(struct ps_packet *p, struct ps_dissect_depth *dd)
{
	reset(p);
	struct ps_cursor c;
	ps_cur_init(&c, p->data, p->caplen);
	struct ps_dctx d = {.p = p, .parent = -1, .cur = -1, .claim_in = p->len};

	if (p->caplen > p->len)
		ps_dis_event(&d, PS_EV_FRAME_CAPLEN_EXCEEDS_LEN);
	const struct ps_dissector *first =
		p->linktype >= 0 ? ps_registry_lookup(PS_TAB_LINKTYPE, (uint32_t)p->linktype) : 0;
	if (!first)
		ps_dis_event(&d, PS_EV_FRAME_UNKNOWN_LINKTYPE);
	else
		run_chain(&d, &c, first, false, dd);
	p->payload_off = c.pos;
	p->payload_len = ps_cur_remaining(&c);
}

void ps_dissect(struct ps_packet *p)
{
	dissect(p, 0);
}

void ps_dissect_depth_init(struct ps_dissect_depth *dd, uint64_t reads)
{
	memset(dd, 0, sizeof *dd);
	dd->skip = ps_registry_app_protos & ~reads;
	for (const struct ps_heuristic_row *h = ps_registry_heuristic_rows; h->dis; h++) {
		if (!wanted(h->dis, dd->skip))
			continue;
		if (h->table == PS_TAB_UDP_HEUR)
			dd->heur_udp = true;
		else
			dd->heur_tcp = true;
	}
	dd->search[0] = dd->heur_udp ? UINT64_MAX : ps_registry_port_bits(PS_TAB_UDP_PORT, dd->skip);
	dd->search[1] = dd->heur_tcp ? UINT64_MAX : ps_registry_port_bits(PS_TAB_TCP_PORT, dd->skip);
}

void ps_dissect_for(struct ps_packet *p, struct ps_dissect_depth *dd)
{
	dd->pending = false;
	dissect(p, dd->skip ? dd : 0);
}

void ps_dissect_finish(struct ps_packet *p, struct ps_dissect_depth *dd)
{
	if (!dd->pending)
		return;
	dd->pending = false;
	struct ps_dctx d = dd->d;
	struct ps_cursor c = dd->c;
	run_chain(&d, &c, next_dissector(&d, &c, 0), dd->seen_net, 0);
	p->payload_off = c.pos;
	p->payload_len = ps_cur_remaining(&c);
}

void ps_dissect_nested(struct ps_dctx *d, const struct ps_cursor *c, enum ps_table table,
		       uint32_t key, enum ps_nest nest)
{
	const struct ps_dissector *dis = ps_registry_lookup(table, key);
	if (!dis || d->cur < 0)
		return;
	if (d->level + 1 >= PS_MAX_NEST) {
		ps_dis_event(d, PS_EV_FRAME_DEPTH_LIMIT);
		return;
	}
	struct ps_dctx sub = *d;
	sub.parent = d->cur;
	sub.nest = (uint8_t)nest;
	sub.level = (uint8_t)(d->level + 1);
	sub.claim_in = ps_cur_remaining(c);
	struct ps_cursor sc = *c;
	sc.short_read = false;
	run_chain(&sub, &sc, dis, false, 0);
	/* the caller's decode goes on with its own layer */
}

void ps_dissect_upper(struct ps_packet *p, unsigned ipl, uint8_t proto, uint32_t off,
		      uint32_t len, uint32_t dgram_len)
{
	if (ipl >= p->nlayers)
		return;
	p->defrag = (struct ps_defrag_note){.on = true, .ip = (uint8_t)ipl, .len = dgram_len};
	ps_packet_cut_after(p, ipl);
	const struct ps_layer *ip = &p->layers[ipl];
	uint8_t level = 0;
	for (int j = ip->parent; j >= 0; j = p->layers[j].parent)
		level++;
	/* as if the IP dissector had gone on: same nesting, the IP layer seen
	 * (a tunnelled IP header in the datagram nests under it) */
	struct ps_dctx d = {.p = p, .parent = ip->parent, .nest = ip->nest, .level = level,
			    .cur = (int8_t)ipl, .claim_in = len};
	struct ps_cursor c;
	ps_cur_init(&c, p->data, off + len);
	c.pos = off;
	const struct ps_dissector *dis = ps_registry_lookup(PS_TAB_IPPROTO, proto);
	if (dis && len)
		run_chain(&d, &c, dis, true, 0);
	p->payload_off = c.pos;
	p->payload_len = ps_cur_remaining(&c);
}
