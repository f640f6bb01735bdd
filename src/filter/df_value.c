/* SPDX-License-Identifier: BSD-2-Clause */
/* df_value.c - filter values: collecting them, parsing literals as a field's
 * type (Wireshark's literal syntax), comparing, and printing them as tshark's
 * -T fields does. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "df_int.h"
#include "df_lex.h"
#include "ps_hex.h"

void df_put_text(struct df_vals *o, enum df_type t, const char *s, size_t n)
{
	if (n > DF_TEXT_BYTES - o->text_used) {
		o->cut = true;
		return;
	}
	struct df_val *v = df_vals_add(o, t);
	if (!v)
		return;
	memcpy(o->text + o->text_used, s, n);
	v->v.s.p = o->text + o->text_used;
	v->v.s.n = (uint32_t)n;
	o->text_used += (uint32_t)n;
}

void df_put_str(struct df_vals *o, const char *s, size_t n)
{
	df_put_text(o, DF_T_STR, s, n);
}

/* ---- literals ---- */

/* Wireshark's integers: 0x hex, 0b binary, a leading 0 octal, else decimal. */
static int parse_uint(const char *s, size_t n, uint64_t *out)
{
	char buf[72];
	int base = 10;
	if (!n || n >= sizeof buf)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	const char *d = buf;
	if (d[0] == '0' && (d[1] == 'x' || d[1] == 'X')) {
		base = 16;
		d += 2;
	} else if (d[0] == '0' && (d[1] == 'b' || d[1] == 'B')) {
		base = 2;
		d += 2;
	} else if (d[0] == '0' && d[1]) {
		base = 8;
		d += 1;
	}
	if (!*d || *d == '-' || *d == '+' || *d == ' ')
		return -1;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(d, &end, base);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static int parse_prefix(const char *s, size_t n, unsigned max, uint8_t *bits)
{
	uint64_t v;
	if (parse_uint(s, n, &v) || v > max || (n > 1 && s[0] == '0'))
		return -1;
	*bits = (uint8_t)v;
	return 0;
}

static int parse_addr(enum df_type t, const char *s, size_t n, struct df_lit *out)
{
	char buf[64];
	const char *slash = memchr(s, '/', n);
	size_t an = slash ? (size_t)(slash - s) : n;
	unsigned max = t == DF_T_IPV4 ? 32 : 128;
	if (an >= sizeof buf)
		return -1;
	memcpy(buf, s, an);
	buf[an] = '\0';
	out->prefix = (uint8_t)max;
	if (slash && parse_prefix(slash + 1, n - an - 1, max, &out->prefix))
		return -1;
	if (t == DF_T_IPV6)
		return inet_pton(AF_INET6, buf, out->v.v.a) == 1 ? 0 : -1;
	uint8_t a[4];
	if (inet_pton(AF_INET, buf, a) != 1)
		return -1;
	out->v.v.u = (uint64_t)a[0] << 24 | (uint64_t)a[1] << 16 | (uint64_t)a[2] << 8 | a[3];
	return 0;
}

/* A separator of short_bytes and df_bytes_parse's byte strings */
static bool is_byte_sep(char c)
{
	return c == '.' || c == '-';
}

/* Bytes written with "." or "-" between them, each one or two hex digits
 * ("0.26.b", "0-26.b": tshark 4.0 takes either separator, mixed), at most
 * max of them into dst.  0 and *outn, or -1 when s is not that. */
static int short_bytes(const char *s, size_t n, uint8_t *dst, uint32_t max, uint32_t *outn)
{
	uint32_t k = 0;
	size_t i = 0;
	if (!memchr(s, '.', n) && !memchr(s, '-', n))
		return -1;
	for (;;) {
		int hi = i < n ? ps_hexval(s[i]) : -1;
		if (hi < 0 || k == max)
			return -1;
		int lo = i + 1 < n ? ps_hexval(s[i + 1]) : -1;
		dst[k++] = (uint8_t)(lo < 0 ? hi : hi << 4 | lo);
		i += lo < 0 ? 1 : 2;
		if (i == n)
			break;
		if (!is_byte_sep(s[i]) || i + 1 == n)
			return -1;
		i++;
	}
	*outn = k;
	return 0;
}

/* aa:bb:cc:dd:ee:ff, aa-bb-..., aabb.ccdd.eeff */
static int parse_mac(const char *s, size_t n, uint8_t a[6])
{
	uint32_t k;
	if (!short_bytes(s, n, a, 6, &k)) /* "0-26-b-31-7-33" */
		return k == 6 ? 0 : -1;
	unsigned nib = 0;
	char sep = 0;
	for (size_t i = 0; i < n; i++) {
		int h = ps_hexval(s[i]);
		if (h >= 0) {
			if (nib == 12)
				return -1;
			a[nib / 2] = (uint8_t)(nib % 2 ? a[nib / 2] << 4 | h : h);
			nib++;
			continue;
		}
		if (s[i] != ':' && s[i] != '-' && s[i] != '.')
			return -1;
		if (sep && s[i] != sep)
			return -1;
		sep = s[i];
		bool group4 = sep == '.';
		if (nib % (group4 ? 4 : 2) != 0 || nib == 0)
			return -1;
	}
	return nib == 12 ? 0 : -1;
}

static int parse_bool(const char *s, size_t n, uint64_t *out)
{
	/* tshark 4.0's words: not "true" or "false" (an error there) */
	static const char *const t[] = {"True", "TRUE"}, *const f[] = {"False", "FALSE"};
	for (unsigned i = 0; i < 2; i++) {
		if (strlen(t[i]) == n && !memcmp(s, t[i], n))
			return *out = 1, 0;
		if (strlen(f[i]) == n && !memcmp(s, f[i], n))
			return *out = 0, 0;
	}
	uint64_t v;
	if (parse_uint(s, n, &v))
		return -1;
	*out = v != 0;
	return 0;
}

/* [-]seconds[.fraction] -> seconds and nanoseconds (floor: -0.5 is -1 s + 0.5e9 ns),
 * as tshark 4.0 reads a relative time: the seconds in decimal end the text
 * or at "."; the fraction has at most 9 digits ("1.0000000001" is an error,
 * not rounded) and whatever follows them is ignored, so "1.5e-1" is 1.5 s
 * (df_time_rest says where that text starts) and "1e3" is an error. */
static int parse_time(const char *s, size_t n, struct df_val *out)
{
	bool neg = n && s[0] == '-';
	size_t i = neg;
	uint64_t sec = 0, frac = 0;
	unsigned digits = 0;
	if (i == n || s[i] < '0' || s[i] > '9')
		return -1;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		if (sec > 9000000000ull)
			return -1;
		sec = sec * 10 + (uint64_t)(s[i] - '0');
	}
	if (i < n && s[i] != '.')
		return -1;
	for (i += i < n; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
		if (digits == 9)
			return -1;
		frac = frac * 10 + (uint64_t)(s[i] - '0');
	}
	for (; digits < 9; digits++)
		frac *= 10;
	out->v.t.sec = neg ? -(int64_t)sec - (frac != 0) : (int64_t)sec;
	out->v.t.ns = (uint32_t)(neg && frac ? 1000000000u - frac : frac);
	return 0;
}

