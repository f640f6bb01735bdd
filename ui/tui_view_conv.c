/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_view_conv.c - the conversations screen (one line per conversation of
 * the flow table, in the model's sort order, the selection highlighted) and
 * the follow-stream screen (orig lines red, resp lines blue/cyan). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "tui_view.h"

static void put(int y, unsigned w, unsigned attr, const char *s)
{
	attrset((int)attr);
	mvprintw(y, 0, "%-*.*s", (int)w, (int)w, s);
	attrset(A_NORMAL);
}

void tui_view_conv(struct tui_model *m, const struct tui_theme *th)
{
	static const char *const by[TUI_CS__N] = {"packets", "bytes", "duration"};
	unsigned w = m->lay.w, h = m->lay.h;
	char b[512];
	erase();
	const struct tui_convs *c = tui_model_convs_lock(m);
	if (!c) {
		put(0, w, th->title, "Conversations: flow tracking is off (--no-flows)");
		tui_model_convs_unlock(m);
		return;
	}
	unsigned prog = tui_model_flows_progress(m);
	char scan[32] = "";
	if (prog < 1000)
		snprintf(scan, sizeof scan, " (reading %u%%)", prog / 10);
	char unkept[128] = ""; /* the tree cannot show these packets' tcp.analysis */
	int k = 0;
	if (c->anl_unkept)
		k = snprintf(unkept, sizeof unkept, " (tcp.analysis of %llu not kept)",
			     (unsigned long long)c->anl_unkept);
	if (c->cols_unkept && k >= 0 && (size_t)k < sizeof unkept) /* the list shows their frames */
		snprintf(unkept + k, sizeof unkept - (size_t)k, " (columns of %llu not kept)",
			 (unsigned long long)c->cols_unkept);
	snprintf(b, sizeof b,
		 "Conversations: %u%s%s%s, by %s (1 packets, 2 bytes, 3 duration; Enter filters; q back)",
		 c->n, c->other ? "+ (list full)" : "", scan, unkept, by[m->conv_sort]);
	put(0, w, th->title, b);
	tui_conv_header(b, sizeof b);
	put(1, w, th->header, b);
	unsigned *order = c->n ? malloc(c->n * sizeof *order) : 0;
	if (order) {
		tui_convs_sorted(c, m->conv_sort, order);
		unsigned rows = h > 3 ? h - 3 : 1;
		for (unsigned i = m->conv_top; i < c->n && i < m->conv_top + rows; i++) {
			tui_conv_line(&c->rows[order[i]], b, sizeof b);
			put((int)(2 + i - m->conv_top), w, i == m->conv_sel ? th->sel : A_NORMAL, b);
		}
	}
	free(order);
	tui_model_convs_unlock(m);
	char st[512];
	tui_status_text(m, st, sizeof st);
	put((int)h - 1, w, th->status, st);
}

void tui_view_follow(const struct tui_model *m, const struct tui_theme *th)
{
	const struct tui_follow *f = m->fol;
	unsigned w = m->lay.w, h = m->lay.h;
	char a[64], b[64], t[1024];
	erase();
	tui_conv_endpoint(&f->conv, false, a, sizeof a);
	tui_conv_endpoint(&f->conv, true, b, sizeof b);
	snprintf(t, sizeof t, "Follow %s stream %llu: > %s -> %s, < back (%s; x ascii/hex; q back)",
		 tui_conv_kind_name(f->conv.kind), (unsigned long long)f->conv.stream, a, b,
		 f->hex ? "hex" : "ascii");
	put(0, w, th->title, t);
	if (f->end_known)
		snprintf(t, sizeof t, "lines %llu-%llu of %llu%s",
			 (unsigned long long)(f->nwin ? f->top + 1 : 0),
			 (unsigned long long)(f->top + f->nwin), (unsigned long long)f->total,
			 f->retrans ? ", TCP retransmitted bytes skipped" : "");
	else
		snprintf(t, sizeof t, "lines %llu-%llu%s", (unsigned long long)(f->top + 1),
			 (unsigned long long)(f->top + f->nwin),
			 f->retrans ? ", TCP retransmitted bytes skipped" : "");
	put(1, w, th->header, t);
	for (unsigned i = 0; i < f->nwin && 2 + i < h - 1; i++) {
		tui_follow_text(f, &f->win[i], t, sizeof t);
		put((int)(2 + i), w, f->win[i].dir ? th->fol_resp : th->fol_orig, t);
	}
	char st[512];
	tui_status_text(m, st, sizeof st);
	put((int)h - 1, w, th->status, st);
}
