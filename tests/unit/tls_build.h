/* SPDX-License-Identifier: BSD-2-Clause */
/* tls_build.h - hand-made TLS bytes for the TLS suites (test_tls.c,
 * test_tls_stream.c): a small byte builder, a Chrome-like ClientHello with
 * the JA4 spec's example lists, a TLS 1.3 ServerHello. */
#ifndef PS_TLS_BUILD_H
#define PS_TLS_BUILD_H

#include <stddef.h>
#include <stdint.h>

struct bb {
	uint8_t d[4096];
	size_t n;
};
void put8(struct bb *b, unsigned v);
void put16(struct bb *b, unsigned v);
void put(struct bb *b, const void *p, size_t n);
void zeros(struct bb *b, size_t n);
/* length fields filled in afterwards: `at` = where the field starts */
size_t len16(struct bb *b);
void fill16(struct bb *b, size_t at);
size_t len24(struct bb *b);
void fill24(struct bb *b, size_t at);
void u16s(struct bb *b, const uint16_t *v, size_t n);
#define U16S(b, ...) do { static const uint16_t v_[] = {__VA_ARGS__}; u16s((b), v_, sizeof v_ / sizeof v_[0]); } while (0)

/* A record header of `type` (version 0x0301) whose length is filled later:
 * returns the length field's offset for fill16. */
size_t record_start(struct bb *b, unsigned type);
/* Chrome-like ClientHello record: sni example.com, alpn h2,http/1.1 */
void client_hello(struct bb *b);
/* TLS 1.3 ServerHello record (supported_versions, key_share, ALPN h2) */
void server_hello(struct bb *b);

#endif
