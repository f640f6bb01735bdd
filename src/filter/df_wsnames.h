/* SPDX-License-Identifier: BSD-2-Clause */
/* df_wsnames.h - names tshark 4.0 knows that pktscope does not decode
 * (df_wsnames.c): they compile to "never present" fields and protocols. */
#ifndef DF_WSNAMES_H
#define DF_WSNAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "df_int.h"

#define DF_WS_NAME_MAX 127
/* A filter holds this many rows of such names at most */
#define DF_WS_ROWS 32

/* The row of one such name, owned by the filter that names it: f for a
 * field (its type from tshark's; its getter finds nothing), p for a
 * protocol (no layer tag: never present). */
struct df_ws_row {
	struct df_field f;
	struct df_proto p;
	char type; /* the generator's letter: 'P' a protocol */
	char name[DF_WS_NAME_MAX + 1];
};

/* The type letter of field (fields) or protocol `name`, 0 when tshark 4.0
 * has no such name or pktscope decodes it (the generator left it out). */
char df_ws_lookup(bool fields, const char *name, size_t n);
/* Does the list hold fields named "proto.*"? */
bool df_ws_has_fields(const char *proto, size_t n);
void df_ws_row(struct df_ws_row *r, const char *name, size_t n, char type);
/* The listed name closest to `name` within *best edits (lowered on a find)
 * into out; false when none. */
bool df_ws_suggest(const char *name, size_t n, unsigned *best, char out[DF_WS_NAME_MAX + 1]);
/* Levenshtein distance between a (na bytes) and b (nb), 99 beyond 63 bytes
 * (df_fields.c) */
unsigned df_distance(const char *a, size_t na, const char *b, size_t nb);

#endif
