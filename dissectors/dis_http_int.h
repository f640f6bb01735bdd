/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_http_int.h - what dis_http.c (decode, probes) and dis_http_out.c
 * (fields, text) share. */
#ifndef DIS_HTTP_INT_H
#define DIS_HTTP_INT_H

#include "dis_common.h"
#include "dis_http.h"

static inline const struct ps_http_hdr *ps_http_hdrs(const struct ps_packet *p,
						     const struct ps_http *h)
{
	return h->nhdrs ? (const struct ps_http_hdr *)ps_side_get(p, h->hdrs_at) : 0;
}

/* the bytes the layer's string offsets index */
static inline const uint8_t *ps_http_base(const struct ps_packet *p, const struct ps_http *h)
{
	return h->side ? p->side : p->data;
}

/* Decode the header block copied at side offset `at` (n bytes) into the
 * layer of d (the stream decoder's; offsets into the side area). */
void ps_http_decode_side(struct ps_dctx *d, struct ps_layer *l, uint16_t at, uint32_t n);

void ps_http_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e);
void ps_http_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
		     struct ps_out *o);

/* text of TCP layer tcp_li: tcpdump calls every payload on ports 80 and
 * 8080 "HTTP", also a body segment, which has no HTTP layer here: ": HTTP"
 * when the TCP layer is the last of its chain and carries data. */
void ps_http_out_port_payload(const struct ps_packet *p, unsigned tcp_li, int verbose,
			      struct ps_out *o);

#endif
