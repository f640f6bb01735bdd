/* SPDX-License-Identifier: BSD-2-Clause */
/* iflist.h - network interfaces for the live sources: look one up, pick the
 * default one, list them all (-D). */
#ifndef PS_IFLIST_H
#define PS_IFLIST_H

#include <stddef.h>
#include <stdio.h>

struct ps_ifinfo {
	int index;      /* interface index (> 0) */
	unsigned flags; /* IFF_* */
	int hatype;     /* ARPHRD_* link type */
	int mtu;
};

/* Look up a live interface by name.  0 ok; PS_CAP_EOPEN with a one-line
 * reason in err: "eth9: no such device", "eth0: interface is down". */
int ps_if_lookup(const char *name, struct ps_ifinfo *info, char *err);

/* Copy the default capture interface into name (like tcpdump without -i):
 * the up, running, non-loopback interface with the lowest index, else the
 * first interface that is up.  0 ok; PS_CAP_EOPEN with the reason in err. */
int ps_if_default(char *name, size_t size, char *err);

/* A capture socket that poll() flagged with POLLERR: read SO_ERROR and put
 * a one-line reason in err ("the interface went down").  Returns
 * PS_CAP_ERR, or 0 when there was no pending error after all. */
int ps_if_sock_error(int fd, char *err);

/* The same verdict without the socket's error: whether interface name
 * (looked up with ioctl on fd, any socket) is still there and up.
 * Returns PS_CAP_ERR with "the interface went down" or "... went away" in
 * err, else 0 (also when it cannot tell).  For libpcap captures, whose
 * own poll may read and clear SO_ERROR before ours sees it. */
int ps_if_gone(int fd, const char *name, char *err);

/* Print every interface, one per line (-D):
 *   "2 veth0 [up, running] 02:00:00:99:00:01 10.0.0.1/24 fe80::1/64"
 * then the "any" pseudo-device.  0 ok; -1 with the reason in err. */
int ps_iflist_print(FILE *out, char *err);

#endif
