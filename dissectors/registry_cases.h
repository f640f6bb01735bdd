/* SPDX-License-Identifier: BSD-2-Clause */
/* registry_cases.h - the `case`s of one hand-off table's switch (registry.c only).
 *
 * Included inside `switch ((uint64_t)key)` with ROW_TABLE defined as the
 * table.  Every PS_HANDOFF row becomes a case whose value is its
 * (table, key) minus (ROW_TABLE, 0): the key itself for the table's own
 * rows, and 2^32 or more (mod 2^64) for every other table's, which a
 * uint32_t key never reaches, so the compiler drops them.  The values stay
 * distinct, so a duplicate row is still a compile error.  No include guard:
 * included once per table.
 */
#define PS_HANDOFF(table, key, ops)                                                              \
	case ROW_KEY(PS_TAB_##table, key) - ROW_KEY(ROW_TABLE, 0):                               \
		return &ops;
#include "protocols.def"
