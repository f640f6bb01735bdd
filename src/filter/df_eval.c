/* SPDX-License-Identifier: BSD-2-Clause */
/* df_eval.c - evaluate a compiled display filter on a dissected record.
 *
 * Wireshark's semantics for fields that occur more than once (ip.addr,
 * tcp.port, every DNS answer): "==" and the ordered comparisons hold when
 * any occurrence satisfies them; "!=" (all_ne) when the field is present
 * and no occurrence equals; "===" when all do; "~=" when any differs.  A
 * comparison on an absent field is false (so "!=" is false too).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "df_expr.h"
#include "df_get.h"
#include "df_int.h"
#include "ps_dissect.h"

static bool any_lit_eq(const struct df_node *n, const struct df_val *v)
{
	for (unsigned i = 0; i < n->nlits; i++)
		if (df_lit_test(&n->lits[i], v) == 1)
			return true;
	return false;
}

/* v OP the literal, for the ordered operators: false when incomparable */
static bool order(const struct df_node *n, const struct df_val *v)
{
	const struct df_val *l = &n->lits[0].v;
	if (df_incomparable(v, l))
		return false;
	int c = df_val_cmp(v, l);
	switch (n->op) {
	case DF_OP_LT: return c < 0;
	case DF_OP_LE: return c <= 0;
	case DF_OP_GT: return c > 0;
	default: return c >= 0;
	}
}

static bool one(const struct df_node *n, const struct df_val *v)
{
	switch (n->op) {
	case DF_OP_LT: case DF_OP_LE: case DF_OP_GT: case DF_OP_GE: return order(n, v);
	case DF_OP_CONTAINS: {
		const struct df_val *l = &n->lits[0].v;
		if (v->type != DF_T_STR && v->type != DF_T_BYTES)
			return false;
		return !l->v.s.n || (v->v.s.n >= l->v.s.n &&
				     memmem(v->v.s.p, v->v.s.n, l->v.s.p, l->v.s.n) != 0);
	}
	case DF_OP_MATCHES:
		return (v->type == DF_T_STR || v->type == DF_T_BYTES) &&
		       pcre2_match(n->re, (PCRE2_SPTR)v->v.s.p, v->v.s.n, 0, 0, n->md, 0) >= 0;
	default: return any_lit_eq(n, v); /* EQ, IN */
	}
}

/* The values of the node's field k (0: f, 1: f2); a path field prepared;
 * the node's function of it applied; or, when xs (a constant: the
 * comparison has operand expressions), its expression's (x[k]).  False
 * when absent (an expression may be present with no values). */
static inline __attribute__((always_inline)) bool values(const struct df_node *n, unsigned k,
							  const struct ps_packet *p,
							  struct df_vals *out, bool xs)
{
	if (xs && n->x[k])
		return df_x_values(n->x[k], p, out);
	const struct df_field *f = k ? n->f2 : n->f;
	if (!n->pp[k]) {
		df_field_values(f, p, out);
	} else {
		out->n = 0;
		out->cut = false;
		out->text_used = 0;
		df_path_run(f, n->pp[k], p, out);
	}
	if (n->fn[k])
		df_apply_fn((enum df_fn)n->fn[k], f, out);
	return out->n > 0;
}

/* One pair of a field-vs-field comparison (the types agree: the parser
 * checked).  "!=" and "===" are tshark's "not any ==" and "not any !=": an
 * incomparable pair holds for them and fails the others. */
static bool pair(enum df_op op, const struct df_val *a, const struct df_val *b)
{
	if (op == DF_OP_CONTAINS)
		return !b->v.s.n || (a->v.s.n >= b->v.s.n &&
				     memmem(a->v.s.p, a->v.s.n, b->v.s.p, b->v.s.n) != 0);
	if (df_incomparable(a, b))
		return op == DF_OP_NE || op == DF_OP_ALL_EQ;
	int c = df_val_cmp(a, b);
	switch (op) {
	case DF_OP_LT: return c < 0;
	case DF_OP_LE: return c <= 0;
	case DF_OP_GT: return c > 0;
	case DF_OP_GE: return c >= 0;
	case DF_OP_NE: case DF_OP_ANY_NE: return c != 0;
	default: return c == 0; /* EQ, ALL_EQ */
	}
}

/* "f & mask": each value ANDed with the mask (the parser allowed integers,
 * IPv4 and MAC addresses and slices only). */
