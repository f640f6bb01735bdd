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
#include "ps_digits.h"

/* The emitter and its state in one: the ops get `e` and find the state
 * at the same address, without loading e->ctx in every call. */
struct json_ctx {
	struct ps_emit e; /* first member */
	struct ps_out *o;
	/* o->buf + o->cap - KEY_ROOM: key_hit() has room below it (the buffer
	 * and its size are fixed; a flush only empties it) */
	const char *room_end;
	struct ps_json_keys *keys;
	/* a member (element) was written in the open object (array): the next
	 * one starts with a comma.  One flag is enough for every depth, since
	 * a closed object or array is itself a member of its parent. */
	bool comma;
};

#define KEY_FAST_MAX 60 /* keys are short identifiers from the dissectors */
/* Room key_hit() wants: its copy writes 1 + sizeof text bytes, and leaves
 * more than 40 free for a value writer's first byte */
#define KEY_ROOM 64

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

/* The general case of key_miss(): no room reserved (memory mode), an array
 * element (no key) or a key longer than KEY_FAST_MAX. */
static void key_slow(struct json_ctx *j, const char *k, bool comma)
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

/* The cache slot of a key's address: its low bits.  The keys are string
 * literals packed in the program's read-only data, a few hundred bytes to
 * a few kilobytes apart, so their low bits differ (two that agree share a
 * slot pair, below) and need no multiply to be spread.  NULL, the key of
 * an array element, goes to slot 0, which stays empty: its zero-length
 * text is exactly what an element needs after the separator. */
static inline size_t key_slot(const char *k)
{
	return (size_t)(uintptr_t)k % PS_JSON_KEY_SLOTS;
}

/* The cache entry of k: its slot, else the next one (so that two hot keys
 * with one slot both stay cached); NULL when neither holds it. */
static inline const struct ps_json_key *key_find(const struct ps_json_keys *c, const char *k)
{
	size_t s = key_slot(k);
	if (__builtin_expect(c->slot[s].k == k, 1))
		return &c->slot[s];
	s = (s + 1) % PS_JSON_KEY_SLOTS;
	return c->slot[s].k == k ? &c->slot[s] : NULL;
}

/* Where key_miss caches k: the first free one of key_find's two slots,
 * never slot 0 (NULL's). */
static struct ps_json_key *key_free_slot(struct ps_json_keys *c, const char *k)
{
	size_t s = key_slot(k);
	if (s == 0 || c->slot[s].k)
		s = (s + 1) % PS_JSON_KEY_SLOTS;
	return s == 0 || c->slot[s].k ? NULL : &c->slot[s];
}

/* The separator and "key": when the cache does not have k or the output
 * has no room reserved.  Short keys are copied straight into reserved room
 * in one pass that also finds their end (no strlen), four bytes per loop
 * test, and then cached. */
__attribute__((noinline)) static void key_miss(struct json_ctx *j, const char *k)
{
	bool comma = j->comma;
	j->comma = true;
	char *d = ps_out_reserve(j->o, KEY_FAST_MAX + 4);
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
	struct ps_json_key *c = key_free_slot(j->keys, k0);
	if (c && framed <= sizeof c->text) {
		c->k = k0;
		c->len = (uint8_t)framed;
		memcpy(c->text, d + comma, framed);
	}
	ps_out_commit(j->o, (size_t)comma + framed);
}

/* The separator and "key" from the cache: the hottest path of the JSON
 * writer (a packet writes about 50 keys), one fixed-size copy of the
 * framed text.  Returns the end of what it wrote, with more than 40 bytes
 * of room after it, not yet committed: the caller writes its value there
 * and commits key and value at once (done()).  NULL, having written
 * nothing, when k is not cached or the output has no room reserved: the
 * caller then goes to key_miss() out of line, by a tail call, so that its
 * own fast path saves no registers. */
static inline char *key_hit(struct json_ctx *j, const char *k)
{
	struct ps_out *o = j->o;
	char *d = o->buf + o->len;
	if (d >= j->room_end)
		return NULL;
	const struct ps_json_key *c = key_find(j->keys, k);
	if (!c)
		return NULL;
	bool comma = j->comma;
	d[0] = ',';
	memcpy(d + comma, c->text, sizeof c->text);
	j->comma = true;
	return d + comma + c->len;
}

