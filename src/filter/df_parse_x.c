/* SPDX-License-Identifier: BSD-2-Clause */
/* df_parse_x.c - comparisons whose operands are expressions (df_expr.h), in
 * tshark 4.0's grammar:
 *
 *   xtest   := sum [relop sum | "contains" value | "matches" STRING]
 *   sum     := term (("+" | "-") term)*
 *   term    := unary (("*" | "/" | "%") unary)*
 *   unary   := "-" unary | "+" unary | primary
 *   primary := "{" sum "}" | FIELD sel | PROTOCOL sel | FN "(" sum ("," sum)* ")"
 *            | value
 *   sel     := ["#" (DIGITS | "[" ranges "]")] ["[" ranges "]"]
 *   ranges  := range ("," range)*;  range := i | i:n | i-j | i: | :n  (i, j may be < 0)
 *
 * "(" ")" group logic only: arithmetic groups with "{" "}", as in tshark.
 * A literal takes the type of the comparison's first field (so "ip.ttl *
 * 1000" is refused as tshark refuses it: 1000 does not fit ip.ttl); a
 * slice's literal is a byte string.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "df_expr.h"
#include "df_parser.h"
#include "df_wsnames.h"

#define DF_MAX_X 1024u /* operand expression nodes per filter */

/* the rows literals are typed by when no field gives one */
static const struct df_field row_bytes = {.name = "a slice", .type = DF_T_BYTES};
static const struct df_field row_u32 = {.name = "the function's value", .type = DF_T_UINT,
					.bits = 32};
static const struct df_field row_str = {.name = "the function's value", .type = DF_T_STR};

static const char *const xfn_names[] = {
	[DF_FN_COUNT] = "count", [DF_FN_LEN] = "len",	   [DF_FN_UPPER] = "upper",
	[DF_FN_LOWER] = "lower", [DF_XFN_MAX] = "max",	   [DF_XFN_MIN] = "min",
	[DF_XFN_ABS] = "abs",	 [DF_XFN_STRING] = "string",
};

static unsigned xfn_named(const struct df_token *w)
{
	if (w->t != TK_WORD || w->field)
		return 0;
	for (unsigned i = 1; i < sizeof xfn_names / sizeof xfn_names[0]; i++)
		if (xfn_names[i] && strlen(xfn_names[i]) == w->n && !memcmp(w->s, xfn_names[i], w->n))
			return i;
	return 0;
}

/* "count(PROTOCOL)", "len(PROTOCOL)" (w the name, lx after its "("):
 * the protocol's occurrences and lengths, an operand expression. */
static bool proto_call(const struct df_token *w, const struct df_lexer *lx)
{
	unsigned fn = xfn_named(w);
	if (fn != DF_FN_COUNT && fn != DF_FN_LEN)
		return false;
	struct df_lexer at = *lx;
	struct df_token a = df_lex_next(&at);
	return a.t == TK_WORD && !df_field_find(a.s, a.n) && !df_ws_lookup(true, a.s, a.n) &&
	       (df_proto_find(a.s, a.n) || df_ws_lookup(false, a.s, a.n));
}

bool df_x_wanted(const struct parser *ps)
{
	struct df_lexer lx = ps->lx; /* a copy: lexing ahead changes nothing */
	struct df_token t = ps->tk, prev = {.t = TK_EOF};
	unsigned paren = 0, brace = 0;
	for (bool first = true;; first = false, prev = t, t = df_lex_next(&lx)) {
		switch (t.t) {
		case TK_EOF: case TK_ERR: return false;
		case TK_AND: case TK_OR:
			if (!paren && !brace)
				return false;
			break;
		case TK_LPAREN:
			if (xfn_named(&prev) >= DF_XFN_MAX || proto_call(&prev, &lx))
				return true;
			paren++;
			break;
		case TK_RPAREN:
			if (!paren)
				return false;
			paren--;
			break;
		case TK_LBRACKET: case TK_HASH: case TK_STAR: case TK_SLASH: case TK_PERCENT:
			return true;
		case TK_LBRACE:
			if (prev.t != TK_IN)
				return true;
			brace++;
			break;
		case TK_RBRACE:
			if (brace)
				brace--;
			break;
		case TK_MINUS: case TK_PLUS: /* binary after an operand; "-" first negates a field */
			if ((first && t.t == TK_MINUS) || prev.t == TK_WORD || prev.t == TK_STRING ||
			    prev.t == TK_RPAREN)
				return true;
			break;
		default: break;
		}
	}
}

