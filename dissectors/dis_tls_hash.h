/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_tls_hash.h - the digests TLS fingerprints need: MD5 (JA3, JA3S) and
 * SHA-256 (JA4), and the flow table's SHA-1 (Community ID), over one
 * contiguous buffer.
 *
 * Our own small implementations (RFC 1321, FIPS 180-4, RFC 3174) rather than OpenSSL:
 * the dissector library links no crypto library, and the inputs are short
 * strings built per ClientHello.  Not for anything security-relevant.
 */
#ifndef DIS_TLS_HASH_H
#define DIS_TLS_HASH_H

#include <stddef.h>
#include <stdint.h>

void ps_md5(const void *data, size_t n, uint8_t out[16]);
void ps_sha256(const void *data, size_t n, uint8_t out[32]);
void ps_sha1(const void *data, size_t n, uint8_t out[20]);

/* Lower-case hex of the first `n` bytes of `d` into `hex` (2n + 1 bytes, NUL-terminated). */
void ps_hex_lower(const uint8_t *d, size_t n, char *hex);

#endif
