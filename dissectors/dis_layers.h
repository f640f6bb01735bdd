/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_layers.h - the decoded values of each protocol, in host order.
 *
 * One struct per protocol; the packet record holds them in a union.  Values
 * are stored already decoded so that no renderer ever re-parses bytes.
 * Variable-length items (ARP addresses of any length, option bodies) are
 * kept as frame-absolute offsets into the borrowed frame.
 * A header cut short by the capture keeps only the fields whose bytes were
 * captured: each struct says how it records which fields are valid (a
 * `have` bit set, or the layer's captured header length `ps_layer.hdr_len`).
 */
#ifndef PS_DIS_LAYERS_H
#define PS_DIS_LAYERS_H

#include <stdbool.h>
#include <stdint.h>

struct ps_eth {
	uint8_t dst[6], src[6];
	uint16_t type; /* EtherType or 802.3 length, as on the wire */
};

struct ps_vlan {
	uint16_t tpid; /* 0x8100, 0x88a8, 0x9100 */
	uint8_t pcp;
	bool dei;
	uint16_t id;
	uint16_t type; /* the EtherType that follows the tag */
};

/* Linux cooked capture, v1 (LINUX_SLL) and v2 (LINUX_SLL2). */
struct ps_sll {
	uint8_t version; /* 1 or 2 */
	uint16_t pkttype;
	uint16_t hatype;
	uint16_t halen;  /* link address length as on the wire */
	uint8_t addr[8]; /* first min(halen, 8) bytes */
	uint16_t proto;
	uint32_t ifindex; /* SLL2 only */
};

/* BSD loopback (NULL: byte order of the writer; LOOP: network order). */
struct ps_loopback {
	uint32_t family;
};

#define PS_ARP_HAVE_FIXED 0x01u /* htype..op (8 bytes) */
#define PS_ARP_HAVE_SHA 0x02u
#define PS_ARP_HAVE_SPA 0x04u
#define PS_ARP_HAVE_THA 0x08u
#define PS_ARP_HAVE_TPA 0x10u
struct ps_arp {
	uint8_t have;
	uint16_t htype, ptype;
	uint8_t hlen, plen;
	uint16_t op;
	uint32_t sha_off, spa_off, tha_off, tpa_off; /* frame-absolute */
	/* ATMARP (htype 19, RFC 2225) has six lengths instead of hlen/plen (which
	 * stay 0): source ATM number, subaddress, protocol address, then the
	 * target's, type bits masked off.  sha/tha point at the ATM numbers; the
	 * subaddresses follow them. */
	uint8_t atm_len[6];
};

/* 40 option bytes hold at most 40 one-byte options: the array never overflows. */
#define PS_IPV4_MAX_OPTS 40
struct ps_ipv4_opt {
	uint8_t type;
	uint8_t len;  /* length as on the wire (1 for EOL/NOP) */
	bool valid;   /* the length fits the type's layout (RR, TS, RA) */
	uint32_t off; /* frame-absolute offset of the type byte */
};
/* Fields are valid by the captured header length (ps_layer.hdr_len), except:
 * version != 4 -> only `version`; hl < 20 -> only `version` and `hl`.
 * The options whose bytes were all captured are `nopts` ps_ipv4_opt in the
 * side area at `opts_at` (ps_ipv4_opts()). */
struct ps_ipv4 {
	uint8_t version;
	uint8_t hl; /* header bytes (IHL * 4) */
	uint8_t tos;
	uint16_t len;
	uint16_t id;
	bool rf, df, mf;
	uint16_t frag_off; /* 13-bit value, 8-byte units */
	uint8_t ttl;
	uint8_t proto;
	uint16_t checksum;
	uint8_t src[4], dst[4];
	uint8_t nopts;
	uint16_t opts_at; /* side-area offset of the options */
};

#define PS_IPV6_MAX_EXT 8
struct ps_ipv6_ext {
	uint8_t type;      /* the Next Header value that named this header */
	uint8_t nxt;       /* its own Next Header field */
	uint16_t len;      /* header bytes */
	uint16_t frag_off; /* fragment header: 13-bit offset, 8-byte units */
	bool m;            /* fragment header: more fragments */
	bool complete;     /* all `len` bytes captured (else only type, nxt, len) */
	uint32_t id;       /* fragment header */
	uint32_t off;      /* frame-absolute offset of the header */
};
/* Fixed-header fields are valid by the captured header length
 * (ps_layer.hdr_len counts the fixed header and the extension headers);
 * version != 6 -> only `version`. */
struct ps_ipv6 {
	uint8_t version;
	uint8_t tc;
	uint32_t flow; /* 20 bits */
	uint16_t plen;
	uint8_t nxt; /* the fixed header's Next Header */
	uint8_t hlim;
	uint8_t src[16], dst[16];
	uint8_t upper;       /* protocol after the extension headers */
	bool fragment;       /* a fragment header was present */
	uint8_t n_ext;       /* extension headers: n_ext ps_ipv6_ext in the side area */
	uint16_t ext_at;     /* at this offset (ps_ipv6_exts()) */
	uint32_t jumbo;      /* RFC 2675 Jumbo Payload Length, 0 when absent */
};

#define PS_TCP_MAX_OPTS 16
enum ps_tcp_opt_kind {
	PS_TCPOPT_EOL = 0,
	PS_TCPOPT_NOP = 1,
	PS_TCPOPT_MSS = 2,
	PS_TCPOPT_WSCALE = 3,
	PS_TCPOPT_SACK_PERM = 4,
	PS_TCPOPT_SACK = 5,
	PS_TCPOPT_TIMESTAMP = 8,
};
struct ps_tcp_opt {
	uint8_t kind;
	uint8_t len;  /* length byte as on the wire (1 for EOL/NOP) */
	bool valid;   /* the length matched what the kind requires */
	uint32_t off; /* frame-absolute offset of the kind byte */
	uint32_t v1, v2; /* mss | wscale | ts val, ecr | sack: first block index, count */
};
#define PS_TCP_MAX_SACK 8
struct ps_tcp_sack {
	uint32_t left, right;
};
struct ps_tcp {
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t hl;     /* header bytes (data offset * 4) */
	uint16_t flags; /* 9 bits: NS CWR ECE URG ACK PSH RST SYN FIN */
	uint16_t win;
	uint16_t checksum;
	uint16_t urg;
	bool has_len;  /* the carrier gave a length, so len is known */
	uint32_t len;  /* payload bytes per the IP length */
	uint32_t claim; /* segment bytes the carrier claims, PS_CLAIM_UNKNOWN (~0) if unknown */
	uint8_t nopts;  /* options: nopts ps_tcp_opt in the side area at opts_at */
	uint8_t nsack;  /* SACK blocks, all SACK options together: nsack */
	uint8_t eol_pad; /* zero bytes after an EOL option (captured, before the data
			  * offset): tshark lists each as one more EOL (tcp.option_kind) */
	uint8_t wscale; /* the last valid window-scale option's shift, capped at 14
			 * (RFC 7323 2.3), + 1; 0 none (the flow stage's window scaling) */
	uint16_t opts_at; /* (ps_tcp_opts()) */
	uint16_t sack_at; /* ps_tcp_sack in the side area at sack_at (ps_tcp_sacks()) */
};

struct ps_udp {
	uint16_t sport, dport;
	uint16_t len;
	uint16_t checksum;
	uint32_t claim; /* datagram bytes the carrier claims, PS_CLAIM_UNKNOWN (~0) if unknown */
};

struct ps_icmp {
	uint8_t type, code;
	uint16_t checksum;
	uint16_t id, seq;     /* echo-like types: 0/8, 13/14, 15/16, 17/18 */
	uint8_t gateway[4];   /* redirect */
	uint16_t mtu;         /* unreachable, need fragmentation (RFC 1191) */
	uint8_t pointer;      /* parameter problem */
	uint8_t length;       /* RFC 4884: quoted datagram length, 32-bit words (3, 11, 12) */
	uint32_t ts[3];       /* time stamp: originate, receive, transmit (ms since midnight UT) */
	uint8_t mask[4];      /* address mask request/reply */
	uint8_t num_addrs;    /* router advertisement (RFC 1256) */
	uint8_t addr_size;    /* router advertisement: 32-bit words per entry */
	uint16_t lifetime;    /* router advertisement, seconds */
	bool has_len;         /* the carrier gave a length */
	uint32_t len;         /* ICMP bytes per the carrier (captured bytes when unknown) */
};

struct ps_icmpv6 {
	uint8_t type, code;
	uint16_t checksum;
	uint16_t id, seq; /* echo */
	uint32_t mtu;     /* packet too big */
	uint32_t pointer; /* parameter problem */
	uint8_t target[16]; /* NS/NA/redirect target; MLD multicast address */
	uint8_t dest[16];   /* redirect destination */
	/* NA: the flags word (R 0x80000000, S 0x40000000, O 0x20000000);
	 * RA: the flags byte (M 0x80, O 0x40) */
	uint32_t nd_flags;
	uint8_t hop_limit;  /* RA current hop limit */
	uint16_t router_lifetime;
	uint32_t reachable, retrans;
	uint32_t opts_off, opts_len; /* NDP options, frame-absolute; only whole, valid ones */
	uint16_t mld_code;  /* MLD maximum response code/delay */
	uint16_t mld_count; /* MLDv2: query sources, report group records */
	bool has_len;       /* the carrier gave a length */
	uint32_t len;       /* ICMPv6 bytes per the carrier (captured bytes when unknown) */
};

#endif
