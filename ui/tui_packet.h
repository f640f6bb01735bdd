/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_packet.h - one stored packet into a packet record, dissected: what the
 * rows, the detail tree and every scan (filter, statistics, conversations)
 * start from.  Below the model, so the filter can use it without an include
 * loop (tui_model.c calls the filter). */
#ifndef TUI_PACKET_H
#define TUI_PACKET_H

#include <stdint.h>

#include "ps_packet.h"
#include "tui_rec.h"

/* Fill p's frame metadata from r (frame number pkt + 1, interface iface,
 * borrowed, may be NULL), borrow data (r->caplen bytes, until the caller
 * reuses it) and dissect. */
void tui_packet_load(struct ps_packet *p, uint64_t pkt, const struct tui_rec *r,
		     const uint8_t *data, const char *iface);

#endif
