/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_quic_hello.c - the few ClientHello fields a QUIC Initial is read for:
 * server name, ALPN and the JA4 fingerprint.
 *
 * RFC 8446 §4.1.2 (ClientHello), RFC 6066 §3 (server_name), RFC 7301
 * (ALPN), RFC 8701 (GREASE); JA4 as FoxIO's specification defines it
 * (github.com/FoxIO-LLC/ja4, technical_details/JA4.md):
 *
 *   q 13 d 15 16 h3 _ sha256(sorted ciphers)[:12] _ sha256(sorted
 *   extensions without SNI/ALPN "_" signature algorithms in order)[:12]
 *
 * GREASE values are left out of every count and list.  This is a QUIC-only
 * reader: the TLS decoder of the TLS/HTTP work does the full job for TCP;
 * the two are to be merged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dis_quic_crypto.h"
#include "dis_quic_priv.h"

#define HELLO_MAX_LIST 128 /* ciphers, extensions, signature algorithms kept */
#define EXT_SNI 0x0000
#define EXT_SIG_ALGS 0x000d
#define EXT_ALPN 0x0010
#define EXT_SUPPORTED_VERSIONS 0x002b

struct hello_lists {
	uint16_t ciphers[HELLO_MAX_LIST], exts[HELLO_MAX_LIST], sigs[HELLO_MAX_LIST];
	unsigned nciphers, nexts, nsigs;
	uint16_t version; /* highest supported_versions entry, else legacy_version */
	bool sni;
};

static bool is_grease(uint16_t v)
{
	return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
}

static void list_add(uint16_t *list, unsigned *n, uint16_t v)
{
	if (!is_grease(v) && *n < HELLO_MAX_LIST)
		list[(*n)++] = v;
}

