/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_probejob.c - the probe view's numbers: a background scan over the
 * store (following a live capture as it grows) feeds every decoded probe
 * stamp to the same statistics engine as `-z probe` and `pktscope-gen
 * recv` (src/probe), at each packet's capture time.  Bounded: at most
 * TUI_PROBE_STREAMS streams, later ones counted as untracked. */
#include <stdlib.h>

#include "ps_probe_z.h"
#include "tui_model.h"

struct tui_pjob {
	pthread_mutex_t lock; /* guards stats against the UI reading it */
	struct ps_probe_stats stats;
	struct tui_scan scan;
	struct ps_packet pkt;
	const char *iface;
};

static int pjob_fn(void *ctx, uint64_t pkt, const struct tui_rec *r, const uint8_t *data)
{
	struct tui_pjob *pj = ctx;

	tui_packet_load(&pj->pkt, pkt, r, data, pj->iface);
	pthread_mutex_lock(&pj->lock);
	(void)ps_probe_feed(&pj->stats, &pj->pkt);
	pthread_mutex_unlock(&pj->lock);
	return 0;
}

/* m->probe_free, called by tui_model_free. */
static void probe_free(struct tui_model *m)
{
	if (!m->pjob)
		return;
	tui_scan_stop(&m->pjob->scan);
	pthread_mutex_destroy(&m->pjob->lock);
	ps_probe_stats_free(&m->pjob->stats);
	free(m->pjob);
	m->pjob = NULL;
}

int tui_model_probe_start(struct tui_model *m)
{
	struct tui_pjob *pj;

	if (m->pjob)
		return 0;
	if (!(pj = calloc(1, sizeof *pj)))
		return -1;
	if (ps_probe_stats_init(&pj->stats, TUI_PROBE_STREAMS) < 0) {
		free(pj);
		return -1;
	}
	pthread_mutex_init(&pj->lock, NULL);
	pj->iface = m->st->live ? m->st->name : NULL;
	pj->scan = (struct tui_scan){.st = m->st, .limit = UINT64_MAX, .fn = pjob_fn, .ctx = pj,
				     .wake = m->wake};
	if (tui_scan_start(&pj->scan)) {
		pthread_mutex_destroy(&pj->lock);
		ps_probe_stats_free(&pj->stats);
		free(pj);
		return -1;
	}
	m->pjob = pj;
	m->probe_free = probe_free;
	return 0;
}

const struct ps_probe_stats *tui_model_probe_lock(struct tui_model *m)
{
	if (!m->pjob)
		return NULL;
	pthread_mutex_lock(&m->pjob->lock);
	return &m->pjob->stats;
}

void tui_model_probe_unlock(struct tui_model *m)
{
	if (m->pjob)
		pthread_mutex_unlock(&m->pjob->lock);
}

unsigned tui_model_probe_progress(const struct tui_model *m)
{
	return m->pjob ? tui_scan_progress(&m->pjob->scan, m->st) : 0;
}
