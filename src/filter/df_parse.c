/* SPDX-License-Identifier: BSD-2-Clause */
/* df_parse.c - display-filter parser and semantic check (Wireshark 4.0's
 * grammar, the part we share):
 *
 *   expr    := and ( ("or" | "||") and )*
 *   and     := unary ( ("and" | "&&") unary )*
 *   unary   := ("not" | "!") unary | primary
 *   primary := "(" expr ")" | FIELD | PROTOCOL
 *            | FIELD relop value | FIELD "contains" value | FIELD "matches" STRING
 *            | FIELD "in" "{" elem ("," elem)* "}"
 *   elem    := value [".." value]
 *
 * so "not" binds tighter than "and", which binds tighter than "or".  Every
 * literal is parsed here as its field's type, so evaluation never parses
 * text; a regular expression is compiled once (PCRE2, as Wireshark).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "df_expr.h"
#include "df_int.h"
#include "df_lex.h"
#include "df_parser.h"
#include "ps_dissect.h"
#include "ps_hex.h"

#define DF_MAX_EXPR 65536u
#define DF_MAX_DEPTH 200 /* nesting of parentheses and "not": bounds the recursion */

static struct df_node *parse_or(struct parser *ps);


static struct df_node *parse_test_op(struct parser *ps, const struct df_token *wt,
				     const struct df_field *fl, enum df_op op);

/* "PROTOCOL contains BYTES": the protocol's bytes (from its header to the
 * end of the frame; all of them for "frame") hold the sequence. */
static struct df_node *parse_proto_contains(struct parser *ps, const struct df_token *w,
					    const struct df_proto *proto)
{
	df_next(ps);
	struct df_node *n = df_newnode(ps, DF_OP_CONTAINS);
	if (!n || !(n->lits = df_lit_alloc(ps)))
		return 0;
	(void)w;
	n->nlits = 1;
	n->proto = proto;
	if (df_ws_name(&ps->tk) && ps->tk.s[0] == 'd') { /* "dc", "dc.dc" (tshark 4.0's words) */
		df_fail_at(ps, ps->tk.pos, ps->tk.len, "%s and %.*s are not of compatible types",
			   proto->name, (int)ps->tk.n, ps->tk.s);
		return 0;
	}
	if (df_ws_name(&ps->tk)) { /* "frame contains ff": tshark's protocol ff, never there */
		n->lits->v.type = DF_T_BYTES;
		df_next(ps);
		return n; /* neither frame nor a layer tag: proto_contains is false */
	}
	if (df_parse_bytes_lit(ps, n->lits))
		return 0;
	n->frame = strcmp(proto->json, "frame") == 0;
	n->proto_tag = (uint8_t)df_proto_tag(proto->json);
	return n;
}

/* "count(FIELD) OP ...", "len(FIELD) OP ...": the function's values
 * compared (not tested for presence, not in a set: as tshark). */
static struct df_node *parse_fn_test(struct parser *ps, const struct df_token *w)
{
	const struct df_field *f = df_parse_call(ps, w);
	if (!f)
		return 0;
	enum df_op op = df_relop(ps->tk.t);
	if (!op || op == DF_OP_IN) {
		df_fail_at(ps, w->pos, w->len, op ? "only a field may be tested for membership in a set"
					       : "a function's value cannot be tested for presence");
		return 0;
	}
	struct df_node *n = parse_test_op(ps, w, df_fn_row(df_fn_named(w)), op);
	if (n) {
		n->f = f;
		n->fn[0] = (uint8_t)df_fn_named(w);
	}
	return n;
}

/* "FIELD & MASK [OP VALUE]": each value ANDed with the mask, then tested for
 * non-zero or compared (as tshark: integers, addresses; not "in"). */
