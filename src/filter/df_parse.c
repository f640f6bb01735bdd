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
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "df_int.h"
#include "df_lex.h"
#include "ps_dissect.h"
#include "ps_hex.h"

#define DF_MAX_EXPR 65536u
#define DF_MAX_DEPTH 200 /* nesting of parentheses and "not": bounds the recursion */

struct parser {
	struct df_lexer lx;
	struct df_token tk; /* current token */
	struct ps_dfilter *f;
	struct df_lit *lits; /* literal pool: one per token at most */
	unsigned nlits, litcap;
	struct ps_dfilter_err *err;
	unsigned depth;
	bool failed;
};

static void next(struct parser *ps)
{
	ps->tk = df_lex_next(&ps->lx);
}

static void fail_at(struct parser *ps, size_t pos, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void fail_at(struct parser *ps, size_t pos, size_t len, const char *fmt, ...)
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

static void fail_tok(struct parser *ps, const char *what)
{
	if (ps->tk.t == TK_ERR)
		fail_at(ps, ps->tk.pos, ps->tk.len, "%s", ps->tk.err);
	else if (ps->tk.t == TK_EOF)
		fail_at(ps, ps->tk.pos, 1, "%s at the end of the filter", what);
	else
		fail_at(ps, ps->tk.pos, ps->tk.len, "\"%.*s\" was unexpected here (%s)",
			(int)ps->tk.len, ps->lx.src + ps->tk.pos, what);
}

static struct df_node *node(struct parser *ps, enum df_op op)
{
	struct ps_dfilter *f = ps->f;
	if (f->nnodes == f->cap) { /* cannot happen: one node per token at most */
		fail_at(ps, ps->tk.pos, 1, "filter too complex");
		return 0;
	}
	struct df_node *n = &f->nodes[f->nnodes++];
	n->op = (uint8_t)op;
	return n;
}

static struct df_node *join(struct parser *ps, enum df_op op, struct df_node *a, struct df_node *b)
{
	struct df_node *n = node(ps, op);
	if (n) {
		n->a = a;
		n->b = b;
	}
	return n;
}

static struct df_lit *lit_alloc(struct parser *ps)
{
	if (ps->nlits == ps->litcap) {
		fail_at(ps, ps->tk.pos, 1, "filter too complex");
		return 0;
	}
	return &ps->lits[ps->nlits++];
}

static struct df_node *parse_or(struct parser *ps);

/* A literal of the field's type from the current token (a word or a string). */
static int parse_bytes(struct parser *ps, struct df_lit *out);

static int parse_value(struct parser *ps, const struct df_field *fl, struct df_lit *out)
{
	const struct df_token *tk = &ps->tk;
	if (tk->t != TK_WORD && tk->t != TK_STRING) {
		fail_tok(ps, "expected a value");
		return -1;
	}
	if (fl->type == DF_T_BYTES) /* its values are strings of bytes */
		return parse_bytes(ps, out);
	bool quoted = tk->t == TK_STRING;
	if (quoted && fl->type != DF_T_STR && fl->type != DF_T_DATE) {
		fail_at(ps, tk->pos, tk->len, "%s is a %s field: a quoted string cannot be compared with it",
			fl->name, df_type_name((enum df_type)fl->type));
		return -1;
	}
	const char *why = "";
	if (df_lit_parse((enum df_type)fl->type, tk->s, tk->n, quoted, out, &why)) {
		fail_at(ps, tk->pos, tk->len, "\"%.*s\" is %s (field %s)", (int)tk->n, tk->s, why,
			fl->name);
		return -1;
	}
	if (fl->bits && fl->bits < 64 && out->v.v.u >> fl->bits) { /* tshark's width check */
		fail_at(ps, tk->pos, tk->len, "\"%.*s\" too big for this field, maximum %llu", (int)tk->n,
			tk->s, (unsigned long long)((1ull << fl->bits) - 1));
		return -1;
	}
	if (!quoted && fl->type == DF_T_STR) {
		/* an unquoted word as a string: the filter keeps its own copy (the
		 * buffer has room: all literals together are shorter than the expression) */
		char *copy = ps->lx.buf + ps->lx.buf_used;
		memcpy(copy, tk->s, tk->n);
		ps->lx.buf_used += tk->n;
		out->v.v.s.p = copy;
	}
	next(ps);
	return 0;
}

/* A sign before a value: "+" changes nothing, "-" negates a number or a
 * time (tshark's unary minus: an unsigned value becomes a signed one, which
 * never compares with an unsigned field unless it is -0).  Other types
 * cannot be negated. */
static int parse_signed(struct parser *ps, const struct df_field *fl, struct df_lit *out)
{
	enum df_tok sign = ps->tk.t;
	if (sign != TK_MINUS && sign != TK_PLUS)
		return parse_value(ps, fl, out);
	next(ps);
	struct df_token vt = ps->tk;
	if (sign == TK_PLUS || (vt.t != TK_WORD && vt.t != TK_STRING))
		return parse_value(ps, fl, out);
	if (vt.t == TK_STRING) {
		fail_at(ps, vt.pos, vt.len, "\"%.*s\" is not a valid arithmetic operand", (int)vt.n,
			vt.s);
		return -1;
	}
	unsigned t = fl->type;
	if (df_field_find(vt.s, vt.n)) { /* a field after "..": parse_rhs_field takes the others */
		fail_at(ps, vt.pos, vt.len, "a range's bounds must be values, not fields");
		return -1;
	}
	if (df_proto_find(vt.s, vt.n)) {
		fail_at(ps, vt.pos, vt.len, "%.*s is a protocol: it cannot be negated", (int)vt.n, vt.s);
		return -1;
	}
	if (t != DF_T_UINT && t != DF_T_INT && t != DF_T_TIME) {
		fail_at(ps, vt.pos, vt.len, "%s (%s) cannot be negated", fl->name,
			df_type_name((enum df_type)t));
		return -1;
	}
	if (parse_value(ps, fl, out))
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
		fail_at(ps, vt.pos, vt.len, "-%.*s overflows a %u-bit signed integer", (int)vt.n, vt.s,
			fl->bits == 64 ? 64u : 32u);
		return -1;
	}
	v->type = DF_T_INT;
	v->v.i = -(int64_t)v->v.u;
	return 0;
}

