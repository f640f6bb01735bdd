/* SPDX-License-Identifier: BSD-2-Clause */
/* out.c - the output buffer behind the text and JSON renderers.
 * Formatting is hand-written for the per-packet hot path (numbers; addresses
 * in out_addr.c); printf is kept for the rare, verbose fields. */
#include "ps_out.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int ps_out_open_fd(struct ps_out *o, int fd, size_t cap)
{
	memset(o, 0, sizeof *o);
	o->cap = cap ? cap : 65536;
	o->buf = malloc(o->cap);
	if (!o->buf)
		return -1;
	o->fd = fd;
	o->own_buf = true;
	/* optional: without it addresses are formatted every time */
	o->memo = calloc(1, sizeof *o->memo);
	return 0;
}

void ps_out_open_mem(struct ps_out *o, char *buf, size_t cap)
{
	memset(o, 0, sizeof *o);
	o->buf = buf;
	o->cap = cap;
	o->fd = -1;
	if (cap)
		buf[0] = '\0';
}

int ps_out_flush(struct ps_out *o)
{
	if (o->fd < 0)
		return 0;
	size_t done = 0;
	while (done < o->len && !o->err) {
		ssize_t n = write(o->fd, o->buf + done, o->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			o->err = n < 0 ? errno : EIO;
			break;
		}
		done += (size_t)n;
	}
	o->len = 0;
	return o->err ? -1 : 0;
}

void ps_out_close(struct ps_out *o)
{
	ps_out_flush(o);
	if (o->own_buf)
		free(o->buf);
	free(o->memo);
	o->memo = 0;
	o->buf = 0;
	o->len = o->cap = 0;
}

void ps_out_reset(struct ps_out *o)
{
	o->len = 0;
	o->overflow = false;
	if (o->cap)
		o->buf[0] = '\0';
}

const char *ps_out_cstr(struct ps_out *o)
{
	if (!o->cap)
		return "";
	o->buf[o->len < o->cap ? o->len : o->cap - 1] = '\0';
	return o->buf;
}

/* Slow path of ps_out_mem: flush (fd) or truncate (memory). */
void ps_out_slow_mem(struct ps_out *o, const void *p, size_t n)
{
	if (o->fd < 0) {
		size_t room = o->cap > o->len + 1 ? o->cap - o->len - 1 : 0;
		if (n > room) {
			n = room;
			o->overflow = true;
		}
		memcpy(o->buf + o->len, p, n);
		o->len += n;
		return;
	}
	if (o->err)
		return;
	ps_out_flush(o);
	if (n < o->cap) {
		memcpy(o->buf, p, n);
		o->len = n;
		return;
	}
	/* larger than the whole buffer: write it straight through */
	const char *s = p;
	while (n && !o->err) {
		ssize_t w = write(o->fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			o->err = w < 0 ? errno : EIO;
			break;
		}
		s += w;
		n -= (size_t)w;
	}
}

char *ps_out_reserve_slow(struct ps_out *o, size_t n)
{
	if (o->fd < 0 || o->err || n >= o->cap)
		return 0;
	ps_out_flush(o);
	return o->err ? 0 : o->buf;
}

/* "00" "01" ... "99": two digits per division, which halves the work of
 * the most called formatter (seq, ack, window, lengths, ports, TS values) */
static const char digits2[201] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
				 "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
				 "8081828384858687888990919293949596979899";

/* v in decimal, written backwards so that it ends just before `end`;
 * returns where it starts (at most 20 bytes before `end`) */
static inline char *u64_back(char *end, uint64_t v)
{
	while (v > UINT32_MAX) {
		unsigned r = (unsigned)(v % 100);
		v /= 100;
		end -= 2;
		end[0] = digits2[2 * r];
		end[1] = digits2[2 * r + 1];
	}
	/* almost every value fits 32 bits, where dividing by 100 is a
	 * shorter multiply-shift than the 64-bit one */
	uint32_t w = (uint32_t)v;
	while (w >= 100) {
		uint32_t q = w / 100, r = w - q * 100;
		w = q;
		end -= 2;
		end[0] = digits2[2 * r];
		end[1] = digits2[2 * r + 1];
	}
	if (w >= 10) {
		end -= 2;
		end[0] = digits2[2 * w];
		end[1] = digits2[2 * w + 1];
	} else {
		*--end = (char)('0' + w);
	}
	return end;
}

/* decimal digits of v (1 for 0) */
static inline unsigned u64_digits(uint64_t v)
{
	/* almost every value fits 32 bits: a few compares (a search over the
	 * powers of ten) instead of a 64-bit division per four digits */
	if (v < 10000)
		return v < 100 ? 1 + (v >= 10) : 3 + (v >= 1000);
	if (v < 100000000)
		return v < 1000000 ? 5 + (v >= 100000) : 7 + (v >= 10000000);
	if (v <= UINT32_MAX)
		return 9 + (v >= 1000000000);
	unsigned n = 1;
	for (;;) {
		if (v < 10)
			return n;
		if (v < 100)
			return n + 1;
		if (v < 1000)
			return n + 2;
		if (v < 10000)
			return n + 3;
		v /= 10000;
		n += 4;
	}
}

/* ps_out_u64 near the end of the buffer: through ps_out_mem (flush or
 * truncate); out of line so that the usual path is a leaf function */
__attribute__((noinline)) static void u64_slow(struct ps_out *o, uint64_t v)
{
	char tmp[20];
	char *b = u64_back(tmp + sizeof tmp, v);
	ps_out_mem(o, b, (size_t)(tmp + sizeof tmp - b));
}

void ps_out_u64(struct ps_out *o, uint64_t v)
{
	if (20 >= o->cap - o->len) { /* ps_out_reserve's test, without its call */
		u64_slow(o, v);
		return;
	}
	char *d = o->buf + o->len;
	/* straight into the buffer, backwards from the end the digit count
	 * gives; values under 100 (flags, types, counts) need no division */
	if (v < 10) {
		d[0] = (char)('0' + v);
		ps_out_commit(o, 1);
		return;
	}
	if (v < 100) {
		d[0] = digits2[2 * v];
		d[1] = digits2[2 * v + 1];
		ps_out_commit(o, 2);
		return;
	}
	unsigned n = u64_digits(v);
	u64_back(d + n, v);
	ps_out_commit(o, n);
}

void ps_out_i64(struct ps_out *o, int64_t v)
{
	if (v < 0) {
		ps_out_char(o, '-');
		ps_out_u64(o, (uint64_t)0 - (uint64_t)v);
	} else {
		ps_out_u64(o, (uint64_t)v);
	}
}

void ps_out_u64_pad(struct ps_out *o, uint64_t v, unsigned width, char pad)
{
	char tmp[24];
	char *b = u64_back(tmp + sizeof tmp, v);
	while ((unsigned)(tmp + sizeof tmp - b) < width && b > tmp)
		*--b = pad;
	ps_out_mem(o, b, (size_t)(tmp + sizeof tmp - b));
}

static const char hexdig[] = "0123456789abcdef";

void ps_out_hex(struct ps_out *o, uint64_t v, unsigned min_digits)
{
	char tmp[16];
	unsigned i = sizeof tmp;
	do {
		tmp[--i] = hexdig[v & 0xf];
		v >>= 4;
	} while (v);
	while (sizeof tmp - i < min_digits && i > 0)
		tmp[--i] = '0';
	ps_out_mem(o, tmp + i, sizeof tmp - i);
}

void ps_out_fmt(struct ps_out *o, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	ps_out_mem(o, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}
