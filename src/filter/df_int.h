/* SPDX-License-Identifier: BSD-2-Clause */
/* df_int.h - the display-filter module's private types: values, the field
 * table, the compiled tree.  Only src/filter/ includes it. */
#ifndef DF_INT_H
#define DF_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "ps_dfilter.h"
#include "ps_packet.h"

enum df_type {
	DF_T_PROTO = 0, /* protocol: presence only */
	DF_T_UINT,
	DF_T_INT,
	DF_T_BOOL,
	DF_T_STR,
	DF_T_IPV4,
	DF_T_IPV6,
	DF_T_MAC,
	DF_T_TIME, /* seconds and nanoseconds since the epoch */
	DF_T_NONE, /* a label (Wireshark's FT_NONE, tcp.analysis.*): presence only */
	DF_T_BYTES, /* a byte string (v.s): a slice ("eth.src[0:3]", df_expr.h), a field of
		     * Wireshark's FT_BYTES (tcp.payload); literals aa:bb:cc, aabbcc or "text"
		     * (df_parse_bytes_lit); orders by length first, then bytes, as FT_BYTES */
	/* a field type whose values are of another type: */
	DF_T_DATE, /* FT_ABSOLUTE_TIME (frame.time): TIME values, literals dates ("2020-01-01 00:00:00") */
};

/* How -T fields prints a value (tshark's display base for the field). */
enum df_fmt { DF_F_DEC = 0, DF_F_HEX2, DF_F_HEX3, DF_F_HEX4, DF_F_HEX5, DF_F_HEX8, DF_F_BOOL,
	      DF_F_ADDR, DF_F_STR, DF_F_TIME, DF_F_NONE,
	      DF_F_BYTES, /* BYTES values as lowercase hex, no separators */
	      DF_F_DATE,  /* TIME values as a local date: "Oct 19, 2014 19:16:56.346456000 UTC" */
};

struct df_ws_row;

struct df_val {
	uint8_t type; /* enum df_type */
	union {
		uint64_t u;   /* UINT, BOOL, IPV4 (host order) */
		int64_t i;    /* INT */
		struct {
			int64_t sec; /* any value a capture holds: no overflow */
			uint32_t ns;
		} t;          /* TIME */
		uint8_t a[16]; /* IPV6, MAC (6) */
		struct {
			const char *p; /* borrowed: the df_vals' own text buffer or a literal */
			uint32_t n;
		} s;
	} v;
};

/* The values of one field in one packet: every occurrence in layer order
 * (Wireshark's "any occurrence" semantics), bounded.  Strings are copied
 * into `text` because emitters hand out short-lived buffers. */
#define DF_MAX_VALS 64
#define DF_TEXT_BYTES 4096
struct df_vals {
	unsigned n;
	bool cut; /* more values than DF_MAX_VALS (or text) were present */
	struct df_val v[DF_MAX_VALS];
	uint32_t text_used;
	char text[DF_TEXT_BYTES];
};

static inline struct df_val *df_vals_add(struct df_vals *o, enum df_type t)
{
	if (o->n == DF_MAX_VALS) {
		o->cut = true;
		return 0;
	}
	struct df_val *v = &o->v[o->n++];
	v->type = (uint8_t)t;
	return v;
}
/* inline: the direct getters call them once or twice per packet */
static inline void df_put_u(struct df_vals *o, enum df_type t, uint64_t u)
{
	struct df_val *v = df_vals_add(o, t);
	if (v)
		v->v.u = u;
}
static inline void df_put_ip4(struct df_vals *o, const uint8_t a[4])
{
	df_put_u(o, DF_T_IPV4,
		 (uint64_t)a[0] << 24 | (uint64_t)a[1] << 16 | (uint64_t)a[2] << 8 | a[3]);
}
static inline void df_put_bytes(struct df_vals *o, enum df_type t, const uint8_t *a, unsigned n)
{
	struct df_val *v = df_vals_add(o, t);
	if (v)
		memcpy(v->v.a, a, n);
}
/* A string or byte value (t: DF_T_STR or DF_T_BYTES) copied into o's own
 * text; o->cut when it has no room left. */
void df_put_text(struct df_vals *o, enum df_type t, const char *s, size_t n);
void df_put_str(struct df_vals *o, const char *s, size_t n);

