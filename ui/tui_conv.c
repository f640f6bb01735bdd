/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_conv.c - conversation rows for the conversations view (tui_conv.h). */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dis_tcp.h"
#include "tui_conv.h"

int tui_convs_init(struct tui_convs *c, unsigned cap)
{
	memset(c, 0, sizeof *c);
	c->cap = cap ? cap : 1;
	c->nslots = 1;
	while (c->nslots < c->cap * 2u) /* load factor at most 1/2 */
		c->nslots <<= 1;
	c->rows = calloc(c->cap, sizeof *c->rows);
	c->slots = calloc(c->nslots, sizeof *c->slots);
	if (!c->rows || !c->slots) {
		tui_convs_free(c);
		return -1;
	}
	return 0;
}

void tui_convs_free(struct tui_convs *c)
{
	free(c->rows);
	free(c->slots);
	c->rows = 0;
	c->slots = 0;
	c->n = 0;
}

static uint32_t slot_hash(unsigned kind, uint64_t stream)
{
	uint64_t h = (stream << 2 | kind) * 0x9e3779b97f4a7c15ull;
	return (uint32_t)(h >> 32);
}

/* The slot of (kind, stream): its row, or the empty slot where it would go. */
static uint32_t *slot_of(const struct tui_convs *c, unsigned kind, uint64_t stream)
{
	for (uint32_t h = slot_hash(kind, stream);; h++) {
		uint32_t *s = &c->slots[h & (c->nslots - 1)];
		if (!*s)
			return s;
		const struct tui_conv_row *r = &c->rows[*s - 1];
		if (r->kind == kind && r->stream == stream)
			return s;
	}
}

static int64_t pkt_ns(const struct ps_packet *p)
{
	return p->ts_sec * 1000000000ll + (int64_t)(p->ts_nano ? p->ts_frac : p->ts_frac * 1000ull);
}

static void note_base(struct tui_conv_row *r, unsigned side, uint32_t base)
{
	if (!(r->base_set & (1u << side))) {
		r->base[side] = base;
		r->base_set |= (uint8_t)(1u << side);
	} else if (r->base[side] != base) {
		r->base_mixed = true;
	}
}

/* The bases the flow table used for this packet's relative numbers. */
static void note_bases(struct tui_conv_row *r, const struct ps_packet *p, int tl, unsigned dir)
{
	const struct ps_flow_note *n = &p->flow;
	if (tl < 0 || n->tcp_layer != tl)
		return;
	const struct ps_tcp *t = &p->layers[tl].u.tcp;
	note_base(r, dir, t->seq - n->seq_rel);
	if (t->flags & TH_ACK)
		note_base(r, !dir, t->ack - n->ack_rel);
}

bool tui_conv_rel(const struct tui_conv_row *r, const struct ps_packet *p, int tl, unsigned dir,
		  struct ps_flow_note *n)
{
	if (tl < 0 || p->layers[tl].proto != PS_P_TCP || p->layers[tl].hdr_len < 20 ||
	    r->base_mixed || !(r->base_set & (1u << dir)))
		return false;
	const struct ps_tcp *t = &p->layers[tl].u.tcp;
	bool ack = t->flags & TH_ACK;
	if (ack && !(r->base_set & (1u << !dir)))
		return false;
	n->seq_rel = t->seq - r->base[dir];
	n->ack_rel = ack ? t->ack - r->base[!dir] : t->ack;
	n->tcp_layer = (int8_t)tl;
	return true;
}

