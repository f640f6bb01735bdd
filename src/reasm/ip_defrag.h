/* SPDX-License-Identifier: BSD-2-Clause */
/* ip_defrag.h - IPv4 and IPv6 defragmentation (RFC 791, RFC 8200 4.5, RFC 5722).
 *
 * One struct ps_defrag holds every incomplete datagram, keyed by (version,
 * src, dst, id, the caller's `zone` such as a VLAN id, and for IPv4 the
 * protocol).  The caller hands each fragment over as a struct ps_frag_in
 * (decoded by the IP dissectors); when a datagram completes,
 * ps_defrag_add() returns PS_DEFRAG_DONE and the whole datagram - its first
 * fragment's header, fixed up, then the payload - to be dissected as a new
 * frame (raw IPv4 / IPv6 link type).  The bytes are owned by the table and
 * valid until the next ps_defrag_* call.
 *
 * Bounds: a datagram is at most 65535 bytes (IPv4 total length, IPv6
 * Payload Length; jumbograms are not reassembled); all held datagrams
 * together at most `limit` bytes (overhead included), the oldest dropped
 * first; each expires `timeout` after its first fragment (30 s IPv4, 60 s
 * IPv6, as Linux).  Policies (docs/reassembly.md): IPv4 first wins on
 * overlap, IPv6 drops the whole datagram (RFC 5722); exact duplicates are
 * dropped alone in both.
 */
#ifndef PS_IP_DEFRAG_H
#define PS_IP_DEFRAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ps_events.h"

/* One fragment, as decoded.  Every pointer is borrowed for the call. */
struct ps_frag_in {
	uint8_t version;     /* 4 or 6 */
	const uint8_t *src, *dst; /* 4 or 16 bytes */
	uint32_t id;         /* IPv4: 16-bit Identification; IPv6: the Fragment header's */
	uint8_t proto;       /* IPv4: Protocol; IPv6: the Fragment header's Next Header */
	uint32_t zone;       /* caller's extra key part (VLAN id), 0 if none */
	uint32_t offset;     /* bytes (the 13-bit field times 8) */
	bool more;           /* MF / M */
	/* The part every fragment repeats: the IPv4 header with its options, or
	 * the IPv6 fixed header and the extension headers before the Fragment
	 * header.  IPv6: nh_off is the offset in hdr of the Next Header byte
	 * that names the Fragment header (6 when it follows the fixed header). */
	const uint8_t *hdr;
	uint32_t hdr_len;
	uint32_t nh_off;
	const uint8_t *data; /* the fragment's payload, caplen bytes captured */
	uint32_t caplen;
	uint32_t len;        /* payload bytes per the IP length */
	bool jumbo;          /* IPv6 carried a Jumbo Payload option */
};

struct ps_defrag_counters {
	uint64_t fragments;   /* given to ps_defrag_add */
	uint64_t datagrams;   /* started */
	uint64_t reassembled; /* completed and returned */
	uint64_t duplicates;  /* exact copies of held fragments, dropped */
	uint64_t overlaps;    /* IPv4 overlaps (first wins) */
	uint64_t v6_overlap_drops; /* IPv6 datagrams dropped for an overlap */
	uint64_t too_large, bad_len, inconsistent, jumbo;
	uint64_t truncated;   /* fragments cut by the snap length: not held */
	uint64_t timeouts;    /* datagrams expired incomplete */
	uint64_t evicted;     /* datagrams dropped at the memory limit, oldest first */
	uint64_t mem_drops;   /* fragments that found no room at all */
};

struct ps_defrag_dg; /* an incomplete datagram (ip_defrag.c) */

struct ps_defrag {
	size_t limit, used, peak;
	uint64_t timeout4_ns, timeout6_ns;
	struct ps_defrag_dg **buckets;
	uint32_t nbuckets;   /* power of two */
	struct ps_defrag_dg *oldest[2], *newest[2]; /* [0] IPv4, [1] IPv6, by first fragment */
	uint8_t *out;        /* the last reassembled datagram */
	struct ps_defrag_counters c;
};

#define PS_DEFRAG_DEFAULT_MEM (4u << 20) /* Linux ipfrag_high_thresh */
#define PS_DEFRAG_TIMEOUT4_NS (30ull * 1000000000ull)
#define PS_DEFRAG_TIMEOUT6_NS (60ull * 1000000000ull)
#define PS_DEFRAG_MAX_DGRAM 65535u

/* limit 0: PS_DEFRAG_DEFAULT_MEM.  0 ok, -1 out of memory (errbuf filled). */
int ps_defrag_init(struct ps_defrag *d, size_t limit, char *errbuf, size_t errlen);
void ps_defrag_free(struct ps_defrag *d);

enum ps_defrag_status {
	PS_DEFRAG_HELD = 0, /* kept, the datagram is not complete yet */
	PS_DEFRAG_DONE,     /* complete: r->data, r->len */
	PS_DEFRAG_DROPPED,  /* the fragment (and maybe its datagram) dropped: see r->events */
};

#define PS_DEFRAG_MAX_EVENTS 4
struct ps_defrag_result {
	const uint8_t *data; /* PS_DEFRAG_DONE: the datagram, valid until the next call */
	uint32_t len;
	uint32_t hdr_len;    /* its IP header (IPv6: with the extension headers kept) */
	uint8_t proto;       /* the protocol of the bytes after hdr_len */
	unsigned nevents;    /* events for the fragment's packet */
	enum ps_event_code events[PS_DEFRAG_MAX_EVENTS];
};

/* Add one fragment seen at now_ns; expires datagrams older than their
 * timeout first. */
enum ps_defrag_status ps_defrag_add(struct ps_defrag *d, const struct ps_frag_in *f,
				    uint64_t now_ns, struct ps_defrag_result *r);
/* Drop every datagram whose timeout has passed at now_ns (call it now and
 * then on an idle capture).  Returns how many expired. */
unsigned ps_defrag_expire(struct ps_defrag *d, uint64_t now_ns);

#endif
