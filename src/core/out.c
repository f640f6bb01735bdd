/* SPDX-License-Identifier: BSD-2-Clause */
/* out.c - the output buffer behind the text and JSON renderers.
 * Formatting is hand-written for the per-packet hot path (numbers; addresses
 * in out_addr.c); printf is kept for the rare, verbose fields. */
#include "ps_out.h"
#include "ps_digits.h"

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

/* the table of ps_digits.h */
const char ps_digits2[200] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
			     "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
			     "8081828384858687888990919293949596979899";

char *ps_put_u32(char *d, uint32_t v)
{
	return ps_put_u32_inline(d, v);
}

/* exactly 8 digits of v < 10^8, leading zeros included */
static char *put8(char *d, uint32_t v)
{
	uint64_t f = v * UINT64_C(281474977); /* as ps_put_u32's 7-8 digit case */
	d = ps_put2(d, (uint32_t)(f >> 48));
	d = ps_put2(d, ps_next_pair(&f, 48));
	d = ps_put2(d, ps_next_pair(&f, 48));
	return ps_put2(d, ps_next_pair(&f, 48));
}

char *ps_put_u64(char *d, uint64_t v)
{
	if (v <= UINT32_MAX)
		return ps_put_u32_inline(d, (uint32_t)v);
	/* rare (64-bit counters, MPTCP): 8 digits at a time from the right */
	uint64_t hi = v / 100000000;
	d = ps_put_u64(d, hi);
	return put8(d, (uint32_t)(v - hi * 100000000));
}

char *ps_put_u32_fixed(char *d, uint32_t v, unsigned n)
{
	uint64_t f;
	/* the time stamp's fractions (micro- and nanoseconds) as above */
	if (n == 6) {
		f = v * UINT64_C(429497);
		d = ps_put2(d, (uint32_t)(f >> 32));
		d = ps_put2(d, ps_next_pair(&f, 32));
		return ps_put2(d, ps_next_pair(&f, 32));
	}
	if (n == 9) {
		f = v * UINT64_C(1441151881);
		*d++ = (char)('0' + (f >> 57));
		for (int i = 0; i < 4; i++)
			d = ps_put2(d, ps_next_pair(&f, 57));
		return d;
	}
	char *e = d + n;
	while (e - d >= 2) {
		uint32_t q = v / 100;
		e = ps_put2(e - 2, v - q * 100) - 2;
		v = q;
	}
	if (e > d)
		*d = (char)('0' + v % 10);
	return d + n;
}

/* ps_out_u64 near the end of the buffer: through ps_out_mem (flush or
 * truncate); out of line so that the usual path stays short */
__attribute__((noinline)) static void u64_slow(struct ps_out *o, uint64_t v)
{
	char tmp[20];
	ps_out_mem(o, tmp, (size_t)(ps_put_u64(tmp, v) - tmp));
}

void ps_out_u64(struct ps_out *o, uint64_t v)
{
	if (20 >= o->cap - o->len) { /* ps_out_reserve's test, without its call */
		u64_slow(o, v);
		return;
	}
	char *d = o->buf + o->len;
	d = v <= UINT32_MAX ? ps_put_u32_inline(d, (uint32_t)v) : ps_put_u64(d, v);
	o->len = (size_t)(d - o->buf);
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
	char tmp[20];
	size_t n = (size_t)(ps_put_u64(tmp, v) - tmp);
	for (size_t i = n; i < width; i++)
		ps_out_char(o, pad);
	ps_out_mem(o, tmp, n);
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