size_t df_time_rest(const char *s, size_t n)
{
	const char *dot = memchr(s, '.', n);
	size_t i = dot ? (size_t)(dot - s) + 1 : n;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

int df_lit_parse(enum df_type t, const char *s, size_t n, bool quoted, struct df_lit *out,
		 const char **why)
{
	memset(out, 0, sizeof *out);
	out->v.type = (uint8_t)t;
	int rc = -1;
	switch (t) {
	case DF_T_UINT: rc = parse_uint(s, n, &out->v.v.u); *why = "not an unsigned integer"; break;
	case DF_T_INT: {
		uint64_t u;
		bool neg = n && s[0] == '-';
		rc = parse_uint(s + neg, n - neg, &u);
		if (!rc && u > INT64_MAX)
			rc = -1;
		out->v.v.i = neg ? -(int64_t)u : (int64_t)u;
		*why = "not an integer";
		break;
	}
	case DF_T_BOOL: rc = parse_bool(s, n, &out->v.v.u); *why = "not a boolean (True, False, 1, 0)"; break;
	case DF_T_IPV4: rc = parse_addr(t, s, n, out); *why = "not an IPv4 address or CIDR block"; break;
	case DF_T_IPV6: rc = parse_addr(t, s, n, out); *why = "not an IPv6 address or CIDR block"; break;
	case DF_T_MAC: rc = parse_mac(s, n, out->v.v.a); *why = "not a MAC address"; break;
	case DF_T_TIME: rc = parse_time(s, n, &out->v); *why = "not a time in seconds"; break;
	case DF_T_STR:
		out->v.v.s.p = s;
		out->v.v.s.n = (uint32_t)n;
		rc = 0;
		break;
	case DF_T_DATE:
		rc = df_date_parse(s, n, &out->v);
		*why = "not a date (\"Nov 12, 1999 08:55:44.123\" or \"2011-07-04 12:34:56\")";
		break;
	case DF_T_PROTO: *why = "a protocol has no value"; break;
	case DF_T_NONE: *why = "a label has no value"; break;
	case DF_T_BYTES: *why = "a byte string (the parser decodes those)"; break;
	}
	(void)quoted;
	return rc;
}

/* "aa:bb:cc": two digits each, colons between (tshark 4.0's scanner
 * takes no other word with a colon as bytes) */
static int colon_bytes(const char *s, size_t n, char *dst, uint32_t *outn)
{
	uint32_t k = 0;
	for (size_t i = 0; i < n; i += 3) {
		int hi = ps_hexval(s[i]), lo = i + 1 < n ? ps_hexval(s[i + 1]) : -1;
		if (hi < 0 || lo < 0 || (i + 2 < n && (s[i + 2] != ':' || i + 3 == n)))
			return -1;
		dst[k++] = (char)(hi << 4 | lo);
	}
	*outn = k;
	return 0;
}

/* tshark 4.0's unquoted byte strings (its hex_str_to_bytes without forced
 * separators) but colons: hex digits read two at a time, a lone digit
 * before a separator ("." "-") or at the end is a byte of its own, and a
 * separator may follow any pair.  So "aabb.cc", "0.25.b3", "1-23-4" and
 * also numbers: "2" is 02, "10" is 10 (hex), "255" is 25 05, "201" 20 01
 * (tshark reads no decimal byte).  "0x" with two digits is one byte. */
int df_bytes_parse(const char *s, size_t n, char *dst, uint32_t *outn)
{
	uint32_t k = 0;
	if (n == 4 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2, n = 2;
	if (memchr(s, ':', n)) /* tshark's scanner: colons only between pairs */
		return colon_bytes(s, n, dst, outn);
	for (size_t i = 0; i < n;) {
		int hi = ps_hexval(s[i]), lo = i + 1 < n ? ps_hexval(s[i + 1]) : -1;
		if (hi < 0)
			return -1;
		if (lo < 0) { /* one digit: at the end or before a separator */
			if (i + 1 < n && !is_byte_sep(s[i + 1]))
				return -1;
			dst[k++] = (char)hi;
			i += 2;
			continue;
		}
		dst[k++] = (char)(hi << 4 | lo);
		i += 2;
		if (i < n && is_byte_sep(s[i]))
			i++;
	}
	*outn = k;
	return k ? 0 : -1;
}

/* ---- comparison ---- */

static bool numeric(unsigned t)
{
	return t == DF_T_UINT || t == DF_T_BOOL || t == DF_T_INT;
}
static bool is_signed(unsigned t)
{
	return t == DF_T_INT;
}

#define CMP3(a, b) ((a) < (b) ? -1 : (a) > (b))

int df_val_cmp(const struct df_val *a, const struct df_val *b)
{
	if (numeric(a->type) && numeric(b->type)) {
		if (!is_signed(a->type) && !is_signed(b->type))
			return CMP3(a->v.u, b->v.u);
		if (is_signed(a->type) && is_signed(b->type))
			return CMP3(a->v.i, b->v.i);
		if (is_signed(a->type))
			return a->v.i < 0 ? -1 : CMP3((uint64_t)a->v.i, b->v.u);
		return b->v.i < 0 ? 1 : CMP3(a->v.u, (uint64_t)b->v.i);
	}
	if (a->type != b->type)
		return CMP3(a->type, b->type);
	switch (a->type) {
	case DF_T_BYTES: /* FT_BYTES: the shorter first, then the bytes */
		if (a->v.s.n != b->v.s.n)
			return CMP3(a->v.s.n, b->v.s.n);
		return a->v.s.n ? memcmp(a->v.s.p, b->v.s.p, a->v.s.n) : 0;
	case DF_T_TIME:
		return a->v.t.sec != b->v.t.sec ? CMP3(a->v.t.sec, b->v.t.sec) : CMP3(a->v.t.ns, b->v.t.ns);
	case DF_T_IPV4: return CMP3(a->v.u, b->v.u);
	case DF_T_IPV6: return memcmp(a->v.a, b->v.a, 16);
	case DF_T_MAC: return memcmp(a->v.a, b->v.a, 6);
	case DF_T_STR: {
		uint32_t n = a->v.s.n < b->v.s.n ? a->v.s.n : b->v.s.n;
		int c = n ? memcmp(a->v.s.p, b->v.s.p, n) : 0;
		return c ? c : CMP3(a->v.s.n, b->v.s.n);
	}
	default: return 0;
	}
}

static bool prefix_eq(const uint8_t *a, const uint8_t *b, unsigned bits)
{
	unsigned bytes = bits / 8, rest = bits % 8;
	if (memcmp(a, b, bytes) != 0)
		return false;
	if (!rest)
		return true;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));
	return (a[bytes] & mask) == (b[bytes] & mask);
}

