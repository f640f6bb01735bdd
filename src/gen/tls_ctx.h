/* SPDX-License-Identifier: BSD-2-Clause */
/* tls_ctx.h - the server SSL_CTX of tls-echo: certificate (files, or an
 * ephemeral self-signed P-256 one made in memory), protocol versions and
 * cipher lists. Errors: NULL / -1 with one line in the caller's buffer. */
#ifndef PS_GEN_TLS_CTX_H
#define PS_GEN_TLS_CTX_H

#include <stdbool.h>
#include <stddef.h>

#include <openssl/ssl.h>

/* "AA:BB:..." of a SHA-256 digest: 32 * 3 bytes with the terminator. */
#define TLS_FP_LEN (32 * 3)

struct tls_ctx_opts {
	const char *cert;         /* PEM chain file; NULL: ephemeral certificate */
	const char *key;          /* PEM key file; NULL: the cert file holds it */
	const char *ciphers;      /* TLS <= 1.2 list (SSL_CTX_set_cipher_list) */
	const char *ciphersuites; /* TLS 1.3 list (SSL_CTX_set_ciphersuites) */
	int min_version;          /* TLS1_2_VERSION ...; 0: OpenSSL's default */
	int max_version;
	/* --alpn: the server's protocols in preference order, in the wire
	 * format (length-prefixed names); alpn_len 0: no ALPN. The context's
	 * select callback points here: the options must outlive the context. */
	unsigned char alpn[256];
	size_t alpn_len;
	const char *verify_client; /* CA file: require a client certificate it signed */
	bool no_resume;            /* no tickets, no session cache: every handshake full */
};

/* "h2,http/1.1" -> wire format into out (cap bytes). Returns the length,
 * or -1 for an empty name, a name over 255 bytes or too long a list. */
long tls_alpn_wire(const char *list, unsigned char *out, size_t cap);

/* "1.0", "1.1", "1.2", "1.3" (also "tls1.2", "TLSv1.2") -> TLS1_x_VERSION.
 * Returns 0, or -1 when unknown. */
int tls_version_parse(const char *s, int *version);

/* Builds the context. fp receives the SHA-256 fingerprint of the server
 * certificate (TLS_FP_LEN bytes); *ephemeral tells whether it was made
 * here. The caller frees the context with SSL_CTX_free(). */
SSL_CTX *tls_ctx_new(const struct tls_ctx_opts *o, char *fp, bool *ephemeral, char *err,
		     size_t errlen);

/* Makes a self-signed P-256 certificate (CN=pktscope-gen, SAN localhost,
 * 127.0.0.1, ::1; valid from one hour ago for 30 days) and its key, and
 * installs both in ctx. 0, or -1 with err filled. */
int tls_cert_ephemeral(SSL_CTX *ctx, char *err, size_t errlen);

/* SHA-256 fingerprint of the certificate as "AA:BB:...". 0 or -1. */
int tls_cert_fingerprint(X509 *cert, char *fp);

/* One line for the last OpenSSL error (queue cleared), or fallback. */
const char *tls_err_string(char *buf, size_t len, const char *fallback);

#endif
