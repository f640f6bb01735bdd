/* SPDX-License-Identifier: BSD-2-Clause */
/* df_parse_base.c - the parser's building blocks that df_parse.c (the
 * grammar of tests) and df_parse_x.c (operand expressions) share: tokens,
 * errors, nodes, literals of a field's type, function calls, a field on the
 * right, sets, regular expressions. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "df_int.h"
#include "df_lex.h"
#include "df_parser.h"
#include "df_vstr.h"
#include "df_wsnames.h"

void df_next(struct parser *ps)
{
	ps->tk = df_lex_next(&ps->lx);
}

void df_fail_at(struct parser *ps, size_t pos, size_t len, const char *fmt, ...)
{
	if (ps->failed)
		return;
	ps->failed = true;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ps->err->msg, sizeof ps->err->msg, fmt, ap);
	va_end(ap);
	ps->err->col = (unsigned)pos + 1;
	ps->err->len = len ? (unsigned)len : 1;
}

void df_fail_tok(struct parser *ps, const char *what)
{
	if (ps->tk.t == TK_ERR)
		df_fail_at(ps, ps->tk.pos, ps->tk.len, "%s", ps->tk.err);
	else if (ps->tk.t == TK_EOF)
		df_fail_at(ps, ps->tk.pos, 1, "%s at the end of the filter", what);
	else
		df_fail_at(ps, ps->tk.pos, ps->tk.len, "\"%.*s\" was unexpected here (%s)",
			(int)ps->tk.len, ps->lx.src + ps->tk.pos, what);
}

struct df_node *df_newnode(struct parser *ps, enum df_op op)
{
	struct ps_dfilter *f = ps->f;
	if (f->nnodes == f->cap) { /* cannot happen: one node per token at most */
		df_fail_at(ps, ps->tk.pos, 1, "filter too complex");
		return 0;
	}
	struct df_node *n = &f->nodes[f->nnodes++];
	n->op = (uint8_t)op;
	return n;
}

struct df_node *df_join(struct parser *ps, enum df_op op, struct df_node *a, struct df_node *b)
{
	struct df_node *n = df_newnode(ps, op);
	if (n) {
		n->a = a;
		n->b = b;
	}
	return n;
}

struct df_lit *df_lit_alloc(struct parser *ps)
{
	if (ps->nlits == ps->litcap) {
		df_fail_at(ps, ps->tk.pos, 1, "filter too complex");
		return 0;
	}
	return &ps->lits[ps->nlits++];
}

/* A literal of the field's type from the current token (a word or a string). */
/* A character constant ('a') against field fl: its value for an integer,
 * a boolean (0 or 1) and a string (the one character); an error for the
 * rest, as tshark 4.0 ("cannot be converted"). */
static int char_value(struct parser *ps, const struct df_field *fl, struct df_lit *out)
{
	const struct df_token *tk = &ps->tk;
	unsigned v = (unsigned char)tk->s[4];
	unsigned t = fl->type;
	memset(out, 0, sizeof *out);
	out->v.type = (uint8_t)t;
	if (t == DF_T_STR) {
		out->v.v.s.p = tk->s + 4;
		out->v.v.s.n = 1;
	} else if (t == DF_T_UINT || t == DF_T_INT) {
		out->v.v.u = v;
	} else if (t == DF_T_BOOL) { /* as a number: 'a' is true */
		out->v.v.u = v != 0;
	} else {
		df_fail_at(ps, tk->pos, tk->len, "Character constant %.*s (0x%02x) cannot be converted to %s",
			   (int)tk->len, ps->lx.src + tk->pos, v, df_type_name((enum df_type)t));
		return -1;
	}
	if (fl->bits && fl->bits < 64 && (uint64_t)v >> fl->bits) {
		df_fail_at(ps, tk->pos, tk->len, "%.*s too big for this field, maximum %llu",
			   (int)tk->len, ps->lx.src + tk->pos, (unsigned long long)((1ull << fl->bits) - 1));
		return -1;
	}
	df_next(ps);
	return 0;
}

