/* SPDX-License-Identifier: BSD-2-Clause */
/* tls_ctx.c - the tls-echo server context: certificate, versions, ciphers. */
#include <errno.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tls_ctx.h"

int tls_version_parse(const char *s, int *version)
{
	static const struct {
		const char *name;
		int version;
	} names[] = {
		{"1.0", TLS1_VERSION},
		{"1.1", TLS1_1_VERSION},
		{"1.2", TLS1_2_VERSION},
		{"1.3", TLS1_3_VERSION},
	};
	if (!strncasecmp(s, "tlsv", 4))
		s += 4;
	else if (!strncasecmp(s, "tls", 3))
		s += 3;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!strcmp(s, names[i].name)) {
			*version = names[i].version;
			return 0;
		}
	}
	return -1;
}

/* A readable file, else the reason in one line (OpenSSL's own is obscure). */
static int check_file(const char *what, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s %s: %s", what, path, strerror(errno));
		return -1;
	}
	fclose(f);
	return 0;
}

static int load_files(SSL_CTX *ctx, const struct tls_ctx_opts *o, char *err, size_t errlen)
{
	char why[200];
	const char *key = o->key ? o->key : o->cert;
	if (check_file("--cert", o->cert, err, errlen) < 0 ||
	    check_file("--key", key, err, errlen) < 0)
		return -1;
	if (SSL_CTX_use_certificate_chain_file(ctx, o->cert) != 1) {
		snprintf(err, errlen, "--cert %s: no PEM certificate (%s)", o->cert,
			 tls_err_string(why, sizeof why, "unreadable"));
		return -1;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
		bool mismatch = ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH;
		tls_err_string(why, sizeof why, "unreadable");
		if (mismatch)
			snprintf(err, errlen, "--key %s does not match the certificate in %s", key,
				 o->cert);
		else
			snprintf(err, errlen, "--key %s: no PEM private key (%s)", key, why);
		return -1;
	}
	if (SSL_CTX_check_private_key(ctx) != 1) {
		snprintf(err, errlen, "--key %s does not match the certificate in %s", key, o->cert);
		ERR_clear_error();
		return -1;
	}
	return 0;
}

static int set_protocols(SSL_CTX *ctx, const struct tls_ctx_opts *o, char *err, size_t errlen)
{
	if (o->min_version && o->max_version && o->min_version > o->max_version) {
		snprintf(err, errlen, "--min-tls is above --max-tls");
		return -1;
	}
	if ((o->min_version && !SSL_CTX_set_min_proto_version(ctx, o->min_version)) ||
	    (o->max_version && !SSL_CTX_set_max_proto_version(ctx, o->max_version))) {
		snprintf(err, errlen, "this OpenSSL cannot set the TLS version range");
		ERR_clear_error();
		return -1;
	}
	if (o->ciphers && SSL_CTX_set_cipher_list(ctx, o->ciphers) != 1) {
		snprintf(err, errlen, "--ciphers '%s': no cipher that OpenSSL knows (see openssl ciphers -v)",
			 o->ciphers);
		ERR_clear_error();
		return -1;
	}
	if (o->ciphersuites && SSL_CTX_set_ciphersuites(ctx, o->ciphersuites) != 1) {
		snprintf(err, errlen, "--ciphersuites '%s': not a TLS 1.3 suite list (e.g. TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256)",
			 o->ciphersuites);
		ERR_clear_error();
		return -1;
	}
	return 0;
}

long tls_alpn_wire(const char *list, unsigned char *out, size_t cap)
{
	size_t n = 0;

	for (const char *p = list;;) {
		size_t len = strcspn(p, ",");

		if (len == 0 || len > 255 || n + 1 + len > cap)
			return -1;
		out[n++] = (unsigned char)len;
		memcpy(out + n, p, len);
		n += len;
		if (!p[len])
			return (long)n;
		p += len + 1;
	}
}

/* RFC 7301: the server picks, in its own order of preference, the first
 * protocol the client offers; with no overlap it does not answer the
 * extension (as openssl s_server does) and the handshake goes on. */
static int alpn_select(SSL *ssl, const unsigned char **out, unsigned char *outlen,
		       const unsigned char *in, unsigned int inlen, void *arg)
{
	const struct tls_ctx_opts *o = arg;
	unsigned char *sel;

	(void)ssl;
	if (SSL_select_next_proto(&sel, outlen, o->alpn, (unsigned int)o->alpn_len, in, inlen) !=
	    OPENSSL_NPN_NEGOTIATED)
		return SSL_TLSEXT_ERR_NOACK;
	*out = sel;
	return SSL_TLSEXT_ERR_OK;
}

/* --verify-client, --alpn, --no-resume. */
static int set_peer_options(SSL_CTX *ctx, const struct tls_ctx_opts *o, char *err, size_t errlen)
{
	/* resumption by session id needs an id context (and OpenSSL refuses
	 * to resume without one once client certificates are verified) */
	static const unsigned char sid_ctx[] = "pktscope-gen tls-echo";

	SSL_CTX_set_session_id_context(ctx, sid_ctx, sizeof sid_ctx - 1);
	if (o->no_resume) {
		SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
		SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
		SSL_CTX_set_num_tickets(ctx, 0);
	}
	if (o->alpn_len)
		SSL_CTX_set_alpn_select_cb(ctx, alpn_select, (void *)o);
	if (o->verify_client) {
		STACK_OF(X509_NAME) *names;

		if (check_file("--verify-client", o->verify_client, err, errlen) < 0)
			return -1;
		if (SSL_CTX_load_verify_locations(ctx, o->verify_client, NULL) != 1 ||
		    !(names = SSL_load_client_CA_file(o->verify_client))) {
			snprintf(err, errlen, "--verify-client %s: no PEM CA certificate", o->verify_client);
			ERR_clear_error();
			return -1;
		}
		SSL_CTX_set_client_CA_list(ctx, names);
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	}
	return 0;
}

SSL_CTX *tls_ctx_new(const struct tls_ctx_opts *o, char *fp, bool *ephemeral, char *err,
		     size_t errlen)
{
	char why[200];
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	if (!ctx) {
		snprintf(err, errlen, "SSL_CTX_new: %s", tls_err_string(why, sizeof why, "failed"));
		return NULL;
	}
	/* Partial writes: the echo buffer is written as the socket takes it.
	 * Released buffers: an idle connection holds no 16 KiB record buffers.
	 * No renegotiation: a client cannot make us redo handshakes. */
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
				      SSL_MODE_RELEASE_BUFFERS);
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
	*ephemeral = o->cert == NULL;
	if (set_protocols(ctx, o, err, errlen) < 0 || set_peer_options(ctx, o, err, errlen) < 0)
		goto fail;
	if (o->cert ? load_files(ctx, o, err, errlen) < 0 : tls_cert_ephemeral(ctx, err, errlen) < 0)
		goto fail;
	if (tls_cert_fingerprint(SSL_CTX_get0_certificate(ctx), fp) < 0) {
		snprintf(err, errlen, "cannot compute the certificate fingerprint");
		goto fail;
	}
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}
