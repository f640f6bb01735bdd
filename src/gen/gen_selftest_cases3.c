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

/* The expected answer, from OpenSSL here. Its length, or -1. */
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

/* Runs in the client namespace: one request, the answer checked. */
static int st_crypto_client(struct st_env *e, void *arg)
{
	const struct st_crypto_arg *a = arg;
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons((uint16_t)a->port) };
	struct timeval tv = { 5, 0 };
	uint8_t req[4 + ST_CRYPTO_IN], hdr[5], want[ST_CRYPTO_IN + 64], got[ST_CRYPTO_IN + 64];
	long wn;
	size_t gn;
	int fd;

	for (size_t i = 0; i < ST_CRYPTO_IN; i++)
		req[4 + i] = (uint8_t)(i * 7 + 3);
	req[0] = 0, req[1] = 0, req[2] = ST_CRYPTO_IN >> 8, req[3] = ST_CRYPTO_IN & 0xff;
	if ((wn = st_crypto_expect(a->alg, req + 4, want, sizeof want)) < 0)
		return 1;
	inet_pton(AF_INET, e->addr[ST_SERVER], &sin.sin_addr);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0 ||
	    connect(fd, (struct sockaddr *)&sin, sizeof sin) < 0 || st_io_all(fd, req, sizeof req, 1) < 0 ||
	    st_io_all(fd, hdr, sizeof hdr, 0) < 0) {
		fprintf(stderr, "crypto client: %s\n", strerror(errno));
		return 1;
	}
	gn = ((size_t)hdr[0] << 24 | (size_t)hdr[1] << 16 | (size_t)hdr[2] << 8 | hdr[3]) - 1;
	if (hdr[4] != 0 || gn != (size_t)wn || st_io_all(fd, got, gn, 0) < 0 || memcmp(got, want, gn)) {
		fprintf(stderr, "crypto client: status %u, %zu bytes, want 0 and %ld equal bytes\n", hdr[4],
			gn, wn);
		return 1;
	}
	close(fd);
	printf("crypto: %ld bytes equal to OpenSSL's\n", wn);
	return 0;
}

static void st_crypto_one(struct st_env *e, const char *backend, enum ps_crypto_alg alg, unsigned port)
{
	struct st_crypto_arg a = { alg, port };
	char row[56], name[32], filter[32], to[40];
	const char *server[] = { e->self, "crypto", "--listen", to, "--alg", ps_crypto_alg_name(alg),
				 "--backend", backend, alg == PS_CRYPTO_SHA256 ? NULL : "--key",
				 ST_CRYPTO_KEY, NULL };
	struct st_trial t = { row, name, "pcap", filter, server, "listening on", NULL,
			      st_crypto_client, &a, 0 };
	struct st_cap c;
	long n, fin;

	snprintf(row, sizeof row, "crypto %s --backend %s (capture pcap)", ps_crypto_alg_name(alg), backend);
	snprintf(name, sizeof name, "crypto-%u", port);
	snprintf(filter, sizeof filter, "tcp port %u", port);
	snprintf(to, sizeof to, "%s:%u", e->addr[ST_SERVER], port);
	if (st_trial_run(e, &t, &c) < 0)
		return;
	if (st_cap_flows(e, &c, "tcp", &n, &fin) < 0 || n != 1 || fin != 1) {
		st_row(e, ST_FAIL, row, "--flows: %ld TCP records (%ld by fin), want 1", n, fin);
		return;
	}
	st_row(e, ST_PASS, row, "%d-byte request answered as OpenSSL computes it; 1 flow", ST_CRYPTO_IN);
}

void st_case_crypto(struct st_env *e)
{
	static const enum ps_crypto_alg algs[] = { PS_CRYPTO_SHA256, PS_CRYPTO_CBC_AES, PS_CRYPTO_GCM_AES };
	char why[200];

	for (unsigned i = 0; i < 3 && !st_stopping(e); i++)
		st_crypto_one(e, "openssl", algs[i], 7600 + i);
	if (ps_crypto_afalg.probe(why, sizeof why) < 0) {
		st_row(e, ST_SKIP, "crypto --backend afalg", "AF_ALG unavailable here: %s", why);
		return;
	}
	for (unsigned i = 0; i < 3 && !st_stopping(e); i++)
		st_crypto_one(e, "afalg", algs[i], 7610 + i);
}

void st_case_local(struct st_env *e)
{
	static const char *const types[] = { "stream", "dgram", "seqpacket" };
	char row[56], name[32], out[4096];

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
