/* SPDX-License-Identifier: BSD-2-Clause */
/* gen_crypto.h - crypto backends (AF_ALG, OpenSSL EVP) behind one ops struct.
 *
 * A backend is an ops table (libpcap style: a handle = ops + private data).
 * Every backend computes the same three operations, byte for byte:
 *
 *   sha256     out = SHA-256(in)                               32 bytes
 *   cbc(aes)   out = AES-CBC(key, iv, PKCS#7-pad(in))          (n/16 + 1) * 16 bytes
 *   gcm(aes)   out = ciphertext || 16-byte tag (key, iv, aad)  n + 16 bytes
 *
 * Errors are returned as a negative value with a one-line reason in the
 * caller's buffer; nothing here prints.
 */
#ifndef PS_GEN_CRYPTO_H
#define PS_GEN_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ps_crypto_alg {
	PS_CRYPTO_SHA256,
	PS_CRYPTO_CBC_AES,
	PS_CRYPTO_GCM_AES,
};

#define PS_CRYPTO_KEY_MAX 32
#define PS_CRYPTO_IV_MAX 64
#define PS_CRYPTO_AAD_MAX 1024
#define PS_CRYPTO_SHA256_LEN 32
#define PS_CRYPTO_AES_BLOCK 16
#define PS_CRYPTO_GCM_TAG 16
#define PS_CRYPTO_GCM_IV 12

/* What to compute. Plain data, copied by the backends at open(). */
struct ps_crypto_params {
	enum ps_crypto_alg alg;
	uint8_t key[PS_CRYPTO_KEY_MAX];
	size_t keylen; /* 16, 24 or 32 for AES; 0 for sha256 */
	uint8_t iv[PS_CRYPTO_IV_MAX];
	size_t ivlen; /* cbc: 16; gcm: 12 (OpenSSL also takes 1..64) */
	uint8_t aad[PS_CRYPTO_AAD_MAX];
	size_t aadlen; /* gcm only */
	bool decrypt;  /* cbc/gcm: the inverse direction (gen_crypto_evp.c; the
			* afalg backend decrypts gcm(aes) files only, run_file):
			* cbc: ciphertext -> plaintext with the PKCS#7 padding
			* checked and removed; gcm: ciphertext || tag -> plaintext,
			* or an error when the tag does not verify */
};

/* One open computation: the backend that made it and its private state. */
struct ps_crypto_sess {
	const struct ps_crypto_ops *ops;
	struct ps_crypto_params params;
	bool zero_copy; /* AF_ALG: feed data with vmsplice+splice, not sendmsg */
	void *priv;
};

struct ps_crypto_ops {
	const char *name; /* "afalg", "openssl" */
	/* 0 when the backend works on this machine, <0 with the reason in err
	 * (e.g. "socket(AF_ALG): Address family not supported by protocol"). */
	int (*probe)(char *err, size_t errlen);
	/* Prepares s (ops and params already set by ps_crypto_open()). 0 or <0. */
	int (*open)(struct ps_crypto_sess *s, char *err, size_t errlen);
	/* One request: in[0..n) -> out[0..cap). Returns the output length, or
	 * <0 with err filled. cap must be >= ps_crypto_out_len(alg, n). */
	long (*run)(struct ps_crypto_sess *s, const uint8_t *in, size_t n, uint8_t *out, size_t cap,
		    char *err, size_t errlen);
	/* File mode (`crypto --file`, gcm(aes) only): the n bytes of the
	 * regular file in_fd (read from offset 0) -> out_fd, written in full.
	 * Encrypt writes ciphertext || tag, decrypt the plaintext (a failed
	 * tag check is an error; what was already written must then be
	 * discarded by the caller). Returns the bytes written or <0 + err.
	 * afalg: sendfile(2) into the operation socket, one AEAD request, so
	 * n is bounded (PS_CRYPTO_FILE_AFALG_MAX); openssl: bounded chunks. */
	long long (*run_file)(struct ps_crypto_sess *s, int in_fd, unsigned long long n,
			      int out_fd, char *err, size_t errlen);
	/* Releases what open() made; s->priv is NULL afterwards. */
	void (*close)(struct ps_crypto_sess *s);
};

