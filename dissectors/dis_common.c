/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_common.c - helpers shared by all dissectors (declared in dis_common.h). */
#include "dis_common.h"
#include "ps_linktype.h"

const char *ps_tok_name(const struct ps_tok *t, size_t n, unsigned v)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].v == v)
			return t[i].name;
	return 0;
}

void ps_dis_short_header(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l,
			 uint32_t need, enum ps_event_code ev_claim, enum ps_event_code ev_trunc)
{
	uint32_t avail = ps_cur_remaining(c);

	l->hdr_len = avail;
	ps_cur_skip(c, avail);
	if (d->claim_in != PS_CLAIM_UNKNOWN && d->claim_in < need)
		ps_dis_event(d, ev_claim);
	else
		ps_dis_event(d, ev_trunc);
}

bool ps_dis_has_event(const struct ps_packet *p, unsigned li, unsigned code)
{
	for (unsigned i = 0; i < p->nevents; i++)
		if (p->events[i].layer == (int)li && p->events[i].code == code)
			return true;
	return false;
}

bool ps_dis_out_net_addrs(const struct ps_packet *p, unsigned li, struct ps_out *o)
{
	int ni = ps_packet_net_before(p, li);
	if (ni < 0)
		return false;
	const struct ps_layer *n = &p->layers[ni];
	if (n->proto == PS_P_IPV4) {
		ps_out_ipv4(o, n->u.ipv4.src);
		PS_OUT_LIT(o, " > ");
		ps_out_ipv4(o, n->u.ipv4.dst);
	} else {
		ps_out_ipv6(o, n->u.ipv6.src);
		PS_OUT_LIT(o, " > ");
		ps_out_ipv6(o, n->u.ipv6.dst);
	}
	return true;
}

bool ps_dis_has_nested(const struct ps_packet *p, unsigned li, enum ps_nest nest)
{
	for (unsigned j = li + 1; j < p->nlayers; j++)
		if (p->layers[j].parent == (int)li && p->layers[j].nest == nest)
			return true;
	return false;
}

/* ps_dis_out_nested from layer `first`, the first child of li; out of line
 * so that the usual call, without children, saves no registers */
__attribute__((noinline)) static void out_nested_from(const struct ps_packet *p, unsigned li, unsigned first,
			    enum ps_nest nest, const struct ps_text_opts *t, struct ps_out *o)
{
	const char *trunc = 0;

	for (unsigned j = first; j < p->nlayers; j++) {
		const struct ps_layer *l = &p->layers[j];
		if (l->parent != (int)li || l->nest != nest)
			continue;
		const struct ps_dissector *dis = ps_registry_by_proto(l->proto);
		if (!dis)
			continue;
		if ((dis->flags & PS_DIS_LINK) && !t->link)
			continue; /* a tunnelled Ethernet header: only with -e, as at top level */
		if (l->truncated && !trunc)
			trunc = dis->name;
		if (dis->summary)
			dis->summary(p, j, t, o);
	}
	if (trunc) {
		PS_OUT_LIT(o, " [|");
		ps_out_str(o, trunc);
		ps_out_char(o, ']');
	}
}

void ps_dis_out_nested(const struct ps_packet *p, unsigned li, enum ps_nest nest,
		       const struct ps_text_opts *t, struct ps_out *o)
{
	/* every IP line asks, and nearly none has nested layers: look for
	 * the first child before setting anything up */
	unsigned j = li + 1;
	while (j < p->nlayers && p->layers[j].parent != (int)li)
		j++;
	if (j < p->nlayers)
		out_nested_from(p, li, j, nest, t, o);
}

void ps_dis_tunnel_inner(struct ps_dctx *d, struct ps_cursor *c, enum ps_table table,
			 uint32_t key)
{
	const struct ps_dissector *dis = ps_registry_lookup(table, key);
	if (!dis)
		return;
	if (ps_cur_remaining(c))
		ps_dissect_nested(d, c, table, key, PS_NEST_INNER);
	else if (c->end == d->p->caplen && d->p->caplen < d->p->len && dis->ev_truncated)
		ps_dis_event(d, (enum ps_event_code)dis->ev_truncated); /* cut where it starts */
	ps_cur_skip(c, ps_cur_remaining(c));
}

void ps_dis_tunnel_ethertype(struct ps_dctx *d, struct ps_cursor *c, uint16_t proto)
{
	if (proto == PS_ETHERTYPE_TEB)
		ps_dis_tunnel_inner(d, c, PS_TAB_LINKTYPE, PS_DLT_EN10MB);
	else
		ps_dis_tunnel_inner(d, c, PS_TAB_ETHERTYPE, proto);
}

void ps_dis_out_printn(struct ps_out *o, const uint8_t *b, size_t n)
{
	/* a byte takes at most 4 ("M-^X"): runs of 64 with one bounds check,
	 * most bytes (names, header text) being printable as they are */
	char scratch[4 * 64];
	while (n) {
		size_t run = n < 64 ? n : 64;
		char *start = ps_out_put_begin(o, 4 * run, scratch), *d = start;
		for (size_t i = 0; i < run; i++) {
			uint8_t ch = b[i];
			if (ch >= 0x20 && ch < 0x7f) {
				*d++ = (char)ch;
				continue;
			}
			if (ch & 0x80) {
				d = PS_PUT_LIT(d, "M-");
				ch &= 0x7f;
			}
			if (ch < 0x20 || ch == 0x7f) {
				*d++ = '^';
				ch ^= 0x40;
			}
			*d++ = (char)ch;
		}
		ps_out_put_done(o, start, d, scratch);
		b += run;
		n -= run;
	}
}