bool df_incomparable(const struct df_val *a, const struct df_val *b)
{
	return (a->type == DF_T_UINT || a->type == DF_T_BOOL) && b->type == DF_T_INT && b->v.i < 0;
}

int df_lit_test(const struct df_lit *l, const struct df_val *v)
{
	/* the common case first: an unsigned field and a number */
	if (l->v.type == DF_T_UINT && v->type == DF_T_UINT && !l->has_hi)
		return v->v.u == l->v.v.u;
	if (df_incomparable(v, &l->v) || (l->has_hi && df_incomparable(v, &l->hi)))
		return -1;
	if (l->has_hi)
		return df_val_cmp(v, &l->v) >= 0 && df_val_cmp(v, &l->hi) <= 0;
	if (l->v.type == DF_T_IPV4 && v->type == DF_T_IPV4 && l->prefix < 32) {
		uint64_t mask = l->prefix ? (0xffffffffull << (32 - l->prefix)) & 0xffffffffull : 0;
		return (v->v.u & mask) == (l->v.v.u & mask);
	}
	if (l->v.type == DF_T_IPV6 && v->type == DF_T_IPV6 && l->prefix < 128)
		return prefix_eq(v->v.a, l->v.v.a, l->prefix);
	return df_val_cmp(v, &l->v) == 0;
}

