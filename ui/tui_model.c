/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_model.c - display list, selection, scrolling, follow, pause, filter. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui_filter.h"
#include "tui_model.h"

struct tui_fjob {
	struct tui_filter *f;
	struct tui_vec list; /* packet numbers that pass, 4 bytes each */
	struct tui_scan scan;
};

int tui_model_init(struct tui_model *m, struct tui_store *st, struct tui_wake *wake)
{
	memset(m, 0, sizeof *m);
	m->st = st;
	m->wake = wake;
	m->sel_pkt = TUI_NONE;
	ps_flow_cfg_defaults(&m->flow_cfg);
	m->stage = (struct tui_stage_cfg){.flow = &m->flow_cfg, .defrag = true};
	m->frame = malloc(TUI_FRAME_MAX);
	m->rowbuf = malloc(TUI_FRAME_MAX);
	m->pkt = calloc(1, sizeof *m->pkt);
	m->rowpkt = calloc(1, sizeof *m->rowpkt);
	m->tree = malloc(sizeof *m->tree);
	m->rows = malloc(TUI_ROWCACHE * sizeof *m->rows);
	if (!m->frame || !m->rowbuf || !m->pkt || !m->rowpkt || !m->tree || !m->rows) {
		tui_model_free(m);
		return -1;
	}
	tui_tree_init(m->tree);
	for (unsigned i = 0; i < TUI_ROWCACHE; i++)
		m->rows[i].pkt = TUI_NONE;
	tui_model_resize(m, TUI_MIN_H, TUI_MIN_W);
	return 0;
}

static void fjob_free(struct tui_fjob *fj)
{
	if (!fj)
		return;
	tui_scan_stop(&fj->scan);
	tui_filter_free(fj->f);
	tui_vec_free(&fj->list);
	free(fj);
}

void tui_model_free(struct tui_model *m)
{
	if (m->jobs_free)
		m->jobs_free(m);
	if (m->flows_free)
		m->flows_free(m);
	if (m->probe_free)
		m->probe_free(m);
	fjob_free(m->fjob);
	m->fjob = 0;
	if (m->replay)
		tui_replay_free(m->replay);
	free(m->replay);
	m->replay = 0;
	free(m->frame);
	free(m->rowbuf);
	free(m->pkt);
	free(m->rowpkt);
	free(m->tree);
	free(m->rows);
	m->frame = m->rowbuf = 0;
	m->pkt = m->rowpkt = 0;
	m->tree = 0;
	m->rows = 0;
}

void tui_layout_compute(struct tui_layout *l, unsigned h, unsigned w)
{
	memset(l, 0, sizeof *l);
	l->h = h;
	l->w = w;
	l->too_small = h < TUI_MIN_H || w < TUI_MIN_W;
	if (l->too_small)
		return;
	unsigned avail = h - 4; /* status bar, list header, two pane titles */
	l->list_h = avail * 2 / 5;
	l->tree_h = (avail - l->list_h) / 2;
	l->hex_h = avail - l->list_h - l->tree_h;
	l->list_y = 1;
	l->tree_y = l->list_y + l->list_h + 1;
	l->hex_y = l->tree_y + l->tree_h + 1;
	l->status_y = h - 1;
	l->w_no = 7;
	l->w_time = 11;
	l->w_addr = w >= 160 ? 39 : w >= 120 ? 25 : 15;
	l->w_proto = 6;
	l->w_len = 5;
}

void tui_layout_fit(struct tui_layout *l, unsigned addr)
{
	if (l->too_small || addr == 0)
		return;
	/* Source/Destination as wide as the widest address drawn so far (it
	 * only grows, so columns do not jump while scrolling), at least 15
	 * (an IPv4 address), and never so wide that Info gets less than a
	 * third of the line: the rest is Info's */
	unsigned fixed = l->w_no + l->w_time + l->w_proto + l->w_len + 6;
	unsigned cap = l->w > fixed + l->w / 3 ? (l->w - fixed - l->w / 3) / 2 : 0;
	if (cap > 39)
		cap = 39; /* the longest IPv6 address */
	if (addr > cap)
		addr = cap;
	l->w_addr = addr < 15 ? 15 : addr;
}

