/* SPDX-License-Identifier: BSD-2-Clause */
/* reasm_record.h - the engines' inputs read off a dissected packet record,
 * so that wiring reassembly into the run loop is a few calls:
 *
 *   int li = ps_packet_find(p, PS_P_IPV4);       // or PS_P_IPV6
 *   struct ps_frag_in f;
 *   if (li >= 0 && ps_reasm_frag_from_record(p, li, vlan, &f) &&
 *       ps_defrag_add(&defrag, &f, ps_reasm_ts_ns(p), &r) == PS_DEFRAG_DONE)
 *           ... dissect r.data / r.len as a PS_DLT_RAW frame ...
 *
 *   int ti = ps_packet_find(p, PS_P_TCP);
 *   struct ps_tcp_seg s;
 *   if (ti >= 0 && ps_reasm_tcp_seg_from_record(p, ti, &s))
 *           ps_tcp_stream_add(&flow->dir[d].stream, &s);
 *
 * The pointers filled in borrow the record's frame bytes (valid for the
 * dispatch).  No allocation, no state.
 */
#ifndef PS_REASM_RECORD_H
#define PS_REASM_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "ip_defrag.h"
#include "ps_packet.h"
#include "tcp_reasm.h"

/* The record's time stamp in nanoseconds. */
uint64_t ps_reasm_ts_ns(const struct ps_packet *p);

/* Layer li (IPv4 or IPv6) as a fragment.  False when it is not a fragment
 * or its headers were not all captured (nothing to reassemble from). */
bool ps_reasm_frag_from_record(const struct ps_packet *p, unsigned li, uint32_t zone,
			       struct ps_frag_in *f);

/* Layer li (TCP) as a segment.  False when the header was cut or the
 * carrier gave no length (the sequence space it uses is unknown). */
bool ps_reasm_tcp_seg_from_record(const struct ps_packet *p, unsigned li, struct ps_tcp_seg *s);

/* Bytes [off, off + len) of the record, clipped to what it holds (the
 * frame's captured bytes, and a reassembled datagram's after them). */
static inline uint32_t ps_reasm_captured(const struct ps_packet *p, uint32_t off, uint32_t len)
{
	uint32_t have = ps_packet_bytes(p);
	if (off >= have)
		return 0;
	return have - off < len ? have - off : len;
}

/* ps_reasm_tcp_seg_from_record with the record's time stamp (ts_ns) given:
 * inline, for the flow table's every TCP packet, whose clock has it. */
static inline bool ps_reasm_tcp_seg_at(const struct ps_packet *p, unsigned li, uint64_t ts_ns,
				       struct ps_tcp_seg *s)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_tcp *t = &l->u.tcp;
	if (l->proto != PS_P_TCP || l->truncated || !t->has_len || l->hdr_len < t->hl)
		return false;
	uint32_t pay = l->off + t->hl;
	*s = (struct ps_tcp_seg){.seq = t->seq, .ack = t->ack, .flags = t->flags, .win = t->win,
				 .data = p->data + pay, .caplen = ps_reasm_captured(p, pay, t->len),
				 .len = t->len, .ts_ns = ts_ns};
	return true;
}

#endif