static bool numeric_type(unsigned t)
{
	return t == DF_T_UINT || t == DF_T_INT || t == DF_T_BOOL;
}

static struct df_node *unknown_name(struct parser *ps, const struct df_token *w)
{
	const char *sug = df_suggest(w->s, w->n);
	fail_at(ps, w->pos, w->len, "unknown field \"%.*s\"", (int)w->n, w->s);
	if (sug)
		snprintf(ps->err->hint, sizeof ps->err->hint, "%s", sug);
	return 0;
}

/* What a function yields, as a row: literals and fields on the other side
 * are checked against it (count, len: unsigned 32-bit; upper, lower: strings). */
static const struct df_field fn_uint = {.name = "the function's value", .type = DF_T_UINT,
					.bits = 32};
static const struct df_field fn_str = {.name = "the function's value", .type = DF_T_STR};

static enum df_fn fn_named(const struct df_token *w)
{
	static const char *const names[] = {[DF_FN_COUNT] = "count", [DF_FN_LEN] = "len",
					    [DF_FN_UPPER] = "upper", [DF_FN_LOWER] = "lower"};
	if (w->t != TK_WORD)
		return DF_FN_NONE;
	for (unsigned i = DF_FN_COUNT; i <= DF_FN_LOWER; i++)
		if (strlen(names[i]) == w->n && !memcmp(w->s, names[i], w->n))
			return (enum df_fn)i;
	return DF_FN_NONE;
}

static const struct df_field *fn_row(enum df_fn fn)
{
	return fn == DF_FN_UPPER || fn == DF_FN_LOWER ? &fn_str : &fn_uint;
}

/* "NAME(FIELD)" with the current token "(" after NAME (w): the field, or
 * NULL on error. */
