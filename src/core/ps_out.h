/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_out.h - a fast append-only output buffer for the text and JSON renderers.
 *
 * Appends never fail: when the buffer is full it is written to the fd.  A
 * write error is sticky (o->err holds errno) and later output is dropped, so
 * the caller checks once per packet.  With fd < 0 the buffer is a bounded
 * string builder (TUI columns, tests): output past the capacity is dropped
 * and o->overflow is set.
 */
#ifndef PS_OUT_H
#define PS_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Recently formatted IP and MAC addresses, by their bytes (out_addr.c): a
 * capture repeats a few hosts, and copying their text is a tenth of the work
 * of formatting an IPv6 address again.  Direct-mapped, fixed size. */
#define PS_ADDR_MEMO_SLOTS 256
struct ps_addr_memo_slot {
	uint64_t w[2]; /* the address bytes (IPv4: w[0] holds the 4 bytes) */
	uint8_t fam;   /* 0 empty, 4 or 6 (IP), 48 (MAC: w[0] holds the 6 bytes) */
	uint8_t len;
	char text[46];
};
/* Recent texts keyed by up to 40 bytes (out_addr.c), for the text line's
 * "src.port > dst.port: ": it repeats for every packet a flow sends one
 * way, and copying it is a fifth of the work of writing it. */
#define PS_TEXT_MEMO_SLOTS 256
#define PS_TEXT_MEMO_MAX 112 /* longest text kept: two IPv6 endpoints fit */
struct ps_text_memo_slot {
	uint64_t key[5]; /* all zero: empty (no caller's key is) */
	uint8_t len;
	char text[PS_TEXT_MEMO_MAX];
};
struct ps_addr_memo {
	struct ps_addr_memo_slot slot[PS_ADDR_MEMO_SLOTS];
	struct ps_text_memo_slot text[PS_TEXT_MEMO_SLOTS];
};

struct ps_out {
	char *buf;
	size_t len, cap;
	int fd;         /* < 0: memory mode */
	int err;        /* errno of the first failed write, 0 if none */
	bool overflow;  /* memory mode: something was dropped */
	bool own_buf;
	struct ps_addr_memo *memo; /* fd mode: owned, NULL if it could not be had */
};

/* fd mode: allocates a cap-byte buffer (0 = 64 KiB). 0 ok, -1 ENOMEM. */
int ps_out_open_fd(struct ps_out *o, int fd, size_t cap);
/* memory mode over a caller's buffer (kept NUL-terminated). */
void ps_out_open_mem(struct ps_out *o, char *buf, size_t cap);
void ps_out_close(struct ps_out *o); /* flushes (fd mode) and frees */
int ps_out_flush(struct ps_out *o);  /* 0 ok, -1 error (o->err) */
void ps_out_reset(struct ps_out *o); /* memory mode: empty the string */
const char *ps_out_cstr(struct ps_out *o); /* memory mode: NUL-terminated */

void ps_out_slow_mem(struct ps_out *o, const void *p, size_t n);

static inline void ps_out_mem(struct ps_out *o, const void *p, size_t n)
{
	if (n < o->cap - o->len) { /* strict: memory mode keeps room for NUL */
		memcpy(o->buf + o->len, p, n);
		o->len += n;
	} else {
		ps_out_slow_mem(o, p, n);
	}
}

char *ps_out_reserve_slow(struct ps_out *o, size_t n);

/* At least n writable bytes at the end of the output (flushing first if
 * needed), or NULL (memory mode, no room): the caller then falls back to the
 * appending calls.  Finish with ps_out_commit(o, bytes actually written). */
static inline char *ps_out_reserve(struct ps_out *o, size_t n)
{
	if (n < o->cap - o->len)
		return o->buf + o->len;
	return ps_out_reserve_slow(o, n);
}

static inline void ps_out_commit(struct ps_out *o, size_t n)
{
	o->len += n;
}

/* Room for up to n bytes of ps_put_* writes: in the buffer (nearly always),
 * else (memory mode without room, a write error) in the caller's n-byte
 * scratch; ps_out_put_done then appends what was written as ps_out_mem
 * does.  One bounds check for a run of fields instead of one per field. */
