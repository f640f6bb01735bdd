/* SPDX-License-Identifier: BSD-2-Clause */
/* flow_key_int.h - private to src/flow: the key of a packet's conversation
 * (the rules: flow_key.c) as inline functions.  Every packet runs them, and
 * inline in flow_track.c's per-packet loop they cost no calls and keep the
 * key in registers; flow_key.c wraps them for everyone else.
 */
#ifndef FLOW_KEY_INT_H
#define FLOW_KEY_INT_H

#include <string.h>

#include "ps_dissect.h"
#include "ps_flow.h"

/* Community ID's ICMP counterpart types; -1: a one-way message. */
static inline int fk_icmp4_peer(unsigned type)
{
	switch (type) {
	case 8: return 0;   case 0: return 8;   /* echo */
	case 13: return 14; case 14: return 13; /* time stamp */
	case 15: return 16; case 16: return 15; /* information */
	case 10: return 9;  case 9: return 10;  /* router solicitation / advertisement */
	case 17: return 18; case 18: return 17; /* address mask */
	default: return -1;
	}
}

static inline int fk_icmp6_peer(unsigned type)
{
	switch (type) {
	case 128: return 129; case 129: return 128; /* echo */
	case 133: return 134; case 134: return 133; /* router solicitation / advertisement */
	case 135: return 136; case 136: return 135; /* neighbor solicitation / advertisement */
	case 130: return 131; case 131: return 130; /* MLD query / report */
	case 139: return 140; case 140: return 139; /* node information (who-are-you) */
	case 144: return 145; case 145: return 144; /* home agent address discovery */
	default: return -1;
	}
}

/* Echo-like types whose identifier tells conversations apart. */
static inline bool fk_icmp_has_id(bool v6, unsigned type)
{
	if (v6)
		return type == 128 || type == 129;
	return type == 0 || type == 8 || (type >= 13 && type <= 18);
}

/* Is layer i inside an ICMP error's quote?  ps_packet_in_quote, here
 * where every packet's IP layers ask, without a call. */
static inline bool fk_quoted(const struct ps_packet *p, unsigned i)
{
	for (int j = (int)i; j >= 0; j = p->layers[j].parent)
		if (p->layers[j].nest == PS_NEST_QUOTE)
			return true;
	return false;
}

/* Is layer i an IPv4/IPv6 header that can key a conversation (whole
 * enough, not inside an ICMP error's quote)? */
static inline bool fk_usable_ip(const struct ps_packet *p, unsigned i)
{
	const struct ps_layer *l = &p->layers[i];
	if (l->proto == PS_P_IPV4)
		return l->u.ipv4.version == 4 && l->hdr_len >= 20 && l->u.ipv4.hl >= 20 &&
		       !fk_quoted(p, i);
	if (l->proto == PS_P_IPV6)
		return l->u.ipv6.version == 6 && l->hdr_len >= 40 && !fk_quoted(p, i);
	return false;
}

/* Every usable IPv4/IPv6 layer (ps_flow_next_ip's), outermost first, into
 * ips[PS_MAX_LAYERS], and the first VLAN id into *vlan, in one pass over
 * the layers (every packet); returns how many. */
static inline unsigned ps_fk_scan(const struct ps_packet *p, uint8_t *ips, uint16_t *vlan)
{
	unsigned n = 0;
	bool tagged = false;
	*vlan = 0;
	for (unsigned i = 0; i < p->nlayers; i++) {
		const struct ps_layer *l = &p->layers[i];
		if (l->proto == PS_P_VLAN) {
			if (!tagged && l->parent < 0) { /* ps_packet_first_vlan's */
				*vlan = l->u.vlan.id;
				tagged = true;
			}
		} else if ((l->proto == PS_P_IPV4 || l->proto == PS_P_IPV6) && fk_usable_ip(p, i)) {
			ips[n++] = (uint8_t)i;
		}
	}
	return n;
}

/* Fill addresses, protocol and the byte counts from the IP layer; returns
 * true when the packet is a fragment (no transport key). */
