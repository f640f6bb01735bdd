/* SPDX-License-Identifier: BSD-2-Clause */
/* pktscope-gen selftest checks: broadcast, sendfile, resolve (/etc/hosts
 * and DNS inside the namespace), the crypto server on each backend, and
 * the modules that never touch the wire (socketpair, info). */
#include "gen_selftest.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void st_case_broadcast(struct st_env *e)
{
	static const char row[] = "udp-send --broadcast (capture pcap)";
	char to[40], filter[32], dfl[64];
	const char *client[] = { e->self, "udp-send", "--broadcast", "--to", to, "--rate", "1000",
				 "--count", "25", "--text", "pktscope selftest", NULL };
	struct st_trial t = { row, "broadcast", "pcap", filter, NULL, NULL, client, NULL, NULL, 0 };
	struct st_cap c;
	long n;

	snprintf(to, sizeof to, "%s:7400", e->bcast);
	snprintf(filter, sizeof filter, "udp port 7400");
	if (st_trial_run(e, &t, &c) < 0)
		return;
	snprintf(dfl, sizeof dfl, "eth.dst == ff:ff:ff:ff:ff:ff && ip.dst == %s", e->bcast);
	if ((n = st_cap_count(e, &c, dfl)) != 25) {
		st_row(e, ST_FAIL, row, "%ld broadcast frames decoded, want 25", n);
		return;
	}
	st_row(e, ST_PASS, row, "25 datagrams to %s seen as Ethernet broadcast", e->bcast);
}

/* A file of n pseudo-random bytes (a fixed xorshift: reproducible). */
static int st_make_file(const char *path, size_t n)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	uint8_t buf[4096];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0)
		return -1;
	for (size_t done = 0; done < n;) {
		size_t k = n - done < sizeof buf ? n - done : sizeof buf;

		for (size_t i = 0; i < k; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			buf[i] = (uint8_t)x;
		}
		if (write(fd, buf, k) != (ssize_t)k) {
			close(fd);
			return -1;
		}
		done += k;
	}
	return close(fd);
}

void st_case_sendfile(struct st_env *e)
{
	enum { SIZE = 3 << 20 };
	static const char row[] = "sendfile 3 MiB, SHA-256 checked (capture packet)";
	char to[40], file[PATH_MAX], out[PATH_MAX];
	const char *server[] = { e->self, "sendfile", "--listen", to, "--out", out, NULL };
	const char *client[] = { e->self, "sendfile", "--to", to, file, NULL };
	struct st_trial t = { row, "sendfile", "packet", "tcp port 7500", server, "listening on",
			      client, NULL, NULL, 0 };
	struct st_cap c;
	long n, fin;

	snprintf(to, sizeof to, "%s:7500", e->addr[ST_SERVER]);
	st_path(e, "blob", file, sizeof file);
	st_path(e, "received", out, sizeof out);
	if (st_make_file(file, SIZE) < 0 || mkdir(out, 0700) < 0) {
		st_row(e, ST_FAIL, row, "cannot write %s", file);
		return;
	}
	if (st_trial_run(e, &t, &c) < 0)
		return;
	if (st_cap_flows(e, &c, "tcp", &n, &fin) < 0 || n != 1 || fin != 1) {
		st_row(e, ST_FAIL, row, "--flows: %ld TCP records (%ld by fin), want 1", n, fin);
		return;
	}
	if ((n = st_cap_count(e, &c, "tcp.len > 0")) < SIZE / 65536) {
		st_row(e, ST_FAIL, row, "only %ld data segments decoded", n);
		return;
	}
	st_row(e, ST_PASS, row, "receiver's SHA-256 equals the sender's; 1 flow, %ld data segments", n);
}

/* /etc/hosts names one host; resolv.conf points at the responder, which
 * answers the other: both resolve, and pktscope decodes the DNS exchange. */
void st_case_resolve(struct st_env *e)
{
	static const char row[] = "resolve: /etc/hosts + DNS (capture pcap)";
	static const char h1[] = "peer.selftest.pktscope.test", h2[] = "dns.selftest.pktscope.test";
	char hosts[160], resolv[96], err[200], got[64], dfl[96], out[2048];
	const char *client[] = { e->self, "resolve", "-4", h1, h2, NULL };
	struct st_trial t = { row, "resolve", "pcap", "udp port 53", NULL, NULL, client, NULL, NULL, 0 };
	struct st_cap c;
	pid_t dns;
	long n;

	snprintf(hosts, sizeof hosts, "127.0.0.1 localhost\n%s %s\n", e->addr[ST_SERVER], h1);
	snprintf(resolv, sizeof resolv, "nameserver %s\noptions timeout:2 attempts:2\n", e->addr[ST_SERVER]);
	if (st_ns_etc_file(e, "hosts", hosts, err, sizeof err) < 0 ||
	    st_ns_etc_file(e, "resolv.conf", resolv, err, sizeof err) < 0) {
		st_row(e, ST_FAIL, row, "%s", err);
		return;
	}
	if ((dns = st_spawn_fn(e, ST_SERVER, "dns", st_dns_serve, NULL, err, sizeof err)) < 0 ||
	    st_await(e, dns, "dns", ".out", "ready", e->step_ms) < 0) {
		if (dns > 0)
			st_wait(e, dns, 0);
		st_row(e, ST_FAIL, row, "DNS responder did not start");
		return;
	}
	n = st_trial_run(e, &t, &c);
	st_wait(e, dns, 0);
	if (n < 0)
		return;
	st_slurp(e, "resolve-client", ".out", out, sizeof out);
	if (!strstr(out, e->addr[ST_SERVER])) {
		st_row(e, ST_FAIL, row, "resolve did not print %s", e->addr[ST_SERVER]);
		return;
	}
	snprintf(dfl, sizeof dfl, "dns.qry.name == \"%s\" && dns.flags.response == 1", h2);
	if (st_cap_field(e, &c, dfl, "dns.a", got, sizeof got) < 0 || strcmp(got, e->addr[ST_SERVER])) {
		st_row(e, ST_FAIL, row, "no DNS answer for %s decoded (dns.a '%s')", h2, got);
		return;
	}
	snprintf(dfl, sizeof dfl, "dns.qry.name == \"%s\"", h1);
	if ((n = st_cap_count(e, &c, dfl)) != 0) {
		st_row(e, ST_FAIL, row, "%s went to DNS (%ld frames): /etc/hosts not used", h1, n);
		return;
	}
	st_row(e, ST_PASS, row, "%s from hosts; %s: query and answer (dns.a %s) decoded", h1, h2, got);
}
