/* SPDX-License-Identifier: BSD-2-Clause */
/* pktscope-gen selftest checks: the crypto server on each backend (a client
 * in the client namespace compares every answer with OpenSSL computed
 * locally), and the modules that never touch the wire (socketpair, info). */
#include "gen_selftest.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "gen_crypto.h"

#define ST_CRYPTO_IN 1000
#define ST_CRYPTO_KEY "000102030405060708090a0b0c0d0e0f"

struct st_crypto_arg {
	enum ps_crypto_alg alg;
	unsigned port;
	bool decrypt; /* the server runs --decrypt: it gets OpenSSL's ciphertext */
};

static int st_io_all(int fd, void *p, size_t n, int out)
{
	for (size_t done = 0; done < n;) {
		ssize_t k = out ? send(fd, (char *)p + done, n - done, MSG_NOSIGNAL)
				: recv(fd, (char *)p + done, n - done, 0);

		if (k <= 0)
			return -1;
		done += (size_t)k;
	}
	return 0;
}

/* OpenSSL's answer to the ST_CRYPTO_IN bytes at in. Its length, or -1. */
static long st_crypto_expect(enum ps_crypto_alg alg, const uint8_t *in, uint8_t *out, size_t cap)
{
	struct ps_crypto_params p = { .alg = alg };
	struct ps_crypto_sess s;
	char err[200];
	long n;

	if (alg != PS_CRYPTO_SHA256)
		p.keylen = (size_t)ps_crypto_hex_parse(ST_CRYPTO_KEY, p.key, sizeof p.key);
	if (ps_crypto_params_check(&p, err, sizeof err) < 0 ||
	    ps_crypto_open(&s, &ps_crypto_openssl, &p, false, err, sizeof err) < 0) {
		fprintf(stderr, "local openssl: %s\n", err);
		return -1;
	}
	n = ps_crypto_run(&s, in, ST_CRYPTO_IN, out, cap, err, sizeof err);
	ps_crypto_close(&s);
	return n;
}

/* One request of n bytes, its answer compared with want[0..wn). 0 or 1. */
static int st_crypto_exchange(struct st_env *e, unsigned port, const uint8_t *in, size_t n,
			      const uint8_t *want, size_t wn)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	struct timeval tv = { 5, 0 };
	uint8_t hdr[5], got[ST_CRYPTO_IN + 64];
	size_t gn;
	int fd;

	hdr[0] = (uint8_t)(n >> 24), hdr[1] = (uint8_t)(n >> 16), hdr[2] = (uint8_t)(n >> 8);
	hdr[3] = (uint8_t)n;
	inet_pton(AF_INET, e->addr[ST_SERVER], &sin.sin_addr);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0 ||
	    connect(fd, (struct sockaddr *)&sin, sizeof sin) < 0 || st_io_all(fd, hdr, 4, 1) < 0 ||
	    st_io_all(fd, (void *)in, n, 1) < 0 || st_io_all(fd, hdr, sizeof hdr, 0) < 0) {
		fprintf(stderr, "crypto client: %s\n", strerror(errno));
		return 1;
	}
	gn = ((size_t)hdr[0] << 24 | (size_t)hdr[1] << 16 | (size_t)hdr[2] << 8 | hdr[3]) - 1;
	if (hdr[4] != 0 || gn != wn || st_io_all(fd, got, gn, 0) < 0 || memcmp(got, want, gn)) {
		fprintf(stderr, "crypto client: status %u, %zu bytes, want 0 and %zu equal bytes\n",
			hdr[4], gn, wn);
		return 1;
	}
	close(fd);
	printf("crypto: %zu bytes as expected\n", wn);
	return 0;
}

/* Runs in the client namespace: encrypting, the server's answer must be
 * OpenSSL's; decrypting, OpenSSL's ciphertext must come back as the input. */
static int st_crypto_client(struct st_env *e, void *arg)
{
	const struct st_crypto_arg *a = arg;
	uint8_t plain[ST_CRYPTO_IN], cipher[ST_CRYPTO_IN + 64];
	long cn;

	for (size_t i = 0; i < ST_CRYPTO_IN; i++)
		plain[i] = (uint8_t)(i * 7 + 3);
	if ((cn = st_crypto_expect(a->alg, plain, cipher, sizeof cipher)) < 0)
		return 1;
	return a->decrypt ? st_crypto_exchange(e, a->port, cipher, (size_t)cn, plain, sizeof plain)
			  : st_crypto_exchange(e, a->port, plain, sizeof plain, cipher, (size_t)cn);
}