static inline bool fk_from_ip(const struct ps_layer *l, struct ps_flow_pkt *k)
{
	if (l->proto == PS_P_IPV4) {
		const struct ps_ipv4 *ip = &l->u.ipv4;
		k->src = ip->src;
		k->dst = ip->dst;
		k->key.proto = ip->proto;
		k->ip_bytes = ip->len;
		k->payload = ip->len > ip->hl ? ip->len - ip->hl : 0;
		return ip->mf || ip->frag_off;
	}
	const struct ps_ipv6 *ip = &l->u.ipv6;
	k->src = ip->src;
	k->dst = ip->dst;
	k->key.v6 = 1;
	k->key.proto = ip->upper;
	k->ip_bytes = 40u + ip->plen;
	k->payload = 40u + ip->plen > l->hdr_len ? 40u + ip->plen - l->hdr_len : 0;
	return ip->fragment;
}

/* Transport "ports" of layer t; false when it cannot key the flow. */
static inline bool fk_from_transport(const struct ps_layer *t, struct ps_flow_pkt *k)
{
	switch (t->proto) {
	case PS_P_TCP:
		/* a header that contradicts its own length is not a TCP
		 * conversation's (tshark's taps never see it either) */
		if (t->hdr_len < 20 || t->u.tcp.hl < 20 ||
		    (t->u.tcp.claim != PS_CLAIM_UNKNOWN && t->u.tcp.hl > t->u.tcp.claim))
			return false;
		k->sport = t->u.tcp.sport;
		k->dport = t->u.tcp.dport;
		k->payload = t->u.tcp.has_len ? t->u.tcp.len : 0;
		return true;
	case PS_P_UDP:
		if (t->hdr_len < 4)
			return false;
		k->sport = t->u.udp.sport;
		k->dport = t->u.udp.dport;
		k->payload = t->hdr_len >= 6 && t->u.udp.len >= 8 ? t->u.udp.len - 8u : 0;
		return true;
	case PS_P_ICMP:
	case PS_P_ICMPV6: {
		if (t->hdr_len < 2)
			return false;
		bool v6 = t->proto == PS_P_ICMPV6;
		unsigned type = v6 ? t->u.icmpv6.type : t->u.icmp.type;
		unsigned code = v6 ? t->u.icmpv6.code : t->u.icmp.code;
		int peer = v6 ? fk_icmp6_peer(type) : fk_icmp4_peer(type);
		k->sport = (uint16_t)type;
		k->dport = (uint16_t)(peer >= 0 ? (unsigned)peer : code);
		k->one_way = peer < 0;
		if (fk_icmp_has_id(v6, type) && t->hdr_len >= 6)
			k->key.icmp_id = v6 ? t->u.icmpv6.id : t->u.icmp.id;
		uint32_t len = v6 ? t->u.icmpv6.len : t->u.icmp.len;
		k->payload = len > 8 ? len - 8 : 0;
		return true;
	}
	default:
		return false;
	}
}

static inline uint64_t fk_be64(const uint8_t *b)
{
	return (uint64_t)b[0] << 56 | (uint64_t)b[1] << 48 | (uint64_t)b[2] << 40 |
	       (uint64_t)b[3] << 32 | (uint64_t)b[4] << 24 | (uint64_t)b[5] << 16 |
	       (uint64_t)b[6] << 8 | b[7];
}

/* memcmp's sign over the 4 or 16 address bytes, by big-endian words: done
 * for every packet, where a libc memcmp of a run-time length was a call */
static inline int fk_addr_cmp(const uint8_t *x, const uint8_t *y, bool v6)
{
	uint64_t a, b;
	if (!v6) {
		a = (uint64_t)x[0] << 24 | (uint64_t)x[1] << 16 | (uint64_t)x[2] << 8 | x[3];
		b = (uint64_t)y[0] << 24 | (uint64_t)y[1] << 16 | (uint64_t)y[2] << 8 | y[3];
	} else {
		a = fk_be64(x);
		b = fk_be64(y);
		if (a == b) {
			a = fk_be64(x + 8);
			b = fk_be64(y + 8);
		}
	}
	return (a > b) - (a < b);
}

