/* SPDX-License-Identifier: BSD-2-Clause */
/* df_vstr.h - tshark 4.0's names for the values of integer and boolean
 * fields (its value strings and true/false strings: "ip.proto == TCP",
 * "ip.flags.df == Set"), for the fields pktscope decodes.  The table is
 * generated from tshark (scripts/gen-vstrings.py -> df_vstr.inc); the
 * parser looks names up once, when it compiles a literal. */
#ifndef DF_VSTR_H
#define DF_VSTR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What tshark takes as names for field `name`'s values: 0 none (a word that
 * is not a number is an error), 'V' its value strings, 'T' its true and
 * false strings (a boolean), 'R' range strings (names are an error there:
 * tshark "cannot accept [range] strings as values"). */
char df_vstr_kind(const char *field);
/* The value named s (n bytes) for field `field`: ASCII case-insensitive,
 * the first name that matches (tshark's order); a word (not quoted) only
 * among the names tshark takes unquoted (all but vlan.priority's).  True
 * with *out set. */
bool df_vstr_lookup(const char *field, const char *s, size_t n, bool quoted, uint64_t *out);

#endif
