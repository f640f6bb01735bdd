/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_quic_priv.h - what the QUIC files share: a bounds-checked reader
 * over decrypted bytes (which are not frame bytes, so no cursor), the
 * Initial decryption step and the ClientHello reader.
 */
#ifndef DIS_QUIC_PRIV_H
#define DIS_QUIC_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ps_dissect.h"

/* Decrypted Initial payloads larger than this are not read
 * (quic.initial_too_large); 1200-1500 bytes is the norm. */
#define PS_QUIC_MAX_INITIAL 4096u

/* A window over a buffer; reads past the end return 0 and set `bad`. */
struct ps_qbuf {
	const uint8_t *b;
	size_t n, pos;
	bool bad;
};

static inline const uint8_t *ps_qb_take(struct ps_qbuf *q, size_t len)
{
	if (q->bad || len > q->n - q->pos) {
		q->bad = true;
		return 0;
	}
	q->pos += len;
	return q->b + q->pos - len;
}

/* A big-endian number of `bytes` (1-4) bytes. */
static inline uint32_t ps_qb_num(struct ps_qbuf *q, unsigned bytes)
{
	const uint8_t *p = ps_qb_take(q, bytes);
	uint32_t v = 0;
	for (unsigned i = 0; p && i < bytes; i++)
		v = v << 8 | p[i];
	return v;
}

/* A variable-length integer (RFC 9000 §16). */
static inline uint64_t ps_qb_varint(struct ps_qbuf *q)
{
	if (q->bad || q->pos >= q->n) {
		q->bad = true;
		return 0;
	}
	size_t len = (size_t)1 << (q->b[q->pos] >> 6);
	const uint8_t *p = ps_qb_take(q, len);
	uint64_t v = p ? p[0] & 0x3fu : 0;
	for (size_t i = 1; p && i < len; i++)
		v = v << 8 | p[i];
	return v;
}

/* What a ClientHello says, for the quic object. */
struct ps_quic_hello {
	const uint8_t *sni;  /* into the caller's buffer; NULL absent */
	size_t sni_len;
	const uint8_t *alpn; /* the ALPN protocol list, wire format; NULL absent */
	size_t alpn_len;
	char ja4[40];        /* JA4 (36 characters), NUL-terminated */
};

/* Read the TLS handshake message in b[0, n) with the TLS decoder: 0 and *h
 * filled when it is a whole ClientHello, -1 otherwise (dis_quic_hello.c).
 * Its side-area scratch is handed back before returning; a malformed hello
 * raises the TLS decoder's events on d's current layer. */
int ps_quic_hello_parse(struct ps_dctx *d, const uint8_t *b, size_t n, struct ps_quic_hello *h);

/* decode: decrypt the client Initial whose packet number starts at frame
 * offset `pn_off` and which ends at `end`, and record its ClientHello's
 * SNI, ALPN and JA4 in layer l (dis_quic_initial.c).  Packets that do not
 * open with the client's Initial keys (server Initials) are left alone. */
void ps_quic_read_initial(struct ps_dctx *d, struct ps_layer *l, uint32_t pn_off, uint32_t end);

#endif
