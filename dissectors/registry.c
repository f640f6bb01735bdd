/* SPDX-License-Identifier: BSD-2-Clause */
/* registry.c - the hand-off tables, built from dissectors/protocols.def.
 *
 * No self-registration: protocols.def is the whole picture, and this file
 * only turns its rows into lookups.  (table, key) rows become one switch, so
 * the compiler picks the search (jump table or binary search) and two rows
 * with the same key are a compile error rather than a silent shadowing.
 * The heuristic rows and the tag -> dissector table are const arrays that
 * ps_dissect.h reads inline: they are walked for every frame.
 */
#include "ps_dissect.h"
#include "ps_linktype.h"

/* every dissector any row names */
#define PS_PROTO(tag, member, ops) extern const struct ps_dissector ops;
#define PS_HANDOFF(table, key, ops) extern const struct ps_dissector ops;
#define PS_HEURISTIC(table, ops) extern const struct ps_dissector ops;
#include "protocols.def"

#define ROW_KEY(table, key) (((uint64_t)(table) << 32) | (uint32_t)(key))

/* Every row as one switch over (table, key): any table, as the cold
 * tables and dissectors outside the driver ask. */
static const struct ps_dissector *any_row(enum ps_table table, uint32_t key)
{
	switch (ROW_KEY(table, key)) {
#define PS_HANDOFF(table, key, ops)                                                              \
	case ROW_KEY(PS_TAB_##table, key):                                                        \
		return &ops;
#include "protocols.def"
	default:
		return 0;
	}
}

/* The tables nearly every frame passes (link type, EtherType, IP protocol,
 * ports) each get a switch over the key alone (registry_cases.h): a short
 * search, or a jump table, instead of one through all the rows. */
static const struct ps_dissector *linktype_row(uint32_t key)
{
#define ROW_TABLE PS_TAB_LINKTYPE
	switch ((uint64_t)key) {
#include "registry_cases.h"
	}
#undef ROW_TABLE
	return 0;
}

static const struct ps_dissector *ethertype_row(uint32_t key)
{
#define ROW_TABLE PS_TAB_ETHERTYPE
	switch ((uint64_t)key) {
#include "registry_cases.h"
	}
#undef ROW_TABLE
	return 0;
}

static const struct ps_dissector *ipproto_row(uint32_t key)
{
#define ROW_TABLE PS_TAB_IPPROTO
	switch ((uint64_t)key) {
#include "registry_cases.h"
	}
#undef ROW_TABLE
	return 0;
}

static const struct ps_dissector *tcp_port_row(uint32_t key)
{
#define ROW_TABLE PS_TAB_TCP_PORT
	switch ((uint64_t)key) {
#include "registry_cases.h"
	}
#undef ROW_TABLE
	return 0;
}

static const struct ps_dissector *udp_port_row(uint32_t key)
{
#define ROW_TABLE PS_TAB_UDP_PORT
	switch ((uint64_t)key) {
#include "registry_cases.h"
	}
#undef ROW_TABLE
	return 0;
}

/* One bit per port modulo 64 of a port table's rows (a constant the
 * compiler folds): most frames have one ephemeral port, and the bit being
 * clear answers "no row" without the search. */
#define PORT_BIT(port) PS_PORT_BIT(port)
#define PS_HANDOFF(table, key, ops) | (PS_TAB_##table == PS_TAB_TCP_PORT ? PORT_BIT(key) : 0)
static const uint64_t tcp_port_bits = 0
#include "protocols.def"
	;
#define PS_HANDOFF(table, key, ops) | (PS_TAB_##table == PS_TAB_UDP_PORT ? PORT_BIT(key) : 0)
static const uint64_t udp_port_bits = 0
#include "protocols.def"
	;

const struct ps_dissector *ps_registry_lookup(enum ps_table table, uint32_t key)
{
	switch (table) {
	case PS_TAB_ETHERTYPE:
		return ethertype_row(key);
	case PS_TAB_IPPROTO:
		return ipproto_row(key);
	case PS_TAB_TCP_PORT:
		return tcp_port_bits & PORT_BIT(key) ? tcp_port_row(key) : 0;
	case PS_TAB_UDP_PORT:
		return udp_port_bits & PORT_BIT(key) ? udp_port_row(key) : 0;
	case PS_TAB_LINKTYPE:
		return linktype_row(key);
	default:
		return any_row(table, key);
	}
}

uint64_t ps_registry_port_bits(enum ps_table table, uint64_t skip)
{
	uint64_t bits = 0;
#define PS_HANDOFF(tab, key, ops)                                                                 \
	if (PS_TAB_##tab == table && !(skip >> (ops).proto & 1u))                                 \
		bits |= PORT_BIT(key);
#include "protocols.def"
	return bits;
}

const struct ps_heuristic_row ps_registry_heuristic_rows[] = {
#define PS_HEURISTIC(table, ops) {PS_TAB_##table, &ops},
#include "protocols.def"
	{PS_TAB_NONE, 0},
};

/* proto tag -> dissector, for renderers walking a finished record */
const struct ps_dissector *const ps_registry_protos[PS_P__COUNT] = {
#define PS_PROTO(tag, member, ops) [PS_P_##tag] = &ops,
#include "protocols.def"
};

/* the PS_APP rows: protocols a run may leave undecoded */
_Static_assert(PS_P__COUNT <= 64, "a protocol set is one 64-bit word");
const uint64_t ps_registry_app_protos = 0
#define PS_APP(tag) | UINT64_C(1) << PS_P_##tag
#include "protocols.def"
	;

int ps_registry_has_linktype(int linktype)
{
	return linktype >= 0 && ps_registry_lookup(PS_TAB_LINKTYPE, (uint32_t)linktype) != 0;
}
