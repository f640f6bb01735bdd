/* SPDX-License-Identifier: BSD-2-Clause */
/* test_tui_index.c - the TUI's own pcap/pcapng index and random-access
 * reader, checked record by record against libpcap (the "file" source) on
 * every sample, plus hand-built pcapng sections and damaged files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ps_capture.h"
#include "ps_test.h"
#include "tui_store.h"

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif

static struct tui_store *open_done(const char *path)
{
	char err[256] = "";
	struct tui_store *st = 0;
	if (tui_store_open_file(&st, path, 0, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return 0;
	}
	for (int i = 0; i < 5000 && tui_store_state(st) == TUI_ST_LOADING; i++)
		tui_sleep_ms(1);
	return st;
}

static char *sample(const char *name)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/samples/%s", TOP_SRCDIR, name);
	return path;
}

/* Every record equals what libpcap reads, by random access and sequentially. */
static void check_against_libpcap(const char *name, uint64_t expect)
{
	const char *path = sample(name);
	struct tui_store *st = open_done(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(tui_store_state(st), TUI_ST_DONE);
	CU_ASSERT_EQUAL(tui_store_count(st), expect);
	CU_ASSERT_EQUAL(tui_store_progress(st), 1000);

	struct ps_capture cap;
	struct ps_capture_opts co = {.path = path};
	char err[PS_ERRBUF];
	CU_ASSERT_EQUAL_FATAL(ps_capture_open(&cap, "file", &co, err), 0);
	static uint8_t buf[TUI_FRAME_MAX];
	struct tui_seq q;
	CU_ASSERT_EQUAL_FATAL(tui_seq_init(&q), 0);
	struct ps_frame f;
	uint64_t i = 0;
	/* backwards first: random access must not depend on the order */
	for (uint64_t k = tui_store_count(st); k-- > 0;) {
		struct tui_rec r;
		CU_ASSERT_EQUAL(tui_store_read(st, k, &r, buf, sizeof buf), 0);
	}
	while (cap.ops->next(&cap, &f, err) == PS_CAP_FRAME) {
		struct tui_rec r, r2;
		const uint8_t *seqdata;
		CU_ASSERT_FATAL(i < tui_store_count(st));
		CU_ASSERT_EQUAL(tui_store_read(st, i, &r, buf, sizeof buf), 0);
		CU_ASSERT_EQUAL(tui_store_seq(st, &q, i, &r2, &seqdata), 0);
		CU_ASSERT_EQUAL(r.sec, f.sec);
		CU_ASSERT_EQUAL(r.frac, f.frac);
		CU_ASSERT_EQUAL(r.nano, cap.nano);
		CU_ASSERT_EQUAL(r.caplen, f.caplen);
		CU_ASSERT_EQUAL(r.len, f.len);
		CU_ASSERT_EQUAL(r.linktype, cap.linktype);
		CU_ASSERT_STRING_EQUAL(r.linktype_name, cap.linktype_name);
		CU_ASSERT_EQUAL(memcmp(buf, f.data, f.caplen), 0);
		CU_ASSERT_EQUAL(r2.caplen, f.caplen);
		CU_ASSERT_EQUAL(memcmp(seqdata, f.data, f.caplen), 0);
		i++;
	}
	CU_ASSERT_EQUAL(i, expect);
	tui_seq_free(&q);
	ps_capture_close(&cap);
	tui_store_close(st);
}

static void test_tui_index_pcap(void)
{
	check_against_libpcap("demo.pcap", 56);
}

static void test_tui_index_pcap_variants(void)
{
	check_against_libpcap("demo-be.pcap", 56);   /* big-endian writer */
	check_against_libpcap("demo-ns.pcap", 56);   /* nanosecond magic */
	check_against_libpcap("demo-snap64.pcap", 56);
	check_against_libpcap("demo-sll.pcap", 56);
	check_against_libpcap("demo-sll2.pcap", 56);
	check_against_libpcap("demo-raw.pcap", 54);  /* LINKTYPE_RAW 101 -> DLT_RAW 12 */
	check_against_libpcap("demo-null.pcap", 54);
	check_against_libpcap("demo-loop.pcap", 54);
}

static void test_tui_index_pcapng(void)
{
	check_against_libpcap("demo.pcapng", 56);
	struct tui_store *st = open_done(sample("demo.pcapng"));
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(ps_pcapfile_ifaces(st->pf), 2);
	/* tshark: frame 1 on interface 0, frame 2 on interface 1, 49 on 0, 50 on 1 */
	CU_ASSERT_EQUAL(TUI_ENTRY_IFACE(tui_vec_get(&st->index, 0)), 0);
	CU_ASSERT_EQUAL(TUI_ENTRY_IFACE(tui_vec_get(&st->index, 1)), 1);
	CU_ASSERT_EQUAL(TUI_ENTRY_IFACE(tui_vec_get(&st->index, 48)), 0);
	CU_ASSERT_EQUAL(TUI_ENTRY_IFACE(tui_vec_get(&st->index, 49)), 1);
	CU_ASSERT_EQUAL(TUI_ENTRY_KIND(tui_vec_get(&st->index, 0)), PS_PCAP_K_EPB);
	tui_store_close(st);
}

static size_t put32(uint8_t *b, uint32_t v, bool be)
{
	for (int i = 0; i < 4; i++)
		b[i] = (uint8_t)(be ? v >> (24 - 8 * i) : v >> (8 * i));
	return 4;
}

static size_t put16(uint8_t *b, uint16_t v, bool be)
{
	b[0] = (uint8_t)(be ? v >> 8 : v);
	b[1] = (uint8_t)(be ? v : v >> 8);
	return 2;
}

/* A block: type, total length, body (padded to 4), total length. */
static size_t block(uint8_t *b, uint32_t type, const uint8_t *body, size_t n, bool be)
{
	size_t pad = (n + 3) & ~(size_t)3, total = 12 + pad;
	put32(b, type, be);
	put32(b + 4, (uint32_t)total, be);
	memset(b + 8, 0, pad);
	memcpy(b + 8, body, n);
	put32(b + 8 + pad, (uint32_t)total, be);
	return total;
}

static size_t shb(uint8_t *b, bool be)
{
	uint8_t body[16];
	put32(body, 0x1A2B3C4D, be);
	put16(body + 4, 1, be);
	put16(body + 6, 0, be);
	memset(body + 8, 0xff, 8); /* section length unknown */
	return block(b, 0x0A0D0D0A, body, sizeof body, be);
}

static size_t idb(uint8_t *b, uint16_t lt, uint32_t snap, int tsresol, int64_t tsoff, bool be)
{
	uint8_t body[64];
	size_t n = put16(body, lt, be);
	n += put16(body + n, 0, be);
	n += put32(body + n, snap, be);
	if (tsresol >= 0) { /* if_tsresol: code 9, length 1, padded */
		n += put16(body + n, 9, be);
		n += put16(body + n, 1, be);
		body[n] = (uint8_t)tsresol;
		body[n + 1] = body[n + 2] = body[n + 3] = 0;
		n += 4;
	}
	if (tsoff) { /* if_tsoffset: code 14, 8 bytes */
		uint64_t v = (uint64_t)tsoff;
		n += put16(body + n, 14, be);
		n += put16(body + n, 8, be);
		n += put32(body + n, be ? (uint32_t)(v >> 32) : (uint32_t)v, be);
		n += put32(body + n, be ? (uint32_t)v : (uint32_t)(v >> 32), be);
	}
	n += put32(body + n, 0, be); /* opt_endofopt */
	return block(b, 1, body, n, be);
}

static size_t epb(uint8_t *b, uint32_t type, uint32_t ifc, uint64_t ts, const uint8_t *d,
		  uint32_t caplen, uint32_t len, bool be)
{
	uint8_t body[256];
	size_t n;
	if (type == 2) { /* obsolete Packet Block: 16-bit interface, 16-bit drops */
		n = put16(body, (uint16_t)ifc, be);
		n += put16(body + n, 0, be);
	} else {
		n = put32(body, ifc, be);
	}
	n += put32(body + n, (uint32_t)(ts >> 32), be);
	n += put32(body + n, (uint32_t)ts, be);
	n += put32(body + n, caplen, be);
	n += put32(body + n, len, be);
	memcpy(body + n, d, caplen);
	return block(b, type, body, n + caplen, be);
}

static size_t spb(uint8_t *b, const uint8_t *d, uint32_t n, uint32_t len, bool be)
{
	uint8_t body[256];
	put32(body, len, be);
	memcpy(body + 4, d, n);
	return block(b, 3, body, 4 + n, be);
}

static char *write_tmp(const uint8_t *b, size_t n)
{
	static char path[64];
	snprintf(path, sizeof path, "/tmp/test_tui_index-XXXXXX");
	int fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_FATAL(write(fd, b, n) == (ssize_t)n);
	close(fd);
	return path;
}

/* Two sections of opposite byte order, link types, resolutions; EPB, SPB,
 * obsolete PB and an unknown block. */
static void test_tui_index_pcapng_sections(void)
{
	static uint8_t f[4096];
	/* an IPv4 header start, as raw IP */
	static const uint8_t ip[20] = {0x45, 0, 0, 20, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2};
	static const uint8_t custom[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	size_t n = shb(f, true);
	n += idb(f + n, 101, 16, 9, 10, true);     /* RAW, snaplen 16, ns, +10 s */
	n += epb(f + n, 6, 0, 1500000000123456789ull, ip, 20, 20, true);
	n += spb(f + n, ip, 16, 20, true);         /* SPB: caplen = snaplen 16 */
	n += block(f + n, 0x00000BAD, custom, sizeof custom, true);
	n += shb(f + n, false);
	n += idb(f + n, 1, 0, 0x86, 0, false);     /* Ethernet, 2^-6 s units */
	n += epb(f + n, 6, 0, 64 * 7 + 16, ip, 14, 60, false); /* 7.25 s */
	n += epb(f + n, 2, 0, 64 * 9 + 32, ip, 14, 60, false); /* 9.5 s, obsolete PB */
	char *path = write_tmp(f, n);
	struct tui_store *st = open_done(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(tui_store_state(st), TUI_ST_DONE);
	CU_ASSERT_EQUAL_FATAL(tui_store_count(st), 4);
	static uint8_t buf[TUI_FRAME_MAX];
	struct tui_rec r;
	CU_ASSERT_EQUAL(tui_store_read(st, 0, &r, buf, sizeof buf), 0);
	CU_ASSERT_EQUAL(r.linktype, 12);
	CU_ASSERT_STRING_EQUAL(r.linktype_name, "RAW");
	CU_ASSERT(r.nano);
	CU_ASSERT_EQUAL(r.sec, 1500000000 + 10);
	CU_ASSERT_EQUAL(r.frac, 123456789);
	CU_ASSERT_EQUAL(r.caplen, 20);
	CU_ASSERT_EQUAL(memcmp(buf, ip, 20), 0);
	CU_ASSERT_EQUAL(tui_store_read(st, 1, &r, buf, sizeof buf), 0);
	CU_ASSERT_EQUAL(r.caplen, 16);
	CU_ASSERT_EQUAL(r.len, 20);
	CU_ASSERT_EQUAL(r.linktype, 12);
	CU_ASSERT_EQUAL(tui_store_read(st, 2, &r, buf, sizeof buf), 0);
	CU_ASSERT_EQUAL(r.linktype, 1);
	CU_ASSERT_FALSE(r.nano);
	CU_ASSERT_EQUAL(r.sec, 7);
	CU_ASSERT_EQUAL(r.frac, 250000);
	CU_ASSERT_EQUAL(r.caplen, 14);
	CU_ASSERT_EQUAL(r.len, 60);
	CU_ASSERT_EQUAL(tui_store_read(st, 3, &r, buf, sizeof buf), 0);
	CU_ASSERT_EQUAL(r.sec, 9);
	CU_ASSERT_EQUAL(r.frac, 500000);
	CU_ASSERT_EQUAL(TUI_ENTRY_IFACE(tui_vec_get(&st->index, 2)), 1);
	CU_ASSERT_EQUAL(TUI_ENTRY_KIND(tui_vec_get(&st->index, 1)), PS_PCAP_K_SPB);
	CU_ASSERT_EQUAL(TUI_ENTRY_KIND(tui_vec_get(&st->index, 3)), PS_PCAP_K_PB);
	tui_store_close(st);
	unlink(path);
}

/* A packet on an interface no IDB declared is corruption, reported. */
static void test_tui_index_pcapng_bad_iface(void)
{
	static uint8_t f[1024];
	static const uint8_t d[4] = {1, 2, 3, 4};
	size_t n = shb(f, false);
	n += idb(f + n, 1, 0, -1, 0, false);
	n += epb(f + n, 6, 0, 1, d, 4, 4, false);
	n += epb(f + n, 6, 3, 2, d, 4, 4, false);
	char *path = write_tmp(f, n);
	struct tui_store *st = open_done(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(tui_store_state(st), TUI_ST_STOPPED);
	CU_ASSERT_EQUAL(tui_store_count(st), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(st->msg, "undeclared interface"));
	tui_store_close(st);
	unlink(path);
}

/* A file cut in the middle of a record: the complete packets, then a reason. */
static void test_tui_index_truncated(void)
{
	struct tui_store *st = open_done(sample("demo-cut.pcap"));
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(tui_store_state(st), TUI_ST_STOPPED);
	CU_ASSERT_EQUAL(tui_store_count(st), 9); /* tcpdump prints 9 before its error */
	CU_ASSERT_PTR_NOT_NULL(strstr(st->msg, "truncated"));
	tui_store_close(st);
}

static void test_tui_index_not_a_capture(void)
{
	static const uint8_t junk[64] = "this is not a capture file at all, just some text\n";
	char *path = write_tmp(junk, sizeof junk);
	char err[256] = "";
	struct tui_store *st = 0;
	CU_ASSERT_EQUAL(tui_store_open_file(&st, path, 0, err, sizeof err), -1);
	CU_ASSERT_PTR_NULL(st);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "not a pcap or pcapng"));
	unlink(path);
	CU_ASSERT_EQUAL(tui_store_open_file(&st, "/nonexistent/x.pcap", 0, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "No such file"));
	CU_ASSERT_EQUAL(tui_store_open_file(&st, "/tmp", 0, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "regular file"));
}

PST_MAIN("tui_index", {"pcap", test_tui_index_pcap},
	 {"pcap_variants", test_tui_index_pcap_variants}, {"pcapng", test_tui_index_pcapng},
	 {"pcapng_sections", test_tui_index_pcapng_sections},
	 {"pcapng_bad_iface", test_tui_index_pcapng_bad_iface},
	 {"truncated", test_tui_index_truncated}, {"not_a_capture", test_tui_index_not_a_capture})
