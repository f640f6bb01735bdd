/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_tree.h - the detail tree of the selected packet.
 *
 * Built by running the record through ps_emit_packet with an emitter that
 * makes one node per object, array and value, so every name is the --json
 * name.  Each node keeps the frame bytes it came from (ps_emit_span; an
 * object covers its children) for the hex pane.  What is expanded is
 * remembered by key path ("ip", "tcp/options"), so moving to another packet
 * keeps the same layers open, and the cursor stays on the same field.
 */
#ifndef TUI_TREE_H
#define TUI_TREE_H

#include <stdbool.h>
#include <stdint.h>

#include "ps_packet.h"

#define TUI_TREE_MAX 2048u
#define TUI_TREE_POOL 65536u
#define TUI_TREE_OPEN 64u /* expanded paths remembered */

/* TUI_N_GEN: a line of the tree's own (where reassembled bytes came from),
 * not a --json field; TUI_N_AWAY: the field's bytes are reassembled ones
 * after the frame's in the record (the hex pane shows those);
 * TUI_N_PART: a field of a layer rebuilt from several frames' segments
 * whose own bytes the decoder does not locate (they were joined in the
 * stream decoder's buffer, which the record does not keep): its span is
 * this frame's part of the layer, and `note` the generated line that
 * lists the frames holding the rest; TUI_N_SIDE: its bytes are a copy in
 * the record's side area (ps_emit_span_side: an HTTP header block joined
 * from segments), side_off/side_len, which the bytes pane finds in the
 * reassembled bytes; TUI_N_STREAM: its bytes are stream bytes the record
 * does not hold (ps_emit_span_stream: a TLS hello rebuilt from segments),
 * stream_off (from the first byte this frame delivered, signed) and
 * stream_len, found in the reassembled bytes the same way */
enum tui_node_flags { TUI_N_CONTAINER = 1, TUI_N_OPEN = 2, TUI_N_GEN = 4, TUI_N_AWAY = 8,
		      TUI_N_PART = 16, TUI_N_SIDE = 32, TUI_N_STREAM = 64 };

/* A generated line at the end of layer `layer`'s object; `rebuilt`: the
 * line lists the frames the layer was rebuilt from (TUI_N_PART). */
struct tui_tree_note {
	int layer;
	const char *text;
	bool rebuilt;
};

struct tui_node {
	int16_t parent;  /* -1 top level */
	uint8_t depth;
	uint8_t flags;   /* enum tui_node_flags */
	uint16_t nchild;
	uint8_t note;    /* TUI_N_PART: index of the note (tui_tree_build_notes) */
	uint32_t label;  /* offset into pool */
	uint32_t path;   /* hash of the key path */
	uint32_t span_off, span_len; /* frame bytes, span_len 0 = none */
	/* TUI_N_AWAY: the bytes after the frame's in the record (a reassembled
	 * datagram, a DNS message from the stream: ps_packet_bytes) */
	uint32_t away_off, away_len;
	uint32_t side_off, side_len; /* TUI_N_SIDE */
	int32_t stream_off;          /* TUI_N_STREAM */
	uint32_t stream_len;
};

struct tui_tree {
	struct tui_node nodes[TUI_TREE_MAX];
	unsigned n;
	char pool[TUI_TREE_POOL];
	uint32_t pool_len;
	bool overflow;     /* the packet had more fields than fit */
	uint32_t caplen;
	/* building */
	int cur;           /* open container, -1 top level */
	unsigned skip;     /* containers opened while full */
	/* view state, kept across packets */
	uint32_t open[TUI_TREE_OPEN];
	unsigned nopen;
	unsigned cursor;   /* node index */
	uint32_t cursor_path;
	unsigned top;      /* first visible line */
};

void tui_tree_init(struct tui_tree *t);
/* Rebuild from a dissected record (keeps expansion and cursor path).  Spans
 * are clipped to the frame (caplen): reassembled bytes after it are not
 * this frame's. */
void tui_tree_build(struct tui_tree *t, const struct ps_packet *p);
/* The same with n generated lines, each highlighting its layer's bytes. */
void tui_tree_build_notes(struct tui_tree *t, const struct ps_packet *p,
			  const struct tui_tree_note *notes, unsigned n);
void tui_tree_clear(struct tui_tree *t);
/* The visible nodes (every ancestor open), in order.  Returns how many. */
unsigned tui_tree_lines(const struct tui_tree *t, uint16_t *out, unsigned max);
static inline const char *tui_tree_label(const struct tui_tree *t, unsigned node)
{
	return t->pool + t->nodes[node].label;
}
/* Move the cursor by delta visible lines (clamped), keep it in a pane of rows lines. */
void tui_tree_move(struct tui_tree *t, int delta, unsigned rows);
/* Expand or collapse the cursor's node; false when it has no children. */
bool tui_tree_toggle(struct tui_tree *t);
/* The display-filter view of node: its JSON path ("ip.ttl"; the path
 * restarts below an "inner"/"quote" object) and value ("64"), or for a
 * top-level object its protocol name with value "".  False for other
 * containers, generated lines or when the buffers are too small. */
bool tui_tree_field(const struct tui_tree *t, unsigned node, char *path, size_t pn, char *val,
		    size_t vn);
/* Expand (open=true) or collapse every top-level node. */
void tui_tree_set_all(struct tui_tree *t, bool open);

#endif