static void mask_all(struct df_vals *v, const struct df_lit *m)
{
	for (unsigned i = 0; i < v->n; i++) {
		struct df_val *x = &v->v[i];
		if (x->type == DF_T_BYTES) { /* a slice, in v's own text: as long as the shorter */
			char *t = v->text + (x->v.s.p - v->text);
			if (x->v.s.n > m->v.v.s.n)
				x->v.s.n = m->v.v.s.n;
			for (uint32_t k = 0; k < x->v.s.n; k++)
				t[k] = (char)(t[k] & m->v.v.s.p[k]);
		} else if (x->type == DF_T_MAC)
			for (unsigned k = 0; k < 6; k++)
				x->v.a[k] &= m->v.v.a[k];
		else
			x->v.u &= m->v.v.u;
	}
}

static bool nonzero(const struct df_val *x)
{
	if (x->type == DF_T_BYTES) {
		for (uint32_t k = 0; k < x->v.s.n; k++)
			if (x->v.s.p[k])
				return true;
		return false;
	}
	if (x->type != DF_T_MAC)
		return x->v.u != 0;
	for (unsigned k = 0; k < 6; k++)
		if (x->v.a[k])
			return true;
	return false;
}

/* Field vs field, tshark's semantics over every pair of occurrences: "!="
 * and "===" hold for all pairs, the others for any pair; false when either
 * field is absent (a negated field whose values all failed to negate is
 * there, with no values: "!=" and "===" hold). */
static __attribute__((noinline)) bool test_fields(const struct df_node *n,
						   const struct ps_packet *p, bool xs)
{
	struct df_vals a, b;
	if (!values(n, 0, p, &a, xs))
		return false;
	if (n->mask)
		mask_all(&a, n->mask);
	bool present = values(n, 1, p, &b, xs);
	if (n->neg2)
		df_negate(&b, n->f2->bits);
	bool all = n->op == DF_OP_NE || n->op == DF_OP_ALL_EQ || n->all;
	for (unsigned i = 0; i < a.n; i++)
		for (unsigned j = 0; j < b.n; j++)
			if (pair((enum df_op)n->op, &a.v[i], &b.v[j]) != all)
				return !all;
	return all && present;
}

/* A comparison or presence test; xs: it has operand expressions (df_expr.h).
 * Compiled twice (test_plain, test_x) so that filters without them run the
 * code they ran before expressions existed. */
static inline __attribute__((always_inline)) bool test(const struct df_node *n,
						       const struct ps_packet *p, bool xs)
{
	if (n->f2 || (xs && n->x[1]))
		return test_fields(n, p, xs);
	struct df_vals vals;
	bool present = values(n, 0, p, &vals, xs);
	if (n->mask) {
		mask_all(&vals, n->mask);
		if (n->op == DF_OP_FIELD) { /* "tcp.flags & 0x12": any value with a bit left */
			for (unsigned i = 0; i < vals.n; i++)
				if (nonzero(&vals.v[i]))
					return true;
			return false;
		}
	}
	if (n->op == DF_OP_FIELD)
		return vals.n > 0;
	/* "!=" is "not any ==", "===" is "not any ~=" (tshark 4.0): with an
	 * incomparable literal (ip.ttl != -1) both hold on a present field */
	if (n->op == DF_OP_NE || n->op == DF_OP_ALL_EQ) {
		int bad = n->op == DF_OP_NE; /* the df_lit_test result that fails it */
		for (unsigned i = 0; i < vals.n; i++)
			if (df_lit_test(&n->lits[0], &vals.v[i]) == bad)
				return false;
		return present;
	}
	if (n->op == DF_OP_ANY_NE) {
		for (unsigned i = 0; i < vals.n; i++)
			if (df_lit_test(&n->lits[0], &vals.v[i]) == 0)
				return true;
		return false;
	}
	for (unsigned i = 0; i < vals.n; i++)
		if (one(n, &vals.v[i]) != n->all)
			return !n->all;
	return n->all && present; /* "all": every occurrence held */
}

/* The ports of the UDP layer right before layer li, if any, pass the row's
 * test.  Only UDP: Wireshark's mdns and llmnr are UDP dissectors, over TCP
 * (5353) it is "dns" whatever the port. */
