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
	unsigned depth;
	bool need_comma[JSON_MAX_DEPTH];
};

#define KEY_FAST_MAX 60 /* keys are short identifiers from the dissectors */

/* Separator and "key": the hottest path of the JSON writer, so short keys
 * are copied straight into the buffer when it has room, in one pass that
 * also finds their end (no strlen: a packet writes dozens of keys). */
static void key(struct json_ctx *j, const char *k)
{
	bool comma = j->need_comma[j->depth];
	j->need_comma[j->depth] = true;
	char *d = ps_out_reserve(j->o, KEY_FAST_MAX + 4);
	if (d) {
		size_t n = 0;
		if (comma)
			d[n++] = ',';
		if (!k) {
			ps_out_commit(j->o, n);
			return;
		}
		d[n++] = '"';
		size_t i = 0;
		for (; k[i] && i < KEY_FAST_MAX; i++)
			d[n++] = k[i];
		if (!k[i]) {
			d[n++] = '"';
			d[n++] = ':';
			ps_out_commit(j->o, n);
			return;
		}
		/* longer than KEY_FAST_MAX: nothing was committed, go the slow way */
	}
	if (comma)
		ps_out_char(j->o, ',');
	if (k) {
		ps_out_char(j->o, '"');
		ps_out_str(j->o, k);
		PS_OUT_LIT(j->o, "\":");
	}
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

/* A JSON string body: well-formed UTF-8 is kept, control bytes escaped, and
 * each byte that is not part of a well-formed sequence becomes U+FFFD (as
 * tshark shows it), so the line is valid UTF-8 whatever the bytes were. */
static void escaped(struct ps_out *o, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t run = 0; /* bytes not needing escapes, written in one go */
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch >= 0x20 && ch != '"' && ch != '\\' && ch < 0x7f) {
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

static void j_strn(struct ps_emit *e, const char *k, const char *s, size_t n)
{
	struct json_ctx *j = e->ctx;
	key(j, k);
	ps_out_char(j->o, '"');
	escaped(j->o, s, n);
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

void ps_render_json_members(const struct ps_packet *p, struct ps_out *o,
			    const struct ps_render_opts *opts, bool after_key)
{
	struct json_ctx j = {.o = o};
	j.need_comma[0] = after_key;
	struct ps_emit e = {.ops = &json_ops, .ctx = &j, .extra = ps_json_extra, .extra_ctx = opts};
	ps_emit_packet(p, &e);
}

void ps_render_json_line_opts(const struct ps_packet *p, struct ps_out *o,
			      const struct ps_render_opts *opts)
{
	ps_out_char(o, '{');
	ps_render_json_members(p, o, opts, false);
	ps_out_char(o, '}');
}

void ps_render_json_line(const struct ps_packet *p, struct ps_out *o)
{
	ps_render_json_line_opts(p, o, NULL);
}

static void json_packet(struct ps_renderer *r, const struct ps_packet *p)
{
	ps_render_json_line_opts(p, r->out, r->opts);
	ps_out_char(r->out, '\n');
}

const struct ps_renderer_ops ps_render_json = {.name = "json", .packet = json_packet};
