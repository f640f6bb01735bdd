/* SPDX-License-Identifier: BSD-2-Clause */
/* ip_defrag.c - IPv4/IPv6 defragmentation (contract in ip_defrag.h).
 *
 * A datagram is a key, the header of its offset-0 fragment, and its
 * fragments sorted by offset, never overlapping (IPv4 keeps the bytes it
 * got first; IPv6 drops the datagram on any overlap and keeps a tombstone
 * until the timeout so that its later fragments are dropped too, RFC 5722).
 * Datagrams hang in a fixed hash table and on one list by age, which gives
 * both the expiry order and the eviction order at the memory limit.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ip_defrag.h"

struct frag {
	struct frag *next;
	uint32_t off, len;
	uint8_t data[];
};

struct ps_defrag_dg {
	struct ps_defrag_dg *hnext;        /* hash chain */
	struct ps_defrag_dg *older, *newer; /* age list */
	uint8_t version, proto;
	bool have_last, dead;
	uint32_t id, zone, bucket;
	uint8_t src[16], dst[16];
	uint64_t first_ns;
	uint32_t end;      /* payload length, known with the last fragment */
	uint32_t received; /* payload bytes held */
	struct frag *frags;
	uint8_t *hdr;      /* the offset-0 fragment's header, NULL until seen */
	uint32_t hdr_len, nh_off;
	size_t charge;
};

#define NBUCKETS 4096u
#define OUT_CAP (PS_DEFRAG_MAX_DGRAM + 40u) /* IPv6: 40 + a 65535-byte payload */

int ps_defrag_init(struct ps_defrag *d, size_t limit, char *errbuf, size_t errlen)
{
	memset(d, 0, sizeof *d);
	d->limit = limit ? limit : PS_DEFRAG_DEFAULT_MEM;
	d->timeout4_ns = PS_DEFRAG_TIMEOUT4_NS;
	d->timeout6_ns = PS_DEFRAG_TIMEOUT6_NS;
	d->nbuckets = NBUCKETS;
	d->buckets = calloc(NBUCKETS, sizeof *d->buckets);
	d->out = malloc(OUT_CAP);
	if (!d->buckets || !d->out) {
		snprintf(errbuf, errlen, "defragmentation table: out of memory");
		ps_defrag_free(d);
		return -1;
	}
	return 0;
}

static uint32_t key_hash(const struct ps_frag_in *f, uint32_t nbuckets)
{
	unsigned alen = f->version == 4 ? 4u : 16u;
	uint32_t h = 2166136261u ^ f->id ^ (f->zone << 7) ^ ((uint32_t)f->version << 24);
	for (unsigned i = 0; i < alen; i++)
		h = (h ^ f->src[i] ^ ((uint32_t)f->dst[i] << 8)) * 16777619u;
	return (h ^ (h >> 15)) & (nbuckets - 1);
}

static bool key_eq(const struct ps_defrag_dg *g, const struct ps_frag_in *f)
{
	unsigned alen = f->version == 4 ? 4u : 16u;
	return g->version == f->version && g->id == f->id && g->zone == f->zone &&
	       (f->version == 6 || g->proto == f->proto) && !memcmp(g->src, f->src, alen) &&
	       !memcmp(g->dst, f->dst, alen);
}

static void charge(struct ps_defrag *d, struct ps_defrag_dg *g, size_t n)
{
	g->charge += n;
	d->used += n;
	if (d->used > d->peak)
		d->peak = d->used;
}

static void free_frags(struct ps_defrag *d, struct ps_defrag_dg *g)
{
	while (g->frags) {
		struct frag *x = g->frags;
		g->frags = x->next;
		free(x);
	}
	free(g->hdr);
	g->hdr = NULL;
	d->used -= g->charge - sizeof *g;
	g->charge = sizeof *g;
	g->received = 0;
}

static void dg_drop(struct ps_defrag *d, struct ps_defrag_dg *g)
{
	struct ps_defrag_dg **pp = &d->buckets[g->bucket];
	while (*pp != g)
		pp = &(*pp)->hnext;
	*pp = g->hnext;
	unsigned v = g->version == 6;
	*(g->older ? &g->older->newer : &d->oldest[v]) = g->newer;
	*(g->newer ? &g->newer->older : &d->newest[v]) = g->older;
	free_frags(d, g);
	d->used -= sizeof *g;
	free(g);
}

