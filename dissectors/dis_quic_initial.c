/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_quic_initial.c - read the ClientHello out of a client's Initial packet.
 *
 * RFC 9001 §5: the Initial keys come from the client's Destination
 * Connection ID, so any observer can remove the header protection (§5.4:
 * AES-ECB of a 16-byte sample 4 bytes after the packet number's start
 * masks the first byte's low bits and the packet number) and open the
 * AES-128-GCM payload (§5.3: nonce = IV ^ packet number, AAD = the
 * unprotected header).  The payload's frames (RFC 9000 §19) are walked
 * for CRYPTO frames, whose data is put back in offset order (clients split
 * and reorder the ClientHello); the TLS handshake message at offset 0 is
 * then read when it is whole in this packet.  A ClientHello spanning two
 * Initials (large post-quantum key shares) is not followed: that needs the
 * flow's state.
 *
 * The packet number is taken as its truncated value (the first Initials
 * number from 0, so that is their full value).
 */
#include <string.h>

#include "dis_common.h"
#include "dis_quic_crypto.h"
#include "dis_quic_priv.h"

#define QUIC_CRYPTO_MAX_SEGS 32 /* CRYPTO frames put together per packet */

/* CRYPTO data gathered in offset order. */
struct quic_stream {
	uint8_t data[PS_QUIC_MAX_INITIAL];
	struct {
		uint32_t off, len;
	} seg[QUIC_CRYPTO_MAX_SEGS];
	unsigned nseg;
};

/* The bytes from offset 0 that the segments cover without a gap. */
static uint32_t stream_contiguous(const struct quic_stream *s)
{
	uint32_t have = 0;
	bool grew = true;
	while (grew) {
		grew = false;
		for (unsigned i = 0; i < s->nseg; i++) {
			uint32_t end = s->seg[i].off + s->seg[i].len;
			if (s->seg[i].off <= have && end > have) {
				have = end;
				grew = true;
			}
		}
	}
	return have;
}

/* Skip an ACK frame's body (type 0x02, or 0x03 with ECN counts). */
static void skip_ack(struct ps_qbuf *q, bool ecn)
{
	ps_qb_varint(q); /* largest acknowledged */
	ps_qb_varint(q); /* delay */
	uint64_t ranges = ps_qb_varint(q);
	ps_qb_varint(q); /* first range */
	for (uint64_t i = 0; i < ranges && !q->bad; i++) {
		ps_qb_varint(q);
		ps_qb_varint(q);
	}
	for (unsigned i = 0; ecn && i < 3; i++)
		ps_qb_varint(q);
}

/* Walk the frames; CRYPTO data into s.  False on a frame type an Initial
 * cannot carry or a frame that runs past the payload. */
static bool walk_frames(struct ps_qbuf *q, struct quic_stream *s)
{
	while (q->pos < q->n && !q->bad) {
		uint64_t type = ps_qb_varint(q);
		if (type == 0x00 || type == 0x01) /* PADDING, PING */
			continue;
		if (type == 0x02 || type == 0x03) {
			skip_ack(q, type == 0x03);
		} else if (type == 0x06) {
			uint64_t off = ps_qb_varint(q), len = ps_qb_varint(q);
			const uint8_t *data = ps_qb_take(q, len);
			if (!data)
				return false;
			if (off < sizeof s->data && len <= sizeof s->data - off &&
			    s->nseg < QUIC_CRYPTO_MAX_SEGS) {
				memcpy(s->data + off, data, len);
				s->seg[s->nseg].off = (uint32_t)off;
				s->seg[s->nseg++].len = (uint32_t)len;
			}
		} else if (type == 0x1c || type == 0x1d) { /* CONNECTION_CLOSE */
			ps_qb_varint(q);
			if (type == 0x1c)
				ps_qb_varint(q);
			ps_qb_take(q, ps_qb_varint(q));
		} else {
			return false;
		}
	}
	return !q->bad;
}

/* Copy n bytes into the side area; its offset, PS_SIDE_NONE when full. */
static uint16_t side_copy(struct ps_dctx *d, const void *src, size_t n)
{
	uint16_t at = PS_SIDE_NONE;
	void *room = n ? ps_dis_side_alloc(d, n, &at) : 0;
	if (room)
		memcpy(room, src, n);
	return room ? at : PS_SIDE_NONE;
}

static void record_hello(struct ps_dctx *d, struct ps_quic *qh, const struct quic_stream *s)
{
	struct ps_quic_hello h;
	uint32_t have = stream_contiguous(s);

	if (ps_quic_hello_parse(d, s->data, have, &h) < 0)
		return;
	if (h.sni && h.sni_len <= UINT16_MAX) {
		qh->sni_at = side_copy(d, h.sni, h.sni_len);
		qh->sni_len = qh->sni_at == PS_SIDE_NONE ? 0 : (uint16_t)h.sni_len;
	}
	if (h.alpn && h.alpn_len <= UINT16_MAX) {
		qh->alpn_at = side_copy(d, h.alpn, h.alpn_len);
		qh->alpn_len = qh->alpn_at == PS_SIDE_NONE ? 0 : (uint16_t)h.alpn_len;
	}
	qh->ja4_at = side_copy(d, h.ja4, strlen(h.ja4) + 1);
}

/* Remove header protection: the packet number's length and value, and the
 * unprotected header (first byte .. packet number) in aad.  False when the
 * sample is not all there or the crypto fails. */
static bool unprotect(const struct ps_packet *p, const struct ps_layer *l,
		      const struct ps_quic_keys *k, uint32_t pn_off, uint32_t end, uint8_t *aad,
		      uint32_t *aad_len, uint64_t *pn)
{
	uint8_t mask[5];
	if (end - pn_off < 4 + 16 || pn_off - l->off + 4 > PS_QUIC_MAX_INITIAL ||
	    ps_quic_hp_mask(k->hp, p->data + pn_off + 4, mask) < 0)
		return false;
	uint8_t first = p->data[l->off] ^ (mask[0] & 0x0f);
	unsigned pn_len = (first & 3u) + 1;
	*aad_len = pn_off - l->off + pn_len;
	memcpy(aad, p->data + l->off, *aad_len);
	aad[0] = first;
	*pn = 0;
	for (unsigned i = 0; i < pn_len; i++) {
		aad[pn_off - l->off + i] ^= mask[1 + i];
		*pn = *pn << 8 | aad[pn_off - l->off + i];
	}
	return true;
}

void ps_quic_read_initial(struct ps_dctx *d, struct ps_layer *l, uint32_t pn_off, uint32_t end)
{
	const struct ps_packet *p = d->p;
	struct ps_quic *qh = &l->u.quic;
	struct ps_quic_keys k;
	uint8_t aad[PS_QUIC_MAX_INITIAL], plain[PS_QUIC_MAX_INITIAL];
	struct quic_stream s;
	uint32_t aad_len;
	uint64_t pn;

	if (end - pn_off > PS_QUIC_MAX_INITIAL) {
		ps_dis_event(d, PS_EV_QUIC_INITIAL_TOO_LARGE);
		return;
	}
	if (ps_quic_initial_keys(qh->version, p->data + qh->dcid_off, qh->dcid_len, false, &k) < 0 ||
	    !unprotect(p, l, &k, pn_off, end, aad, &aad_len, &pn))
		return;
	uint32_t ct_off = l->off + aad_len;
	int n = ps_quic_open(&k, pn, aad, aad_len, p->data + ct_off, end - ct_off, plain);
	if (n < 0)
		return; /* not a client Initial (or not this version's keys) */
	s.nseg = 0;
	struct ps_qbuf q = {.b = plain, .n = (size_t)n};
	if (!walk_frames(&q, &s))
		ps_dis_event(d, PS_EV_QUIC_FRAME_INVALID);
	record_hello(d, qh, &s);
}