/* ---- output as tshark -T fields ---- */

void df_val_format(const struct df_val *v, enum df_fmt fmt, struct ps_out *o)
{
	static const unsigned hexw[] = {[DF_F_HEX2] = 2, [DF_F_HEX3] = 3, [DF_F_HEX4] = 4,
					[DF_F_HEX5] = 5, [DF_F_HEX8] = 8};
	switch (v->type) {
	case DF_T_UINT:
	case DF_T_BOOL:
		if (fmt >= DF_F_HEX2 && fmt <= DF_F_HEX8) {
			PS_OUT_LIT(o, "0x");
			ps_out_hex(o, v->v.u, hexw[fmt]);
		} else {
			ps_out_u64(o, v->v.u);
		}
		break;
	case DF_T_INT: ps_out_i64(o, v->v.i); break;
	case DF_T_TIME:
		if (fmt == DF_F_DATE) {
			df_date_format(v, o);
		} else if (v->v.t.sec < 0 && v->v.t.ns) { /* -0.5 s is stored as -1 s + 0.5e9 ns */
			ps_out_char(o, '-');
			ps_out_i64(o, -(v->v.t.sec + 1));
			ps_out_char(o, '.');
			ps_out_u64_pad(o, 1000000000u - v->v.t.ns, 9, '0');
		} else {
			ps_out_i64(o, v->v.t.sec);
			ps_out_char(o, '.');
			ps_out_u64_pad(o, v->v.t.ns, 9, '0');
		}
		break;
	case DF_T_IPV4: {
		uint8_t a[4] = {(uint8_t)(v->v.u >> 24), (uint8_t)(v->v.u >> 16), (uint8_t)(v->v.u >> 8),
				(uint8_t)v->v.u};
		ps_out_ipv4(o, a);
		break;
	}
	case DF_T_IPV6: ps_out_ipv6(o, v->v.a); break;
	case DF_T_MAC: ps_out_mac(o, v->v.a, 6); break;
	case DF_T_STR: ps_out_mem(o, v->v.s.p, v->v.s.n); break;
	case DF_T_BYTES: /* -T fields: hex without separators; elsewhere aa:bb:cc */
		for (uint32_t i = 0; i < v->v.s.n; i++) {
			if (i && fmt != DF_F_BYTES)
				ps_out_char(o, ':');
			ps_out_hex(o, (uint8_t)v->v.s.p[i], 2);
		}
		break;
	case DF_T_NONE: ps_out_char(o, '1'); break; /* tshark prints a present label as 1 */
	default: break;
	}
}
