/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_filter.h - the display filter over stored packets: Wireshark's
 * display-filter syntax (src/filter, evaluated on each packet dissected
 * again), or with a "bpf:" prefix a BPF expression compiled with libpcap
 * (pcap_compile on a dead handle) and run with pcap_offline_filter.  A
 * pcapng may mix link types: a BPF expression is compiled once per link
 * type, the first time one is met. */
#ifndef TUI_FILTER_H
#define TUI_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "tui_rec.h"

struct tui_filter;

/* Compile expr (for `linktype` when BPF) now, so a syntax error is reported
 * at once.  0 ok; -1 with the reason in err ("... at COL" for a display filter). */
int tui_filter_new(struct tui_filter **out, const char *expr, int linktype, char *err,
		   size_t errlen);
void tui_filter_free(struct tui_filter *f);
const char *tui_filter_expr(const struct tui_filter *f);
/* True when packet number `n` (1-based) passes.  Not thread-safe: one scan
 * thread per filter. */
bool tui_filter_match(struct tui_filter *f, uint64_t n, const struct tui_rec *r,
		      const uint8_t *data);

#endif