/* A time literal with text after its fraction ("1.5e-1", "1.6e9"): tshark
 * 4.0 ignores that text, and so does pktscope, to select what tshark
 * selects; the filter says so (ps_dfilter_warning), since 1.5e-1 was
 * surely meant as 0.15 s. */
static void time_note(struct parser *ps, const struct df_token *tk)
{
	size_t keep = df_time_rest(tk->s, tk->n);
	if (keep == tk->n || ps->f->warn[0])
		return;
	size_t shown = keep - (tk->s[keep - 1] == '.'); /* "1.e3": 1 s */
	snprintf(ps->f->warn, sizeof ps->f->warn,
		 "\"%.*s\" is read as %.*s s (tshark 4.0 ignores \"%.*s\" after a time's fraction)",
		 (int)(tk->n > 40 ? 40 : tk->n), tk->s, (int)(shown > 30 ? 30 : shown), tk->s,
		 (int)(tk->n - keep > 30 ? 30 : tk->n - keep), tk->s + keep);
}

/* The kind of value names (df_vstr_kind) the current token may be for
 * field fl: 0 when it is not a literal for them (another context, a
 * protocol or field name, an arithmetic operand: "TCP + 1"). */
static char name_kind(const struct parser *ps, const struct df_field *fl)
{
	const struct df_token *tk = &ps->tk;
	if (ps->vs != fl || (fl->type != DF_T_UINT && fl->type != DF_T_BOOL) || tk->chr ||
	    (tk->t == TK_WORD && df_known_name(tk->s, tk->n)))
		return 0;
	struct df_lexer at = ps->lx;
	enum df_tok next = df_lex_next(&at).t;
	if (next == TK_PLUS || next == TK_MINUS || next == TK_STAR || next == TK_SLASH ||
	    next == TK_PERCENT)
		return 0;
	return df_vstr_kind(fl->name);
}

/* The current token as one of fl's value names (tshark 4.0: a quoted
 * string, or a word that is not a number). */
static int value_name(struct parser *ps, const struct df_field *fl, struct df_lit *out, char kind)
{
	const struct df_token *tk = &ps->tk;
	uint64_t v = 0;
	if (kind == 'R') {
		df_fail_at(ps, tk->pos, tk->len, "\"%s\" cannot accept [range] strings as values",
			   fl->name);
		return -1;
	}
	if (!df_vstr_lookup(fl->name, tk->s, tk->n, tk->t == TK_STRING, &v)) {
		df_fail_at(ps, tk->pos, tk->len,
			   "\"%.*s\" cannot be found among the possible values for %s", (int)tk->n,
			   tk->s, fl->name);
		return -1;
	}
	memset(out, 0, sizeof *out);
	out->v.type = fl->type;
	out->v.v.u = v;
	df_next(ps);
	return 0;
}

