/* SPDX-License-Identifier: BSD-2-Clause */
/* test_tui_cols.c - the packet list's columns (ui/tui_cols.h): the highest
 * decoded layer of hand-built records (a VXLAN tunnel's inner DNS query on
 * one line, mDNS and LLMNR named as Wireshark names them), the columns the
 * conversations scan keeps for a TLS ClientHello split over two segments
 * (the first segment is TCP, the second the ClientHello, a whole record
 * keeps nothing), and, on every shared application capture, every row of
 * the list equal to the columns of the record the command line's stage
 * gives that packet. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "l7_frame.h"
#include "ps_test.h"
#include "pst_build.h"
#include "tls_build.h"
#include "tui_model.h"

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif
#define APP TOP_SRCDIR "/../shared/pcaps-app/"

static struct ps_packet pkt;

/* DNS query 0x1234 for example.com A */
static size_t dns_query(uint8_t *out)
{
	static const uint8_t q[] = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
				    7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
				    0, 1, 0, 1};
	memcpy(out, q, sizeof q);
	return sizeof q;
}

static void cols_of_frame(const uint8_t *f, size_t n, struct tui_cols *c)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, f, (uint32_t)n, (uint32_t)n);
	tui_cols_of(&pkt, c);
}

/* VXLAN carrying Ethernet + IPv4 10.0.0.1 > 10.0.0.2 + UDP 40001 > 53 + a
 * DNS query; the outer IPv4 header's addresses are 192.0.2.1 > 192.0.2.2. */
