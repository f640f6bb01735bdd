/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_emit.h - the structured-output interface dissectors write their fields to.
 *
 * Field names are written once, in the dissector's `fields` op; the NDJSON
 * renderer, the TUI detail tree and the unit-test recorder are emitters, so
 * their names can never disagree.  `key` is NULL for an element of an array.
 * Before a value, a dissector may call ps_emit_span() to say which frame
 * bytes the value came from (the TUI highlights them; JSON ignores it).
 */
#ifndef PS_EMIT_H
#define PS_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ps_emit;

/* One fixed-size header field of a run (ps_emit_fields): its key, and the
 * bytes [at, at + len) of the layer's header its value comes from; the
 * field appears only when the captured header holds all of them.  Its
 * value is the run's v[i], except:
 *   OBJ   opens an object (key NULL: an array element); the fields after
 *         it are its members, up to an END.  No span of its own (the
 *         object keeps the one set before the run);
 *   END   closes the object (no key, no span);
 *   CONST the static string s (as ps_emit_str_static writes it).
 * v[i] of these is not used. */
enum ps_emit_kind { PS_EMIT_K_U64, PS_EMIT_K_BOOL, PS_EMIT_K_OBJ, PS_EMIT_K_END, PS_EMIT_K_CONST };
struct ps_emit_field {
	const char *key;
	uint16_t at;
	uint8_t len;
	uint8_t kind;  /* enum ps_emit_kind */
	const char *s; /* CONST: the value */
};

struct ps_emit_ops {
	void (*begin_obj)(struct ps_emit *e, const char *key);
	void (*end_obj)(struct ps_emit *e);
	void (*begin_arr)(struct ps_emit *e, const char *key);
	void (*end_arr)(struct ps_emit *e);
	void (*u64)(struct ps_emit *e, const char *key, uint64_t v);
	void (*i64)(struct ps_emit *e, const char *key, int64_t v);
	void (*boolean)(struct ps_emit *e, const char *key, bool v);
	void (*str)(struct ps_emit *e, const char *key, const char *s);
	/* `s` need not be NUL-terminated */
	void (*strn)(struct ps_emit *e, const char *key, const char *s, size_t n);
	void (*ipv4)(struct ps_emit *e, const char *key, const uint8_t a[4]);
	void (*ipv6)(struct ps_emit *e, const char *key, const uint8_t a[16]);
	/* link address: 6 bytes print as a MAC, other lengths as colon hex */
	void (*mac)(struct ps_emit *e, const char *key, const uint8_t *a, size_t n);
	/* timestamp: sec.frac with 6 (or 9 if nano) decimals */
	void (*ts)(struct ps_emit *e, const char *key, int64_t sec, uint32_t frac, bool nano);
	/* optional (NULL: str does it): a string whose address always holds
	 * the same text, as keys are (a literal, a name table's entry), which
	 * the emitter may remember by its address.  Call it through
	 * ps_emit_str_static(). */
	void (*str_static)(struct ps_emit *e, const char *key, const char *s);
	/* optional (NULL: the ops above, field by field): a run of fixed
	 * header fields, f[i] with value v[i], each one present when hdr_len
	 * >= at + len, its span at off + at.  f is a static table, always
	 * passed whole (n is its length): an emitter may keep what it derives
	 * from it by its address, as the JSON writer does to write a run with
	 * one room check and no call or key look-up per field.  Call it
	 * through ps_emit_fields(). */
	void (*fields)(struct ps_emit *e, uint32_t off, uint32_t hdr_len,
		       const struct ps_emit_field *f, const uint64_t *v, size_t n);
};

struct ps_packet;

/* Where ps_emit_packet calls the extra hook: a layer index, or these. */
#define PS_EMIT_AT_FRAME (-1)
#define PS_EMIT_AT_PAYLOAD (-2)

struct ps_emit {
	const struct ps_emit_ops *ops;
	void *ctx;           /* the emitter's own state */
	uint32_t span_off;   /* frame bytes of the next value (advisory) */
	uint32_t span_len;
	bool span_side;      /* ... bytes of the record's side area instead */
	bool span_stream;    /* ... stream bytes (ps_emit_span_stream) instead */
	/* optional: more keys at the end of the frame object, each layer's
	 * object and the payload object (JSON options such as -x, -v) */
	void (*extra)(struct ps_emit *e, const struct ps_packet *p, int at);
	const void *extra_ctx;
};

static inline void ps_emit_span(struct ps_emit *e, uint32_t off, uint32_t len)
{
	e->span_off = off;
	e->span_len = len;
	e->span_side = false;
	e->span_stream = false;
}

/* The value's bytes are a copy in the record's side area of bytes joined
 * from several segments (an HTTP header block the stream decoder rebuilt):
 * [off, off + len) of p->side.  The TUI finds them in the reassembled
 * bytes it keeps. */
static inline void ps_emit_span_side(struct ps_emit *e, uint32_t off, uint32_t len)
{
	ps_emit_span(e, off, len);
	e->span_side = true;
}

/* The value's bytes are stream bytes of a layer rebuilt from segments that
 * the record does not hold (a TLS hello joined in the stream decoder's
 * buffer): `off` counts from the first byte this frame delivered to the
 * stream, negative for bytes earlier frames delivered.  The TUI finds them
 * among the reassembled bytes it keeps. */
static inline void ps_emit_span_stream(struct ps_emit *e, int32_t off, uint32_t len)
{
	ps_emit_span(e, (uint32_t)off, len);
	e->span_stream = true;
}

/* The same, clipped to the `caplen` captured bytes: a header may claim bytes
 * the capture does not hold, and a span must never point past the frame. */
static inline void ps_emit_span_clip(struct ps_emit *e, uint32_t off, uint32_t len,
				     uint32_t caplen)
{
	if (off > caplen)
		off = caplen;
	if (len > caplen - off)
		len = caplen - off;
	ps_emit_span(e, off, len);
}

static inline void ps_emit_str_static(struct ps_emit *e, const char *key, const char *s)
{
	if (e->ops->str_static)
		e->ops->str_static(e, key, s);
	else
		e->ops->str(e, key, s);
}

/* The run field by field through the u64 and boolean ops: what an
 * emitter without a `fields` op gets, and the JSON writer's way when its
 * fast path cannot take the rest of a run (emit.c). */
void ps_emit_fields_each(struct ps_emit *e, uint32_t off, uint32_t hdr_len,
			 const struct ps_emit_field *f, const uint64_t *v, size_t n);

static inline void ps_emit_fields(struct ps_emit *e, uint32_t off, uint32_t hdr_len,
				  const struct ps_emit_field *f, const uint64_t *v, size_t n)
{
	if (e->ops->fields)
		e->ops->fields(e, off, hdr_len, f, v, n);
	else
		ps_emit_fields_each(e, off, hdr_len, f, v, n);
}

#define PS_EMIT_U64(e, k, v) ((e)->ops->u64((e), (k), (uint64_t)(v)))
#define PS_EMIT_BOOL(e, k, v) ((e)->ops->boolean((e), (k), (v)))
#define PS_EMIT_STR(e, k, v) ((e)->ops->str((e), (k), (v)))

#endif
