/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_zstats.h - tshark's -z conv,... and -z endpoints,... tables.
 *
 * TCP/UDP conversations and IP conversations and endpoints are summed from
 * the flow table's conversations as they end (so they cost nothing per
 * packet); Ethernet conversations are counted per packet.  Rows hold no
 * pointer into frames.  Their number is capped (PS_ZSTATS_MAX_ROWS per
 * table); rows beyond the cap are counted in `dropped` and said so.
 */
#ifndef PS_ZSTATS_H
#define PS_ZSTATS_H

#include "ps_flow.h"
#include "ps_out.h"

#define PS_ZSTATS_MAX_ROWS (1u << 22)

enum ps_ztable { PS_Z_CONV_TCP, PS_Z_CONV_UDP, PS_Z_CONV_IP, PS_Z_CONV_IPV6, PS_Z_CONV_ETH,
		 PS_Z_END_IP, PS_Z_END_TCP, PS_Z_END_UDP, PS_Z__COUNT };

struct ps_zrow {
	uint8_t a[16], b[16]; /* A: the source of the conversation's first frame */
	uint16_t pa, pb;
	uint8_t alen;         /* 4, 16 or 6 (MAC) */
	bool has_b;           /* conversations; endpoints have only a */
	uint64_t extra;       /* part of the key: TCP/UDP stream + 1, else 0 */
	uint64_t order;       /* first-seen order: ties print in it */
	uint64_t txf, txb, rxf, rxb; /* A->B (tx) and B->A (rx) frames and frame bytes */
	int64_t first_ns, last_ns;
};

struct ps_ztab {
	struct ps_zrow *rows;
	uint32_t n, cap;
	uint32_t *idx; /* open addressing: row index + 1, 0 empty */
	uint32_t imask;
	uint64_t dropped;
};

struct ps_zstats {
	enum ps_ztable order[8]; /* as given on the command line */
	unsigned n;
	struct ps_ztab t[PS_Z__COUNT];
	bool want[PS_Z__COUNT];
	uint64_t eth_seq;
};

/* Parse the validated -z names; 0 ok, -1 unknown. */
int ps_zstats_init(struct ps_zstats *z, const char *const *names, unsigned n);
void ps_zstats_free(struct ps_zstats *z);
/* A conversation ended: add it to the tables that want it. */
void ps_zstats_flow(struct ps_zstats *z, const struct ps_flow *f);
/* Per packet (Ethernet conversations only). */
void ps_zstats_packet(struct ps_zstats *z, const struct ps_packet *p);
/* Add every row of from's tables to into's (live --workers: each worker's
 * conversations, disjoint in hash mode) into a table that holds only
 * merged rows (every worker's, the first included).  Rows that meet sum;
 * ties then print in the order of their first frame's time (a worker's
 * first-seen order means nothing in another's). */
void ps_zstats_merge(struct ps_zstats *into, const struct ps_zstats *from);
/* Print every table in tshark 4.0's layout (in reverse order of the
 * options, as tshark prints them); start times relative to first_ns. */
void ps_zstats_print(struct ps_zstats *z, struct ps_out *o, int64_t first_ns);

#endif
