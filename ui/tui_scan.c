/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_scan.c - the background pass over the store (see tui_scan.h). */
#include "tui_scan.h"

#define BATCH 4096u
#define IDLE_MS 5u /* waiting for the store to grow */

/* How many entries exist now, and whether that is final. */
static uint64_t available(const struct tui_scan *s, bool *final)
{
	if (s->limit != UINT64_MAX) {
		*final = true;
		return s->limit;
	}
	/* read the state first: if it was complete, the count read after is final */
	*final = tui_store_state(s->st) != TUI_ST_LOADING;
	return s->list ? tui_vec_count(s->list) : tui_store_count(s->st);
}

static int run_batch(struct tui_scan *s, struct tui_seq *q, uint64_t i, uint64_t end)
{
	for (; i < end; i++) {
		uint64_t pkt = s->list ? tui_vec_get(s->list, i) : i;
		struct tui_rec r;
		const uint8_t *data;
		if (tui_store_seq(s->st, q, pkt, &r, &data))
			continue; /* unreadable (I/O error): the row says so too */
		if (s->fn(s->ctx, pkt, &r, data) < 0)
			return -1;
	}
	return 0;
}

static void *scan_thread(void *arg)
{
	struct tui_scan *s = arg;
	struct tui_seq q;
	uint64_t i = 0;
	if (tui_seq_init(&q)) {
		atomic_store(&s->failed, true);
		goto out;
	}
	while (!atomic_load(&s->cancel)) {
		bool final;
		uint64_t n = available(s, &final);
		if (i >= n) {
			if (final)
				break;
			tui_sleep_ms(IDLE_MS);
			continue;
		}
		uint64_t end = n - i > BATCH ? i + BATCH : n;
		if (run_batch(s, &q, i, end)) {
			atomic_store(&s->failed, true);
			break;
		}
		i = end;
		atomic_store(&s->pos, i);
		if (s->batch)
			s->batch(s->ctx);
		tui_wake_signal(s->wake);
	}
	tui_seq_free(&q);
out:
	if (s->batch)
		s->batch(s->ctx);
	atomic_store(&s->finished, true);
	tui_wake_signal(s->wake);
	return 0;
}

int tui_scan_start(struct tui_scan *s)
{
	atomic_init(&s->cancel, false);
	atomic_init(&s->finished, false);
	atomic_init(&s->failed, false);
	atomic_init(&s->pos, 0);
	int rc = tui_thread_start(&s->th, scan_thread, s);
	s->started = rc == 0;
	return rc;
}

void tui_scan_stop(struct tui_scan *s)
{
	if (!s->started)
		return;
	atomic_store(&s->cancel, true);
	pthread_join(s->th, 0);
	s->started = false;
}

unsigned tui_scan_progress(const struct tui_scan *s, const struct tui_store *st)
{
	if (tui_scan_finished(s))
		return 1000;
	uint64_t total = tui_store_count(st);
	if (st->live || !total)
		return 1000;
	unsigned p = (unsigned)(tui_scan_pos(s) * 1000 / total) * tui_store_progress(st) / 1000;
	return p < 1000 ? p : 999;
}
