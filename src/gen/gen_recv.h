/* SPDX-License-Identifier: BSD-2-Clause */
/* pktscope-gen recv: receives probe stamps (docs/probe-format.md) over UDP
 * or TCP and reports per stream what src/probe/ps_probe_stats.h computes. */
#ifndef PS_GEN_RECV_H
#define PS_GEN_RECV_H

#include <stdint.h>
#include <stdio.h>

#include "ps_probe_stats.h"
#include "ps_stamp.h"

#define GEN_RECV_MAX_CONNS 256 /* TCP senders at once; more are closed, counted refused */

struct gen_recv_opts {
	const char *listen;
	int tcp, json;
	long long interval_ms, duration_ms; /* 0 = none */
	unsigned long long count;           /* stop after N stamps; 0 = never */
	unsigned long long max_streams;
};

/* One TCP sender: a byte stream of stamped messages, framed by their
 * message length. */
struct gen_recv_conn {
	int fd;
	unsigned char hdr[PS_STAMP_LEN];
	uint32_t have;  /* header bytes read */
	uint64_t skip;  /* padding bytes still to read */
};

struct gen_recv {
	const struct gen_recv_opts *o;
	struct ps_probe_stats st;
	uint64_t stamps, foreign, bad, refused, bytes;
	long long t0_ms;
	int interrupted;
	struct gen_recv_conn conns[GEN_RECV_MAX_CONNS];
	char where[80];
};

/* One report of every stream: text or one JSON line (final = summary). */
void gen_recv_report(FILE *fp, const struct gen_recv *r, int final);

#endif
