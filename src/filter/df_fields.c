/* SPDX-License-Identifier: BSD-2-Clause */
/* df_fields.c - the field table: direct getters generated from df_fields.def,
 * name lookup (Wireshark names, aliases, JSON paths) and "did you mean". */
#include <stdio.h>
#include <string.h>

#include "df_expr.h"
#include "df_get.h"
#include "df_wsnames.h"
#include "ps_dissect.h"
#include "tcp_analysis.h"

/* ---- helpers the table's conditions and expressions use ---- */
struct df_ts {
	int64_t sec;
	uint32_t frac;
	bool nano;
};
static inline void df_put_time(struct df_vals *o, int64_t sec, uint32_t frac, bool nano)
{
	struct df_val *v = df_vals_add(o, DF_T_TIME);
	if (v) {
		v->v.t.sec = sec;
		v->v.t.ns = nano ? frac : frac * 1000u;
	}
}

#define ARP_HTYPE_ATM 19u
#define ETHERTYPE_IPV4 0x0800u
/* Wireshark shows the addresses only when the whole ARP body was captured,
 * and a MAC only for Ethernet and IEEE 802 hardware types */
#define ARP_HAVE_ALL (PS_ARP_HAVE_SHA | PS_ARP_HAVE_SPA | PS_ARP_HAVE_THA | PS_ARP_HAVE_TPA)
static inline bool df_arp_mac(const struct ps_layer *l, unsigned have)
{
	const struct ps_arp *a = &l->u.arp;
	return (a->htype == 1 || a->htype == 6) && a->hlen == 6 && (a->have & have) &&
	       (a->have & ARP_HAVE_ALL) == ARP_HAVE_ALL;
}
static inline bool df_arp_ip(const struct ps_layer *l, unsigned have)
{
	const struct ps_arp *a = &l->u.arp;
	return a->htype != ARP_HTYPE_ATM && a->ptype == ETHERTYPE_IPV4 && a->plen == 4 &&
	       (a->have & have) && (a->have & ARP_HAVE_ALL) == ARP_HAVE_ALL;
}
/* ip.version: Wireshark's IPv6 header carries one too */
static inline unsigned df_ip_version(const struct ps_layer *l)
{
	if (l->proto == PS_P_IPV4 && l->hdr_len >= 1)
		return l->u.ipv4.version;
	if (l->proto == PS_P_IPV6 && l->hdr_len >= 1 && l->u.ipv6.version == 6)
		return 6;
	return 0;
}
/* Wireshark reads the TCP header up to the window before it shows the
 * sequence and acknowledgment numbers, except in the header an ICMP error
 * quotes, where `quoted` bytes are enough. */
static inline bool df_tcp_has(const struct ps_layer *l, uint32_t quoted)
{
	return l->hdr_len >= (l->parent >= 0 && l->nest == PS_NEST_QUOTE ? quoted : 16u);
}
/* The 12 flag bits of TCP header bytes 12-13: the record keeps 9 (no
 * reserved bits), so the reserved ones are read from the captured header. */
static inline unsigned df_tcp_flags12(const struct ps_packet *p, const struct ps_layer *l)
{
	return (unsigned)(p->data[l->off + 12] & 0x0e) << 8 | l->u.tcp.flags;
}
static inline bool df_ip6(const struct ps_layer *l, uint32_t need)
{
	return l->u.ipv6.version == 6 && l->hdr_len >= need;
}
/* identifier and sequence exist for the echo-like types (dis_icmp.c) */
static inline bool df_icmp_echo(const struct ps_layer *l, uint32_t need)
{
	unsigned t = l->u.icmp.type;
	bool echo = t == 0 || t == 8 || (t >= 13 && t <= 18);
	return echo && l->hdr_len >= need;
}

/* frame.marked, frame.ignored: a user's marks in Wireshark's GUI, which a
 * capture file does not carry (present, false, as in tshark) */
static inline bool df_never(const struct ps_packet *p)
{
	(void)p;
	return false;
}

/* identifier and sequence of ICMPv6 echo requests and replies */
static inline bool df_icmp6_echo(const struct ps_layer *l, uint32_t need)
{
	return (l->u.icmpv6.type == 128 || l->u.icmpv6.type == 129) && l->hdr_len >= need;
}

