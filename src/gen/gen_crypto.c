/* SPDX-License-Identifier: BSD-2-Clause */
/* gen_crypto.c - algorithm names, parameter checks, padding, backend choice. */
#include "gen_crypto.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "ps_hex.h"

static const char *const alg_names[] = {
	[PS_CRYPTO_SHA256] = "sha256",
	[PS_CRYPTO_CBC_AES] = "cbc(aes)",
	[PS_CRYPTO_GCM_AES] = "gcm(aes)",
};

int ps_crypto_alg_parse(const char *name, enum ps_crypto_alg *alg)
{
	for (size_t i = 0; i < sizeof alg_names / sizeof alg_names[0]; i++) {
		if (!strcmp(name, alg_names[i])) {
			*alg = (enum ps_crypto_alg)i;
			return 0;
		}
	}
	return -1;
}

const char *ps_crypto_alg_name(enum ps_crypto_alg alg)
{
	return alg_names[alg];
}

size_t ps_crypto_out_len(enum ps_crypto_alg alg, size_t n)
{
	switch (alg) {
	case PS_CRYPTO_SHA256:
		return PS_CRYPTO_SHA256_LEN;
	case PS_CRYPTO_CBC_AES:
		return (n / PS_CRYPTO_AES_BLOCK + 1) * PS_CRYPTO_AES_BLOCK;
	case PS_CRYPTO_GCM_AES:
		return n + PS_CRYPTO_GCM_TAG;
	}
	return 0;
}

long ps_crypto_hex_parse(const char *hex, uint8_t *buf, size_t cap)
{
	size_t len = strlen(hex);
	if (len % 2 || len / 2 > cap)
		return -1;
	for (size_t i = 0; i < len / 2; i++) {
		int hi = ps_hexval((unsigned char)hex[2 * i]);
		int lo = ps_hexval((unsigned char)hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		buf[i] = (uint8_t)(hi << 4 | lo);
	}
	return (long)(len / 2);
}

char *ps_crypto_hex(const uint8_t *buf, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[buf[i] >> 4];
		out[2 * i + 1] = digits[buf[i] & 15];
	}
	out[2 * n] = '\0';
	return out;
}

static int check_cipher(struct ps_crypto_params *p, char *err, size_t errlen)
{
	const char *name = alg_names[p->alg];
	if (p->keylen != 16 && p->keylen != 24 && p->keylen != 32) {
		snprintf(err, errlen, "%s needs --key of 16, 24 or 32 bytes (32, 48 or 64 hex digits), got %zu bytes",
			 name, p->keylen);
		return -1;
	}
	if (p->alg == PS_CRYPTO_CBC_AES) {
		if (p->ivlen == 0)
			p->ivlen = PS_CRYPTO_AES_BLOCK; /* all zero */
		if (p->ivlen != PS_CRYPTO_AES_BLOCK) {
			snprintf(err, errlen, "cbc(aes) needs a 16-byte --iv, got %zu bytes", p->ivlen);
			return -1;
		}
		if (p->aadlen) {
			snprintf(err, errlen, "--aad is for gcm(aes) only");
			return -1;
		}
		return 0;
	}
	if (p->ivlen == 0)
		p->ivlen = PS_CRYPTO_GCM_IV; /* all zero */
	return 0;
}

int ps_crypto_decrypt_len_ok(enum ps_crypto_alg alg, size_t n, char *err, size_t errlen)
{
	if (alg == PS_CRYPTO_CBC_AES && (n == 0 || n % PS_CRYPTO_AES_BLOCK)) {
		snprintf(err, errlen, "cbc(aes) decrypt: %zu bytes is not a non-zero multiple of 16", n);
		return -1;
	}
	if (alg == PS_CRYPTO_GCM_AES && n < PS_CRYPTO_GCM_TAG) {
		snprintf(err, errlen, "gcm(aes) decrypt: %zu bytes cannot hold the 16-byte tag", n);
		return -1;
	}
	return 0;
}

