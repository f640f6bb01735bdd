/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_tls_fp.c - TLS client and server fingerprints.
 *
 * JA3 (Salesforce, BSD-3-Clause): the decimal string
 *   "Version,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats"
 * (list items joined by '-', an absent list left empty, GREASE values of
 * RFC 8701 left out) and its MD5.  JA3S: "Version,Cipher,Extensions" of
 * the ServerHello and its MD5.  Version is the hello's legacy_version.
 *
 * JA4 (FoxIO, BSD-3-Clause; technical_details/JA4.md), the plain client
 * fingerprint "a_b_c", GREASE left out everywhere:
 *   a  protocol ('t' TLS, 'q' QUIC, 'd' DTLS); version: the highest of
 *      supported_versions if present, else legacy_version ("13", "12", "11",
 *      "10", "s3", "d1", "d2", "d3", else "00"); 'd' with a server_name
 *      extension, else 'i'; cipher count and extension count (two digits,
 *      at most 99); the first and last characters of the first ALPN value
 *      ("00" without one; the first and last hex digits of it when either
 *      end is not an ASCII letter or digit).
 *   b  the first 12 hex digits of SHA-256 of the ciphers as 4-digit hex,
 *      sorted, joined by ',' ("000000000000" without ciphers).
 *   c  the same over the sorted extensions without SNI (0) and ALPN (16),
 *      then '_' and the signature algorithms in wire order when there are
 *      any ("000000000000" without extensions).
 */
#include <stdlib.h>
#include <string.h>

#include "dis_tls_hash.h"
#include "dis_tls_int.h"

/* A bounded string builder; `ok` turns false when the buffer is too small. */
struct sbuf {
	char *s;
	size_t n, len;
	bool ok;
};