int df_parse_value(struct parser *ps, const struct df_field *fl, struct df_lit *out)
{
	const struct df_token *tk = &ps->tk;
	if ((tk->t != TK_WORD && tk->t != TK_STRING) || (tk->field && df_known_name(tk->s, tk->n))) {
		df_fail_tok(ps, "expected a value");
		return -1;
	}
	if (tk->field) { /* ".5": tshark's explicit field, not the literal 0.5 */
		df_unknown_name(ps, tk);
		return -1;
	}
	if (fl->type == DF_T_BYTES && df_ws_name(tk)) { /* a protocol in tshark, not bytes */
		df_fail_at(ps, tk->pos, tk->len, "%s and %.*s are not of compatible types", fl->name,
			   (int)tk->n, tk->s);
		return -1;
	}
	if (tk->chr && fl->type != DF_T_BYTES)
		return char_value(ps, fl, out);
	if (fl->type == DF_T_BYTES)
		return df_parse_bytes_lit(ps, out);
	bool quoted = tk->t == TK_STRING;
	const char *why = "";
	char kind = name_kind(ps, fl); /* "ip.proto == TCP", "ip.flags.df == \"Set\"" */
	if (kind && (quoted || df_lit_parse((enum df_type)fl->type, tk->s, tk->n, false, out, &why)))
		return value_name(ps, fl, out, kind);
	if (quoted && fl->type != DF_T_STR && fl->type != DF_T_DATE) {
		df_fail_at(ps, tk->pos, tk->len, "%s is a %s field: a quoted string cannot be compared with it",
			fl->name, df_type_name((enum df_type)fl->type));
		return -1;
	}
	if (df_lit_parse((enum df_type)fl->type, tk->s, tk->n, quoted, out, &why)) {
		df_fail_at(ps, tk->pos, tk->len, "\"%.*s\" is %s (field %s)", (int)tk->n, tk->s, why,
			fl->name);
		return -1;
	}
	if (fl->bits && fl->bits < 64 && out->v.v.u >> fl->bits) { /* tshark's width check */
		df_fail_at(ps, tk->pos, tk->len, "\"%.*s\" too big for this field, maximum %llu", (int)tk->n,
			tk->s, (unsigned long long)((1ull << fl->bits) - 1));
		return -1;
	}
	if (!quoted && fl->type == DF_T_TIME)
		time_note(ps, tk);
	if (!quoted && fl->type == DF_T_STR) {
		/* an unquoted word as a string: the filter keeps its own copy (the
		 * buffer has room: all literals together are shorter than the expression) */
		char *copy = ps->lx.buf + ps->lx.buf_used;
		memcpy(copy, tk->s, tk->n);
		ps->lx.buf_used += tk->n;
		out->v.v.s.p = copy;
	}
	df_next(ps);
	return 0;
}

/* A sign before a value: "+" changes nothing, "-" negates a number or a
 * time (tshark's unary minus: an unsigned value becomes a signed one, which
 * never compares with an unsigned field unless it is -0).  Other types
 * cannot be negated. */
int df_parse_signed(struct parser *ps, const struct df_field *fl, struct df_lit *out)
{
	enum df_tok sign = ps->tk.t;
	if (sign != TK_MINUS && sign != TK_PLUS)
		return df_parse_value(ps, fl, out);
	df_next(ps);
	struct df_token vt = ps->tk;
	if (sign == TK_PLUS || (vt.t != TK_WORD && vt.t != TK_STRING))
		return df_parse_value(ps, fl, out);
	if (vt.t == TK_STRING || vt.chr) {
		df_fail_at(ps, vt.pos, vt.len, "%.*s is not a valid arithmetic operand", (int)vt.len,
			ps->lx.src + vt.pos);
		return -1;
	}
	unsigned t = fl->type;
	if (df_find_proto(ps, vt.s, vt.n)) {
		df_fail_at(ps, vt.pos, vt.len, "%.*s is a protocol: it cannot be negated", (int)vt.n, vt.s);
		return -1;
	}
	if (t != DF_T_UINT && t != DF_T_INT && t != DF_T_TIME) {
		df_fail_at(ps, vt.pos, vt.len, "%s (%s) cannot be negated", fl->name,
			df_type_name((enum df_type)t));
		return -1;
	}
	const struct df_field *vs = ps->vs;
	ps->vs = 0; /* "-TCP": tshark wants a number */
	int rc = df_parse_value(ps, fl, out);
	ps->vs = vs;
	if (rc)
		return -1;
	struct df_val *v = &out->v;
	if (t == DF_T_TIME) {
		v->v.t.sec = v->v.t.ns ? -v->v.t.sec - 1 : -v->v.t.sec;
		v->v.t.ns = v->v.t.ns ? 1000000000u - v->v.t.ns : 0;
		return 0;
	}
	if (t == DF_T_INT) {
		v->v.i = -v->v.i;
		return 0;
	}
	/* tshark promotes an unsigned value to a signed one of 32 bits (64 for
	 * 64-bit fields) before negating it */
	uint64_t max = fl->bits == 64 ? (uint64_t)INT64_MAX : (uint64_t)INT32_MAX;
	if (v->v.u > max) {
		df_fail_at(ps, vt.pos, vt.len, "-%.*s overflows a %u-bit signed integer", (int)vt.n, vt.s,
			fl->bits == 64 ? 64u : 32u);
		return -1;
	}
	v->type = DF_T_INT;
	v->v.i = -(int64_t)v->v.u;
	return 0;
}

