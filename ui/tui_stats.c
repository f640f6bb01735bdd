/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_stats.c - protocol hierarchy, conversations and packets per second. */
#include <stdlib.h>
#include <string.h>

#include "ps_dissect.h"
#include "tui_stats.h"

/* The label each dissector carries (dissectors/protocols.def). */
const char *tui_proto_name(unsigned proto)
{
	const struct ps_dissector *dis = ps_registry_by_proto(proto);
	return dis && dis->label ? dis->label : "?";
}

int tui_stats_init(struct tui_stats *s)
{
	memset(s, 0, sizeof *s);
	s->conv = calloc(TUI_CONV_SLOTS, sizeof *s->conv);
	return s->conv ? 0 : -1;
}

void tui_stats_free(struct tui_stats *s)
{
	free(s->conv);
	s->conv = 0;
}

static int hier_child(struct tui_stats *s, int parent, unsigned proto, unsigned depth)
{
	for (unsigned i = 0; i < s->nhier; i++)
		if (s->hier[i].parent == parent && s->hier[i].proto == proto)
			return (int)i;
	if (s->nhier == TUI_HIER_MAX)
		return -1;
	struct tui_hier *h = &s->hier[s->nhier];
	memset(h, 0, sizeof *h);
	h->parent = (int16_t)parent;
	h->proto = (uint8_t)proto;
	h->depth = (uint8_t)depth;
	return (int)s->nhier++;
}

static void add_hier(struct tui_stats *s, const struct ps_packet *p)
{
	int node = -1;
	unsigned depth = 0;
	for (unsigned i = 0; i < p->nlayers; i++) {
		if (p->layers[i].parent >= 0)
			continue; /* quoted and tunnelled headers are not the path */
		int c = hier_child(s, node, p->layers[i].proto, depth++);
		if (c < 0) {
			s->hier_other++;
			return;
		}
		s->hier[c].pkts++;
		s->hier[c].bytes += p->len;
		node = c;
	}
}

/* The conversation key of a packet: its outermost IP addresses, else the
 * Ethernet ones.  false when it has neither. */
static bool conv_key(const struct ps_packet *p, struct tui_conv *k)
{
	memset(k, 0, sizeof *k);
	for (unsigned i = 0; i < p->nlayers; i++) {
		const struct ps_layer *l = &p->layers[i];
		if (l->parent >= 0)
			continue;
		if (l->proto == PS_P_IPV4 && l->hdr_len >= 20 && l->u.ipv4.version == 4) {
			k->fam = TUI_CONV_IPV4;
			memcpy(k->a, l->u.ipv4.src, 4);
			memcpy(k->b, l->u.ipv4.dst, 4);
			return true;
		}
		if (l->proto == PS_P_IPV6 && l->hdr_len >= 40 && l->u.ipv6.version == 6) {
			k->fam = TUI_CONV_IPV6;
			memcpy(k->a, l->u.ipv6.src, 16);
			memcpy(k->b, l->u.ipv6.dst, 16);
			return true;
		}
	}
	int e = ps_packet_find(p, PS_P_ETH);
	if (e < 0 || p->layers[e].hdr_len < 12)
		return false;
	k->fam = TUI_CONV_LINK;
	memcpy(k->a, p->layers[e].u.eth.src, 6);
	memcpy(k->b, p->layers[e].u.eth.dst, 6);
	return true;
}

static uint32_t conv_hash(const struct tui_conv *k)
{
	uint32_t h = 2166136261u ^ k->fam;
	for (unsigned i = 0; i < 16; i++)
		h = (h ^ k->a[i]) * 16777619u;
	for (unsigned i = 0; i < 16; i++)
		h = (h ^ k->b[i]) * 16777619u;
	return h;
}

static void add_conv(struct tui_stats *s, const struct ps_packet *p)
{
	struct tui_conv k;
	if (!conv_key(p, &k))
		goto other;
	if (memcmp(k.a, k.b, 16) > 0) {
		uint8_t t[16];
		memcpy(t, k.a, 16);
		memcpy(k.a, k.b, 16);
		memcpy(k.b, t, 16);
	}
	for (uint32_t h = conv_hash(&k), n = 0; n < TUI_CONV_SLOTS; n++, h++) {
		struct tui_conv *c = &s->conv[h % TUI_CONV_SLOTS];
		if (c->fam == TUI_CONV_NONE) {
			if (s->nconv >= TUI_CONV_SLOTS / 4 * 3)
				goto other;
			*c = k;
			s->nconv++;
		} else if (c->fam != k.fam || memcmp(c->a, k.a, 16) || memcmp(c->b, k.b, 16)) {
			continue;
		}
		c->pkts++;
		c->bytes += p->len;
		return;
	}
other:
	s->conv_other_pkts++;
	s->conv_other_bytes += p->len;
}

static void add_pps(struct tui_stats *s, int64_t sec)
{
	if (s->any_ts && sec <= s->last_sec - (int64_t)TUI_PPS_HIST)
		return; /* older than the history */
	unsigned slot = (unsigned)(((sec % TUI_PPS_HIST) + TUI_PPS_HIST) % TUI_PPS_HIST);
	if (s->pps_sec[slot] != sec || !s->any_ts) {
		s->pps_sec[slot] = sec;
		s->pps[slot] = 0;
	}
	s->pps[slot]++;
	if (!s->any_ts || sec > s->last_sec)
		s->last_sec = sec;
	s->any_ts = true;
}

void tui_stats_add(struct tui_stats *s, const struct ps_packet *p)
{
	s->packets++;
	s->bytes += p->len;
	s->truncated += p->any_truncated;
	s->malformed += p->any_malformed;
	add_hier(s, p);
	add_conv(s, p);
	add_pps(s, p->ts_sec);
}

unsigned tui_stats_top(const struct tui_stats *s, const struct tui_conv **out, unsigned n)
{
	unsigned got = 0;
	for (unsigned i = 0; i < TUI_CONV_SLOTS && n; i++) {
		const struct tui_conv *c = &s->conv[i];
		if (c->fam == TUI_CONV_NONE || (got == n && c->bytes <= out[n - 1]->bytes))
			continue;
		unsigned j = got < n ? got++ : n - 1; /* insertion sort into the top n */
		while (j > 0 && out[j - 1]->bytes < c->bytes) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = c;
	}
	return got;
}

unsigned tui_stats_pps(const struct tui_stats *s, uint32_t *out, unsigned n)
{
	for (unsigned k = 0; k < n; k++) {
		int64_t sec = s->last_sec - (int64_t)(n - 1 - k);
		unsigned slot = (unsigned)(((sec % TUI_PPS_HIST) + TUI_PPS_HIST) % TUI_PPS_HIST);
		out[k] = s->any_ts && s->pps_sec[slot] == sec ? s->pps[slot] : 0;
	}
	return n;
}

static unsigned hier_walk(const struct tui_stats *s, int parent, unsigned *out, unsigned k,
			  unsigned max)
{
	bool used[TUI_HIER_MAX] = {false};
	for (;;) { /* children by packets, most first */
		int best = -1;
		for (unsigned i = 0; i < s->nhier; i++)
			if (s->hier[i].parent == parent && !used[i] &&
			    (best < 0 || s->hier[i].pkts > s->hier[best].pkts))
				best = (int)i;
		if (best < 0 || k >= max)
			return k;
		used[best] = true;
		out[k++] = (unsigned)best;
		k = hier_walk(s, best, out, k, max);
	}
}

unsigned tui_stats_hier_order(const struct tui_stats *s, unsigned *out, unsigned max)
{
	return hier_walk(s, -1, out, 0, max);
}
