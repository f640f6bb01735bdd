/* SPDX-License-Identifier: BSD-2-Clause */
/* defrag_feed.h - IP defragmentation in the run path (docs/reassembly.md).
 *
 * After the dissect driver, ps_defrag_feed() hands the record's IP fragment
 * to the defragmentation table; on the fragment that completes a datagram
 * it dissects the datagram's upper-layer bytes into the same record
 * (ps_dissect_upper), so flows, application decoders, filters and JSON see
 * the whole datagram on that frame, as tshark reports it with its default
 * reassembly.  The record's p->data then points at the feed's buffer: the
 * frame's bytes, then the datagram's (valid until the next call).
 *
 * Bounds: the table's (memory limit, timeouts, counters: ip_defrag.h); the
 * buffer is at most one frame plus one 65535-byte datagram.
 */
#ifndef PS_DEFRAG_FEED_H
#define PS_DEFRAG_FEED_H

#include <stdbool.h>
#include <stddef.h>

#include "ip_defrag.h"
#include "ps_packet.h"

struct ps_defrag_feed {
	struct ps_defrag table;
	uint8_t *buf; /* the frame, then the reassembled upper-layer bytes */
	size_t cap;
	struct ps_packet view; /* the record before the feed changed it: p->frame_view */
};

/* limit 0: PS_DEFRAG_DEFAULT_MEM.  NULL when out of memory (err filled). */
struct ps_defrag_feed *ps_defrag_feed_new(size_t limit, char *err, size_t errlen);
void ps_defrag_feed_free(struct ps_defrag_feed *f);

/* (ps_defrag_feed's work on a record with a fragment header) */
bool ps_defrag_feed_frag(struct ps_defrag_feed *f, struct ps_packet *p);

/* Call after ps_dissect(p).  The first IP fragment header of the record
 * (not one quoted in an ICMP error) goes to the table; the table's events
 * (overlap, bad length, memory limit, ...) go on that layer.
 *  - it completes its datagram: what the frame decoded after the fragment
 *    header is replaced by the datagram's layers (p->defrag.on);
 *  - it is held (a first fragment waiting for the rest): the record keeps
 *    the header after the fragment's (UDP, TCP, GRE, ...) but not what the
 *    partial payload gave (tunnel payloads, application objects): those
 *    come once, from the whole datagram.
 * Either way p->frame_view then shows the frame as decoded alone.  True when
 * the record now carries a reassembled datagram.
 * Inline: every packet calls it, almost never a fragment, and the
 * dissectors' flag is all such a packet pays for. */
static inline bool ps_defrag_feed(struct ps_defrag_feed *f, struct ps_packet *p)
{
	return p->any_fragment && ps_defrag_feed_frag(f, p);
}

#endif
