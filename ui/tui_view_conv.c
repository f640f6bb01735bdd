/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_view_conv.c - the conversations screen: one line per conversation of
 * the flow table, in the model's sort order, the selection highlighted. */
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
	snprintf(b, sizeof b,
		 "Conversations: %u%s, by %s (1 packets, 2 bytes, 3 duration; Enter filters; q back)",
		 c->n, c->other ? "+ (list full)" : "", by[m->conv_sort]);
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
