/* SPDX-License-Identifier: BSD-2-Clause */
/* render_json.c - NDJSON renderer (SCHEMA.md): one object per packet per line.
 *
 * A streaming writer of our own, straight into the output buffer: json-c's
 * object model allocates per value and could not meet the throughput
 * target (measured in bench/); json-c validates this output in the tests.
 * Keys come from dissector string literals and need no escaping; string
 * values are escaped.
 */
#include "ps_render.h"

#define JSON_MAX_DEPTH 32

struct json_ctx {
	struct ps_out *o;
	struct ps_json_keys *keys; /* NULL: no cache (tests, -T ek) */
	unsigned depth;
	bool need_comma[JSON_MAX_DEPTH];
};

#define KEY_FAST_MAX 60 /* keys are short identifiers from the dissectors */

/* The general case of key(): no room reserved (memory mode), an array
 * element (no key) or a key longer than KEY_FAST_MAX.  Out of line so that
 * key() stays a small leaf that the value writers inline. */
__attribute__((noinline)) static void key_slow(struct json_ctx *j, const char *k, bool comma)
{
	if (comma)
		ps_out_char(j->o, ',');
	if (k) {
		ps_out_char(j->o, '"');
		ps_out_str(j->o, k);
		PS_OUT_LIT(j->o, "\":");
	}
}

/* One key byte copied (the NUL too, overwritten by the closing quote);
 * jumps to `done` with the key's length in `len` at its end. */
#define KEY_BYTE(i)                                                                                \
	do {                                                                                       \
		if (!(t[(i)] = k[(i)])) {                                                          \
			len = (i);                                                                 \
			goto done;                                                                 \
		}                                                                                  \
	} while (0)

/* The cache slot of a key's address (a multiplicative hash: literals are
 * byte-aligned, so every address bit counts) */
static inline size_t key_slot(const char *k)
{
	return (size_t)(((uint64_t)(uintptr_t)k * 0x9e3779b97f4a7c15u) >> 54) % PS_JSON_KEY_SLOTS;
}

/* key() when the cache does not have k: short keys are copied straight
 * into the reserved room in one pass that also finds their end (no
 * strlen), four bytes per loop test, and then cached; out of line so that
 * key() stays small enough to inline. */
__attribute__((noinline)) static void key_miss(struct json_ctx *j, const char *k, bool comma, char *d)
{
	if (!d || !k) {
		key_slow(j, k, comma);
		return;
	}
	const char *k0 = k;
	d[0] = ',';
	d[comma] = '"';
	char *t = d + comma + 1;
	size_t len;
	for (size_t i = 0; i < KEY_FAST_MAX; i += 4, t += 4, k += 4) {
		KEY_BYTE(0);
		KEY_BYTE(1);
		KEY_BYTE(2);
		KEY_BYTE(3);
	}
	/* longer than KEY_FAST_MAX: nothing was committed, go the slow way */
	key_slow(j, k0, comma);
	return;
done:
	t[len] = '"';
	t[len + 1] = ':';
	size_t framed = (size_t)(t - d) + len + 2 - comma; /* "key": */
	struct ps_json_key *c = j->keys ? &j->keys->slot[key_slot(k0)] : NULL;
	if (c && framed <= sizeof c->text) {
		c->k = k0;
		c->len = (uint8_t)framed;
		memcpy(c->text, d + comma, framed);
	}
	ps_out_commit(j->o, (size_t)comma + framed);
}

/* Separator and "key": the hottest path of the JSON writer (a packet
 * writes about 50 keys).  A key seen before is one fixed-size copy of its
 * framed text from the renderer's cache. */
static inline void key(struct json_ctx *j, const char *k)
{
	bool comma = j->need_comma[j->depth];
	j->need_comma[j->depth] = true;
	char *d = ps_out_reserve(j->o, KEY_FAST_MAX + 4);
	if (d && !k) { /* an array element: the separator only */
		d[0] = ',';
		ps_out_commit(j->o, comma);
		return;
	}
	if (d && j->keys) {
		const struct ps_json_key *c = &j->keys->slot[key_slot(k)];
		if (c->k == k) {
			d[0] = ',';
			memcpy(d + comma, c->text, sizeof c->text);
			ps_out_commit(j->o, (size_t)comma + c->len);
			return;
		}
	}
	key_miss(j, k, comma, d);
}

