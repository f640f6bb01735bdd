/* SPDX-License-Identifier: BSD-2-Clause */
/* pst_dfilter.h - display-filter checks the dfilter suites share. */
#ifndef PST_DFILTER_H
#define PST_DFILTER_H

#include <stdbool.h>

#include "ps_packet.h"

/* Compile expr (a CUnit failure, and false, when it does not) and match it
 * on p. */
bool pst_df_match(const char *expr, const struct ps_packet *p);
/* Compiling expr must fail at column col (1-based; 0: no position) over
 * len bytes, the message containing `part`: the caret tshark draws. */
void pst_df_err_at(const char *expr, unsigned col, unsigned len, const char *part);

#endif
