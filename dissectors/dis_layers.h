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
};

#define PS_IPV4_MAX_OPTS 20
struct ps_ipv4_opt {
	uint8_t type;
	uint8_t len;  /* length as on the wire (1 for EOL/NOP) */
	uint32_t off; /* frame-absolute offset of the type byte */
};
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
	struct ps_ipv4_opt opts[PS_IPV4_MAX_OPTS];
};

#define PS_IPV6_MAX_EXT 8
struct ps_ipv6_ext {
	uint8_t type;      /* the Next Header value that named this header */
	uint8_t nxt;       /* its own Next Header field */
	uint16_t len;      /* header bytes */
	uint16_t frag_off; /* fragment header: 13-bit offset, 8-byte units */
	bool m;            /* fragment header: more fragments */
	uint32_t id;       /* fragment header */
};
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
	uint8_t n_ext;       /* valid entries in ext[] */
	struct ps_ipv6_ext ext[PS_IPV6_MAX_EXT];
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
	uint8_t nopts;
	struct ps_tcp_opt opts[PS_TCP_MAX_OPTS];
	uint8_t nsack; /* SACK blocks, all SACK options together */
	uint32_t sack[8][2];
};

struct ps_udp {
	uint16_t sport, dport;
	uint16_t len;
	uint16_t checksum;
};

struct ps_icmp {
	uint8_t type, code;
	uint16_t checksum;
	uint16_t id, seq;   /* echo-like types */
	uint32_t gateway;   /* redirect */
	uint16_t mtu;       /* unreachable, need fragmentation */
	uint8_t pointer;    /* parameter problem */
};

struct ps_icmpv6 {
	uint8_t type, code;
	uint16_t checksum;
	uint16_t id, seq; /* echo */
	uint32_t mtu;     /* packet too big */
	uint32_t pointer; /* parameter problem */
	uint8_t target[16]; /* neighbour solicitation/advertisement, redirect */
	uint8_t dest[16];   /* redirect destination */
	uint32_t nd_flags;  /* NA: R S O bits; RA: M O bits */
	uint8_t hop_limit;  /* RA current hop limit */
	uint16_t router_lifetime;
	uint32_t reachable, retrans;
	uint32_t opts_off, opts_len; /* NDP options, frame-absolute */
};

#endif