void ps_defrag_free(struct ps_defrag *d)
{
	for (unsigned v = 0; v < 2; v++)
		while (d->oldest[v])
			dg_drop(d, d->oldest[v]);
	free(d->buckets);
	free(d->out);
	d->buckets = NULL;
	d->out = NULL;
}

unsigned ps_defrag_expire(struct ps_defrag *d, uint64_t now_ns)
{
	unsigned n = 0;
	/* each version's list is in arrival order: stop at the first datagram
	 * still in time (one whose time stamp is ahead of now_ns, a clock that
	 * went back, counts as in time) */
	for (unsigned v = 0; v < 2; v++) {
		uint64_t t = v ? d->timeout6_ns : d->timeout4_ns;
		struct ps_defrag_dg *g;
		while ((g = d->oldest[v]) && now_ns >= g->first_ns && now_ns - g->first_ns >= t) {
			if (!g->dead)
				d->c.timeouts++;
			dg_drop(d, g);
			n++;
		}
	}
	return n;
}

static struct ps_defrag_dg *dg_find(struct ps_defrag *d, const struct ps_frag_in *f, uint32_t bucket)
{
	for (struct ps_defrag_dg *g = d->buckets[bucket]; g; g = g->hnext)
		if (key_eq(g, f))
			return g;
	return NULL;
}

static struct ps_defrag_dg *dg_new(struct ps_defrag *d, const struct ps_frag_in *f,
				   uint32_t bucket, uint64_t now_ns)
{
	struct ps_defrag_dg *g = calloc(1, sizeof *g);
	if (!g)
		return NULL;
	unsigned alen = f->version == 4 ? 4u : 16u;
	g->version = f->version;
	g->proto = f->proto;
	g->id = f->id;
	g->zone = f->zone;
	g->bucket = bucket;
	memcpy(g->src, f->src, alen);
	memcpy(g->dst, f->dst, alen);
	g->first_ns = now_ns;
	g->hnext = d->buckets[bucket];
	d->buckets[bucket] = g;
	unsigned v = g->version == 6;
	g->older = d->newest[v];
	*(d->newest[v] ? &d->newest[v]->newer : &d->oldest[v]) = g;
	d->newest[v] = g;
	d->c.datagrams++;
	charge(d, g, sizeof *g);
	return g;
}

static void add_event(struct ps_defrag_result *r, const struct ps_frag_in *f,
		      enum ps_event_code v4, enum ps_event_code v6)
{
	if (r->nevents < PS_DEFRAG_MAX_EVENTS)
		r->events[r->nevents++] = f->version == 4 ? v4 : v6;
}

/* The checks a fragment must pass alone (no datagram state needed). */
static bool frag_valid(struct ps_defrag *d, const struct ps_frag_in *f, struct ps_defrag_result *r)
{
	assert(f->version == 4 ? f->hdr_len >= 20 && f->hdr_len <= 60
			       : f->version == 6 && f->hdr_len >= 40 && f->nh_off < f->hdr_len);
	uint32_t base = f->version == 4 ? f->hdr_len : f->hdr_len > 40 ? f->hdr_len - 40 : 0;
	if (f->version == 6 && f->jumbo) {
		d->c.jumbo++;
		add_event(r, f, PS_EV_IPV6_FRAG_JUMBO, PS_EV_IPV6_FRAG_JUMBO);
		return false;
	}
	if (f->more && (f->len == 0 || f->len % 8)) {
		d->c.bad_len++;
		add_event(r, f, PS_EV_IP_FRAG_BAD_LEN, PS_EV_IPV6_FRAG_BAD_LEN);
		return false;
	}
	if ((uint64_t)base + f->offset + f->len > PS_DEFRAG_MAX_DGRAM) {
		d->c.too_large++;
		add_event(r, f, PS_EV_IP_FRAG_TOO_LARGE, PS_EV_IPV6_FRAG_TOO_LARGE);
		return false;
	}
	if (f->caplen < f->len) { /* the dissector already reported the cut */
		d->c.truncated++;
		return false;
	}
	return true;
}

