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
		if (df_lit_eq(&n->lits[i], v))
			return true;
	return false;
}

static bool one(const struct df_node *n, const struct df_val *v)
{
	switch (n->op) {
	case DF_OP_LT: return df_val_cmp(v, &n->lits[0].v) < 0;
	case DF_OP_LE: return df_val_cmp(v, &n->lits[0].v) <= 0;
	case DF_OP_GT: return df_val_cmp(v, &n->lits[0].v) > 0;
	case DF_OP_GE: return df_val_cmp(v, &n->lits[0].v) >= 0;
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

/* The values of the node's field k (0: f, 1: f2); a path field prepared. */
static void values(const struct df_node *n, unsigned k, const struct ps_packet *p,
		   struct df_vals *out)
{
	if (!n->pp[k]) {
		df_field_values(k ? n->f2 : n->f, p, out);
		return;
	}
	out->n = 0;
	out->cut = false;
	out->text_used = 0;
	df_path_run(k ? n->f2 : n->f, n->pp[k], p, out);
}

/* One pair of a field-vs-field comparison (the types agree: the parser checked). */
static bool pair(enum df_op op, const struct df_val *a, const struct df_val *b)
{
	if (op == DF_OP_CONTAINS)
		return !b->v.s.n || (a->v.s.n >= b->v.s.n &&
				     memmem(a->v.s.p, a->v.s.n, b->v.s.p, b->v.s.n) != 0);
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

/* Field vs field, tshark's semantics over every pair of occurrences: "!="
 * and "===" hold for all pairs, the others for any pair; false when either
 * field is absent. */
static bool test_fields(const struct df_node *n, const struct ps_packet *p)
{
	struct df_vals a, b;
	values(n, 0, p, &a);
	if (!a.n)
		return false;
	values(n, 1, p, &b);
	bool all = n->op == DF_OP_NE || n->op == DF_OP_ALL_EQ;
	for (unsigned i = 0; i < a.n; i++)
		for (unsigned j = 0; j < b.n; j++)
			if (pair((enum df_op)n->op, &a.v[i], &b.v[j]) != all)
				return !all;
	return all && b.n > 0;
}

static bool test(const struct df_node *n, const struct ps_packet *p)
{
	if (n->f2)
		return test_fields(n, p);
	struct df_vals vals;
	values(n, 0, p, &vals);
	if (n->op == DF_OP_FIELD)
		return vals.n > 0;
	if (n->op == DF_OP_NE || n->op == DF_OP_ALL_EQ) {
		bool want = n->op == DF_OP_ALL_EQ; /* every value equal, or none */
		for (unsigned i = 0; i < vals.n; i++)
			if (any_lit_eq(n, &vals.v[i]) != want)
				return false;
		return vals.n > 0;
	}
	if (n->op == DF_OP_ANY_NE) {
		for (unsigned i = 0; i < vals.n; i++)
			if (!any_lit_eq(n, &vals.v[i]))
				return true;
		return false;
	}
	for (unsigned i = 0; i < vals.n; i++)
		if (one(n, &vals.v[i]))
			return true;
	return false;
}

/* The ports of the TCP/UDP layer right before layer li, if any, pass the row's test. */
static bool ports_ok(const struct df_proto *r, const struct ps_packet *p, unsigned li)
{
	if (!r->port && !r->not1 && !r->not2)
		return true;
	unsigned sp = 0, dp = 0;
	if (li > 0 && p->layers[li - 1].proto == PS_P_UDP) {
		sp = p->layers[li - 1].u.udp.sport;
		dp = p->layers[li - 1].u.udp.dport;
	} else if (li > 0 && p->layers[li - 1].proto == PS_P_TCP) {
		sp = p->layers[li - 1].u.tcp.sport;
		dp = p->layers[li - 1].u.tcp.dport;
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
	for (unsigned i = 0; i < p->nlayers; i++) {
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

static bool eval(const struct df_node *n, const struct ps_packet *p)
{
	switch (n->op) {
	case DF_OP_AND: return eval(n->a, p) && eval(n->b, p);
	case DF_OP_OR: return eval(n->a, p) || eval(n->b, p);
	case DF_OP_NOT: return !eval(n->a, p);
	case DF_OP_PROTO: return proto_present(n, p);
	default: return test(n, p);
	}
}

bool ps_dfilter_match(const struct ps_dfilter *f, const struct ps_packet *p)
{
	return eval(f->root, p);
}
