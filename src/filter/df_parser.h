/* SPDX-License-Identifier: BSD-2-Clause */
/* df_parser.h - the parser's state and its building blocks (df_parse_base.c),
 * shared by df_parse.c (the grammar of tests) and df_parse_x.c (operand
 * expressions: slices, layers, arithmetic, functions). */
#ifndef DF_PARSER_H
#define DF_PARSER_H

#include "df_int.h"
#include "df_lex.h"

struct df_x;
struct parser;
/* df_parse_x_set_field, passed down (df_parse.c sets it) so that
 * df_parse_base.c, which df_parse_x.c calls, does not call back into it */
typedef struct df_x *(*df_set_field_fn)(struct parser *ps, const struct df_field *f,
					 const struct df_token *w, bool neg);
typedef struct df_x *(*df_bound_fn)(struct parser *ps, const struct df_field *f,
				     const struct df_token *w, bool neg, uint8_t fn);
typedef struct df_x *(*df_lit_x_fn)(struct parser *ps, const struct df_lit *l);
typedef int (*df_elem_call_fn)(struct parser *ps, const struct df_field *set, struct df_x **out);

struct parser {
	df_set_field_fn set_field;
	df_bound_fn bound;   /* df_parse_x_bound */
	df_lit_x_fn lit_x;   /* df_parse_x_lit */
	df_elem_call_fn elem_call; /* df_parse_x_elem_call */
	struct df_lexer lx;
	struct df_token tk; /* current token */
	struct ps_dfilter *f;
	struct df_lit *lits; /* literal pool: one per token at most */
	unsigned nlits, litcap;
	struct ps_dfilter_err *err;
	/* the field whose value names (df_vstr.h) the literals being parsed may
	 * use: the right side of a comparison of that field, its set; NULL in
	 * arithmetic, function arguments and masks, where tshark takes numbers */
	const struct df_field *vs;
	unsigned depth;
	bool failed;
};

void df_next(struct parser *ps);
void df_fail_at(struct parser *ps, size_t pos, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void df_fail_tok(struct parser *ps, const char *what);
struct df_node *df_newnode(struct parser *ps, enum df_op op);
struct df_node *df_join(struct parser *ps, enum df_op op, struct df_node *a, struct df_node *b);
struct df_lit *df_lit_alloc(struct parser *ps);
/* A literal of row fl's type from the current token ("-" before it: df_parse_signed). */
int df_parse_value(struct parser *ps, const struct df_field *fl, struct df_lit *out);
int df_parse_signed(struct parser *ps, const struct df_field *fl, struct df_lit *out);
int df_compile_re(struct parser *ps, struct df_node *n);
enum df_op df_relop(enum df_tok t);
struct df_node *df_unknown_name(struct parser *ps, const struct df_token *w);
/* A field or protocol by name: pktscope's (df_field_find, df_proto_find),
 * else one tshark 4.0 knows that pktscope does not decode (df_wsnames.h),
 * whose row the filter keeps; NULL when neither (or an error: ps->failed). */
const struct df_field *df_find_field(struct parser *ps, const char *s, size_t n);
const struct df_proto *df_find_proto(struct parser *ps, const char *s, size_t n);
/* Either kind of name, in either table (nothing kept). */
bool df_known_name(const char *s, size_t n);
enum df_fn df_fn_named(const struct df_token *w);
/* count/len: an unsigned row; upper/lower: a string row (literals against them) */
const struct df_field *df_fn_row(enum df_fn fn);
/* "NAME(FIELD)" with the current token "(" after NAME (w): the field, NULL on error. */
const struct df_field *df_parse_call(struct parser *ps, const struct df_token *w);
/* A field (maybe signed, or a function of one) as the right operand of l:
 * 1 with *out, *neg, *fn set; 0 when the operand is a value; -1 error. */
int df_parse_rhs_field(struct parser *ps, const struct df_field *l, const struct df_field **out,
		       bool *neg, uint8_t *fn);
/* "{...}" after "in" for node n (n->f types its literals). */
struct df_node *df_parse_set(struct parser *ps, struct df_node *n);

/* A byte string for a slice's comparison: quoted, or unquoted (df_bytes_parse). */
int df_parse_bytes_lit(struct parser *ps, struct df_lit *out);
/* Wireshark 4.0's protocol and field names that read as byte strings: tshark
 * takes "ip.dst[3] == ff" as a comparison with the (absent) FOUNDATION
 * Fieldbus protocol, never true, not with the byte 0xff (tshark -G
 * protocols, -G fields); "tcp.payload == ff" as incompatible types. */
bool df_ws_name(const struct df_token *w);

/* df_parse_x.c: true when the comparison starting at the current token
 * uses an operand expression (df_expr.h), which df_parse_xtest then parses. */
bool df_x_wanted(const struct parser *ps);
struct df_node *df_parse_xtest(struct parser *ps);
/* A set element: field f, named by the token w just consumed, with the
 * "#N" layer selection at the current token ("ip.src in {ip.dst#1}"),
 * negated when neg.  NULL after an error. */
struct df_x *df_parse_x_set_field(struct parser *ps, const struct df_field *f,
				  const struct df_token *w, bool neg);
/* A range bound in a set: field f (named by w, consumed; no selection),
 * negated when neg, under function fn (enum df_fn, 0: none); or literal l. */
struct df_x *df_parse_x_bound(struct parser *ps, const struct df_field *f,
			      const struct df_token *w, bool neg, uint8_t fn);
struct df_x *df_parse_x_lit(struct parser *ps, const struct df_lit *l);
/* A function call as an element or range bound of a set of field `set`'s
 * values, at the current token: any of tshark 4.0's functions, of fields
 * with "#N" layer selection ("ip.ttl in {len(ip.src#1)..100}",
 * "{max(ip.ttl, 1)}"), its type compatible with set's.  1 with *out; 0 when
 * the token does not start a call (nothing consumed); -1 after an error. */
int df_parse_x_elem_call(struct parser *ps, const struct df_field *set, struct df_x **out);

#endif