static const struct df_field *parse_call(struct parser *ps, const struct df_token *w)
{
	next(ps);
	const struct df_field *f = ps->tk.t == TK_WORD ? df_field_find(ps->tk.s, ps->tk.n) : 0;
	if (!f) {
		if (ps->tk.t == TK_WORD && df_proto_find(ps->tk.s, ps->tk.n))
			fail_at(ps, ps->tk.pos, ps->tk.len, "%.*s() of a protocol is not supported",
				(int)w->n, w->s);
		else if (ps->tk.t == TK_WORD)
			unknown_name(ps, &ps->tk);
		else
			fail_tok(ps, "expected a field");
		return 0;
	}
	enum df_fn fn = fn_named(w);
	if ((fn == DF_FN_UPPER || fn == DF_FN_LOWER) && f->type != DF_T_STR) {
		fail_at(ps, ps->tk.pos, ps->tk.len, "%.*s() takes a string field", (int)w->n, w->s);
		return 0;
	}
	next(ps);
	if (ps->tk.t == TK_COMMA) {
		fail_at(ps, w->pos, w->len, "%.*s() takes one field", (int)w->n, w->s);
		return 0;
	}
	if (ps->tk.t != TK_RPAREN) {
		fail_tok(ps, "expected \")\"");
		return 0;
	}
	next(ps);
	return f;
}

/* A field as the right operand ("ip.src == ip.dst": as in tshark, a field
 * name wins over an unquoted literal), after an optional sign ("-tcp.srcport"
 * negates each value, as tshark).  Its type must agree with l's (the
 * numeric ones together).  1: *out and *neg set; 0: the operand is a value
 * (nothing consumed); -1: error. */
static int parse_rhs_field(struct parser *ps, const struct df_field *l,
			   const struct df_field **out, bool *neg, uint8_t *fn)
{
	struct df_token sign = ps->tk;
	*fn = DF_FN_NONE;
	if (fn_named(&sign)) { /* "ip.ttl == count(ip.addr)" */
		struct df_lexer at = ps->lx;
		next(ps);
		if (ps->tk.t == TK_LPAREN) {
			struct df_token w = sign;
			if (fn_row(fn_named(&w))->type == DF_T_STR ? l->type != DF_T_STR
								    : !numeric_type(l->type)) {
				fail_at(ps, w.pos, w.len, "%s and %.*s() are not of compatible types",
					l->name, (int)w.n, w.s);
				return -1;
			}
			*neg = false;
			*fn = (uint8_t)fn_named(&w);
			return (*out = parse_call(ps, &w)) ? 1 : -1;
		}
		ps->lx = at;
		ps->tk = sign;
	}
	struct df_lexer at = ps->lx;
	bool signed_ = sign.t == TK_MINUS || sign.t == TK_PLUS;
	if (signed_)
		next(ps);
	const struct df_field *r = ps->tk.t == TK_WORD ? df_field_find(ps->tk.s, ps->tk.n) : 0;
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
		fail_at(ps, ps->tk.pos, ps->tk.len, "%s (%s) cannot be negated", r->name,
			df_type_name((enum df_type)r->type));
		return -1;
	}
	if (r->type == DF_T_NONE || (l->type != r->type &&
				     !(numeric_type(l->type) && numeric_type(r->type)))) {
		fail_at(ps, ps->tk.pos, ps->tk.len, "%s and %s are not of compatible types", l->name,
			r->name);
		return -1;
	}
	*out = r;
	next(ps);
	return 1;
}

/* "X in {a, b..c, F}": the literals and ranges stay in n (one IN test);
 * each field element F becomes "X == F" ORed with it, which is tshark's
 * meaning (any occurrence of X equal to any of F). */
static struct df_node *parse_set(struct parser *ps, struct df_node *n)
{
	if (ps->tk.t != TK_LBRACE) {
		fail_tok(ps, "expected \"{\" after \"in\"");
		return 0;
	}
	next(ps);
	n->lits = &ps->lits[ps->nlits];
	struct df_node *fields = 0;
	for (;;) {
		const struct df_field *ef;
		bool neg = false;
		struct df_token et = ps->tk;
		uint8_t efn;
		int isf = parse_rhs_field(ps, n->f, &ef, &neg, &efn);
		if (isf < 0)
			return 0;
		if (isf) {
			if (ps->tk.t == TK_RANGE) { /* tshark 4.0 aborts on a repeated field there */
				fail_at(ps, et.pos, et.len, "a range's bounds must be values, not fields");
				return 0;
			}
			struct df_node *e = node(ps, DF_OP_EQ);
			if (!e)
				return 0;
			e->f = n->f;
			e->f2 = ef;
			e->neg2 = neg;
			e->fn[1] = efn;
			if (!(fields = fields ? join(ps, DF_OP_OR, fields, e) : e))
				return 0;
		} else {
			struct df_lit *l = lit_alloc(ps);
			if (!l || parse_signed(ps, n->f, l))
				return 0;
			if (ps->tk.t == TK_RANGE) {
				next(ps);
				struct df_lit hi;
				if (ps->tk.t == TK_WORD && df_field_find(ps->tk.s, ps->tk.n)) {
					fail_at(ps, ps->tk.pos, ps->tk.len,
						"a range's bounds must be values, not fields");
					return 0;
				}
				if (parse_signed(ps, n->f, &hi))
					return 0;
				l->has_hi = true;
				l->hi = hi.v;
			}
			n->nlits++;
		}
		if (ps->tk.t == TK_RBRACE)
			break;
		if (ps->tk.t != TK_COMMA) {
			fail_tok(ps, "expected \",\" or \"}\" in a set");
			return 0;
		}
		next(ps);
	}
	next(ps);
	if (!fields)
		return n;
	return n->nlits ? join(ps, DF_OP_OR, n, fields) : fields;
}

