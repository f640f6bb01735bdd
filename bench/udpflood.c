/* SPDX-License-Identifier: BSD-2-Clause */
/* udpflood.c - paced UDP sender for the live-capture tests and benchmark
 * (send only to a namespace or loopback address you own).
 *
 * usage: udpflood DST_IP PORT PPS SECONDS [PAYLOAD_BYTES [MAX_PACKETS]]
 *   PPS 0 = as fast as possible; PAYLOAD 18 (default) makes 60-byte
 *   Ethernet frames; MAX_PACKETS 0 = no limit.
 * Sends sendmmsg batches paced against CLOCK_MONOTONIC, never ahead of
 * schedule; prints "sent N in T s = R pps" on stdout.
 * Adapted from ../shared/bench/udpflood.c. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* sendmmsg */
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 32
#define MAXPAYLOAD 1472

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* How many to send now so as not to get ahead of pps (0 = wait). */
static int due(double t0, double t, double pps, unsigned long long sent)
{
	double allowed;

	if (pps <= 0)
		return BATCH;
	allowed = (t - t0) * pps - (double)sent + 1;
	if (allowed < 1) {
		double wait = t0 + (double)sent / pps - t;

		if (wait > 50e-6) {
			struct timespec ts = {0, (long)(wait * 1e9)};

			nanosleep(&ts, NULL);
		}
		return 0;
	}
	return allowed < BATCH ? (int)allowed : BATCH;
}

int main(int argc, char **argv)
{
	static char buf[BATCH][MAXPAYLOAD];
	struct sockaddr_in dst = {.sin_family = AF_INET};
	struct iovec iov[BATCH];
	struct mmsghdr msg[BATCH];
	unsigned long long sent = 0, seq = 0, max;
	double pps, secs, t0, t, el;
	int s, i, plen;

	if (argc < 5) {
		fprintf(stderr, "usage: %s DST_IP PORT PPS SECONDS [PAYLOAD [MAX_PACKETS]]\n", argv[0]);
		return 2;
	}
	dst.sin_port = htons((unsigned short)atoi(argv[2]));
	if (inet_pton(AF_INET, argv[1], &dst.sin_addr) != 1) {
		fprintf(stderr, "udpflood: %s: not an IPv4 address\n", argv[1]);
		return 2;
	}
	pps = atof(argv[3]);
	secs = atof(argv[4]);
	plen = argc > 5 ? atoi(argv[5]) : 18;
	max = argc > 6 ? strtoull(argv[6], NULL, 10) : 0;
	if (plen < 8 || plen > MAXPAYLOAD) {
		fprintf(stderr, "udpflood: payload must be 8..%d bytes\n", MAXPAYLOAD);
		return 2;
	}
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&dst, sizeof dst) < 0) {
		perror("udpflood: socket/connect");
		return 1;
	}
	memset(msg, 0, sizeof msg);
	for (i = 0; i < BATCH; i++) {
		memset(buf[i], 'a' + i % 26, sizeof buf[i]);
		iov[i].iov_base = buf[i];
		iov[i].iov_len = (size_t)plen;
		msg[i].msg_hdr.msg_iov = &iov[i];
		msg[i].msg_hdr.msg_iovlen = 1;
	}
	t0 = now();
	while ((t = now()) < t0 + secs && (max == 0 || sent < max)) {
		int n = due(t0, t, pps, sent), r;

		if (n == 0)
			continue;
		if (max != 0 && sent + (unsigned long long)n > max)
			n = (int)(max - sent);
		for (i = 0; i < n; i++) {
			seq++;
			memcpy(buf[i], &seq, sizeof seq); /* a sequence number in each payload */
		}
		r = sendmmsg(s, msg, (unsigned)n, 0);
		if (r > 0)
			sent += (unsigned long long)r;
		else if (errno != ECONNREFUSED && errno != ENOBUFS && errno != EAGAIN) {
			perror("udpflood: sendmmsg");
			break;
		}
	}
	el = now() - t0;
	printf("sent %llu in %.3f s = %.0f pps\n", sent, el, (double)sent / el);
	close(s);
	return 0;
}
