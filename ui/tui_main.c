/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_main.c - ps_tui_run: open the source, set up the terminal, run the one
 * loop (poll on the terminal and the wake pipe, with a timer), restore the
 * terminal on every way out.
 *
 * Signals: main's handlers only set *stop.  Workers block every signal, so
 * SIGINT/SIGTERM/SIGWINCH interrupt this thread's poll(); the loop then sees
 * *stop (and leaves through endwin) or KEY_RESIZE.  Nothing curses-related
 * ever runs in a signal handler.
 */
#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errline.h"
#include "privdrop.h"
#include "ps_capture.h"
#include "ps_tui.h"
#include "tui_keys.h"
#include "tui_live.h"
#include "tui_prompt.h"
#include "tui_view.h"

#define FRAME_NS 40000000ull /* at most 25 background redraws a second */
#define DRAIN_MAX 8192u      /* frames moved per loop turn (~1 ms), so keys stay quick */

struct app {
	struct tui_wake wake;
	struct tui_live *live;
	struct tui_store *st;   /* owned in file mode, the live one's otherwise */
	struct tui_model m;
	bool model_ok;
	SCREEN *scr;
	struct tui_theme th;
	int prompt;             /* 0, TUI_R_FILTER or TUI_R_SAVE */
	struct tui_edit ed;     /* the prompt's text, cursor, filter history */
	int pstate;             /* the filter prompt's text: TUI_P_OK compiles, TUI_P_WARN
				 * compiles but names what pktscope does not decode,
				 * TUI_P_BAD does not */
	char perr[PS_ERRBUF];   /* the error or the warning */
	char pnote[256];        /* completion candidates, "" none */
	char confirm[600];      /* save: the existing file waiting for y/n, "" none */
	char plabel[700];       /* the prompt's label when it asks to confirm */
	unsigned long long last_draw, last_tick;
	/* key -> screen latency, reported when PKTSCOPE_TUI_LATENCY names a file */
	unsigned long long key_t, lat_max, lat_sum, lat_n, turn_max;
	bool dirty;
	char err[PS_ERRBUF + 64];
};

static int open_source(struct app *a, const struct ps_options *o)
{
	if (o->read_file) {
		if (!strcmp(o->read_file, "-")) {
			snprintf(a->err, sizeof a->err, "--tui cannot read stdin: give a file with -r");
			return PS_EXIT_USAGE;
		}
		return tui_store_open_file(&a->st, o->read_file, &a->wake, a->err, sizeof a->err)
			       ? PS_EXIT_RUNTIME
			       : 0;
	}
	int rc = tui_live_open(&a->live, o, &a->wake, a->err, sizeof a->err);
	if (rc)
		return rc;
	a->st = tui_live_store(a->live);
	return 0;
}

static int setup(struct app *a, const struct ps_options *o)
{
	struct ps_user u;
	/* -Z as on the command line: look the user up before opening anything,
	 * drop once the capture and its spill file are open and before any
	 * thread starts; the w key then writes only where USER may */
	if (o->user && ps_priv_lookup(o->user, &u, a->err))
		return PS_EXIT_RUNTIME;
	int rc = open_source(a, o);
	if (rc)
		return rc;
	if (o->user && ps_priv_drop(&u, a->err))
		return PS_EXIT_RUNTIME;
	if (tui_model_init(&a->m, a->st, &a->wake)) {
		snprintf(a->err, sizeof a->err, "out of memory");
		return PS_EXIT_RUNTIME;
	}
	a->model_ok = true;
	a->m.flow_cfg = o->flow; /* the display filter's stage: as -Y's */
	a->m.stage.flow = o->no_flows ? 0 : &a->m.flow_cfg;
	a->m.stage.defrag = !o->no_defrag;
	if (!o->no_flows) {
		/* rows of the conversations view: about 1/1024 of the flow table's memory */
		uint64_t rows = o->flow.mem_bytes / 1024;
		rows = rows < 1024 ? 1024 : rows > 262144 ? 262144 : rows;
		char e[PS_ERRBUF];
		if (tui_model_flows_start(&a->m, &o->flow, (unsigned)rows, e, sizeof e)) {
			snprintf(a->err, sizeof a->err, "flows: %s", e);
			return PS_EXIT_RUNTIME;
		}
	}
	a->m.rss = tui_rss_bytes();
	if (a->live) {
		a->m.follow = true; /* live: show what arrives */
		if (tui_live_start(a->live)) {
			snprintf(a->err, sizeof a->err, "cannot start the capture thread");
			return PS_EXIT_RUNTIME;
		}
	} else if (o->filter && *o->filter) {
		/* the command line's filter is BPF, as for a capture: "bpf:" says so */
		char e[PS_ERRBUF] = "out of memory";
		size_t n = strlen(o->filter) + sizeof "bpf:";
		char *bpf = malloc(n);
		int frc = -1;
		if (bpf) {
			snprintf(bpf, n, "bpf:%s", o->filter);
			frc = tui_model_set_filter(&a->m, bpf, e, sizeof e);
			free(bpf);
		}
		if (frc) {
			snprintf(a->err, sizeof a->err, "filter: %s", e);
			return PS_EXIT_USAGE;
		}
	}
	if (o->display_filter) { /* -Y: the '/' filter from the start, its stage included */
		char e[PS_ERRBUF];
		if (tui_model_set_filter(&a->m, o->display_filter, e, sizeof e)) {
			snprintf(a->err, sizeof a->err, "-Y: %s", e);
			return PS_EXIT_USAGE;
		}
	}
	return 0;
}

