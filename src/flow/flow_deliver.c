/* SPDX-License-Identifier: BSD-2-Clause */
/* flow_deliver.c - the flow table's byte consumer (-z follow): TCP
 * segments through each direction's reassembly stream, delivered in order
 * and once; UDP payloads as they come.  Deliveries are synchronous, so the
 * table's cur_* fields say which flow and direction they belong to.
 */
#include "flow_int.h"
#include "reasm_record.h"

void ps_ft_deliver(void *user, const uint8_t *data, uint32_t len)
{
	struct ps_flow_table *t = user;
	ps_flow_app_tcp_bytes(&t->app, t->cur_f, t->cur_dir, data, len);
	if (!t->consumer)
		return;
	unsigned flags;
	if (data)
		flags = t->cur_f->re.rs[t->cur_dir].rec_start ? PS_FLOW_REC_START : 0;
	else
		flags = t->gap_acked ? PS_FLOW_GAP_ACKED : t->gap_end ? PS_FLOW_GAP_AT_END : 0;
	t->consumer(t->cctx, t->cur_f, t->cur_dir, t->cur_frame, data, len, flags);
}

/* tshark's follow rule: a segment of direction !dir acknowledging bytes of
 * direction dir past its first buffered piece means the hole before it was
 * received but not captured: give it up now, not at the stream's end. */
void ps_ft_reasm_acked(struct ps_flow_table *t, struct ps_flow *f, unsigned dir, uint32_t ack)
{
	struct ps_tcp_stream *s = &f->re.rs[dir];
	if (!s->head)
		return;
	t->cur_f = f;
	t->cur_dir = dir;
	t->gap_acked = true;
	s->pending |= ps_tcp_stream_acked(s, ack); /* its events on its next segment */
	t->gap_acked = false;
}

uint32_t ps_ft_reasm_call(struct ps_flow_table *t, struct ps_flow *f, unsigned dir,
			  const struct ps_tcp_seg *seg)
{
	return ps_ft_reasm_call_in(t, f, dir, seg);
}

/* A UDP datagram's payload to the consumer (there is one). */
void ps_ft_udp_consume(struct ps_flow_table *t, struct ps_flow *f, unsigned dir,
		       struct ps_packet *p, int tl)
{
	const struct ps_layer *l = &p->layers[tl];
	if (l->proto != PS_P_UDP || l->hdr_len < 8 || l->u.udp.len < 8)
		return;
	uint32_t at = l->off + 8, len = l->u.udp.len - 8u;
	if (at > ps_packet_bytes(p))
		return;
	if (len > ps_packet_bytes(p) - at)
		len = ps_packet_bytes(p) - at;
	t->consumer(t->cctx, f, dir, t->cur_frame, p->data + at, len, 0);
}

void ps_flow_set_consumer(struct ps_flow_table *t, ps_flow_bytes_fn fn, void *ctx)
{
	t->consumer = fn;
	t->cctx = ctx;
}

const struct ps_tls_sbudget *ps_flow_app_budget(const struct ps_flow_table *t)
{
	return &t->app.tls;
}

const struct ps_http_sbudget *ps_flow_app_http_budget(const struct ps_flow_table *t)
{
	return &t->app.http;
}

const struct ps_dns_sbudget *ps_flow_app_dns_budget(const struct ps_flow_table *t)
{
	return &t->app.dns;
}

const struct ps_tcp_budget *ps_flow_reasm_budget(const struct ps_flow_table *t)
{
	return &t->budget;
}
