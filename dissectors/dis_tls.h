/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_tls.h - the TLS layer of the packet record (read by protocols.def's
 * headers section, so it includes nothing of pktscope's).
 *
 * The layer holds counts and side-area offsets only: the record list, the
 * handshake types and the two hellos live in the side area
 * (ps_dis_side_alloc), byte strings (SNI, ALPN names) stay in the frame as
 * frame-absolute offsets.  Accessors and the fingerprint functions are in
 * dis_tls_int.h.
 */
#ifndef DIS_TLS_H
#define DIS_TLS_H

#include <stdbool.h>
#include <stdint.h>

/* one TLS record header (RFC 8446 section 5.1), side area */
struct ps_tls_record {
	uint8_t type;     /* ContentType: 20 CCS, 21 alert, 22 handshake, 23 data */
	bool whole;       /* all `len` bytes are in this segment */
	uint8_t nhs;      /* handshake messages listed from this record */
	bool enc;         /* after a ChangeCipherSpec: encrypted, not read */
	uint16_t version; /* legacy_record_version */
	uint16_t len;
	uint32_t off;     /* frame-absolute offset of the header */
};

/* a byte string inside the frame */
struct ps_tls_str {
	uint32_t off;
	uint16_t len;
};

/* The lists of one ClientHello or ServerHello, side area.  Each list is
 * `n` items at side offset `at` (uint16_t items, uint8_t for point formats,
 * struct ps_tls_str for ALPN); n == 0 means absent or empty. */
struct ps_tls_list {
	uint16_t at;
	uint16_t n;
};

#define PS_TLS_HELLO_VER 0x100u  /* legacy_version read */
#define PS_TLS_HELLO_BODY 0x01u  /* version..cipher(s) decoded */
#define PS_TLS_HELLO_EXTS 0x02u  /* the whole extensions block decoded (or none sent) */
#define PS_TLS_HELLO_SNI 0x04u   /* server_name extension present */
#define PS_TLS_HELLO_SNAME 0x08u /* ... and a host_name was read from it (sni) */
#define PS_TLS_HELLO_SV 0x10u    /* supported_versions present */
#define PS_TLS_HELLO_ALPN 0x20u  /* ALPN extension present */
#define PS_TLS_HELLO_SIGALG 0x40u /* signature_algorithms present */
#define PS_TLS_HELLO_PF 0x80u    /* ec_point_formats present */
/* sni and alpn offsets are into the side area, not the frame: the hello was
 * read from reassembled stream bytes, its strings copied (dis_tls_stream.c) */
#define PS_TLS_HELLO_SIDESTR 0x200u
struct ps_tls_hello {
	uint16_t have;    /* PS_TLS_HELLO_* */
	uint32_t off, len; /* the handshake message in the frame (captured part): the TUI span */
	uint16_t version; /* legacy_version */
	uint16_t cipher;  /* ServerHello: the chosen suite */
	uint16_t selected_version; /* ServerHello: supported_versions value */
	struct ps_tls_str sni;
	struct ps_tls_list ciphers, exts, groups, sigalgs, versions, alpn, pf;
	/* Where fields are, for the TUI's spans only: offsets from the body's
	 * first byte (0: not read; the version is at 0) of the cipher list's
	 * first item, ServerHello's cipher, the first extension, the host
	 * name, the ALPN list (its first length byte), the supported_versions,
	 * groups and sig_algs lists' first items, ServerHello's
	 * supported_versions value; ext_pos: side list of each extension's
	 * offset (exts.n items), PS_SIDE_NONE none. */
	uint16_t p_ciphers, p_cipher, p_exts, p_sni, p_alpn, p_versions, p_groups, p_sigalgs, p_sv;
	uint16_t ext_pos;
	/* PS_TLS_HELLO_SIDESTR: the body's first byte among the stream bytes,
	 * counted from the first byte this frame delivered (negative: an
	 * earlier frame's); PS_TLS_BODY_NONE when not known */
	int32_t body;
	/* ... and in the frame, when the record's rest lay in this frame's own
	 * bytes: the body's frame offset, PS_TLS_FBODY_NONE otherwise */
	uint32_t fbody;
};
#define PS_TLS_BODY_NONE INT32_MIN
#define PS_TLS_FBODY_NONE UINT32_MAX

/* Fields are valid by their presence flags; `nrecords` records, `nhs`
 * handshake types (uint8_t) in the side area. */
struct ps_tls {
	uint8_t nrecords;
	uint8_t nhs;
	bool has_alert;
	bool has_ch, has_sh; /* a ClientHello / ServerHello was seen */
	uint8_t alert_level, alert_desc;
	uint8_t alert_rec; /* the record that holds the alert (has_alert) */
	uint16_t records_at;
	uint16_t hs_at;
	uint16_t ch_at; /* struct ps_tls_hello of the first ClientHello (has_ch) */
	uint16_t sh_at; /* ... of the first ServerHello (has_sh) */
	uint32_t alert_off;
};

#endif
