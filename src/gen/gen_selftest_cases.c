/* SPDX-License-Identifier: BSD-2-Clause */
/* pktscope-gen selftest checks: echo (TCP, UDP, UNIX on every engine),
 * TLS echo (SNI and cipher as pktscope decodes them), stamped UDP with
 * recv (pktscope's -z probe against what was sent, on every source). */
#include "gen_selftest.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const st_engines[] = { "epoll", "poll", "select", "thread" };
#define ST_ENGINES (sizeof st_engines / sizeof st_engines[0])
#define ST_CONNS 3
#define ST_MSGS 40

/* Every stamped stream sid..sid+n-1 seen at least want times, none lost. */
static int st_probe_ok(struct st_env *e, const struct st_cap *c, uint32_t sid, int n, long want,
		       char *why, size_t cap)
{
	for (int k = 0; k < n; k++) {
		long rx, ex, lost;

		if (st_cap_probe(e, c, sid + (uint32_t)k, &rx, &ex, &lost) < 0) {
			snprintf(why, cap, "-z probe: no row for stream %" PRIu32, sid + (uint32_t)k);
			return -1;
		}
		if (lost != 0 || rx < want) {
			snprintf(why, cap, "-z probe stream %" PRIu32 ": received %ld lost %ld, want >= %ld and 0",
				 sid + (uint32_t)k, rx, lost, want);
			return -1;
		}
	}
	return 0;
}

/* What the capture of one echo run must show: the connections (SYNs and
 * flow records for TCP, frames and flow records for UDP) and the stamps. */
static int st_echo_verify(struct st_env *e, const struct st_cap *c, int udp, uint32_t sid,
			  char *why, size_t cap)
{
	long n, fin, got;

	if (st_cap_flows(e, c, udp ? "udp" : "tcp", &n, &fin) < 0 || n != ST_CONNS ||
	    (!udp && fin != ST_CONNS)) {
		snprintf(why, cap, "--flows: %ld records (%ld ended by fin), want %d", n, fin, ST_CONNS);
		return -1;
	}
	if (udp) {
		got = st_cap_count(e, c, "udp");
		if (got != 2L * ST_CONNS * ST_MSGS) {
			snprintf(why, cap, "%ld UDP frames decoded, want %d", got, 2 * ST_CONNS * ST_MSGS);
			return -1;
		}
	} else {
		got = st_cap_count(e, c, "tcp.flags.syn == 1 && tcp.flags.ack == 0");
		if (got != ST_CONNS) {
			snprintf(why, cap, "%ld SYNs decoded, want %d", got, ST_CONNS);
			return -1;
		}
	}
	return st_probe_ok(e, c, sid, ST_CONNS, ST_MSGS, why, cap);
}

static void st_echo_one(struct st_env *e, int udp, size_t i)
{
	const char *tr = udp ? "udp" : "tcp";
	unsigned port = 7100u + (udp ? 10u : 0u) + (unsigned)i;
	uint32_t sid = 100000u + port * 10u;
	char row[80], name[32], filter[32], to[40], id[16], why[200];
	const char *server[] = { e->self, "echo", "--listen", to, "--engine", st_engines[i],
				 udp ? "--udp" : NULL, NULL };
	const char *client[] = { e->self, "load", "--to", to, "-c", "3", "-n", "40", "-s", "200",
				 "--stamp", "--id", id, "--timeout", "5s", udp ? "--udp" : NULL, NULL };
	struct st_trial t = { row, name, i % 2 ? "packet" : "pcap", filter, server, "listening on",
			      client, NULL, NULL, 0 };
	struct st_cap c;

	snprintf(row, sizeof row, "echo %s --engine %s (capture %s)", tr, st_engines[i], t.source);
	snprintf(name, sizeof name, "echo-%s-%s", tr, st_engines[i]);
	snprintf(filter, sizeof filter, "%s port %u", tr, port);
	snprintf(to, sizeof to, "%s:%u", e->addr[ST_SERVER], port);
	snprintf(id, sizeof id, "%" PRIu32, sid);
	if (st_trial_run(e, &t, &c) < 0)
		return;
	if (st_echo_verify(e, &c, udp, sid, why, sizeof why) < 0) {
		st_row(e, ST_FAIL, row, "%s", why);
		return;
	}
	st_row(e, ST_PASS, row, "%d x %d echoes verified; %d flows, stamps %" PRIu32 "..+%d lost 0",
	       ST_CONNS, ST_MSGS, ST_CONNS, sid, ST_CONNS - 1);
}

