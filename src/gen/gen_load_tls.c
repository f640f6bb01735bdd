/* SPDX-License-Identifier: BSD-2-Clause */
/* TLS transport of the load client (OpenSSL): non-blocking SSL_connect,
 * WANT_READ/WANT_WRITE become loop masks. The server certificate is not
 * verified: the load client targets test servers such as tls-echo with its
 * ephemeral self-signed certificate. */
#include "gen_load.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

void *load_tls_ctx_new(char *err, size_t errlen)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

	if (!ctx) {
		snprintf(err, errlen, "TLS context: %s", ERR_error_string(ERR_get_error(), NULL));
		return NULL;
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	/* Partial writes and a moving buffer pointer: pump_stream() retries
	 * with buf + sent, the same remaining length. */
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	return ctx;
}

void load_tls_ctx_free(void *ctx)
{
	SSL_CTX_free(ctx);
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
	}
	ERR_clear_error();
	rc = SSL_connect(ssl);
	if (rc == 1)
		return 1;
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