/* Commits what was written up to `end` after key_hit() */
static inline void done(struct ps_out *o, const char *end)
{
	o->len = (size_t)(end - o->buf);
}

/* Both ways, for the less frequent value writers */
static inline void key(struct json_ctx *j, const char *k)
{
	struct ps_out *o = j->o; /* kept: the key's bytes may alias j->o */
	char *d = key_hit(j, k);
	if (d)
		done(o, d);
	else
		key_miss(j, k);
}

/* '{' or '[' after the key, and no comma before the first member */
__attribute__((noinline)) static void open_miss(struct json_ctx *j, const char *k, char ch)
{
	key_miss(j, k);
	ps_out_char(j->o, ch);
	j->comma = false;
}

static inline void open_(struct ps_emit *e, const char *k, char ch)
{
	struct json_ctx *j = (struct json_ctx *)e;
	struct ps_out *o = j->o; /* kept: the key's bytes may alias j->o */
	char *d = key_hit(j, k);
	if (!d) {
		open_miss(j, k, ch);
		return;
	}
	*d = ch;
	done(o, d + 1);
	j->comma = false;
}

static void j_begin_obj(struct ps_emit *e, const char *k) { open_(e, k, '{'); }
static void j_begin_arr(struct ps_emit *e, const char *k) { open_(e, k, '['); }

/* '}' or ']' when the output has no room reserved (flush or truncate) */
__attribute__((noinline)) static void close_miss(struct json_ctx *j, char ch)
{
	ps_out_char(j->o, ch);
	j->comma = true;
}

static inline void close_(struct ps_emit *e, char ch)
{
	struct json_ctx *j = (struct json_ctx *)e;
	struct ps_out *o = j->o;
	char *d = o->buf + o->len;
	if (d >= j->room_end) {
		close_miss(j, ch);
		return;
	}
	*d = ch;
	o->len++;
	j->comma = true;
}

static void j_end_obj(struct ps_emit *e) { close_(e, '}'); }
static void j_end_arr(struct ps_emit *e) { close_(e, ']'); }

__attribute__((noinline)) static void u64_miss(struct json_ctx *j, const char *k, uint64_t v)
{
	key_miss(j, k);
	ps_out_u64(j->o, v);
}

/* The key and the number after it with one room check and one commit,
 * the digits written inline (ps_digits.h): the most frequent value. */
static void j_u64(struct ps_emit *e, const char *k, uint64_t v)
{
	struct json_ctx *j = (struct json_ctx *)e;
	struct ps_out *o = j->o; /* kept: the key's bytes may alias j->o */
	char *d = key_hit(j, k);
	if (!d) {
		u64_miss(j, k, v);
		return;
	}
	done(o, v <= UINT32_MAX ? ps_put_u32_inline(d, (uint32_t)v) : ps_put_u64(d, v));
}

/* Room a field of a run takes at most: 16 bytes of key text copied and
 * 20 digits */
#define FIELD_ROOM 36

/* The run cache's slot of the field table f: a multiplicative hash of its
 * address (tables sit a few dozen bytes apart, their low bits alone
 * crowd a few slots) */
static inline size_t run_slot(const struct ps_emit_field *f)
{
	return (size_t)(((uint64_t)(uintptr_t)f * 0x9e3779b97f4a7c15u) >> 58) % PS_JSON_RUN_SLOTS;
}

/* The run cache's entry of f: in its slot (nearly always) or one of the
 * PS_JSON_RUN_PROBE after it, which tables whose addresses agree in those
 * bits take (entries are never removed, so an empty slot ends the
 * search); NULL when not cached. */
static inline struct ps_json_run *run_find(struct ps_json_keys *c, const struct ps_emit_field *f)
{
	size_t s = run_slot(f);
	if (__builtin_expect(c->run[s].f == f, 1))
		return &c->run[s];
	for (unsigned k = 1; k < PS_JSON_RUN_PROBE && c->run[s].f; k++) {
		s = (s + 1) % PS_JSON_RUN_SLOTS;
		if (c->run[s].f == f)
			return &c->run[s];
	}
	return NULL;
}

/* Where run_fill caches f: the first free slot run_find looks at, NULL
 * when all are taken (the run is then written field by field) */
