/* SPDX-License-Identifier: BSD-2-Clause */
/* tls_build.c - hand-made TLS bytes for the TLS suites (tls_build.h). */
#include <string.h>

#include "tls_build.h"

void put8(struct bb *b, unsigned v) { b->d[b->n++] = (uint8_t)v; }
void put16(struct bb *b, unsigned v) { put8(b, v >> 8); put8(b, v); }
void put(struct bb *b, const void *p, size_t n) { memcpy(b->d + b->n, p, n); b->n += n; }
void zeros(struct bb *b, size_t n) { memset(b->d + b->n, 0, n); b->n += n; }
/* length fields filled in afterwards: `at` = where the field starts */
size_t len16(struct bb *b) { b->n += 2; return b->n - 2; }
void fill16(struct bb *b, size_t at) { b->d[at] = (uint8_t)((b->n - at - 2) >> 8); b->d[at + 1] = (uint8_t)(b->n - at - 2); }
size_t len24(struct bb *b) { b->n += 3; return b->n - 3; }
void fill24(struct bb *b, size_t at) { size_t v = b->n - at - 3; b->d[at] = (uint8_t)(v >> 16); b->d[at + 1] = (uint8_t)(v >> 8); b->d[at + 2] = (uint8_t)v; }
void u16s(struct bb *b, const uint16_t *v, size_t n) { for (size_t i = 0; i < n; i++) put16(b, v[i]); }

size_t record_start(struct bb *b, unsigned type)
{
	put8(b, type);
	put16(b, 0x0301);
	return len16(b);
}

/* Chrome-like ClientHello with the cipher suites, extensions and signature
 * algorithms of the JA4 spec's example (technical_details/JA4.md), GREASE
 * values added in the lists as a browser sends them. */
void client_hello(struct bb *b)
{
	size_t rec = record_start(b, 22);
	put8(b, 1);
	size_t hs = len24(b);
	put16(b, 0x0303);
	zeros(b, 32);
	put8(b, 32);
	zeros(b, 32);
	size_t cs = len16(b);
	U16S(b, 0x0a0a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8,
	     0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035);
	fill16(b, cs);
	put8(b, 1);
	put8(b, 0);
	size_t exts = len16(b), e, l;
	U16S(b, 0x1a1a, 0);                                /* GREASE */
	U16S(b, 0x001b, 3); put(b, "\x02\x00\x02", 3);     /* compress_certificate */
	U16S(b, 0x0000); e = len16(b); l = len16(b);       /* server_name */
	put8(b, 0); put16(b, 11); put(b, "example.com", 11); fill16(b, l); fill16(b, e);
	U16S(b, 0x0033, 2, 0);                             /* key_share: empty */
	U16S(b, 0x0010); e = len16(b); l = len16(b);       /* ALPN */
	put(b, "\x02h2\x08http/1.1", 12); fill16(b, l); fill16(b, e);
	U16S(b, 0x4469, 0, 0x0017, 0);                     /* ALPS, EMS */
	U16S(b, 0x002d, 2); put(b, "\x01\x01", 2);         /* psk modes */
	U16S(b, 0x000d); e = len16(b); l = len16(b);       /* signature_algorithms */
	U16S(b, 0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601);
	fill16(b, l); fill16(b, e);
	U16S(b, 0x0005, 5); put(b, "\x01\0\0\0\0", 5);     /* status_request */
	U16S(b, 0x0023, 0, 0x0012, 0);                     /* ticket, SCT */
	U16S(b, 0x002b, 7); put8(b, 6); U16S(b, 0x3a3a, 0x0304, 0x0303); /* versions */
	U16S(b, 0xff01, 1); put8(b, 0);                    /* renegotiation_info */
	U16S(b, 0x000b, 2); put(b, "\x01\x00", 2);         /* ec_point_formats */
	U16S(b, 0x000a, 10, 8, 0x2a2a, 0x001d, 0x0017, 0x0018); /* groups */
	U16S(b, 0x0015, 4); zeros(b, 4);                   /* padding */
	U16S(b, 0x3a3a, 1); put8(b, 0);                    /* GREASE */
	fill16(b, exts);
	fill24(b, hs);
	fill16(b, rec);
}

/* TLS 1.3 ServerHello (supported_versions, key_share, ALPN h2) */
void server_hello(struct bb *b)
{
	size_t rec = record_start(b, 22);
	b->d[rec - 1] = 0x03; /* record version 0x0303 */
	put8(b, 2);
	size_t hs = len24(b);
	put16(b, 0x0303);
	zeros(b, 32);
	put8(b, 0);
	put16(b, 0x1301);
	put8(b, 0);
	size_t exts = len16(b), e, l;
	U16S(b, 0x002b, 2, 0x0304);
	U16S(b, 0x0033, 4, 0x001d, 0);
	U16S(b, 0x0010); e = len16(b); l = len16(b); put(b, "\x02h2", 3); fill16(b, l); fill16(b, e);
	fill16(b, exts);
	fill24(b, hs);
	fill16(b, rec);
}

