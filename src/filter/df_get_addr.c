/* SPDX-License-Identifier: BSD-2-Clause */
/* df_get_addr.c - tshark's host-name fields (ip.host, ipv6.src_host ...,
 * eth.src_resolved ...): strings, the address as text since pktscope
 * resolves no names (tshark -n prints the same).  DF_GET rows of
 * df_fields.def. */
#include "df_get.h"
#include "ps_out.h"

enum { SRC = 1, DST = 2 };

enum kind { IPV4, IPV6, MAC };

static void put_addr(struct df_vals *o, const uint8_t *a, enum kind k)
{
	char buf[64];
	struct ps_out t;
	ps_out_open_mem(&t, buf, sizeof buf);
	if (k == IPV6)
		ps_out_ipv6(&t, a);
	else if (k == IPV4)
		ps_out_ipv4(&t, a);
	else
		ps_out_mac(&t, a, 6);
	df_put_str(o, buf, t.len);
}

/* The IPv4 (or IPv6) layers' source and/or destination as strings, with
 * the rules of ip.src/ip.dst (ipv6.src/ipv6.dst) for when they exist. */
static void hosts(const struct ps_packet *p, struct df_vals *o, bool v6, unsigned which)
{
	for (unsigned i = 0; i < df_nlayers(p); i++) {
		const struct ps_layer *l = &p->layers[i];
		if (v6 && l->proto == PS_P_IPV6 && l->u.ipv6.version == 6) {
			if ((which & SRC) && l->hdr_len >= 24)
				put_addr(o, l->u.ipv6.src, IPV6);
			if ((which & DST) && l->hdr_len >= 40)
				put_addr(o, l->u.ipv6.dst, IPV6);
		} else if (!v6 && l->proto == PS_P_IPV4 && df_ip4(l, 16)) {
			if (which & SRC)
				put_addr(o, l->u.ipv4.src, IPV4);
			if ((which & DST) && df_ip4(l, 20))
				put_addr(o, l->u.ipv4.dst, IPV4);
		}
	}
}

void df_get_ip_host(const struct ps_packet *p, struct df_vals *o) { hosts(p, o, false, SRC | DST); }
void df_get_ip_src_host(const struct ps_packet *p, struct df_vals *o) { hosts(p, o, false, SRC); }
void df_get_ip_dst_host(const struct ps_packet *p, struct df_vals *o) { hosts(p, o, false, DST); }
void df_get_ipv6_host(const struct ps_packet *p, struct df_vals *o) { hosts(p, o, true, SRC | DST); }
void df_get_ipv6_src_host(const struct ps_packet *p, struct df_vals *o) { hosts(p, o, true, SRC); }
void df_get_ipv6_dst_host(const struct ps_packet *p, struct df_vals *o) { hosts(p, o, true, DST); }

/* eth.dst_resolved, eth.src_resolved, eth.addr_resolved (destination, then
 * source, as eth.addr): with the rules of eth.dst/eth.src */
static void macs(const struct ps_packet *p, struct df_vals *o, unsigned which)
{
	for (unsigned i = 0; i < df_nlayers(p); i++) {
		const struct ps_layer *l = &p->layers[i];
		if (l->proto != PS_P_ETH)
			continue;
		if ((which & DST) && l->hdr_len >= 6)
			put_addr(o, l->u.eth.dst, MAC);
		if ((which & SRC) && l->hdr_len >= 12)
			put_addr(o, l->u.eth.src, MAC);
	}
}

void df_get_eth_dst_resolved(const struct ps_packet *p, struct df_vals *o) { macs(p, o, DST); }
void df_get_eth_src_resolved(const struct ps_packet *p, struct df_vals *o) { macs(p, o, SRC); }
void df_get_eth_addr_resolved(const struct ps_packet *p, struct df_vals *o) { macs(p, o, SRC | DST); }