static inline char *ps_out_put_begin(struct ps_out *o, size_t n, char *scratch)
{
	char *d = ps_out_reserve(o, n);
	return d ? d : scratch;
}

static inline void ps_out_put_done(struct ps_out *o, const char *start, const char *end,
				   const char *scratch)
{
	if (start == scratch)
		ps_out_mem(o, scratch, (size_t)(end - start));
	else
		ps_out_commit(o, (size_t)(end - start));
}

static inline void ps_out_char(struct ps_out *o, char ch)
{
	if (o->len + 1 < o->cap)
		o->buf[o->len++] = ch;
	else
		ps_out_slow_mem(o, &ch, 1);
}

static inline void ps_out_str(struct ps_out *o, const char *s)
{
	ps_out_mem(o, s, strlen(s));
}

#define PS_OUT_LIT(o, lit) ps_out_mem((o), (lit), sizeof(lit) - 1)

/* Writers into space from ps_out_reserve (or any buffer): decimal digits
 * at d, returning the end.  u32 writes at most 10 bytes, u64 at most 20;
 * u32_fixed exactly n, with leading zeros (v < 10^n). */
char *ps_put_u32(char *d, uint32_t v);
char *ps_put_u64(char *d, uint64_t v);
char *ps_put_u32_fixed(char *d, uint32_t v, unsigned n);

static inline char *ps_put_mem(char *d, const void *p, size_t n)
{
	memcpy(d, p, n);
	return d + n;
}
#define PS_PUT_LIT(d, lit) ps_put_mem((d), (lit), sizeof(lit) - 1)

void ps_out_u64(struct ps_out *o, uint64_t v);
void ps_out_i64(struct ps_out *o, int64_t v);
void ps_out_u64_pad(struct ps_out *o, uint64_t v, unsigned width, char pad);
/* lowercase hex, at least min_digits digits */
void ps_out_hex(struct ps_out *o, uint64_t v, unsigned min_digits);
void ps_out_ipv4(struct ps_out *o, const uint8_t a[4]);
void ps_out_ipv6(struct ps_out *o, const uint8_t a[16]); /* RFC 5952 */
/* 6 bytes: aa:bb:cc:dd:ee:ff; other lengths: colon-separated hex */
void ps_out_mac(struct ps_out *o, const uint8_t *a, size_t n);
/* The memo of texts by key: when it holds `key`, its text is written and
 * NULL returned (a hit).  Otherwise the caller writes the text (at most
 * PS_TEXT_MEMO_MAX bytes) and then passes the returned mark to
 * ps_out_memo_keep, which remembers what was written since.  Without a
 * memo or room for the text the mark is inert and nothing is kept. */
struct ps_text_memo_mark {
	struct ps_text_memo_slot *slot; /* NULL: keep nothing */
	size_t from;
};
void ps_out_memo_keep(struct ps_out *o, const uint64_t key[5], const struct ps_text_memo_mark *mark);

/* inline: it is on every TCP and UDP line, and a call would cost a third
 * of a hit */
static inline bool ps_out_memo_text(struct ps_out *o, const uint64_t key[5],
				    struct ps_text_memo_mark *mark)
{
	mark->slot = 0;
	if (!o->memo)
		return false;
	uint64_t h = key[0] * 0x9e3779b97f4a7c15u ^ key[1] * 0xc2b2ae3d27d4eb4fu ^
		     key[2] * 0x165667b19e3779f9u ^ key[3] * 0x27d4eb2f165667c5u ^
		     key[4] * 0xff51afd7ed558ccdu;
	struct ps_text_memo_slot *m = &o->memo->text[(h >> 56) % PS_TEXT_MEMO_SLOTS];
	/* the room for the longest text also means no flush while the caller
	 * writes it, so that its bytes are still in the buffer for keep */
	char *d = ps_out_reserve(o, PS_TEXT_MEMO_MAX);
	if (!d)
		return false;
	if (m->len && !memcmp(m->key, key, sizeof m->key)) {
		memcpy(d, m->text, sizeof m->text);
		ps_out_commit(o, m->len);
		return true;
	}
	mark->slot = m;
	mark->from = o->len;
	return false;
}
void ps_out_fmt(struct ps_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
