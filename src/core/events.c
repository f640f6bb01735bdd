/* SPDX-License-Identifier: BSD-2-Clause */
/* events.c - names and kinds of the packet events, from dissectors/events/<proto>.def
 * (the list is in dissectors/protocols.def). */
#include "ps_events.h"

static const struct {
	const char *name;
	unsigned char kind;
} events[PS_EV__COUNT] = {
	[PS_EV_NONE] = {"?", PS_EVK_MALFORMED},
#define PS_EVENT(id, nm, k) [PS_EV_##id] = {nm, k},
#define PS_PROTOCOLS_EVENTS
#include "protocols.def"
#undef PS_PROTOCOLS_EVENTS
#undef PS_EVENT
};

const char *ps_event_name(unsigned code)
{
	return code < PS_EV__COUNT ? events[code].name : "?";
}

enum ps_event_kind ps_event_kind(unsigned code)
{
	return code < PS_EV__COUNT ? (enum ps_event_kind)events[code].kind : PS_EVK_MALFORMED;
}