static void st_crypto_one(struct st_env *e, const char *backend, enum ps_crypto_alg alg, unsigned port,
			  bool decrypt)
{
	struct st_crypto_arg a = { alg, port, decrypt };
	char row[80], name[32], filter[32], to[40];
	const char *server[] = { e->self, "crypto", "--listen", to, "--alg", ps_crypto_alg_name(alg),
				 "--backend", backend, alg == PS_CRYPTO_SHA256 ? NULL : "--key",
				 ST_CRYPTO_KEY, decrypt ? "--decrypt" : NULL, NULL };
	struct st_trial t = { row, name, "pcap", filter, server, "listening on", NULL,
			      st_crypto_client, &a, 0 };
	struct st_cap c;
	long n, fin;

	snprintf(row, sizeof row, "crypto %s%s --backend %s (capture pcap)", ps_crypto_alg_name(alg),
		 decrypt ? " --decrypt" : "", backend);
	snprintf(name, sizeof name, "crypto-%u", port);
	snprintf(filter, sizeof filter, "tcp port %u", port);
	snprintf(to, sizeof to, "%s:%u", e->addr[ST_SERVER], port);
	if (st_trial_run(e, &t, &c) < 0)
		return;
	if (st_cap_flows(e, &c, "tcp", &n, &fin) < 0 || n != 1 || fin != 1) {
		st_row(e, ST_FAIL, row, "--flows: %ld TCP records (%ld by fin), want 1", n, fin);
		return;
	}
	st_row(e, ST_PASS, row, decrypt ? "OpenSSL's ciphertext of %d bytes decrypted back; 1 flow" :
	       "%d-byte request answered as OpenSSL computes it; 1 flow", ST_CRYPTO_IN);
}

void st_case_crypto(struct st_env *e)
{
	static const enum ps_crypto_alg algs[] = { PS_CRYPTO_SHA256, PS_CRYPTO_CBC_AES, PS_CRYPTO_GCM_AES };
	char why[200];

	for (unsigned i = 0; i < 3 && !st_stopping(e); i++)
		st_crypto_one(e, "openssl", algs[i], 7600 + i, false);
	for (unsigned i = 1; i < 3 && !st_stopping(e); i++)
		st_crypto_one(e, "openssl", algs[i], 7620 + i, true);
	if (ps_crypto_afalg.probe(why, sizeof why) < 0) {
		st_row(e, ST_SKIP, "crypto --backend afalg", "AF_ALG unavailable here: %s", why);
		return;
	}
	for (unsigned i = 0; i < 3 && !st_stopping(e); i++)
		st_crypto_one(e, "afalg", algs[i], 7610 + i, false);
}

void st_case_local(struct st_env *e)
{
	static const char *const types[] = { "stream", "dgram", "seqpacket" };
	char row[80], name[32], out[4096];

	for (unsigned i = 0; i < 3 && !st_stopping(e); i++) {
		const char *argv[] = { e->self, "socketpair", "--messages", "20", "--size", "512",
				       "--type", types[i], NULL };
		int rc;

		snprintf(row, sizeof row, "socketpair --type %s (not on the wire)", types[i]);
		snprintf(name, sizeof name, "socketpair-%s", types[i]);
		if ((rc = st_run(e, ST_CLIENT, name, argv)) == 0)
			st_row(e, ST_PASS, row, "20 round trips of 512 bytes checked");
		else
			st_row(e, ST_FAIL, row, "exit %d", rc);
	}
	{
		const char *argv[] = { e->self, "info", NULL };
		int rc = st_run(e, ST_CLIENT, "info", argv);

		st_slurp(e, "info", ".out", out, sizeof out);
		if (rc == 0 && strstr(out, e->veth[ST_CLIENT]) && strstr(out, e->addr[ST_CLIENT]))
			st_row(e, ST_PASS, "info (client namespace)", "lists %s with %s", e->veth[ST_CLIENT],
			       e->addr[ST_CLIENT]);
		else
			st_row(e, ST_FAIL, "info (client namespace)", "exit %d; %s/%s not listed", rc,
			       e->veth[ST_CLIENT], e->addr[ST_CLIENT]);
	}
}