static bool df_numeric_type(unsigned t)
{
	return t == DF_T_UINT || t == DF_T_INT || t == DF_T_BOOL;
}

/* The row of a name tshark knows that pktscope does not decode (field:
 * a field, else a protocol), kept by the filter; NULL when not one. */
static struct df_ws_row *ws_row(struct parser *ps, const char *s, size_t n, bool field)
{
	char t = df_ws_lookup(field, s, n);
	if (!t)
		return 0;
	struct ps_dfilter *f = ps->f;
	for (unsigned i = 0; i < f->nws; i++) {
		struct df_ws_row *r = &f->ws[i];
		if ((r->type == 'P') == !field && strlen(r->name) == n && !memcmp(r->name, s, n))
			return r;
	}
	if (!f->ws && !(f->ws = calloc(DF_WS_ROWS, sizeof *f->ws))) {
		df_fail_at(ps, ps->tk.pos, 1, "out of memory");
		return 0;
	}
	if (f->nws == DF_WS_ROWS) {
		df_fail_at(ps, ps->tk.pos, 1, "more than %u names of protocols pktscope does not decode",
			   DF_WS_ROWS);
		return 0;
	}
	struct df_ws_row *r = &f->ws[f->nws++];
	df_ws_row(r, s, n, t);
	return r;
}

const struct df_field *df_find_field(struct parser *ps, const char *s, size_t n)
{
	const struct df_field *f = df_field_find(s, n);
	const struct df_ws_row *r = f ? 0 : ws_row(ps, s, n, true);
	return f ? f : r ? &r->f : 0;
}

const struct df_proto *df_find_proto(struct parser *ps, const char *s, size_t n)
{
	const struct df_proto *p = df_proto_find(s, n);
	const struct df_ws_row *r = p ? 0 : ws_row(ps, s, n, false);
	return p ? p : r ? &r->p : 0;
}

bool df_known_name(const char *s, size_t n)
{
	return df_field_find(s, n) || df_proto_find(s, n) || df_ws_lookup(true, s, n) ||
	       df_ws_lookup(false, s, n);
}

/* "diameter.cmd.code": a protocol tshark has whose fields the list leaves
 * out (scripts/gen-ws-names.py's cut), so not a misspelling. */
static bool unlisted_field(const struct df_token *w)
{
	const char *dot = memchr(w->s, '.', w->n);
	if (!dot || df_proto_find(w->s, (size_t)(dot - w->s)) ||
	    !df_ws_lookup(false, w->s, (size_t)(dot - w->s)))
		return false;
	return !df_ws_has_fields(w->s, (size_t)(dot - w->s));
}

struct df_node *df_unknown_name(struct parser *ps, const struct df_token *w)
{
	if (ps->failed) /* an error on the way (ws_row) */
		return 0;
	if (unlisted_field(w)) {
		const char *dot = memchr(w->s, '.', w->n);
		df_fail_at(ps, w->pos, w->len,
			   "\"%.*s\": pktscope does not decode %.*s and does not list its fields",
			   (int)w->n, w->s, (int)(dot - w->s), w->s);
		return 0;
	}
	const char *sug = df_suggest(w->s, w->n);
	df_fail_at(ps, w->pos, w->len, "unknown field \"%.*s\"", (int)w->n, w->s);
	char ws[DF_WS_NAME_MAX + 1];
	unsigned best = w->n < 6 ? 1 : w->n < 12 ? 2 : 3; /* as df_suggest: farther is no typo */
	if (sug)
		snprintf(ps->err->hint, sizeof ps->err->hint, "%s", sug);
	else if (df_ws_suggest(w->s, w->n, &best, ws))
		snprintf(ps->err->hint, sizeof ps->err->hint, "%s", ws);
	return 0;
}

