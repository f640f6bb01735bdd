/* SPDX-License-Identifier: BSD-2-Clause */
/* test_ip_defrag.c - CUnit suite of IPv4/IPv6 defragmentation: in order,
 * reversed, every overlap policy, timeouts, size and memory limits, keys,
 * the rebuilt header dissected as a new frame, and random fragmentations
 * in random orders. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ip_defrag.h"
#include "ps_test.h"
#include "reasm_record.h"
#include "reasm_stats.h"

#define SEC 1000000000ull

static const uint8_t A4[4] = {10, 0, 0, 1}, B4[4] = {10, 0, 0, 2};
static const uint8_t A6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
static const uint8_t B6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 2};

/* The payload every test fragments: 24 bytes of a UDP datagram
 * 1234 -> 53 (length 24, checksum 0: not computed) and 16 data bytes. */
static uint8_t payload[70000]; /* offsets up to 65535 point into it */

static void make_payload(uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		payload[i] = (uint8_t)('a' + i % 26);
	static const uint8_t udp[8] = {0x04, 0xd2, 0x00, 0x35, 0, 0, 0, 0};
	memcpy(payload, udp, sizeof udp);
	payload[4] = (uint8_t)(n >> 8);
	payload[5] = (uint8_t)n;
}

/* IPv4 header of a fragment: protocol UDP, id 0x1234, DF clear */
static uint8_t hdr4[20] = {0x45, 0, 0, 0, 0x12, 0x34, 0, 0, 64, 17, 0, 0,
			   10, 0, 0, 1, 10, 0, 0, 2};
/* IPv6 fixed header + an 8-byte Destination Options header (PadN) before the
 * Fragment header: Next Header 60, then the options header names 44 */
static uint8_t hdr6[48] = {0x60, 0, 0, 0, 0, 0, 60, 64,
			   0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
			   0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
			   44, 0, 1, 4, 0, 0, 0, 0};

static struct ps_frag_in frag4(uint32_t off, uint32_t len, bool more)
{
	return (struct ps_frag_in){.version = 4, .src = A4, .dst = B4, .id = 0x1234, .proto = 17,
				   .offset = off, .more = more, .hdr = hdr4, .hdr_len = 20,
				   .data = payload + off, .caplen = len, .len = len};
}

static struct ps_frag_in frag6(uint32_t off, uint32_t len, bool more)
{
	return (struct ps_frag_in){.version = 6, .src = A6, .dst = B6, .id = 0xabcdef01,
				   .proto = 17, .offset = off, .more = more, .hdr = hdr6,
				   .hdr_len = 48, .nh_off = 40, .data = payload + off,
				   .caplen = len, .len = len};
}

static struct ps_defrag d;
static struct ps_defrag_result r;

static void setup(size_t limit)
{
	char err[128];
	CU_ASSERT_EQUAL_FATAL(ps_defrag_init(&d, limit, err, sizeof err), 0);
	make_payload(sizeof payload);
}

static void teardown(void)
{
	ps_defrag_free(&d);
	CU_ASSERT_EQUAL(d.used, 0);
}

static enum ps_defrag_status add(struct ps_frag_in f, uint64_t now)
{
	return ps_defrag_add(&d, &f, now, &r);
}

static bool has_event(const char *name)
{
	for (unsigned i = 0; i < r.nevents; i++)
		if (!strcmp(ps_event_name(r.events[i]), name))
			return true;
	return false;
}