/* Does the fragment contradict where the datagram ends? */
static bool end_conflict(const struct ps_defrag_dg *g, const struct ps_frag_in *f)
{
	uint32_t end = f->offset + f->len;
	if (g->have_last && (end > g->end || (!f->more && end != g->end)))
		return true;
	if (!f->more)
		for (const struct frag *x = g->frags; x; x = x->next)
			if (x->off + x->len > end)
				return true;
	return false;
}

enum overlap { OV_NONE, OV_DUP, OV_PARTIAL };

/* How the fragment meets the held ones: not at all, as an exact copy of
 * one, or otherwise. */
static enum overlap overlap_kind(const struct ps_defrag_dg *g, const struct ps_frag_in *f)
{
	uint32_t end = f->offset + f->len;
	for (const struct frag *x = g->frags; x && x->off < end; x = x->next) {
		if (x->off + x->len <= f->offset)
			continue;
		if (x->off == f->offset && x->len == f->len && !memcmp(x->data, f->data, f->len))
			return OV_DUP;
		return OV_PARTIAL;
	}
	return OV_NONE;
}

/* Walk the uncovered pieces of the fragment (first wins): count their cost,
 * or (commit) insert them. */
static size_t pieces(struct ps_defrag *d, struct ps_defrag_dg *g, const struct ps_frag_in *f,
		     bool commit)
{
	size_t need = 0;
	uint32_t cur = f->offset, end = f->offset + f->len;
	struct frag **pp = &g->frags;
	for (;;) {
		while (*pp && (*pp)->off + (*pp)->len <= cur)
			pp = &(*pp)->next;
		uint32_t stop = *pp && (*pp)->off < end ? (*pp)->off : end;
		if (cur < stop) {
			need += sizeof(struct frag) + (stop - cur);
			struct frag *x = commit ? malloc(sizeof *x + (stop - cur)) : NULL;
			if (x) {
				x->off = cur;
				x->len = stop - cur;
				memcpy(x->data, f->data + (cur - f->offset), x->len);
				x->next = *pp;
				*pp = x;
				g->received += x->len;
				charge(d, g, sizeof *x + x->len);
				pp = &x->next;
			}
		}
		if (!*pp || (*pp)->off >= end)
			return need;
		cur = (*pp)->off + (*pp)->len;
	}
}

/* Make room for `need` more bytes, dropping the oldest datagrams but g. */
static bool make_room(struct ps_defrag *d, const struct ps_defrag_dg *g, size_t need)
{
	while (d->used + need > d->limit) {
		struct ps_defrag_dg *a = d->oldest[0], *b = d->oldest[1];
		if (g && a == g)
			a = a->newer;
		if (g && b == g)
			b = b->newer;
		struct ps_defrag_dg *old = !a ? b : !b ? a : a->first_ns <= b->first_ns ? a : b;
		if (!old)
			return false;
		if (!old->dead)
			d->c.evicted++;
		dg_drop(d, old);
	}
	return true;
}

static uint16_t ip_cksum(const uint8_t *p, uint32_t n)
{
	uint32_t sum = 0;
	for (uint32_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffffu) + (sum >> 16);
	return (uint16_t)~sum;
}

/* The whole datagram into d->out: header fixed up, then the payload. */
static uint32_t build(struct ps_defrag *d, const struct ps_defrag_dg *g)
{
	uint8_t *o = d->out;
	memcpy(o, g->hdr, g->hdr_len);
	for (const struct frag *x = g->frags; x; x = x->next)
		memcpy(o + g->hdr_len + x->off, x->data, x->len);
	uint32_t total = g->hdr_len + g->end;
	if (g->version == 4) {
		o[2] = (uint8_t)(total >> 8);
		o[3] = (uint8_t)total;
		o[6] &= 0x40; /* keep DF; MF and the offset go */
		o[7] = 0;
		o[10] = o[11] = 0;
		uint16_t ck = ip_cksum(o, g->hdr_len);
		o[10] = (uint8_t)(ck >> 8);
		o[11] = (uint8_t)ck;
	} else {
		uint32_t plen = total - 40;
		o[4] = (uint8_t)(plen >> 8);
		o[5] = (uint8_t)plen;
		o[g->nh_off] = g->proto; /* the Fragment header is gone */
	}
	return total;
}