void st_case_echo(struct st_env *e)
{
	for (int udp = 0; udp < 2; udp++)
		for (size_t i = 0; i < ST_ENGINES && !st_stopping(e); i++)
			st_echo_one(e, udp, i);
}

/* UNIX sockets never reach the veth: the check is the load client's own
 * byte-for-byte verification. */
void st_case_unix(struct st_env *e)
{
	for (size_t i = 0; i < ST_ENGINES && !st_stopping(e); i++) {
		char row[80], name[32], sock[PATH_MAX], file[48];
		const char *server[] = { e->self, "echo", "--unix", sock, "--engine", st_engines[i], NULL };
		const char *client[] = { e->self, "load", "--unix", sock, "-c", "3", "-n", "40", NULL };
		struct st_trial t = { row, name, NULL, NULL, server, "listening on", client, NULL, NULL, 0 };
		struct st_cap c;

		snprintf(row, sizeof row, "echo unix --engine %s (not on the wire)", st_engines[i]);
		snprintf(name, sizeof name, "echo-unix-%s", st_engines[i]);
		snprintf(file, sizeof file, "%s.sock", name);
		st_path(e, file, sock, sizeof sock);
		if (st_trial_run(e, &t, &c) == 0)
			st_row(e, ST_PASS, row, "%d x %d echoes verified by load", ST_CONNS, ST_MSGS);
	}
}

struct st_tls_case {
	const char *label, *opt, *val, *ver;
	long suite; /* the cipher suite the ServerHello must carry */
};

static void st_tls_one(struct st_env *e, const struct st_tls_case *k, unsigned port)
{
	static const char sni[] = "selftest.pktscope.test";
	char row[80], name[32], filter[32], to[40], dfl[96], out[2048];
	const char *server[] = { e->self, "tls-echo", "--listen", to, k->opt, k->val, k->ver,
				 "--alpn", "h2,http/1.1", NULL };
	const char *client[] = { e->self, "load", "--tls", "--sni", sni, "--to", to, "-c", "2", "-n",
				 "20", "-s", "300", "--timeout", "5s", "--alpn", "http/1.1,h2",
				 "--resume", NULL };
	struct st_trial t = { row, name, port % 2 ? "packet" : "pcap", filter, server, "listening on",
			      client, NULL, NULL, 0 };
	struct st_cap c;
	long n, fin, got;

	snprintf(row, sizeof row, "tls-echo %s +SNI +ALPN +resume (capture %s)", k->label, t.source);
	snprintf(name, sizeof name, "tls-%u", port);
	snprintf(filter, sizeof filter, "tcp port %u", port);
	snprintf(to, sizeof to, "%s:%u", e->addr[ST_SERVER], port);
	if (st_trial_run(e, &t, &c) < 0)
		return;
	snprintf(dfl, sizeof dfl, "tls.handshake.extensions_server_name == \"%s\"", sni);
	if ((n = st_cap_count(e, &c, dfl)) != 2) {
		st_row(e, ST_FAIL, row, "%ld ClientHellos with SNI %s decoded, want 2", n, sni);
		return;
	}
	got = st_cap_json_long(e, &c, "tls.handshake.type == 2", "server_hello", "cipher");
	if (got != k->suite) {
		st_row(e, ST_FAIL, row, "ServerHello cipher 0x%04lx, want 0x%04lx", got, k->suite);
		return;
	}
	if (st_cap_flows(e, &c, "tcp", &n, &fin) < 0 || n != 2) {
		st_row(e, ST_FAIL, row, "--flows: %ld TCP records, want 2", n);
		return;
	}
	/* ALPN offered on the wire, selected by the server's preference, and
	 * the second connection resumed the first one's session */
	if ((n = st_cap_count(e, &c, "tls.handshake.extensions_alpn_str == \"h2\"")) != 2) {
		st_row(e, ST_FAIL, row, "%ld ClientHellos offering ALPN h2 decoded, want 2", n);
		return;
	}
	snprintf(name, sizeof name, "tls-%u-client", port);
	st_slurp(e, name, ".out", out, sizeof out);
	if (!strstr(out, "tls handshakes full=1 resumed=1 alpn=h2 (2 connections)")) {
		st_row(e, ST_FAIL, row, "load did not report 1 full + 1 resumed handshake with ALPN h2");
		return;
	}
	st_row(e, ST_PASS, row, "2 x 20 echoes; SNI %s, cipher 0x%04lx, ALPN h2, 1 resumed, 2 flows",
	       sni, got);
}

