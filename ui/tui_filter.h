/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_filter.h - the display filter over stored packets: Wireshark's
 * display-filter syntax (src/filter, evaluated on each packet dissected
 * again and run through the stage the command line runs before -Y), or with a "bpf:" prefix a BPF expression compiled with libpcap
 * (pcap_compile on a dead handle) and run with pcap_offline_filter.  A
 * pcapng may mix link types: a BPF expression is compiled once per link
 * type, the first time one is met. */
#ifndef TUI_FILTER_H
#define TUI_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "tui_rec.h"

struct tui_filter;
struct tui_stage_cfg;

/* Compile expr (for `linktype` when BPF) now, so a syntax error is reported
 * at once; nothing else is allocated (live validation compiles on every
 * key).  0 ok; -1 with the reason in err ("... at COL" for a display filter). */
int tui_filter_new(struct tui_filter **out, const char *expr, int linktype, char *err,
		   size_t errlen);
void tui_filter_free(struct tui_filter *f);
const char *tui_filter_expr(const struct tui_filter *f);
/* The first name of a display filter that tshark 4.0 knows and pktscope
 * does not decode (ps_dfilter_undecoded: it is never present), NULL when
 * none, BPF or f NULL.  Borrowed from f. */
const char *tui_filter_undecoded(const struct tui_filter *f);
/* The warning the filter box shows for f, in the words of the command
 * line's -Y warning (src/cli/view.c): such a name, else a literal read as
 * tshark 4.0 reads it (ps_dfilter_warning).  False (buf untouched) when none. */
bool tui_filter_warning(const struct tui_filter *f, char *buf, size_t n);
/* The first field of a display filter that needs the flow table
 * (ps_dfilter_flow_field), NULL when none or BPF. */
const char *tui_filter_flow_field(const struct tui_filter *f);
/* Before a scan: a display filter gets the stateful stage the command line
 * runs before -Y (tui_stage.h: defragmentation unless --no-defrag, and its
 * own flow table when it reads flow state, unless --no-flows), so it selects
 * the packets `pktscope -r F -Y EXPR` prints.  iface (borrowed, may be
 * NULL): the records' interface.  0 ok; -1 with the reason in err. */
int tui_filter_start(struct tui_filter *f, const struct tui_stage_cfg *cfg, const char *iface,
		     char *err, size_t errlen);
/* True when packet index `pkt` (0-based) passes.  A display filter with a
 * stage must see every packet once, in order, from the first.  Not
 * thread-safe: one scan thread per filter. */
bool tui_filter_match(struct tui_filter *f, uint64_t pkt, const struct tui_rec *r,
		      const uint8_t *data);

#endif
