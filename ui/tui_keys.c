/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_keys.c - the key -> action table and the actions.  Actions change the
 * model only and say what should happen next through reaction flags. */
#include <curses.h>

#include <stdio.h>
#include <stdlib.h>

#include "ps_dfilter.h"
#include "tui_keys.h"

#define CTRL(c) ((c) & 0x1f)

/* Keep the selected field's bytes on screen in the hex pane. */
static void hex_follow(struct tui_model *m)
{
	const struct tui_tree *t = m->tree;
	if (!m->sel_ok || !t->n || !t->nodes[t->cursor].span_len)
		return;
	const struct tui_replay_bytes *rb = tui_model_hex_rebuilt(m); /* or the frame's */
	uint32_t lo = rb ? rb->own_lo : t->nodes[t->cursor].span_off, hi;
	if (rb)
		tui_model_hex_field(m, &lo, &hi); /* the field's, when the record says */
	unsigned first = lo / 16, rows = m->lay.hex_h;
	if (first < m->hex_top || first >= m->hex_top + rows)
		m->hex_top = first > rows / 2 ? first - rows / 2 : 0;
}

static void hex_scroll(struct tui_model *m, long delta)
{
	const struct tui_replay_bytes *rb = tui_model_hex_rebuilt(m); /* or the frame's */
	long lines = (long)((rb ? rb->len : m->sel_rec.caplen) + 15) / 16, rows = (long)m->lay.hex_h;
	long top = (long)m->hex_top + delta, max = lines > rows ? lines - rows : 0;
	m->hex_top = (unsigned)(top < 0 ? 0 : top > max ? max : top);
}

/* Conversations screen: move the selection, keep it on screen. */
static int conv_move(struct tui_model *m, long delta)
{
	const struct tui_convs *c = tui_model_convs_lock(m);
	long n = c ? (long)c->n : 0;
	tui_model_convs_unlock(m);
	long sel = (long)m->conv_sel + delta, rows = m->lay.h > 3 ? (long)m->lay.h - 3 : 1;
	sel = sel >= n ? n - 1 : sel;
	m->conv_sel = (unsigned)(sel < 0 ? 0 : sel);
	if (m->conv_sel < m->conv_top)
		m->conv_top = m->conv_sel;
	else if (m->conv_sel >= m->conv_top + rows)
		m->conv_top = m->conv_sel - (unsigned)rows + 1;
	return TUI_R_REDRAW;
}

/* Move in the focused pane by delta lines. */
static int move_by(struct tui_model *m, long delta)
{
	if (m->screen == TUI_SCR_CONV)
		return conv_move(m, delta);
	if (m->screen == TUI_SCR_PROBE) { /* the view clamps the top to its rows */
		long top = (long)m->probe_top + (delta > 100000 ? 100000 : delta < -100000 ? -100000 : delta);
		m->probe_top = top < 0 ? 0 : (unsigned)top;
		return TUI_R_REDRAW;
	}
	if (m->screen == TUI_SCR_FOLLOW && m->fol) {
		tui_follow_scroll(m->fol, delta, tui_follow_rows(m));
		return TUI_R_REDRAW;
	}
	if (m->screen != TUI_SCR_MAIN)
		return TUI_R_NONE;
	if (m->focus == TUI_PANE_LIST) {
		tui_model_move(m, delta);
	} else if (m->focus == TUI_PANE_TREE) {
		tui_tree_move(m->tree, (int)(delta > 100000 ? 100000 : delta < -100000 ? -100000 : delta),
			      m->lay.tree_h);
		hex_follow(m);
	} else {
		hex_scroll(m, delta);
	}
	return TUI_R_REDRAW;
}

static long page(const struct tui_model *m)
{
	unsigned h = m->focus == TUI_PANE_LIST ? m->lay.list_h
		     : m->focus == TUI_PANE_TREE ? m->lay.tree_h
						 : m->lay.hex_h;
	return h > 1 ? (long)h : 1;
}

static int act_down(struct tui_model *m) { return move_by(m, 1); }
static int act_up(struct tui_model *m) { return move_by(m, -1); }

