/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_view_probe.c - the probe screen (P): one row per stamped stream, as
 * `pktscope -z probe` prints it: received, expected, lost, duplicates,
 * reordering, delay (capture time - send time) and RFC 3550 jitter.  Live,
 * it grows with the capture; j/k scroll when the streams do not fit. */
#include <curses.h>
#include <inttypes.h>
#include <stdio.h>

#include "ps_probe_stats.h"
#include "tui_view.h"

static void draw_rows(const struct ps_probe_stats *st, unsigned top, int y, unsigned rows,
		      unsigned w)
{
	for (unsigned i = top; i < st->n && i - top < rows; i++) {
		struct ps_probe_summary s;

		ps_probe_summarise(st->streams[i], &s);
		tui_view_line(y++, w, A_NORMAL,
			      "%10" PRIu32 " %10" PRIu64 " %10" PRIu64 " %8" PRIu64 " %6.2f%% %6" PRIu64
			      " %6" PRIu64 " %10.1f %10.1f %10.1f %10.1f %9.1f",
			      st->streams[i]->id, s.received, s.expected, s.lost,
			      s.expected ? 100.0 * (double)s.lost / (double)s.expected : 0.0,
			      s.duplicates, s.reordered, (double)s.delay_min_ns / 1e3,
			      (double)s.delay_avg_ns / 1e3, (double)s.delay_max_ns / 1e3,
			      (double)s.p99_ns / 1e3, s.jitter_ns / 1e3);
	}
}

void tui_view_probe(struct tui_model *m, const struct tui_theme *th)
{
	const struct tui_layout *l = &m->lay;
	const struct ps_probe_stats *st;
	unsigned rows = l->h > 4 ? l->h - 4 : 1;
	char b[1024];

	erase();
	if (!(st = tui_model_probe_lock(m))) {
		tui_view_line(0, l->w, th->header, " Probe streams: not available");
		return;
	}
	if (m->probe_top + rows > st->n)
		m->probe_top = st->n > rows ? (unsigned)st->n - rows : 0;
	tui_view_line(0, l->w, th->header,
		      " Probe streams: %zu%s, %" PRIu64 " untracked; delay = capture - send time,"
		      " us%s   (P or q: back)", st->n, st->n == TUI_PROBE_STREAMS ? " (full)" : "",
		      st->packets_untracked, tui_model_probe_progress(m) < 1000 ? ", counting..." : "");
	tui_view_line(1, l->w, th->title, "%10s %10s %10s %8s %7s %6s %6s %10s %10s %10s %10s %9s",
		      "stream", "received", "expected", "lost", "loss", "dup", "reord", "delay_min",
		      "delay_avg", "delay_max", "p99", "jitter");
	if (!st->n)
		tui_view_line(2, l->w, A_NORMAL, "  no probe stamps yet (pktscope-gen udp-send --stamp, "
			      "load --stamp)");
	draw_rows(st, m->probe_top, 2, rows, l->w);
	if (st->n > m->probe_top + rows)
		tui_view_line((int)l->h - 2, l->w, A_NORMAL, "  ... %zu more (j/k scroll)",
			      st->n - m->probe_top - rows);
	tui_model_probe_unlock(m);
	tui_status_text(m, b, sizeof b);
	tui_view_line((int)l->status_y, l->w, th->status, "%s", b);
}