/* Order the endpoints as Community ID does: lower (address, port) first. */
static inline void fk_order(struct ps_flow_pkt *k)
{
	int c = fk_addr_cmp(k->src, k->dst, k->key.v6);
	bool src_first = c < 0 || (c == 0 && k->sport <= k->dport);
	if (k->one_way) /* a one-way ICMP message keeps its ports as sent */
		src_first = c <= 0;
	k->from_a = src_first;
	const uint8_t *a = src_first ? k->src : k->dst, *b = src_first ? k->dst : k->src;
	if (k->key.v6) { /* constant lengths: inline copies */
		memcpy(k->key.a, a, 16);
		memcpy(k->key.b, b, 16);
	} else {
		memcpy(k->key.a, a, 4);
		memcpy(k->key.b, b, 4);
	}
	if (!k->has_ports)
		return;
	if (k->one_way) {
		k->key.pa = k->sport;
		k->key.pb = k->dport;
	} else {
		k->key.pa = src_first ? k->sport : k->dport;
		k->key.pb = src_first ? k->dport : k->sport;
	}
}

/* ps_fk_fill but the endpoint order: k->key has no addresses or
 * ports yet (fk_order puts them in), k->from_a is not set */
static inline void ps_fk_fields(const struct ps_packet *p, int ipl, uint16_t vlan,
				struct ps_flow_pkt *k)
{
	/* field by field rather than a memset of the whole: every packet */
	memset(&k->key, 0, sizeof k->key); /* hashed and compared whole */
	k->from_a = k->has_ports = k->one_way = k->l4_whole = false;
	k->sport = k->dport = 0;
	k->tl = -1;
	k->ipl = ipl;
	const struct ps_layer *ip = &p->layers[k->ipl];
	bool frag = fk_from_ip(ip, k);
	if (p->defrag.on && p->defrag.ip == ipl) {
		/* the frame completed the datagram: its layers follow, keyed and
		 * counted once here, as tshark counts a fragmented datagram */
		frag = false;
		k->ip_bytes = p->defrag.len;
		k->payload = p->defrag.len > ip->hdr_len ? p->defrag.len - ip->hdr_len : 0;
	}
	unsigned ti = (unsigned)k->ipl + 1;
	if (!frag && ti < p->nlayers && p->layers[ti].parent == ip->parent &&
	    fk_from_transport(&p->layers[ti], k)) {
		k->tl = (int)ti;
		k->has_ports = true;
		k->l4_whole = !p->layers[ti].truncated;
	}
	k->key.vlan = vlan;
}

/* Is k (ps_fk_fields'), as sent, the conversation of key?  Then k gets the
 * key and the side it travels from, without ordering its endpoints: most
 * packets are the previous packet's conversation, and the comparison both
 * ways is cheaper than the order plus the comparison.  A key's endpoints
 * are in Community ID's order, so the way that matches is the one fk_order
 * would choose (equal endpoints match forward, as fk_order's src_first).
 * Not for a one-way ICMP message, whose ports are not ordered. */
static inline bool ps_fk_match(struct ps_flow_pkt *k, const struct ps_flow_key *key)
{
	if (!k->has_ports || k->one_way || key->proto != k->key.proto ||
	    key->v6 != k->key.v6 || key->vlan != k->key.vlan || key->icmp_id != k->key.icmp_id)
		return false;
	bool fwd, rev;
	if (k->key.v6) { /* constant lengths: inline compares */
		fwd = !memcmp(key->a, k->src, 16) && !memcmp(key->b, k->dst, 16);
		rev = !fwd && !memcmp(key->a, k->dst, 16) && !memcmp(key->b, k->src, 16);
	} else {
		fwd = !memcmp(key->a, k->src, 4) && !memcmp(key->b, k->dst, 4);
		rev = !fwd && !memcmp(key->a, k->dst, 4) && !memcmp(key->b, k->src, 4);
	}
	if (fwd && key->pa == k->sport && key->pb == k->dport)
		k->from_a = true;
	else if (rev && key->pa == k->dport && key->pb == k->sport)
		k->from_a = false;
	else
		return false;
	k->key = *key;
	return true;
}

/* The key of the usable IP layer at index ipl (ps_flow_next_ip's), with
 * the packet's first VLAN id given */
static inline void ps_fk_fill(const struct ps_packet *p, int ipl, uint16_t vlan,
			      struct ps_flow_pkt *k)
{
	ps_fk_fields(p, ipl, vlan, k);
	fk_order(k);
}

#endif