static void sb_put(struct sbuf *b, const char *s, size_t n)
{
	if (!b->ok || n >= b->n - b->len) {
		b->ok = false;
		return;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

static void sb_dec(struct sbuf *b, unsigned v)
{
	char tmp[8];
	size_t i = sizeof tmp;
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	sb_put(b, tmp + i, sizeof tmp - i);
}

static void sb_hex4(struct sbuf *b, unsigned v)
{
	static const char hx[] = "0123456789abcdef";
	char tmp[4] = {hx[v >> 12 & 15], hx[v >> 8 & 15], hx[v >> 4 & 15], hx[v & 15]};
	sb_put(b, tmp, 4);
}

/* "a-b-c" of the non-GREASE values (8-bit when `bytes`) */
static void sb_dec_list(struct sbuf *b, const void *items, uint16_t n, bool bytes)
{
	bool first = true;
	for (uint16_t i = 0; i < n; i++) {
		unsigned v = bytes ? ((const uint8_t *)items)[i] : ((const uint16_t *)items)[i];
		if (!bytes && ps_tls_grease((uint16_t)v))
			continue;
		if (!first)
			sb_put(b, "-", 1);
		sb_dec(b, v);
		first = false;
	}
}

static bool whole(const struct ps_tls_hello *h)
{
	return h && (h->have & (PS_TLS_HELLO_BODY | PS_TLS_HELLO_EXTS)) ==
			    (PS_TLS_HELLO_BODY | PS_TLS_HELLO_EXTS);
}

/* "Version," that JA3 and JA3S both open with; false when h is not whole */
static bool ja3_begin(struct sbuf *b, const struct ps_tls_hello *h)
{
	if (!whole(h))
		return false;
	sb_dec(b, h->version);
	sb_put(b, ",", 1);
	return true;
}

bool ps_tls_ja3_full(const struct ps_packet *p, const struct ps_tls_hello *h, char *buf,
		     size_t n)
{
	struct sbuf b = {buf, n, 0, n > 0};
	if (!ja3_begin(&b, h))
		return false;
	sb_dec_list(&b, ps_tls_u16s(p, h->ciphers), h->ciphers.n, false);
	sb_put(&b, ",", 1);
	sb_dec_list(&b, ps_tls_u16s(p, h->exts), h->exts.n, false);
	sb_put(&b, ",", 1);
	sb_dec_list(&b, ps_tls_u16s(p, h->groups), h->groups.n, false);
	sb_put(&b, ",", 1);
	sb_dec_list(&b, h->pf.n ? ps_side_get(p, h->pf.at) : 0, h->pf.n, true);
	return b.ok;
}

bool ps_tls_ja3s_full(const struct ps_packet *p, const struct ps_tls_hello *h, char *buf,
		      size_t n)
{
	struct sbuf b = {buf, n, 0, n > 0};
	if (!ja3_begin(&b, h))
		return false;
	sb_dec(&b, h->cipher);
	sb_put(&b, ",", 1);
	sb_dec_list(&b, ps_tls_u16s(p, h->exts), h->exts.n, false);
	return b.ok;
}

void ps_tls_ja3_hash(const char *full, char hex[33])
{
	uint8_t d[16];
	ps_md5(full, strlen(full), d);
	ps_hex_lower(d, sizeof d, hex);
}

static const char *ja4_version(uint16_t v)
{
	switch (v) {
	case 0x0304: return "13";
	case 0x0303: return "12";
	case 0x0302: return "11";
	case 0x0301: return "10";
	case 0x0300: return "s3";
	case 0x0002: return "s2";
	case 0xfeff: return "d1";
	case 0xfefd: return "d2";
	case 0xfefc: return "d3";
	default: return "00";
	}
}

static bool alnum(uint8_t ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* the two ALPN characters of JA4_a; the name's bytes are in base[0, base_len) */
static void ja4_alpn(const struct ps_packet *p, const struct ps_tls_hello *h,
		     const uint8_t *base, uint32_t base_len, char out[2])
{
	static const char hx[] = "0123456789abcdef";
	out[0] = out[1] = '0';
	if (!h->alpn.n)
		return;
	const struct ps_tls_str *s = ps_side_get(p, h->alpn.at);
	if (!s->len || s->off > base_len || s->len > base_len - s->off)
		return;
	uint8_t first = base[s->off], last = base[s->off + s->len - 1u];
	if (alnum(first) && alnum(last)) {
		out[0] = (char)first;
		out[1] = (char)last;
	} else {
		out[0] = hx[first >> 4];
		out[1] = hx[last & 15];
	}
}

static int cmp_u16(const void *a, const void *b)
{
	return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

/* sorted non-GREASE values of `l`, minus SNI and ALPN when `drop_sni_alpn` */
static uint16_t sorted(const struct ps_packet *p, struct ps_tls_list l, bool drop_sni_alpn,
		       uint16_t *out)
{
	const uint16_t *v = ps_tls_u16s(p, l);
	uint16_t n = 0;
	for (uint16_t i = 0; i < l.n; i++) {
		if (ps_tls_grease(v[i]) ||
		    (drop_sni_alpn && (v[i] == TLS_EXT_SNI || v[i] == TLS_EXT_ALPN)))
			continue;
		out[n++] = v[i];
	}
	qsort(out, n, sizeof *out, cmp_u16);
	return n;
}

static void sb_hex_list(struct sbuf *b, const uint16_t *v, uint16_t n)
{
	bool first = true;
	for (uint16_t i = 0; i < n; i++) {
		if (ps_tls_grease(v[i]))
			continue;
		if (!first)
			sb_put(b, ",", 1);
		sb_hex4(b, v[i]);
		first = false;
	}
}

/* 12 hex digits of SHA-256 of b's string, or zeros when `empty` */
static void trunc_hash(const struct sbuf *b, bool empty, char out[13])
{
	uint8_t d[32];
	if (empty) {
		memset(out, '0', 12);
		out[12] = 0;
		return;
	}
	ps_sha256(b->s, b->len, d);
	ps_hex_lower(d, 6, out);
}

/* the side area bounds every list to 4096 values */
#define JA4_MAX (PS_SIDE_BYTES / 2u)

bool ps_tls_ja4(const struct ps_packet *p, const struct ps_tls_hello *h, const uint8_t *base,
		uint32_t base_len, char proto, char out[37])
{
	_Static_assert(JA4_MAX * 5u < 32768u, "JA4 input fits its buffer");
	uint16_t vals[JA4_MAX];
	char text[32768], hb[13], hc[13];
	struct sbuf b = {text, sizeof text, 0, true};

	if (!whole(h))
		return false;
	uint16_t version = 0, ne = 0;
	const uint16_t *sv = ps_tls_u16s(p, h->versions);
	for (uint16_t i = 0; i < h->versions.n; i++)
		if (!ps_tls_grease(sv[i]) && sv[i] > version)
			version = sv[i];
	if (!version)
		version = h->version;
	uint16_t n = sorted(p, h->ciphers, false, vals), nc = n;
	sb_hex_list(&b, vals, n);
	trunc_hash(&b, n == 0, hb);

	b.len = 0;
	const uint16_t *ext = ps_tls_u16s(p, h->exts);
	for (uint16_t i = 0; i < h->exts.n; i++)
		ne = (uint16_t)(ne + !ps_tls_grease(ext[i]));
	n = sorted(p, h->exts, true, vals);
	sb_hex_list(&b, vals, n);
	if (h->sigalgs.n) {
		sb_put(&b, "_", 1);
		sb_hex_list(&b, ps_tls_u16s(p, h->sigalgs), h->sigalgs.n);
	}
	trunc_hash(&b, n == 0, hc);
	if (!b.ok)
		return false;

	char alpn[2];
	ja4_alpn(p, h, base, base_len, alpn);
	struct sbuf a = {out, 37, 0, true};
	sb_put(&a, &proto, 1);
	sb_put(&a, ja4_version(version), 2);
	sb_put(&a, (h->have & PS_TLS_HELLO_SNI) ? "d" : "i", 1);
	nc = nc > 99 ? 99 : nc;
	ne = ne > 99 ? 99 : ne;
	char counts[4] = {(char)('0' + nc / 10), (char)('0' + nc % 10), (char)('0' + ne / 10),
			  (char)('0' + ne % 10)};
	sb_put(&a, counts, 4);
	sb_put(&a, alpn, 2);
	sb_put(&a, "_", 1);
	sb_put(&a, hb, 12);
	sb_put(&a, "_", 1);
	sb_put(&a, hc, 12);
	return a.ok;
}
