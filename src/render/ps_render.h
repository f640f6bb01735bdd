/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_render.h - renderers: turn a dissected record into output.
 * Renderers read only the record (through the dissectors' summary and fields
 * ops and the emitter), never the packet bytes, except the hex dump. */
#ifndef PS_RENDER_H
#define PS_RENDER_H

#include <stdbool.h>
#include <stdint.h>

#include "ps_dissect.h"
#include "ps_out.h"
#include "ps_packet.h"

enum ps_time_fmt { PS_TIME_LOCAL = 0, PS_TIME_NONE, PS_TIME_EPOCH };

struct ps_render_opts {
	struct ps_text_opts text; /* -v, -e */
	enum ps_time_fmt time_fmt; /* default, -t, -tt */
	int hex;                   /* 0, 1 = -x, 2 = -X (hex + ASCII) */
};

/* Per-renderer mutable state: the cached local-time prefix. */
struct ps_time_cache {
	int64_t sec;  /* second the prefix was computed for */
	bool valid;
	char hms[9];  /* "HH:MM:SS" */
};

struct ps_renderer;
struct ps_renderer_ops {
	const char *name;
	void (*packet)(struct ps_renderer *r, const struct ps_packet *p);
};

struct ps_renderer {
	const struct ps_renderer_ops *ops;
	struct ps_out *out;                /* borrowed */
	const struct ps_render_opts *opts; /* borrowed */
	struct ps_time_cache tc;
};

extern const struct ps_renderer_ops ps_render_text, ps_render_json;

/* The renderer called name ("text", "json"; render.c holds the table), NULL
 * when there is none.  A new output format is one row there. */
const struct ps_renderer_ops *ps_render_find(const char *name);

/* The text line without time stamp or newline (TUI Info column, tests). */
void ps_render_text_body(const struct ps_packet *p, const struct ps_text_opts *t,
			 struct ps_out *o);
/* The JSON emitter over an output buffer (also used by tests). */
void ps_render_json_line(const struct ps_packet *p, struct ps_out *o);

#endif
