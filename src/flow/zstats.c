/* SPDX-License-Identifier: BSD-2-Clause */
/* zstats.c - summing conversations into tshark's -z conv / endpoints rows
 * (printing: src/render/render_zstats.c).
 *
 * Keys: a TCP/UDP conversation is tshark's stream index plus its unordered
 * address/port pair (a conversation split by an idle timeout keeps its
 * stream number, so it sums back into one row); an IP or Ethernet
 * conversation is the unordered address pair; an endpoint is an address
 * (and port).  A is the source of the first frame of the conversation.
 */
#include <stdlib.h>
#include <string.h>

#include "ps_zstats.h"

static const char *const znames[PS_Z__COUNT] = {
	"conv,tcp", "conv,udp", "conv,ip", "conv,ipv6", "conv,eth",
	"endpoints,ip", "endpoints,tcp", "endpoints,udp",
};

int ps_zstats_init(struct ps_zstats *z, const char *const *names, unsigned n)
{
	memset(z, 0, sizeof *z);
	for (unsigned i = 0; i < n && i < 8; i++) {
		unsigned k = 0;
		while (k < PS_Z__COUNT && strcmp(names[i], znames[k]))
			k++;
		if (k == PS_Z__COUNT)
			return -1;
		z->order[z->n++] = (enum ps_ztable)k;
		z->want[k] = true;
	}
	return 0;
}

void ps_zstats_free(struct ps_zstats *z)
{
	for (unsigned k = 0; k < PS_Z__COUNT; k++) {
		free(z->t[k].rows);
		free(z->t[k].idx);
	}
	memset(z, 0, sizeof *z);
}

/* Hash of a row's identity: the unordered endpoint pair plus `extra`. */
static uint64_t row_hash(const struct ps_zrow *r, uint64_t extra)
{
	uint64_t h1 = 0x9e3779b97f4a7c15ULL, h2 = h1;
	for (unsigned i = 0; i < r->alen; i++) {
		h1 = (h1 ^ r->a[i]) * 0x100000001b3ULL;
		h2 = (h2 ^ r->b[i]) * 0x100000001b3ULL;
	}
	h1 = (h1 ^ r->pa) * 0x100000001b3ULL;
	h2 = (h2 ^ r->pb) * 0x100000001b3ULL;
	uint64_t h = (h1 + h2) ^ (extra * 0xff51afd7ed558ccdULL); /* + : order-free */
	return h ^ (h >> 31);
}

static bool same_end(const uint8_t *x, uint16_t px, const uint8_t *y, uint16_t py, unsigned n)
{
	return px == py && !memcmp(x, y, n);
}

static bool row_eq(const struct ps_zrow *r, const struct ps_zrow *k)
{
	if (r->alen != k->alen || r->has_b != k->has_b || r->extra != k->extra)
		return false;
	if (same_end(r->a, r->pa, k->a, k->pa, r->alen))
		return !r->has_b || same_end(r->b, r->pb, k->b, k->pb, r->alen);
	return r->has_b && same_end(r->a, r->pa, k->b, k->pb, r->alen) &&
	       same_end(r->b, r->pb, k->a, k->pa, r->alen);
}

static int grow(struct ps_ztab *t)
{
	uint32_t cap = t->cap ? t->cap * 2 : 64;
	struct ps_zrow *rows = realloc(t->rows, (size_t)cap * sizeof *rows);
	uint32_t *idx = calloc((size_t)cap * 2, sizeof *idx);
	if (!rows || !idx) {
		free(idx);
		if (rows)
			t->rows = rows;
		return -1;
	}
	t->rows = rows;
	t->cap = cap;
	free(t->idx);
	t->idx = idx;
	t->imask = cap * 2 - 1;
	return 0;
}

/* The row for key k, created when new; NULL when the table is full.
 * `*fresh` tells the caller to fill it. */
