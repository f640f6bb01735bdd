/* SPDX-License-Identifier: BSD-2-Clause */
/* df_expr.h - operand expressions of a comparison, as tshark 4.0 has them:
 * slices ("eth.src[0:3]", "frame[-2:]"), layer selection ("ip.src#2",
 * "ip.addr#[1-2]"), arithmetic ("{ip.ttl + 1} * 2", "-tcp.srcport") and
 * the functions max(), min(), abs(), string() (count, len, upper, lower of a
 * layer-selected field too).  A comparison using none of these keeps the
 * plain field path of df_eval.c; one that does holds them in df_node.x.
 *
 * Values follow tshark's rules: a slice that reaches outside its value
 * drops that value; "A op B" combines every value of A with every value of
 * B and drops a result that fails (division by zero, an unsigned operand
 * with a negative one).  An operand whose fields were present but whose
 * values all dropped is "present with no values": "==" fails on it, "!="
 * holds (tshark's "not any ==").
 */
#ifndef DF_EXPR_H
#define DF_EXPR_H

#include "df_int.h"

enum df_xk { DF_X_FIELD = 1, DF_X_PROTO, DF_X_LIT, DF_X_ARITH, DF_X_NEG, DF_X_FN };
/* DF_X_FN's functions beyond enum df_fn (count, len, upper, lower) */
enum { DF_XFN_MAX = 16, DF_XFN_MIN, DF_XFN_ABS, DF_XFN_STRING };

/* One range of a slice or a layer selection, Wireshark's drange: "i"
 * (one), "i:n" (n from i), "i-j" (i to j), "i:" (to the end), ":n". */
enum df_rk { DF_R_ONE = 0, DF_R_LEN, DF_R_TO, DF_R_END };
struct df_range {
	int32_t start, arg; /* arg: the length (LEN) or the last offset (TO) */
	uint8_t kind;       /* enum df_rk */
};
#define DF_X_RANGES 8
#define DF_X_ARGS 8
/* Evaluation keeps two value sets per level on the stack: ~12 KiB a level */
#define DF_X_DEPTH 16

struct df_x {
	uint8_t kind;   /* enum df_xk */
	uint8_t op;     /* ARITH: '+', '-', '*', '/', '%' */
	uint8_t fn;     /* FN: enum df_fn or DF_XFN_* */
	uint8_t type;   /* the static type of the values (enum df_type) */
	uint8_t nlayer, nslice, nargs;
	uint8_t depth;  /* of the expression tree (bounds the evaluation's stack) */
	uint8_t tag;    /* FIELD, PROTO: the layer tag "#N" counts (0: frame or none) */
	bool frame;     /* FIELD of frame.*, PROTO "frame": the frame is the one layer */
	bool to_end;    /* PROTO: its bytes run to the frame's end, not its header's */
	const struct df_field *f;  /* FIELD */
	struct df_path *pp;        /* FIELD: a path field prepared (owned) */
	const struct df_proto *proto; /* PROTO; FIELD: the protocol of its name, if any */
	struct df_range layer[DF_X_RANGES], slice[DF_X_RANGES];
	struct df_x *arg[DF_X_ARGS]; /* ARITH: 0 and 1; NEG: 0; FN: nargs */
	struct df_lit lit;           /* LIT */
};

/* The values of x in p into out; false when x is absent (its fields are
 * not in p), true when present, even with no values left. */
bool df_x_values(const struct df_x *x, const struct ps_packet *p, struct df_vals *out);

/* Also for df_eval.c's plain comparisons: tshark's unary minus on each value (an unsigned
 * one becomes signed: 32 bits, 64 for a 64-bit field; one that does not fit
 * is dropped), and count/len/upper/lower applied in place. */
void df_negate(struct df_vals *b, unsigned bits);
/* DF_OP_IN_RANGE: any value of the node's field (x[0], or f with fn[0]) lies
 * in [x[1], x_hi].  Each bound must have exactly one value: tshark 4.0
 * asserts so and aborts on a repeated field there ("ip.ttl in
 * {ip.ttl..255}" on a tunnel); pktscope takes such an element as false. */
bool df_in_range(const struct df_node *n, const struct ps_packet *p);
void df_apply_fn(enum df_fn fn, const struct df_field *f, struct df_vals *v);

#endif
