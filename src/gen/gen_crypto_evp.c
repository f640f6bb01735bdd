/* SPDX-License-Identifier: BSD-2-Clause */
/* gen_crypto_evp.c - the OpenSSL EVP crypto backend (sha256, cbc(aes), gcm(aes)). */
#include <openssl/err.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>

#include "gen_crypto.h"

/* One digest or cipher context, reset for each request. The algorithm is
 * fetched and the key scheduled once at open(): OpenSSL 3 would otherwise
 * look the algorithm up again on every init, which costs more than hashing
 * a 4 KiB request. */
struct evp_priv {
	EVP_MD *mdalg;
	EVP_MD_CTX *md;
	EVP_CIPHER *cipher;
	EVP_CIPHER_CTX *cc;
};

static void evp_err(char *err, size_t errlen, const char *what)
{
	unsigned long e = ERR_get_error();
	char buf[200] = "unknown error";
	if (e)
		ERR_error_string_n(e, buf, sizeof buf);
	ERR_clear_error();
	snprintf(err, errlen, "openssl %s: %s", what, buf);
}

static int evp_probe(char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	return 0;
}

static const char *cipher_name(enum ps_crypto_alg alg, size_t keylen)
{
	static const char *const names[2][3] = {
		{"AES-128-CBC", "AES-192-CBC", "AES-256-CBC"},
		{"AES-128-GCM", "AES-192-GCM", "AES-256-GCM"},
	};
	return names[alg == PS_CRYPTO_GCM_AES][keylen == 16 ? 0 : keylen == 24 ? 1 : 2];
}

static void evp_close(struct ps_crypto_sess *s)
{
	struct evp_priv *p = s->priv;
	if (!p)
		return;
	EVP_MD_CTX_free(p->md);
	EVP_MD_free(p->mdalg);
	EVP_CIPHER_CTX_free(p->cc);
	EVP_CIPHER_free(p->cipher);
	free(p);
	s->priv = NULL;
}

/* Fetches the cipher and schedules the key (and the GCM IV length). */
static int cipher_setup(struct evp_priv *p, const struct ps_crypto_params *pa)
{
	p->cipher = EVP_CIPHER_fetch(NULL, cipher_name(pa->alg, pa->keylen), NULL);
	p->cc = EVP_CIPHER_CTX_new();
	/* the direction is fixed at open: AES decryption schedules the key
	 * differently */
	if (!p->cipher || !p->cc || !EVP_CipherInit_ex(p->cc, p->cipher, NULL, NULL, NULL, !pa->decrypt))
		return -1;
	if (pa->alg == PS_CRYPTO_GCM_AES &&
	    !EVP_CIPHER_CTX_ctrl(p->cc, EVP_CTRL_GCM_SET_IVLEN, (int)pa->ivlen, NULL))
		return -1;
	return EVP_CipherInit_ex(p->cc, NULL, NULL, pa->key, NULL, !pa->decrypt) ? 0 : -1;
}

static int evp_open(struct ps_crypto_sess *s, char *err, size_t errlen)
{
	struct evp_priv *p = calloc(1, sizeof *p);
	if (!p) {
		snprintf(err, errlen, "openssl: out of memory");
		return -1;
	}
	s->priv = p;
	int ok;
	if (s->params.alg == PS_CRYPTO_SHA256) {
		p->mdalg = EVP_MD_fetch(NULL, "SHA256", NULL);
		p->md = EVP_MD_CTX_new();
		ok = p->mdalg && p->md;
	} else {
		ok = cipher_setup(p, &s->params) == 0;
	}
	if (!ok) {
		evp_err(err, errlen, ps_crypto_alg_name(s->params.alg));
		evp_close(s);
		return -1;
	}
	return 0;
}

static long evp_sha256(struct evp_priv *p, const uint8_t *in, size_t n, uint8_t *out,
		       char *err, size_t errlen)
{
	unsigned int len = 0;
	if (!EVP_DigestInit_ex(p->md, p->mdalg, NULL) || !EVP_DigestUpdate(p->md, in, n) ||
	    !EVP_DigestFinal_ex(p->md, out, &len)) {
		evp_err(err, errlen, "sha256");
		return -1;
	}
	return (long)len;
}

/* EVP_CipherUpdate takes an int length: feed large inputs in slices. */
static int update_all(EVP_CIPHER_CTX *cc, uint8_t *out, size_t *outlen, const uint8_t *in,
		      size_t n)
{
	size_t done = 0;
	*outlen = 0;
	while (done < n) {
		size_t chunk = n - done > (1u << 30) ? (1u << 30) : n - done;
		int len = 0;
		if (!EVP_CipherUpdate(cc, out ? out + *outlen : NULL, &len, in + done, (int)chunk))
			return -1;
		*outlen += (size_t)len;
		done += chunk;
	}
	return 0;
}

