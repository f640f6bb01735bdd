/* SPDX-License-Identifier: BSD-2-Clause */
/* bpf_compile.h - the BPF filter, compiled once with libpcap for a link type,
 * then attached in the kernel (AF_PACKET) or run in user space (AF_INET). */
#ifndef PS_BPF_COMPILE_H
#define PS_BPF_COMPILE_H

#include <pcap/pcap.h>
#include <stdbool.h>

#include "ps_capture.h"

/* Compile expr for a link type and snap length on a dead libpcap handle.
 * NULL or "" compiles the accept-all program ("ret #snaplen"), which still
 * makes the kernel copy only snaplen bytes.  0 ok; PS_CAP_EFILTER with
 * libpcap's message in err.  Free prog with pcap_freecode(). */
int ps_bpf_compile(struct bpf_program *prog, int linktype, int snaplen, const char *expr,
		   char *err);

/* Rewrite a program compiled for LINUX_SLL2 to run on an AF_PACKET
 * SOCK_DGRAM socket, where the kernel filter sees the packet without the
 * cooked header: payload offsets move back by 20 bytes, the protocol,
 * ifindex, hatype and pkttype fields become the kernel's ancillary loads.
 * false when some instruction cannot be translated (prog is then partly
 * rewritten: recompile it to filter in user space instead). */
bool ps_bpf_uncook_sll2(struct bpf_program *prog);

/* SO_ATTACH_FILTER.  0 ok; PS_CAP_EOPEN with the reason in err. */
int ps_bpf_attach(int fd, const struct bpf_program *prog, char *err);

/* Run the program in user space on a frame: true when it accepts. */
bool ps_bpf_match(const struct bpf_program *prog, const struct ps_frame *f);

#endif