/* Fold the fragment into g (room already made).  False: no memory. */
static bool absorb(struct ps_defrag *d, struct ps_defrag_dg *g, const struct ps_frag_in *f)
{
	if (f->offset == 0 && !g->hdr) {
		g->hdr = malloc(f->hdr_len);
		if (!g->hdr)
			return false;
		memcpy(g->hdr, f->hdr, f->hdr_len);
		g->hdr_len = f->hdr_len;
		g->nh_off = f->nh_off;
		g->proto = f->proto;
		charge(d, g, f->hdr_len);
	}
	pieces(d, g, f, true);
	if (!f->more) {
		g->have_last = true;
		g->end = f->offset + f->len;
	}
	return true;
}

static enum ps_defrag_status drop_dg(struct ps_defrag *d, struct ps_defrag_dg *g)
{
	if (g)
		dg_drop(d, g);
	return PS_DEFRAG_DROPPED;
}

enum ps_defrag_status ps_defrag_add(struct ps_defrag *d, const struct ps_frag_in *f,
				    uint64_t now_ns, struct ps_defrag_result *r)
{
	memset(r, 0, sizeof *r);
	d->c.fragments++;
	ps_defrag_expire(d, now_ns);
	if (!frag_valid(d, f, r))
		return PS_DEFRAG_DROPPED;
	uint32_t bucket = key_hash(f, d->nbuckets);
	struct ps_defrag_dg *g = dg_find(d, f, bucket);
	if (g && g->dead)
		return PS_DEFRAG_DROPPED;
	if (g && end_conflict(g, f)) {
		d->c.inconsistent++;
		add_event(r, f, PS_EV_IP_FRAG_INCONSISTENT, PS_EV_IPV6_FRAG_INCONSISTENT);
		return drop_dg(d, g);
	}
	enum overlap ov = g ? overlap_kind(g, f) : OV_NONE;
	if (ov == OV_DUP) {
		d->c.duplicates++;
		return PS_DEFRAG_DROPPED;
	}
	if (ov == OV_PARTIAL && f->version == 6) {
		d->c.v6_overlap_drops++;
		add_event(r, f, PS_EV_IPV6_FRAG_OVERLAP, PS_EV_IPV6_FRAG_OVERLAP);
		free_frags(d, g);
		g->dead = true;
		return PS_DEFRAG_DROPPED;
	}
	if (ov == OV_PARTIAL) {
		d->c.overlaps++;
		add_event(r, f, PS_EV_IP_FRAG_OVERLAP, PS_EV_IPV6_FRAG_OVERLAP);
	}
	size_t need = (g ? 0 : sizeof *g) + (f->offset == 0 && !(g && g->hdr) ? f->hdr_len : 0);
	need += g ? pieces(d, g, f, false) : sizeof(struct frag) + f->len;
	if (!make_room(d, g, need) || (!g && !(g = dg_new(d, f, bucket, now_ns))) ||
	    !absorb(d, g, f)) {
		d->c.mem_drops++;
		add_event(r, f, PS_EV_IP_FRAG_MEM_LIMIT, PS_EV_IPV6_FRAG_MEM_LIMIT);
		return drop_dg(d, g);
	}
	if (!g->have_last || !g->hdr || g->received != g->end)
		return PS_DEFRAG_HELD;
	if (g->hdr_len - (g->version == 4 ? 0u : 40u) + g->end > PS_DEFRAG_MAX_DGRAM) {
		/* the first fragment's header is longer than the others' */
		d->c.too_large++;
		add_event(r, f, PS_EV_IP_FRAG_TOO_LARGE, PS_EV_IPV6_FRAG_TOO_LARGE);
		return drop_dg(d, g);
	}
	r->len = build(d, g);
	r->data = d->out;
	r->hdr_len = g->hdr_len;
	r->proto = g->proto;
	d->c.reassembled++;
	dg_drop(d, g);
	return PS_DEFRAG_DONE;
}
