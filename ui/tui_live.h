/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_live.h - live capture for the TUI: a capture source (ps_capture_open)
 * running on its own thread, feeding a bounded lock-free queue that the UI
 * thread drains into the live store.  The UI never waits for the capture;
 * when the UI falls behind, the queue drops (and says how many). */
#ifndef TUI_LIVE_H
#define TUI_LIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "ps_options.h"
#include "tui_store.h"
#include "tui_thread.h"

struct tui_live;

/* Open the capture described by o (-i, --source, filter, -s, -B, -p, -c).
 * 0 ok; else the exit code (PS_EXIT_USAGE for a bad filter) with the reason
 * in err. */
int tui_live_open(struct tui_live **out, const struct ps_options *o, struct tui_wake *wake,
		  char *err, size_t errlen);
/* The store packets are drained into (created by tui_live_open). */
struct tui_store *tui_live_store(struct tui_live *lv);
/* Start the capture thread.  0 ok, else errno. */
int tui_live_start(struct tui_live *lv);
/* UI thread: move up to max queued frames into the store.  Returns how many. */
unsigned tui_live_drain(struct tui_live *lv, unsigned max);
/* Drops so far: by the kernel/ring, and by the queue when the UI fell
 * behind.  false when the capture cannot tell its drops and none were queued. */
bool tui_live_drops(const struct tui_live *lv, uint64_t *kernel, uint64_t *queue);
/* Stop the thread, close the capture and the store (NULL is fine). */
void tui_live_close(struct tui_live *lv);

#endif
