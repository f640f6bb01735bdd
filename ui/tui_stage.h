/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_stage.h - the stateful stage of the packet path for a TUI scan, as
 * `pktscope -r F -Y EXPR` runs it (src/cli/run.c, track): IP
 * defragmentation, then the flow table with TCP reassembly and its stream
 * decoders, every packet in frame order, so that a display filter sees the
 * record the command line's filter sees.
 *
 * Bounds: the defragmentation table's (ip_defrag.h) and the flow table's
 * (--flow-mem, --reassembly-mem: struct ps_flow_cfg), each allocated once. */
#ifndef TUI_STAGE_H
#define TUI_STAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "ps_flow.h"
#include "ps_packet.h"

/* What the command line asked for: NULL flow (--no-flows) runs no flow
 * table; defrag false (--no-defrag) no defragmentation. */
struct tui_stage_cfg {
	const struct ps_flow_cfg *flow;
	bool defrag;
};

struct tui_stage;

/* A stage with the defragmentation table (cfg->defrag) and, when `flows`
 * and cfg->flow, a flow table that hands each conversation that ends to
 * on_end(ctx) (may be NULL).  0 ok (*out may be NULL: nothing to run); -1
 * with the reason in err. */
int tui_stage_new(struct tui_stage **out, const struct tui_stage_cfg *cfg, bool flows,
		  ps_flow_end_fn on_end, void *ctx, char *err, size_t errlen);
void tui_stage_free(struct tui_stage *s);
/* End of input: every open conversation ends (ps_flow_flush). */
void tui_stage_flush(struct tui_stage *s);
/* Run a dissected record through the stage (NULL s: nothing).  The record
 * may then borrow the stage's buffer (a reassembled datagram) and its flow
 * note the table's id: valid until the next call. */
void tui_stage_packet(struct tui_stage *s, struct ps_packet *p);

/* tui_stage_packet in two steps, for the detail tree's replay of one
 * conversation (tui_replay.h): every record goes to defragmentation (a
 * datagram another conversation's packets complete is whole), then only a
 * record of conversation `only` (its innermost key; NULL: none) to the
 * flow table. */
void tui_stage_defrag(struct tui_stage *s, struct ps_packet *p);
void tui_stage_track(struct tui_stage *s, struct ps_packet *p, const struct ps_flow_key *only);
/* Hand the flow table's delivered bytes to fn (ps_flow_set_consumer);
 * nothing without a flow table. */
void tui_stage_set_consumer(struct tui_stage *s, ps_flow_bytes_fn fn, void *ctx);

#endif