/* Keep sel inside the list and on screen. */
static void clamp(struct tui_model *m)
{
	uint64_t rows = m->lay.list_h ? m->lay.list_h : 1;
	if (!m->shown) {
		m->sel = m->top = 0;
		return;
	}
	if (m->sel >= m->shown)
		m->sel = m->shown - 1;
	if (m->top > m->sel)
		m->top = m->sel;
	if (m->sel >= m->top + rows)
		m->top = m->sel - rows + 1;
	uint64_t max_top = m->shown > rows ? m->shown - rows : 0;
	if (m->top > max_top)
		m->top = max_top;
}

void tui_model_resize(struct tui_model *m, unsigned h, unsigned w)
{
	tui_layout_compute(&m->lay, h, w);
	clamp(m);
	tui_tree_move(m->tree, 0, m->lay.tree_h); /* keep the tree cursor on screen */
	uint32_t lines = (m->sel_ok ? m->sel_rec.caplen + 15 : 0) / 16;
	if (m->hex_top + m->lay.hex_h > lines)
		m->hex_top = lines > m->lay.hex_h ? lines - m->lay.hex_h : 0;
}

static void load_t0(struct tui_model *m)
{
	struct tui_rec r;
	if (tui_store_read(m->st, 0, &r, m->rowbuf, 0))
		return;
	m->t0_ok = true;
	m->t0_sec = r.sec;
	m->t0_ns = r.nano ? r.frac : r.frac * 1000u;
}

static bool refresh(struct tui_model *m)
{
	uint64_t total = tui_store_count(m->st);
	/* before the count: a finished scan has published its last batch (live,
	 * the scan never finishes: its count follows the capture) */
	bool final = !m->fjob || m->st->live || tui_scan_finished(&m->fjob->scan);
	uint64_t shown = m->fjob ? tui_vec_count(&m->fjob->list) : total;
	bool ch = total != m->total || shown != m->shown || final != m->shown_final;
	m->shown_final = final;
	m->total = total;
	m->shown = shown;
	if (!m->t0_ok && total)
		load_t0(m);
	return ch;
}

bool tui_model_tick(struct tui_model *m)
{
	bool ch = !m->paused && refresh(m);
	if (m->follow && m->shown && m->sel != m->shown - 1) {
		m->sel = m->shown - 1;
		ch = true;
	}
	clamp(m);
	return ch;
}

uint64_t tui_model_pkt_at(const struct tui_model *m, uint64_t r)
{
	return m->fjob ? tui_vec_get(&m->fjob->list, r) : r;
}

void tui_model_move(struct tui_model *m, int64_t delta)
{
	if (!m->shown)
		return;
	if (delta < 0) {
		m->follow = false; /* looking back: stop chasing the newest packet */
		m->sel = (uint64_t)-delta > m->sel ? 0 : m->sel - (uint64_t)-delta;
	} else {
		m->sel = (uint64_t)delta >= m->shown - m->sel ? m->shown - 1 : m->sel + (uint64_t)delta;
	}
	clamp(m);
}

void tui_model_jump(struct tui_model *m, uint64_t row)
{
	if (row != TUI_NONE && row + 1 < m->shown)
		m->follow = false;
	m->sel = row == TUI_NONE ? (m->shown ? m->shown - 1 : 0) : row;
	clamp(m);
}

void tui_model_page(struct tui_model *m, int dir)
{
	int64_t page = m->lay.list_h ? (int64_t)m->lay.list_h : 1;
	if (dir < 0)
		m->top = m->top > (uint64_t)page ? m->top - (uint64_t)page : 0;
	else
		m->top += (uint64_t)page;
	tui_model_move(m, dir < 0 ? -page : page);
}

void tui_model_set_follow(struct tui_model *m, bool on)
{
	m->follow = on;
	tui_model_tick(m);
}

void tui_model_set_pause(struct tui_model *m, bool on)
{
	m->paused = on;
	tui_model_tick(m);
}

static int fjob_fn(void *ctx, uint64_t pkt, const struct tui_rec *r, const uint8_t *data)
{
	struct tui_fjob *fj = ctx;
	if (tui_filter_match(fj->f, pkt, r, data))
		return tui_vec_push(&fj->list, pkt);
	return 0;
}

