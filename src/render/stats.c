/* SPDX-License-Identifier: BSD-2-Clause */
/* stats.c - counting what was dissected, and the -q summary. */
#include "ps_dissect.h"
#include "ps_stats.h"

void ps_stats_add(struct ps_stats *s, const struct ps_packet *p)
{
	_Static_assert(PS_P__COUNT <= 64, "one bit per protocol in `seen`");
	uint64_t seen = 0;
	s->packets++;
	s->bytes += p->len;
	s->captured_bytes += p->caplen;
	for (unsigned i = 0; i < p->nlayers; i++) {
		unsigned pr = p->layers[i].proto;
		if (p->layers[i].parent < 0 && !(seen & (UINT64_C(1) << pr))) {
			seen |= UINT64_C(1) << pr;
			s->proto[pr]++;
		}
	}
	for (unsigned i = 0; i < p->nevents; i++)
		if (p->events[i].code < PS_EV__COUNT)
			s->events[p->events[i].code]++;
	s->truncated += p->any_truncated;
	s->malformed += p->any_malformed;
}

void ps_stats_merge(struct ps_stats *into, const struct ps_stats *from)
{
	into->packets += from->packets;
	into->bytes += from->bytes;
	into->captured_bytes += from->captured_bytes;
	into->truncated += from->truncated;
	into->malformed += from->malformed;
	for (unsigned i = 0; i < PS_P__COUNT; i++)
		into->proto[i] += from->proto[i];
	for (unsigned i = 0; i < PS_EV__COUNT; i++)
		into->events[i] += from->events[i];
}

void ps_stats_print(const struct ps_stats *s, struct ps_out *o)
{
	ps_out_u64(o, s->packets);
	PS_OUT_LIT(o, " packets, ");
	ps_out_u64(o, s->bytes);
	PS_OUT_LIT(o, " bytes (");
	ps_out_u64(o, s->captured_bytes);
	PS_OUT_LIT(o, " captured)\nprotocols:");
	bool any = false;
	for (unsigned pr = 1; pr < PS_P__COUNT; pr++) {
		const struct ps_dissector *dis = ps_registry_by_proto(pr);
		if (!s->proto[pr] || !dis)
			continue;
		ps_out_str(o, any ? ", " : " ");
		ps_out_str(o, dis->name);
		ps_out_char(o, ' ');
		ps_out_u64(o, s->proto[pr]);
		any = true;
	}
	if (!any)
		PS_OUT_LIT(o, " none");
	PS_OUT_LIT(o, "\ntruncated ");
	ps_out_u64(o, s->truncated);
	PS_OUT_LIT(o, ", malformed ");
	ps_out_u64(o, s->malformed);
	ps_out_char(o, '\n');
	any = false;
	for (unsigned ev = 1; ev < PS_EV__COUNT; ev++) {
		if (!s->events[ev])
			continue;
		ps_out_str(o, any ? ", " : "events: ");
		ps_out_str(o, ps_event_name(ev));
		ps_out_char(o, ' ');
		ps_out_u64(o, s->events[ev]);
		any = true;
	}
	if (any)
		ps_out_char(o, '\n');
}
