/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_jobs.c - background jobs of the model: statistics and saving the
 * displayed packets.  Each is a tui_scan with its own callback. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui_model.h"
#include "writer.h"

static void jobs_free(struct tui_model *m);

struct tui_sjob {
	pthread_mutex_t lock; /* guards stats against the UI reading it */
	struct tui_stats stats;
	struct tui_scan scan;
	struct ps_packet pkt;
	const char *iface;
};

struct tui_wjob {
	struct ps_writer *w;
	struct tui_scan scan;
	int linktype;
	bool nano;
	uint64_t written, skipped;
	char path[256];
	char err[PS_ERRBUF];
};

static int sjob_fn(void *ctx, uint64_t pkt, const struct tui_rec *r, const uint8_t *data)
{
	struct tui_sjob *sj = ctx;
	tui_packet_load(&sj->pkt, pkt, r, data, sj->iface);
	pthread_mutex_lock(&sj->lock);
	tui_stats_add(&sj->stats, &sj->pkt);
	pthread_mutex_unlock(&sj->lock);
	return 0;
}

int tui_model_stats_start(struct tui_model *m)
{
	if (m->sjob)
		return 0;
	struct tui_sjob *sj = calloc(1, sizeof *sj);
	if (!sj || tui_stats_init(&sj->stats)) {
		free(sj);
		return -1;
	}
	pthread_mutex_init(&sj->lock, 0);
	sj->iface = m->st->live ? m->st->name : 0;
	sj->scan = (struct tui_scan){.st = m->st, .limit = UINT64_MAX, .fn = sjob_fn, .ctx = sj,
				     .wake = m->wake};
	if (tui_scan_start(&sj->scan)) {
		pthread_mutex_destroy(&sj->lock);
		tui_stats_free(&sj->stats);
		free(sj);
		return -1;
	}
	m->sjob = sj;
	m->jobs_free = jobs_free;
	return 0;
}

const struct tui_stats *tui_model_stats_lock(struct tui_model *m)
{
	if (!m->sjob)
		return 0;
	pthread_mutex_lock(&m->sjob->lock);
	return &m->sjob->stats;
}

void tui_model_stats_unlock(struct tui_model *m)
{
	if (m->sjob)
		pthread_mutex_unlock(&m->sjob->lock);
}

unsigned tui_model_stats_progress(const struct tui_model *m)
{
	return m->sjob ? tui_scan_progress(&m->sjob->scan, m->st) : 0;
}

static int wjob_fn(void *ctx, uint64_t pkt, const struct tui_rec *r, const uint8_t *data)
{
	struct tui_wjob *wj = ctx;
	(void)pkt;
	if (r->linktype != wj->linktype) { /* a pcap file has one link type */
		wj->skipped++;
		return 0;
	}
	uint32_t frac = r->frac;
	if (wj->nano && !r->nano)
		frac *= 1000u;
	else if (!wj->nano && r->nano)
		frac /= 1000u;
	struct ps_frame f = {.data = data, .caplen = r->caplen, .len = r->len, .sec = r->sec,
			     .frac = frac, .direction = -1};
	if (ps_writer_write(wj->w, &f, wj->err))
		return -1;
	wj->written++;
	return 0;
}

static void wjob_free(struct tui_wjob *wj)
{
	if (!wj)
		return;
	tui_scan_stop(&wj->scan);
	if (wj->w)
		ps_writer_close(wj->w, wj->err);
	free(wj);
}

static int wjob_open(struct tui_wjob *wj, const struct tui_rec *first, const char *path,
		     bool overwrite, char *err, size_t errlen)
{
	struct ps_writer_opts wo = {.path = path, .linktype = first->linktype, .snaplen = 262144,
				    .nano = first->nano, .no_clobber = !overwrite,
				    .owner_uid = (uid_t)-1, .owner_gid = (gid_t)-1};
	wj->linktype = first->linktype;
	wj->nano = first->nano;
	snprintf(wj->path, sizeof wj->path, "%s", path);
	int rc = ps_writer_open(&wj->w, &wo, wj->err);
	if (rc) {
		snprintf(err, errlen, "%s", wj->err);
		wj->w = 0;
		return rc == PS_WRITER_EXISTS ? 1 : -1;
	}
	return 0;
}

int tui_model_save(struct tui_model *m, const char *path, bool overwrite, char *err,
		   size_t errlen)
{
	struct tui_rec first;
	uint8_t b[1];
	if (m->wjob) {
		snprintf(err, errlen, "a save is already running");
		return -1;
	}
	if (!*path || !strcmp(path, "-")) {
		snprintf(err, errlen, "give a file name");
		return -1;
	}
	if (!m->shown || tui_store_read(m->st, tui_model_pkt_at(m, 0), &first, b, 0)) {
		snprintf(err, errlen, "no packets to save");
		return -1;
	}
	struct tui_wjob *wj = calloc(1, sizeof *wj);
	int orc = wj ? wjob_open(wj, &first, path, overwrite, err, errlen) : -1;
	if (orc) {
		if (!wj)
			snprintf(err, errlen, "out of memory");
		wjob_free(wj);
		return orc;
	}
	wj->scan = (struct tui_scan){.st = m->st, .list = m->fjob ? tui_model_list(m) : 0,
				     .limit = m->shown, .fn = wjob_fn, .ctx = wj, .wake = m->wake};
	if (tui_scan_start(&wj->scan)) {
		snprintf(err, errlen, "cannot start the save thread");
		wjob_free(wj);
		return -1;
	}
	m->wjob = wj;
	m->jobs_free = jobs_free;
	return 0;
}

const char *tui_model_save_status(struct tui_model *m, char *buf, size_t n)
{
	struct tui_wjob *wj = m->wjob;
	if (!wj)
		return 0;
	if (!tui_scan_finished(&wj->scan)) {
		snprintf(buf, n, "saving %s: %llu%%", wj->path,
			 (unsigned long long)(tui_scan_pos(&wj->scan) * 100 /
					      (wj->scan.limit ? wj->scan.limit : 1)));
		return buf;
	}
	bool failed = atomic_load(&wj->scan.failed);
	tui_scan_stop(&wj->scan);
	int rc = ps_writer_close(wj->w, wj->err);
	wj->w = 0;
	if (failed || rc)
		tui_model_msg(m, "save failed: %s", wj->err);
	else if (wj->skipped)
		tui_model_msg(m, "saved %llu packets to %s (%llu of another link type left out)",
			      (unsigned long long)wj->written, wj->path,
			      (unsigned long long)wj->skipped);
	else
		tui_model_msg(m, "saved %llu packets to %s", (unsigned long long)wj->written,
			      wj->path);
	wjob_free(wj);
	m->wjob = 0;
	return 0;
}

/* Stop and free the statistics and save jobs: m->jobs_free, called by
 * tui_model_free. */
static void jobs_free(struct tui_model *m)
{
	if (m->sjob) {
		tui_scan_stop(&m->sjob->scan);
		pthread_mutex_destroy(&m->sjob->lock);
		tui_stats_free(&m->sjob->stats);
		free(m->sjob);
		m->sjob = 0;
	}
	wjob_free(m->wjob);
	m->wjob = 0;
}