static struct ps_json_run *run_free_slot(struct ps_json_keys *c, const struct ps_emit_field *f)
{
	size_t s = run_slot(f);
	for (unsigned k = 0; k < PS_JSON_RUN_PROBE; k++, s = (s + 1) % PS_JSON_RUN_SLOTS)
		if (!c->run[s].f)
			return &c->run[s];
	return NULL;
}

/* The text of field f (the one after `prev`, NULL for the first) at t:
 * the separator, "key": and what a kind writes with its key ('{' of an
 * OBJ, an END's '}', a CONST's quoted string); its length, 0 when it is
 * longer than the 16 bytes j_fields copies or a CONST needs escapes. */
static size_t run_text(char *t, const struct ps_emit_field *f, const struct ps_emit_field *prev)
{
	char buf[64], *w = buf;
	if (f->kind == PS_EMIT_K_END)
		return (size_t)(PS_PUT_LIT(t, "}") - t); /* no separator before it */
	/* no comma before the first member of an object */
	if (!prev || prev->kind != PS_EMIT_K_OBJ)
		*w++ = ',';
	size_t kn = f->key ? strlen(f->key) : 0, sn = f->s ? strlen(f->s) : 0;
	if (kn > 16 || sn > 16)
		return 0;
	if (f->key) {
		*w++ = '"';
		w = ps_put_mem(w, f->key, kn);
		w = PS_PUT_LIT(w, "\":");
	}
	if (f->kind == PS_EMIT_K_OBJ) {
		*w++ = '{';
	} else if (f->kind == PS_EMIT_K_CONST) {
		*w++ = '"';
		for (size_t i = 0; i < sn; i++)
			if (!json_plain[(unsigned char)f->s[i]])
				return 0;
		w = ps_put_mem(w, f->s, sn);
		*w++ = '"';
	}
	size_t len = (size_t)(w - buf);
	if (len > 16)
		return 0;
	memcpy(t, buf, len);
	return len;
}

/* The framed keys of run f in a free slot, or NULL when the run is too
 * long, a text too long to cache, it starts with an END or both slots
 * are taken. */
__attribute__((noinline)) static struct ps_json_run *run_fill(struct ps_json_keys *c,
							      const struct ps_emit_field *f,
							      size_t n)
{
	struct ps_json_run *r = run_free_slot(c, f);
	if (!r || n == 0 || n > PS_JSON_RUN_MAX || f[0].kind == PS_EMIT_K_END)
		return NULL;
	struct ps_json_run_key keys[PS_JSON_RUN_MAX];
	uint32_t need = 0;
	memset(keys, 0, sizeof keys);
	for (size_t i = 0; i < n; i++) {
		size_t len = run_text(keys[i].text, &f[i], i ? &f[i - 1] : NULL);
		if (!len)
			return NULL;
		keys[i].len = (uint8_t)len;
		keys[i].kind = f[i].kind;
		if ((uint32_t)f[i].at + f[i].len > need)
			need = (uint32_t)f[i].at + f[i].len;
	}
	memcpy(r->key, keys, sizeof keys);
	r->numbers = true;
	for (size_t i = 0; i < n; i++)
		r->numbers &= f[i].kind == PS_EMIT_K_U64;
	r->need = need;
	r->f = f;
	return r;
}

/* A run of fixed header fields (ps_emit_fields), the usual case: all of
 * them captured and the run's framed keys cached by its table's address,
 * so that each field is one fixed-size copy of its key and its digits,
 * with one room check for the run.  Otherwise (a truncated header, no
 * room, a run not cacheable) field by field through the ops. */