/* ---- what the flow table noted (p->flow, src/flow): absent with --no-flows ---- */
/* layer li is the transport layer the conversation index numbers */
static inline bool df_flow_l4(const struct ps_packet *p, unsigned li)
{
	return p->flow.id && p->flow.l4_layer == (int)li;
}
/* layer li is the TCP layer the relative numbers and the analysis describe */
static inline bool df_flow_tcp(const struct ps_packet *p, unsigned li)
{
	return p->flow.id && p->flow.tcp_layer == (int)li;
}
/* tshark's tcp.seq/tcp.ack: relative to the conversation's first (its
 * default); absolute where no conversation is tracked, as tcp.seq_raw */
static inline uint32_t df_tcp_seq(const struct ps_packet *p, unsigned li)
{
	return df_flow_tcp(p, li) ? p->flow.seq_rel : p->layers[li].u.tcp.seq;
}
static inline uint32_t df_tcp_ack(const struct ps_packet *p, unsigned li)
{
	return df_flow_tcp(p, li) ? p->flow.ack_rel : p->layers[li].u.tcp.ack;
}
static inline bool df_tcp_anl(const struct ps_packet *p, unsigned li, unsigned flags)
{
	return df_flow_tcp(p, li) && (p->flow.tcp_analysis & flags);
}

/* the table's unsigned types: one value type, Wireshark's widths */
#define DF_T_UINT8 DF_T_UINT
#define DF_T_UINT16 DF_T_UINT
#define DF_T_UINT24 DF_T_UINT
#define DF_T_UINT32 DF_T_UINT
#define DF_T_UINT64 DF_T_UINT
#define DF_T_INT32 DF_T_INT /* DF_GET rows only: no DF_PUT_ or tester for it */
#define DF_BITS_UINT8 8
#define DF_BITS_UINT16 16
#define DF_BITS_UINT24 24
#define DF_BITS_UINT32 32
#define DF_BITS_UINT64 64
#define DF_BITS_INT32 32
#define DF_BITS_BOOL 0
#define DF_BITS_IPV4 0
#define DF_BITS_IPV6 0
#define DF_BITS_MAC 0
#define DF_BITS_TIME 0
#define DF_BITS_STR 0
#define DF_BITS_NONE 0
#define DF_BITS_BYTES 0
#define DF_BITS_DATE 0

#define PS_P_ANY PS_P_NONE /* DF_LAYER over every layer: the condition picks */
#define DF_PUT_UINT(o, x) df_put_u((o), DF_T_UINT, (uint64_t)(x))
#define DF_PUT_UINT8 DF_PUT_UINT
#define DF_PUT_UINT16 DF_PUT_UINT
#define DF_PUT_UINT24 DF_PUT_UINT
#define DF_PUT_UINT32 DF_PUT_UINT
#define DF_PUT_UINT64 DF_PUT_UINT
#define DF_PUT_BOOL(o, x) df_put_u((o), DF_T_BOOL, (x) ? 1u : 0u)
#define DF_PUT_IPV4(o, x) df_put_ip4((o), (x))
#define DF_PUT_IPV6(o, x) df_put_bytes((o), DF_T_IPV6, (x), 16)
#define DF_PUT_MAC(o, x) df_put_bytes((o), DF_T_MAC, (x), 6)
#define DF_PUT_TIME(o, x) df_put_time((o), (x).sec, (x).frac, (x).nano)
#define DF_PUT_DATE DF_PUT_TIME
#define DF_PUT_NONE(o, x) df_put_u((o), DF_T_NONE, (x) ? 1u : 0u)

/* ---- the getters, one static function per DF_FRAME/DF_LAYER row ---- */
#define DF_FRAME(id, name, T, F, N, expr, doc)                                                     \
	static void g_##id(const struct ps_packet *p, struct df_vals *o) { DF_PUT_##T(o, expr); }