static struct ps_zrow *find(struct ps_ztab *t, const struct ps_zrow *k, bool *fresh)
{
	*fresh = false;
	uint64_t h = row_hash(k, k->extra);
	if (t->idx) {
		for (uint32_t i = (uint32_t)h & t->imask; t->idx[i]; i = (i + 1) & t->imask) {
			struct ps_zrow *r = &t->rows[t->idx[i] - 1];
			if (row_eq(r, k))
				return r;
		}
	}
	if (t->n == t->cap) {
		if (t->n >= PS_ZSTATS_MAX_ROWS || grow(t)) {
			t->dropped++;
			return 0;
		}
		for (uint32_t j = 0; j < t->n; j++) { /* rehash */
			uint64_t hj = row_hash(&t->rows[j], t->rows[j].extra);
			uint32_t i = (uint32_t)hj & t->imask;
			while (t->idx[i])
				i = (i + 1) & t->imask;
			t->idx[i] = j + 1;
		}
	}
	uint32_t i = (uint32_t)h & t->imask;
	while (t->idx[i])
		i = (i + 1) & t->imask;
	t->idx[i] = t->n + 1;
	*fresh = true;
	return &t->rows[t->n++];
}

/* Add a conversation A<->B (A = first sender) with its counts; an earlier
 * first-seen order also takes over A. */
static void add(struct ps_ztab *t, const struct ps_zrow *k)
{
	bool fresh;
	struct ps_zrow *r = find(t, k, &fresh);
	if (!r)
		return;
	if (fresh) {
		*r = *k;
		return;
	}
	bool swap = r->has_b && !same_end(r->a, r->pa, k->a, k->pa, r->alen);
	r->txf += swap ? k->rxf : k->txf;
	r->txb += swap ? k->rxb : k->txb;
	r->rxf += swap ? k->txf : k->rxf;
	r->rxb += swap ? k->txb : k->rxb;
	if (k->first_ns < r->first_ns)
		r->first_ns = k->first_ns;
	if (k->last_ns > r->last_ns)
		r->last_ns = k->last_ns;
	if (k->order < r->order) {
		r->order = k->order;
		if (swap) { /* the earlier conversation names A */
			struct ps_zrow tmp = *r;
			memcpy(r->a, tmp.b, sizeof r->a);
			memcpy(r->b, tmp.a, sizeof r->b);
			r->pa = tmp.pb;
			r->pb = tmp.pa;
			r->txf = tmp.rxf, r->txb = tmp.rxb, r->rxf = tmp.txf, r->rxb = tmp.txb;
		}
	}
}

/* The flow as a row: A = its first sender. */
static void flow_row(const struct ps_flow *f, struct ps_zrow *r, bool ports)
{
	memset(r, 0, sizeof *r);
	bool b = f->first_from_b;
	r->alen = f->key.v6 ? 16 : 4;
	memcpy(r->a, b ? f->key.b : f->key.a, r->alen);
	memcpy(r->b, b ? f->key.a : f->key.b, r->alen);
	if (ports) {
		r->pa = b ? f->key.pb : f->key.pa;
		r->pb = b ? f->key.pa : f->key.pb;
	}
	r->has_b = true;
	/* d[] is by orig/resp: map to A->B / B->A */
	unsigned a_dir = b == f->orig_is_b ? 0 : 1;
	const struct ps_flow_dir *ab = &f->d[a_dir], *ba = &f->d[!a_dir];
	r->txf = ports ? ab->l4_pkts : ab->pkts;
	r->txb = ports ? ab->l4_bytes : ab->frame_bytes;
	r->rxf = ports ? ba->l4_pkts : ba->pkts;
	r->rxb = ports ? ba->l4_bytes : ba->frame_bytes;
	r->order = f->order * 2;
	int64_t f0 = f->d[0].first_ns, f1 = f->d[1].first_ns, l0 = f->d[0].last_ns,
		l1 = f->d[1].last_ns;
	r->first_ns = !f->d[1].pkts || (f->d[0].pkts && f0 <= f1) ? f0 : f1;
	r->last_ns = !f->d[1].pkts || (f->d[0].pkts && l0 >= l1) ? l0 : l1;
}