static int act_pgdn(struct tui_model *m)
{
	if (m->focus == TUI_PANE_LIST && m->screen == TUI_SCR_MAIN) {
		tui_model_page(m, 1);
		return TUI_R_REDRAW;
	}
	return move_by(m, m->screen != TUI_SCR_MAIN ? (long)m->lay.h - 3 : page(m));
}

static int act_pgup(struct tui_model *m)
{
	if (m->focus == TUI_PANE_LIST && m->screen == TUI_SCR_MAIN) {
		tui_model_page(m, -1);
		return TUI_R_REDRAW;
	}
	return move_by(m, m->screen != TUI_SCR_MAIN ? 3 - (long)m->lay.h : -page(m));
}

static int act_home(struct tui_model *m)
{
	if (m->screen == TUI_SCR_FOLLOW && m->fol) {
		tui_follow_home(m->fol, false, tui_follow_rows(m));
		return TUI_R_REDRAW;
	}
	if (m->focus == TUI_PANE_LIST && m->screen == TUI_SCR_MAIN) {
		tui_model_jump(m, 0);
		return TUI_R_REDRAW;
	}
	return move_by(m, -1000000000L);
}

static int act_end(struct tui_model *m)
{
	if (m->screen == TUI_SCR_FOLLOW && m->fol) {
		tui_follow_home(m->fol, true, tui_follow_rows(m));
		return TUI_R_REDRAW;
	}
	if (m->focus == TUI_PANE_LIST && m->screen == TUI_SCR_MAIN) {
		tui_model_jump(m, TUI_NONE);
		return TUI_R_REDRAW;
	}
	return move_by(m, 1000000000L);
}

/* Enter on a conversation: the packet list filtered to it. */
static int conv_enter(struct tui_model *m)
{
	char expr[256] = "", err[256];
	const struct tui_convs *c = tui_model_convs_lock(m);
	unsigned *order = c && c->n ? malloc(c->n * sizeof *order) : 0;
	if (order && m->conv_sel < c->n) {
		tui_convs_sorted(c, m->conv_sort, order);
		if (tui_conv_expr(&c->rows[order[m->conv_sel]], expr, sizeof expr))
			expr[0] = 0;
	}
	free(order);
	tui_model_convs_unlock(m);
	if (!expr[0])
		return TUI_R_NONE;
	m->screen = TUI_SCR_MAIN;
	if (tui_model_set_filter(m, expr, err, sizeof err))
		tui_model_msg(m, "filter: %s", err);
	return TUI_R_REDRAW;
}

static int act_toggle(struct tui_model *m)
{
	if (m->screen == TUI_SCR_CONV)
		return conv_enter(m);
	if (m->focus == TUI_PANE_LIST) { /* Enter on a packet: look inside it */
		m->focus = TUI_PANE_TREE;
		return TUI_R_REDRAW;
	}
	if (m->focus == TUI_PANE_TREE && tui_tree_toggle(m->tree)) {
		tui_tree_move(m->tree, 0, m->lay.tree_h);
		hex_follow(m);
	}
	return TUI_R_REDRAW;
}

static int act_expand_all(struct tui_model *m)
{
	tui_tree_set_all(m->tree, true);
	tui_tree_move(m->tree, 0, m->lay.tree_h);
	return TUI_R_REDRAW;
}

static int act_collapse_all(struct tui_model *m)
{
	tui_tree_set_all(m->tree, false);
	tui_tree_move(m->tree, 0, m->lay.tree_h);
	return TUI_R_REDRAW;
}

static int act_conv(struct tui_model *m)
{
	if (m->screen == TUI_SCR_CONV) {
		m->screen = TUI_SCR_MAIN;
	} else if (!m->cjob) {
		tui_model_msg(m, "no conversations: flow tracking is off (--no-flows)");
	} else {
		m->screen = TUI_SCR_CONV;
	}
	return TUI_R_REDRAW;
}