/* The last stage of the run path a field's values depend on (NEED in
 * df_fields.def): a run skips the flow stage when nothing needs it. */
enum df_need {
	DF_NEED_DISSECT = 0, /* the dissect driver and IP defragmentation */
	DF_NEED_STREAM,      /* ... and the flow stage's stream decoders of its own layer */
	DF_NEED_FLOW,        /* the whole flow stage (notes, every flow) */
	DF_NEED_ANALYSIS,    /* ... with its TCP sequence analysis (tcp.analysis.*) */
};

/* One field of the table. */
typedef void (*df_getter)(const struct ps_packet *p, struct df_vals *out);
/* A tester compares every occurrence of a field in p with the number w
 * under mask m (value ^ w) & m == 0 is equal, else the values order as
 * numbers) and returns the DF_FAST_* bits of all of them ORed: 0 when the
 * field is absent.  The values are the getter's as unsigned numbers (UINT,
 * BOOL, IPV4 in host order); a field of another type has presence only. */
enum { DF_FAST_PRESENT = 1, DF_FAST_EQ = 2, DF_FAST_LT = 4, DF_FAST_GT = 8 };
typedef unsigned (*df_tester)(const struct ps_packet *p, uint64_t w, uint64_t m);
struct df_field {
	const char *name;   /* Wireshark's name, or our JSON path (alias) */
	uint8_t type;       /* enum df_type */
	uint8_t fmt;        /* enum df_fmt */
	df_getter get;      /* direct getter reading the layer structs, or NULL */
	const char *proto;  /* path getter: the layer's JSON name ("dns") */
	const char *path;   /* path getter: "queries[].name" within the layer */
	const char *doc;
	uint8_t bits;       /* UINT: Wireshark's width (8 ... 64), else 0 */
	uint8_t need;       /* enum df_need */
	uint64_t reads;     /* the layers it reads (bit 1 << tag; DF_READS_ALL: any);
			     * a path field's: see df_field_reads */
	df_tester test;     /* DF_FRAME/DF_LAYER/DF_LAYER2 rows, else NULL */
};
#define DF_READS_ALL UINT64_MAX
/* The layers field f reads (bit 1 << tag), 0 for NULL. */
uint64_t df_field_reads(const struct df_field *f);
/* The layers whose stream decoders alone f's value needs (NEED STREAM:
 * df_field_reads), 0 for other needs, UINT64_MAX when it names none. */
uint64_t df_stream_reads(const struct df_field *f);

/* How many of p's layers the display filter sees: none after the fragment
 * header of a fragment that did not complete its datagram (p->defrag), as
 * tshark, reassembling, dissects nothing above it.  Every getter and
 * presence test walks layers up to this, never p->nlayers. */
static inline unsigned df_nlayers(const struct ps_packet *p)
{
	return p->defrag.partial && p->defrag.ip < p->nlayers ? p->defrag.ip + 1u : p->nlayers;
}

/* IPv4 fixed fields exist when the version is 4, the header length is sane
 * and the field's bytes were captured (dis_ipv4.c's rule); Wireshark stops
 * after the total length when it is shorter than the header ("Bogus IP
 * length"; 0 is TSO and accepted). */
static inline bool df_ip4(const struct ps_layer *l, uint32_t need)
{
	const struct ps_ipv4 *ip = &l->u.ipv4;
	if (ip->version != 4 || ip->hl < 20 || l->hdr_len < need)
		return false;
	return need <= 4 || ip->len == 0 || ip->len >= ip->hl;
}
/* tcp.len of TCP layer li: known from the IP length, not in an IP
 * fragment (Wireshark does not compute it there without reassembly), and
 * from the datagram's length on the fragment that completes one
 * (p->defrag.on: the layers after the fragment header are the datagram's).
 * False when unknown. */
static inline bool df_tcp_len(const struct ps_packet *p, unsigned li, uint32_t *len)
{
	const struct ps_layer *l = &p->layers[li];
	if (!l->u.tcp.has_len || l->hdr_len < 20)
		return false;
	int ni = ps_packet_net_before(p, li);
	const struct ps_layer *n = ni >= 0 ? &p->layers[ni] : 0;
	bool frag = n && (n->proto == PS_P_IPV4 ? n->u.ipv4.mf || n->u.ipv4.frag_off
						: n->u.ipv6.fragment);
	if (frag && !(p->defrag.on && (unsigned)ni == p->defrag.ip))
		return false;
	*len = l->u.tcp.len;
	return true;
}

