/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_dns.h - the DNS layer (also mDNS and LLMNR) and its side-area records.
 *
 * The layer holds the 12-byte header and where the message is; questions
 * and resource records are lists in the record's side area (ps_dns_qs(),
 * ps_dns_rrs()).  Names are not copied: a question or record keeps the
 * frame offset of its name, and the name is walked again from the frame when
 * it is printed (ps_dns_name(), with the same pointer limits decode checked).
 */
#ifndef DIS_DNS_H
#define DIS_DNS_H

#include <stdbool.h>
#include <stdint.h>

struct ps_emit;
struct ps_out;
struct ps_packet;
struct ps_text_opts;

enum ps_dns_flavor { PS_DNS_PLAIN = 0, PS_DNS_MDNS, PS_DNS_LLMNR };

#define PS_DNS_HDR_LEN 12u
#define PS_DNS_MAX_Q 32    /* questions recorded per message: dns.record_limit */
#define PS_DNS_MAX_RR 200  /* answer/authority/additional records per message */
#define PS_DNS_MAX_PTRS 16 /* compression pointers followed in one name */
#define PS_DNS_MAX_NAME 255 /* RFC 1035 3.1: octets of a name on the wire */

/* `ok` bits of a question or record */
#define PS_DNS_NAME_OK 0x01u  /* the owner name walks cleanly */
#define PS_DNS_RDATA_IN 0x02u /* rdata lies within the readable message */
#define PS_DNS_RDATA_OK 0x04u /* ... and its layout fits the type */

struct ps_dns_q {
	uint32_t name; /* frame-absolute offset of the name */
	uint16_t type, cls;
	uint8_t ok;
};

enum ps_dns_section { PS_DNS_AN = 0, PS_DNS_NS, PS_DNS_AR };

struct ps_dns_rr {
	uint32_t name;  /* frame-absolute offset of the owner name */
	uint32_t rdata; /* frame-absolute offset of the rdata */
	uint32_t ttl;
	uint16_t type, cls, rdlen;
	uint8_t section; /* enum ps_dns_section */
	uint8_t ok;
};

/* Header fields are valid when ps_layer.hdr_len covers them (the TCP length
 * prefix, if any, first). */
struct ps_dns {
	uint8_t flavor;   /* enum ps_dns_flavor, from the carrier's port */
	bool tcp;         /* over TCP: a 2-byte length prefix precedes the message */
	uint16_t prefix;  /* TCP: the message length the prefix gives */
	uint16_t id, flags;
	uint16_t qdcount, ancount, nscount, arcount;
	uint8_t nq;       /* questions recorded */
	uint8_t nrr;      /* records recorded, all sections in wire order */
	uint16_t q_at, rr_at; /* side-area offsets */
	uint32_t msg;     /* frame-absolute offset of the header (after any prefix) */
	uint32_t end;     /* end of the message bytes decode could read (frame-absolute) */
	uint32_t seg_len; /* message bytes the carrier claims (UDP payload, TCP segment - 2) */
	/* Decoded from the reassembled TCP stream (dis_dns_stream.h): the
	 * message is not the one tcpdump reads at the segment's start, so
	 * `prefix` is the segment's first two bytes and `seg_len` its payload
	 * length (tcpdump's view, for the text), not the message's. */
	bool stream;
	/* A segment whose message a later frame completes: no object (JSON,
	 * display filter), the text stays tcpdump's. */
	bool hidden;
};

/* Flag bits of ps_dns.flags (RFC 1035 4.1.1, RFC 4035 3.2 for AD/CD). */
#define PS_DNS_QR 0x8000u
#define PS_DNS_AA 0x0400u
#define PS_DNS_TC 0x0200u
#define PS_DNS_RD 0x0100u
#define PS_DNS_RA 0x0080u
#define PS_DNS_AD 0x0020u
#define PS_DNS_CD 0x0010u
#define PS_DNS_OPCODE(f) (((f) >> 11) & 0xfu)
#define PS_DNS_RCODE(f) ((f)&0xfu)

enum ps_dns_name_status {
	PS_DNS_NAME_GOOD = 0,
	PS_DNS_NAME_SHORT,     /* ran past the readable bytes */
	PS_DNS_NAME_LOOP,      /* a pointer led back to one already followed */
	PS_DNS_NAME_DEPTH,     /* more than PS_DNS_MAX_PTRS pointers */
	PS_DNS_NAME_LONG,      /* more than PS_DNS_MAX_NAME octets */
	PS_DNS_NAME_BAD_LABEL, /* label type 0x40 or 0x80 (RFC 6891 deprecated them) */
	PS_DNS_NAME_BAD_PTR,   /* a pointer outside the message */
};

enum ps_dns_name_style {
	PS_DNS_STYLE_NONE = 0, /* validate only */
	PS_DNS_STYLE_JSON,     /* "a.b", root "<Root>", control bytes \ddd, other bytes as they are */
	PS_DNS_STYLE_TCPDUMP,  /* "a.b.", root ".", bytes as tcpdump's nd_printn (^A, M-x) */
};

/* Walk the name at frame offset `off` of the message starting at `msg`,
 * readable up to `end` (all frame-absolute, within `frame`).  *next gets the
 * offset after the name where it is written (after its first pointer).
 * Writes it to `o` in `style` when o is not NULL.  Returns a status. */
enum ps_dns_name_status ps_dns_name(const uint8_t *frame, uint32_t msg, uint32_t end, uint32_t off,
				    uint32_t *next, struct ps_out *o, enum ps_dns_name_style style);

/* Walk the name at `off` as ps_dns_name does and look for s[0, sn) inside
 * each label's bytes: *found (true for sn == 0); *root: the name is the
 * root.  For a needle the JSON style writes as itself and never makes of
 * escapes or separators (no '.', '\\', digit or control byte), *found is
 * "the JSON-style name contains s" for every name but the root ("<Root>").
 * Returns the walk's status: *found and *root mean something when GOOD. */
enum ps_dns_name_status ps_dns_name_find(const uint8_t *frame, uint32_t msg, uint32_t end,
					 uint32_t off, const uint8_t *s, uint32_t sn, bool *found,
					 bool *root);

/* The side-area lists of DNS layer `d` of packet p (NULL when empty). */
const struct ps_dns_q *ps_dns_qs(const struct ps_packet *p, const struct ps_dns *d);
const struct ps_dns_rr *ps_dns_rrs(const struct ps_packet *p, const struct ps_dns *d);

/* RR types and the class bit the output files name */
#define PS_DNS_T_A 1
#define PS_DNS_T_NS 2
#define PS_DNS_T_CNAME 5
#define PS_DNS_T_SOA 6
#define PS_DNS_T_PTR 12
#define PS_DNS_T_MX 15
#define PS_DNS_T_TXT 16
#define PS_DNS_T_AAAA 28
#define PS_DNS_T_SRV 33
#define PS_DNS_T_DNAME 39
#define PS_DNS_T_OPT 41
#define PS_DNS_MDNS_CLASS_BIT 0x8000u /* QU in questions, cache-flush in records */

/* A 16-bit big-endian value at frame offset off, which decode checked. */
uint16_t ps_dns_be16(const struct ps_packet *p, uint32_t off);

/* The ops' fields (dis_dns_rr.c) and summary (dis_dns_text.c). */
void ps_dns_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e);
void ps_dns_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
		    struct ps_out *o);
/* tcpdump's text for a TCP segment on port 53 that no DNS layer reads (a
 * message's continuation): its length-prefix check, after ", length N". */
void ps_dns_out_port_payload(const struct ps_packet *p, unsigned tcp_li, int verbose,
			     struct ps_out *o);

#endif
