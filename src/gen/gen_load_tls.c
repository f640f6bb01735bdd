/* SPDX-License-Identifier: BSD-2-Clause */
/* TLS transport of the load client (OpenSSL): non-blocking SSL_connect,
 * WANT_READ/WANT_WRITE become loop masks. The server certificate is not
 * verified: the load client targets test servers such as tls-echo with its
 * ephemeral self-signed certificate. */
#include "gen_load.h"
#include "tls_ctx.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

/* --resume: keeps the newest session the server hands out (a TLS 1.2
 * ticket or session id during the handshake, a TLS 1.3 ticket after it);
 * returning 1 takes over the reference. */
static int tls_new_session(SSL *ssl, SSL_SESSION *sess)
{
	struct load_run *r = SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl));

	if (!SSL_SESSION_is_resumable(sess))
		return 0;
	SSL_SESSION_free(r->tls_session);
	r->tls_session = sess;
	return 1;
}

/* A TLS 1.3 ticket is used once (RFC 8446 4.6.1; OpenSSL servers refuse a
 * second use), so it is taken from the run; a TLS 1.2 session serves every
 * later connection. */
void load_tls_claim(struct load_conn *c)
{
	struct load_run *r = c->run;

	if (!r->tls_session)
		return;
	c->tls_offer = r->tls_session;
	if (SSL_SESSION_get_protocol_version(r->tls_session) == TLS1_3_VERSION)
		r->tls_session = NULL;
	else
		SSL_SESSION_up_ref(r->tls_session);
}

void load_tls_unclaim(struct load_conn *c)
{
	SSL_SESSION_free(c->tls_offer);
	c->tls_offer = NULL;
}

/* --alpn, --cert/--key, --resume. 0 or -1 (err). */
static int tls_client_options(SSL_CTX *ctx, struct load_run *r, char *err, size_t errlen)
{
	const struct load_opts *o = r->o;
	unsigned char wire[256];
	long n;

	if (o->alpn) {
		if ((n = tls_alpn_wire(o->alpn, wire, sizeof wire)) < 0 ||
		    SSL_CTX_set_alpn_protos(ctx, wire, (unsigned int)n) != 0) {
			snprintf(err, errlen, "bad --alpn '%s' (comma-separated names of 1..255 bytes)", o->alpn);
			return -1;
		}
	}
	if (o->cert && (SSL_CTX_use_certificate_chain_file(ctx, o->cert) != 1 ||
			SSL_CTX_use_PrivateKey_file(ctx, o->key ? o->key : o->cert, SSL_FILETYPE_PEM) != 1 ||
			SSL_CTX_check_private_key(ctx) != 1)) {
		snprintf(err, errlen, "--cert %s / --key %s: no matching PEM certificate and key (%s)",
			 o->cert, o->key ? o->key : o->cert, ERR_reason_error_string(ERR_peek_last_error()));
		ERR_clear_error();
		return -1;
	}
	if (o->resume) {
		SSL_CTX_set_app_data(ctx, r);
		SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
		SSL_CTX_sess_set_new_cb(ctx, tls_new_session);
	}
	return 0;
}

int load_tls_ctx_new(struct load_run *r, char *err, size_t errlen)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

	if (!ctx) {
		snprintf(err, errlen, "TLS context: %s", ERR_error_string(ERR_get_error(), NULL));
		return -1;
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	/* Partial writes and a moving buffer pointer: pump_stream() retries
	 * with buf + sent, the same remaining length. */
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	if (tls_client_options(ctx, r, err, errlen) < 0) {
		SSL_CTX_free(ctx);
		return -1;
	}
	r->tls_ctx = ctx;
	return 0;
}

void load_tls_ctx_free(struct load_run *r)
{
	SSL_SESSION_free(r->tls_session);
	SSL_CTX_free(r->tls_ctx);
	r->tls_session = r->tls_ctx = NULL;
}