/* AF_ALG processes an AEAD request whole: AAD + file must fit the operation
 * socket's send buffer less a page, which we ask to be 4 MiB (the kernel caps
 * it at twice net.core.wmem_max: 425984 bytes with the default 212992).
 * Bigger files need the openssl backend. */
#define PS_CRYPTO_FILE_AFALG_MAX (4ull << 20)
/* What the openssl backend reads (and writes) per step of a file. */
#define PS_CRYPTO_FILE_CHUNK (64u * 1024)

extern const struct ps_crypto_ops ps_crypto_afalg;
extern const struct ps_crypto_ops ps_crypto_openssl;

/* "sha256", "cbc(aes)", "gcm(aes)" <-> enum. Parse returns 0 or -1. */
int ps_crypto_alg_parse(const char *name, enum ps_crypto_alg *alg);
const char *ps_crypto_alg_name(enum ps_crypto_alg alg);

/* Output capacity one request of n bytes needs (decrypting needs at most n). */
size_t ps_crypto_out_len(enum ps_crypto_alg alg, size_t n);

/* Hex text ("00ff..", case-insensitive, even length) into buf. Returns the
 * byte count, or -1 on bad characters, odd length or more than cap bytes. */
long ps_crypto_hex_parse(const char *hex, uint8_t *buf, size_t cap);
/* Bytes as lowercase hex into out (2n+1 bytes needed). Returns out. */
char *ps_crypto_hex(const uint8_t *buf, size_t n, char *out);

/* For a decrypt session: 0 if n input bytes can be a ciphertext (cbc: a
 * non-zero multiple of 16; gcm: at least the 16-byte tag), else -1 + err. */
int ps_crypto_decrypt_len_ok(enum ps_crypto_alg alg, size_t n, char *err, size_t errlen);

/* Checks key/iv/aad lengths against the algorithm and fills default IVs
 * (all zero: 16 bytes for cbc, 12 for gcm) when ivlen is 0. 0 or -1 + err. */
int ps_crypto_params_check(struct ps_crypto_params *p, char *err, size_t errlen);

/* File mode I/O for the backends' run_file: writes all n bytes (0 or -1 +
 * err naming what), and reads exactly n bytes at off (a short read means
 * the file shrank while being processed: -1 + err). */
int ps_crypto_write_all(int fd, const uint8_t *buf, size_t n, char *err, size_t errlen);
int ps_crypto_pread_full(int fd, uint8_t *buf, size_t n, unsigned long long off, char *err,
			 size_t errlen);

/* Appends PKCS#7 padding to buf holding n bytes (cap >= n + 16). Returns the
 * padded length: the next multiple of 16 strictly greater than n. */
size_t ps_crypto_pkcs7_pad(uint8_t *buf, size_t n, size_t cap);

/* Resolves --backend auto|afalg|openssl to a working backend. For "auto",
 * AF_ALG when it probes fine, else OpenSSL; why is filled with one line
 * saying which was chosen and why ("afalg (socket(AF_ALG) works)" or
 * "openssl (afalg unavailable: socket(AF_ALG): ...)"). NULL with err filled
 * when the named backend does not work here or the name is unknown. */
const struct ps_crypto_ops *ps_crypto_choose(const char *name, char *why, size_t whylen,
					     char *err, size_t errlen);

/* Opens a session of ops for p (params are copied). 0 or <0 with err. */
int ps_crypto_open(struct ps_crypto_sess *s, const struct ps_crypto_ops *ops,
		   const struct ps_crypto_params *p, bool zero_copy, char *err, size_t errlen);
static inline long ps_crypto_run(struct ps_crypto_sess *s, const uint8_t *in, size_t n,
				 uint8_t *out, size_t cap, char *err, size_t errlen)
{
	return s->ops->run(s, in, n, out, cap, err, errlen);
}
void ps_crypto_close(struct ps_crypto_sess *s);

#endif
