/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_view.h - views: draw a prepared, const model with curses.
 * Only ui/ includes curses, and among ui/ only the views and the loop. */
#ifndef TUI_VIEW_H
#define TUI_VIEW_H

#include <stdbool.h>

#include "tui_keys.h"
#include "tui_model.h"

/* Attributes per colour class and for the chrome; monochrome when the
 * terminal has no colours or NO_COLOR is set. */
struct tui_theme {
	bool color, utf8;
	unsigned cls[TUI_C__N]; /* curses attributes */
	unsigned header, status, title, title_focus, sel, hl;
	unsigned fol_orig, fol_resp; /* follow-stream lines per direction */
	unsigned p_ok, p_bad;        /* the filter prompt's text: compiles / does not */
	unsigned p_warn;             /* ... compiles, names what pktscope does not decode */
};

/* Call after initscr: start colours if allowed and fill the theme. */
void tui_theme_init(struct tui_theme *th);

/* The prompt the status line shows instead of the status (NULL = none). */
struct tui_prompt {
	const char *label; /* "filter: ", "save to: " */
	const char *text;
	unsigned cursor;   /* bytes before the cursor */
	const char *hint;  /* shown dimmed while text is empty, NULL none */
	int state;         /* enum tui_prompt_state: the text's colour */
	const char *note;  /* after the text: the filter's error, completions ("" none) */
};
enum tui_prompt_state { TUI_P_PLAIN = 0, TUI_P_OK, TUI_P_BAD, TUI_P_WARN };

/* Draw the whole screen (erase, panes, status or prompt); the caller refreshes. */
void tui_view_draw(const struct tui_model *m, const struct tui_theme *th,
		   const struct tui_prompt *prompt);
/* The statistics screen (reads the stats under the model's lock). */
void tui_view_stats(struct tui_model *m, const struct tui_theme *th);
/* The conversations screen (reads the rows under the model's lock). */
void tui_view_conv(struct tui_model *m, const struct tui_theme *th);
/* The follow-stream screen (the model's window of lines). */
void tui_view_follow(const struct tui_model *m, const struct tui_theme *th);
/* The probe screen: per-stream loss and latency (reads under the model's lock). */
void tui_view_probe(struct tui_model *m, const struct tui_theme *th);
/* One screen line at y, padded or cut to w columns, in attribute attr. */
void tui_view_line(int y, unsigned w, unsigned attr, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The help screen, from the key table. */
void tui_view_help(const struct tui_model *m, const struct tui_theme *th);
/* The status line text (also for tests). */
void tui_status_text(const struct tui_model *m, char *buf, size_t n);

#endif