static bool ports_ok(const struct df_proto *r, const struct ps_packet *p, unsigned li)
{
	if (!r->port && !r->not1 && !r->not2)
		return true;
	unsigned sp = 0, dp = 0;
	if (li > 0 && p->layers[li - 1].proto == PS_P_UDP) {
		sp = p->layers[li - 1].u.udp.sport;
		dp = p->layers[li - 1].u.udp.dport;
	}
	if (r->port && sp != r->port && dp != r->port)
		return false;
	for (unsigned k = 0; k < 2; k++) {
		unsigned np = k ? r->not2 : r->not1;
		if (np && (sp == np || dp == np))
			return false;
	}
	return true;
}

/* (out of line, as the other leaves: eval() runs for every node and stays
 * a short function; their value lists take kilobytes of stack) */
static __attribute__((noinline)) bool proto_present(const struct df_node *n,
						     const struct ps_packet *p)
{
	if (n->frame)
		return true;
	if (!n->proto_tag)
		return false;
	/* a header of which no byte was captured is not there (as in Wireshark) */
	for (unsigned i = 0; i < df_nlayers(p); i++) {
		const struct ps_layer *l = &p->layers[i];
		if (l->proto != n->proto_tag || !(l->hdr_len > 0 || l->off < ps_packet_bytes(p)) ||
		    !ports_ok(n->proto, p, i))
			continue;
		/* a layer that gives no object (a stream message's earlier
		 * segment) is not there either, as in the JSON */
		const struct ps_dissector *dis = ps_registry_by_proto(l->proto);
		if (!dis || !dis->has_object || dis->has_object(p, i))
			return true;
	}
	return false;
}

/* "PROTOCOL contains BYTES" (n->proto set, no field): in the frame's
 * captured bytes from the protocol's header on, any of its layers. */
static __attribute__((noinline)) bool proto_contains(const struct df_node *n,
						      const struct ps_packet *p)
{
	const struct df_val *l = &n->lits[0].v;
	uint32_t end = p->caplen;
	if (n->frame)
		return !l->v.s.n || (end >= l->v.s.n && memmem(p->data, end, l->v.s.p, l->v.s.n));
	for (unsigned i = 0; n->proto_tag && i < df_nlayers(p); i++) {
		const struct ps_layer *y = &p->layers[i];
		if (y->proto != n->proto_tag || y->off >= end || !ports_ok(n->proto, p, i))
			continue;
		if (!l->v.s.n || memmem(p->data + y->off, end - y->off, l->v.s.p, l->v.s.n))
			return true;
	}
	return false;
}

/* ---- direct tests ----
 * Most filters compare a fixed L2-L4 field with a number or an address
 * ("tcp.flags.syn == 1", "tcp.port in {80, 443}", "ip.addr == 10.0.0.0/8").
 * The generic path collects the values into a df_vals, then tests each
 * against each literal through df_lit_test; the field's tester
 * (df_fields.c) walks the layers once and compares as it goes, with what
 * df_lit_test and order() would answer for these types. */

/* The (value, mask) a literal compares under: a CIDR block's prefix for
 * the equality tests, the whole value for the ordered ones (order()). */
static bool fast_lit(const struct df_lit *l, const struct df_field *f, bool ordered,
		     uint64_t *w, uint64_t *m)
{
	bool ip = f->type == DF_T_IPV4;
	bool num = f->type == DF_T_UINT || f->type == DF_T_BOOL;
	unsigned t = l->v.type;
	if (l->has_hi || (ip ? t != DF_T_IPV4 : !num || (t != DF_T_UINT && t != DF_T_BOOL)))
		return false;
	*w = l->v.v.u;
	*m = UINT64_MAX;
	if (ip && !ordered && l->prefix < 32)
		*m = l->prefix ? (0xffffffffull << (32 - l->prefix)) & 0xffffffffull : 0;
	return true;
}