static void j_fields(struct ps_emit *e, uint32_t off, uint32_t hdr_len,
		     const struct ps_emit_field *f, const uint64_t *v, size_t n)
{
	struct json_ctx *j = (struct json_ctx *)e;
	struct ps_out *o = j->o;
	struct ps_json_run *r = run_find(j->keys, f);
	char *d = o->buf + o->len;
	if (__builtin_expect(!r, 0) && !(r = run_fill(j->keys, f, n))) {
		ps_emit_fields_each(e, off, hdr_len, f, v, n);
		return;
	}
	/* before each field d stays below room_end, as key_hit wants */
	if (hdr_len < r->need || d >= j->room_end ||
	    (size_t)(j->room_end - d) <= n * FIELD_ROOM) {
		ps_emit_fields_each(e, off, hdr_len, f, v, n);
		return;
	}
	/* no comma before the first member of an object */
	size_t skip = !j->comma;
	memcpy(d, r->key[0].text + skip, 16);
	d += r->key[0].len - skip;
	if (r->numbers) { /* the common case, in a loop of its own */
		for (size_t i = 0;;) {
			d = v[i] <= UINT32_MAX ? ps_put_u32_inline(d, (uint32_t)v[i])
					       : ps_put_u64(d, v[i]);
			if (++i == n)
				break;
			memcpy(d, r->key[i].text, 16);
			d += r->key[i].len;
		}
		j->comma = true;
		done(o, d);
		return;
	}
	for (size_t i = 0;;) {
		if (r->key[i].kind == PS_EMIT_K_U64) {
			d = v[i] <= UINT32_MAX ? ps_put_u32_inline(d, (uint32_t)v[i])
					       : ps_put_u64(d, v[i]);
		} else if (r->key[i].kind == PS_EMIT_K_BOOL) {
			memcpy(d, v[i] ? "true" : "false", 5);
			d += v[i] ? 4 : 5;
		} /* the text of the other kinds is all they write */
		if (++i == n)
			break;
		memcpy(d, r->key[i].text, 16);
		d += r->key[i].len;
	}
	j->comma = r->key[n - 1].kind != PS_EMIT_K_OBJ;
	done(o, d);
}

static void j_i64(struct ps_emit *e, const char *k, int64_t v)
{
	struct json_ctx *j = (struct json_ctx *)e;
	key(j, k);
	ps_out_i64(j->o, v);
}

__attribute__((noinline)) static void bool_miss(struct json_ctx *j, const char *k, bool v)
{
	key_miss(j, k);
	if (v)
		PS_OUT_LIT(j->o, "true");
	else
		PS_OUT_LIT(j->o, "false");
}

