/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_tunnel.h - the decoded tunnel headers: VXLAN, Geneve, GRE, ERSPAN,
 * GTP-U, Teredo.
 *
 * Each tunnel dissects its payload as a nested chain under "inner"
 * (ps_dissect_nested), so the outer layers keep the top-level keys.  Fields
 * are valid by the layer's captured header length (ps_layer.hdr_len);
 * optional fields (GRE checksum/key/sequence, GTP sequence) by their flag
 * bits and that length.
 */
#ifndef DIS_TUNNEL_H
#define DIS_TUNNEL_H

#include <stdbool.h>
#include <stdint.h>

struct ps_vxlan {
	uint16_t flags; /* the first 16 bits (I flag 0x0800; GBP bits) */
	uint32_t vni;
};

struct ps_geneve {
	uint8_t version;
	uint8_t opt_len; /* options, bytes (the field times 4) */
	bool oam, critical;
	uint8_t rsvd;    /* the 6 reserved flag bits */
	uint16_t proto;  /* EtherType of the payload (0x6558: Ethernet) */
	uint32_t vni;
	uint8_t rsvd2;   /* the byte after the VNI */
};

#define PS_GRE_C 0x8000u /* checksum present */
#define PS_GRE_R 0x4000u /* routing present */
#define PS_GRE_K 0x2000u /* key present */
#define PS_GRE_S 0x1000u /* sequence number present */
#define PS_GRE_A 0x0080u /* acknowledgment present (version 1, RFC 2637) */
struct ps_gre {
	uint16_t flags_version;
	uint16_t proto;
	uint16_t checksum, offset;
	uint32_t key;  /* version 1: payload length << 16 | call id */
	uint32_t seq, ack;
	uint8_t key_at, seq_at, ack_at; /* header offsets of the optional fields */
	uint32_t len;  /* GRE bytes per the carrier (tcpdump's length) */
};

/* ERSPAN (GRE 0x88be, 0x22eb): the header words as on the wire; fields are
 * their bit ranges (dis_erspan.c).  type 1 has no header. */
#define PS_ERSPAN3_O 0x0001u /* type III: platform subheader present */
struct ps_erspan {
	uint8_t type;     /* 1, 2 or 3: from the GRE protocol and sequence bit */
	uint16_t w0;      /* version:4 vlan:12 */
	uint16_t w1;      /* cos:3 encap (III: bso):2 t:1 spanid:10 */
	uint32_t w2;      /* II: reserved:12 index:20; III: timestamp */
	uint16_t sgt;     /* III */
	uint16_t w3;      /* III: p:1 ft:5 hw:6 d:1 gra:2 o:1 */
	uint32_t plat_hi; /* III with O: platid:6 and the platform-specific bits */
	uint32_t plat_lo;
};

#define PS_GTP_E 0x04u /* extension header present */
#define PS_GTP_S 0x02u /* sequence number present */
#define PS_GTP_PN 0x01u /* N-PDU number present */
struct ps_gtp {
	uint8_t flags;
	uint8_t type;
	uint16_t len;    /* bytes after the 8-byte mandatory header */
	uint32_t teid;
	uint16_t seq;
	uint8_t npdu;
	uint8_t next_ext;
	uint8_t n_ext;   /* extension headers skipped */
};

/* Teredo (RFC 4380 5.1.1): the optional authentication and origin
 * indication headers before the IPv6 packet.  Origin port and address are
 * kept as tshark shows them: de-obfuscated (the wire holds them XORed with
 * all ones). */
struct ps_teredo {
	bool auth, origin;  /* which indicators were read (whole) */
	uint8_t idlen, aulen; /* authentication: client identifier and value lengths */
	uint8_t conf;       /* ... confirmation byte */
	uint16_t orig_at;   /* header offset of the origin indication */
	uint16_t orig_port;
	uint8_t orig_addr[4];
};

#endif