static int term_init(struct app *a)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(a->err, sizeof a->err, "--tui needs a terminal on stdin and stdout");
		return PS_EXIT_USAGE;
	}
	setlocale(LC_ALL, "");
	a->scr = newterm(0, stdout, stdin);
	if (!a->scr) {
		const char *t = getenv("TERM");
		snprintf(a->err, sizeof a->err, "cannot use the terminal (TERM=%s)", t ? t : "");
		return PS_EXIT_RUNTIME;
	}
	set_term(a->scr);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	tui_theme_init(&a->th);
	tui_model_resize(&a->m, (unsigned)LINES, (unsigned)COLS);
	return 0;
}

static void term_end(struct app *a)
{
	if (!a->scr)
		return;
	endwin();
	delscreen(a->scr);
	a->scr = 0;
}

static void draw(struct app *a)
{
	struct tui_model *m = &a->m;
	struct tui_prompt p = {a->prompt == TUI_R_FILTER ? "filter: "
			       : a->confirm[0]         ? a->plabel
						       : "save to: ",
			       a->ed.buf, a->ed.cur,
			       a->prompt == TUI_R_SAVE && !a->confirm[0]
				       ? "(Enter: " TUI_SAVE_DEFAULT "; ~ is your home)"
				       : 0,
			       a->prompt == TUI_R_FILTER ? a->pstate : TUI_P_PLAIN,
			       /* Tab's candidates, else why the text is red or yellow */
			       a->pnote[0] || a->prompt != TUI_R_FILTER || a->pstate == TUI_P_OK
				       ? a->pnote
				       : a->perr};
	if (a->prompt)
		m->screen = TUI_SCR_MAIN;
	tui_model_prepare(m);
	if (m->lay.too_small || m->screen == TUI_SCR_MAIN)
		tui_view_draw(m, &a->th, a->prompt ? &p : 0);
	else if (m->screen == TUI_SCR_STATS)
		tui_view_stats(m, &a->th);
	else if (m->screen == TUI_SCR_CONV)
		tui_view_conv(m, &a->th);
	else if (m->screen == TUI_SCR_PROBE)
		tui_view_probe(m, &a->th);
	else if (m->screen == TUI_SCR_FOLLOW && m->fol)
		tui_view_follow(m, &a->th);
	else
		tui_view_help(m, &a->th);
	wnoutrefresh(stdscr);
	doupdate();
	a->last_draw = tui_now_ns();
	a->dirty = false;
	if (a->key_t) {
		unsigned long long l = a->last_draw - a->key_t;
		a->lat_max = l > a->lat_max ? l : a->lat_max;
		a->lat_sum += l;
		a->lat_n++;
		a->key_t = 0;
	}
}

static void report_latency(const struct app *a)
{
	const char *path = getenv("PKTSCOPE_TUI_LATENCY");
	FILE *f = path && *path && a->lat_n ? fopen(path, "w") : 0;
	if (!f)
		return;
	/* a key waits at most one loop turn before it is read */
	fprintf(f, "keys %llu mean_ms %.3f max_ms %.3f max_turn_ms %.3f\n", a->lat_n,
		(double)a->lat_sum / (double)a->lat_n / 1e6, (double)a->lat_max / 1e6,
		(double)a->turn_max / 1e6);
	fclose(f);
}

