/* SPDX-License-Identifier: BSD-2-Clause */
/* flow_plan.h - how much of the flow stage a run's -Y and -e read
 * (src/cli/run.c asks when they are its only readers of the records). */
#ifndef FLOW_PLAN_H
#define FLOW_PLAN_H

#include <stdint.h>

#include "ps_dfilter.h"

enum ps_flow_plan {
	PS_FLOW_PLAN_NONE,    /* no field needs the stage: it does not run */
	PS_FLOW_PLAN_STREAMS, /* only layers of some TCP stream decoders */
	PS_FLOW_PLAN_ALL,     /* the whole stage */
};

/* The plan for the filter f and the fields d (either may be NULL), from
 * their fields' NEED in src/filter/df_fields.def: NONE when every field is
 * DISSECT; ALL when one is FLOW or ANALYSIS (a note such as tcp.stream,
 * QUIC's state, frame.protocols, the sequence analysis) or a STREAM
 * field's layer has no TCP stream decoder the stage can run alone
 * (PS_FLOW_SCOPE_PROTOS); else STREAMS, with the decoders (bit 1 << tag)
 * in *streams. */
enum ps_flow_plan ps_flow_plan_view(const struct ps_dfilter *f, const struct ps_dfields *d,
				    uint64_t *streams);

#endif