/* One endpoint of a flow row: side 0 = A, 1 = B. */
static void endpoint(struct ps_ztab *t, const struct ps_zrow *c, unsigned side, bool ports)
{
	struct ps_zrow e = *c;
	e.has_b = false;
	memset(e.b, 0, sizeof e.b);
	e.pb = 0;
	if (side) {
		memcpy(e.a, c->b, sizeof e.a);
		e.pa = c->pb;
		e.txf = c->rxf, e.txb = c->rxb, e.rxf = c->txf, e.rxb = c->txb;
		e.order = c->order + 1;
	}
	if (!ports)
		e.pa = 0;
	add(t, &e);
}

void ps_zstats_flow(struct ps_zstats *z, const struct ps_flow *f)
{
	struct ps_zrow r;
	bool tcp = f->kind == PS_FK_TCP, udp = f->kind == PS_FK_UDP;
	if ((tcp && (z->want[PS_Z_CONV_TCP] || z->want[PS_Z_END_TCP])) ||
	    (udp && (z->want[PS_Z_CONV_UDP] || z->want[PS_Z_END_UDP]))) {
		flow_row(f, &r, true);
		if (z->want[tcp ? PS_Z_CONV_TCP : PS_Z_CONV_UDP]) {
			struct ps_zrow c = r;
			c.extra = f->stream + 1;
			add(&z->t[tcp ? PS_Z_CONV_TCP : PS_Z_CONV_UDP], &c);
		}
		enum ps_ztable e = tcp ? PS_Z_END_TCP : PS_Z_END_UDP;
		if (z->want[e]) {
			endpoint(&z->t[e], &r, 0, true);
			endpoint(&z->t[e], &r, 1, true);
		}
	}
	flow_row(f, &r, false);
	enum ps_ztable c = f->key.v6 ? PS_Z_CONV_IPV6 : PS_Z_CONV_IP;
	if (z->want[c]) {
		struct ps_zrow cr = r;
		if (!memcmp(cr.a, cr.b, cr.alen)) { /* A talking to itself: every frame is A->B */
			cr.txf += cr.rxf, cr.txb += cr.rxb;
			cr.rxf = cr.rxb = 0;
		}
		add(&z->t[c], &cr);
	}
	if (!f->key.v6 && z->want[PS_Z_END_IP]) {
		endpoint(&z->t[PS_Z_END_IP], &r, 0, false);
		endpoint(&z->t[PS_Z_END_IP], &r, 1, false);
	}
}

void ps_zstats_packet(struct ps_zstats *z, const struct ps_packet *p)
{
	if (!z->want[PS_Z_CONV_ETH])
		return;
	int li = ps_packet_find(p, PS_P_ETH);
	if (li < 0)
		return;
	const struct ps_eth *e = &p->layers[li].u.eth;
	int64_t ts = p->ts_sec * 1000000000LL +
		     (p->ts_nano ? (int64_t)p->ts_frac : (int64_t)p->ts_frac * 1000);
	struct ps_zrow r;
	memset(&r, 0, sizeof r);
	r.alen = 6;
	r.has_b = true;
	memcpy(r.a, e->src, 6);
	memcpy(r.b, e->dst, 6);
	r.txf = 1;
	r.txb = p->len;
	r.first_ns = r.last_ns = ts;
	r.order = z->eth_seq++;
	add(&z->t[PS_Z_CONV_ETH], &r);
}

void ps_zstats_merge(struct ps_zstats *into, const struct ps_zstats *from)
{
	for (unsigned k = 0; k < PS_Z__COUNT; k++) {
		struct ps_ztab *t = &into->t[k];
		for (uint32_t i = 0; i < from->t[k].n; i++) {
			struct ps_zrow r = from->t[k].rows[i];
			/* endpoints: A's row even, B's odd (ps_zstats_flow) */
			r.order = (r.has_b ? 0 : r.order & 1) | (uint64_t)r.first_ns << 1;
			add(t, &r);
		}
		t->dropped += from->t[k].dropped;
	}
}
