/* SPDX-License-Identifier: BSD-2-Clause */
/* bpf_filter.h - a compiled BPF filter as an opaque object, for code outside
 * src/capture that filters stored frames (the TUI's display filter): the same
 * compiler and matcher as the live sources (bpf_compile.h), without libpcap's
 * types, so only capture code includes <pcap.h>. */
#ifndef PS_BPF_FILTER_H
#define PS_BPF_FILTER_H

#include <stdbool.h>

#include "ps_capture.h"

struct ps_bpf; /* owns one compiled program */

/* Compile expr for a link type and snap length (ps_bpf_compile's rules).
 * 0 ok with *out set; PS_CAP_EFILTER with libpcap's message in err
 * (PS_ERRBUF bytes), or the allocation failure. */
int ps_bpf_new(struct ps_bpf **out, int linktype, int snaplen, const char *expr, char *err);

/* Free the program (NULL is fine). */
void ps_bpf_free(struct ps_bpf *b);

/* Run the program on a frame: true when it accepts. */
bool ps_bpf_run(const struct ps_bpf *b, const struct ps_frame *f);

#endif