static int compile_re(struct parser *ps, struct df_node *n)
{
	int code;
	PCRE2_SIZE at;
	const struct df_token *tk = &ps->tk;
	if (tk->t != TK_STRING && tk->t != TK_WORD) {
		fail_tok(ps, "expected a regular expression");
		return -1;
	}
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)tk->s, tk->n, 0, &code, &at, 0);
	if (!re) {
		PCRE2_UCHAR msg[120];
		pcre2_get_error_message(code, msg, sizeof msg);
		fail_at(ps, tk->pos, tk->len, "invalid regular expression: %s (at offset %zu)",
			(const char *)msg, (size_t)at);
		return -1;
	}
	n->re = re;
	n->md = pcre2_match_data_create_from_pattern(re, 0);
	if (!n->md) {
		fail_at(ps, tk->pos, tk->len, "out of memory");
		return -1;
	}
	next(ps);
	return 0;
}

static enum df_op relop(enum df_tok t)
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

static struct df_node *parse_test_op(struct parser *ps, const struct df_token *wt,
				     const struct df_field *fl, enum df_op op);

/* A byte string: "GET" (quoted), 47.45.54, 47:45:54, 47-45-54, 7a, 0x7a.
 * The bytes go to the lexer's buffer (shorter than the word). */
static int parse_bytes(struct parser *ps, struct df_lit *out)
{
	const struct df_token *tk = &ps->tk;
	memset(out, 0, sizeof *out);
	out->v.type = DF_T_STR;
	if (tk->t == TK_STRING) {
		out->v.v.s.p = tk->s;
		out->v.v.s.n = (uint32_t)tk->n;
		next(ps);
		return 0;
	}
	if (tk->t != TK_WORD) {
		fail_tok(ps, "expected a string or bytes");
		return -1;
	}
	const char *s = tk->s;
	size_t n = tk->n, i = 0;
	char *dst = ps->lx.buf + ps->lx.buf_used;
	uint32_t k = 0;
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && n <= 4) /* one byte, 0x7a */
		i = 2;
	while (i < n) {
		int hi = ps_hexval(s[i]), lo = i + 1 < n ? ps_hexval(s[i + 1]) : -1;
		if (hi < 0 || lo < 0 || (i + 2 < n && !strchr(":.-", s[i + 2])) ||
		    (i + 2 == n - 1)) {
			fail_at(ps, tk->pos, tk->len, "\"%.*s\" is not a string or bytes (aa:bb:cc)",
				(int)n, s);
			return -1;
		}
		dst[k++] = (char)(hi << 4 | lo);
		i += 3;
	}
	ps->lx.buf_used += k;
	out->v.v.s.p = dst;
	out->v.v.s.n = k;
	next(ps);
	return 0;
}

/* "PROTOCOL contains BYTES": the protocol's bytes (from its header to the
 * end of the frame; all of them for "frame") hold the sequence. */
static struct df_node *parse_proto_contains(struct parser *ps, const struct df_token *w,
					    const struct df_proto *proto)
{
	next(ps);
	struct df_node *n = node(ps, DF_OP_CONTAINS);
	if (!n || !(n->lits = lit_alloc(ps)) || parse_bytes(ps, n->lits))
		return 0;
	(void)w;
	n->nlits = 1;
	n->frame = strcmp(proto->json, "frame") == 0;
	n->proto_tag = (uint8_t)df_proto_tag(proto->json);
	n->proto = proto;
	return n;
}

