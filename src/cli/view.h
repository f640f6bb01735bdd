/* SPDX-License-Identifier: BSD-2-Clause */
/* view.h - what the run loop shows: the display filter (-Y) and the field
 * output (-T fields -e ...), compiled once before the capture opens. */
#ifndef PS_VIEW_H
#define PS_VIEW_H

#include <stdbool.h>

#include "ps_dfilter.h"
#include "ps_options.h"

struct ps_view {
	struct ps_dfilter *filter; /* NULL without -Y */
	struct ps_dfields *fields; /* NULL without -T fields */
	struct ps_frame_shown shown; /* the last frame -Y passed: frame.time_delta_displayed */
};

/* Compile -Y and resolve -e.  PS_EXIT_OK, or PS_EXIT_USAGE after printing
 * "pktscope: -Y: ... at COL" with the expression and a caret under it. */
int ps_view_open(struct ps_view *v, const struct ps_options *o);
void ps_view_close(struct ps_view *v);

/* Does the dissected record pass the display filter (always without -Y)?
 * Called in frame order: with -Y, p->ref.disp becomes the time of the last
 * frame that passed (p's own before the first), as tshark measures
 * frame.time_delta_displayed while it filters. */
static inline bool ps_view_match(struct ps_view *v, struct ps_packet *p)
{
	if (!v->filter)
		return true;
	ps_frame_shown_ref(&v->shown, p);
	if (!ps_dfilter_match(v->filter, p))
		return false;
	ps_frame_shown_note(&v->shown, p);
	return true;
}

#endif
