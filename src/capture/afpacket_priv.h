/* SPDX-License-Identifier: BSD-2-Clause */
/* afpacket_priv.h - private state of the "packet" source, shared by
 * cap_afpacket.c (ops, ring path), afpacket_setup.c (socket, recvmsg path)
 * and afpacket_frame.c (packet -> frame, declared here). */
#ifndef PS_AFPACKET_PRIV_H
#define PS_AFPACKET_PRIV_H

#include <linux/if_packet.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "afpacket_ring.h"
#include "bpf_compile.h"
#include "ps_capture.h"

#define AFP_SLL2_LEN 20u /* LINUX_SLL2 header */
#define AFP_VLAN_LEN 4u  /* 802.1Q TPID + TCI */
#define AFP_MACS_LEN 12u /* Ethernet destination + source */

struct afp {
	int fd;
	struct ps_ring ring;      /* map == NULL: the recvmsg path runs */
	bool cooked;              /* SOCK_DGRAM: frames get a LINUX_SLL2 header */
	bool user_filter;         /* the kernel could not run prog: run it here */
	struct bpf_program prog;  /* valid when user_filter */
	uint32_t snaplen;
	int timeout_ms;
	uint8_t *buf;             /* frames rebuilt with a VLAN tag or SLL2 header */
	size_t buf_size;
	uint8_t *rbuf;            /* recvmsg path: receive area */
	size_t rbuf_size;
	struct ps_capture_stats acc; /* PACKET_STATISTICS, accumulated */
	char iface[IF_NAMESIZE];
	char mechanism[96];
};

/* One received packet as the kernel described it. */
struct afp_pkt {
	const struct sockaddr_ll *sll;
	const uint8_t *data; /* link header (SOCK_RAW) or network header (SOCK_DGRAM) */
	uint32_t snap, len;
	bool vlan;           /* the kernel stripped a tag: tpid/tci hold it */
	uint16_t tpid, tci;
};

/* Turn a packet into a frame (VLAN tag back, SLL2 header, snap length,
 * user-space filter); afpacket_frame.c.  false when the packet is to be
 * skipped. */
bool afp_build(struct afp *a, const struct afp_pkt *p, struct ps_frame *f);

#endif