static struct df_x *xnew(struct parser *ps, enum df_xk k)
{
	struct ps_dfilter *f = ps->f;
	if (!f->xs) {
		f->xs = calloc(DF_MAX_X, sizeof *f->xs);
		if (!f->xs) {
			df_fail_at(ps, ps->tk.pos, 1, "out of memory");
			return 0;
		}
	}
	if (f->nxs == DF_MAX_X) {
		df_fail_at(ps, ps->tk.pos, 1, "filter too complex");
		return 0;
	}
	struct df_x *x = &f->xs[f->nxs++];
	x->kind = (uint8_t)k;
	return x;
}

/* ---- "[ranges]" and "#N", read from the expression's text ---- */

static const char *skip_sp(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

/* The length of the text from `from` to the end of the last token read. */
static size_t span(const struct parser *ps, size_t from)
{
	size_t end = ps->tk.t == TK_EOF ? ps->lx.len : ps->tk.pos;
	while (end > from && strchr(" \t\r\n", ps->lx.src[end - 1]))
		end--;
	return end - from;
}

/* [-]digits at *s; false when none */
static bool read_int(const char **s, const char *end, int32_t *out)
{
	const char *p = *s;
	bool neg = p < end && *p == '-';
	p += neg;
	if (p >= end || *p < '0' || *p > '9')
		return false;
	int64_t v = 0;
	while (p < end && *p >= '0' && *p <= '9' && v < 100000000)
		v = v * 10 + (*p++ - '0');
	*out = (int32_t)(neg ? -v : v);
	*s = p;
	return true;
}

/* One range at *s (i, i:n, i-j, i:, :n). */
static int read_range(struct parser *ps, const char **s, const char *end, struct df_range *r)
{
	const char *at = *s, *p = *s;
	memset(r, 0, sizeof *r);
	bool has_start = read_int(&p, end, &r->start);
	p = skip_sp(p, end);
	if (p < end && *p == ':') {
		p = skip_sp(p + 1, end);
		r->kind = read_int(&p, end, &r->arg) ? DF_R_LEN : DF_R_END;
		if (r->kind == DF_R_END && !has_start)
			goto bad;
		if (r->kind == DF_R_LEN && r->arg <= 0) {
			df_fail_at(ps, (size_t)(at - ps->lx.src), (size_t)(p - at),
				   "Range %.*s isn't valid because length %d isn't positive",
				   (int)(p - at), at, r->arg);
			return -1;
		}
	} else if (has_start && p < end && *p == '-') {
		p = skip_sp(p + 1, end);
		if (!read_int(&p, end, &r->arg))
			goto bad;
		r->kind = DF_R_TO;
		if (r->start >= 0 && r->arg >= 0 && r->start >= r->arg) {
			df_fail_at(ps, (size_t)(at - ps->lx.src), (size_t)(p - at),
				   "Range %.*s isn't valid because %d is greater or equal than %d",
				   (int)(p - at), at, r->start, r->arg);
			return -1;
		}
	} else if (!has_start) {
		goto bad;
	}
	*s = skip_sp(p, end);
	return 0;
bad:
	df_fail_at(ps, (size_t)(at - ps->lx.src), 1, "invalid range (i, i:n, i-j, i: or :n)");
	return -1;
}

/* "ranges]" from the lexer's position (after "["); the lexer moves past "]". */
static int read_ranges(struct parser *ps, struct df_range *r, uint8_t *n)
{
	const char *s = ps->lx.src + ps->lx.pos, *end = ps->lx.src + ps->lx.len;
	*n = 0;
	for (s = skip_sp(s, end);;) {
		if (*n == DF_X_RANGES) {
			df_fail_at(ps, (size_t)(s - ps->lx.src), 1, "more than %u ranges", DF_X_RANGES);
			return -1;
		}
		if (read_range(ps, &s, end, &r[(*n)++]))
			return -1;
		if (s < end && *s == ',') {
			s = skip_sp(s + 1, end);
			continue;
		}
		if (s < end && *s == ']')
			break;
		df_fail_at(ps, (size_t)(s - ps->lx.src), 1, "expected \",\" or \"]\" in a range");
		return -1;
	}
	ps->lx.pos = (size_t)(s + 1 - ps->lx.src);
	df_next(ps);
	return 0;
}

/* "#N" or "#[ranges]" (no space after "#", as tshark), then "[ranges]". */
static int read_selectors(struct parser *ps, struct df_x *x, const struct df_token *w)
{
	if (ps->tk.t == TK_HASH) {
		const char *s = ps->lx.src + ps->lx.pos, *end = ps->lx.src + ps->lx.len;
		if (s < end && *s >= '0' && *s <= '9') {
			read_int(&s, end, &x->layer[0].start);
			x->nlayer = 1;
			ps->lx.pos = (size_t)(s - ps->lx.src);
			df_next(ps);
		} else if (s < end && *s == '[') {
			ps->lx.pos++;
			if (read_ranges(ps, x->layer, &x->nlayer))
				return -1;
		} else {
			df_fail_at(ps, ps->lx.pos, 1, "Expected digit or \"[\", not \"%.1s\"",
				   s < end ? s : "");
			return -1;
		}
		if (!x->frame && !x->proto) {
			df_fail_at(ps, w->pos, w->len, "%.*s: no protocol to count the layers of",
				   (int)w->n, w->s);
			return -1;
		}
	}
	if (ps->tk.t == TK_LBRACKET) {
		unsigned t = x->kind == DF_X_PROTO ? DF_T_BYTES : x->f->type;
		if (t != DF_T_BYTES && t != DF_T_STR && t != DF_T_MAC && t != DF_T_IPV4 &&
		    t != DF_T_IPV6) {
			df_fail_at(ps, w->pos, w->len,
				   "\"%.*s\" is a %s and cannot be sliced into a sequence of bytes",
				   (int)w->n, w->s, df_type_name((enum df_type)t));
			return -1;
		}
		if (read_ranges(ps, x->slice, &x->nslice))
			return -1;
		x->type = DF_T_BYTES;
	}
	return 0;
}

/* The layer tag "#N" counts for a field: its protocol's (the name up to
 * the first dot). */
static void field_layers(struct parser *ps, struct df_x *x, const char *name)
{
	const char *dot = strchr(name, '.');
	const struct df_proto *pr =
		df_find_proto(ps, name, dot ? (size_t)(dot - name) : strlen(name));
	x->proto = pr; /* a protocol not decoded (tag 0) has no layers: "#N" never matches */
	x->frame = pr && !strcmp(pr->json, "frame");
	x->tag = pr ? (uint8_t)df_proto_tag(pr->json) : 0;
}

static struct df_x *x_sum(struct parser *ps, const struct df_field **row);

/* x's depth from its arguments'; false (and the error) past DF_X_DEPTH. */
static bool x_deep(struct parser *ps, struct df_x *x, size_t pos)
{
	unsigned d = 0;
	for (unsigned i = 0; i < DF_X_ARGS; i++)
		if (x->arg[i] && x->arg[i]->depth > d)
			d = x->arg[i]->depth;
	x->depth = (uint8_t)(d + 1);
	if (x->depth <= DF_X_DEPTH)
		return true;
	df_fail_at(ps, pos, 1, "expression nested deeper than %u operations", DF_X_DEPTH);
	return false;
}

/* Field f (named by w, consumed) with the selectors at the current token. */
static struct df_x *field_selected(struct parser *ps, const struct df_field *f,
				   const struct df_token *w)
{
	struct df_x *x = xnew(ps, DF_X_FIELD);
	if (!x)
		return 0;
	x->f = f;
	x->type = f->type;
	field_layers(ps, x, f->name);
	if (read_selectors(ps, x, w))
		return 0;
	if (!f->get) {
		if (!(x->pp = malloc(sizeof *x->pp))) {
			df_fail_at(ps, w->pos, w->len, "out of memory");
			return 0;
		}
		df_path_prepare(f, x->pp);
	}
	return x;
}

static struct df_x *x_field(struct parser *ps, const struct df_field *f, const struct df_field **row)
{
	struct df_token w = ps->tk;
	df_next(ps);
	struct df_x *x = field_selected(ps, f, &w);
	if (x && !*row)
		*row = x->nslice ? &row_bytes : f;
	return x;
}

/* x (of field f) negated: "ip.ttl in {-ip.ttl#1}" (checked numeric) */
static struct df_x *x_negated(struct parser *ps, struct df_x *x,
					     const struct df_field *f)
{
	struct df_x *n = xnew(ps, DF_X_NEG);
	if (!n)
		return 0;
	n->arg[0] = x;
	n->type = DF_T_INT;
	n->f = f;
	return n;
}

struct df_x *df_parse_x_set_field(struct parser *ps, const struct df_field *f,
				  const struct df_token *w, bool neg)
{
	if (ps->tk.t == TK_LBRACKET) { /* tshark's words, and no position */
		df_fail_at(ps, w->pos, w->len, "A slice may not appear inside a set.");
		ps->err->col = 0;
		return 0;
	}
	struct df_x *x = field_selected(ps, f, w);
	if (!x || !neg)
		return x;
	return x_negated(ps, x, f);
}

struct df_x *df_parse_x_bound(struct parser *ps, const struct df_field *f,
			      const struct df_token *w, bool neg, uint8_t fn)
{
	struct df_x *x = field_selected(ps, f, w); /* at "..": no selectors to read */
	if (x && neg)
		x = x_negated(ps, x, f);
	if (!x || !fn)
		return x;
	struct df_x *c = xnew(ps, DF_X_FN); /* "{len(ip.src)..255}" */
	if (!c)
		return 0;
	c->fn = fn;
	c->nargs = 1;
	c->arg[0] = x;
	c->type = df_fn_row((enum df_fn)fn)->type;
	return x_deep(ps, c, w->pos) ? c : 0;
}

struct df_x *df_parse_x_lit(struct parser *ps, const struct df_lit *l)
{
	struct df_x *x = xnew(ps, DF_X_LIT);
	if (x) {
		x->lit = *l;
		x->type = l->v.type;
	}
	return x;
}

/* Bytes to the IP payload's end for the protocols Wireshark adds with length
 * -1 (tcp, udp, eth, ip ...: their header). */
static bool proto_to_end(const char *json)
{
	static const char *const to_end[] = {"icmp", "icmpv6"};
	for (unsigned i = 0; i < sizeof to_end / sizeof to_end[0]; i++)
		if (!strcmp(json, to_end[i]))
			return true;
	return false;
}

static struct df_x *x_proto(struct parser *ps, const struct df_proto *pr,
			    const struct df_field **row)
{
	struct df_token w = ps->tk;
	struct df_x *x = xnew(ps, DF_X_PROTO);
	if (!x)
		return 0;
	x->proto = pr;
	x->type = DF_T_PROTO;
	x->frame = !strcmp(pr->json, "frame");
	x->tag = (uint8_t)df_proto_tag(pr->json);
	x->to_end = proto_to_end(pr->json);
	df_next(ps);
	if (read_selectors(ps, x, &w))
		return 0;
	if (!*row && x->nslice)
		*row = &row_bytes;
	return x;
}

static bool numeric(unsigned t)
{
	return t == DF_T_UINT || t == DF_T_INT;
}

/* Two fields of one width (tshark's max() and min() take arguments of one
 * ftype: FT_UINT16 and FT_UINT32 do not mix); true for other operands. */
static bool same_width(const struct df_x *a, const struct df_x *b)
{
	if (a->kind != DF_X_FIELD || b->kind != DF_X_FIELD || a->nslice || b->nslice)
		return true;
	return a->f->type != DF_T_UINT || b->f->type != DF_T_UINT || a->f->bits == b->f->bits;
}

/* Argument a of call x (function fn; at: its first token) as tshark
 * checks it; false after the error. */
static bool call_arg(struct parser *ps, const struct df_x *x, unsigned fn, const struct df_x *a,
		     const struct df_token *at)
{
	/* count() and len() of a protocol too: its layers, their lengths */
	bool plain = (a->kind == DF_X_FIELD || (a->kind == DF_X_PROTO && a->proto &&
						 (fn == DF_FN_COUNT || fn == DF_FN_LEN))) &&
		     !a->nslice;
	if ((fn < DF_XFN_MAX || fn == DF_XFN_STRING) && !plain) {
		/* tshark points at a function's name, at nothing for the rest */
		df_fail_at(ps, at->pos, at->len, "Only fields can be used as parameter for %s()",
			   xfn_names[fn]);
		if (a->kind != DF_X_FN)
			ps->err->col = 0;
		return false;
	}
	if ((fn == DF_FN_UPPER || fn == DF_FN_LOWER) && a->type != DF_T_STR) {
		df_fail_at(ps, at->pos, at->len,
			   "Only string type fields can be used as parameter for %s()",
			   xfn_names[fn]);
		return false;
	}
	unsigned t = a->type;
	if (fn == DF_XFN_STRING && t != DF_T_UINT && t != DF_T_INT && t != DF_T_STR &&
	    t != DF_T_IPV4 && t != DF_T_IPV6 && t != DF_T_MAC) {
		df_fail_at(ps, at->pos, at->len,
			   "String conversion for field \"%s\" is not supported", a->f->name);
		return false;
	}
	if (fn == DF_XFN_ABS && !numeric(t)) {
		df_fail_at(ps, at->pos, at->len, "abs() takes an integer");
		return false;
	}
	if ((fn == DF_XFN_MAX || fn == DF_XFN_MIN) &&
	    (t == DF_T_PROTO || t == DF_T_NONE || t == DF_T_BOOL ||
	     (x->nargs && !(numeric(t) && numeric(x->arg[0]->type)) && t != x->arg[0]->type))) {
		df_fail_at(ps, at->pos, at->len, "%s()'s arguments must be of one ordered type",
			   xfn_names[fn]);
		return false;
	}
	if ((fn == DF_XFN_MAX || fn == DF_XFN_MIN) && x->nargs && !same_width(x->arg[0], a)) {
		/* tshark: "Arguments to 'max' must have the same type (expected
		 * FT_UINT32, got FT_UINT16)" under the argument */
		df_fail_at(ps, at->pos, span(ps, at->pos),
			   "%s()'s arguments must have the same type: %s is %u bits wide, %s %u",
			   xfn_names[fn], x->arg[0]->f->name, x->arg[0]->f->bits, a->f->name,
			   a->f->bits);
		return false;
	}
	return true;
}

/* The arguments of call x after its "(", and the ")". */
static struct df_x *call_args(struct parser *ps, struct df_x *x, unsigned fn,
			      const struct df_field **inner, const struct df_token *w)
{
	for (;;) {
		struct df_token at = ps->tk;
		if (x->nargs == DF_X_ARGS) {
			df_fail_at(ps, at.pos, at.len, "%s() takes %u arguments at most", xfn_names[fn],
				   DF_X_ARGS);
			return 0;
		}
		struct df_x *a = x_sum(ps, inner);
		if (!a || !call_arg(ps, x, fn, a, &at))
			return 0;
		x->arg[x->nargs++] = a;
		if (ps->tk.t != TK_COMMA)
			break;
		if (fn != DF_XFN_MAX && fn != DF_XFN_MIN) {
			df_fail_at(ps, w->pos, w->len, "%s() takes one argument", xfn_names[fn]);
			return 0;
		}
		df_next(ps);
	}
	if (ps->tk.t != TK_RPAREN) {
		df_fail_tok(ps, "expected \")\"");
		return 0;
	}
	df_next(ps);
	return x;
}

/* "NAME(args)" with the current token NAME. */
static struct df_x *x_call(struct parser *ps, unsigned fn, const struct df_field **row)
{
	struct df_token w = ps->tk;
	struct df_x *x = xnew(ps, DF_X_FN);
	if (!x)
		return 0;
	x->fn = (uint8_t)fn;
	df_next(ps); /* "(" */
	df_next(ps);
	const struct df_field *inner = fn < DF_XFN_MAX || fn == DF_XFN_STRING ? 0 : *row;
	const struct df_field *vs = ps->vs;
	ps->vs = 0; /* "max(ip.proto, ICMP)": tshark wants a number */
	x = call_args(ps, x, fn, &inner, &w);
	ps->vs = vs;
	if (!x)
		return 0;
	const struct df_x *a0 = x->arg[0];
	if (fn == DF_FN_COUNT || fn == DF_FN_LEN) {
		x->type = DF_T_UINT;
		if (!*row)
			*row = &row_u32;
	} else if (fn == DF_FN_UPPER || fn == DF_FN_LOWER || fn == DF_XFN_STRING) {
		x->type = DF_T_STR;
		if (!*row)
			*row = &row_str;
	} else {
		x->type = a0->type;
		if (!*row)
			*row = inner;
	}
	return x_deep(ps, x, w.pos) ? x : 0;
}

static bool compatible(unsigned a, unsigned b);

int df_parse_x_elem_call(struct parser *ps, const struct df_field *set, struct df_x **out)
{
	struct df_token w = ps->tk;
	unsigned fn = xfn_named(&w);
	if (!fn)
		return 0;
	struct df_lexer at = ps->lx;
	df_next(ps);
	bool call = ps->tk.t == TK_LPAREN;
	ps->lx = at;
	ps->tk = w;
	if (!call)
		return 0;
	const struct df_field *row = set; /* max(ip.ttl, 1): the literal is the set's type */
	struct df_x *x = x_call(ps, fn, &row);
	if (!x)
		return -1;
	if (!compatible(set->type, x->type)) { /* tshark points at the function's name */
		df_fail_at(ps, w.pos, w.len, "%s and %.*s are not of compatible types", set->name,
			   (int)span(ps, w.pos), ps->lx.src + w.pos);
		return -1;
	}
	*out = x;
	return 1;
}

static struct df_x *x_primary(struct parser *ps, const struct df_field **row)
{
	struct df_token w = ps->tk;
	if (w.t == TK_LBRACE) {
		df_next(ps);
		struct df_x *x = x_sum(ps, row);
		if (x && ps->tk.t != TK_RBRACE) {
			df_fail_tok(ps, "expected \"}\"");
			return 0;
		}
		df_next(ps);
		return x;
	}
	if (w.t == TK_WORD) {
		unsigned fn = xfn_named(&w);
		if (fn) {
			struct df_lexer at = ps->lx;
			df_next(ps);
			bool call = ps->tk.t == TK_LPAREN;
			ps->lx = at;
			ps->tk = w;
			if (call)
				return x_call(ps, fn, row);
		}
		const struct df_field *f = df_find_field(ps, w.s, w.n);
		if (f)
			return x_field(ps, f, row);
		/* the right side of a byte comparison: "ff" below, never there */
		bool bytes_rhs = *row && (*row)->type == DF_T_BYTES;
		const struct df_proto *pr = bytes_rhs ? df_proto_find(w.s, w.n) : df_find_proto(ps, w.s, w.n);
		if (pr)
			return x_proto(ps, pr, row);
	}
	if (!*row) {
		if (w.t == TK_WORD && !w.field && w.n && w.s[0] >= '0' && w.s[0] <= '9')
			df_fail_at(ps, w.pos, 1, "Constant arithmetic expression on the LHS is invalid");
		else if (w.t == TK_WORD)
			df_unknown_name(ps, &w);
		else
			df_fail_tok(ps, "expected a field, a protocol or a function");
		return 0;
	}
	if ((*row)->type == DF_T_BYTES && df_ws_name(&w)) { /* tshark's protocol "ff": never there */
		struct df_x *x = xnew(ps, DF_X_PROTO);
		if (x)
			x->type = DF_T_BYTES;
		df_next(ps);
		return x;
	}
	struct df_x *x = xnew(ps, DF_X_LIT);
	if (!x || df_parse_signed(ps, *row, &x->lit))
		return 0;
	x->type = x->lit.v.type;
	return x;
}

static struct df_x *x_unary(struct parser *ps, const struct df_field **row)
{
	struct df_token sign = ps->tk;
	if (sign.t != TK_MINUS && sign.t != TK_PLUS)
		return x_primary(ps, row);
	/* a sign before a literal: the literal's own (df_parse_signed) */
	struct df_lexer at = ps->lx;
	df_next(ps);
	struct df_token ot = ps->tk;
	bool operand = ot.t == TK_LBRACE || ot.t == TK_MINUS || ot.t == TK_PLUS ||
		       (ot.t == TK_WORD && (df_known_name(ot.s, ot.n) || xfn_named(&ot)));
	if (!operand && !*row) { /* "-1 == ip.ttl" */
		df_fail_at(ps, ot.pos, 1, "Constant arithmetic expression on the LHS is invalid");
		return 0;
	}
	if (!operand) {
		ps->lx = at;
		ps->tk = sign;
		return x_primary(ps, row);
	}
	struct df_x *a = x_unary(ps, row);
	if (!a || sign.t == TK_PLUS)
		return a;
	if (!numeric(a->type) && a->type != DF_T_TIME) {
		df_fail_at(ps, ot.pos, span(ps, ot.pos), "%.*s (%s) cannot -", (int)span(ps, ot.pos),
			   ps->lx.src + ot.pos, df_type_name((enum df_type)a->type));
		return 0;
	}
	struct df_x *x = xnew(ps, DF_X_NEG);
	if (!x)
		return 0;
	x->arg[0] = a;
	x->type = a->type == DF_T_TIME ? DF_T_TIME : DF_T_INT; /* relative times negate */
	x->f = *row;
	return x_deep(ps, x, sign.pos) ? x : 0;
}

static struct df_x *x_binary(struct parser *ps, const struct df_field **row, bool sum)
{
	struct df_token first = ps->tk;
	struct df_x *a = sum ? x_binary(ps, row, false) : x_unary(ps, row);
	for (;;) {
		enum df_tok t = ps->tk.t;
		char op = t == TK_PLUS ? '+' : t == TK_MINUS ? '-' : t == TK_STAR ? '*'
			: t == TK_SLASH ? '/' : t == TK_PERCENT ? '%' : 0;
		if (!a || !op || (sum != (op == '+' || op == '-')))
			return a;
		size_t alen = span(ps, first.pos);
		if (first.chr && a->kind == DF_X_LIT) { /* "'a' + 1": tshark refuses */
			df_fail_at(ps, first.pos, first.len, "%.*s is not a valid arithmetic operand",
				   (int)first.len, ps->lx.src + first.pos);
			return 0;
		}
		df_next(ps);
		/* relative times add and subtract (tshark 4.0), nothing else does */
		bool timeop = op == '+' || op == '-';
		if (!numeric(a->type) && !(timeop && a->type == DF_T_TIME)) {
			/* tshark: "FT_IPv4 cannot +." under the operand */
			df_fail_at(ps, first.pos, alen, "%.*s (%s) cannot %c", (int)alen,
				   ps->lx.src + first.pos, df_type_name((enum df_type)a->type), op);
			return 0;
		}
		struct df_token bt = ps->tk;
		const struct df_field *vs = ps->vs;
		ps->vs = 0; /* "ip.ttl - TCP": tshark wants a number */
		struct df_x *b = sum ? x_binary(ps, row, false) : x_unary(ps, row);
		ps->vs = vs;
		if (!b)
			return 0;
		if (bt.chr && b->kind == DF_X_LIT) {
			df_fail_at(ps, bt.pos, bt.len, "%.*s is not a valid arithmetic operand",
				   (int)bt.len, ps->lx.src + bt.pos);
			return 0;
		}
		if (!numeric(b->type) && !(timeop && b->type == DF_T_TIME)) {
			df_fail_at(ps, bt.pos, span(ps, bt.pos), "%.*s (%s) cannot %c",
				   (int)span(ps, bt.pos), ps->lx.src + bt.pos,
				   df_type_name((enum df_type)b->type), op);
			return 0;
		}
		if ((a->type == DF_T_TIME) != (b->type == DF_T_TIME)) {
			df_fail_at(ps, bt.pos, span(ps, bt.pos), /* where tshark points */
				   "%.*s and %.*s are not type compatible", (int)alen,
				   ps->lx.src + first.pos, (int)span(ps, bt.pos), ps->lx.src + bt.pos);
			return 0;
		}
		struct df_x *x = xnew(ps, DF_X_ARITH);
		if (!x)
			return 0;
		x->op = (uint8_t)op;
		x->arg[0] = a;
		x->arg[1] = b;
		x->type = a->type;
		if (!x_deep(ps, x, bt.pos))
			return 0;
		a = x;
	}
}

static struct df_x *x_sum(struct parser *ps, const struct df_field **row)
{
	if (++ps->depth > 200) {
		df_fail_at(ps, ps->tk.pos, ps->tk.len, "filter nested too deeply");
		return 0;
	}
	struct df_x *x = x_binary(ps, row, true);
	ps->depth--;
	return x;
}

static bool compatible(unsigned a, unsigned b)
{
	return a == b || (numeric(a) && numeric(b)) ||
	       ((a == DF_T_BYTES || a == DF_T_STR) && (b == DF_T_BYTES || b == DF_T_STR));
}

struct df_node *df_parse_xtest(struct parser *ps)
{
	struct df_token first = ps->tk;
	const struct df_field *row = 0;
	struct df_x *l = x_sum(ps, &row);
	if (!l)
		return 0;
	size_t llen = span(ps, first.pos);
	enum df_op op = df_relop(ps->tk.t);
	const struct df_lit *mask = 0;
	if (ps->tk.t == TK_BITAND && l->type == DF_T_BYTES) { /* "tcp[13] & 02 [OP VALUE]" */
		struct df_lit *m = df_lit_alloc(ps);
		df_next(ps);
		if (!m || df_parse_bytes_lit(ps, m))
			return 0;
		mask = m;
		op = df_relop(ps->tk.t);
		if (!op) {
			struct df_node *n = df_newnode(ps, DF_OP_FIELD);
			if (n) {
				n->x[0] = l;
				n->mask = mask;
			}
			return n;
		}
		if (op == DF_OP_IN || op == DF_OP_CONTAINS || op == DF_OP_MATCHES) {
			df_fail_tok(ps, "a masked slice takes == != < <= > >= === ~=");
			return 0;
		}
	}
	bool negin = false;
	if (ps->tk.t == TK_NOT && l->kind == DF_X_FIELD && !l->nslice) { /* "not in" */
		df_next(ps);
		if (ps->tk.t != TK_IN) {
			df_fail_tok(ps, "expected \"in\" after \"not\"");
			return 0;
		}
		op = DF_OP_IN;
		negin = true;
	}
	if (!op) {
		if (l->kind == DF_X_FN) {
			df_fail_at(ps, first.pos, first.len,
				   "You cannot test whether a function is present");
			return 0;
		}
		struct df_node *n = df_newnode(ps, DF_OP_FIELD);
		if (n)
			n->x[0] = l;
		return n;
	}
	if (op == DF_OP_IN && l->kind == DF_X_FN) { /* tshark points at the function's name */
		df_fail_at(ps, first.pos, first.len,
			   "Only a field may be tested for membership in a set");
		return 0;
	}
	if (op == DF_OP_IN && (l->kind != DF_X_FIELD || l->nslice)) {
		df_fail_tok(ps, "only a field may be tested for membership in a set");
		if (l->kind == DF_X_FIELD || l->kind == DF_X_PROTO) { /* a slice: no position, as tshark */
			snprintf(ps->err->msg, sizeof ps->err->msg,
				 "Only a field may be tested for membership in a set");
			ps->err->col = 0;
		}
		return 0;
	}
	if (op == DF_OP_IN) { /* "ip.src#2 in {...}": the field's set, on its layers */
		struct df_node *n = df_newnode(ps, DF_OP_IN);
		if (!n)
			return 0;
		n->f = l->f;
		n->x[0] = l;
		df_next(ps);
		struct df_node *set = df_parse_set(ps, n);
		struct df_node *neg = set && negin ? df_newnode(ps, DF_OP_NOT) : 0;
		if (neg)
			neg->a = set;
		return negin ? neg : set;
	}
	if (l->type == DF_T_PROTO) {
		df_fail_at(ps, first.pos, llen, "a protocol can be tested for presence only");
		return 0;
	}
	if (l->type == DF_T_NONE) {
		df_fail_at(ps, first.pos, llen, "a label can be tested for presence only");
		return 0;
	}
	struct df_token optk = ps->tk;
	struct df_node *n = df_newnode(ps, op);
	if (!n)
		return 0;
	n->x[0] = l;
	n->mask = mask;
	df_next(ps);
	bool text = l->type == DF_T_STR || l->type == DF_T_BYTES;
	if ((op == DF_OP_CONTAINS || op == DF_OP_MATCHES) && !text) {
		df_fail_at(ps, first.pos, llen, "%.*s (%s) cannot take part in a \"%.*s\" comparison",
			   (int)llen, ps->lx.src + first.pos, df_type_name((enum df_type)l->type),
			   (int)optk.len, ps->lx.src + optk.pos);
		return 0;
	}
	if (op == DF_OP_MATCHES)
		return df_compile_re(ps, n) ? 0 : n;
	struct df_token rt = ps->tk;
	/* "ip.proto#1 == ICMP": a field's value names (not a slice's, an expression's) */
	ps->vs = l->kind == DF_X_FIELD && !l->nslice ? l->f : 0;
	struct df_x *r = x_sum(ps, &row);
	ps->vs = 0;
	if (!r)
		return 0;
	if (r->kind == DF_X_LIT) {
		if (!(n->lits = df_lit_alloc(ps)))
			return 0;
		n->lits[0] = r->lit;
		n->nlits = 1;
		return n;
	}
	if (!compatible(l->type, r->type) || r->type == DF_T_PROTO) {
		df_fail_at(ps, rt.pos, span(ps, rt.pos),
			   "%.*s and %.*s are not of compatible types", (int)llen,
			   ps->lx.src + first.pos, (int)span(ps, rt.pos), ps->lx.src + rt.pos);
		return 0;
	}
	n->x[1] = r;
	return n;
}