static struct df_node *parse_masked(struct parser *ps, const struct df_token *w,
				    const struct df_field *fl)
{
	df_next(ps);
	unsigned t = fl->type;
	/* IPv6 too in tshark 4.0, but its result there matches addresses the
	 * mask excludes: refused rather than disagreeing */
	if (t != DF_T_UINT && t != DF_T_IPV4 && t != DF_T_MAC) {
		df_fail_at(ps, w->pos, w->len, "%s (%s) cannot be masked with \"&\"", fl->name,
			df_type_name((enum df_type)t));
		return 0;
	}
	struct df_lit *m = df_lit_alloc(ps);
	if (!m || df_parse_signed(ps, fl, m))
		return 0;
	if (m->v.type == DF_T_INT) { /* -1: tshark ANDs its 32-bit pattern */
		m->v.type = DF_T_UINT;
		m->v.v.u = (uint32_t)m->v.v.i;
	}
	enum df_op op = df_relop(ps->tk.t);
	struct df_node *n;
	if (!op) {
		n = df_newnode(ps, DF_OP_FIELD);
		if (n)
			n->f = fl;
	} else if (op == DF_OP_IN || op == DF_OP_CONTAINS || op == DF_OP_MATCHES) {
		df_fail_tok(ps, "a masked field takes == != < <= > >= === ~=");
		return 0;
	} else {
		n = parse_test_op(ps, w, fl, op);
	}
	if (n)
		n->mask = m;
	return n;
}

static struct df_node *parse_test(struct parser *ps)
{
	struct df_token w = ps->tk;
	const struct df_field *fl = df_find_field(ps, w.s, w.n);
	const struct df_proto *proto = fl ? 0 : df_find_proto(ps, w.s, w.n);
	df_next(ps);
	if (!fl && !proto && ps->tk.t == TK_LPAREN && df_fn_named(&w))
		return parse_fn_test(ps, &w);
	enum df_op op = df_relop(ps->tk.t);
	if (!fl && !proto)
		return df_unknown_name(ps, &w);
	if (fl && ps->tk.t == TK_BITAND)
		return parse_masked(ps, &w, fl);
	if (fl && ps->tk.t == TK_NOT) { /* "X not in {...}" is "not (X in {...})" */
		df_next(ps);
		if (ps->tk.t != TK_IN) {
			df_fail_tok(ps, "expected \"in\" after \"not\"");
			return 0;
		}
		struct df_node *in = parse_test_op(ps, &w, fl, DF_OP_IN);
		return in ? df_join(ps, DF_OP_NOT, in, 0) : 0;
	}
	if (!op) {
		struct df_node *n = df_newnode(ps, fl ? DF_OP_FIELD : DF_OP_PROTO);
		if (n && fl)
			n->f = fl;
		if (n && proto) {
			n->frame = strcmp(proto->json, "frame") == 0;
			n->proto_tag = (uint8_t)df_proto_tag(proto->json);
			n->proto = proto;
		}
		return n;
	}
	if (!fl && op == DF_OP_CONTAINS)
		return parse_proto_contains(ps, &w, proto);
	if (!fl) {
		df_fail_at(ps, w.pos, w.len, "%.*s is a protocol: it can be tested for presence only", (int)w.n, w.s);
		return 0;
	}
	return parse_test_op(ps, &w, fl, op);
}

/* The rest of "FIELD OP ...", the current token being OP. */
static struct df_node *parse_test_op(struct parser *ps, const struct df_token *wt,
				     const struct df_field *fl, enum df_op op)
{
	struct df_token w = *wt;
	struct df_token optk = ps->tk;
	if (fl->type == DF_T_NONE) { /* tshark: "(type=Label) cannot participate in == comparison" */
		df_fail_at(ps, w.pos, w.len, "%s is a label: it can be tested for presence only", fl->name);
		return 0;
	}
	df_next(ps);
	struct df_node *n = df_newnode(ps, op);
	if (!n)
		return 0;
	n->f = fl;
	if ((op == DF_OP_CONTAINS || op == DF_OP_MATCHES) && fl->type != DF_T_STR &&
	    fl->type != DF_T_BYTES) {
		df_fail_at(ps, w.pos, w.len, "%s (%s) cannot take part in a \"%.*s\" comparison", fl->name,
			df_type_name((enum df_type)fl->type), (int)optk.len, ps->lx.src + optk.pos);
		return 0;
	}
	if (op == DF_OP_MATCHES)
		return df_compile_re(ps, n) ? 0 : n;
	if (op == DF_OP_IN)
		return df_parse_set(ps, n);
	bool neg = false;
	int isf = op == DF_OP_CONTAINS && ps->tk.t != TK_WORD /* no sign before a string */
			  ? 0 : df_parse_rhs_field(ps, fl, &n->f2, &neg, &n->fn[1]);
	n->neg2 = neg;
	if (isf)
		return isf > 0 ? n : 0;
	n->lits = df_lit_alloc(ps);
	ps->vs = fl; /* "ip.proto == TCP": its value names */
	int rc = !n->lits || (op == DF_OP_CONTAINS ? df_parse_value : df_parse_signed)(ps, fl, n->lits);
	ps->vs = 0;
	if (rc)
		return 0;
	n->nlits = 1;
	return n;
}