/* The filter prompt's text compiled on every change (in this thread, no
 * process: microseconds), so the box is green or red as one types. */
static void prompt_check(struct app *a)
{
	a->perr[0] = 0;
	int rc = tui_model_check_filter(&a->m, a->ed.buf, a->perr, sizeof a->perr);
	a->pstate = rc == 0 ? TUI_P_OK : rc > 0 ? TUI_P_WARN : TUI_P_BAD;
}

static void prompt_begin(struct app *a, int kind)
{
	a->prompt = kind;
	/* the filter prompt edits the current filter; the save prompt starts
	 * empty, its default shown as a hint (typing never appends to it) */
	tui_edit_set(&a->ed, kind == TUI_R_FILTER ? tui_model_filter(&a->m) : "");
	a->confirm[0] = 0;
	a->pnote[0] = 0;
	if (kind == TUI_R_FILTER)
		prompt_check(a);
	curs_set(1);
}

/* Enter in the save prompt: the name, then save, or ask before
 * overwriting (the prompt stays open for y/n). */
static void save_start(struct app *a)
{
	char e[PS_ERRBUF], path[sizeof a->confirm];
	if (tui_save_path(a->ed.buf, path, sizeof path, e, sizeof e)) {
		tui_model_msg(&a->m, "save: %s", e);
		return;
	}
	int rc = tui_model_save(&a->m, path, false, e, sizeof e);
	if (rc < 0)
		tui_model_msg(&a->m, "save: %s", e);
	if (rc != 1)
		return;
	snprintf(a->confirm, sizeof a->confirm, "%s", path);
	snprintf(a->plabel, sizeof a->plabel, "%s exists: overwrite? (y/n) ", path);
	tui_edit_set(&a->ed, "");
}

static void prompt_apply(struct app *a)
{
	char e[PS_ERRBUF];
	struct tui_model *m = &a->m;
	if (a->prompt == TUI_R_FILTER) {
		if (tui_model_set_filter(m, a->ed.buf, e, sizeof e)) {
			tui_model_msg(m, "filter: %s", e);
		} else {
			tui_edit_remember(&a->ed, a->ed.buf);
			tui_model_msg(m, *a->ed.buf ? "filter applied" : "filter cleared");
		}
	} else {
		save_start(a);
	}
}

/* After y/n on "overwrite FILE?" (any key but y keeps the file). */
static void confirm_key(struct app *a, int ch)
{
	char e[PS_ERRBUF];
	if (ch == 'y' || ch == 'Y') {
		if (tui_model_save(&a->m, a->confirm, true, e, sizeof e))
			tui_model_msg(&a->m, "save: %s", e);
	} else {
		tui_model_msg(&a->m, "not saved: %s exists", a->confirm);
	}
	a->confirm[0] = 0;
	a->prompt = 0;
	curs_set(0);
}

/* A key in the prompt: the editor's, then apply or cancel. */
static void prompt_key(struct app *a, int ch)
{
	if (a->confirm[0]) {
		confirm_key(a, ch);
		return;
	}
	enum tui_edit_res r =
		tui_edit_key(&a->ed, ch, a->prompt == TUI_R_FILTER, a->pnote, sizeof a->pnote);
	if (r == TUI_E_CHANGED && a->prompt == TUI_R_FILTER)
		prompt_check(a);
	if (r == TUI_E_APPLY || r == TUI_E_CANCEL) {
		if (r == TUI_E_APPLY)
			prompt_apply(a);
		if (a->confirm[0])
			return; /* asking: overwrite? */
		a->prompt = 0;
		curs_set(0);
	}
}

/* Read every pending key.  Returns the reaction flags. */
static int keys(struct app *a)
{
	int flags = 0, ch;
	while ((ch = getch()) != ERR) {
		if (!a->key_t)
			a->key_t = tui_now_ns();
		flags |= TUI_R_REDRAW;
		if (ch == KEY_RESIZE) {
			tui_model_resize(&a->m, (unsigned)LINES, (unsigned)COLS);
			if (a->m.fol) /* ascii lines are as wide as the screen */
				tui_follow_set_mode(a->m.fol, a->m.fol->hex,
						    COLS > 2 ? (unsigned)COLS - 2 : 1u,
						    tui_follow_rows(&a->m));
			flags |= TUI_R_CLEAR;
			continue;
		}
		if (a->prompt) {
			prompt_key(a, ch);
			continue;
		}
		a->m.msg[0] = 0; /* a message lasts until the next key */
		if (a->m.lay.too_small && ch != 'q')
			continue;
		int r = tui_key_dispatch(&a->m, ch);
		if (r & (TUI_R_FILTER | TUI_R_SAVE))
			prompt_begin(a, r & TUI_R_FILTER ? TUI_R_FILTER : TUI_R_SAVE);
		flags |= r;
		if (r & TUI_R_QUIT)
			break;
	}
	return flags;
}