static int cmp_u16(const void *a, const void *b)
{
	return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

/* The first 12 hex digits of SHA-256 over "x,y,z" (4-digit hex items),
 * then "_" and the `tail` list when it has items; zeros when both are
 * empty. */
static void hash12(const uint16_t *list, unsigned n, const uint16_t *tail, unsigned ntail,
		   char out[13])
{
	char text[(HELLO_MAX_LIST * 2) * 5 + 2];
	size_t len = 0;
	uint8_t md[32];

	if (!n && !ntail) {
		memcpy(out, "000000000000", 13);
		return;
	}
	for (unsigned i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, sizeof text - len, "%s%04x", i ? "," : "", list[i]);
	if (ntail)
		text[len++] = '_';
	for (unsigned i = 0; i < ntail; i++)
		len += (size_t)snprintf(text + len, sizeof text - len, "%s%04x", i ? "," : "", tail[i]);
	ps_quic_sha256(text, len, md);
	for (unsigned i = 0; i < 6; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
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
	return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
}

/* The two ALPN characters: first and last of the first protocol. */
static void ja4_alpn(const struct ps_quic_hello *h, char out[3])
{
	static const char hex[] = "0123456789abcdef";
	size_t n = h->alpn && h->alpn_len ? h->alpn[0] : 0;

	out[0] = out[1] = '0';
	out[2] = 0;
	if (!n || n + 1 > h->alpn_len)
		return;
	uint8_t first = h->alpn[1], last = h->alpn[n];
	if (alnum(first) && alnum(last)) {
		out[0] = (char)first;
		out[1] = (char)last;
	} else {
		out[0] = hex[first >> 4];
		out[1] = hex[last & 15];
	}
}

static void ja4_build(struct hello_lists *hl, struct ps_quic_hello *h)
{
	char alpn[3], b[13], c[13];
	uint16_t exts[HELLO_MAX_LIST];
	unsigned n = 0;

	ja4_alpn(h, alpn);
	qsort(hl->ciphers, hl->nciphers, sizeof hl->ciphers[0], cmp_u16);
	hash12(hl->ciphers, hl->nciphers, 0, 0, b);
	for (unsigned i = 0; i < hl->nexts; i++)
		if (hl->exts[i] != EXT_SNI && hl->exts[i] != EXT_ALPN)
			exts[n++] = hl->exts[i];
	qsort(exts, n, sizeof exts[0], cmp_u16);
	hash12(exts, n, hl->sigs, hl->nsigs, c);
	snprintf(h->ja4, sizeof h->ja4, "q%s%c%02u%02u%s_%s_%s", ja4_version(hl->version),
		 hl->sni ? 'd' : 'i', hl->nciphers > 99 ? 99 : hl->nciphers,
		 hl->nexts > 99 ? 99 : hl->nexts, alpn, b, c);
}

/* One extension's body. */
static void hello_ext(uint16_t type, struct ps_qbuf e, struct hello_lists *hl,
		      struct ps_quic_hello *h)
{
	if (type == EXT_SNI) {
		hl->sni = true;
		ps_qb_num(&e, 2); /* list length */
		if (ps_qb_num(&e, 1) != 0) /* host_name */
			return;
		size_t len = ps_qb_num(&e, 2);
		const uint8_t *name = ps_qb_take(&e, len);
		if (name) {
			h->sni = name;
			h->sni_len = len;
		}
	} else if (type == EXT_ALPN) {
		size_t len = ps_qb_num(&e, 2);
		const uint8_t *list = ps_qb_take(&e, len);
		if (list) {
			h->alpn = list;
			h->alpn_len = len;
		}
	} else if (type == EXT_SIG_ALGS) {
		size_t len = ps_qb_num(&e, 2);
		for (size_t i = 0; i + 1 < len && !e.bad; i += 2)
			list_add(hl->sigs, &hl->nsigs, (uint16_t)ps_qb_num(&e, 2));
	} else if (type == EXT_SUPPORTED_VERSIONS) {
		size_t len = ps_qb_num(&e, 1);
		for (size_t i = 0; i + 1 < len && !e.bad; i += 2) {
			uint16_t v = (uint16_t)ps_qb_num(&e, 2);
			if (!e.bad && !is_grease(v) && v > hl->version)
				hl->version = v;
		}
	}
}

int ps_quic_hello_parse(const uint8_t *buf, size_t n, struct ps_quic_hello *h)
{
	struct ps_qbuf q = {.b = buf, .n = n};
	struct hello_lists hl;

	memset(h, 0, sizeof *h);
	memset(&hl, 0, sizeof hl);
	if (ps_qb_num(&q, 1) != 1) /* client_hello */
		return -1;
	size_t len = ps_qb_num(&q, 3);
	if (q.bad || len > n - q.pos)
		return -1; /* not all of it here (it continues in the next Initial) */
	q.n = q.pos + len;
	uint16_t legacy = (uint16_t)ps_qb_num(&q, 2);
	ps_qb_take(&q, 32);                /* random */
	ps_qb_take(&q, ps_qb_num(&q, 1)); /* legacy_session_id */
	size_t clen = ps_qb_num(&q, 2);
	for (size_t i = 0; i + 1 < clen && !q.bad; i += 2)
		list_add(hl.ciphers, &hl.nciphers, (uint16_t)ps_qb_num(&q, 2));
	ps_qb_take(&q, ps_qb_num(&q, 1)); /* legacy_compression_methods */
	size_t elen = ps_qb_num(&q, 2);
	if (q.bad || elen > q.n - q.pos)
		return -1;
	size_t eend = q.pos + elen;
	while (q.pos + 4 <= eend && !q.bad) {
		uint16_t type = (uint16_t)ps_qb_num(&q, 2);
		size_t blen = ps_qb_num(&q, 2);
		const uint8_t *body = ps_qb_take(&q, blen);
		if (!body)
			break;
		list_add(hl.exts, &hl.nexts, type);
		hello_ext(type, (struct ps_qbuf){.b = body, .n = blen}, &hl, h);
	}
	if (!hl.version)
		hl.version = legacy;
	ja4_build(&hl, h);
	return 0;
}
