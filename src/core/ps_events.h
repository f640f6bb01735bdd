/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_events.h - named packet anomalies ("<layer>.<condition>").
 *
 * Every event the program can emit is declared once, in the .def file of the
 * protocol that raises it (dissectors/events/<proto>.def, listed in
 * dissectors/protocols.def), with its kind:
 *   PS_EVK_TRUNC     the capture ended inside the header (snap length, caplen)
 *   PS_EVK_MALFORMED the header contradicts itself or its carrier
 *   PS_EVK_LIMIT     a safety limit of pktscope was reached (depth, option count)
 *   PS_EVK_ANALYSIS  an observation across packets (retransmission, gap): the
 *                    packet itself is well formed, so it is neither
 *                    truncated nor malformed
 * docs/events.md lists them for users.
 */
#ifndef PS_EVENTS_H
#define PS_EVENTS_H

#include <stdint.h>

enum ps_event_kind { PS_EVK_TRUNC, PS_EVK_MALFORMED, PS_EVK_LIMIT, PS_EVK_ANALYSIS };

enum ps_event_code {
	PS_EV_NONE = 0,
#define PS_EVENT(id, name, kind) PS_EV_##id,
#define PS_PROTOCOLS_EVENTS
#include "protocols.def"
#undef PS_PROTOCOLS_EVENTS
#undef PS_EVENT
	PS_EV__COUNT
};

/* "ip.truncated" for PS_EV_IP_TRUNCATED; "?" for an out-of-range code. */
const char *ps_event_name(unsigned code);
enum ps_event_kind ps_event_kind(unsigned code);

/* Engines outside the dissectors (TCP analysis, reassembly) report what they
 * saw as flag bits; a table of (flags, event) rows turns them into events. */
struct ps_flag_event {
	uint32_t flags;
	enum ps_event_code code;
};
/* The codes of the rows whose flags intersect `flags`, in table order, at
 * most max of them; returns how many were written to out. */
static inline unsigned ps_events_from_flags(uint32_t flags, const struct ps_flag_event *map,
					    unsigned nmap, enum ps_event_code *out, unsigned max)
{
	unsigned n = 0;
	/* a constant trip count: the small constant tables unroll to tests */
	_Pragma("GCC unroll 8")
	for (unsigned i = 0; i < nmap; i++)
		if ((flags & map[i].flags) && n < max)
			out[n++] = map[i].code;
	return n;
}

#endif