static void prepare_fast(struct df_node *n)
{
	static const uint8_t any[] = {
		[DF_OP_FIELD] = DF_FAST_PRESENT, [DF_OP_EQ] = DF_FAST_EQ,
		[DF_OP_NE] = DF_FAST_PRESENT,	 [DF_OP_ALL_EQ] = DF_FAST_PRESENT,
		[DF_OP_ANY_NE] = DF_FAST_LT | DF_FAST_GT,
		[DF_OP_LT] = DF_FAST_LT,	 [DF_OP_LE] = DF_FAST_LT | DF_FAST_EQ,
		[DF_OP_GT] = DF_FAST_GT,	 [DF_OP_GE] = DF_FAST_GT | DF_FAST_EQ,
		[DF_OP_IN] = DF_FAST_EQ,
	};
	const struct df_field *f = n->f;
	if (!f || !f->test || n->f2 || n->x[0] || n->x[1] || n->mask || n->fn[0] || n->all ||
	    n->op >= sizeof any || !any[n->op])
		return;
	bool ordered = n->op >= DF_OP_LT && n->op <= DF_OP_GE;
	for (unsigned i = 0; i < n->nlits; i++)
		if (!fast_lit(&n->lits[i], f, ordered, &n->fast_w, &n->fast_m))
			return;
	if (n->op != DF_OP_FIELD && n->op != DF_OP_IN &&
	    (n->nlits != 1 || !fast_lit(&n->lits[0], f, ordered, &n->fast_w, &n->fast_m)))
		return;
	n->fast = f->test;
	n->fast_any = any[n->op];
	n->fast_none = n->op == DF_OP_NE       ? DF_FAST_EQ
		       : n->op == DF_OP_ALL_EQ ? DF_FAST_LT | DF_FAST_GT
					       : 0;
}

/* "dns.qry.name contains S": the test of each name as it is written,
 * not a copy of every name into a df_vals first (a DNS-name filter's
 * own cost was mostly that copy and the generic test around it). */
static void prepare_contains(struct df_node *n)
{
	const struct df_field *f = n->f;
	if (n->op != DF_OP_CONTAINS || !f || f->get != df_get_dns_qry_name || n->f2 || n->x[0] ||
	    n->x[1] || n->mask || n->fn[0] || n->all || n->pp[0] || n->nlits != 1 ||
	    n->lits[0].v.type != DF_T_STR)
		return;
	const struct df_lit *lit = &n->lits[0];
	n->contains = df_dns_needle_plain(lit->v.v.s.p, lit->v.v.s.n) ? df_dns_qry_name_contains_plain
								      : df_dns_qry_name_contains;
}

void df_eval_prepare(struct ps_dfilter *f)
{
	for (unsigned i = 0; i < f->nnodes; i++) {
		prepare_fast(&f->nodes[i]);
		prepare_contains(&f->nodes[i]);
	}
}

/* IN: any occurrence equal to any element (out of line: eval() stays short) */
static __attribute__((noinline)) unsigned test_fast_in(const struct df_node *n,
							const struct ps_packet *p)
{
	unsigned r = 0;
	for (unsigned i = 0; i < n->nlits && !(r & DF_FAST_EQ); i++) {
		uint64_t w, m;
		fast_lit(&n->lits[i], n->f, false, &w, &m);
		r |= n->fast(p, w, m);
	}
	return r;
}

static inline bool test_fast(const struct df_node *n, const struct ps_packet *p)
{
	unsigned r = n->op == DF_OP_IN ? test_fast_in(n, p) : n->fast(p, n->fast_w, n->fast_m);
	return (r & n->fast_any) && !(r & n->fast_none);
}

static __attribute__((noinline)) bool test_plain(const struct df_node *n,
						  const struct ps_packet *p)
{
	return test(n, p, false);
}

static __attribute__((noinline)) bool test_x(const struct df_node *n, const struct ps_packet *p)
{
	return test(n, p, true);
}

static bool eval(const struct df_node *n, const struct ps_packet *p)
{
	for (;;) {
		if (n->fast)
			return test_fast(n, p);
		switch (n->op) {
		/* a direct test on the left runs without the recursive call
		 * ("tcp.flags.syn == 1 && tcp.flags.ack == 0": every frame) */
		case DF_OP_AND:
			if (!(n->a->fast ? test_fast(n->a, p) : eval(n->a, p)))
				return false;
			n = n->b;
			break;
		case DF_OP_OR:
			if (n->a->fast ? test_fast(n->a, p) : eval(n->a, p))
				return true;
			n = n->b;
			break;
		case DF_OP_NOT: return !eval(n->a, p);
		case DF_OP_PROTO: return proto_present(n, p);
		case DF_OP_IN_RANGE: return df_in_range(n, p);
		case DF_OP_CONTAINS:
			if (n->contains)
				return n->contains(p, n->lits[0].v.v.s.p, n->lits[0].v.v.s.n);
			if (!n->f && !n->x[0])
				return proto_contains(n, p);
			return n->x[0] || n->x[1] ? test_x(n, p) : test_plain(n, p);
		default: return n->x[0] || n->x[1] ? test_x(n, p) : test_plain(n, p);
		}
	}
}

bool ps_dfilter_match(const struct ps_dfilter *f, const struct ps_packet *p)
{
	return eval(f->root, p);
}