static void test_tui_cols_vxlan_inner(void)
{
	uint8_t dns[64], inner[256], msg[300], f[400];
	size_t dn = dns_query(dns);
	size_t in = pst_udp4(inner, sizeof inner, 40001, 53, dns, dn);
	static const uint8_t vxlan[8] = {0x08, 0, 0, 0, 0, 0x04, 0x57, 0};
	memcpy(msg, vxlan, sizeof vxlan);
	memcpy(msg + sizeof vxlan, inner, in);
	size_t n = pst_udp4(f, sizeof f, 40000, 4789, msg, sizeof vxlan + in);
	/* the outer addresses differ from the inner ones (checksum fixed by hand) */
	f[26] = 192, f[27] = 0, f[28] = 2, f[29] = 1, f[30] = 192, f[31] = 0, f[32] = 2, f[33] = 2;
	uint32_t sum = 0;
	f[24] = f[25] = 0;
	for (unsigned i = 14; i < 34; i += 2)
		sum += (uint32_t)(f[i] << 8 | f[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	f[24] = (uint8_t)(~sum >> 8), f[25] = (uint8_t)~sum;
	struct tui_cols c;
	cols_of_frame(f, n, &c);
	CU_ASSERT_TRUE(pst_field(&pkt, "vxlan.inner.dns.id") != NULL); /* the record is what we think */
	CU_ASSERT_STRING_EQUAL(c.src, "10.0.0.1");
	CU_ASSERT_STRING_EQUAL(c.dst, "10.0.0.2");
	CU_ASSERT_STRING_EQUAL(c.proto, "DNS");
	CU_ASSERT_STRING_EQUAL(c.info, "40001 > 53 4660+ A? example.com. (29)");
	CU_ASSERT_PTR_NULL(strchr(c.info, '\n'));
	CU_ASSERT_EQUAL(c.cls, TUI_C_OTHER);
}

static void test_tui_cols_mdns_llmnr(void)
{
	uint8_t dns[64], f[200];
	size_t dn = dns_query(dns);
	struct tui_cols c;
	cols_of_frame(f, pst_udp4(f, sizeof f, 5353, 5353, dns, dn), &c);
	CU_ASSERT_STRING_EQUAL(c.proto, "MDNS");
	CU_ASSERT_STRING_EQUAL(c.src, "10.0.0.1");
	cols_of_frame(f, pst_udp4(f, sizeof f, 40000, 5355, dns, dn), &c);
	CU_ASSERT_STRING_EQUAL(c.proto, "LLMNR");
	cols_of_frame(f, pst_udp4(f, sizeof f, 40000, 53, dns, dn), &c);
	CU_ASSERT_STRING_EQUAL(c.proto, "DNS");
	CU_ASSERT_STRING_EQUAL(c.info, "40000 > 53 4660+ A? example.com. (29)");
}

/* Segment `i` of a TCP stream 10.0.0.1:50000 > 10.0.0.2:443, seq `seq`. */
static uint32_t segment(uint8_t *f, const uint8_t *pl, size_t n, uint32_t seq)
{
	uint32_t fl = l7_tcp_frame(f, 50000, 443, pl, n);
	f[38] = (uint8_t)(seq >> 24), f[39] = (uint8_t)(seq >> 16); /* tcp.seq */
	f[40] = (uint8_t)(seq >> 8), f[41] = (uint8_t)seq;
	return fl;
}

/* The scan's steps for one packet (tui_flowjob.c's cjob_fn). */
/* The conversations scan's stage (default flow table, defragmentation)
 * and an empty column store, as the TUI opens them. */
static struct tui_stage *scan_stage(struct tui_colkeep *k)
{
	char err[256];
	struct ps_flow_cfg cfg;
	ps_flow_cfg_defaults(&cfg); /* the table copies it */
	struct tui_stage_cfg sc = {.flow = &cfg, .defrag = true};
	struct tui_stage *s = 0;
	CU_ASSERT_EQUAL_FATAL(tui_stage_new(&s, &sc, true, 0, 0, err, sizeof err), 0);
	CU_ASSERT_EQUAL_FATAL(tui_colkeep_init(k), 0);
	return s;
}

static void scan_one(struct tui_colkeep *k, struct tui_stage *s, uint64_t i, const uint8_t *f,
		     uint32_t n)
{
	struct tui_rec r = {.sec = 1, .caplen = n, .len = n, .linktype = PS_DLT_EN10MB};
	tui_packet_load(&pkt, i, &r, f, 0);
	tui_colkeep_before(k, &pkt);
	tui_stage_packet(s, &pkt);
	tui_colkeep_note(k, &pkt, i, &r, f, 0);
}

#define TAG "[TCP segment of a reassembled PDU]"

/* A ClientHello over three segments, then a whole record: the first
 * segment begins the record (tshark: Protocol TCP, Info the tag alone),
 * the second continues it (TCP text and the tag), the third completes it
 * (TLS), the whole record in one segment is no segment of anything. */
static void test_tui_cols_kept_split_hello(void)
{
	struct bb ch = {0};
	client_hello(&ch);
	static uint8_t f[4][4200];
	uint32_t n[4], cut1 = 100, cut2 = 150;
	n[0] = segment(f[0], ch.d, cut1, 1000);
	n[1] = segment(f[1], ch.d + cut1, cut2 - cut1, 1000 + cut1);
	n[2] = segment(f[2], ch.d + cut2, ch.n - cut2, 1000 + cut2);
	n[3] = segment(f[3], ch.d, ch.n, 1000 + (uint32_t)ch.n); /* a whole record */
	/* decoded alone: the first is a (partial) TLS record, the others TCP */
	struct tui_cols c;
	cols_of_frame(f[0], n[0], &c);
	CU_ASSERT_STRING_EQUAL(c.proto, "TLS");
	cols_of_frame(f[1], n[1], &c);
	CU_ASSERT_STRING_EQUAL(c.proto, "TCP");
	CU_ASSERT_PTR_NULL(strstr(c.info, TAG)); /* a frame alone is no segment of anything */

	struct tui_colkeep k;
	struct tui_stage *s = scan_stage(&k);
	static const uint8_t part[4] = {PS_PDU_FIRST, PS_PDU_MORE, PS_PDU_NONE, PS_PDU_NONE};
	for (unsigned i = 0; i < 4; i++) {
		scan_one(&k, s, i, f[i], n[i]);
		CU_ASSERT_EQUAL(pkt.flow.pdu, part[i]); /* the flow note the row comes from */
	}
	CU_ASSERT_TRUE(tui_colkeep_get(&k, 0, &c));
	CU_ASSERT_STRING_EQUAL(c.proto, "TCP");
	CU_ASSERT_STRING_EQUAL(c.info, TAG);
	CU_ASSERT_EQUAL(c.cls, TUI_C_TCP);
	CU_ASSERT_TRUE(tui_colkeep_get(&k, 1, &c));
	CU_ASSERT_STRING_EQUAL(c.proto, "TCP");
	CU_ASSERT_STRING_EQUAL(c.info, "50000 > 443 Flags [P.], seq 1100:1150, ack 1, win 512, "
				       "length 50 " TAG);
	CU_ASSERT_TRUE(tui_colkeep_get(&k, 2, &c));
	CU_ASSERT_STRING_EQUAL(c.proto, "TLS");
	CU_ASSERT_STRING_EQUAL(c.src, "10.0.0.1");
	CU_ASSERT_PTR_NOT_NULL(strstr(c.info, "50000 > 443 TLS ClientHello sni=example.com"));
	CU_ASSERT_PTR_NULL(strstr(c.info, TAG));
	CU_ASSERT_FALSE(tui_colkeep_get(&k, 3, &c)); /* the same alone and staged */
	CU_ASSERT_FALSE(tui_colkeep_get(&k, 4, &c));
	CU_ASSERT_EQUAL(k.unkept, 0);
	tui_colkeep_free(&k);
	tui_stage_free(s);
}

/* A segment held behind a hole inside the record the stream reads (tshark
 * adds it to the record's reassembly: the tag after its TCP text), one
 * past the record's end (not part of it: no tag), then the hole filled. */
static void test_tui_cols_held_in_record(void)
{
	struct bb ch = {0};
	client_hello(&ch);
	static uint8_t f[3][4200];
	uint32_t n[3];
	n[0] = segment(f[0], ch.d, 50, 1000);
	n[1] = segment(f[1], ch.d + 100, 50, 1100); /* 50..100 missing */
	n[2] = segment(f[2], ch.d + 50, 50, 1050);
	struct tui_colkeep k;
	struct tui_stage *s = scan_stage(&k);
	scan_one(&k, s, 0, f[0], n[0]);
	CU_ASSERT_EQUAL(pkt.flow.pdu, PS_PDU_FIRST);
	scan_one(&k, s, 1, f[1], n[1]);
	CU_ASSERT_EQUAL(pkt.flow.pdu, PS_PDU_MORE);
	struct tui_cols c;
	CU_ASSERT_TRUE(tui_colkeep_get(&k, 1, &c));
	CU_ASSERT_PTR_NOT_NULL(strstr(c.info, "seq 1100:1150, ack 1, win 512, length 50 " TAG));
	scan_one(&k, s, 2, f[2], n[2]); /* fills the hole: the record goes on */
	CU_ASSERT_EQUAL(pkt.flow.pdu, PS_PDU_MORE);
	/* past the record's end, no record header at its first byte: not inside it */
	static uint8_t g[4200];
	uint32_t gn = segment(g, ch.d + 20, 10, 1000 + (uint32_t)ch.n + 500);
	scan_one(&k, s, 3, g, gn);
	CU_ASSERT_EQUAL(pkt.flow.pdu, PS_PDU_NONE);
	tui_colkeep_free(&k);
	tui_stage_free(s);
}

/* The store's bound: past TUI_COLKEEP_BYTES of text, packets are counted
 * and not kept (their rows show the frame), the kept ones stay readable. */
static void test_tui_cols_keep_bound(void)
{
	struct bb ch = {0};
	client_hello(&ch);
	static uint8_t f[4200];
	uint32_t n = segment(f, ch.d, 100, 1000); /* decoded alone: a partial TLS record */
	struct tui_rec r = {.sec = 1, .caplen = n, .len = n, .linktype = PS_DLT_EN10MB};
	struct tui_colkeep k;
	CU_ASSERT_EQUAL_FATAL(tui_colkeep_init(&k), 0);
	uint64_t i = 0;
	for (; i < 200000 && !k.unkept; i++) {
		tui_packet_load(&pkt, i, &r, f, 0);
		tui_colkeep_before(&k, &pkt);
		pkt.nlayers--; /* as the stage leaves a segment of a record completed later */
		tui_colkeep_note(&k, &pkt, i, &r, f, 0);
	}
	CU_ASSERT_EQUAL(k.unkept, 1);
	CU_ASSERT_EQUAL(k.nchunk, TUI_COLKEEP_CHUNKS); /* every chunk, and no more */
	CU_ASSERT(i > 10000);
	struct tui_cols c;
	CU_ASSERT_TRUE(tui_colkeep_get(&k, 0, &c));
	CU_ASSERT_STRING_EQUAL(c.proto, "TCP");
	CU_ASSERT_TRUE(tui_colkeep_get(&k, i - 2, &c));
	CU_ASSERT_STRING_EQUAL(c.proto, "TCP");
	CU_ASSERT_FALSE(tui_colkeep_get(&k, i - 1, &c));
	tui_colkeep_free(&k);
}

/* Every row of `file` after the conversations scan equals the columns of
 * the record the stage gives the packet (as -r --json runs it).  Returns
 * the packets whose columns the scan kept. */
static uint64_t rows_are_staged(const char *file)
{
	static struct tui_model m;
	struct tui_store *st = 0;
	char err[256];
	CU_ASSERT_EQUAL_FATAL(tui_store_open_file(&st, file, 0, err, sizeof err), 0);
	CU_ASSERT_EQUAL_FATAL(tui_model_init(&m, st, 0), 0);
	CU_ASSERT_EQUAL_FATAL(tui_model_flows_start(&m, &m.flow_cfg, 4096, err, sizeof err), 0);
	tui_model_tick(&m);
	tui_model_resize(&m, 60, 200);
	tui_model_prepare(&m); /* rows drawn before the scan is done are drawn again */
	for (int i = 0; i < 20000 && (tui_store_state(st) == TUI_ST_LOADING ||
				      tui_model_flows_progress(&m) != 1000); i++)
		tui_sleep_ms(1);
	tui_model_tick(&m);
	struct tui_stage *s = 0;
	struct tui_stage_cfg sc = {.flow = &m.flow_cfg, .defrag = true};
	CU_ASSERT_EQUAL_FATAL(tui_stage_new(&s, &sc, true, 0, 0, err, sizeof err), 0);
	struct tui_seq q;
	CU_ASSERT_FATAL(!tui_seq_init(&q));
	uint64_t kept = 0, bad = 0;
	for (uint64_t i = 0; i < m.shown; i++) {
		if (i % m.lay.list_h == 0) {
			m.top = i;
			tui_model_prepare(&m);
		}
		struct tui_rec r;
		const uint8_t *data;
		CU_ASSERT_EQUAL_FATAL(tui_store_seq(st, &q, i, &r, &data), 0);
		tui_packet_load(&pkt, i, &r, data, 0);
		tui_stage_packet(s, &pkt);
		struct tui_cols want, k;
		tui_cols_of(&pkt, &want);
		kept += m.cols_of(&m, i, &k) == 1;
		const struct tui_row *row = tui_model_row(&m, i);
		CU_ASSERT_PTR_NOT_NULL_FATAL(row);
		if (strcmp(row->proto, want.proto) || strcmp(row->info, want.info) ||
		    strcmp(row->src, want.src) || strcmp(row->dst, want.dst) || row->cls != want.cls ||
		    row->wait) {
			if (bad++ < 3)
				fprintf(stderr, "\n%s #%llu: row %s %s | staged %s %s\n", file,
					(unsigned long long)i + 1, row->proto, row->info, want.proto,
					want.info);
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
	tui_seq_free(&q);
	tui_stage_free(s);
	tui_model_free(&m);
	tui_store_close(st);
	return kept;
}

/* A conversations scan as the rows see it: not there yet (-1), then
 * there with columns for packet index 2 (1) and none for the others (0). */
static int scan_state = -1;
static int stub_cols_of(const struct tui_model *mm, uint64_t i, struct tui_cols *out)
{
	(void)mm;
	if (scan_state < 0)
		return -1;
	if (i != 2)
		return 0;
	*out = (struct tui_cols){.src = "192.0.2.9", .dst = "192.0.2.10", .proto = "STAGED",
				 .info = "as the stage has it", .cls = TUI_C_OTHER};
	return 1;
}

/* A row drawn before the scan reached its packet is drawn again once it
 * has (and only then: rows are cached). */
static void test_tui_cols_rows_redrawn(void)
{
	static struct tui_model m;
	struct tui_store *st = 0;
	char err[256];
	CU_ASSERT_EQUAL_FATAL(tui_store_open_file(&st, TOP_SRCDIR "/samples/demo.pcap", 0, err,
						  sizeof err), 0);
	for (int i = 0; i < 5000 && tui_store_state(st) == TUI_ST_LOADING; i++)
		tui_sleep_ms(1);
	CU_ASSERT_EQUAL_FATAL(tui_model_init(&m, st, 0), 0);
	m.cols_of = stub_cols_of;
	tui_model_tick(&m);
	tui_model_resize(&m, 24, 80);
	scan_state = -1;
	tui_model_prepare(&m);
	const struct tui_row *r = tui_model_row(&m, 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_TRUE(r->wait);
	char frame_proto[12];
	snprintf(frame_proto, sizeof frame_proto, "%s", r->proto);
	CU_ASSERT_STRING_NOT_EQUAL(frame_proto, "STAGED");
	tui_model_prepare(&m); /* still not reached: the same */
	CU_ASSERT_STRING_EQUAL(tui_model_row(&m, 2)->proto, frame_proto);
	scan_state = 1;
	tui_model_prepare(&m);
	r = tui_model_row(&m, 2);
	CU_ASSERT_FALSE(r->wait);
	CU_ASSERT_STRING_EQUAL(r->proto, "STAGED");
	CU_ASSERT_STRING_EQUAL(r->src, "192.0.2.9");
	CU_ASSERT_STRING_EQUAL(r->info, "as the stage has it");
	CU_ASSERT_FALSE(tui_model_row(&m, 1)->wait);
	m.cols_of = 0;
	tui_model_free(&m);
	tui_store_close(st);
}

static void test_tui_cols_teams(void)
{
	/* ndpi__teams.pcap: frame 1034 completes a ServerHello (tshark: TLSv1.2,
	 * "Server Hello, Certificate, ..."), frame 1027 began it (tshark: TCP) */
	CU_ASSERT(rows_are_staged(APP "ndpi__teams.pcap") > 0);
}

static void test_tui_cols_every_app_capture(void)
{
	DIR *d = opendir(APP);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	unsigned files = 0;
	uint64_t kept = 0;
	for (struct dirent *e; (e = readdir(d));) {
		size_t l = strlen(e->d_name);
		if (l < 5 || (strcmp(e->d_name + l - 5, ".pcap") && strcmp(e->d_name + l - 7, ".pcapng")))
			continue;
		char path[512];
		snprintf(path, sizeof path, "%s%s", APP, e->d_name);
		kept += rows_are_staged(path);
		files++;
	}
	closedir(d);
	CU_ASSERT(files >= 30);
	CU_ASSERT(kept >= 100);
}

PST_MAIN("tui_cols", {"vxlan_inner", test_tui_cols_vxlan_inner},
	 {"mdns_llmnr", test_tui_cols_mdns_llmnr}, {"kept_split_hello", test_tui_cols_kept_split_hello},
	 {"held_in_record", test_tui_cols_held_in_record},
	 {"keep_bound", test_tui_cols_keep_bound}, {"rows_redrawn", test_tui_cols_rows_redrawn}, {"teams", test_tui_cols_teams}, {"every_app_capture", test_tui_cols_every_app_capture})
