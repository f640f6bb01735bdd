/* SPDX-License-Identifier: BSD-2-Clause */
/* df_get_addr.c - tshark's host-name fields (ip.host, ipv6.src_host ...):
 * strings, the address as text since pktscope resolves no names (tshark -n
 * prints the same).  DF_GET rows of df_fields.def. */
#include "df_get.h"
#include "ps_out.h"

enum { SRC = 1, DST = 2 };

static void put_addr(struct df_vals *o, const uint8_t *a, bool v6)
{
	char buf[64];
	struct ps_out t;
	ps_out_open_mem(&t, buf, sizeof buf);
	if (v6)
		ps_out_ipv6(&t, a);
	else
		ps_out_ipv4(&t, a);
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
				put_addr(o, l->u.ipv6.src, true);
			if ((which & DST) && l->hdr_len >= 40)
				put_addr(o, l->u.ipv6.dst, true);
		} else if (!v6 && l->proto == PS_P_IPV4 && df_ip4(l, 16)) {
			if (which & SRC)
				put_addr(o, l->u.ipv4.src, false);
			if ((which & DST) && df_ip4(l, 20))
				put_addr(o, l->u.ipv4.dst, false);
		}
	}
}

void df_get_ip_host(const struct ps_packet *p, struct df_vals *o) { hosts(p, o, false, SRC | DST); }
void df_get_ip_src_host(const struct ps_packet *p, struct df_vals *o) { hosts(p, o, false, SRC); }
void df_get_ip_dst_host(const struct ps_packet *p, struct df_vals *o) { hosts(p, o, false, DST); }
void df_get_ipv6_host(const struct ps_packet *p, struct df_vals *o) { hosts(p, o, true, SRC | DST); }
void df_get_ipv6_src_host(const struct ps_packet *p, struct df_vals *o) { hosts(p, o, true, SRC); }
void df_get_ipv6_dst_host(const struct ps_packet *p, struct df_vals *o) { hosts(p, o, true, DST); }