/* What a function yields, as a row: literals and fields on the other side
 * are checked against it (count, len: unsigned 32-bit; upper, lower: strings). */
static const struct df_field fn_uint = {.name = "the function's value", .type = DF_T_UINT,
					.bits = 32};
static const struct df_field fn_str = {.name = "the function's value", .type = DF_T_STR};

enum df_fn df_fn_named(const struct df_token *w)
{
	static const char *const names[] = {[DF_FN_COUNT] = "count", [DF_FN_LEN] = "len",
					    [DF_FN_UPPER] = "upper", [DF_FN_LOWER] = "lower"};
	if (w->t != TK_WORD || w->field)
		return DF_FN_NONE;
	for (unsigned i = DF_FN_COUNT; i <= DF_FN_LOWER; i++)
		if (strlen(names[i]) == w->n && !memcmp(w->s, names[i], w->n))
			return (enum df_fn)i;
	return DF_FN_NONE;
}

const struct df_field *df_fn_row(enum df_fn fn)
{
	return fn == DF_FN_UPPER || fn == DF_FN_LOWER ? &fn_str : &fn_uint;
}

/* "NAME(FIELD)" with the current token "(" after NAME (w): the field, or
 * NULL on error. */
const struct df_field *df_parse_call(struct parser *ps, const struct df_token *w)
{
	df_next(ps);
	const struct df_field *f = ps->tk.t == TK_WORD ? df_find_field(ps, ps->tk.s, ps->tk.n) : 0;
	if (!f) {
		if (ps->tk.t == TK_WORD && df_find_proto(ps, ps->tk.s, ps->tk.n))
			df_fail_at(ps, ps->tk.pos, ps->tk.len, "%.*s() of a protocol is not supported",
				(int)w->n, w->s);
		else if (ps->tk.t == TK_WORD)
			df_unknown_name(ps, &ps->tk);
		else
			df_fail_tok(ps, "expected a field");
		return 0;
	}
	enum df_fn fn = df_fn_named(w);
	if ((fn == DF_FN_UPPER || fn == DF_FN_LOWER) && f->type != DF_T_STR) {
		df_fail_at(ps, ps->tk.pos, ps->tk.len, "%.*s() takes a string field", (int)w->n, w->s);
		return 0;
	}
	df_next(ps);
	if (ps->tk.t == TK_COMMA) {
		df_fail_at(ps, w->pos, w->len, "%.*s() takes one field", (int)w->n, w->s);
		return 0;
	}
	if (ps->tk.t != TK_RPAREN) {
		df_fail_tok(ps, "expected \")\"");
		return 0;
	}
	df_next(ps);
	return f;
}

/* A field as the right operand ("ip.src == ip.dst": as in tshark, a field
 * name wins over an unquoted literal), after an optional sign ("-tcp.srcport"
 * negates each value, as tshark).  Its type must agree with l's (the
 * numeric ones together).  1: *out and *neg set; 0: the operand is a value
 * (nothing consumed); -1: error. */
