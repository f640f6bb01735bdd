/* SPDX-License-Identifier: BSD-2-Clause */
/* flow_plan.c - how much of the flow stage -Y and -e read (flow_plan.h). */
#include "flow_plan.h"
#include "ps_flow_scope.h"

enum ps_flow_plan ps_flow_plan_view(const struct ps_dfilter *f, const struct ps_dfields *d,
				    uint64_t *streams)
{
	*streams = 0;
	if (!(f && ps_dfilter_flow_field(f)) && !(d && ps_dfields_flow_field(d)))
		return PS_FLOW_PLAN_NONE;
	if ((f && ps_dfilter_flow_all_field(f)) || (d && ps_dfields_flow_all_field(d)))
		return PS_FLOW_PLAN_ALL;
	uint64_t s = (f ? ps_dfilter_stream_reads(f) : 0) | (d ? ps_dfields_stream_reads(d) : 0);
	if (!s || (s & ~PS_FLOW_SCOPE_PROTOS)) /* a layer no decoder alone writes */
		return PS_FLOW_PLAN_ALL;
	*streams = s;
	return PS_FLOW_PLAN_STREAMS;
}
