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
		if (v->type != DF_T_STR)
			return false;
		return !l->v.s.n || (v->v.s.n >= l->v.s.n &&
				     memmem(v->v.s.p, v->v.s.n, l->v.s.p, l->v.s.n) != 0);
	}
	case DF_OP_MATCHES:
		return v->type == DF_T_STR &&
		       pcre2_match(n->re, (PCRE2_SPTR)v->v.s.p, v->v.s.n, 0, 0, n->md, 0) >= 0;
	default: return any_lit_eq(n, v); /* EQ, IN */
	}
}

/* The size tshark's len() gives a value of field f: its bytes (an integer
 * field's width), 0 for booleans, times and labels. */
static uint64_t value_len(const struct df_field *f, const struct df_val *v)
{
	switch (v->type) {
	case DF_T_STR: return v->v.s.n;
	case DF_T_IPV4: return 4;
	case DF_T_IPV6: return 16;
	case DF_T_MAC: return 6;
	case DF_T_UINT: return f->bits / 8u;
	default: return 0;
	}
}

/* count(), len(), upper(), lower() on the values of f, in place (count:
 * none when the field is absent, as tshark). */
static void apply_fn(enum df_fn fn, const struct df_field *f, struct df_vals *v)
{
	if (fn == DF_FN_COUNT && v->n) {
		unsigned n = v->n;
		v->n = 0;
		df_put_u(v, DF_T_UINT, n);
	} else if (fn == DF_FN_UPPER || fn == DF_FN_LOWER) {
		for (unsigned i = 0; i < v->n; i++) { /* the text is this buffer's own copy */
			char *t = v->text + (v->v[i].v.s.p - v->text);
			for (uint32_t k = 0; k < v->v[i].v.s.n; k++)
				if (fn == DF_FN_UPPER && t[k] >= 'a' && t[k] <= 'z')
					t[k] = (char)(t[k] - 'a' + 'A');
				else if (fn == DF_FN_LOWER && t[k] >= 'A' && t[k] <= 'Z')
					t[k] = (char)(t[k] - 'A' + 'a');
		}
	} else if (fn == DF_FN_LEN) {
		for (unsigned i = 0; i < v->n; i++) {
			uint64_t len = value_len(f, &v->v[i]);
			v->v[i].type = DF_T_UINT;
			v->v[i].v.u = len;
		}
	}
}

/* The values of the node's field k (0: f, 1: f2); a path field prepared;
 * the node's function of it applied. */
static void values(const struct df_node *n, unsigned k, const struct ps_packet *p,
		   struct df_vals *out)
{
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
		apply_fn((enum df_fn)n->fn[k], f, out);
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
 * IPv4 and MAC addresses only). */
static void mask_all(struct df_vals *v, const struct df_lit *m)
{
	for (unsigned i = 0; i < v->n; i++) {
		struct df_val *x = &v->v[i];
		if (x->type == DF_T_MAC)
			for (unsigned k = 0; k < 6; k++)
				x->v.a[k] &= m->v.v.a[k];
		else
			x->v.u &= m->v.v.u;
	}
}

static bool nonzero(const struct df_val *x)
{
	if (x->type != DF_T_MAC)
		return x->v.u != 0;
	for (unsigned k = 0; k < 6; k++)
		if (x->v.a[k])
			return true;
	return false;
}

/* tshark's unary minus on each value of a field: an unsigned one becomes
 * signed (32 bits, 64 for a 64-bit field); a value that does not fit is
 * dropped.  The parser let only integer fields be negated. */
static void negate(struct df_vals *b, unsigned bits)
{
	unsigned k = 0;
	uint64_t max = bits == 64 ? (uint64_t)INT64_MAX : (uint64_t)INT32_MAX;
	for (unsigned j = 0; j < b->n; j++) {
		struct df_val v = b->v[j];
		if (v.type == DF_T_UINT) {
			if (v.v.u > max)
				continue;
			v.type = DF_T_INT;
			v.v.i = -(int64_t)v.v.u;
		} else if (v.type == DF_T_INT) {
			if (v.v.i == INT64_MIN)
				continue;
			v.v.i = -v.v.i;
		}
		b->v[k++] = v;
	}
	b->n = k;
}

/* Field vs field, tshark's semantics over every pair of occurrences: "!="
 * and "===" hold for all pairs, the others for any pair; false when either
 * field is absent (a negated field whose values all failed to negate is
 * there, with no values: "!=" and "===" hold). */
static bool test_fields(const struct df_node *n, const struct ps_packet *p)
{
	struct df_vals a, b;
	values(n, 0, p, &a);
	if (!a.n)
		return false;
	if (n->mask)
		mask_all(&a, n->mask);
	values(n, 1, p, &b);
	bool present = b.n > 0;
	if (n->neg2)
		negate(&b, n->f2->bits);
	bool all = n->op == DF_OP_NE || n->op == DF_OP_ALL_EQ || n->all;
	for (unsigned i = 0; i < a.n; i++)
		for (unsigned j = 0; j < b.n; j++)
			if (pair((enum df_op)n->op, &a.v[i], &b.v[j]) != all)
				return !all;
	return all && present;
}

static bool test(const struct df_node *n, const struct ps_packet *p)
{
	if (n->f2)
		return test_fields(n, p);
	struct df_vals vals;
	values(n, 0, p, &vals);
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
		return vals.n > 0;
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
	return n->all && vals.n > 0; /* "all": every occurrence held */
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

static bool proto_present(const struct df_node *n, const struct ps_packet *p)
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
static bool proto_contains(const struct df_node *n, const struct ps_packet *p)
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

static bool eval(const struct df_node *n, const struct ps_packet *p)
{
	switch (n->op) {
	case DF_OP_AND: return eval(n->a, p) && eval(n->b, p);
	case DF_OP_OR: return eval(n->a, p) || eval(n->b, p);
	case DF_OP_NOT: return !eval(n->a, p);
	case DF_OP_PROTO: return proto_present(n, p);
	case DF_OP_CONTAINS:
		if (!n->f)
			return proto_contains(n, p);
		return test(n, p);
	default: return test(n, p);
	}
}

bool ps_dfilter_match(const struct ps_dfilter *f, const struct ps_packet *p)
{
	return eval(f->root, p);
}
