/* SPDX-License-Identifier: BSD-2-Clause */
/* afpacket_frame.c - the "packet" source's frames: one received packet (ring
 * or recvmsg path) turned into the frame a capture returns (VLAN tag put
 * back, LINUX_SLL2 header for -i any, snap length, user-space filter).
 * Both receive paths call it; it calls neither. */
#include <net/if_arp.h>
#include <string.h>

#include "afpacket_priv.h"
#include "bpf_compile.h"

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffffu);
}

/* -i any and non-Ethernet devices: the kernel gives the packet from its
 * network header; build the 20-byte LINUX_SLL2 header in front from the
 * sockaddr_ll, with the VLAN tag (if any) after it as on a tagged wire. */
static void build_sll2(struct afp *a, const struct afp_pkt *p, struct ps_frame *f)
{
	const struct sockaddr_ll *sll = p->sll;
	uint8_t *o = a->buf;
	unsigned halen = sll->sll_halen < 8 ? sll->sll_halen : 8;
	size_t hdr = AFP_SLL2_LEN, n;

	memcpy(o, &sll->sll_protocol, 2); /* already in network order */
	put16(o + 2, 0);
	put32(o + 4, (uint32_t)sll->sll_ifindex);
	put16(o + 8, sll->sll_hatype);
	o[10] = sll->sll_pkttype;
	o[11] = sll->sll_halen;
	memset(o + 12, 0, 8);
	memcpy(o + 12, sll->sll_addr, halen);
	if (p->vlan) {
		put16(o, p->tpid);
		put16(o + hdr, p->tci);
		memcpy(o + hdr + 2, &sll->sll_protocol, 2);
		hdr += AFP_VLAN_LEN;
	}
	n = p->snap < a->buf_size - hdr ? p->snap : a->buf_size - hdr;
	memcpy(o + hdr, p->data, n);
	f->data = o;
	f->caplen = (uint32_t)(hdr + n);
	f->len = (uint32_t)(hdr + p->len);
}

/* Ethernet: the kernel stripped the 802.1Q tag into the ring's aux data;
 * put it back after the two MAC addresses. */
static void build_vlan(struct afp *a, const struct afp_pkt *p, struct ps_frame *f)
{
	size_t n = p->snap - AFP_MACS_LEN;

	if (n > a->buf_size - AFP_MACS_LEN - AFP_VLAN_LEN)
		n = a->buf_size - AFP_MACS_LEN - AFP_VLAN_LEN;
	memcpy(a->buf, p->data, AFP_MACS_LEN);
	put16(a->buf + AFP_MACS_LEN, p->tpid);
	put16(a->buf + AFP_MACS_LEN + 2, p->tci);
	memcpy(a->buf + AFP_MACS_LEN + AFP_VLAN_LEN, p->data + AFP_MACS_LEN, n);
	f->data = a->buf;
	f->caplen = (uint32_t)(AFP_MACS_LEN + AFP_VLAN_LEN + n);
	f->len = p->len + AFP_VLAN_LEN;
}

bool afp_build(struct afp *a, const struct afp_pkt *p, struct ps_frame *f)
{
	/* on loopback every packet is seen leaving and arriving: keep one */
	if (p->sll->sll_pkttype == PACKET_OUTGOING && p->sll->sll_hatype == ARPHRD_LOOPBACK)
		return false;
	f->direction = p->sll->sll_pkttype == PACKET_OUTGOING ? 1 : 0;
	f->ifindex = p->sll->sll_ifindex;
	if (a->cooked)
		build_sll2(a, p, f);
	else if (p->vlan && p->snap >= AFP_MACS_LEN)
		build_vlan(a, p, f);
	else {
		f->data = p->data;
		f->caplen = p->snap;
		f->len = p->len;
	}
	if (f->caplen > a->snaplen)
		f->caplen = a->snaplen;
	return !a->user_filter || ps_bpf_match(&a->prog, f);
}
