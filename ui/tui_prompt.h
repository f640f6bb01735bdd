/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_prompt.h - the status-line editor of the '/' and 'w' prompts: line
 * editing, the history of applied filters (Up/Down) and display-filter
 * field-name completion (Tab: the common prefix of the names that start with
 * the word at the cursor, then each of them in turn).  No curses drawing:
 * tui_main.c draws it through tui_view's prompt. */
#ifndef TUI_PROMPT_H
#define TUI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

#define TUI_EDIT_MAX 512
#define TUI_EDIT_HIST 32 /* filters remembered, the oldest forgotten first */

struct tui_edit {
	char buf[TUI_EDIT_MAX];
	unsigned len, cur;
	char hist[TUI_EDIT_HIST][TUI_EDIT_MAX]; /* oldest first */
	unsigned nhist;
	int hpos;                  /* -1: the draft is shown, else a history entry */
	char draft[TUI_EDIT_MAX];  /* what was typed before Up */
	char stem[128];            /* completion: the word Tab started from */
	int cycle;                 /* -1: not cycling, else the candidate shown */
};

enum tui_edit_res { TUI_E_NONE = 0, TUI_E_CHANGED, TUI_E_APPLY, TUI_E_CANCEL };

/* Start editing `text` (cursor at the end, history position reset). */
void tui_edit_set(struct tui_edit *e, const char *text);
/* One key.  `filter`: the display-filter prompt (history and completion
 * work there only).  msg gets a note for the status line ("3 fields: ...")
 * or "".  Returns what happened. */
enum tui_edit_res tui_edit_key(struct tui_edit *e, int ch, bool filter, char *msg, size_t msglen);
/* Add an applied filter to the history (not twice in a row, not empty). */
void tui_edit_remember(struct tui_edit *e, const char *text);

#endif