static long evp_cbc(struct ps_crypto_sess *s, struct evp_priv *p, const uint8_t *in, size_t n,
		    uint8_t *out, char *err, size_t errlen)
{
	size_t len = 0;
	int last = 0;
	/* OpenSSL pads with PKCS#7 by default (EVP_CIPHER_CTX_set_padding 1)
	 * and, decrypting, checks and strips it in the final call.
	 * A NULL cipher and key keep the scheduled key: only the IV is reset. */
	if (!EVP_CipherInit_ex(p->cc, NULL, NULL, NULL, s->params.iv, -1) ||
	    update_all(p->cc, out, &len, in, n) < 0) {
		evp_err(err, errlen, "cbc(aes)");
		return -1;
	}
	if (!EVP_CipherFinal_ex(p->cc, out + len, &last)) {
		if (s->params.decrypt) {
			ERR_clear_error();
			snprintf(err, errlen, "cbc(aes) decrypt: bad padding (wrong key or IV, or damaged data)");
		} else {
			evp_err(err, errlen, "cbc(aes)");
		}
		return -1;
	}
	return (long)(len + (size_t)last);
}

static long evp_gcm(struct ps_crypto_sess *s, struct evp_priv *p, const uint8_t *in, size_t n,
		    uint8_t *out, char *err, size_t errlen)
{
	size_t len = 0, aadout = 0;
	int last = 0;
	const struct ps_crypto_params *pa = &s->params;
	if (!EVP_EncryptInit_ex(p->cc, NULL, NULL, NULL, pa->iv) ||
	    (pa->aadlen && update_all(p->cc, NULL, &aadout, pa->aad, pa->aadlen) < 0) ||
	    update_all(p->cc, out, &len, in, n) < 0 ||
	    !EVP_EncryptFinal_ex(p->cc, out + len, &last) ||
	    !EVP_CIPHER_CTX_ctrl(p->cc, EVP_CTRL_GCM_GET_TAG, PS_CRYPTO_GCM_TAG,
				 out + len + (size_t)last)) {
		evp_err(err, errlen, "gcm(aes)");
		return -1;
	}
	return (long)(len + (size_t)last + PS_CRYPTO_GCM_TAG);
}

/* in = ciphertext || tag; out = plaintext once the tag verified. */
static long evp_gcm_decrypt(struct ps_crypto_sess *s, struct evp_priv *p, const uint8_t *in,
			    size_t n, uint8_t *out, char *err, size_t errlen)
{
	const struct ps_crypto_params *pa = &s->params;
	size_t ctlen = n - PS_CRYPTO_GCM_TAG, len = 0, aadout = 0;
	int last = 0;

	if (!EVP_CipherInit_ex(p->cc, NULL, NULL, NULL, pa->iv, -1) ||
	    (pa->aadlen && update_all(p->cc, NULL, &aadout, pa->aad, pa->aadlen) < 0) ||
	    update_all(p->cc, out, &len, in, ctlen) < 0 ||
	    !EVP_CIPHER_CTX_ctrl(p->cc, EVP_CTRL_GCM_SET_TAG, PS_CRYPTO_GCM_TAG,
				 (void *)(in + ctlen))) {
		evp_err(err, errlen, "gcm(aes) decrypt");
		return -1;
	}
	if (!EVP_CipherFinal_ex(p->cc, out + len, &last)) {
		ERR_clear_error();
		snprintf(err, errlen, "gcm(aes) decrypt: tag check failed (wrong key, IV or AAD, or damaged data)");
		return -1;
	}
	return (long)(len + (size_t)last);
}

static long evp_run(struct ps_crypto_sess *s, const uint8_t *in, size_t n, uint8_t *out,
		    size_t cap, char *err, size_t errlen)
{
	struct evp_priv *p = s->priv;
	if (cap < ps_crypto_out_len(s->params.alg, n)) {
		snprintf(err, errlen, "openssl: output buffer too small");
		return -1;
	}
	if (s->params.decrypt && ps_crypto_decrypt_len_ok(s->params.alg, n, err, errlen) < 0)
		return -1;
	if (s->params.decrypt && s->params.alg == PS_CRYPTO_GCM_AES)
		return evp_gcm_decrypt(s, p, in, n, out, err, errlen);
	switch (s->params.alg) {
	case PS_CRYPTO_SHA256:
		return evp_sha256(p, in, n, out, err, errlen);
	case PS_CRYPTO_CBC_AES:
		return evp_cbc(s, p, in, n, out, err, errlen);
	case PS_CRYPTO_GCM_AES:
		return evp_gcm(s, p, in, n, out, err, errlen);
	}
	return -1;
}