/* "count(FIELD) OP ...", "len(FIELD) OP ...": the function's values
 * compared (not tested for presence, not in a set: as tshark). */
static struct df_node *parse_fn_test(struct parser *ps, const struct df_token *w)
{
	const struct df_field *f = parse_call(ps, w);
	if (!f)
		return 0;
	enum df_op op = relop(ps->tk.t);
	if (!op || op == DF_OP_IN) {
		fail_at(ps, w->pos, w->len, op ? "only a field may be tested for membership in a set"
					       : "a function's value cannot be tested for presence");
		return 0;
	}
	struct df_node *n = parse_test_op(ps, w, fn_row(fn_named(w)), op);
	if (n) {
		n->f = f;
		n->fn[0] = (uint8_t)fn_named(w);
	}
	return n;
}

/* "FIELD & MASK [OP VALUE]": each value ANDed with the mask, then tested for
 * non-zero or compared (as tshark: integers, addresses; not "in"). */
static struct df_node *parse_masked(struct parser *ps, const struct df_token *w,
				    const struct df_field *fl)
{
	next(ps);
	unsigned t = fl->type;
	/* IPv6 too in tshark 4.0, but its result there matches addresses the
	 * mask excludes: refused rather than disagreeing */
	if (t != DF_T_UINT && t != DF_T_IPV4 && t != DF_T_MAC) {
		fail_at(ps, w->pos, w->len, "%s (%s) cannot be masked with \"&\"", fl->name,
			df_type_name((enum df_type)t));
		return 0;
	}
	struct df_lit *m = lit_alloc(ps);
	if (!m || parse_signed(ps, fl, m))
		return 0;
	if (m->v.type == DF_T_INT) { /* -1: tshark ANDs its 32-bit pattern */
		m->v.type = DF_T_UINT;
		m->v.v.u = (uint32_t)m->v.v.i;
	}
	enum df_op op = relop(ps->tk.t);
	struct df_node *n;
	if (!op) {
		n = node(ps, DF_OP_FIELD);
		if (n)
			n->f = fl;
	} else if (op == DF_OP_IN || op == DF_OP_CONTAINS || op == DF_OP_MATCHES) {
		fail_tok(ps, "a masked field takes == != < <= > >= === ~=");
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
	const struct df_field *fl = df_field_find(w.s, w.n);
	const struct df_proto *proto = fl ? 0 : df_proto_find(w.s, w.n);
	next(ps);
	if (!fl && !proto && ps->tk.t == TK_LPAREN && fn_named(&w))
		return parse_fn_test(ps, &w);
	enum df_op op = relop(ps->tk.t);
	if (!fl && !proto)
		return unknown_name(ps, &w);
	if (fl && ps->tk.t == TK_BITAND)
		return parse_masked(ps, &w, fl);
	if (fl && ps->tk.t == TK_NOT) { /* "X not in {...}" is "not (X in {...})" */
		next(ps);
		if (ps->tk.t != TK_IN) {
			fail_tok(ps, "expected \"in\" after \"not\"");
			return 0;
		}
		struct df_node *in = parse_test_op(ps, &w, fl, DF_OP_IN);
		return in ? join(ps, DF_OP_NOT, in, 0) : 0;
	}
	if (!op) {
		struct df_node *n = node(ps, fl ? DF_OP_FIELD : DF_OP_PROTO);
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
		fail_at(ps, w.pos, w.len, "%.*s is a protocol: it can be tested for presence only", (int)w.n, w.s);
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
		fail_at(ps, w.pos, w.len, "%s is a label: it can be tested for presence only", fl->name);
		return 0;
	}
	next(ps);
	struct df_node *n = node(ps, op);
	if (!n)
		return 0;
	n->f = fl;
	if ((op == DF_OP_CONTAINS || op == DF_OP_MATCHES) && fl->type != DF_T_STR &&
	    fl->type != DF_T_BYTES) {
		fail_at(ps, w.pos, w.len, "%s (%s) cannot take part in a \"%.*s\" comparison", fl->name,
			df_type_name((enum df_type)fl->type), (int)optk.len, ps->lx.src + optk.pos);
		return 0;
	}
	if (op == DF_OP_MATCHES)
		return compile_re(ps, n) ? 0 : n;
	if (op == DF_OP_IN)
		return parse_set(ps, n);
	bool neg = false;
	int isf = op == DF_OP_CONTAINS && ps->tk.t != TK_WORD /* no sign before a string */
			  ? 0 : parse_rhs_field(ps, fl, &n->f2, &neg, &n->fn[1]);
	n->neg2 = neg;
	if (isf)
		return isf > 0 ? n : 0;
	n->lits = lit_alloc(ps);
	if (!n->lits || (op == DF_OP_CONTAINS ? parse_value : parse_signed)(ps, fl, n->lits))
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
		fail_tok(ps, "expected a comparison after \"any\" or \"all\"");
		return 0;
	case DF_OP_EQ: case DF_OP_ALL_EQ: n->op = all ? DF_OP_ALL_EQ : DF_OP_EQ; return n;
	case DF_OP_NE: case DF_OP_ANY_NE: n->op = all ? DF_OP_NE : DF_OP_ANY_NE; return n;
	case DF_OP_OR: /* a set with fields (ORed equalities), "not in" */
	case DF_OP_NOT:
		if (all) {
			fail_at(ps, ps->tk.pos, 1, "\"all\" cannot quantify \"not in\" or a set with fields");
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
		fail_at(ps, ps->tk.pos, ps->tk.len, "filter nested too deeply");
		return 0;
	}
	struct df_node *r = 0;
	if (ps->tk.t == TK_NOT) {
		next(ps);
		struct df_node *a = parse_unary(ps);
		r = a ? node(ps, DF_OP_NOT) : 0;
		if (r)
			r->a = a;
	} else if (ps->tk.t == TK_LPAREN) {
		size_t open = ps->tk.pos;
		next(ps);
		r = parse_or(ps);
		if (r && ps->tk.t != TK_RPAREN) {
			if (ps->tk.t == TK_EOF)
				fail_at(ps, open, 1, "unmatched \"(\"");
			else
				fail_tok(ps, "expected \")\"");
			r = 0;
		}
		if (r)
			next(ps);
	} else if (ps->tk.t == TK_WORD) {
		r = parse_test(ps);
	} else if (ps->tk.t == TK_ANY || ps->tk.t == TK_ALL) {
		bool all = ps->tk.t == TK_ALL;
		next(ps);
		if (ps->tk.t == TK_WORD)
			r = quantify(ps, parse_test(ps), all);
		else
			fail_tok(ps, "expected a field after \"any\" or \"all\"");
	} else if (ps->tk.t == TK_MINUS || ps->tk.t == TK_PLUS) {
		/* "+ip.ttl == 1" is "ip.ttl == 1"; a minus there is refused (tshark
		 * points past the sign) */
		enum df_tok sign = ps->tk.t;
		next(ps);
		if (sign == TK_PLUS && ps->tk.t == TK_WORD)
			r = parse_test(ps);
		else
			fail_tok(ps, "a sign goes before a value on the right of a comparison");
	} else {
		fail_tok(ps, "expected a field, a protocol, \"not\" or \"(\"");
	}
	ps->depth--;
	return r;
}

static struct df_node *parse_binary(struct parser *ps, enum df_tok tok, enum df_op op,
				    struct df_node *(*sub)(struct parser *))
{
	struct df_node *a = sub(ps);
	while (a && ps->tk.t == tok) {
		next(ps);
		struct df_node *b = sub(ps);
		if (!b || !(a = join(ps, op, a, b)))
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
	struct parser ps = {.f = f, .err = err};
	if (f) {
		/* every node and literal takes at least one token, every token a byte */
		f->cap = (unsigned)len + 1;
		f->nodes = calloc(f->cap, sizeof *f->nodes);
		f->lits = calloc(f->cap, sizeof *f->lits);
		f->strings = malloc(len + 1);
	}
	if (!f || !f->nodes || !f->lits || !f->strings) {
		snprintf(err->msg, sizeof err->msg, "out of memory");
		ps_dfilter_free(f);
		return -1;
	}
	ps.lits = f->lits;
	ps.litcap = f->cap;
	ps.lx = (struct df_lexer){.src = expr, .len = len, .buf = f->strings};
	next(&ps);
	if (ps.tk.t == TK_EOF)
		fail_at(&ps, 0, 1, "empty filter");
	struct df_node *root = ps.failed ? 0 : parse_or(&ps);
	if (root && ps.tk.t != TK_EOF)
		fail_tok(&ps, "expected \"and\", \"or\" or the end");
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
