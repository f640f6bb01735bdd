/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_common.h - small helpers any dissector may use (dis_common.c).
 *
 * Private to dissectors/: record look-ups, field-emission and text
 * shortcuts that several protocols had written out on their own.  Nothing
 * here allocates or keeps state; every pointer argument is borrowed for the
 * duration of the call.
 */
#ifndef DIS_COMMON_H
#define DIS_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "ps_dissect.h"
#include "ps_out.h"

/* A name for a numeric value, as tcpdump's `struct tok`. */
struct ps_tok {
	unsigned v;
	const char *name;
};

/* The name of `v` in the n-entry table `t` (the first match), or NULL.
 * The string is the table's: static, never freed. */
const char *ps_tok_name(const struct ps_tok *t, size_t n, unsigned v);
#define PS_TOK_NAME(t, v) ps_tok_name((t), sizeof(t) / sizeof((t)[0]), (v))

/* The payload a carrier's claim leaves after a `hdr`-byte header: an unknown
 * claim stays PS_CLAIM_UNKNOWN, a claim shorter than the header leaves 0. */
static inline uint32_t ps_dis_claim_after(uint32_t claim, uint32_t hdr)
{
	if (claim == PS_CLAIM_UNKNOWN)
		return claim;
	return claim > hdr ? claim - hdr : 0;
}

/* decode: the header needs `need` bytes but the cursor ends first.  Keep
 * what is there as header (l->hdr_len, cursor skipped to the end) and say
 * which end it was: the carrier claimed fewer than `need` bytes (`ev_claim`,
 * the header contradicts its carrier) or the capture stopped (`ev_trunc`). */
void ps_dis_short_header(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l,
			 uint32_t need, enum ps_event_code ev_claim, enum ps_event_code ev_trunc);

/* True when layer li raised event `code` (an enum ps_event_code). */
bool ps_dis_has_event(const struct ps_packet *p, unsigned li, unsigned code);

/* A cursor over the whole captured frame positioned at frame offset `off`,
 * for summaries and fields that read back bytes decode already checked.
 * It borrows p->data: valid while the record is. */
static inline struct ps_cursor ps_dis_frame_at(const struct ps_packet *p, uint32_t off)
{
	struct ps_cursor c;
	ps_cur_init(&c, p->data, p->caplen);
	c.pos = off;
	return c;
}

/* Big-endian values from bytes the caller knows were captured (decode
 * validated them); for out-of-range reads use a cursor instead. */
static inline uint16_t ps_dis_be16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

static inline uint32_t ps_dis_be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static inline uint64_t ps_dis_be64(const uint8_t *b)
{
	return (uint64_t)ps_dis_be32(b) << 32 | ps_dis_be32(b + 4);
}

/* fields: emit `key` with its span, header bytes [at, at + len) of layer l,
 * only when all of them were captured (l->hdr_len covers them).  Inline:
 * they sit on every packet's JSON path. */
static inline void ps_dis_emit_u64(struct ps_emit *e, const struct ps_layer *l, const char *key,
				   uint32_t at, uint32_t len, uint64_t v)
{
	if (l->hdr_len < at + len)
		return;
	ps_emit_span(e, l->off + at, len);
	PS_EMIT_U64(e, key, v);
}

/* fields: a run of fixed header fields of layer l, f[i] with value v[i],
 * each under the rule above (ps_emit_fields: one call for the run, which
 * the JSON writer does in one loop).  f and v are arrays of one length. */
#define PS_DIS_EMIT_RUN(e, l, f, v)                                                                 \
	do {                                                                                       \
		_Static_assert(sizeof(f) / sizeof((f)[0]) == sizeof(v) / sizeof((v)[0]),           \
			       "one value per field");                                             \
		ps_emit_fields((e), (l)->off, (l)->hdr_len, (f), (v), sizeof(f) / sizeof((f)[0])); \
	} while (0)

/* The same for a boolean (a flag bit of those bytes). */
static inline void ps_dis_emit_bool(struct ps_emit *e, const struct ps_layer *l, const char *key,
				    uint32_t at, uint32_t len, bool v)
{
	if (l->hdr_len < at + len)
		return;
	ps_emit_span(e, l->off + at, len);
	PS_EMIT_BOOL(e, key, v);
}

/* The same for a 4-byte IPv4 and a 16-byte IPv6 address. */
static inline void ps_dis_emit_ipv4(struct ps_emit *e, const struct ps_layer *l, const char *key,
				    uint32_t at, const uint8_t a[4])
{
	if (l->hdr_len < at + 4)
		return;
	ps_emit_span(e, l->off + at, 4);
	e->ops->ipv4(e, key, a);
}

static inline void ps_dis_emit_ipv6(struct ps_emit *e, const struct ps_layer *l, const char *key,
				    uint32_t at, const uint8_t a[16])
{
	if (l->hdr_len < at + 16)
		return;
	ps_emit_span(e, l->off + at, 16);
	e->ops->ipv6(e, key, a);
}

/* text: a label then a decimal number, the printf-free form of "label%u"
 * for the per-packet paths (", seq " 42 -> ", seq 42"). */
static inline void ps_dis_out_num(struct ps_out *o, const char *label, uint64_t v)
{
	ps_out_str(o, label);
	ps_out_u64(o, v);
}

/* text: n bytes as tcpdump's nd_printn shows them: "M-" before a byte with
 * the top bit set (then its low 7 bits), "^" and the letter for a control
 * character. */
void ps_dis_out_printn(struct ps_out *o, const uint8_t *b, size_t n);

/* text: "src > dst" of the network layer before li (tcpdump prints these
 * when even the ports were cut off).  False, printing nothing, without one. */
bool ps_dis_out_net_addrs(const struct ps_packet *p, unsigned li, struct ps_out *o);

/* text: the summaries of layer li's nested children of kind `nest` (a
 * tunnel's inner chain, an ICMP error's quote), then " [|name]" for the first
 * truncated one.  The renderer prints top-level layers only, so the carrier
 * prints these itself. */
/* True when layer li has nested children of kind `nest`. */
bool ps_dis_has_nested(const struct ps_packet *p, unsigned li, enum ps_nest nest);

void ps_dis_out_nested(const struct ps_packet *p, unsigned li, enum ps_nest nest,
		       const struct ps_text_opts *t, struct ps_out *o);

/* decode, for a tunnel: dissect the rest of `c` from (table, key) as a
 * nested chain under "inner" and consume it, so that it is neither the
 * top-level chain nor payload.  An unknown (table, key) leaves `c` as it is:
 * the bytes stay payload. */
void ps_dis_tunnel_inner(struct ps_dctx *d, struct ps_cursor *c, enum ps_table table,
			 uint32_t key);

/* The same for a payload named by an EtherType (GRE, Geneve): 0x6558,
 * transparent Ethernet bridging, is an Ethernet frame. */
#define PS_ETHERTYPE_TEB 0x6558u
void ps_dis_tunnel_ethertype(struct ps_dctx *d, struct ps_cursor *c, uint16_t proto);

#endif