int ps_crypto_params_check(struct ps_crypto_params *p, char *err, size_t errlen)
{
	if (p->decrypt && p->alg == PS_CRYPTO_SHA256) {
		snprintf(err, errlen, "--decrypt needs cbc(aes) or gcm(aes)");
		return -1;
	}
	if (p->alg != PS_CRYPTO_SHA256)
		return check_cipher(p, err, errlen);
	if (p->keylen || p->ivlen || p->aadlen) {
		snprintf(err, errlen, "sha256 takes no --key, --iv or --aad");
		return -1;
	}
	return 0;
}

int ps_crypto_write_all(int fd, const uint8_t *buf, size_t n, char *err, size_t errlen)
{
	while (n > 0) {
		ssize_t k = write(fd, buf, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			snprintf(err, errlen, "write: %s", k < 0 ? strerror(errno) : "no progress");
			return -1;
		}
		buf += k;
		n -= (size_t)k;
	}
	return 0;
}

int ps_crypto_pread_full(int fd, uint8_t *buf, size_t n, unsigned long long off, char *err,
			 size_t errlen)
{
	while (n > 0) {
		ssize_t k = pread(fd, buf, n, (off_t)off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			snprintf(err, errlen, "read: %s",
				 k < 0 ? strerror(errno) : "the input file shrank while being read");
			return -1;
		}
		buf += k;
		n -= (size_t)k;
		off += (unsigned long long)k;
	}
	return 0;
}

size_t ps_crypto_pkcs7_pad(uint8_t *buf, size_t n, size_t cap)
{
	size_t pad = PS_CRYPTO_AES_BLOCK - n % PS_CRYPTO_AES_BLOCK;
	if (n + pad > cap)
		return 0;
	memset(buf + n, (int)pad, pad);
	return n + pad;
}

/* Backend by name ("afalg", "openssl"); NULL when unknown. */
static const struct ps_crypto_ops *ps_crypto_backend(const char *name)
{
	if (!strcmp(name, "afalg"))
		return &ps_crypto_afalg;
	if (!strcmp(name, "openssl"))
		return &ps_crypto_openssl;
	return NULL;
}

const struct ps_crypto_ops *ps_crypto_choose(const char *name, char *why, size_t whylen,
					     char *err, size_t errlen)
{
	char reason[256];
	if (!strcmp(name, "auto")) {
		if (ps_crypto_afalg.probe(reason, sizeof reason) == 0) {
			snprintf(why, whylen, "afalg (socket(AF_ALG) works)");
			return &ps_crypto_afalg;
		}
		if (ps_crypto_openssl.probe(err, errlen) < 0)
			return NULL;
		snprintf(why, whylen, "openssl (afalg unavailable: %s)", reason);
		return &ps_crypto_openssl;
	}
	const struct ps_crypto_ops *ops = ps_crypto_backend(name);
	if (!ops) {
		snprintf(err, errlen, "unknown backend '%s' (auto, afalg, openssl)", name);
		return NULL;
	}
	if (ops->probe(reason, sizeof reason) < 0) {
		snprintf(err, errlen, "backend %s unavailable: %s", name, reason);
		return NULL;
	}
	snprintf(why, whylen, "%s (requested)", name);
	return ops;
}

int ps_crypto_open(struct ps_crypto_sess *s, const struct ps_crypto_ops *ops,
		   const struct ps_crypto_params *p, bool zero_copy, char *err, size_t errlen)
{
	memset(s, 0, sizeof *s);
	s->ops = ops;
	s->params = *p;
	s->zero_copy = zero_copy;
	if (ps_crypto_params_check(&s->params, err, errlen) < 0)
		return -1;
	return ops->open(s, err, errlen);
}

void ps_crypto_close(struct ps_crypto_sess *s)
{
	if (s->ops && s->priv)
		s->ops->close(s);
	s->priv = NULL;
}
