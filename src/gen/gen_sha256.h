/* SPDX-License-Identifier: BSD-2-Clause */
/* SHA-256 for pktscope-gen's sendfile, over OpenSSL EVP. Kept behind this
 * header so that only this file includes OpenSSL. */
#ifndef PS_GEN_SHA256_H
#define PS_GEN_SHA256_H

#include <stddef.h>

#define GEN_SHA256_LEN 32
#define GEN_SHA256_HEXLEN (2 * GEN_SHA256_LEN + 1)

struct gen_sha256; /* opaque */

/* NULL on allocation failure. */
struct gen_sha256 *gen_sha256_new(void);
/* 0 ok, -1 on an EVP failure. */
int gen_sha256_update(struct gen_sha256 *h, const void *p, size_t n);
int gen_sha256_final(struct gen_sha256 *h, unsigned char out[GEN_SHA256_LEN]);
void gen_sha256_free(struct gen_sha256 *h);

/* Lower-case hex of a digest into hex (GEN_SHA256_HEXLEN bytes). */
void gen_sha256_hex(const unsigned char d[GEN_SHA256_LEN], char hex[GEN_SHA256_HEXLEN]);

/* Digest of a whole file descriptor from offset 0 (pread, so the file
 * position is untouched). 0 ok, -1 with errno set. */
int gen_sha256_fd(int fd, unsigned char out[GEN_SHA256_LEN]);

#endif