static void j_bool(struct ps_emit *e, const char *k, bool v)
{
	struct json_ctx *j = (struct json_ctx *)e;
	struct ps_out *o = j->o; /* kept: the key's bytes may alias j->o */
	char *d = key_hit(j, k);
	if (!d) {
		bool_miss(j, k, v);
		return;
	}
	memcpy(d, v ? "true" : "false", 5); /* "true" and its NUL, not committed */
	done(o, d + (v ? 4 : 5));
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

/* 16 bytes as one vector: GCC's and clang's generic vectors, SSE2 on
 * x86-64 (always there) and NEON on arm64, plain C elsewhere. */
typedef signed char json_v16 __attribute__((vector_size(16)));

/* True when each of the 16 bytes of v is plain (json_plain): as signed
 * bytes, none below 0x20 (which takes in 0x80-0xff), none 0x7f, '"' or
 * '\\'.  A few vector instructions instead of a table load per byte. */
static inline bool plain16(json_v16 v)
{
	json_v16 bad = (v < 0x20) | (v == 0x7f) | (v == '"') | (v == '\\');
	uint64_t h[2];
	memcpy(h, &bad, sizeof h);
	return !(h[0] | h[1]);
}

static inline json_v16 v16_load(const char *s)
{
	json_v16 v;
	memcpy(&v, s, sizeof v);
	return v;
}

static inline json_v16 v16_of(uint64_t lo, uint64_t hi)
{
	uint64_t h[2] = {lo, hi};
	json_v16 v;
	memcpy(&v, h, sizeof v);
	return v;
}

/* A string of fewer than 16 bytes copied to d if it is all plain (true),
 * with loads that stay inside it: two overlapping halves (8 to 15 bytes,
 * 4 to 7), or the first, middle and last byte (1 to 3), in one vector
 * filled up with plain 'a's. */
__attribute__((always_inline)) static inline bool copy_short(char *d, const char *s, size_t n)
{
	const uint64_t fill = 0x6161616161616161u;
	if (n >= 8) {
		uint64_t lo, hi;
		memcpy(&lo, s, 8);
		memcpy(&hi, s + n - 8, 8);
		if (!plain16(v16_of(lo, hi)))
			return false;
		memcpy(d, &lo, 8);
		memcpy(d + n - 8, &hi, 8);
	} else if (n >= 4) {
		uint32_t lo, hi;
		memcpy(&lo, s, 4);
		memcpy(&hi, s + n - 4, 4);
		if (!plain16(v16_of((uint64_t)hi << 32 | lo, fill)))
			return false;
		memcpy(d, &lo, 4);
		memcpy(d + n - 4, &hi, 4);
	} else if (n) {
		uint64_t a = (unsigned char)s[0], b = (unsigned char)s[n / 2],
			 c = (unsigned char)s[n - 1];
		if (!plain16(v16_of(a | b << 8 | c << 16 | fill << 24, fill)))
			return false;
		d[0] = (char)a;
		d[n / 2] = (char)b;
		d[n - 1] = (char)c;
	}
	return true;
}

/* The plain prefix of s[0..n) copied to d; returns its length.  Vectors
 * while they are plain, then the last 16 bytes overlapping the ones before
 * (no byte loop for a plain string); a short string in one vector.  A
 * byte loop only finds where a string that needs escapes stops being
 * plain. */
__attribute__((always_inline)) static inline size_t copy_plain(char *d, const char *s, size_t n)
{
	size_t i = 0;
	if (n < 16) {
		if (copy_short(d, s, n))
			return n;
	} else {
		for (; i + 16 <= n; i += 16) {
			json_v16 v = v16_load(s + i);
			if (!plain16(v))
				goto bytes;
			memcpy(d + i, &v, sizeof v);
		}
		json_v16 v = v16_load(s + n - 16);
		if (plain16(v)) {
			memcpy(d + n - 16, &v, sizeof v);
			return n;
		}
	}
bytes:
	for (; i < n && json_plain[(unsigned char)s[i]]; i++)
		d[i] = s[i];
	return i;
}

/* A string value: most (names, flow ids, link types) are plain ASCII,
 * copied with both quotes in the pass that checks them; from the first
 * byte that needs a look, escaped() takes over. */
static void str_value(struct ps_out *o, const char *s, size_t n)
{
	char *d = n < 4096 ? ps_out_reserve(o, n + 2) : NULL;
	if (!d) {
		ps_out_char(o, '"');
		escaped(o, s, n);
		ps_out_char(o, '"');
		return;
	}
	*d++ = '"';
	size_t i = copy_plain(d, s, n);
	if (i == n) {
		d[n] = '"';
		ps_out_commit(o, n + 2);
		return;
	}
	ps_out_commit(o, i + 1);
	escaped(o, s + i, n - i);
	ps_out_char(o, '"');
}

__attribute__((noinline)) static void strn_miss(struct json_ctx *j, const char *k, const char *s,
						size_t n)
{
	key_miss(j, k);
	str_value(j->o, s, n);
}

/* Longest string value strn() writes in the room key_hit() leaves */
#define STR_FAST_MAX 38

/* A cached key and a short plain string, written with no call and no
 * saved register (most strings: names, flags, flow ids); anything else
 * goes out of line, where str_value() writes the value again from the
 * start (what was copied was not committed). */
static inline void strn(struct ps_emit *e, const char *k, const char *s, size_t n)
{
	struct json_ctx *j = (struct json_ctx *)e;
	struct ps_out *o = j->o; /* kept: the key's bytes may alias j->o */
	char *d = key_hit(j, k);
	if (!d) {
		strn_miss(j, k, s, n);
		return;
	}
	if (n > STR_FAST_MAX || copy_plain(d + 1, s, n) != n) {
		done(o, d);
		str_value(o, s, n);
		return;
	}
	d[0] = '"';
	d[n + 1] = '"';
	done(o, d + n + 2);
}

static void j_strn(struct ps_emit *e, const char *k, const char *s, size_t n)
{
	strn(e, k, s, n);
}

static void j_str(struct ps_emit *e, const char *k, const char *s)
{
	strn(e, k, s, strlen(s));
}

/* The pair cache's slot of key k and static value s */
static inline struct ps_json_pair *pair_slot(struct ps_json_keys *c, const char *k, const char *s)
{
	uint64_t h = ((uint64_t)(uintptr_t)s ^ (uint64_t)(uintptr_t)k << 7) * 0x9e3779b97f4a7c15u;
	return &c->pair[h >> 56];
}

/* A static string when the pair cache does not have it with this key:
 * written as any string, then cached with its key (both plain and short
 * enough) in the pair's slot, which it takes over. */
__attribute__((noinline)) static void str_static_miss(struct json_ctx *j, const char *k,
						      const char *s)
{
	size_t n = strlen(s), kn = k ? strlen(k) + 3 : 0; /* "key": */
	key(j, k);
	str_value(j->o, s, n);
	struct ps_json_pair *c = pair_slot(j->keys, k, s);
	char t[sizeof c->text];
	if (kn + n + 2 > sizeof t || copy_plain(t + kn + 1, s, n) != n)
		return;
	if (k) {
		t[0] = '"';
		memcpy(t + 1, k, kn - 3);
		memcpy(t + kn - 2, "\":", 2);
	}
	t[kn] = '"';
	t[kn + n + 1] = '"';
	c->k = k;
	c->s = s;
	c->len = (uint8_t)(kn + n + 2);
	memcpy(c->text, t, c->len);
}

/* A static string with its key, from the pair cache by their addresses:
 * the separator and one fixed-size copy (no key lookup, no strlen, no
 * scan). */
static void j_str_static(struct ps_emit *e, const char *k, const char *s)
{
	struct json_ctx *j = (struct json_ctx *)e;
	struct ps_out *o = j->o;
	char *d = o->buf + o->len;
	const struct ps_json_pair *c = pair_slot(j->keys, k, s);
	if (d >= j->room_end || c->s != s || c->k != k) {
		str_static_miss(j, k, s);
		return;
	}
	bool comma = j->comma;
	d[0] = ',';
	memcpy(d + comma, c->text, sizeof c->text);
	ps_out_commit(o, (size_t)comma + c->len);
	j->comma = true;
}

/* The key and the opening quote of an address */
static inline struct ps_out *key_quote(struct ps_emit *e, const char *k)
{
	struct json_ctx *j = (struct json_ctx *)e;
	struct ps_out *o = j->o; /* kept: the key's bytes may alias j->o */
	char *d = key_hit(j, k);
	if (d) {
		*d = '"';
		done(o, d + 1);
	} else {
		key_miss(j, k);
		ps_out_char(j->o, '"');
	}
	return j->o;
}

/* The address cache's slot of key k and address (fam, w0, w1) */
static inline struct ps_json_addr *addr_slot(struct ps_json_keys *c, const char *k, unsigned fam,
					     uint64_t w0, uint64_t w1)
{
	uint64_t h = (w0 * 0x9e3779b97f4a7c15u) ^ (w1 * 0xc2b2ae3d27d4eb4fu) ^
		     (((uint64_t)(uintptr_t)k + fam) * 0x165667b19e3779f9u);
	return &c->addr[h >> 56];
}

/* An address the cache does not have with this key: written as before
 * (key, quote, the output's address writer, quote), then kept in slot c
 * when it fits and nothing was flushed while it was written. */
__attribute__((noinline)) static void addr_miss(struct json_ctx *j, struct ps_json_addr *c,
						const char *k, unsigned fam, uint64_t w0,
						uint64_t w1, const uint8_t *a, size_t n)
{
	struct ps_out *o = key_quote(&j->e, k);
	size_t start = o->len; /* after the quote: key_quote committed it */
	bool room = ps_out_reserve(o, 48) == o->buf + start;
	if (fam == 4)
		ps_out_ipv4(o, a);
	else if (fam == 6)
		ps_out_ipv6(o, a);
	else
		ps_out_mac(o, a, n);
	ps_out_char(o, '"');
	/* the framed text: back over the quote and "key": */
	size_t kn = k ? strlen(k) + 3 : 0;
	if (!room || start < kn + 1 || o->len < start)
		return;
	size_t from = start - 1 - kn, len = o->len - from;
	if (len > sizeof c->text)
		return;
	c->k = k;
	c->w[0] = w0;
	c->w[1] = w1;
	c->fam = (uint8_t)fam;
	c->len = (uint8_t)len;
	memcpy(c->text, o->buf + from, len);
}

/* "key":"address" from the address cache (one fixed-size copy), else
 * written and cached by addr_miss */
static inline void addr_value(struct ps_emit *e, const char *k, unsigned fam, uint64_t w0,
			      uint64_t w1, const uint8_t *a, size_t n)
{
	struct json_ctx *j = (struct json_ctx *)e;
	struct ps_out *o = j->o;
	struct ps_json_addr *c = addr_slot(j->keys, k, fam, w0, w1);
	char *d = o->buf + o->len;
	if (d >= j->room_end || c->k != k || c->fam != fam || c->w[0] != w0 || c->w[1] != w1) {
		addr_miss(j, c, k, fam, w0, w1, a, n);
		return;
	}
	bool comma = j->comma;
	d[0] = ',';
	memcpy(d + comma, c->text, sizeof c->text);
	done(o, d + comma + c->len);
	j->comma = true;
}

static void j_ipv4(struct ps_emit *e, const char *k, const uint8_t a[4])
{
	uint32_t v;
	memcpy(&v, a, 4);
	addr_value(e, k, 4, v, 0, a, 4);
}

static void j_ipv6(struct ps_emit *e, const char *k, const uint8_t a[16])
{
	uint64_t w[2];
	memcpy(w, a, 16);
	addr_value(e, k, 6, w[0], w[1], a, 16);
}

static void j_mac(struct ps_emit *e, const char *k, const uint8_t *a, size_t n)
{
	if (n != 6) {
		struct ps_out *o = key_quote(e, k);
		ps_out_mac(o, a, n);
		ps_out_char(o, '"');
		return;
	}
	uint64_t w = 0;
	memcpy(&w, a, 6);
	addr_value(e, k, 48, w, 0, a, 6);
}

/* "sec.": from the cache when the second is the last packet's (nearly
 * always), else formatted into it.  Room for sizeof c->text at d. */
static size_t ts_sec(struct ps_json_sec *c, char *d, int64_t sec)
{
	if (!c->len || c->sec != sec) {
		struct ps_out m;
		ps_out_open_mem(&m, c->text, sizeof c->text);
		ps_out_i64(&m, sec);
		ps_out_char(&m, '.');
		c->sec = sec;
		c->len = (uint8_t)m.len;
	}
	memcpy(d, c->text, sizeof c->text);
	return c->len;
}

__attribute__((noinline)) static void ts_miss(struct json_ctx *j, const char *k, int64_t sec,
					      uint32_t frac, unsigned width)
{
	key_miss(j, k);
	ps_out_i64(j->o, sec);
	ps_out_char(j->o, '.');
	ps_out_u64_pad(j->o, frac, width, '0');
}

static void j_ts(struct ps_emit *e, const char *k, int64_t sec, uint32_t frac, bool nano)
{
	struct json_ctx *j = (struct json_ctx *)e;
	unsigned width = nano ? 9 : 6;
	/* the fraction as ps_out_u64_pad writes it: `width` digits when it
	 * has no more (a broken capture's fraction may); "sec." and 9 digits
	 * fit the room key_hit leaves */
	char *d = frac < (nano ? 1000000000u : 1000000u) ? key_hit(j, k) : NULL;
	if (!d) {
		ts_miss(j, k, sec, frac, width);
		return;
	}
	size_t n = ts_sec(&j->keys->ts, d, sec);
	done(j->o, ps_put_u32_fixed(d + n, frac, width));
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
	.str_static = j_str_static,
	.fields = j_fields,
};

static void json_members(const struct ps_packet *p, struct ps_out *o,
			 const struct ps_render_opts *opts, bool after_key, struct ps_json_keys *keys)
{
	/* strictly more than KEY_ROOM bytes free below room_end (memory mode
	 * keeps one for the NUL) */
	struct json_ctx j = {.e = {.ops = &json_ops, .extra_ctx = opts},
			     .o = o,
			     .keys = keys,
			     .comma = after_key,
			     .room_end = o->buf};
	j.e.ctx = &j;
	if (o->cap > KEY_ROOM + 1)
		j.room_end = o->buf + o->cap - KEY_ROOM - 1;
	if (ps_json_extra_wanted(p, opts))
		j.e.extra = ps_json_extra;
	ps_emit_packet(p, &j.e);
}

/* Without a renderer (tests, the fuzzer): a fresh key cache for the call,
 * so that every caller runs the same code as the renderer. */
void ps_render_json_members(const struct ps_packet *p, struct ps_out *o,
			    const struct ps_render_opts *opts, bool after_key)
{
	struct ps_json_keys keys;
	memset(&keys, 0, sizeof keys);
	json_members(p, o, opts, after_key, &keys);
}

void ps_render_json_members_r(struct ps_renderer *r, const struct ps_packet *p, bool after_key)
{
	json_members(p, r->out, r->opts, after_key, &r->keys);
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
	ps_out_char(r->out, '{');
	ps_render_json_members_r(r, p, false);
	PS_OUT_LIT(r->out, "}\n");
}

const struct ps_renderer_ops ps_render_json = {.name = "json", .packet = json_packet};
