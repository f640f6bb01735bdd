/* SPDX-License-Identifier: BSD-2-Clause */
/* pktscope-gen selftest: a minimal DNS responder (RFC 1035) for the resolve
 * check. It runs in a forked child inside the server namespace, answers
 * every A query with one fixed address and anything else with no answer,
 * and stops after a bounded number of queries or when killed. It exists so
 * that the resolver's real queries and a real answer cross the veth. */
#include "gen_selftest.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define ST_DNS_MAX_QUERIES 64
#define ST_DNS_HDR 12

/* End of the question (name, type, class) starting at off, or 0. */
static size_t st_dns_question_end(const uint8_t *m, size_t n, size_t off)
{
	while (off < n && m[off] != 0) {
		if (m[off] & 0xc0) /* a query's name is never compressed */
			return 0;
		off += 1u + m[off];
	}
	return off + 5 <= n ? off + 5 : 0;
}

/* Builds the answer to query q (n bytes) into r (cap bytes); its length or 0. */
static size_t st_dns_answer(const uint8_t *q, size_t n, const struct in_addr *a, uint8_t *r, size_t cap)
{
	static const uint8_t rr[] = { 0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4 };
	size_t end = n >= ST_DNS_HDR && q[5] == 1 ? st_dns_question_end(q, n, ST_DNS_HDR) : 0;
	int is_a;

	if (!end || end + sizeof rr + 4 > cap)
		return 0;
	is_a = q[end - 4] == 0 && q[end - 3] == 1;
	memcpy(r, q, end);
	r[2] = 0x81; /* QR, opcode 0, RD copied as set by stub resolvers */
	r[3] = 0x80; /* RA, rcode 0 */
	memset(r + 6, 0, 6);
	r[7] = (uint8_t)is_a;
	if (!is_a)
		return end;
	memcpy(r + end, rr, sizeof rr);
	memcpy(r + end + sizeof rr, &a->s_addr, 4);
	return end + sizeof rr + 4;
}

int st_dns_serve(struct st_env *e, void *arg)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(53) };
	uint8_t q[512], r[600];
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	(void)arg;
	if (fd < 0 || inet_pton(AF_INET, e->addr[ST_SERVER], &sin.sin_addr) != 1 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof sin) < 0) {
		perror("dns responder: bind");
		return 1;
	}
	printf("dns: ready on %s:53\n", e->addr[ST_SERVER]);
	fflush(stdout);
	for (int i = 0; i < ST_DNS_MAX_QUERIES; i++) {
		struct sockaddr_storage peer;
		socklen_t plen = sizeof peer;
		ssize_t k = recvfrom(fd, q, sizeof q, 0, (struct sockaddr *)&peer, &plen);
		size_t m;

		if (k < 0)
			break;
		if ((m = st_dns_answer(q, (size_t)k, &sin.sin_addr, r, sizeof r)) > 0)
			sendto(fd, r, m, 0, (struct sockaddr *)&peer, plen);
	}
	close(fd);
	return 0;
}