static int conv_sort(struct tui_model *m, enum tui_conv_sort by)
{
	if (m->screen != TUI_SCR_CONV)
		return TUI_R_NONE;
	m->conv_sort = by;
	m->conv_sel = m->conv_top = 0;
	return TUI_R_REDRAW;
}

static int act_sort_pkts(struct tui_model *m) { return conv_sort(m, TUI_CS_PACKETS); }
static int act_sort_bytes(struct tui_model *m) { return conv_sort(m, TUI_CS_BYTES); }
static int act_sort_dur(struct tui_model *m) { return conv_sort(m, TUI_CS_DURATION); }

static int act_follow_stream(struct tui_model *m)
{
	if (m->screen == TUI_SCR_FOLLOW) {
		m->screen = TUI_SCR_MAIN;
		tui_model_follow_close(m);
	} else if (m->screen == TUI_SCR_MAIN) {
		tui_model_follow_open(m);
	}
	return TUI_R_REDRAW;
}

static int act_hex(struct tui_model *m)
{
	if (m->screen != TUI_SCR_FOLLOW || !m->fol)
		return TUI_R_NONE;
	tui_follow_set_mode(m->fol, !m->fol->hex, m->fol->width, tui_follow_rows(m));
	return TUI_R_REDRAW;
}

static int act_tab(struct tui_model *m)
{
	m->focus = (enum tui_pane)((m->focus + 1) % TUI_PANE__N);
	return TUI_R_REDRAW;
}

static int act_btab(struct tui_model *m)
{
	m->focus = (enum tui_pane)((m->focus + TUI_PANE__N - 1) % TUI_PANE__N);
	return TUI_R_REDRAW;
}

/* a / A: the detail tree's selected field as the display filter,
 * "field == value" / "field != value" (a protocol: "ip" / "!ip"). */
static int apply_field(struct tui_model *m, bool ne)
{
	char path[128], val[256], expr[512], err[256];
	if (m->screen != TUI_SCR_MAIN || !m->tree || !m->tree->n ||
	    !tui_tree_field(m->tree, m->tree->cursor, path, sizeof path, val, sizeof val)) {
		tui_model_msg(m, "select a field in the detail pane first (Enter, then Up/Down)");
		return TUI_R_REDRAW;
	}
	if (!val[0])
		snprintf(expr, sizeof expr, "%s%s", ne ? "!" : "", path);
	else if (ps_dfilter_field_expr(path, ne ? "!=" : "==", val, expr, sizeof expr)) {
		tui_model_msg(m, "%s is not a display-filter field", path);
		return TUI_R_REDRAW;
	}
	if (tui_model_set_filter(m, expr, err, sizeof err))
		tui_model_msg(m, "filter %s: %s", expr, err);
	else
		tui_model_msg(m, "the selected field applied");
	return TUI_R_REDRAW;
}

static int act_apply(struct tui_model *m) { return apply_field(m, false); }
static int act_apply_ne(struct tui_model *m) { return apply_field(m, true); }
static int act_filter(struct tui_model *m) { (void)m; return TUI_R_FILTER; }
static int act_save(struct tui_model *m) { (void)m; return TUI_R_SAVE; }
static int act_clear(struct tui_model *m) { (void)m; return TUI_R_CLEAR | TUI_R_REDRAW; }

static int act_follow(struct tui_model *m)
{
	tui_model_set_follow(m, !m->follow);
	tui_model_msg(m, "follow %s", m->follow ? "on" : "off");
	return TUI_R_REDRAW;
}

static int act_pause(struct tui_model *m)
{
	tui_model_set_pause(m, !m->paused);
	tui_model_msg(m, "display %s", m->paused ? "paused (capture goes on)" : "resumed");
	return TUI_R_REDRAW;
}

static int act_stats(struct tui_model *m)
{
	if (m->screen == TUI_SCR_STATS) {
		m->screen = TUI_SCR_MAIN;
	} else if (tui_model_stats_start(m)) {
		tui_model_msg(m, "cannot start the statistics");
	} else {
		m->screen = TUI_SCR_STATS;
	}
	return TUI_R_REDRAW;
}