int df_parse_rhs_field(struct parser *ps, const struct df_field *l,
			   const struct df_field **out, bool *neg, uint8_t *fn)
{
	struct df_token sign = ps->tk;
	*fn = DF_FN_NONE;
	if (df_fn_named(&sign)) { /* "ip.ttl == count(ip.addr)" */
		struct df_lexer at = ps->lx;
		df_next(ps);
		if (ps->tk.t == TK_LPAREN) {
			struct df_token w = sign;
			if (df_fn_row(df_fn_named(&w))->type == DF_T_STR ? l->type != DF_T_STR
								    : !df_numeric_type(l->type)) {
				df_fail_at(ps, w.pos, w.len, "%s and %.*s() are not of compatible types",
					l->name, (int)w.n, w.s);
				return -1;
			}
			*neg = false;
			*fn = (uint8_t)df_fn_named(&w);
			return (*out = df_parse_call(ps, &w)) ? 1 : -1;
		}
		ps->lx = at;
		ps->tk = sign;
	}
	struct df_lexer at = ps->lx;
	bool signed_ = sign.t == TK_MINUS || sign.t == TK_PLUS;
	if (signed_)
		df_next(ps);
	const struct df_field *r = ps->tk.t == TK_WORD ? df_find_field(ps, ps->tk.s, ps->tk.n) : 0;
	if (!r) {
		if (signed_) { /* a signed value: parse_signed takes it from the sign */
			ps->lx = at;
			ps->tk = sign;
		}
		return 0;
	}
	*neg = sign.t == TK_MINUS;
	/* tshark negates absolute times too, but compares the result with no
	 * time sensibly: refused here rather than disagreeing */
	if (*neg && r->type != DF_T_UINT && r->type != DF_T_INT) {
		df_fail_at(ps, ps->tk.pos, ps->tk.len, "%s (%s) cannot be negated", r->name,
			df_type_name((enum df_type)r->type));
		return -1;
	}
	if (r->type == DF_T_NONE || (l->type != r->type &&
				     !(df_numeric_type(l->type) && df_numeric_type(r->type)))) {
		df_fail_at(ps, ps->tk.pos, ps->tk.len, "%s and %s are not of compatible types", l->name,
			r->name);
		return -1;
	}
	*out = r;
	df_next(ps);
	return 1;
}

/* The bound after ".." of a range in n's set, lo being its lower one:
 * a field ("-ip.ttl#1", "len(ip.src)") or a literal. */
static struct df_x *range_hi(struct parser *ps, struct df_node *n)
{
	const struct df_field *hf;
	bool neg = false;
	uint8_t hfn;
	struct df_token ht = ps->tk;
	struct df_x *hx;
	int call = ps->elem_call(ps, n->f, &hx); /* "{1..len(ip.src#1)}" */
	if (call)
		return call > 0 ? hx : 0;
	int isf = df_parse_rhs_field(ps, n->f, &hf, &neg, &hfn);
	if (isf < 0)
		return 0;
	if (!isf) {
		struct df_lit hl;
		return df_parse_signed(ps, n->f, &hl) ? 0 : ps->lit_x(ps, &hl);
	}
	bool sel = ps->tk.t == TK_HASH || ps->tk.t == TK_LBRACKET;
	if (sel && hfn) {
		df_fail_tok(ps, "expected \",\" or \"}\" in a set");
		return 0;
	}
	return sel ? ps->set_field(ps, hf, &ht, neg) : ps->bound(ps, hf, &ht, neg, hfn);
}

/* "lo..hi" of n's set with a field as a bound (lo parsed, at ".."): a
 * DF_OP_IN_RANGE node, evaluated on its own (tshark 4.0's in-range test,
 * each bound one value). */
static struct df_node *range_node(struct parser *ps, struct df_node *n, struct df_x *lo)
{
	df_next(ps);
	struct df_x *hi = lo ? range_hi(ps, n) : 0;
	struct df_node *e = hi ? df_newnode(ps, DF_OP_IN_RANGE) : 0;
	if (!e)
		return 0;
	e->f = n->f;
	e->fn[0] = n->fn[0];
	e->x[0] = n->x[0];
	e->x[1] = lo;
	e->x_hi = hi;
	return e;
}

/* Is the token after ".." (the current one) a field, maybe signed or a
 * function of one, that makes the range a field range? */
static bool field_after(struct parser *ps)
{
	struct df_lexer at = ps->lx;
	struct df_token t0 = ps->tk;
	df_next(ps); /* past ".." */
	if (ps->tk.t == TK_MINUS || ps->tk.t == TK_PLUS)
		df_next(ps);
	bool f = ps->tk.t == TK_WORD && (df_find_field(ps, ps->tk.s, ps->tk.n) || df_fn_named(&ps->tk));
	ps->lx = at;
	ps->tk = t0;
	return f;
}