#define DF_LAYER(id, name, T, F, N, P, cond, expr, doc)                                            \
	static void g_##id(const struct ps_packet *p, struct df_vals *o)                           \
	{                                                                                          \
		for (unsigned i = 0, nl = df_nlayers(p); i < nl; i++) {                           \
			const struct ps_layer *l = &p->layers[i];                                  \
			if ((PS_P_##P == PS_P_NONE || l->proto == PS_P_##P) && (cond))            \
				DF_PUT_##T(o, expr);                                               \
		}                                                                                  \
	}
#define DF_LAYER2(id, name, T, F, N, P, c1, e1, c2, e2, doc)                                       \
	static void g_##id(const struct ps_packet *p, struct df_vals *o)                           \
	{                                                                                          \
		for (unsigned i = 0, nl = df_nlayers(p); i < nl; i++) {                           \
			const struct ps_layer *l = &p->layers[i];                                  \
			if (l->proto != PS_P_##P)                                                  \
				continue;                                                          \
			if (c1)                                                                    \
				DF_PUT_##T(o, e1);                                                 \
			if (c2)                                                                    \
				DF_PUT_##T(o, e2);                                                 \
		}                                                                                  \
	}
#include "df_fields.def"
#undef DF_FRAME
#undef DF_LAYER
#undef DF_LAYER2

/* ---- the testers (df_tester), one per DF_FRAME/DF_LAYER row ----
 * The getters' walk without the value list: each occurrence's value as an
 * unsigned number (UINT, BOOL, IPv4 in host order, as df_val holds them;
 * 0 for the other types, which only presence tests use) against w under
 * mask m.  df_eval.c runs them for the common comparisons. */
static inline unsigned df_fast_bits(uint64_t v, uint64_t w, uint64_t m)
{
	if (((v ^ w) & m) == 0)
		return DF_FAST_PRESENT | DF_FAST_EQ;
	return DF_FAST_PRESENT | (v < w ? DF_FAST_LT : DF_FAST_GT);
}
static inline uint64_t df_fast_ip4(const uint8_t a[4])
{
	return (uint64_t)a[0] << 24 | (uint64_t)a[1] << 16 | (uint64_t)a[2] << 8 | a[3];
}
#define DF_FV_UINT(x) ((uint64_t)(x))
#define DF_FV_UINT8 DF_FV_UINT
#define DF_FV_UINT16 DF_FV_UINT
#define DF_FV_UINT24 DF_FV_UINT
#define DF_FV_UINT32 DF_FV_UINT
#define DF_FV_UINT64 DF_FV_UINT
#define DF_FV_BOOL(x) ((x) ? UINT64_C(1) : 0)
#define DF_FV_NONE DF_FV_BOOL
#define DF_FV_IPV4(x) df_fast_ip4(x)
#define DF_FV_OTHER(x) ((void)(x), UINT64_C(0))
#define DF_FV_IPV6 DF_FV_OTHER
#define DF_FV_MAC DF_FV_OTHER
#define DF_FV_TIME DF_FV_OTHER
#define DF_FV_DATE DF_FV_OTHER
#define DF_FRAME(id, name, T, F, N, expr, doc)                                                     \
	static unsigned t_##id(const struct ps_packet *p, uint64_t w, uint64_t m)                  \
	{                                                                                          \
		return df_fast_bits(DF_FV_##T(expr), w, m);                                        \
	}
#define DF_LAYER(id, name, T, F, N, P, cond, expr, doc)                                            \
	static unsigned t_##id(const struct ps_packet *p, uint64_t w, uint64_t m)                  \
	{                                                                                          \
		unsigned r = 0;                                                                    \
		for (unsigned i = 0, nl = df_nlayers(p); i < nl; i++) {                           \
			const struct ps_layer *l = &p->layers[i];                                  \
			if ((PS_P_##P == PS_P_NONE || l->proto == PS_P_##P) && (cond))            \
				r |= df_fast_bits(DF_FV_##T(expr), w, m);                          \
		}                                                                                  \
		return r;                                                                          \
	}
#define DF_LAYER2(id, name, T, F, N, P, c1, e1, c2, e2, doc)                                       \
	static unsigned t_##id(const struct ps_packet *p, uint64_t w, uint64_t m)                  \
	{                                                                                          \
		unsigned r = 0;                                                                    \
		for (unsigned i = 0, nl = df_nlayers(p); i < nl; i++) {                           \
			const struct ps_layer *l = &p->layers[i];                                  \
			if (l->proto != PS_P_##P)                                                  \
				continue;                                                          \
			if (c1)                                                                    \
				r |= df_fast_bits(DF_FV_##T(e1), w, m);                            \
			if (c2)                                                                    \
				r |= df_fast_bits(DF_FV_##T(e2), w, m);                            \
		}                                                                                  \
		return r;                                                                          \
	}
#include "df_fields.def"
#undef DF_FRAME
#undef DF_LAYER
#undef DF_LAYER2

/* ---- the table ---- */
/* The layers a row reads: PROTO ANY every layer, FRAME none (df_int.h) */
#define PS_P_FRAME PS_P__COUNT
#define DF_READS(P)                                                                                \
	(PS_P_##P == PS_P_NONE ? DF_READS_ALL : PS_P_##P == PS_P_FRAME ? 0 : UINT64_C(1) << PS_P_##P)
#define DF_ROW(name, T, F, N, g, pr, pa, doc, reads, t)                                            \
	{name, DF_T_##T, DF_F_##F, g, pr, pa, doc, DF_BITS_##T, DF_NEED_##N, reads, t},
#define DF_FRAME(id, name, T, F, N, expr, doc) DF_ROW(name, T, F, N, g_##id, 0, 0, doc, 0, t_##id)
#define DF_LAYER(id, name, T, F, N, P, cond, expr, doc)                                            \
	DF_ROW(name, T, F, N, g_##id, 0, 0, doc, DF_READS(P), t_##id)
#define DF_LAYER2(id, name, T, F, N, P, c1, e1, c2, e2, doc)                                       \
	DF_ROW(name, T, F, N, g_##id, 0, 0, doc, DF_READS(P), t_##id)
/* a path field's layer: its proto's, found by name (df_field_reads) */
#define DF_PATH(name, T, F, N, proto, path, doc) DF_ROW(name, T, F, N, 0, proto, path, doc, 0, 0)
#define DF_GET(name, T, F, N, P, fn, doc) DF_ROW(name, T, F, N, fn, 0, 0, doc, DF_READS(P), 0)
const struct df_field df_fields[] = {
#include "df_fields.def"
};
const unsigned df_nfields = sizeof df_fields / sizeof df_fields[0];
#undef DF_FRAME
#undef DF_LAYER
#undef DF_LAYER2
#undef DF_PATH

static const struct {
	const char *name, *target;
} aliases[] = {
#define DF_ALIAS(name, target) {name, target},
#include "df_fields.def"
#undef DF_ALIAS
};

static const struct df_proto protos[] = {
#define DF_PROTO(name, json, N, port, not1, not2) {name, json, DF_NEED_##N, port, not1, not2},
#include "df_fields.def"
#undef DF_PROTO
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool name_is(const char *known, const char *name, size_t n)
{
	return strlen(known) == n && memcmp(known, name, n) == 0;
}

static const struct df_field *by_name(const char *name, size_t n)
{
	for (unsigned i = 0; i < df_nfields; i++)
		if (name_is(df_fields[i].name, name, n))
			return &df_fields[i];
	return 0;
}

/* "dns" + "." + "queries[].name" without the "[]" equals name? */
static bool path_alias_is(const struct df_field *f, const char *name, size_t n)
{
	size_t pl = strlen(f->proto);
	if (n <= pl || memcmp(name, f->proto, pl) != 0 || name[pl] != '.')
		return false;
	const char *a = f->path, *b = name + pl + 1, *end = name + n;
	while (*a && *a != '|' && b < end) {
		if (a[0] == '[' && a[1] == ']') {
			a += 2;
			continue;
		}
		if (*a++ != *b++)
			return false;
	}
	while (a[0] == '[' && a[1] == ']')
		a += 2;
	return (!*a || *a == '|') && b == end;
}

const struct df_field *df_field_find(const char *name, size_t n)
{
	const struct df_field *f = by_name(name, n);
	if (f)
		return f;
	for (unsigned i = 0; i < COUNT(aliases); i++)
		if (name_is(aliases[i].name, name, n))
			return by_name(aliases[i].target, strlen(aliases[i].target));
	for (unsigned i = 0; i < df_nfields; i++)
		if (df_fields[i].path && path_alias_is(&df_fields[i], name, n))
			return &df_fields[i];
	return 0;
}

const struct df_proto *df_proto_find(const char *name, size_t n)
{
	for (unsigned i = 0; i < COUNT(protos); i++)
		if (name_is(protos[i].name, name, n))
			return &protos[i];
	return 0;
}

unsigned df_distance(const char *a, size_t na, const char *b, size_t nb)
{
	unsigned row[64];
	if (na > 63 || nb > 63)
		return 99;
	for (size_t j = 0; j <= nb; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= na; i++) {
		unsigned diag = row[0];
		row[0] = (unsigned)i;
		for (size_t j = 1; j <= nb; j++) {
			unsigned up = row[j];
			unsigned best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[nb];
}

const char *df_suggest(const char *name, size_t n)
{
	const char *best = 0;
	unsigned bd = n < 6 ? 1 : n < 12 ? 2 : 3; /* farther is not a typo */
	for (unsigned i = 0; i < df_nfields; i++) {
		unsigned d = df_distance(name, n, df_fields[i].name, strlen(df_fields[i].name));
		if (d <= bd) {
			bd = d - (d > 0);
			best = df_fields[i].name;
		}
	}
	for (unsigned i = 0; i < COUNT(aliases); i++) {
		unsigned d = df_distance(name, n, aliases[i].name, strlen(aliases[i].name));
		if (d <= bd) {
			bd = d - (d > 0);
			best = aliases[i].name;
		}
	}
	for (unsigned i = 0; i < COUNT(protos); i++) {
		unsigned d = df_distance(name, n, protos[i].name, strlen(protos[i].name));
		if (d <= bd) {
			bd = d - (d > 0);
			best = protos[i].name;
		}
	}
	return best;
}

void df_field_values(const struct df_field *f, const struct ps_packet *p, struct df_vals *out)
{
	out->n = 0;
	out->cut = false;
	out->text_used = 0;
	if (f->get)
		f->get(p, out);
	else
		df_path_values(f, p, out);
}

static bool field_needs(const struct df_field *f, unsigned need)
{
	return f && f->need >= need;
}

/* The first field or protocol of d that needs stage `need` or a later one. */
static const char *first_needing(const struct ps_dfilter *d, unsigned need)
{
	for (unsigned i = 0; i < d->nnodes; i++) {
		const struct df_node *n = &d->nodes[i];
		if (n->proto && n->proto->need >= need) /* "tls", "tls contains ..." */
			return n->proto->name;
		if (field_needs(n->f, need))
			return n->f->name;
		if (field_needs(n->f2, need))
			return n->f2->name;
	}
	for (unsigned i = 0; i < d->nxs; i++) { /* in slices, "#N", arithmetic, max() ... */
		const struct df_x *x = &d->xs[i];
		if (x->kind == DF_X_PROTO && x->proto && x->proto->need >= need)
			return x->proto->name;
		if (x->kind == DF_X_FIELD && field_needs(x->f, need))
			return x->f->name;
	}
	return 0;
}

const char *ps_dfilter_undecoded(const struct ps_dfilter *d)
{
	return d->nws ? d->ws[0].name : 0;
}

const char *ps_dfilter_warning(const struct ps_dfilter *d)
{
	return d->warn[0] ? d->warn : 0;
}

const char *ps_dfilter_flow_field(const struct ps_dfilter *d)
{
	return first_needing(d, DF_NEED_STREAM);
}

const char *ps_dfilter_flow_all_field(const struct ps_dfilter *d)
{
	return first_needing(d, DF_NEED_FLOW);
}

const char *ps_dfilter_analysis_field(const struct ps_dfilter *d)
{
	return first_needing(d, DF_NEED_ANALYSIS);
}

uint64_t df_field_reads(const struct df_field *f)
{
	if (!f || !f->path)
		return f ? f->reads : 0;
	unsigned t = df_proto_tag(f->proto);
	return t ? UINT64_C(1) << t : 0;
}

static uint64_t proto_reads(const struct df_proto *pr)
{
	unsigned t = pr ? df_proto_tag(pr->json) : 0; /* "frame": none */
	return t ? UINT64_C(1) << t : 0;
}

uint64_t df_stream_reads(const struct df_field *f)
{
	if (!f || f->need != DF_NEED_STREAM)
		return 0;
	uint64_t r = df_field_reads(f);
	return r ? r : UINT64_MAX; /* a layer we cannot name: every stream */
}

static uint64_t proto_stream_reads(const struct df_proto *pr)
{
	if (!pr || pr->need != DF_NEED_STREAM)
		return 0;
	uint64_t r = proto_reads(pr);
	return r ? r : UINT64_MAX;
}

/* The layers d's fields and protocols read (bit 1 << tag): all of them, or
 * with `streams` only those a stream decoder writes (DF_NEED_STREAM). */
static uint64_t filter_reads(const struct ps_dfilter *d, bool streams)
{
	uint64_t (*pr_reads)(const struct df_proto *) = streams ? proto_stream_reads : proto_reads;
	uint64_t (*f_reads)(const struct df_field *) = streams ? df_stream_reads : df_field_reads;
	uint64_t r = 0;
	for (unsigned i = 0; i < d->nnodes; i++) {
		const struct df_node *n = &d->nodes[i];
		r |= pr_reads(n->proto) | f_reads(n->f) | f_reads(n->f2);
	}
	for (unsigned i = 0; i < d->nxs; i++) /* "#N" (counts x->proto's layers), slices, max() ... */
		r |= pr_reads(d->xs[i].proto) | f_reads(d->xs[i].f);
	return r;
}

uint64_t ps_dfilter_stream_reads(const struct ps_dfilter *d)
{
	return filter_reads(d, true);
}

uint64_t ps_dfilter_reads(const struct ps_dfilter *d)
{
	return filter_reads(d, false);
}

bool ps_dfilter_layer_needs_flow(const char *json)
{
	for (unsigned i = 0; i < COUNT(protos); i++)
		if (!strcmp(protos[i].json, json) && protos[i].need >= DF_NEED_STREAM)
			return true;
	return false;
}

const char *df_type_name(enum df_type t)
{
	static const char *const names[] = {[DF_T_PROTO] = "protocol", [DF_T_UINT] = "uint",
					    [DF_T_INT] = "int",	       [DF_T_BOOL] = "bool",
					    [DF_T_STR] = "string",     [DF_T_IPV4] = "ipv4",
					    [DF_T_IPV6] = "ipv6",      [DF_T_MAC] = "mac",
					    [DF_T_TIME] = "time",      [DF_T_NONE] = "label",
					    [DF_T_BYTES] = "bytes",    [DF_T_DATE] = "date"};
	return (unsigned)t < COUNT(names) ? names[t] : "?";
}

bool ps_dfield_info(unsigned i, struct ps_dfield_info *out)
{
	if (i < df_nfields) {
		const struct df_field *f = &df_fields[i];
		*out = (struct ps_dfield_info){f->name, df_type_name(f->type), f->path ? f->path : "",
					       f->doc};
		return true;
	}
	i -= df_nfields;
	if (i < COUNT(aliases)) {
		const struct df_field *f = by_name(aliases[i].target, strlen(aliases[i].target));
		*out = (struct ps_dfield_info){aliases[i].name, f ? df_type_name(f->type) : "?",
					       "", aliases[i].target};
		return true;
	}
	return false;
}

int ps_dfilter_field_expr(const char *path, const char *op, const char *value, char *out,
			  size_t n)
{
	const struct df_field *f = df_field_find(path, strlen(path));
	if (!f || f->type == DF_T_NONE)
		return -1;
	if (f->type == DF_T_BOOL && (!strcmp(value, "true") || !strcmp(value, "false")))
		value = value[0] == 't' ? "1" : "0"; /* the tree's JSON words; tshark takes 1, 0 */
	int k = snprintf(out, n, "%s %s ", f->name, op);
	size_t used = k > 0 ? (size_t)k : n;
	bool q = f->type == DF_T_STR;
	if (q && used + 1 < n)
		out[used++] = '"';
	for (const char *c = value; *c && used + 2 < n; c++) {
		if (q && (*c == '"' || *c == '\\'))
			out[used++] = '\\';
		out[used++] = *c;
	}
	if (q && used + 1 < n)
		out[used++] = '"';
	if (used + 1 >= n)
		return -1;
	out[used] = 0;
	return 0;
}
