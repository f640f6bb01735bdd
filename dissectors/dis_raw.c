/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_raw.c - raw IP (DLT_RAW / LINKTYPE_RAW): no link header at all.
 *
 * No RFC: https://www.tcpdump.org/linktypes/LINKTYPE_RAW.html.  The frame
 * starts with an IPv4 or IPv6 header; the version nibble says which:
 *
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+
 * |Version|  ...  |   4 -> IPv4, 6 -> IPv6, anything else: payload
 * +-+-+-+-+-+-+-+-+
 *
 * A dispatcher only: proto PS_P_NONE, so the driver records no layer for
 * it and the IP header becomes the first layer.  It consumes no bytes.
 */
#include "ps_dissect.h"

static void raw_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	l->hdr_len = 0;
	d->claim_out = d->claim_in; /* nothing consumed: the carrier's claim passes through */
	if (ps_cur_remaining(c) < 1)
		return; /* an empty frame: nothing to decode, nothing truncated */
	switch (ps_cur_peek_u8(c, 0) >> 4) {
	case 4:
		ps_dis_next(d, PS_TAB_ETHERTYPE, 0x0800);
		break;
	case 6:
		ps_dis_next(d, PS_TAB_ETHERTYPE, 0x86dd);
		break;
	default:
		break; /* not IP: the whole frame is payload */
	}
}

const struct ps_dissector ps_dis_raw = {
	.name = "raw",
	.label = "RAW",
	.proto = PS_P_NONE,
	.flags = 0,
	.decode = raw_decode,
	.summary = 0,
	.fields = 0,
};