/* "any|all FIELD OP ...": any is the default; all turns "==" into "===",
 * "~=" into "!=" and makes the other comparisons hold only when every
 * occurrence (every pair, against a field) does, as in tshark 4.0. */
static struct df_node *quantify(struct parser *ps, struct df_node *n, bool all)
{
	if (!n)
		return 0;
	switch (n->op) {
	case DF_OP_FIELD:
	case DF_OP_PROTO:
		df_fail_tok(ps, "expected a comparison after \"any\" or \"all\"");
		return 0;
	case DF_OP_EQ: case DF_OP_ALL_EQ: n->op = all ? DF_OP_ALL_EQ : DF_OP_EQ; return n;
	case DF_OP_NE: case DF_OP_ANY_NE: n->op = all ? DF_OP_NE : DF_OP_ANY_NE; return n;
	case DF_OP_OR: /* a set with fields (ORed equalities), "not in" */
	case DF_OP_NOT:
		if (all) {
			df_fail_at(ps, ps->tk.pos, 1, "\"all\" cannot quantify \"not in\" or a set with fields");
			return 0;
		}
		return n;
	default:
		n->all = all;
		return n;
	}
}

static struct df_node *parse_unary(struct parser *ps)
{
	if (++ps->depth > DF_MAX_DEPTH) {
		df_fail_at(ps, ps->tk.pos, ps->tk.len, "filter nested too deeply");
		return 0;
	}
	struct df_node *r = 0;
	if (ps->tk.t == TK_NOT) {
		df_next(ps);
		struct df_node *a = parse_unary(ps);
		r = a ? df_newnode(ps, DF_OP_NOT) : 0;
		if (r)
			r->a = a;
	} else if (ps->tk.t == TK_LPAREN) {
		size_t open = ps->tk.pos;
		df_next(ps);
		r = parse_or(ps);
		if (r && ps->tk.t != TK_RPAREN) {
			if (ps->tk.t == TK_EOF)
				df_fail_at(ps, open, 1, "unmatched \"(\"");
			else
				df_fail_tok(ps, "expected \")\"");
			r = 0;
		}
		if (r)
			df_next(ps);
	} else if ((ps->tk.t == TK_WORD || ps->tk.t == TK_MINUS || ps->tk.t == TK_LBRACE) &&
		   df_x_wanted(ps)) {
		r = df_parse_xtest(ps);
	} else if (ps->tk.t == TK_WORD) {
		r = parse_test(ps);
	} else if (ps->tk.t == TK_ANY || ps->tk.t == TK_ALL) {
		bool all = ps->tk.t == TK_ALL;
		df_next(ps);
		if (ps->tk.t == TK_WORD || ps->tk.t == TK_MINUS || ps->tk.t == TK_LBRACE)
			r = quantify(ps, df_x_wanted(ps) ? df_parse_xtest(ps) : parse_test(ps), all);
		else
			df_fail_tok(ps, "expected a field after \"any\" or \"all\"");
	} else if (ps->tk.t == TK_MINUS || ps->tk.t == TK_PLUS) {
		/* "+ip.ttl == 1" is "ip.ttl == 1"; a minus there is refused (tshark
		 * points past the sign) */
		enum df_tok sign = ps->tk.t;
		df_next(ps);
		if (sign == TK_PLUS && ps->tk.t == TK_WORD)
			r = parse_test(ps);
		else
			df_fail_tok(ps, "a sign goes before a value on the right of a comparison");
	} else {
		df_fail_tok(ps, "expected a field, a protocol, \"not\" or \"(\"");
	}
	ps->depth--;
	return r;
}

static struct df_node *parse_binary(struct parser *ps, enum df_tok tok, enum df_op op,
				    struct df_node *(*sub)(struct parser *))
{
	struct df_node *a = sub(ps);
	while (a && ps->tk.t == tok) {
		df_next(ps);
		struct df_node *b = sub(ps);
		if (!b || !(a = df_join(ps, op, a, b)))
			return 0;
	}
	return a;
}