static void fjob_batch(void *ctx)
{
	struct tui_fjob *fj = ctx;
	tui_vec_publish(&fj->list);
}

static int first_linktype(const struct tui_store *st)
{
	return st->dlt;
}

int tui_model_check_filter(const struct tui_model *m, const char *expr, char *err, size_t errlen)
{
	struct tui_filter *f = 0;
	while (*expr == ' ')
		expr++;
	if (!*expr)
		return 0; /* clears the filter */
	int rc = tui_filter_new(&f, expr, first_linktype(m->st), err, errlen);
	if (!rc && tui_filter_warning(f, err, errlen))
		rc = 1;
	tui_filter_free(f);
	return rc;
}

const char *tui_model_filter_undecoded(const struct tui_model *m)
{
	return m->fjob ? tui_filter_undecoded(m->fjob->f) : 0;
}

int tui_model_set_filter(struct tui_model *m, const char *expr, char *err, size_t errlen)
{
	struct tui_fjob *fj = 0;
	while (*expr == ' ')
		expr++;
	if (tui_model_saving(m)) { /* the save job reads the current list */
		snprintf(err, errlen, "a save is running; set the filter when it is done");
		return -1;
	}
	if (*expr) {
		fj = calloc(1, sizeof *fj);
		if (!fj || tui_vec_init(&fj->list, 4)) {
			snprintf(err, errlen, "out of memory");
			free(fj);
			return -1;
		}
		if (tui_filter_new(&fj->f, expr, first_linktype(m->st), err, errlen) ||
		    tui_filter_start(fj->f, &m->stage, m->st->live ? m->st->name : 0, err, errlen)) {
			fjob_free(fj);
			return -1;
		}
		fj->scan = (struct tui_scan){.st = m->st, .limit = UINT64_MAX, .fn = fjob_fn,
					     .batch = fjob_batch, .ctx = fj, .wake = m->wake};
		if (tui_scan_start(&fj->scan)) {
			snprintf(err, errlen, "cannot start the filter thread");
			fjob_free(fj);
			return -1;
		}
	}
	fjob_free(m->fjob);
	m->fjob = fj;
	m->sel = m->top = 0;
	refresh(m); /* even while paused: the list itself changed */
	tui_model_tick(m);
	return 0;
}

bool tui_model_saving(const struct tui_model *m)
{
	return m->wjob != 0;
}

const struct tui_vec *tui_model_list(const struct tui_model *m)
{
	return m->fjob ? &m->fjob->list : 0;
}

const char *tui_model_filter(const struct tui_model *m)
{
	return m->fjob ? tui_filter_expr(m->fjob->f) : "";
}

unsigned tui_model_filter_progress(const struct tui_model *m)
{
	return m->fjob ? tui_scan_progress(&m->fjob->scan, m->st) : 1000;
}

void tui_model_msg(struct tui_model *m, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m->msg, sizeof m->msg, fmt, ap);
	va_end(ap);
}

void tui_model_rates(struct tui_model *m, unsigned long long now_ns, uint64_t wire_bytes)
{
	if (!m->rate_t) {
		m->rate_t = now_ns;
		m->rate_n = m->total;
		m->rate_bytes = wire_bytes;
		return;
	}
	unsigned long long dt = now_ns - m->rate_t;
	if (dt < 1000000000ull)
		return;
	uint64_t total = tui_store_count(m->st);
	m->pps = (double)(total - m->rate_n) * 1e9 / (double)dt;
	m->bps = (double)(wire_bytes - m->rate_bytes) * 1e9 / (double)dt;
	m->rate_t = now_ns;
	m->rate_n = total;
	m->rate_bytes = wire_bytes;
	m->rss = tui_rss_bytes();
}

size_t tui_rss_bytes(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	unsigned long size = 0, res = 0;
	if (!f)
		return 0;
	int n = fscanf(f, "%lu %lu", &size, &res);
	fclose(f);
	return n == 2 ? (size_t)res * (size_t)sysconf(_SC_PAGESIZE) : 0;
}