/* Decrypting, the tag is the file's last 16 bytes: set before the final call. */
static int file_final(struct evp_priv *p, const struct ps_crypto_params *pa, int in_fd,
		      unsigned long long body, uint8_t *out, size_t *outlen, char *err,
		      size_t errlen)
{
	uint8_t tag[PS_CRYPTO_GCM_TAG];
	int last = 0;
	if (pa->decrypt) {
		if (ps_crypto_pread_full(in_fd, tag, sizeof tag, body, err, errlen) < 0)
			return -1;
		if (!EVP_CIPHER_CTX_ctrl(p->cc, EVP_CTRL_GCM_SET_TAG, PS_CRYPTO_GCM_TAG, tag) ||
		    !EVP_CipherFinal_ex(p->cc, out, &last)) {
			ERR_clear_error();
			snprintf(err, errlen, "gcm(aes) decrypt: tag check failed (wrong key, IV or AAD, or damaged data)");
			return -1;
		}
		*outlen = (size_t)last;
		return 0;
	}
	if (!EVP_CipherFinal_ex(p->cc, out, &last) ||
	    !EVP_CIPHER_CTX_ctrl(p->cc, EVP_CTRL_GCM_GET_TAG, PS_CRYPTO_GCM_TAG, out + last)) {
		evp_err(err, errlen, "gcm(aes)");
		return -1;
	}
	*outlen = (size_t)last + PS_CRYPTO_GCM_TAG;
	return 0;
}

/* gcm(aes) over a file in PS_CRYPTO_FILE_CHUNK steps: memory stays bounded
 * whatever the file's size. */
static long long evp_run_file(struct ps_crypto_sess *s, int in_fd, unsigned long long n,
			      int out_fd, char *err, size_t errlen)
{
	struct evp_priv *p = s->priv;
	const struct ps_crypto_params *pa = &s->params;
	size_t aadout = 0, len = 0;
	if (pa->alg != PS_CRYPTO_GCM_AES) {
		snprintf(err, errlen, "openssl: files are encrypted with gcm(aes) only");
		return -1;
	}
	if (pa->decrypt && n < PS_CRYPTO_GCM_TAG)
		return ps_crypto_decrypt_len_ok(pa->alg, (size_t)n, err, errlen);
	unsigned long long body = pa->decrypt ? n - PS_CRYPTO_GCM_TAG : n, done = 0;
	long long written = -1;
	uint8_t *in = malloc(PS_CRYPTO_FILE_CHUNK), *out = malloc(PS_CRYPTO_FILE_CHUNK + 2 * PS_CRYPTO_GCM_TAG);
	if (!in || !out) {
		snprintf(err, errlen, "openssl: out of memory");
		goto out;
	}
	if (!EVP_CipherInit_ex(p->cc, NULL, NULL, NULL, pa->iv, -1) ||
	    (pa->aadlen && update_all(p->cc, NULL, &aadout, pa->aad, pa->aadlen) < 0)) {
		evp_err(err, errlen, "gcm(aes)");
		goto out;
	}
	written = 0;
	for (size_t want; done < body; done += want) {
		want = body - done > PS_CRYPTO_FILE_CHUNK ? PS_CRYPTO_FILE_CHUNK : (size_t)(body - done);
		if (ps_crypto_pread_full(in_fd, in, want, done, err, errlen) < 0)
			goto fail;
		if (update_all(p->cc, out, &len, in, want) < 0) {
			evp_err(err, errlen, "gcm(aes)");
			goto fail;
		}
		if (ps_crypto_write_all(out_fd, out, len, err, errlen) < 0)
			goto fail;
		written += (long long)len;
	}
	if (file_final(p, pa, in_fd, body, out, &len, err, errlen) < 0 ||
	    ps_crypto_write_all(out_fd, out, len, err, errlen) < 0)
		goto fail;
	written += (long long)len;
	goto out;
fail:
	written = -1;
out:
	free(in);
	free(out);
	return written;
}

const struct ps_crypto_ops ps_crypto_openssl = {
	.name = "openssl",
	.probe = evp_probe,
	.open = evp_open,
	.run = evp_run,
	.run_file = evp_run_file,
	.close = evp_close,
};