/* A completed handshake: full or resumed, and the ALPN outcome. */
static void tls_count(struct load_conn *c)
{
	struct load_run *r = c->run;
	const unsigned char *p = NULL;
	unsigned int n = 0;

	if (SSL_session_reused(c->tls))
		r->tot.tls_resumed++;
	else
		r->tot.tls_full++;
	SSL_get0_alpn_selected(c->tls, &p, &n);
	if (n) {
		r->tot.tls_alpn++;
		if (!r->alpn[0])
			snprintf(r->alpn, sizeof r->alpn, "%.*s", (int)n, (const char *)p);
	}
}

static void tls_errstr(const char *what, int e, char *err, size_t errlen)
{
	unsigned long code = ERR_get_error();

	if (code)
		snprintf(err, errlen, "%s: %s", what, ERR_reason_error_string(code) ?
		         ERR_reason_error_string(code) : ERR_error_string(code, NULL));
	else if (e == SSL_ERROR_SYSCALL)
		snprintf(err, errlen, "%s: %s", what, errno ? strerror(errno) : "unexpected EOF");
	else
		snprintf(err, errlen, "%s: SSL error %d", what, e);
	ERR_clear_error();
}

/* Sets *want for WANT_READ/WANT_WRITE; returns 1 if it would block. */
static int tls_would_block(int e, int *want)
{
	if (e == SSL_ERROR_WANT_READ)
		*want = PS_LOOP_READ;
	else if (e == SSL_ERROR_WANT_WRITE)
		*want = PS_LOOP_WRITE;
	else
		return 0;
	return 1;
}

static int tls_setup(struct load_conn *c, int *want, char *err, size_t errlen)
{
	SSL *ssl = c->tls;
	int rc, e;

	if (!ssl) {
		if (gen_connect_result(c->fd, err, errlen) < 0)
			return -1;
		ssl = SSL_new(c->run->tls_ctx);
		if (!ssl || SSL_set_fd(ssl, c->fd) != 1 ||
		    (c->run->o->sni && SSL_set_tlsext_host_name(ssl, c->run->o->sni) != 1)) {
			SSL_free(ssl);
			tls_errstr("SSL_new", 0, err, errlen);
			return -2;
		}
		c->tls = ssl;
		if (c->tls_offer)
			(void)SSL_set_session(ssl, c->tls_offer);
		load_tls_unclaim(c);
	}
	ERR_clear_error();
	rc = SSL_connect(ssl);
	if (rc == 1) {
		tls_count(c);
		return 1;
	}
	e = SSL_get_error(ssl, rc);
	if (tls_would_block(e, want))
		return 0;
	tls_errstr("TLS handshake", e, err, errlen);
	return -2;
}

static ssize_t tls_send(struct load_conn *c, const void *p, size_t n, int *want,
                        char *err, size_t errlen)
{
	int len = n > 1 << 30 ? 1 << 30 : (int)n, rc, e;

	ERR_clear_error();
	rc = SSL_write(c->tls, p, len);
	if (rc > 0)
		return rc;
	e = SSL_get_error(c->tls, rc);
	if (!tls_would_block(e, want))
		tls_errstr("SSL_write", e, err, errlen);
	return -1;
}

static ssize_t tls_recv(struct load_conn *c, void *p, size_t n, int *want,
                        char *err, size_t errlen)
{
	int len = n > 1 << 30 ? 1 << 30 : (int)n, rc, e;

	ERR_clear_error();
	rc = SSL_read(c->tls, p, len);
	if (rc > 0)
		return rc;
	e = SSL_get_error(c->tls, rc);
	if (e == SSL_ERROR_ZERO_RETURN)
		return 0;
	if (!tls_would_block(e, want))
		tls_errstr("SSL_read", e, err, errlen);
	return -1;
}

static void tls_close(struct load_conn *c)
{
	if (c->tls) {
		(void)SSL_shutdown(c->tls); /* one non-blocking try: send close_notify */
		SSL_free(c->tls);
		c->tls = NULL;
	}
	close(c->fd);
}

const struct load_transport load_tls = {
	.name = "tls",
	.dgram = 0,
	.setup = tls_setup,
	.send = tls_send,
	.recv = tls_recv,
	.close = tls_close,
};
