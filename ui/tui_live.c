/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_live.c - the capture thread and its single-producer single-consumer
 * queue of frames (a byte ring; a frame never wraps, a marker skips the
 * tail instead). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ps_capture.h"
#include "tui_live.h"

#define QCAP (8u << 20)    /* queue bytes: ~80 ms at 100k pps of 1 KiB frames */
#define RING (16u << 20)   /* in-memory ring of the live store */
#define QHDR 24u
#define WRAP UINT32_MAX   /* caplen of the marker that sends the reader to 0 */
#define STATS_NS 500000000ull

struct tui_live {
	struct ps_capture cap;
	struct tui_store *st;
	struct tui_wake *wake;
	uint64_t limit;           /* -c, 0 none */
	pthread_t th;
	bool started;
	_Atomic bool stop, ended;
	char endmsg[PS_ERRBUF + 32]; /* written before `ended` */
	uint8_t *q;
	_Atomic uint64_t head, tail;
	_Atomic uint64_t qdrops, captured, kdrops;
	_Atomic bool has_kdrops;
};

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

static void put_hdr(uint8_t *p, const struct ps_frame *f, uint32_t caplen)
{
	int32_t dir = f->direction;
	memcpy(p, &f->sec, 8);
	memcpy(p + 8, &f->frac, 4);
	memcpy(p + 12, &caplen, 4);
	memcpy(p + 16, &f->len, 4);
	memcpy(p + 20, &dir, 4);
}

static bool push(struct tui_live *lv, const struct ps_frame *f)
{
	uint32_t caplen = f->caplen < QCAP / 4 - QHDR ? f->caplen : QCAP / 4 - QHDR;
	size_t size = QHDR + align8(caplen);
	uint64_t head = atomic_load_explicit(&lv->head, memory_order_relaxed);
	uint64_t tail = atomic_load_explicit(&lv->tail, memory_order_acquire);
	size_t pos = (size_t)(head % QCAP), room = QCAP - pos;
	size_t skip = room < size ? room : 0;
	if (head + skip + size - tail > QCAP)
		return false;
	if (skip) {
		if (room >= QHDR) {
			uint32_t w = WRAP;
			memcpy(lv->q + pos + 12, &w, 4);
		}
		pos = 0;
	}
	put_hdr(lv->q + pos, f, caplen);
	memcpy(lv->q + pos + QHDR, f->data, caplen);
	atomic_store_explicit(&lv->head, head + skip + size, memory_order_release);
	return true;
}

unsigned tui_live_drain(struct tui_live *lv, unsigned max)
{
	uint64_t tail = atomic_load_explicit(&lv->tail, memory_order_relaxed);
	uint64_t head = atomic_load_explicit(&lv->head, memory_order_acquire);
	unsigned n = 0;
	bool ended = atomic_load(&lv->ended); /* read before head is final */
	while (tail < head && n < max) {
		size_t pos = (size_t)(tail % QCAP), room = QCAP - pos;
		uint32_t caplen = 0;
		if (room >= QHDR)
			memcpy(&caplen, lv->q + pos + 12, 4);
		if (room < QHDR || caplen == WRAP) {
			tail += room;
			continue;
		}
		const uint8_t *p = lv->q + pos;
		struct tui_rec r = {.caplen = caplen};
		int32_t dir;
		memcpy(&r.sec, p, 8);
		memcpy(&r.frac, p + 8, 4);
		memcpy(&r.len, p + 16, 4);
		memcpy(&dir, p + 20, 4);
		r.direction = (int8_t)dir;
		tui_store_append(lv->st, &r, p + QHDR);
		tail += QHDR + align8(caplen);
		n++;
	}
	atomic_store_explicit(&lv->tail, tail, memory_order_release);
	if (n)
		tui_store_publish(lv->st);
	if (ended && tail == head && tui_store_state(lv->st) == TUI_ST_LOADING)
		tui_store_finish(lv->st, lv->endmsg);
	return n;
}

