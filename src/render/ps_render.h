/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_render.h - renderers: turn a dissected record into output.
 * Renderers read only the record (through the dissectors' summary and fields
 * ops and the emitter), never the packet bytes, except the hex dump. */
#ifndef PS_RENDER_H
#define PS_RENDER_H

#include <stdbool.h>
#include <stdint.h>

#include "ps_dissect.h"
#include "ps_out.h"
#include "ps_packet.h"

/* -t count: none, 1 -t, 2 -tt, 3 -ttt, 4 -tttt, 5 -ttttt (text_time.c) */
enum ps_time_fmt {
	PS_TIME_LOCAL = 0,
	PS_TIME_NONE,
	PS_TIME_EPOCH,
	PS_TIME_DELTA,      /* -ttt: since the previous packet */
	PS_TIME_DATE,       /* -tttt: date and local time */
	PS_TIME_SINCE_FIRST /* -ttttt: since the first packet */
};

struct ps_render_opts {
	struct ps_text_opts text; /* -v, -e */
	enum ps_time_fmt time_fmt; /* default, -t, -tt */
	int hex;                   /* 0, 1 = -x, 2 = -X (hex + ASCII) */
	bool ascii;                /* -A: the packet in ASCII (text_ascii.c) */
	bool number;               /* -#: packet number first */
};

/* Per-renderer mutable state: the cached local-time prefix. */
struct ps_time_cache {
	int64_t sec;  /* second the prefix was computed for */
	bool valid;
	char hms[9];  /* "HH:MM:SS" */
	bool have_first;     /* -ttt/-ttttt references, in fraction units */
	int64_t first, prev;
};

struct ps_renderer;
struct ps_renderer_ops {
	const char *name;
	void (*packet)(struct ps_renderer *r, const struct ps_packet *p);
};

/* Per-renderer mutable state of the JSON writer (render_json.c).
 * Each key it wrote, by the address of its string, already framed as
 * "key": (keys are the dissectors' string literals and static names, so an
 * address always holds the same key): a key is found in its slot or the
 * next one, and a key that finds both taken is not cached.  The same for
 * pairs of a key and a static value, in one slot each.  And the "seconds."
 * text of the last time stamp, which consecutive packets share.
 * All zero = empty. */
#define PS_JSON_KEY_SLOTS 2048
struct ps_json_key {
	const char *k;
	uint8_t len;   /* bytes of text used */
	char text[23]; /* "key": (longer keys are not cached) */
};
struct ps_json_sec {
	int64_t sec;
	uint8_t len;   /* bytes of text used, 0 = empty */
	char text[23]; /* "-9223372036854775808." at most */
};
/* A key and a static string value (ps_emit_str_static) together, framed
 * as "key":"value" ("value" for an array element, key NULL) */
#define PS_JSON_PAIR_SLOTS 256
struct ps_json_pair {
	const char *k, *s;
	uint8_t len;   /* bytes of text used, 0 = empty */
	char text[23];
};
/* A run of fixed header fields (ps_emit_fields) by the address of its
 * field table: each key framed with the comma before it, ,"key": (none
 * after an object's '{', which an OBJ field's text ends with; the first
 * one's comma is skipped after a '{' before the run), an END's '}', a
 * CONST's string after its key; and the header bytes the whole run needs,
 * so that a run whose fields are all there is written with no look-up per
 * key.  Texts of at most 16 bytes, runs of at most PS_JSON_RUN_MAX fields
 * (others are not cached).  A run is found in its slot or one of the
 * PS_JSON_RUN_PROBE - 1 after it: there are a few dozen tables, and one
 * left out would be written field by field on every packet. */
#define PS_JSON_RUN_SLOTS 64
#define PS_JSON_RUN_PROBE 8
#define PS_JSON_RUN_MAX 16
struct ps_json_run_key {
	uint8_t len;   /* bytes of text used, comma included */
	uint8_t kind;  /* enum ps_emit_kind */
	char text[22]; /* ,"key": and the rest (16 bytes copied, from text or text + 1) */
};
struct ps_json_run {
	const void *f;  /* the field table, NULL = empty */
	uint32_t need;  /* hdr_len that holds every field */
	bool numbers;   /* all its fields are U64 */
	struct ps_json_run_key key[PS_JSON_RUN_MAX];
};
/* A key and an address value (IPv4, IPv6, MAC) together, framed as
 * "key":"text", by the key's address and the address bytes: a capture
 * repeats a few hosts, and this is one copy instead of a key look-up and
 * the address memo of the output */
