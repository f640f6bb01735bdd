/* SPDX-License-Identifier: BSD-2-Clause */
/* workers_batch.h - one batch of the offline worker pipeline (workers.c):
 * up to PS_WBATCH_PKTS frames copied out of the capture, their records and
 * their rendered output.  Each function is one stage's work on a batch the
 * caller owns at that moment; none of them locks anything. */
#ifndef PS_WORKERS_BATCH_H
#define PS_WORKERS_BATCH_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "ps_flow.h"
#include "ps_render.h"
#include "workers.h"

/* 256 frames a batch, a window of N+4 batches for N threads: on 2 free
 * cores (docs/workers.md) 128 gave 10x the context switches (idle threads
 * woken) and 1.75x instead of 2.0x on text; 512 was no faster and needs
 * 38 MiB instead of 25 (a record is ~10 KiB). */
#define PS_WBATCH_PKTS 256
#define PS_WBATCH_ARENA (PS_WBATCH_PKTS * 2048u) /* frame bytes before a batch is cut (one frame may pass it) */
#define PS_WBATCH_OUT (PS_WBATCH_PKTS * 2048u)   /* rendered bytes; a record that does not fit is rendered by the writer */
#define PS_WBATCH_SPARE 4 /* batches in the window beyond one per thread */
#define PS_WBATCH_LENT_KEEP 16384u /* a copied datagram larger than this is freed at the next fill */

struct ps_wbatch {
	int state;     /* workers.c's stage, under its mutex */
	uint64_t seq;  /* batch number, for asserts */
	unsigned n;    /* records */
	unsigned split; /* records [split, n) did not fit `out`: the writer renders them */
	struct ps_packet *pkt;        /* [PS_WBATCH_PKTS] */
	uint32_t *off;                /* each frame's offset in arena */
	int64_t (*tref)[2];           /* -ttt/-ttttt: the first and the previous printed frame's time */
	signed char *verdict;         /* enum ps_workers_verdict of each record */
	uint32_t *rend;               /* end of each record's output in out (render stage) */
	uint32_t *side_end;           /* end of what the in-order stage printed up to each record */
	char *side;                   /* that output (flow records), grown as needed */
	size_t side_len, side_cap;
	bool side_oom;                /* a side write found no memory */
	char (*ids)[PS_FLOW_ID_LEN];  /* Community IDs, copied out of the flow table */
	/* what IP defragmentation lent a record (a completing fragment: the
	 * frame then the datagram's bytes; the frame's own view), copied into
	 * a pool of the batch: entry k < nlent is some record's, the rest are
	 * kept for later fills (byte copies past PS_WBATCH_LENT_KEEP are freed
	 * at the next) */
	unsigned nlent;
	uint8_t **lent_bytes;         /* [PS_WBATCH_PKTS] */
	struct ps_packet **lent_view; /* [PS_WBATCH_PKTS] */
	uint32_t *lent_cap;           /* bytes allocated at lent_bytes[k] */
	uint8_t *arena;
	size_t arena_cap;
	char *outbuf;
	struct ps_out out;            /* memory mode over outbuf */
};

/* The reader's state across batches. */
struct ps_wreader {
	const struct ps_workers_io *io;
	const atomic_bool *stop; /* the calling thread saw *stop: end the input */
	uint64_t frames;     /* taken from the source */
	_Atomic uint64_t *progress; /* NULL, or frames published for other threads */
	int rc;              /* PS_CAP_ERR after a capture error (err says it) */
	char err[PS_ERRBUF];
};

/* The in-order stage's state across batches. */
struct ps_wtrack {
	ps_workers_track_fn fn;
	void *ctx;
	bool have_first;
	int64_t first, prev; /* -ttt/-ttttt references over printed frames, in fraction units */
	uint64_t counted;    /* records counted (verdict >= KEEP) */
	uint64_t count;      /* -c with -Y: stop after this many counted (0: none) */
	bool failed;         /* a record said PS_WORKERS_FAIL */
};

/* 0 ok, -1 out of memory (free what was allocated with ps_wbatch_free). */
int ps_wbatch_init(struct ps_wbatch *b);
void ps_wbatch_free(struct ps_wbatch *b);
/* Reader: copy the next frames into b.  false when the input ended (EOF,
 * -c, *stop, an error in rd->rc); b->n may be 0. */
bool ps_wbatch_fill(struct ps_wbatch *b, struct ps_wreader *rd);
/* Worker: the dissect driver over every record. */
void ps_wbatch_dissect(struct ps_wbatch *b);
/* Calling thread, in order: the stateful stage over every record; false
 * when the run ends in b (t->count reached, a record said END or FAIL):
 * the records after that point are dropped from b. */
bool ps_wbatch_track(struct ps_wbatch *b, struct ps_wtrack *t);
/* Worker: render into b->out (r->out is pointed there); fields: -T fields. */
void ps_wbatch_render(struct ps_wbatch *b, struct ps_renderer *r, const struct ps_dfields *fields);
/* Calling thread, in order: b's output to out, and the records that did not
 * fit rendered straight into it with r (r->out == out).  With sinks
 * (ps_ship_sinks(sh)) every record goes to them instead (and to out with
 * --print), in the same order. */
void ps_wbatch_write(struct ps_wbatch *b, struct ps_renderer *r, const struct ps_dfields *fields,
		     struct ps_out *out, struct ps_ship *sh);

#endif
