/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_filter.h - the display filter: a BPF expression compiled with libpcap
 * (pcap_compile on a dead handle) and run on stored packets with
 * pcap_offline_filter.  A pcapng may mix link types: the expression is
 * compiled once per link type, the first time one is met. */
#ifndef TUI_FILTER_H
#define TUI_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "tui_rec.h"

struct tui_filter;

/* Compile expr for `linktype` now, so a syntax error is reported at once.
 * 0 ok; -1 with libpcap's message in err. */
int tui_filter_new(struct tui_filter **out, const char *expr, int linktype, char *err,
		   size_t errlen);
void tui_filter_free(struct tui_filter *f);
const char *tui_filter_expr(const struct tui_filter *f);
/* True when the packet passes.  Not thread-safe: one scan thread per filter. */
bool tui_filter_match(struct tui_filter *f, const struct tui_rec *r, const uint8_t *data);

#endif