void tui_convs_add(struct tui_convs *c, const struct ps_packet *p, uint64_t pkt)
{
	struct ps_flow_pkt k;
	if (!p->flow.id || !ps_flow_key_of(p, &k))
		return;
	unsigned kind = !k.has_ports ? PS_FK_OTHER
			: k.key.proto == 6 ? PS_FK_TCP
			: k.key.proto == 17 ? PS_FK_UDP : PS_FK_ICMP;
	uint32_t *s = slot_of(c, kind, p->flow.stream);
	unsigned dir = p->flow.dir ? 1 : 0;
	struct tui_conv_row *r;
	if (!*s) {
		if (c->n == c->cap) {
			c->other++;
			return;
		}
		r = &c->rows[c->n];
		memset(r, 0, sizeof *r);
		*s = ++c->n;
		r->key = k.key;
		r->kind = (uint8_t)kind;
		r->stream = p->flow.stream;
		size_t alen = k.key.v6 ? 16 : 4;
		/* orig is where the packet came from unless it is a response */
		memcpy(dir ? r->dst : r->src, k.src, alen);
		memcpy(dir ? r->src : r->dst, k.dst, alen);
		r->sport = dir ? k.dport : k.sport;
		r->dport = dir ? k.sport : k.dport;
		r->first_ns = pkt_ns(p);
		r->first_pkt = pkt;
		snprintf(r->id, sizeof r->id, "%s", p->flow.id);
	} else {
		r = &c->rows[*s - 1];
		if (r->ended) { /* back after an idle timeout or eviction: same stream */
			r->ended = false;
			r->state[0] = 0;
		}
	}
	note_bases(r, p, k.tl, dir);
	r->pkts[dir]++;
	r->bytes[dir] += p->len;
	r->last_ns = pkt_ns(p);
	r->last_pkt = pkt;
}

void tui_convs_end(struct tui_convs *c, const struct ps_flow *f)
{
	uint32_t *s = slot_of(c, f->kind, f->stream);
	if (!*s)
		return;
	struct tui_conv_row *r = &c->rows[*s - 1];
	r->ended = true;
	snprintf(r->state, sizeof r->state, "%s", ps_flow_state_name(f));
}

const struct tui_conv_row *tui_convs_of(const struct tui_convs *c, const struct ps_packet *p,
					uint64_t pkt)
{
	struct ps_flow_pkt k;
	if (!ps_flow_key_of(p, &k))
		return 0;
	const struct tui_conv_row *best = 0;
	for (unsigned i = 0; i < c->n; i++) {
		const struct tui_conv_row *r = &c->rows[i];
		if (r->first_pkt <= pkt && pkt <= r->last_pkt &&
		    !memcmp(&r->key, &k.key, sizeof k.key))
			if (!best || r->first_pkt > best->first_pkt) /* the newest that started before */
				best = r;
	}
	return best;
}

static uint64_t sort_val(const struct tui_conv_row *r, enum tui_conv_sort by)
{
	switch (by) {
	case TUI_CS_BYTES:
		return r->bytes[0] + r->bytes[1];
	case TUI_CS_DURATION:
		return r->last_ns > r->first_ns ? (uint64_t)(r->last_ns - r->first_ns) : 0;
	default:
		return r->pkts[0] + r->pkts[1];
	}
}

/* qsort has no context pointer and is not stable: a bottom-up merge sort
 * keeps ties in first-seen order. */
void tui_convs_sorted(const struct tui_convs *c, enum tui_conv_sort by, unsigned *out)
{
	for (unsigned i = 0; i < c->n; i++)
		out[i] = i;
	unsigned *tmp = malloc((c->n ? c->n : 1) * sizeof *tmp);
	if (!tmp)
		return; /* first-seen order */
	for (unsigned w = 1; w < c->n; w *= 2) {
		for (unsigned lo = 0; lo < c->n; lo += 2 * w) {
			unsigned mid = lo + w < c->n ? lo + w : c->n;
			unsigned hi = lo + 2 * w < c->n ? lo + 2 * w : c->n;
			unsigned i = lo, j = mid, o = lo;
			while (i < mid && j < hi)
				tmp[o++] = sort_val(&c->rows[out[j]], by) > sort_val(&c->rows[out[i]], by)
						   ? out[j++] : out[i++];
			while (i < mid)
				tmp[o++] = out[i++];
			while (j < hi)
				tmp[o++] = out[j++];
		}
		memcpy(out, tmp, c->n * sizeof *out);
	}
	free(tmp);
}