static void open_(struct ps_emit *e, const char *k, char ch)
{
	struct json_ctx *j = e->ctx;
	key(j, k);
	ps_out_char(j->o, ch);
	if (j->depth + 1 < JSON_MAX_DEPTH)
		j->depth++;
	j->need_comma[j->depth] = false;
}

static void close_(struct ps_emit *e, char ch)
{
	struct json_ctx *j = e->ctx;
	if (j->depth)
		j->depth--;
	ps_out_char(j->o, ch);
}

static void j_begin_obj(struct ps_emit *e, const char *k) { open_(e, k, '{'); }
static void j_end_obj(struct ps_emit *e) { close_(e, '}'); }
static void j_begin_arr(struct ps_emit *e, const char *k) { open_(e, k, '['); }
static void j_end_arr(struct ps_emit *e) { close_(e, ']'); }

static void j_u64(struct ps_emit *e, const char *k, uint64_t v)
{
	struct json_ctx *j = e->ctx;
	key(j, k);
	ps_out_u64(j->o, v);
}

static void j_i64(struct ps_emit *e, const char *k, int64_t v)
{
	struct json_ctx *j = e->ctx;
	key(j, k);
	ps_out_i64(j->o, v);
}

static void j_bool(struct ps_emit *e, const char *k, bool v)
{
	struct json_ctx *j = e->ctx;
	key(j, k);
	if (v)
		PS_OUT_LIT(j->o, "true");
	else
		PS_OUT_LIT(j->o, "false");
}

/* Bytes of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, at most U+10FFFF), 0 when it is not one. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;
	if (s[0] < 0xc2 || s[0] > 0xf4 || len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
		return 0;
	return len;
}

/* 1 for the bytes a JSON string holds as they are: printable ASCII other
 * than '"' and '\\' (one table load per byte instead of four tests) */
static const unsigned char json_plain[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
	/* 0x80-0xff: UTF-8 checked by escaped() */
};

/* A JSON string body: well-formed UTF-8 is kept, control bytes escaped, and
 * each byte that is not part of a well-formed sequence becomes U+FFFD (as
 * tshark shows it), so the line is valid UTF-8 whatever the bytes were. */
static void escaped(struct ps_out *o, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t run = 0; /* bytes not needing escapes, written in one go */
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (json_plain[ch]) {
			run++;
			continue;
		}
		size_t seq = ch >= 0x80 ? utf8_seq((const unsigned char *)s + i, n - i) : 0;
		if (seq) {
			run += seq;
			i += seq - 1;
			continue;
		}
		ps_out_mem(o, s + i - run, run);
		run = 0;
		char esc[6] = {'\\', 'u', '0', '0', hex[ch >> 4], hex[ch & 0xf]};
		if (ch == '"' || ch == '\\') {
			esc[1] = (char)ch;
			ps_out_mem(o, esc, 2);
		} else if (ch >= 0x80) {
			PS_OUT_LIT(o, "\\ufffd");
		} else {
			ps_out_mem(o, esc, 6); /* control bytes */
		}
	}
	ps_out_mem(o, s + n - run, run);
}

/* True when each of the 8 bytes of w is plain (json_plain): none below
 * 0x20, none with the top bit, none 0x7f, '"' or '\\'.  Word-at-a-time
 * tests ("any byte zero": (x - 0x01..) & ~x & 0x80..) are exact about
 * whether some byte matches, so a false here only sends the bytes to the
 * table loop. */
static inline bool plain8(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
#define ANY_ZERO(x) (((x) - ones) & ~(x) & high)
	uint64_t bad = w & high;                 /* 0x80-0xff */
	bad |= (w - ones * 0x20) & ~w & high;    /* below 0x20 */
	bad |= ANY_ZERO(w ^ (ones * 0x7f));      /* DEL */
	bad |= ANY_ZERO(w ^ (ones * '"'));
	bad |= ANY_ZERO(w ^ (ones * '\\'));
#undef ANY_ZERO
	return !bad;
}

/* The plain prefix of s[0..n) copied to d (8 bytes a step while whole words
 * are plain, then byte by byte); returns its length. */
static size_t copy_plain(char *d, const char *s, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if (!plain8(w))
			break;
		memcpy(d + i, &w, 8);
	}
	for (; i < n && json_plain[(unsigned char)s[i]]; i++)
		d[i] = s[i];
	return i;
}

