/* SPDX-License-Identifier: BSD-2-Clause */
/* registry.c - the hand-off tables, built from dissectors/protocols.def.
 *
 * No self-registration: protocols.def is the whole picture, and this file
 * only turns its rows into lookups.  (table, key) rows become one switch, so
 * the compiler picks the search (jump table or binary search) and two rows
 * with the same key are a compile error rather than a silent shadowing.
 */
#include "ps_dissect.h"
#include "ps_linktype.h"

/* every dissector any row names */
#define PS_PROTO(tag, member, ops) extern const struct ps_dissector ops;
#define PS_HANDOFF(table, key, ops) extern const struct ps_dissector ops;
#define PS_HEURISTIC(table, ops) extern const struct ps_dissector ops;
#include "protocols.def"

#define ROW_KEY(table, key) (((uint64_t)(table) << 32) | (uint32_t)(key))

const struct ps_dissector *ps_registry_lookup(enum ps_table table, uint32_t key)
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

struct heuristic_row {
	enum ps_table table;
	const struct ps_dissector *dis;
};

static const struct heuristic_row heuristics[] = {
#define PS_HEURISTIC(table, ops) {PS_TAB_##table, &ops},
#include "protocols.def"
	{PS_TAB_NONE, 0},
};

const struct ps_dissector *ps_registry_heuristic(enum ps_table table, unsigned *row)
{
	for (unsigned r = *row; heuristics[r].dis; r++)
		if (heuristics[r].table == table) {
			*row = r + 1;
			return heuristics[r].dis;
		}
	return 0;
}

/* proto tag -> dissector, for renderers walking a finished record */
static const struct ps_dissector *const by_proto[PS_P__COUNT] = {
#define PS_PROTO(tag, member, ops) [PS_P_##tag] = &ops,
#include "protocols.def"
};

const struct ps_dissector *ps_registry_by_proto(unsigned proto)
{
	return proto < PS_P__COUNT ? by_proto[proto] : 0;
}

int ps_registry_has_linktype(int linktype)
{
	return linktype >= 0 && ps_registry_lookup(PS_TAB_LINKTYPE, (uint32_t)linktype) != 0;
}
