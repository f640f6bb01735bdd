/* SPDX-License-Identifier: BSD-2-Clause */
/* reasm_record.c - struct ps_frag_in and struct ps_tcp_seg from a packet record
 * (dis_ipv6_ext.h: the recorded extension headers and NH_FRAGMENT). */
#include "dis_ipv6_ext.h"
#include "reasm_record.h"

uint64_t ps_reasm_ts_ns(const struct ps_packet *p)
{
	return (uint64_t)p->ts_sec * 1000000000u + (p->ts_nano ? p->ts_frac : p->ts_frac * 1000ull);
}

static bool frag_v4(const struct ps_packet *p, const struct ps_layer *l, struct ps_frag_in *f)
{
	const struct ps_ipv4 *ip = &l->u.ipv4;
	if (l->truncated || ip->version != 4 || ip->hl < 20 || l->hdr_len < ip->hl ||
	    ip->len < ip->hl || (!ip->mf && !ip->frag_off))
		return false;
	uint32_t pay = l->off + ip->hl, len = (uint32_t)ip->len - ip->hl;
	*f = (struct ps_frag_in){.version = 4, .src = ip->src, .dst = ip->dst, .id = ip->id,
				 .proto = ip->proto, .offset = ip->frag_off * 8u, .more = ip->mf,
				 .hdr = p->data + l->off, .hdr_len = ip->hl, .data = p->data + pay,
				 .caplen = ps_reasm_captured(p, pay, len), .len = len};
	return true;
}

static bool frag_v6(const struct ps_packet *p, const struct ps_layer *l, struct ps_frag_in *f)
{
	const struct ps_ipv6 *v6 = &l->u.ipv6;
	const struct ps_ipv6_ext *x = ps_ipv6_exts(p, v6);
	if (l->truncated || v6->version != 6 || !v6->fragment || !x)
		return false;
	unsigned i = 0;
	while (i < v6->n_ext && x[i].type != NH_FRAGMENT)
		i++;
	if (i == v6->n_ext || !x[i].complete)
		return false;
	uint32_t hdr_len = x[i].off - l->off, pay = x[i].off + 8u;
	uint32_t end = l->off + 40u + v6->plen; /* Payload Length counts the extension headers */
	if (end < pay)
		return false;
	*f = (struct ps_frag_in){.version = 6, .src = v6->src, .dst = v6->dst, .id = x[i].id,
				 .proto = x[i].nxt, .offset = x[i].frag_off * 8u, .more = x[i].m,
				 .hdr = p->data + l->off, .hdr_len = hdr_len,
				 .nh_off = i ? x[i - 1].off - l->off : 6u, .data = p->data + pay,
				 .caplen = ps_reasm_captured(p, pay, end - pay), .len = end - pay,
				 .jumbo = v6->jumbo != 0};
	return true;
}

bool ps_reasm_frag_from_record(const struct ps_packet *p, unsigned li, uint32_t zone,
			       struct ps_frag_in *f)
{
	const struct ps_layer *l = &p->layers[li];
	bool ok = l->proto == PS_P_IPV4 ? frag_v4(p, l, f) : l->proto == PS_P_IPV6 && frag_v6(p, l, f);
	if (ok)
		f->zone = zone;
	return ok;
}

bool ps_reasm_tcp_seg_from_record(const struct ps_packet *p, unsigned li, struct ps_tcp_seg *s)
{
	return ps_reasm_tcp_seg_at(p, li, ps_reasm_ts_ns(p), s);
}