static bool cksum_ok(const uint8_t *h, unsigned n)
{
	uint32_t sum = 0;
	for (unsigned i = 0; i < n; i += 2)
		sum += (uint32_t)h[i] << 8 | h[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum == 0xffff;
}

static void test_ip_defrag_v4_in_order(void)
{
	struct ps_packet pkt;
	setup(0);
	make_payload(40);
	CU_ASSERT_EQUAL(add(frag4(0, 16, true), 0), PS_DEFRAG_HELD);
	CU_ASSERT_EQUAL(add(frag4(16, 16, true), 0), PS_DEFRAG_HELD);
	CU_ASSERT_TRUE(d.used > 0);
	CU_ASSERT_EQUAL(add(frag4(32, 8, false), 0), PS_DEFRAG_DONE);
	CU_ASSERT_EQUAL(r.nevents, 0);
	CU_ASSERT_EQUAL_FATAL(r.len, 60);
	CU_ASSERT_EQUAL(memcmp(r.data + 20, payload, 40), 0);
	CU_ASSERT_EQUAL(r.data[2] << 8 | r.data[3], 60); /* total length */
	CU_ASSERT_EQUAL(r.data[6] & 0x3f, 0);            /* MF and offset gone */
	CU_ASSERT_EQUAL(r.data[7], 0);
	CU_ASSERT_TRUE(cksum_ok(r.data, 20));
	CU_ASSERT_EQUAL(d.c.reassembled, 1);
	CU_ASSERT_EQUAL(d.used, 0); /* nothing held once returned */
	/* the caller dissects it as a new raw-IP frame */
	pst_dissect(&pkt, PS_DLT_RAW, r.data, r.len, r.len);
	ASSERT_FIELD("ip.len", "60");
	ASSERT_FIELD("ip.mf", "false");
	ASSERT_FIELD("ip.frag_off", "0");
	ASSERT_FIELD("udp.sport", "1234");
	ASSERT_FIELD("udp.len", "40");
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	teardown();
}

static void test_ip_defrag_v4_reversed(void)
{
	setup(0);
	make_payload(40);
	hdr4[6] = 0x40; /* DF is kept */
	CU_ASSERT_EQUAL(add(frag4(32, 8, false), 0), PS_DEFRAG_HELD);
	CU_ASSERT_EQUAL(add(frag4(16, 16, true), 0), PS_DEFRAG_HELD);
	CU_ASSERT_EQUAL(add(frag4(0, 16, true), 0), PS_DEFRAG_DONE);
	CU_ASSERT_EQUAL(r.len, 60);
	CU_ASSERT_EQUAL(memcmp(r.data + 20, payload, 40), 0);
	CU_ASSERT_EQUAL(r.data[6], 0x40);
	CU_ASSERT_TRUE(cksum_ok(r.data, 20));
	hdr4[6] = 0;
	teardown();
}

/* IPv4: the bytes that came first win; exact duplicates are no event. */
static void test_ip_defrag_v4_overlap(void)
{
	static uint8_t other[64];
	setup(0);
	make_payload(40);
	memset(other, 'Z', sizeof other);
	CU_ASSERT_EQUAL(add(frag4(0, 16, true), 0), PS_DEFRAG_HELD);
	CU_ASSERT_EQUAL(add(frag4(0, 16, true), 0), PS_DEFRAG_DROPPED);
	CU_ASSERT_EQUAL(r.nevents, 0);
	CU_ASSERT_EQUAL(d.c.duplicates, 1);
	struct ps_frag_in f = frag4(8, 24, true); /* 8..32, other bytes */
	f.data = other;
	CU_ASSERT_EQUAL(add(f, 0), PS_DEFRAG_HELD);
	CU_ASSERT_TRUE(has_event("ip.frag_overlap"));
	CU_ASSERT_EQUAL(r.nevents, 1);
	CU_ASSERT_EQUAL(add(frag4(32, 8, false), 0), PS_DEFRAG_DONE);
	CU_ASSERT_EQUAL(memcmp(r.data + 20, payload, 16), 0); /* first copy of 8..16 */
	CU_ASSERT_EQUAL(memcmp(r.data + 36, other + 8, 16), 0); /* 16..32 from the overlap */
	CU_ASSERT_EQUAL(memcmp(r.data + 52, payload + 32, 8), 0);
	CU_ASSERT_EQUAL(d.c.overlaps, 1);
	CU_ASSERT_EQUAL(ps_event_kind(PS_EV_IP_FRAG_OVERLAP), PS_EVK_ANALYSIS);
	teardown();
}

/* IPv6 (RFC 5722): an overlap drops the datagram and its later fragments. */
static void test_ip_defrag_v6_overlap_drops(void)
{
	setup(0);
	make_payload(40);
	CU_ASSERT_EQUAL(add(frag6(0, 16, true), 0), PS_DEFRAG_HELD);
	CU_ASSERT_EQUAL(add(frag6(0, 16, true), 0), PS_DEFRAG_DROPPED); /* exact copy: alone */
	CU_ASSERT_EQUAL(r.nevents, 0);
	CU_ASSERT_EQUAL(add(frag6(8, 16, true), 0), PS_DEFRAG_DROPPED);
	CU_ASSERT_TRUE(has_event("ipv6.frag_overlap"));
	CU_ASSERT_EQUAL(add(frag6(16, 16, true), SEC), PS_DEFRAG_DROPPED);
	CU_ASSERT_EQUAL(r.nevents, 0);
	CU_ASSERT_EQUAL(add(frag6(32, 8, false), SEC), PS_DEFRAG_DROPPED);
	CU_ASSERT_EQUAL(add(frag6(0, 16, true), SEC), PS_DEFRAG_DROPPED);
	CU_ASSERT_EQUAL(d.c.v6_overlap_drops, 1);
	CU_ASSERT_EQUAL(d.c.reassembled, 0);
	/* once the tombstone expires, the id can be used again */
	CU_ASSERT_EQUAL(add(frag6(0, 16, true), 61 * SEC), PS_DEFRAG_HELD);
	CU_ASSERT_EQUAL(add(frag6(16, 24, false), 61 * SEC), PS_DEFRAG_DONE);
	CU_ASSERT_EQUAL(d.c.timeouts, 0); /* a tombstone expiring is no timeout */
	teardown();
}

static void test_ip_defrag_v6_in_order(void)
{
	struct ps_packet pkt;
	setup(0);
	make_payload(40);
	CU_ASSERT_EQUAL(add(frag6(0, 24, true), 0), PS_DEFRAG_HELD);
	CU_ASSERT_EQUAL(add(frag6(24, 16, false), 0), PS_DEFRAG_DONE);
	CU_ASSERT_EQUAL_FATAL(r.len, 48 + 40);
	CU_ASSERT_EQUAL(r.data[4] << 8 | r.data[5], 48); /* payload length: 8 + 40 */
	CU_ASSERT_EQUAL(r.data[6], 60);                  /* fixed header unchanged */
	CU_ASSERT_EQUAL(r.data[40], 17);                 /* dest opts now names UDP */
	CU_ASSERT_EQUAL(memcmp(r.data + 48, payload, 40), 0);
	pst_dissect(&pkt, PS_DLT_RAW, r.data, r.len, r.len);
	ASSERT_FIELD("ipv6.plen", "48");
	ASSERT_FIELD("udp.dport", "53");
	ASSERT_FIELD("udp.len", "40");
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	teardown();
}

static void test_ip_defrag_timeout(void)
{
	setup(0);
	make_payload(40);
	CU_ASSERT_EQUAL(add(frag4(0, 16, true), 0), PS_DEFRAG_HELD);
	CU_ASSERT_EQUAL(add(frag4(32, 8, false), 0), PS_DEFRAG_HELD);
	CU_ASSERT_EQUAL(add(frag6(0, 16, true), 0), PS_DEFRAG_HELD);
	CU_ASSERT_EQUAL(ps_defrag_expire(&d, 29 * SEC), 0);
	CU_ASSERT_EQUAL(ps_defrag_expire(&d, 30 * SEC), 1); /* IPv4: 30 s */
	CU_ASSERT_EQUAL(d.c.timeouts, 1);
	/* the missing piece comes too late: a new datagram, not a completion */
	CU_ASSERT_EQUAL(add(frag4(16, 16, true), 31 * SEC), PS_DEFRAG_HELD);
	CU_ASSERT_EQUAL(ps_defrag_expire(&d, 59 * SEC), 0);
	CU_ASSERT_EQUAL(ps_defrag_expire(&d, 61 * SEC), 2); /* IPv6: 60 s, and the new one */
	CU_ASSERT_EQUAL(d.used, 0);
	/* a clock that goes back expires nothing */
	CU_ASSERT_EQUAL(add(frag4(0, 16, true), 100 * SEC), PS_DEFRAG_HELD);
	CU_ASSERT_EQUAL(ps_defrag_expire(&d, 5 * SEC), 0);
	/* the timeouts are settable */
	d.timeout4_ns = SEC;
	CU_ASSERT_EQUAL(ps_defrag_expire(&d, 101 * SEC), 1);
	CU_ASSERT_EQUAL(d.c.reassembled, 0);
	teardown();
}

static void test_ip_defrag_too_large(void)
{
	setup(0);
	CU_ASSERT_EQUAL(add(frag4(65504, 8, true), 0), PS_DEFRAG_HELD); /* 20 + 65512 fits */
	CU_ASSERT_EQUAL(add(frag4(65504, 16, false), 0), PS_DEFRAG_DROPPED); /* 20 + 65520 */
	CU_ASSERT_TRUE(has_event("ip.frag_too_large"));
	CU_ASSERT_EQUAL(add(frag6(65512, 8, true), 0), PS_DEFRAG_HELD); /* 8 + 65520 fits */
	CU_ASSERT_EQUAL(add(frag6(65520, 8, false), 0), PS_DEFRAG_DROPPED); /* 8 + 65528 */
	CU_ASSERT_TRUE(has_event("ipv6.frag_too_large"));
	struct ps_frag_in f = frag6(0, 16, true);
	f.jumbo = true;
	CU_ASSERT_EQUAL(add(f, 0), PS_DEFRAG_DROPPED);
	CU_ASSERT_TRUE(has_event("ipv6.frag_jumbo"));
	CU_ASSERT_EQUAL(d.c.too_large, 2);
	CU_ASSERT_EQUAL(d.c.jumbo, 1);
	teardown();
}

static void test_ip_defrag_bad_fragments(void)
{
	setup(0);
	CU_ASSERT_EQUAL(add(frag4(0, 10, true), 0), PS_DEFRAG_DROPPED); /* not a multiple of 8 */
	CU_ASSERT_TRUE(has_event("ip.frag_bad_len"));
	CU_ASSERT_EQUAL(add(frag6(8, 0, true), 0), PS_DEFRAG_DROPPED);
	CU_ASSERT_TRUE(has_event("ipv6.frag_bad_len"));
	/* two last fragments that disagree */
	CU_ASSERT_EQUAL(add(frag4(16, 8, false), 0), PS_DEFRAG_HELD);
	CU_ASSERT_EQUAL(add(frag4(16, 16, false), 0), PS_DEFRAG_DROPPED);
	CU_ASSERT_TRUE(has_event("ip.frag_inconsistent"));
	/* bytes past a known end */
	CU_ASSERT_EQUAL(add(frag6(0, 16, false), 0), PS_DEFRAG_DONE); /* offset 0, no M: whole */
	CU_ASSERT_EQUAL(add(frag6(16, 8, true), 0), PS_DEFRAG_HELD);
	CU_ASSERT_EQUAL(add(frag6(8, 8, false), 0), PS_DEFRAG_DROPPED);
	CU_ASSERT_TRUE(has_event("ipv6.frag_inconsistent"));
	/* a fragment the snap length cut is not held (the dissector said so) */
	struct ps_frag_in f = frag4(0, 16, true);
	f.caplen = 10;
	CU_ASSERT_EQUAL(add(f, 0), PS_DEFRAG_DROPPED);
	CU_ASSERT_EQUAL(r.nevents, 0);
	CU_ASSERT_EQUAL(d.c.truncated, 1);
	CU_ASSERT_EQUAL(d.c.inconsistent, 2);
	CU_ASSERT_EQUAL(d.used, 0);
	teardown();
}

/* The key: addresses, id, protocol (IPv4), the caller's zone. */
static void test_ip_defrag_keys(void)
{
	setup(0);
	make_payload(32);
	struct ps_frag_in f = frag4(0, 16, true);
	add(f, 0);
	f.proto = 6;
	add(f, 0);
	f = frag4(0, 16, true);
	f.zone = 7;
	add(f, 0);
	f = frag4(0, 16, true);
	f.src = B4;
	f.dst = A4;
	add(f, 0);
	CU_ASSERT_EQUAL(d.c.datagrams, 4);
	f = frag4(16, 16, false);
	f.zone = 7;
	CU_ASSERT_EQUAL(add(f, 0), PS_DEFRAG_DONE);
	/* IPv6 has no protocol in its key */
	struct ps_frag_in g = frag6(0, 16, true);
	add(g, 0);
	g = frag6(16, 16, false);
	g.proto = 6;
	CU_ASSERT_EQUAL(add(g, 0), PS_DEFRAG_DONE);
	CU_ASSERT_EQUAL(r.data[40], 17); /* the first fragment's Next Header */
	teardown();
}

/* At the memory limit the oldest datagrams go first. */
static void test_ip_defrag_mem_eviction(void)
{
	setup(0);
	make_payload(64);
	struct ps_frag_in f = frag4(0, 32, true);
	add(f, 0);
	size_t one = d.used;
	d.limit = 3 * one;
	for (uint32_t id = 1; id <= 3; id++) {
		f.id = id;
		CU_ASSERT_EQUAL(add(f, id), PS_DEFRAG_HELD);
		CU_ASSERT_TRUE(d.used <= d.limit);
	}
	CU_ASSERT_EQUAL(d.c.evicted, 1);
	/* the first datagram (id 0x1234) is gone: its last fragment starts a new one */
	CU_ASSERT_EQUAL(add(frag4(32, 8, false), 5), PS_DEFRAG_HELD);
	CU_ASSERT_EQUAL(d.c.evicted, 2); /* ...evicting id 1 */
	f = frag4(32, 8, false);
	f.id = 3;
	CU_ASSERT_EQUAL(add(f, 6), PS_DEFRAG_DONE); /* id 3 survived */
	CU_ASSERT_TRUE(d.peak <= d.limit);
	/* no room at all, even alone: the event */
	d.limit = one / 2;
	f = frag4(0, 32, true);
	f.id = 99;
	CU_ASSERT_EQUAL(add(f, 7), PS_DEFRAG_DROPPED);
	CU_ASSERT_TRUE(has_event("ip.frag_mem_limit"));
	CU_ASSERT_EQUAL(d.used, 0);
	teardown();
}

/* Random fragmentations of random datagrams, in random orders with
 * duplicates, each complete exactly once with the original bytes. */
static void test_ip_defrag_random(void)
{
	enum { NF = 64 };
	setup(0);
	srand(7);
	for (unsigned round = 0; round < 300; round++) {
		uint32_t n = 8 + (uint32_t)rand() % 3000;
		struct ps_frag_in fr[NF];
		unsigned k = 0;
		make_payload(sizeof payload);
		for (uint32_t i = 0; i < n; i++)
			payload[i] = (uint8_t)rand();
		for (uint32_t off = 0; off < n && k < NF;) {
			uint32_t len = 8 * (1 + (uint32_t)rand() % 40);
			bool last = off + len >= n || k == NF - 1;
			if (last)
				len = n - off;
			fr[k] = round % 2 ? frag6(off, len, !last) : frag4(off, len, !last);
			fr[k].id = round;
			k++;
			off += len;
		}
		for (unsigned i = k - 1; i > 0; i--) {
			unsigned j = (unsigned)rand() % (i + 1);
			struct ps_frag_in t = fr[i];
			fr[i] = fr[j];
			fr[j] = t;
		}
		/* copies of fragments already sent, before the last one completes it */
		struct ps_frag_in seq[2 * NF];
		unsigned m = 0;
		for (unsigned i = 0; i < k; i++) {
			seq[m++] = fr[i];
			if (i + 1 < k && rand() % 3 == 0)
				seq[m++] = fr[(unsigned)rand() % (i + 1)];
		}
		unsigned done = 0;
		for (unsigned i = 0; i < m; i++) {
			if (add(seq[i], round) != PS_DEFRAG_DONE)
				continue;
			done++;
			uint32_t h = round % 2 ? 48 : 20;
			CU_ASSERT_EQUAL(r.len, h + n);
			CU_ASSERT_EQUAL(memcmp(r.data + h, payload, n), 0);
		}
		CU_ASSERT_EQUAL(done, 1);
		CU_ASSERT_EQUAL(d.used, 0);
	}
	CU_ASSERT_EQUAL(d.c.overlaps + d.c.v6_overlap_drops, 0);
	CU_ASSERT_TRUE(d.c.duplicates > 50);
	CU_ASSERT_EQUAL(d.used, 0);
	teardown();
}

/* From dissected frames to a dissected datagram: the record adapter reads
 * the fragment fields (IPv4, and IPv6 behind a Destination Options header). */
static void test_ip_defrag_from_record(void)
{
	static uint8_t frame[2][128];
	struct ps_packet pkt;
	struct ps_frag_in f;
	setup(0);
	make_payload(40);
	/* IPv4: 10.0.0.1 > 10.0.0.2 UDP, id 0x1234, fragments 0..24 (MF) and 24..40 */
	for (unsigned i = 0; i < 2; i++) {
		uint32_t off = i ? 24 : 0, len = i ? 16 : 24;
		memcpy(frame[i], hdr4, 20);
		frame[i][2] = 0;
		frame[i][3] = (uint8_t)(20 + len);
		frame[i][6] = i ? 0 : 0x20;
		frame[i][7] = (uint8_t)(off / 8);
		memcpy(frame[i] + 20, payload + off, len);
	}
	pst_dissect(&pkt, PS_DLT_RAW, frame[1], 36, 36);
	int li = ps_packet_find(&pkt, PS_P_IPV4);
	CU_ASSERT_TRUE_FATAL(li >= 0);
	CU_ASSERT_TRUE_FATAL(ps_reasm_frag_from_record(&pkt, (unsigned)li, 5, &f));
	CU_ASSERT_EQUAL(f.offset, 24);
	CU_ASSERT_FALSE(f.more);
	CU_ASSERT_EQUAL(f.len, 16);
	CU_ASSERT_EQUAL(f.zone, 5);
	CU_ASSERT_EQUAL(ps_defrag_add(&d, &f, ps_reasm_ts_ns(&pkt), &r), PS_DEFRAG_HELD);
	pst_dissect(&pkt, PS_DLT_RAW, frame[0], 44, 44);
	CU_ASSERT_TRUE_FATAL(ps_reasm_frag_from_record(&pkt, 0, 5, &f));
	CU_ASSERT_EQUAL(ps_defrag_add(&d, &f, ps_reasm_ts_ns(&pkt), &r), PS_DEFRAG_DONE);
	pst_dissect(&pkt, PS_DLT_RAW, r.data, r.len, r.len);
	ASSERT_FIELD("ip.len", "60");
	ASSERT_FIELD("udp.len", "40");
	CU_ASSERT_FALSE(ps_reasm_frag_from_record(&pkt, 0, 0, &f)); /* not a fragment */
	/* IPv6 with the Destination Options header before the Fragment header */
	for (unsigned i = 0; i < 2; i++) {
		uint32_t off = i ? 24 : 0, len = i ? 16 : 24;
		memcpy(frame[i], hdr6, 48);
		frame[i][5] = (uint8_t)(16 + len);
		uint8_t fh[8] = {17, 0, (uint8_t)(off >> 8), (uint8_t)((off & 0xf8) | (i ? 0 : 1)),
				 0xab, 0xcd, 0xef, 0x01};
		memcpy(frame[i] + 48, fh, 8);
		memcpy(frame[i] + 56, payload + off, len);
	}
	pst_dissect(&pkt, PS_DLT_RAW, frame[0], 80, 80);
	li = ps_packet_find(&pkt, PS_P_IPV6);
	CU_ASSERT_TRUE_FATAL(li >= 0);
	CU_ASSERT_TRUE_FATAL(ps_reasm_frag_from_record(&pkt, (unsigned)li, 0, &f));
	CU_ASSERT_EQUAL(f.hdr_len, 48);
	CU_ASSERT_EQUAL(f.nh_off, 40);
	CU_ASSERT_EQUAL(f.id, 0xabcdef01);
	CU_ASSERT_EQUAL(f.proto, 17);
	CU_ASSERT_TRUE(f.more);
	CU_ASSERT_EQUAL(f.len, 24);
	CU_ASSERT_EQUAL(ps_defrag_add(&d, &f, 0, &r), PS_DEFRAG_HELD);
	pst_dissect(&pkt, PS_DLT_RAW, frame[1], 72, 72);
	CU_ASSERT_TRUE_FATAL(ps_reasm_frag_from_record(&pkt, 0, 0, &f));
	CU_ASSERT_EQUAL(f.offset, 24);
	CU_ASSERT_EQUAL(ps_defrag_add(&d, &f, 0, &r), PS_DEFRAG_DONE);
	pst_dissect(&pkt, PS_DLT_RAW, r.data, r.len, r.len);
	ASSERT_FIELD("ipv6.plen", "48");
	ASSERT_FIELD("udp.len", "40");
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	/* a fragment whose header the capture cut is not offered */
	pst_dissect(&pkt, PS_DLT_RAW, frame[1], 50, 72);
	CU_ASSERT_FALSE(ps_reasm_frag_from_record(&pkt, 0, 0, &f));
	teardown();
}

/* The -q lines: zero counters left out, an idle engine not printed. */
static void test_ip_defrag_stats(void)
{
	char buf[512];
	struct ps_out o;
	struct ps_tcp_budget b;
	setup(1000000);
	ps_tcp_budget_init(&b, 2000000);
	ps_out_open_mem(&o, buf, sizeof buf);
	ps_reasm_stats_print(&b, &d, &o);
	ps_reasm_stats_print(NULL, NULL, &o);
	CU_ASSERT_STRING_EQUAL(ps_out_cstr(&o), "");
	make_payload(40);
	add(frag4(0, 16, true), 0);
	add(frag4(0, 16, true), 0);
	add(frag4(16, 24, false), 0);
	b.c.segments = 3;
	b.c.bytes = 10;
	b.c.gaps = 1;
	b.peak = 77;
	ps_reasm_stats_print(&b, &d, &o);
	char want[512];
	CU_ASSERT_TRUE(d.peak > 40);
	snprintf(want, sizeof want,
		 "tcp reassembly: segments 3, bytes 10, gaps 1, peak memory 77/2000000 bytes\n"
		 "ip defragmentation: fragments 3, datagrams 1, reassembled 1, duplicates 1, "
		 "peak memory %zu/1000000 bytes\n",
		 d.peak);
	CU_ASSERT_STRING_EQUAL(ps_out_cstr(&o), want);
	teardown();
}

PST_MAIN("ip_defrag", {"v4_in_order", test_ip_defrag_v4_in_order},
	 {"v4_reversed", test_ip_defrag_v4_reversed}, {"v4_overlap", test_ip_defrag_v4_overlap},
	 {"v6_overlap_drops", test_ip_defrag_v6_overlap_drops},
	 {"v6_in_order", test_ip_defrag_v6_in_order}, {"timeout", test_ip_defrag_timeout},
	 {"too_large", test_ip_defrag_too_large}, {"bad_fragments", test_ip_defrag_bad_fragments},
	 {"keys", test_ip_defrag_keys}, {"mem_eviction", test_ip_defrag_mem_eviction},
	 {"random", test_ip_defrag_random}, {"from_record", test_ip_defrag_from_record},
	 {"stats", test_ip_defrag_stats})
