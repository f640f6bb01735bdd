/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_tls_int.h - the parts of the TLS dissector (dis_tls*.c) and what they
 * share: side-area accessors, hello parsing, fingerprints, output.
 *
 * dis_tls.c        record walk, handshake walk, probe, the ops struct
 * dis_tls_hello.c  ClientHello / ServerHello bodies and their extensions
 * dis_tls_fp.c     JA3, JA3S and JA4 strings from a decoded hello
 * dis_tls_out.c    fields (JSON, TUI, tests) and the one-line text
 * dis_tls_hash.c   MD5 and SHA-256 for the fingerprints
 */
#ifndef DIS_TLS_INT_H
#define DIS_TLS_INT_H

#include "dis_common.h"
#include "dis_tls.h"

#define TLS_REC_HDR 5u
/* RFC 5246 6.2.3: a TLSCiphertext fragment is at most 2^14 + 2048 bytes */
#define TLS_REC_MAX (16384u + 2048u)
#define TLS_MAX_RECORDS 64u /* records listed per segment (tls.record_limit) */
#define TLS_MAX_HS 32u      /* handshake types listed per segment */

enum { TLS_CT_CCS = 20, TLS_CT_ALERT = 21, TLS_CT_HANDSHAKE = 22, TLS_CT_DATA = 23,
       TLS_CT_HEARTBEAT = 24 };
enum { TLS_HS_CLIENT_HELLO = 1, TLS_HS_SERVER_HELLO = 2 };
enum { TLS_EXT_SNI = 0, TLS_EXT_GROUPS = 10, TLS_EXT_PF = 11, TLS_EXT_SIGALGS = 13,
       TLS_EXT_ALPN = 16, TLS_EXT_VERSIONS = 43 };

/* RFC 8701: 0x0a0a, 0x1a1a, ... 0xfafa */
static inline bool ps_tls_grease(uint16_t v)
{
	return (v & 0x0f0fu) == 0x0a0au && (v >> 8) == (v & 0xffu);
}

static inline const struct ps_tls_record *ps_tls_records(const struct ps_packet *p,
							 const struct ps_tls *t)
{
	return t->nrecords ? (const struct ps_tls_record *)ps_side_get(p, t->records_at) : 0;
}
static inline const uint8_t *ps_tls_hs_types(const struct ps_packet *p, const struct ps_tls *t)
{
	return t->nhs ? (const uint8_t *)ps_side_get(p, t->hs_at) : 0;
}
static inline const struct ps_tls_hello *ps_tls_client_hello(const struct ps_packet *p,
							      const struct ps_tls *t)
{
	return t->has_ch ? (const struct ps_tls_hello *)ps_side_get(p, t->ch_at) : 0;
}
static inline const struct ps_tls_hello *ps_tls_server_hello(const struct ps_packet *p,
							      const struct ps_tls *t)
{
	return t->has_sh ? (const struct ps_tls_hello *)ps_side_get(p, t->sh_at) : 0;
}
/* a uint16_t list of a hello (ciphers, exts, groups, sigalgs, versions) */
static inline const uint16_t *ps_tls_u16s(const struct ps_packet *p, struct ps_tls_list l)
{
	return l.n ? (const uint16_t *)ps_side_get(p, l.at) : 0;
}

/* Record type 20-24 (24: heartbeat) and version 3.0-3.4? */
bool ps_tls_record_ok(uint8_t type, uint16_t version);

/* The walk over one frame's records (dis_tls.c): the segment decode runs
 * one per segment, the stream decoder (dis_tls_stream.c) one per frame with
 * `encrypted` carried over from the direction's earlier records. */
struct ps_tls_walk {
	struct ps_dctx *d;
	struct ps_tls *t;
	bool cut;       /* the capture ended before the segment */
	bool encrypted; /* a ChangeCipherSpec came before */
	uint8_t *hs;    /* handshake types (TLS_MAX_HS), allocated on first use */
};
/* The content of record r whose fragment starts at c (clipped to what is
 * there of it): handshake types, the first hellos and the first clear
 * alert into w->t.  A ChangeCipherSpec sets w->encrypted. */
void ps_tls_record_content(struct ps_tls_walk *w, struct ps_cursor *c, struct ps_tls_record *r);

/* Where a hello's byte strings (SNI, ALPN names) are: the frame, or the
 * side area when the hello came from reassembled bytes (PS_TLS_HELLO_SIDESTR). */
static inline const uint8_t *ps_tls_str_base(const struct ps_packet *p,
					     const struct ps_tls_hello *h, uint32_t *n)
{
	if (h->have & PS_TLS_HELLO_SIDESTR) {
		*n = PS_SIDE_BYTES;
		return p->side;
	}
	*n = ps_packet_bytes(p);
	return p->data;
}

/* decode: parse the handshake message body `c` (clipped to what the
 * segment holds of it; `msg_len` is what its header claims) as a Client
 * (client = true) or Server Hello into a new side-area hello; *at gets its
 * offset.  `cut` says the capture (not the segment) ended early: running
 * out of bytes is then tls.truncated.  False when the side area is full.
 * The cursor may span any byte buffer (the frame for TLS, a decrypted QUIC
 * CRYPTO stream for dis_quic_hello.c): the hello's offsets are into it. */
bool ps_tls_parse_hello(struct ps_dctx *d, struct ps_cursor *c, uint32_t msg_len, bool client,
			bool cut, uint16_t *at);

/* Fingerprints of a decoded hello, computed when rendered (dis_tls_fp.c).
 * The *_full strings go to `buf` (size n); false when the hello is not
 * whole (PS_TLS_HELLO_BODY and _EXTS) or `buf` is too small. */
bool ps_tls_ja3_full(const struct ps_packet *p, const struct ps_tls_hello *h, char *buf,
		     size_t n);
bool ps_tls_ja3s_full(const struct ps_packet *p, const struct ps_tls_hello *h, char *buf,
		      size_t n);
/* MD5 of a ja3/ja3s full string as 32 hex digits (hex: 33 bytes). */
void ps_tls_ja3_hash(const char *full, char hex[33]);
/* JA4 of a ClientHello ("t13d1516h2_8daaf6152771_e5627efa2ab1"): `proto`
 * 't' (TLS over TCP), 'q' (QUIC) or 'd' (DTLS).  The hello's byte strings
 * (ALPN names) are offsets into base[0, base_len): the frame for TLS, the
 * decrypted CRYPTO stream for QUIC.  out: 37 bytes. */
bool ps_tls_ja4(const struct ps_packet *p, const struct ps_tls_hello *h, const uint8_t *base,
		uint32_t base_len, char proto, char out[37]);

/* dis_tls_out.c: the ops' fields and summary */
void ps_tls_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e);
void ps_tls_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
		    struct ps_out *o);

#endif