#define PS_JSON_ADDR_SLOTS 256
struct ps_json_addr {
	const char *k;
	uint64_t w[2]; /* the address bytes, zero-padded */
	uint8_t fam;   /* 0 empty, 4, 6 or 48 (MAC) */
	uint8_t len;   /* bytes of text used */
	char text[46];
};
struct ps_json_keys {
	struct ps_json_key slot[PS_JSON_KEY_SLOTS];
	struct ps_json_pair pair[PS_JSON_PAIR_SLOTS];
	struct ps_json_run run[PS_JSON_RUN_SLOTS];
	struct ps_json_addr addr[PS_JSON_ADDR_SLOTS];
	struct ps_json_sec ts;
};

/* Per-renderer mutable state of -T ek (render_ek.c): the text of a
 * packet's head that depends on its second only, for the last second. */
struct ps_ek_sec {
	int64_t sec;
	bool valid;
	uint8_t to_ms_len, to_frac_len;
	char to_ms[112];  /* {"index":...}}\n{"timestamp":"<seconds> */
	char to_frac[64]; /* ","@timestamp":"<date>T<time>. */
};

struct ps_renderer {
	const struct ps_renderer_ops *ops;
	struct ps_out *out;                /* borrowed */
	const struct ps_render_opts *opts; /* borrowed */
	struct ps_time_cache tc;
	struct ps_json_keys keys; /* zeroed with the renderer */
	struct ps_ek_sec ek;      /* the same */
};

extern const struct ps_renderer_ops ps_render_text, ps_render_json, ps_render_ek;

/* The renderer called name ("text", "json", "ek"; render.c holds the table), NULL
 * when there is none.  A new output format is one row there. */
const struct ps_renderer_ops *ps_render_find(const char *name);

/* The text line without time stamp or newline (TUI Info column, tests). */
void ps_render_text_body(const struct ps_packet *p, const struct ps_text_opts *t,
			 struct ps_out *o);
/* -ttt, -tttt, -ttttt (text_time.c), with a trailing space. */
void ps_render_time_more(struct ps_renderer *r, const struct ps_packet *p);
/* -A: "\n" and bytes [off, off+len) as tcpdump's ascii_print shows them
 * (text_ascii.c). */
void ps_render_ascii(struct ps_out *o, const uint8_t *data, uint32_t off, uint32_t len);
/* True when only link layers were decoded (non-IP Ethernet, LLC): the text
 * line then shows the link header as tcpdump does (text_ascii.c). */
bool ps_render_link_only(const struct ps_packet *p);
/* The bytes tcpdump hex-dumps after the line when it has no printer for
 * them (a link header with nothing decoded after it; a layer's raw_dump):
 * true with the frame offset and length, clipped to the capture. */
bool ps_render_raw_dump(const struct ps_packet *p, uint32_t *off, uint32_t *len);
/* The JSON emitter over an output buffer (also used by tests). */
void ps_render_json_line(const struct ps_packet *p, struct ps_out *o);
/* The same with the keys options add (json_extra.c): payload.hex with -x,
 * checksum_ok with -v; opts may be NULL.  frame.ts_str is always there for
 * nanosecond captures. */
void ps_render_json_line_opts(const struct ps_packet *p, struct ps_out *o,
			      const struct ps_render_opts *opts);
/* The members of that object without its braces (-T ek adds its own keys
 * first); after_key: a member was written before, start with a comma. */
void ps_render_json_members(const struct ps_packet *p, struct ps_out *o,
			    const struct ps_render_opts *opts, bool after_key);
/* The same through a renderer (its output, options and key cache). */
void ps_render_json_members_r(struct ps_renderer *r, const struct ps_packet *p, bool after_key);
/* -T ek's head of a bulk pair (render_ek.c): the action line for the index
 * "<index>-YYYY-MM-DD" (sec's UTC day), then the document's opening brace
 * and its "timestamp" and "@timestamp" members; the caller adds the other
 * members and "}\n".  frac: microseconds, or nanoseconds when nano. */
void ps_render_ek_head(struct ps_out *o, const char *index, int64_t sec, uint32_t frac,
		       bool nano);
/* The emitter extra hook behind it (json_extra.c). */
void ps_json_extra(struct ps_emit *e, const struct ps_packet *p, int at);
/* Whether that hook adds anything to p with opts (NULL: no options). */
bool ps_json_extra_wanted(const struct ps_packet *p, const struct ps_render_opts *opts);

#endif