static void poll_stats(struct tui_live *lv, unsigned long long *last)
{
	struct ps_capture_stats cs;
	unsigned long long now = tui_now_ns();
	if (now - *last < STATS_NS || !lv->cap.ops->stats)
		return;
	*last = now;
	memset(&cs, 0, sizeof cs);
	if (lv->cap.ops->stats(&lv->cap, &cs) == 0 && cs.has_dropped) {
		atomic_store(&lv->kdrops, cs.dropped + (cs.has_if_dropped ? cs.if_dropped : 0));
		atomic_store(&lv->has_kdrops, true);
	}
}

static void *capture_thread(void *arg)
{
	struct tui_live *lv = arg;
	char err[PS_ERRBUF];
	unsigned long long last = 0;
	struct ps_frame f;
	while (!atomic_load(&lv->stop)) {
		int rc = lv->cap.ops->next(&lv->cap, &f, err);
		if (rc == PS_CAP_FRAME) {
			if (!push(lv, &f))
				atomic_fetch_add(&lv->qdrops, 1);
			uint64_t n = atomic_fetch_add(&lv->captured, 1) + 1;
			tui_wake_signal(lv->wake);
			if (lv->limit && n >= lv->limit) {
				snprintf(lv->endmsg, sizeof lv->endmsg, "capture ended: %llu packets (-c)",
					 (unsigned long long)n);
				break;
			}
		} else if (rc == PS_CAP_EOF) {
			snprintf(lv->endmsg, sizeof lv->endmsg, "capture ended");
			break;
		} else if (rc == PS_CAP_ERR) {
			snprintf(lv->endmsg, sizeof lv->endmsg, "capture error: %s", err);
			break;
		}
		poll_stats(lv, &last);
	}
	last = 0;
	poll_stats(lv, &last);
	atomic_store(&lv->ended, true);
	tui_wake_signal(lv->wake);
	return 0;
}

static int open_capture(struct tui_live *lv, const struct ps_options *o, char *err, size_t errlen)
{
	struct ps_capture_opts co;
	const char *source = ps_options_capture(o, &co);
	char e[PS_ERRBUF] = "";
	int rc = ps_capture_open(&lv->cap, source, &co, e);
	if (rc) {
		snprintf(err, errlen, "%s: %s", rc == PS_CAP_EFILTER ? "filter" : o->iface ? o->iface : source, e);
		return rc == PS_CAP_EFILTER ? PS_EXIT_USAGE : PS_EXIT_RUNTIME;
	}
	return 0;
}

int tui_live_open(struct tui_live **out, const struct ps_options *o, struct tui_wake *wake,
		  char *err, size_t errlen)
{
	struct tui_live *lv = calloc(1, sizeof *lv);
	*out = 0;
	if (!lv || !(lv->q = malloc(QCAP))) {
		snprintf(err, errlen, "out of memory");
		free(lv);
		return PS_EXIT_RUNTIME;
	}
	lv->wake = wake;
	lv->limit = o->count;
	int rc = open_capture(lv, o, err, errlen);
	if (rc) {
		free(lv->q);
		free(lv);
		return rc;
	}
	const char *name = lv->cap.iface ? lv->cap.iface : o->iface ? o->iface : "default";
	int snap = lv->cap.snaplen > 0 ? lv->cap.snaplen : 262144;
	if (tui_store_open_live(&lv->st, name, lv->cap.linktype, (uint32_t)snap, lv->cap.nano, RING,
				err, errlen)) {
		tui_live_close(lv);
		return PS_EXIT_RUNTIME;
	}
	*out = lv;
	return 0;
}

struct tui_store *tui_live_store(struct tui_live *lv)
{
	return lv->st;
}

int tui_live_start(struct tui_live *lv)
{
	int rc = tui_thread_start(&lv->th, capture_thread, lv);
	lv->started = rc == 0;
	return rc;
}

bool tui_live_drops(const struct tui_live *lv, uint64_t *kernel, uint64_t *queue)
{
	struct tui_live *l = (struct tui_live *)lv;
	*kernel = atomic_load(&l->kdrops);
	*queue = atomic_load(&l->qdrops);
	return atomic_load(&l->has_kdrops) || *queue;
}

void tui_live_close(struct tui_live *lv)
{
	if (!lv)
		return;
	if (lv->started) {
		atomic_store(&lv->stop, true);
		pthread_join(lv->th, 0);
	}
	ps_capture_close(&lv->cap);
	tui_store_close(lv->st);
	free(lv->q);
	free(lv);
}
