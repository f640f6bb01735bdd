/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_cksum.c - transport checksums over the record's bytes (dis_cksum.h). */
#include "dis_cksum.h"

static uint32_t cksum_add(uint32_t sum, const uint8_t *b, uint32_t n)
{
	for (uint32_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)b[i] << 8 | b[i + 1];
	if (n & 1)
		sum += (uint32_t)b[n - 1] << 8;
	return sum;
}

int ps_l4_cksum(const struct ps_packet *p, unsigned li, unsigned proto, uint32_t len,
		bool pseudo)
{
	const struct ps_layer *l = &p->layers[li];
	int ni = ps_packet_net_before(p, li);
	if (ni < 0 || l->off > ps_packet_bytes(p) || len > ps_packet_bytes(p) - l->off)
		return -1;
	const struct ps_layer *n = &p->layers[ni];
	/* a fragment's header over the reassembled datagram: its bytes are all here */
	bool whole = p->defrag.on && p->defrag.ip == ni;
	uint32_t sum = 0;
	if (n->proto == PS_P_IPV4) {
		if (!whole && (n->u.ipv4.mf || n->u.ipv4.frag_off))
			return -1;
		sum = cksum_add(cksum_add(0, n->u.ipv4.src, 4), n->u.ipv4.dst, 4);
	} else {
		if (!whole && n->u.ipv6.fragment)
			return -1;
		sum = cksum_add(cksum_add(0, n->u.ipv6.src, 16), n->u.ipv6.dst, 16);
		sum += len >> 16;
	}
	if (pseudo)
		sum += proto + (len & 0xffffu);
	else
		sum = 0; /* ICMP: no pseudo-header, but the fragment check above holds */
	sum = cksum_add(sum, p->data + l->off, len);
	return (int)ps_cksum_fold(sum);
}

uint16_t ps_l4_cksum_want(uint16_t stored, int sum)
{
	uint32_t v = stored + (uint32_t)(~(uint32_t)sum & 0xffffu);
	v = (v & 0xffffu) + (v >> 16);
	return (uint16_t)((v & 0xffffu) + (v >> 16));
}