static struct df_node *set_elems(struct parser *ps, struct df_node *n);

/* "X in {a, b..c, F, F1..F2}": the literals and ranges stay in n (one IN
 * test); each field element F becomes "X == F" ORed with it, which is
 * tshark's meaning (any occurrence of X equal to any of F), and each range
 * with a field bound one DF_OP_IN_RANGE node. */
struct df_node *df_parse_set(struct parser *ps, struct df_node *n)
{
	if (ps->tk.t != TK_LBRACE) {
		df_fail_tok(ps, "expected \"{\" after \"in\"");
		return 0;
	}
	df_next(ps);
	n->lits = &ps->lits[ps->nlits];
	const struct df_field *vs = ps->vs;
	ps->vs = n->fn[0] ? 0 : n->f; /* "ip.proto in {TCP, UDP}" */
	struct df_node *r = set_elems(ps, n);
	ps->vs = vs;
	return r;
}

/* The elements of n's set after "{" (df_parse_set). */
static struct df_node *set_elems(struct parser *ps, struct df_node *n)
{
	struct df_node *fields = 0;
	for (;;) {
		const struct df_field *ef;
		bool neg = false;
		struct df_token et = ps->tk;
		uint8_t efn;
		struct df_x *cx = 0;
		int call = ps->elem_call(ps, n->f, &cx); /* "{len(ip.src#1)}", "{max(ip.ttl, 1)}" */
		if (call < 0)
			return 0;
		if (call) {
			struct df_node *e;
			if (ps->tk.t == TK_RANGE) {
				e = range_node(ps, n, cx);
			} else if ((e = df_newnode(ps, DF_OP_EQ))) {
				e->f = n->f;
				e->x[0] = n->x[0];
				e->x[1] = cx;
			}
			if (!e || !(fields = fields ? df_join(ps, DF_OP_OR, fields, e) : e))
				return 0;
			goto next;
		}
		int isf = df_parse_rhs_field(ps, n->f, &ef, &neg, &efn);
		if (isf < 0)
			return 0;
		if (isf) {
			struct df_x *ex = 0; /* "ip.src in {ip.dst#1}": ef on its layers */
			bool sel = ps->tk.t == TK_HASH || ps->tk.t == TK_LBRACKET;
			if (sel && efn) {
				df_fail_tok(ps, "expected \",\" or \"}\" in a set");
				return 0;
			}
			if (sel && !(ex = ps->set_field(ps, ef, &et, neg)))
				return 0;
			struct df_node *e;
			if (ps->tk.t == TK_RANGE) { /* "{tcp.srcport..tcp.dstport}" */
				e = range_node(ps, n, ex ? ex : ps->bound(ps, ef, &et, neg, efn));
			} else if ((e = df_newnode(ps, DF_OP_EQ))) {
				e->f = n->f;
				e->x[0] = n->x[0]; /* "ip.src#1 in {ip.dst}": the same selection */
				e->x[1] = ex;
				e->f2 = ef;
				e->neg2 = neg && !ex; /* ex negates itself */
				e->fn[1] = efn;
			}
			if (!e || !(fields = fields ? df_join(ps, DF_OP_OR, fields, e) : e))
				return 0;
		} else {
			struct df_lit *l = df_lit_alloc(ps);
			if (!l || df_parse_signed(ps, n->f, l))
				return 0;
			if (ps->tk.t == TK_RANGE && field_after(ps)) { /* "{1..ip.ttl#1}" */
				ps->nlits--; /* l, the last literal, moves into an expression */
				struct df_node *e = range_node(ps, n, ps->lit_x(ps, l));
				if (!e || !(fields = fields ? df_join(ps, DF_OP_OR, fields, e) : e))
					return 0;
			} else if (ps->tk.t == TK_RANGE) {
				df_next(ps);
				struct df_lit hi;
				if (df_parse_signed(ps, n->f, &hi))
					return 0;
				l->has_hi = true;
				l->hi = hi.v;
				n->nlits++;
			} else {
				n->nlits++;
			}
		}
next:
		if (ps->tk.t == TK_RBRACE)
			break;
		if (ps->tk.t != TK_COMMA) {
			df_fail_tok(ps, "expected \",\" or \"}\" in a set");
			return 0;
		}
		df_next(ps);
	}
	df_next(ps);
	if (!fields)
		return n;
	return n->nlits ? df_join(ps, DF_OP_OR, n, fields) : fields;
}