/* The table (df_fields.c). */
extern const struct df_field df_fields[];
extern const unsigned df_nfields;
/* The field named `name` (table row, alias or JSON path of a row), NULL when
 * none. */
const struct df_field *df_field_find(const char *name, size_t n);
/* A protocol name a filter may test for presence: the layer's JSON name
 * ("ip" for "ip", "loopback" for "null") and the transport ports that tell
 * protocols sharing a layer apart (dns, mdns, llmnr); NULL when unknown. */
struct df_proto {
	const char *name, *json;
	uint8_t need; /* enum df_need: its presence and bytes */
	uint16_t port, not1, not2;
};
const struct df_proto *df_proto_find(const char *name, size_t n);
/* The closest known field or protocol name, for "did you mean" (NULL: none close). */
const char *df_suggest(const char *name, size_t n);
/* The values of field f in p (direct getter or the path walker, df_path.c). */
void df_field_values(const struct df_field *f, const struct ps_packet *p, struct df_vals *out);
void df_path_values(const struct df_field *f, const struct ps_packet *p, struct df_vals *out);
/* A path field prepared once (its layer's tag, each alternative split into
 * components), so the per-packet walk does no name lookups. */
#define DF_PATH_ALTS 4
#define DF_PATH_COMPS 8
struct df_comp {
	const char *s; /* NULL: "[]" (any array element) */
	size_t n;
};
struct df_path {
	uint8_t tag; /* enum ps_proto of the layer, 0: not decoded (no values) */
	uint8_t nalt;
	uint8_t nc[DF_PATH_ALTS];
	struct df_comp c[DF_PATH_ALTS][DF_PATH_COMPS];
};
void df_path_prepare(const struct df_field *f, struct df_path *out);
void df_path_run(const struct df_field *f, const struct df_path *pp, const struct ps_packet *p,
		 struct df_vals *out);
/* The layer tag whose dissector has this JSON name, 0 when none is decoded. */
unsigned df_proto_tag(const char *json);
const char *df_type_name(enum df_type t);

/* ---- literals (df_value.c) ---- */
struct df_lit {
	struct df_val v;
	uint8_t prefix; /* IPV4/IPV6 CIDR prefix bits (32/128 = host) */
	bool has_hi;    /* a range lo..hi (in sets) */
	struct df_val hi;
};
/* Parse `s` (n bytes; quoted: a string literal already unescaped) as a
 * value of type t.  0 ok, -1 with a reason in why. */
int df_lit_parse(enum df_type t, const char *s, size_t n, bool quoted, struct df_lit *out,
		 const char **why);
/* Where the text a time literal's value ignores begins ("1.5e-1": 3, at
 * "e"); n when it has none. */
size_t df_time_rest(const char *s, size_t n);
/* An unquoted byte string ("02:00:0a", "02000a", "0x0a") into dst (n bytes
 * at most); 0 and *outn, or -1 when it is not one. */
int df_bytes_parse(const char *s, size_t n, char *dst, uint32_t *outn);
/* -1/0/1 like memcmp; types must agree (the numeric ones compare as numbers). */
int df_val_cmp(const struct df_val *a, const struct df_val *b);
/* tshark compares in the left operand's type: a negative signed value (a
 * negated literal, -1) does not convert to an unsigned field's, and such a
 * comparison fails: neither equal nor unequal nor ordered. */
bool df_incomparable(const struct df_val *a, const struct df_val *b);
/* Literal l against value v: 1 equal (in the CIDR block or range), 0 not,
 * -1 incomparable. */
int df_lit_test(const struct df_lit *l, const struct df_val *v);
/* Dates (df_time.c): "Oct 19, 2014 19:16:56.1", "2014-10-19 19:16:56",
 * "2014-10-19T19:16:56Z", "2014-10-19" (local time unless UTC or Z) into a
 * TIME value, 0 ok, -1 not a date; and a TIME value printed as a date. */
