/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_quic.h - the decoded QUIC packet header (dis_quic.c) and, for a
 * client Initial, what its decrypted ClientHello says (dis_quic_initial.c).
 *
 * Fields are valid by the layer's captured header length (ps_layer.hdr_len,
 * which ends where the packet number starts).  Connection IDs stay in the
 * frame (offsets); the SNI, ALPN list and JA4 string come from decrypted
 * bytes, so they are copied into the side area (PS_SIDE_NONE: absent).
 * Only the first QUIC packet of a datagram is described.
 */
#ifndef DIS_QUIC_H
#define DIS_QUIC_H

#include <stdbool.h>
#include <stdint.h>

enum ps_quic_type {
	PS_QUIC_INITIAL,
	PS_QUIC_0RTT,
	PS_QUIC_HANDSHAKE,
	PS_QUIC_RETRY,
	PS_QUIC_SHORT,
	PS_QUIC_VN, /* version negotiation (version 0): no type */
};

struct ps_quic {
	bool long_hdr;
	uint8_t type;      /* enum ps_quic_type */
	uint8_t dcid_len, scid_len;
	uint32_t version;
	uint32_t dcid_off, scid_off; /* frame-absolute */
	uint32_t len;      /* datagram bytes per UDP (for the text) */
	uint16_t sni_at, sni_len;    /* side area: the server name bytes */
	uint16_t alpn_at, alpn_len;  /* side area: the ALPN list, wire format */
	uint16_t ja4_at;             /* side area: JA4, NUL-terminated */
};

#endif