void st_case_tls(struct st_env *e)
{
	static const struct st_tls_case cases[] = {
		{ "TLS 1.3 AES-256-GCM", "--ciphersuites", "TLS_AES_256_GCM_SHA384", "--min-tls=1.3", 0x1302 },
		{ "TLS 1.2 ECDHE-ECDSA-AES128-GCM", "--ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256",
		  "--max-tls=1.2", 0xc02b },
	};

	for (unsigned i = 0; i < 2 && !st_stopping(e); i++)
		st_tls_one(e, &cases[i], 7200 + i);
}

/* A key's integer value in the recv --json summary's first stream. */
static long st_json_long(const char *s, const char *key)
{
	char k[40];
	const char *p;

	snprintf(k, sizeof k, "\"%s\":", key);
	return (p = strstr(s, k)) ? strtol(p + strlen(k), NULL, 10) : -1;
}

struct st_probe_case {
	const char *source;
	unsigned drop_every; /* 0: none */
};

/* udp-send --stamp to recv: what recv counts, what pktscope's -z probe
 * counts on the wire, and what was sent (less the skipped numbers) agree. */
static void st_probe_one(struct st_env *e, const struct st_probe_case *k, unsigned port)
{
	/* N % K != 0 below: the last number sent is never a skipped one, so
	 * every skipped number lies before a received one and is seen lost */
	enum { N = 2000 };
	long lost_want = k->drop_every ? N / (long)k->drop_every : 0, rx = -1, ex, lost = -1;
	char row[80], name[32], filter[32], to[40], cnt[16], id[16], drop[16], out[8192];
	uint32_t sid = 200000u + port;
	const char *server[] = { e->self, "recv", "--listen", to, "--json", "--count", cnt,
				 "--duration", "20s", NULL };
	const char *client[] = { e->self, "udp-send", "--to", to, "--stamp", "--rate", "20000",
				 "--count", "2000", "--size", "200", "--id", id,
				 k->drop_every ? "--drop-every" : NULL, drop, NULL };
	struct st_trial t = { row, name, k->source, filter, server, "\"listening\"", client,
			      NULL, NULL, 0 };
	struct st_cap c;
	const char *sum;

	snprintf(row, sizeof row, "udp-send --stamp%s + recv (capture %s)",
		 k->drop_every ? " --drop-every" : "", k->source);
	snprintf(name, sizeof name, "probe-%s", k->source);
	snprintf(filter, sizeof filter, "udp port %u", port);
	snprintf(to, sizeof to, "%s:%u", e->addr[ST_SERVER], port);
	snprintf(cnt, sizeof cnt, "%ld", N - lost_want);
	snprintf(id, sizeof id, "%" PRIu32, sid);
	snprintf(drop, sizeof drop, "%u", k->drop_every);
	if (st_trial_run(e, &t, &c) < 0)
		return;
	snprintf(name, sizeof name, "probe-%s-server", k->source);
	st_slurp(e, name, ".out", out, sizeof out);
	if (!(sum = strstr(out, "\"type\":\"summary\"")) ||
	    st_json_long(sum, "received") != N - lost_want || st_json_long(sum, "lost") != lost_want) {
		st_row(e, ST_FAIL, row, "recv: received %ld lost %ld, want %ld and %ld",
		       sum ? st_json_long(sum, "received") : -1, sum ? st_json_long(sum, "lost") : -1,
		       N - lost_want, lost_want);
		return;
	}
	if (st_cap_probe(e, &c, sid, &rx, &ex, &lost) < 0 || rx != N - lost_want || lost != lost_want) {
		st_row(e, ST_FAIL, row, "-z probe: received %ld lost %ld, want %ld and %ld", rx, lost,
		       N - lost_want, lost_want);
		return;
	}
	st_row(e, ST_PASS, row, "recv and -z probe: %ld received, %ld lost, as sent", rx, lost);
}

void st_case_probe(struct st_env *e)
{
	static const struct st_probe_case cases[] = {
		{ "pcap", 0 }, { "packet", 7 }, { "inet", 0 },
	};

	for (unsigned i = 0; i < 3 && !st_stopping(e); i++)
		st_probe_one(e, &cases[i], 7300 + i);
}