int df_date_parse(const char *s, size_t n, struct df_val *out);
void df_date_format(const struct df_val *v, struct ps_out *o);
/* Append v as tshark prints a field of format fmt. */
void df_val_format(const struct df_val *v, enum df_fmt fmt, struct ps_out *o);

/* ---- the compiled tree ---- */
enum df_op {
	DF_OP_AND = 1, DF_OP_OR, DF_OP_NOT,
	DF_OP_PROTO,   /* protocol present */
	DF_OP_FIELD,   /* field present */
	DF_OP_EQ, DF_OP_ALL_EQ, DF_OP_NE, DF_OP_ANY_NE,
	DF_OP_LT, DF_OP_LE, DF_OP_GT, DF_OP_GE,
	DF_OP_CONTAINS, DF_OP_MATCHES, DF_OP_IN,
	DF_OP_IN_RANGE, /* one element "lo..hi" of a set with a field bound ("tcp.port in
			 * {tcp.srcport..tcp.dstport}"): x[1] lo, x_hi hi (df_in_range) */
};

/* tshark 4.0's functions of a field: count(f) (occurrences, absent when
 * none), len(f) (each value's size in bytes, as its fvalue has it),
 * upper(f), lower(f) (a string field's values in ASCII upper/lower case). */
enum df_fn { DF_FN_NONE = 0, DF_FN_COUNT, DF_FN_LEN, DF_FN_UPPER, DF_FN_LOWER };

struct df_node {
	uint8_t op;
	struct df_node *a, *b;       /* AND/OR: both; NOT: a */
	const struct df_field *f;    /* tests of a field */
	const struct df_field *f2;   /* field-vs-field comparison: the right-hand field */
	bool neg2;                   /* ... negated ("ip.ttl == -ip.proto") */
	bool all;                    /* "all f < x": every occurrence (pair) must hold */
	uint8_t fn[2];               /* enum df_fn applied to f (0) and f2 (1) */
	const struct df_lit *mask;   /* "f & mask": each value of f ANDed first (UINT, IPV4: v.u;
				      * MAC: v.a) */
	struct df_path *pp[2];       /* f and f2 prepared when they are path fields (owned) */
	uint8_t proto_tag;           /* DF_OP_PROTO: enum ps_proto, 0 = not decoded (never present) */
	const struct df_proto *proto; /* DF_OP_PROTO: its row (ports) */
	bool frame;                  /* DF_OP_PROTO "frame": always */
	struct df_lit *lits;         /* comparison operand, set elements (in ps_dfilter.lits) */
	unsigned nlits;
	void *re;                    /* DF_OP_MATCHES: pcre2_code */
	void *md;                    /* its match data (not shared across threads) */
	struct df_x *x[2];           /* operands with slices, layers, arithmetic or max() ...
				      * (df_expr.h): they replace f (0) and f2 (1) */
	/* a comparison of a field with a tester and numeric literals, run as
	 * the tester (df_eval_prepare): true when the bits it returns for
	 * fast_w/fast_m (IN: for each literal) include one of fast_any and
	 * none of fast_none */
	df_tester fast;
	uint64_t fast_w, fast_m;
	uint8_t fast_any, fast_none;
	/* "FIELD contains STRING" of a field with such a test (df_eval_prepare) */
	bool (*contains)(const struct ps_packet *p, const char *s, uint32_t sn);
	struct df_x *x_hi;           /* DF_OP_IN_RANGE: the upper bound (x[1] the lower) */
};

/* Choose the direct tests of f's nodes (df_eval.c); after parsing. */
void df_eval_prepare(struct ps_dfilter *f);

struct ps_dfilter {
	struct df_node *root;
	struct df_node *nodes; /* all nodes, one allocation */
	unsigned nnodes, cap;  /* nodes and lits hold cap entries each */
	struct df_lit *lits;
	char *strings;         /* string literals (unescaped), one allocation */
	struct df_x *xs;       /* operand expressions (df_expr.h), cap of them; NULL until
				* a filter has one */
	unsigned nxs;
	struct df_ws_row *ws;  /* names tshark knows that pktscope does not decode
				* (df_wsnames.h), DF_WS_ROWS of them; NULL until one */
	unsigned nws;
	char warn[160];        /* how a literal was read, as tshark 4.0 reads it, when
				* that is likely not what was meant ("" none) */
};

#endif