int df_compile_re(struct parser *ps, struct df_node *n)
{
	int code;
	PCRE2_SIZE at;
	const struct df_token *tk = &ps->tk;
	if (tk->t != TK_STRING && tk->t != TK_WORD) {
		df_fail_tok(ps, "expected a regular expression");
		return -1;
	}
	/* tshark 4.0's "matches" ignores case ("(?-i)" turns that off) */
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)tk->s, tk->n, PCRE2_CASELESS, &code, &at, 0);
	if (!re) {
		PCRE2_UCHAR msg[120];
		pcre2_get_error_message(code, msg, sizeof msg);
		df_fail_at(ps, tk->pos, tk->len, "invalid regular expression: %s (at offset %zu)",
			(const char *)msg, (size_t)at);
		return -1;
	}
	n->re = re;
	n->md = pcre2_match_data_create_from_pattern(re, 0);
	if (!n->md) {
		df_fail_at(ps, tk->pos, tk->len, "out of memory");
		return -1;
	}
	df_next(ps);
	return 0;
}

enum df_op df_relop(enum df_tok t)
{
	switch (t) {
	case TK_EQ: return DF_OP_EQ;
	case TK_ALL_EQ: return DF_OP_ALL_EQ;
	case TK_NE: return DF_OP_NE;
	case TK_ANY_NE: return DF_OP_ANY_NE;
	case TK_LT: return DF_OP_LT;
	case TK_LE: return DF_OP_LE;
	case TK_GT: return DF_OP_GT;
	case TK_GE: return DF_OP_GE;
	case TK_CONTAINS: return DF_OP_CONTAINS;
	case TK_MATCHES: return DF_OP_MATCHES;
	case TK_IN: return DF_OP_IN;
	default: return 0;
	}
}

bool df_ws_name(const struct df_token *w)
{
	static const char *const names[] = {"dc", "fc", "ff", "fc00", "fefd", "e100", "e164",
					    "e212", "dc.dc"};
	for (unsigned i = 0; w->t == TK_WORD && i < sizeof names / sizeof names[0]; i++)
		if (strlen(names[i]) == w->n && !memcmp(w->s, names[i], w->n))
			return true;
	return false;
}

int df_parse_bytes_lit(struct parser *ps, struct df_lit *out)
{
	const struct df_token *tk = &ps->tk;
	memset(out, 0, sizeof *out);
	out->v.type = DF_T_BYTES;
	if (tk->t == TK_STRING) {
		out->v.v.s.p = tk->s;
		out->v.v.s.n = (uint32_t)tk->n;
		df_next(ps);
		return 0;
	}
	if (tk->t != TK_WORD || tk->field) {
		df_fail_tok(ps, "expected a string or bytes");
		return -1;
	}
	char *dst = ps->lx.buf + ps->lx.buf_used; /* shorter than the word */
	if (df_bytes_parse(tk->s, tk->n, dst, &out->v.v.s.n)) {
		df_fail_at(ps, tk->pos, tk->len, "\"%.*s\" is not a valid byte string", (int)tk->n,
			   tk->s);
		return -1;
	}
	ps->lx.buf_used += out->v.v.s.n;
	out->v.v.s.p = dst;
	df_next(ps);
	return 0;
}
