/* SPDX-License-Identifier: BSD-2-Clause */
/* SHA-256 over OpenSSL EVP (see gen_sha256.h). */
#include "gen_sha256.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <openssl/evp.h>

struct gen_sha256 {
	EVP_MD_CTX *ctx;
};

struct gen_sha256 *gen_sha256_new(void)
{
	struct gen_sha256 *h = malloc(sizeof *h);

	if (!h)
		return NULL;
	h->ctx = EVP_MD_CTX_new();
	if (!h->ctx || EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1) {
		gen_sha256_free(h);
		return NULL;
	}
	return h;
}

int gen_sha256_update(struct gen_sha256 *h, const void *p, size_t n)
{
	return EVP_DigestUpdate(h->ctx, p, n) == 1 ? 0 : -1;
}

int gen_sha256_final(struct gen_sha256 *h, unsigned char out[GEN_SHA256_LEN])
{
	unsigned int len = 0;

	return EVP_DigestFinal_ex(h->ctx, out, &len) == 1 && len == GEN_SHA256_LEN ? 0 : -1;
}

void gen_sha256_free(struct gen_sha256 *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->ctx);
	free(h);
}

void gen_sha256_hex(const unsigned char d[GEN_SHA256_LEN], char hex[GEN_SHA256_HEXLEN])
{
	for (int i = 0; i < GEN_SHA256_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

int gen_sha256_fd(int fd, unsigned char out[GEN_SHA256_LEN])
{
	enum { CHUNK = 1 << 20 };
	struct gen_sha256 *h = gen_sha256_new();
	unsigned char *buf = malloc(CHUNK);
	off_t off = 0;
	int rc = -1;

	if (!h || !buf) {
		errno = ENOMEM;
		goto out;
	}
	for (;;) {
		ssize_t n = pread(fd, buf, CHUNK, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto out;
		if (n == 0)
			break;
		if (gen_sha256_update(h, buf, (size_t)n) < 0)
			goto out;
		off += n;
	}
	rc = gen_sha256_final(h, out);
out:
	free(buf);
	gen_sha256_free(h);
	return rc;
}
