/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_keys.h - the key -> action table.  Actions change the model and return
 * reaction flags; the loop redraws, prompts or quits accordingly (htop's
 * Action model: no action draws). */
#ifndef TUI_KEYS_H
#define TUI_KEYS_H

#include "tui_model.h"

enum tui_reaction {
	TUI_R_NONE = 0,
	TUI_R_REDRAW = 1 << 0,
	TUI_R_QUIT = 1 << 1,
	TUI_R_FILTER = 1 << 2, /* ask for a filter expression */
	TUI_R_SAVE = 1 << 3,   /* ask for a file name */
	TUI_R_CLEAR = 1 << 4,  /* repaint the whole terminal */
};

struct tui_action {
	int key;              /* curses key code or character */
	const char *keyname;  /* for the help screen; NULL: an alias of the row above */
	const char *help;
	int (*fn)(struct tui_model *m);
};

/* The table, ended by a row with fn == NULL. */
extern const struct tui_action tui_actions[];

/* Run the action bound to key; TUI_R_NONE when none is. */
int tui_key_dispatch(struct tui_model *m, int key);

#endif