static int act_probe(struct tui_model *m)
{
	if (m->screen == TUI_SCR_PROBE)
		m->screen = TUI_SCR_MAIN;
	else if (tui_model_probe_start(m))
		tui_model_msg(m, "cannot start the probe statistics");
	else
		m->screen = TUI_SCR_PROBE;
	return TUI_R_REDRAW;
}

static int act_help(struct tui_model *m)
{
	m->screen = m->screen == TUI_SCR_HELP ? TUI_SCR_MAIN : TUI_SCR_HELP;
	return TUI_R_REDRAW;
}

static int act_quit(struct tui_model *m)
{
	if (m->screen != TUI_SCR_MAIN) { /* q leaves a sub-screen first */
		m->screen = TUI_SCR_MAIN;
		tui_model_follow_close(m);
		return TUI_R_REDRAW;
	}
	return TUI_R_QUIT;
}

static int act_escape(struct tui_model *m)
{
	m->screen = TUI_SCR_MAIN;
	tui_model_follow_close(m);
	return TUI_R_REDRAW;
}

const struct tui_action tui_actions[] = {
	{KEY_DOWN, "Down  j", "next packet / field / line", act_down},
	{'j', 0, 0, act_down},
	{KEY_UP, "Up  k", "previous packet / field / line", act_up},
	{'k', 0, 0, act_up},
	{KEY_NPAGE, "PgDn PgUp  ^F ^B", "page down / up", act_pgdn},
	{CTRL('f'), 0, 0, act_pgdn},
	{KEY_PPAGE, 0, 0, act_pgup},
	{CTRL('b'), 0, 0, act_pgup},
	{'g', "g G  Home End", "first / last packet / field", act_home},
	{KEY_HOME, 0, 0, act_home},
	{'G', 0, 0, act_end},
	{KEY_END, 0, 0, act_end},
	{'\n', "Enter  Space", "open the packet / expand or collapse the field", act_toggle},
	{'\r', 0, 0, act_toggle},
	{KEY_ENTER, 0, 0, act_toggle},
	{' ', 0, 0, act_toggle},
	{'e', "e / C", "expand / collapse every layer", act_expand_all},
	{'C', 0, 0, act_collapse_all},
	{'c', "c", "conversations (flow table); Enter filters the list to one", act_conv},
	{'1', "1 / 2 / 3", "conversations: sort by packets / bytes / duration", act_sort_pkts},
	{'2', 0, 0, act_sort_bytes},
	{'3', 0, 0, act_sort_dur},
	{'F', "F", "follow the packet's TCP/UDP stream, both ways", act_follow_stream},
	{'x', "x", "follow stream: ascii / hex", act_hex},
	{'\t', "Tab  Shift-Tab", "next / previous pane: list, tree, bytes", act_tab},
	{KEY_BTAB, 0, 0, act_btab},
	{'/', "/", "display filter (bpf: BPF); Tab completes, Up/Down history", act_filter},
	{'a', "a / A", "filter on the selected field: == / != its value", act_apply},
	{'A', 0, 0, act_apply_ne},
	{'f', "f", "follow the newest packet", act_follow},
	{'p', "p", "pause the display (the capture goes on)", act_pause},
	{'s', "s", "statistics: protocols, conversations, packets/s", act_stats},
	{'P', "P", "probe streams: loss, delay, jitter per stamped stream", act_probe},
	{'w', "w", "save the displayed packets to a pcap file", act_save},
	{'?', "?", "this help", act_help},
	{CTRL('l'), "Ctrl-L", "repaint the screen", act_clear},
	{27, "Esc", "back to the packet list", act_escape},
	{'q', "q", "quit (from the other screens: back)", act_quit},
	{0, 0, 0, 0},
};

int tui_key_dispatch(struct tui_model *m, int key)
{
	if (m->screen == TUI_SCR_HELP && key != '?') { /* any key leaves the help */
		m->screen = TUI_SCR_MAIN;
		return TUI_R_REDRAW;
	}
	for (const struct tui_action *a = tui_actions; a->fn; a++)
		if (a->key == key)
			return a->fn(m);
	return TUI_R_NONE;
}