static struct df_node *parse_and(struct parser *ps)
{
	return parse_binary(ps, TK_AND, DF_OP_AND, parse_unary);
}

static struct df_node *parse_or(struct parser *ps)
{
	return parse_binary(ps, TK_OR, DF_OP_OR, parse_and);
}

void ps_dfilter_free(struct ps_dfilter *f)
{
	if (!f)
		return;
	for (unsigned i = 0; i < f->nnodes; i++) {
		pcre2_match_data_free(f->nodes[i].md);
		pcre2_code_free(f->nodes[i].re);
		free(f->nodes[i].pp[0]);
		free(f->nodes[i].pp[1]);
	}
	for (unsigned i = 0; i < f->nxs; i++)
		free(f->xs[i].pp);
	free(f->xs);
	free(f->ws);
	free(f->nodes);
	free(f->lits);
	free(f->strings);
	free(f);
}

int ps_dfilter_compile(const char *expr, struct ps_dfilter **out, struct ps_dfilter_err *err)
{
	size_t len = strlen(expr);
	memset(err, 0, sizeof *err);
	*out = 0;
	if (len > DF_MAX_EXPR) {
		snprintf(err->msg, sizeof err->msg, "filter longer than %u bytes", DF_MAX_EXPR);
		return -1;
	}
	struct ps_dfilter *f = calloc(1, sizeof *f);
	struct parser ps = {.f = f, .err = err, .set_field = df_parse_x_set_field,
			    .bound = df_parse_x_bound, .lit_x = df_parse_x_lit,
			    .elem_call = df_parse_x_elem_call};
	if (f) {
		/* every node and literal takes at least one token, every token a byte */
		f->cap = (unsigned)len + 1;
		f->nodes = calloc(f->cap, sizeof *f->nodes);
		f->lits = calloc(f->cap, sizeof *f->lits);
		f->strings = malloc(2 * len + 8); /* df_lexer.buf */
	}
	if (!f || !f->nodes || !f->lits || !f->strings) {
		snprintf(err->msg, sizeof err->msg, "out of memory");
		ps_dfilter_free(f);
		return -1;
	}
	ps.lits = f->lits;
	ps.litcap = f->cap;
	ps.lx = (struct df_lexer){.src = expr, .len = len, .buf = f->strings};
	df_next(&ps);
	if (ps.tk.t == TK_EOF)
		df_fail_at(&ps, 0, 1, "empty filter");
	struct df_node *root = ps.failed ? 0 : parse_or(&ps);
	if (root && ps.tk.t != TK_EOF)
		df_fail_tok(&ps, "expected \"and\", \"or\" or the end");
	if (ps.failed || !root) {
		ps_dfilter_free(f);
		return -1;
	}
	for (unsigned i = 0; i < f->nnodes; i++) {
		struct df_node *n = &f->nodes[i];
		const struct df_field *fl[2] = {n->f, n->f2};
		for (unsigned k = 0; k < 2; k++) {
			if (!fl[k] || fl[k]->get)
				continue;
			if (!(n->pp[k] = malloc(sizeof *n->pp[k]))) {
				snprintf(err->msg, sizeof err->msg, "out of memory");
				ps_dfilter_free(f);
				return -1;
			}
			df_path_prepare(fl[k], n->pp[k]);
		}
	}
	f->root = root;
	df_eval_prepare(f);
	*out = f;
	return 0;
}

void ps_dfilter_err_format(const struct ps_dfilter_err *err, char *line, size_t linelen,
			   char *caret, size_t caretlen)
{
	char at[16] = "";
	if (err->col)
		snprintf(at, sizeof at, " at %u", err->col);
	if (err->hint[0])
		snprintf(line, linelen, "%s%s (did you mean %s?)", err->msg, at, err->hint);
	else
		snprintf(line, linelen, "%s%s", err->msg, at);
	if (!caret || !caretlen)
		return;
	size_t n = 0;
	for (unsigned i = 1; i < err->col && n + 1 < caretlen; i++)
		caret[n++] = ' ';
	for (unsigned i = 0; err->col && i < err->len && n + 1 < caretlen; i++)
		caret[n++] = i ? '~' : '^';
	caret[n] = '\0';
}