static void j_strn(struct ps_emit *e, const char *k, const char *s, size_t n)
{
	struct json_ctx *j = e->ctx;
	key(j, k);
	/* Most strings (names, flow ids, link types) are plain ASCII: copied
	 * with both quotes in the pass that checks them; from the first byte
	 * that needs a look, escaped() takes over. */
	char *d = n < 4096 ? ps_out_reserve(j->o, n + 2) : NULL;
	if (!d) {
		ps_out_char(j->o, '"');
		escaped(j->o, s, n);
		ps_out_char(j->o, '"');
		return;
	}
	*d++ = '"';
	size_t i = copy_plain(d, s, n);
	if (i == n) {
		d[n] = '"';
		ps_out_commit(j->o, n + 2);
		return;
	}
	ps_out_commit(j->o, i + 1);
	escaped(j->o, s + i, n - i);
	ps_out_char(j->o, '"');
}

static void j_str(struct ps_emit *e, const char *k, const char *s)
{
	j_strn(e, k, s, strlen(s));
}

static void j_ipv4(struct ps_emit *e, const char *k, const uint8_t a[4])
{
	struct json_ctx *j = e->ctx;
	key(j, k);
	ps_out_char(j->o, '"');
	ps_out_ipv4(j->o, a);
	ps_out_char(j->o, '"');
}

static void j_ipv6(struct ps_emit *e, const char *k, const uint8_t a[16])
{
	struct json_ctx *j = e->ctx;
	key(j, k);
	ps_out_char(j->o, '"');
	ps_out_ipv6(j->o, a);
	ps_out_char(j->o, '"');
}

static void j_mac(struct ps_emit *e, const char *k, const uint8_t *a, size_t n)
{
	struct json_ctx *j = e->ctx;
	key(j, k);
	ps_out_char(j->o, '"');
	ps_out_mac(j->o, a, n);
	ps_out_char(j->o, '"');
}

static void j_ts(struct ps_emit *e, const char *k, int64_t sec, uint32_t frac, bool nano)
{
	struct json_ctx *j = e->ctx;
	key(j, k);
	ps_out_i64(j->o, sec);
	ps_out_char(j->o, '.');
	ps_out_u64_pad(j->o, frac, nano ? 9 : 6, '0');
}

static const struct ps_emit_ops json_ops = {
	.begin_obj = j_begin_obj,
	.end_obj = j_end_obj,
	.begin_arr = j_begin_arr,
	.end_arr = j_end_arr,
	.u64 = j_u64,
	.i64 = j_i64,
	.boolean = j_bool,
	.str = j_str,
	.strn = j_strn,
	.ipv4 = j_ipv4,
	.ipv6 = j_ipv6,
	.mac = j_mac,
	.ts = j_ts,
};

static void json_members(const struct ps_packet *p, struct ps_out *o,
			 const struct ps_render_opts *opts, bool after_key, struct ps_json_keys *keys)
{
	struct json_ctx j = {.o = o, .keys = keys};
	j.need_comma[0] = after_key;
	struct ps_emit e = {.ops = &json_ops, .ctx = &j, .extra = ps_json_extra, .extra_ctx = opts};
	ps_emit_packet(p, &e);
}

void ps_render_json_members(const struct ps_packet *p, struct ps_out *o,
			    const struct ps_render_opts *opts, bool after_key)
{
	json_members(p, o, opts, after_key, NULL);
}

static void json_line(const struct ps_packet *p, struct ps_out *o,
		      const struct ps_render_opts *opts, struct ps_json_keys *keys)
{
	ps_out_char(o, '{');
	json_members(p, o, opts, false, keys);
	ps_out_char(o, '}');
}

void ps_render_json_line_opts(const struct ps_packet *p, struct ps_out *o,
			      const struct ps_render_opts *opts)
{
	json_line(p, o, opts, NULL);
}

void ps_render_json_line(const struct ps_packet *p, struct ps_out *o)
{
	ps_render_json_line_opts(p, o, NULL);
}

static void json_packet(struct ps_renderer *r, const struct ps_packet *p)
{
	json_line(p, r->out, r->opts, &r->keys);
	ps_out_char(r->out, '\n');
}

const struct ps_renderer_ops ps_render_json = {.name = "json", .packet = json_packet};