/* True while something in the background may change the screen. */
static bool busy(struct app *a)
{
	struct tui_model *m = &a->m;
	return a->live || tui_store_state(a->st) == TUI_ST_LOADING ||
	       tui_model_filter_progress(m) < 1000 || tui_model_saving(m) ||
	       (m->screen == TUI_SCR_STATS && tui_model_stats_progress(m) < 1000) ||
	       (m->screen == TUI_SCR_CONV && tui_model_flows_progress(m) < 1000) ||
	       (m->screen == TUI_SCR_PROBE && tui_model_probe_progress(m) < 1000);
}

/* Background work: live frames, model tick, rates, save status. */
static void background(struct app *a)
{
	struct tui_model *m = &a->m;
	unsigned long long now = tui_now_ns();
	char b[320];
	if (a->live) {
		if (tui_live_drain(a->live, DRAIN_MAX))
			a->dirty = true;
		m->has_drops = tui_live_drops(a->live, &m->drops, &m->qdrops);
	}
	if (tui_model_tick(m))
		a->dirty = true;
	tui_model_rates(m, now, a->st->wire_bytes);
	bool saving = tui_model_saving(m);
	const char *s = tui_model_save_status(m, b, sizeof b); /* sets the final message */
	if (s)
		tui_model_msg(m, "%s", s);
	if (saving)
		a->dirty = true; /* progress, or the result */
	if (now - a->last_tick > 1000000000ull || (busy(a) && now - a->last_tick > 200000000ull)) {
		a->last_tick = now; /* progress figures and rates in the status bar */
		a->dirty = true;
	}
}

static void wait_input(struct app *a)
{
	struct pollfd pf[2] = {{.fd = STDIN_FILENO, .events = POLLIN},
			       {.fd = a->wake.rd, .events = POLLIN}};
	int timeout = busy(a) ? 50 : 1000;
	if (a->dirty) { /* a redraw is due but throttled: wake when it may run */
		unsigned long long since = tui_now_ns() - a->last_draw;
		timeout = since >= FRAME_NS ? 0 : (int)((FRAME_NS - since) / 1000000ull) + 1;
	}
	if (poll(pf, 2, timeout) > 0 && (pf[1].revents & POLLIN)) {
		tui_wake_drain(&a->wake);
		a->dirty = true; /* a worker published something */
	}
}

static void loop(struct app *a, volatile sig_atomic_t *stop)
{
	draw(a);
	while (!*stop) {
		wait_input(a);
		if (*stop)
			break;
		unsigned long long t = tui_now_ns();
		int flags = keys(a);
		if (flags & TUI_R_QUIT)
			break;
		background(a);
		if (flags & TUI_R_CLEAR)
			clearok(curscr, TRUE);
		if ((flags & TUI_R_REDRAW) ||
		    (a->dirty && tui_now_ns() - a->last_draw >= FRAME_NS))
			draw(a);
		t = tui_now_ns() - t;
		a->turn_max = t > a->turn_max ? t : a->turn_max;
	}
}

int ps_tui_run(const struct ps_options *o, volatile sig_atomic_t *stop)
{
	struct app *a = calloc(1, sizeof *a);
	int rc;
	if (!a || tui_wake_open(&a->wake)) {
		ps_errf("%s", a ? strerror(errno) : "out of memory");
		free(a);
		return PS_EXIT_RUNTIME;
	}
	rc = setup(a, o);
	if (!rc)
		rc = term_init(a);
	if (!rc)
		loop(a, stop);
	term_end(a); /* the terminal first: errors below print on a sane screen */
	report_latency(a);
	if (a->model_ok)
		tui_model_free(&a->m);
	if (a->live)
		tui_live_close(a->live);
	else
		tui_store_close(a->st);
	tui_wake_close(&a->wake);
	if (rc)
		ps_errf("%s", a->err);
	free(a);
	return rc;
}
