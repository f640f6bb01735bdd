/* SPDX-License-Identifier: BSD-2-Clause */
/* flow_scope.c - which packets a narrowed flow stage sees (ps_flow_scope.h). */
#include <stdio.h>

#include "ps_dissect.h"
#include "ps_flow_scope.h"
#include "ps_linktype.h" /* the link-type rows' keys */

/* every dissector a TCP row names, and the rows themselves */
#define PS_HANDOFF(table, key, ops) extern const struct ps_dissector ops;
#define PS_HEURISTIC(table, ops) extern const struct ps_dissector ops;
#include "protocols.def"

static const struct {
	enum ps_table table;
	uint32_t key;
	const struct ps_dissector *dis;
} rows[] = {
#define PS_HANDOFF(table, key, ops) {PS_TAB_##table, key, &ops},
#define PS_HEURISTIC(table, ops) {PS_TAB_##table, 0, &ops},
#include "protocols.def"
};

void ps_flow_scope_init(struct ps_flow_scope *sc, uint64_t protos)
{
	*sc = (struct ps_flow_scope){.protos = protos & PS_FLOW_SCOPE_PROTOS};
	for (unsigned i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (!(sc->protos & UINT64_C(1) << rows[i].dis->proto))
			continue;
		if (rows[i].table == PS_TAB_TCP_HEUR)
			sc->every_tcp = true;
		if (rows[i].table != PS_TAB_TCP_PORT)
			continue;
		if (sc->nports == sizeof sc->ports / sizeof sc->ports[0]) {
			sc->every_tcp = true; /* bounded: then no port test at all */
			continue;
		}
		unsigned j = sc->nports++; /* insertion: a handful of rows */
		for (; j && sc->ports[j - 1] > rows[i].key; j--)
			sc->ports[j] = sc->ports[j - 1];
		sc->ports[j] = (uint16_t)rows[i].key;
		sc->port_bits |= UINT64_C(1) << (rows[i].key & 63);
	}
}

static bool port_in(const struct ps_flow_scope *sc, uint16_t port)
{
	if (!(sc->port_bits >> (port & 63) & 1))
		return false;
	for (unsigned i = 0; i < sc->nports; i++)
		if (sc->ports[i] == port)
			return true;
	return false;
}

/* Every TCP layer counts, a tunnel's inner one too (the stage tracks each
 * conversation of the packet) and one in an ICMP quote (more than needed:
 * the stage keys no flow on it). */
bool ps_flow_scope_wants(const struct ps_flow_scope *sc, const struct ps_packet *p)
{
	for (unsigned i = 0; i < p->nlayers; i++) {
		const struct ps_layer *l = &p->layers[i];
		if (l->proto != PS_P_TCP)
			continue;
		if (sc->every_tcp || port_in(sc, l->u.tcp.sport) || port_in(sc, l->u.tcp.dport))
			return true;
	}
	return false;
}

void ps_flow_scope_describe(const struct ps_flow_scope *sc, char *out, unsigned n)
{
	if (!n)
		return;
	out[0] = 0;
	if (sc->every_tcp) {
		snprintf(out, n, "every tcp flow, no udp flow");
		return;
	}
	unsigned used = 0;
	for (unsigned i = 0; i < sc->nports && used < n; i++) {
		int w = snprintf(out + used, n - used, "%s%u", i ? ", " : "tcp ports ",
				 (unsigned)sc->ports[i]);
		if (w < 0)
			return;
		used += (unsigned)w;
	}
	if (!sc->nports)
		snprintf(out, n, "no flow");
}
