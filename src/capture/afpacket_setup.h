/* SPDX-License-Identifier: BSD-2-Clause */
/* afpacket_setup.h - the "packet" source's socket setup and recvmsg path
 * (afpacket_setup.c), called by the source's ops in cap_afpacket.c. */
#ifndef PS_AFPACKET_SETUP_H
#define PS_AFPACKET_SETUP_H

#include "afpacket_priv.h"

/* Open the socket, filter, ring (or recvmsg fallback), membership, bind.
 * 0 ok; PS_CAP_EOPEN / PS_CAP_EFILTER with the reason in err. */
int afp_setup(struct afp *a, const struct ps_capture_opts *o, char *err);

/* recvmsg path: 1 frame in f, 0 nothing queued, PS_CAP_ERR. */
int afp_recv(struct afp *a, struct ps_frame *f, char *err);

/* afpacket_fanout.c: attach a filter that drops every packet (until the
 * socket has joined its group); join PACKET_FANOUT group `group` in mode
 * "hash" (NULL: hash, with IP defragmentation so fragments follow their
 * flow), "lb", "cpu" or "qm".  0 ok; PS_CAP_EOPEN with the reason in err. */
int afp_fanout_hold(int fd, char *err);
int afp_fanout_join(int fd, unsigned group, const char *mode, char *err);

#endif