static void addr_text(const struct tui_conv_row *r, const uint8_t *a, char *out, size_t n)
{
	if (!inet_ntop(r->key.v6 ? AF_INET6 : AF_INET, a, out, (socklen_t)n))
		snprintf(out, n, "?");
}

int tui_conv_expr(const struct tui_conv_row *r, char *out, size_t n)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	addr_text(r, r->src, a, sizeof a);
	addr_text(r, r->dst, b, sizeof b);
	int w, v;
	/* a BPF expression: the filter box reads "bpf:" as BPF, the rest as a
	 * display filter */
	if (r->key.vlan) /* BPF looks past an 802.1Q tag only after "vlan" */
		v = snprintf(out, n, "bpf:vlan %u and ", r->key.vlan);
	else
		v = snprintf(out, n, "bpf:");
	if (v < 0 || (size_t)v >= n)
		return -1;
	out += v;
	n -= (size_t)v;
	if (r->kind == PS_FK_TCP || r->kind == PS_FK_UDP) {
		const char *t = r->kind == PS_FK_TCP ? "tcp" : "udp";
		if (r->sport == r->dport)
			w = snprintf(out, n, "host %s and host %s and %s port %u", a, b, t, r->sport);
		else
			w = snprintf(out, n, "host %s and host %s and %s port %u and %s port %u", a, b,
				     t, r->sport, t, r->dport);
	} else if (r->kind == PS_FK_ICMP) {
		w = snprintf(out, n, "host %s and host %s and %s", a, b,
			     r->key.proto == 58 ? "icmp6" : "icmp");
	} else {
		w = snprintf(out, n, "host %s and host %s and %s proto %u", a, b,
			     r->key.v6 ? "ip6" : "ip", r->key.proto);
	}
	return w < 0 || (size_t)w >= n ? -1 : 0;
}

const char *tui_conv_kind_name(unsigned kind)
{
	static const char *const nm[PS_FK__COUNT] = {"TCP", "UDP", "ICMP", "IP"};
	return kind < PS_FK__COUNT ? nm[kind] : "?";
}

void tui_conv_endpoint(const struct tui_conv_row *r, bool resp, char *out, size_t n)
{
	char a[INET6_ADDRSTRLEN];
	addr_text(r, resp ? r->dst : r->src, a, sizeof a);
	if (r->kind != PS_FK_TCP && r->kind != PS_FK_UDP)
		snprintf(out, n, "%s", a);
	else if (r->key.v6)
		snprintf(out, n, "[%s]:%u", a, resp ? r->dport : r->sport);
	else
		snprintf(out, n, "%s:%u", a, resp ? r->dport : r->sport);
}

void tui_conv_header(char *out, size_t n)
{
	snprintf(out, n, "%-4s %5s %-21s %-21s %6s %8s %-6s %9s %6s %8s %6s %8s", "Prot", "Strm",
		 "Address A (orig)", "Address B (resp)", "Pkts", "Bytes", "State", "Duration",
		 "A>B", "bytes", "B>A", "bytes");
}

void tui_conv_line(const struct tui_conv_row *r, char *out, size_t n)
{
	char a[64], b[64];
	tui_conv_endpoint(r, false, a, sizeof a);
	tui_conv_endpoint(r, true, b, sizeof b);
	double dur = r->last_ns > r->first_ns ? (double)(r->last_ns - r->first_ns) / 1e9 : 0.0;
	snprintf(out, n,
		 "%-4s %5" PRIu64 " %-21s %-21s %6" PRIu64 " %8" PRIu64 " %-6s %9.3f %6" PRIu64
		 " %8" PRIu64 " %6" PRIu64 " %8" PRIu64,
		 tui_conv_kind_name(r->kind), r->stream, a, b, r->pkts[0] + r->pkts[1],
		 r->bytes[0] + r->bytes[1], r->state[0] ? r->state : "open", dur, r->pkts[0],
		 r->bytes[0], r->pkts[1], r->bytes[1]);
}
