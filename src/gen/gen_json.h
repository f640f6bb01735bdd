/* SPDX-License-Identifier: BSD-2-Clause */
/* Minimal JSON output helper for pktscope-gen's --json modes. */
#ifndef PS_GEN_JSON_H
#define PS_GEN_JSON_H

#include <stdio.h>

/* Writes s as a quoted JSON string (", \ and control bytes escaped). */
void gen_json_str(FILE *fp, const char *s);

#endif
