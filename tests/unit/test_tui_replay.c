/* SPDX-License-Identifier: BSD-2-Clause */
/* test_tui_replay.c - the detail tree of every packet equals the tree of
 * the record the command line's stage gives it (`pktscope -r F --json`:
 * defragmentation, then the flow table with reassembly and the stream
 * decoders over every packet in order), on shared captures with
 * fragmented datagrams, a TLS handshake and an HTTP request across
 * segments, and HTTP and DNS over TCP (no shared capture splits a DNS
 * message), then every capture in ../shared/pcaps-app and ../shared/pcaps:
 * every field name, value and nesting, the flow object and tcp analysis
 * included.  Packets are selected forwards (the replay goes on
 * from where it stopped), backwards (each one replayed from its
 * conversation's start) and forwards again.  The generated
 * "[reassembled from frames ...]" lines are checked where tshark lists the
 * same frames (tcp.segment, ip.fragment). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "l7_frame.h"
#include "ps_test.h"
#include "tui_model.h"

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif
#define APP TOP_SRCDIR "/../shared/pcaps-app/"

static struct tui_store *st;
static struct tui_model m;

static bool done(struct tui_model *mm)
{
	return tui_store_state(st) != TUI_ST_LOADING && tui_model_flows_progress(mm) == 1000;
}

/* The tree as text: one line per node, indented, without generated lines. */
static char *tree_text(const struct tui_tree *t)
{
	size_t cap = 1024, len = 0;
	char *s = malloc(cap);
	for (unsigned i = 0; s && i < t->n; i++) {
		if (t->nodes[i].flags & TUI_N_GEN)
			continue;
		const char *l = tui_tree_label(t, i);
		size_t need = len + strlen(l) + t->nodes[i].depth + 2;
		if (need > cap) {
			char *b = realloc(s, cap = need * 2);
			if (!b) {
				free(s);
				return 0;
			}
			s = b;
		}
		len += (size_t)sprintf(s + len, "%*s%s\n", (int)t->nodes[i].depth, "", l);
	}
	if (s)
		s[len] = 0;
	return s;
}

/* Every packet's tree from the stage run in order, as -r --json runs it. */
static char **reference(uint64_t n)
{
	char err[256];
	struct tui_stage *s = 0;
	struct ps_flow_cfg cfg;
	ps_flow_cfg_defaults(&cfg);
	struct tui_stage_cfg sc = {.flow = &cfg, .defrag = true};
	CU_ASSERT_EQUAL_FATAL(tui_stage_new(&s, &sc, true, 0, 0, err, sizeof err), 0);
	struct ps_packet *p = calloc(1, sizeof *p);
	struct tui_tree *t = malloc(sizeof *t);
	char **out = calloc(n, sizeof *out);
	struct tui_seq q;
	CU_ASSERT_FATAL(p && t && out && !tui_seq_init(&q));
	tui_tree_init(t);
	for (uint64_t i = 0; i < n; i++) {
		struct tui_rec r;
		const uint8_t *data;
		CU_ASSERT_EQUAL_FATAL(tui_store_seq(st, &q, i, &r, &data), 0);
		tui_packet_load(p, i, &r, data, 0);
		p->flow = (struct ps_flow_note){.tcp_layer = -1, .l4_layer = -1};
		tui_stage_packet(s, p);
		tui_tree_build(t, p);
		out[i] = tree_text(t);
	}
	tui_seq_free(&q);
	tui_stage_free(s);
	free(t);
	free(p);
	return out;
}

static void open_file(const char *file)
{
	char err[256];
	CU_ASSERT_EQUAL_FATAL(tui_store_open_file(&st, file, 0, err, sizeof err), 0);
	CU_ASSERT_EQUAL_FATAL(tui_model_init(&m, st, 0), 0);
	struct ps_flow_cfg cfg;
	ps_flow_cfg_defaults(&cfg);
	CU_ASSERT_EQUAL_FATAL(tui_model_flows_start(&m, &cfg, 4096, err, sizeof err), 0);
	for (int i = 0; i < 20000 && !done(&m); i++)
		tui_sleep_ms(1);
	CU_ASSERT_FATAL(done(&m));
	tui_model_tick(&m);
	tui_model_resize(&m, 40, 120);
}

static void close_file(void)
{
	tui_model_free(&m);
	tui_store_close(st);
}

/* A generated line the tree must have on packet index `at`. */
struct note {
	uint64_t at;
	const char *text;
};

/* The tree's generated line with this text exists (packet index i, selected). */
static bool has_note(const char *text)
{
	for (unsigned k = 0; k < m.tree->n; k++)
		if ((m.tree->nodes[k].flags & TUI_N_GEN) &&
		    !strcmp(tui_tree_label(m.tree, k), text))
			return true;
	return false;
}

/* Select packet index i; false when its tree differs from the reference
 * or lacks a generated line of notes[]. */
static bool same_tree(uint64_t i, char **ref, unsigned *diffs, const struct note *notes)
{
	tui_model_jump(&m, i);
	tui_model_prepare(&m);
	char *got = tree_text(m.tree);
	bool ok = got && !strcmp(got, ref[i]);
	for (const struct note *n = notes; n->text; n++)
		ok = ok && (n->at != i || has_note(n->text));
	if (!ok && (*diffs)++ < 3)
		fprintf(stderr, "\npacket %llu: tree\n%s\n-- reference\n%s\n",
			(unsigned long long)i + 1, got ? got : "(null)", ref[i]);
	free(got);
	return ok;
}

static void every_packet(const char *file, const struct note *notes)
{
	open_file(file);
	uint64_t n = m.total, same = 0;
	CU_ASSERT_FATAL(n > 0);
	char **ref = reference(n);
	unsigned diffs = 0;
	for (uint64_t i = 0; i < n; i++) /* forwards: the replay goes on */
		same += same_tree(i, ref, &diffs, notes);
	for (uint64_t i = n; i-- > 0;)   /* backwards: each from its conversation's start */
		same += same_tree(i, ref, &diffs, notes);
	for (uint64_t i = 0; i < n; i += 7) /* and jumping forwards */
		same += same_tree(i, ref, &diffs, notes);
	CU_ASSERT_EQUAL(same, 2 * n + (n + 6) / 7);
	for (uint64_t i = 0; i < n; i++)
		free(ref[i]);
	free(ref);
}

static void test_gtp_fragments_http(void)
{
	/* tshark: ip.fragment 4,5 on frame 5 (10,11 on 11); tcp.segment 5,7 on frame 7 */
	static const struct note notes[] = {{4, "[reassembled from frames 4,5]"},
					    {10, "[reassembled from frames 10,11]"},
					    {6, "[reassembled from frames 5,7]"},
					    {0, 0}};
	every_packet(APP "zeek__gtp1_gn_normal_incl_fragmentation.pcap", notes);
	close_file();
}

static void test_teams_tls(void)
{
	/* tshark: tcp.segment 1027,1030,1028,1033,1034 (one out of order) */
	static const struct note notes[] = {
		{1033, "[reassembled from frames 1027,1030,1028,1033,1034]"}, {0, 0}};
	every_packet(APP "ndpi__teams.pcap", notes);
	close_file();
}

/* The node labelled `label` of the selected packet's tree, -1 none. */
static int node_of(const char *label)
{
	for (unsigned k = 0; k < m.tree->n; k++)
		if (!strcmp(tui_tree_label(m.tree, k), label))
			return (int)k;
	return -1;
}

/* The node labelled `label` among the children of the node labelled `in`
 * (the first such parent), -1 none. */
static int child_of(const char *in, const char *label)
{
	int par = node_of(in);
	for (unsigned k = (unsigned)par + 1; par >= 0 && k < m.tree->n; k++)
		if (m.tree->nodes[k].parent == par && !strcmp(tui_tree_label(m.tree, k), label))
			return (int)k;
	return -1;
}

/* Fields of a layer rebuilt from segments whose bytes the stream decoder
 * joined (TUI_N_PART): this frame's part of the layer, and the note listing
 * the frames, and the bytes pane shows the bytes those frames delivered,
 * a TLS hello's fields located among them as tshark's PDML has them (a
 * hello whose record lies in one frame: its frame bytes);
 * other fields keep their own bytes, and a datagram's (the note on an IP
 * layer) are left alone. */
static void test_part_fields(void)
{
	open_file(APP "ndpi__teams.pcap");
	tui_model_jump(&m, 1033);
	tui_model_prepare(&m);
	int alpn = node_of("alpn: h2"), sport = node_of("sport: 443"), rec = node_of("[0]");
	CU_ASSERT_FATAL(alpn >= 0 && sport >= 0 && rec >= 0);
	const struct tui_node *a = &m.tree->nodes[alpn];
	CU_ASSERT_TRUE(a->flags & TUI_N_PART);
	CU_ASSERT_EQUAL(a->span_off, 66); /* eth 14 + ip 20 + tcp 32: the TLS bytes, */
	CU_ASSERT_EQUAL(a->span_len, 229); /* ... to the end of the frame */
	CU_ASSERT_STRING_EQUAL(m.sel_note[a->note],
			       "[reassembled from frames 1027,1030,1028,1033,1034]");
	CU_ASSERT_FALSE(m.tree->nodes[sport].flags & TUI_N_PART);
	CU_ASSERT_EQUAL(m.tree->nodes[sport].span_off, 34);
	CU_ASSERT_FALSE(m.tree->nodes[rec].flags & TUI_N_PART); /* its span is its own */
	/* the bytes pane shows the bytes the five frames delivered: their TCP
	 * payloads in stream order (tshark -x: "Reassembled TCP (5989 bytes)") */
	m.tree->cursor = (unsigned)alpn;
	const struct tui_replay_bytes *rb = tui_model_hex_rebuilt(&m);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rb);
	CU_ASSERT_EQUAL(rb->len, 5989);
	CU_ASSERT_EQUAL(rb->own_lo, 5760);
	CU_ASSERT_EQUAL(rb->own_hi, 5989);
	static const uint64_t order[] = {1027, 1030, 1028, 1033, 1034};
	uint32_t at = 0;
	for (unsigned i = 0; i < 5 && rb->len == 5989; i++) {
		struct tui_rec r;
		static uint8_t f[2048];
		CU_ASSERT_EQUAL_FATAL(tui_store_read(st, order[i] - 1, &r, f, sizeof f), 0);
		uint32_t pl = r.caplen - 66; /* eth 14 + ip 20 + tcp 32 */
		CU_ASSERT_EQUAL(memcmp(rb->buf + at, f + 66, pl), 0);
		at += pl;
	}
	CU_ASSERT_EQUAL(at, 5989);
	/* the ServerHello's fields are located in those bytes (TUI_N_STREAM):
	 * tshark -T pdml, frame 1034: tls.handshake.version pos 9, ciphersuite
	 * pos 76, extension.type pos 81 (5), 85 (16), 94 (23), 98 (65281),
	 * extensions_alpn_str pos 92 ("h2"), each 2 bytes */
	uint32_t lo, hi;
	CU_ASSERT_TRUE(a->flags & TUI_N_STREAM);
	CU_ASSERT_TRUE(tui_model_hex_field(&m, &lo, &hi) && lo == 92 && hi == 94);
	CU_ASSERT_EQUAL(memcmp(rb->buf + 92, "h2", 2), 0);
	static const struct {
		const char *in, *label;
		uint32_t pos;
	} sh[] = {{"server_hello", "version: 771", 9}, {"server_hello", "cipher: 49200", 76},
		  {"extensions", "5", 81}, {"extensions", "16", 85}, {"extensions", "23", 94},
		  {"extensions", "65281", 98}};
	for (unsigned i = 0; i < sizeof sh / sizeof sh[0]; i++) {
		int k = child_of(sh[i].in, sh[i].label);
		CU_ASSERT_FATAL(k >= 0);
		m.tree->cursor = (unsigned)k;
		CU_ASSERT_PTR_NOT_NULL(tui_model_hex_rebuilt(&m));
		bool ok = tui_model_hex_field(&m, &lo, &hi);
		CU_ASSERT_TRUE(ok && lo == sh[i].pos && hi == sh[i].pos + 2);
		if (!ok || lo != sh[i].pos)
			fprintf(stderr, "\n%s: %u-%u, tshark %u\n", sh[i].label, ok ? lo : 0, ok ? hi : 0,
				sh[i].pos);
	}
	m.tree->cursor = (unsigned)sport; /* a field of its own: the frame */
	CU_ASSERT_PTR_NULL(tui_model_hex_rebuilt(&m));
	tui_model_jump(&m, 1025); /* the ClientHello: one segment, nothing rebuilt */
	tui_model_prepare(&m);
	for (unsigned k = 0; k < m.tree->n; k++)
		CU_ASSERT_FALSE(m.tree->nodes[k].flags & TUI_N_PART);
	/* its fields have their frame bytes (the stream decoder read the
	 * record, wholly in this frame): tshark -T pdml, frame 1026:
	 * tls.handshake.version pos 75, the first ciphersuite 112, the first
	 * extension.type 144, extensions_server_name 162 (23 bytes),
	 * extensions_alpn_str 237 (2) and 240 (8), the first
	 * extensions_supported_group 260, the first sig_hash_alg 199 */
	static const struct {
		const char *in, *label;
		uint32_t pos, len;
	} ch[] = {{"client_hello", "version: 771", 75, 2}, {"ciphers", "51914", 112, 2},
		  {"extensions", "56026", 144, 2}, {"client_hello", "sni: api.microsoftstream.com", 162, 23},
		  {"alpn", "h2", 237, 2}, {"alpn", "http/1.1", 240, 8}, {"groups", "10794", 260, 2},
		  {"sig_algs", "1027", 199, 2}};
	for (unsigned i = 0; i < sizeof ch / sizeof ch[0]; i++) {
		int k = child_of(ch[i].in, ch[i].label);
		CU_ASSERT_FATAL(k >= 0);
		const struct tui_node *c = &m.tree->nodes[k];
		CU_ASSERT_FALSE(c->flags & (TUI_N_STREAM | TUI_N_PART));
		CU_ASSERT_TRUE(c->span_off == ch[i].pos && c->span_len == ch[i].len);
		if (c->span_off != ch[i].pos || c->span_len != ch[i].len)
			fprintf(stderr, "\n%s: %u+%u, tshark %u+%u\n", ch[i].label, c->span_off, c->span_len,
				ch[i].pos, ch[i].len);
	}
	close_file();
	open_file(APP "zeek__gtp1_gn_normal_incl_fragmentation.pcap");
	tui_model_jump(&m, 4); /* completes a datagram: the note is the IP layer's */
	tui_model_prepare(&m);
	CU_ASSERT_TRUE(has_note("[reassembled from frames 4,5]"));
	for (unsigned k = 0; k < m.tree->n; k++)
		CU_ASSERT_FALSE(m.tree->nodes[k].flags & TUI_N_PART);
	tui_model_jump(&m, 6); /* an HTTP request from frames 5 and 7 */
	tui_model_prepare(&m);
	int host = node_of("host: o-o.preferred.telekomrs-beg1.v2.lscache8.c.youtube.com");
	CU_ASSERT_FATAL(host >= 0);
	CU_ASSERT_TRUE(m.tree->nodes[host].flags & TUI_N_PART);
	CU_ASSERT_EQUAL(m.tree->nodes[host].span_off, 90);
	m.tree->cursor = (unsigned)host; /* tshark -x: "Reassembled TCP (2100 bytes)" */
	rb = tui_model_hex_rebuilt(&m);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rb);
	CU_ASSERT_EQUAL(rb->len, 2100);
	CU_ASSERT_EQUAL(rb->own_lo, 1440);
	CU_ASSERT_EQUAL(memcmp(rb->buf, "GET /videoplayback?upn=", 23), 0);
	/* tshark -T pdml: http.host at pos 1820 ("Host: " + 54 bytes) */
	CU_ASSERT_TRUE_FATAL(tui_model_hex_field(&m, &lo, &hi));
	CU_ASSERT_EQUAL(lo, 1826);
	CU_ASSERT_EQUAL(hi, 1880);
	int method = node_of("method: GET"); /* pos 0, size 3 */
	CU_ASSERT_FATAL(method >= 0);
	m.tree->cursor = (unsigned)method;
	CU_ASSERT_TRUE(tui_model_hex_field(&m, &lo, &hi) && lo == 0 && hi == 3);
	close_file();
}

static void test_tcp_reassembly_http(void)
{
	static const struct note none[] = {{0, 0}};
	every_packet(APP "pcapplusplus__tcp-reassembly.pcap", none);
	close_file();
}

static void test_dns_tcp(void)
{
	static const struct note none[] = {{0, 0}};
	every_packet(APP "zeek__dns-edns-ecs.pcap", none); /* DNS over TCP (one segment each) */
	close_file();
}

/* Every capture of a shared directory: trees as -r --json's records. */
static unsigned every_capture(const char *dir)
{
	static const struct note none[] = {{0, 0}};
	DIR *d = opendir(dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	unsigned files = 0;
	for (struct dirent *e; (e = readdir(d));) {
		size_t n = strlen(e->d_name);
		if (!(n > 5 && !strcmp(e->d_name + n - 5, ".pcap")) &&
		    !(n > 7 && !strcmp(e->d_name + n - 7, ".pcapng")))
			continue;
		char file[512];
		snprintf(file, sizeof file, "%s%s", dir, e->d_name);
		every_packet(file, none);
		close_file();
		files++;
	}
	closedir(d);
	return files;
}

/* the other application captures: QUIC, DHCP, tunnels, SSH, pcapng, ... */
static void test_every_app_capture(void)
{
	CU_ASSERT(every_capture(APP) >= 30);
}

/* the L2-L4 captures: malformed headers, IP fragments, SYN scans, ... */
static void test_every_l4_capture(void)
{
	CU_ASSERT(every_capture(TOP_SRCDIR "/../shared/pcaps/") >= 30);
}

/* A conversation longer than the replay's bound: one HTTP POST whose body
 * is LONG_BODY segments, then a GET whose Host header is in its second
 * segment (the last packet).  Written with libpcap; index of that packet. */
#define LONG_BODY (TUI_REPLAY_MAX + 2000u)
static uint64_t write_long(const char *file)
{
	pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
	pcap_dumper_t *dp = dead ? pcap_dump_open(dead, file) : 0;
	CU_ASSERT_PTR_NOT_NULL_FATAL(dp);
	char head[96];
	int hn = snprintf(head, sizeof head,
			  "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: %u\r\n\r\n",
			  LONG_BODY * 10u);
	const char *parts[] = {head, "0123456789", "GET /x HTTP/1.1\r\nHo",
			       "st: example.com\r\n\r\n"};
	uint32_t seq = 1;
	uint64_t n = 0;
	for (unsigned k = 0; k < 4; k++) {
		for (uint32_t i = 0; i < (k == 1 ? LONG_BODY : 1u); i++, n++) {
			uint8_t f[L7_HDRS + 96];
			size_t len = k ? strlen(parts[k]) : (size_t)hn;
			uint32_t fl = l7_tcp_frame(f, 40000, 80, parts[k], len);
			f[38] = (uint8_t)(seq >> 24), f[39] = (uint8_t)(seq >> 16); /* tcp.seq */
			f[40] = (uint8_t)(seq >> 8), f[41] = (uint8_t)seq;
			seq += (uint32_t)len;
			struct pcap_pkthdr h = {.caplen = fl, .len = fl};
			h.ts.tv_sec = 1000 + (time_t)(n / 1000);
			h.ts.tv_usec = (suseconds_t)(n % 1000);
			pcap_dump((u_char *)dp, &h, f);
		}
	}
	pcap_dump_close(dp);
	pcap_close(dead);
	return n - 1;
}

static void test_bound(void)
{
	char file[64];
	snprintf(file, sizeof file, "/tmp/test_tui_replay.%d.pcap", (int)getpid());
	uint64_t last = write_long(file);
	open_file(file);
	CU_ASSERT_EQUAL_FATAL(m.total, last + 1);
	char note[128];
	snprintf(note, sizeof note,
		 "[stream not reassembled here: %llu packets to replay, bound %u]",
		 (unsigned long long)last + 1, TUI_REPLAY_MAX);
	/* selected at once: more than the bound from the conversation's start */
	tui_model_jump(&m, last);
	tui_model_prepare(&m);
	CU_ASSERT(has_note(note));
	char *alone = tree_text(m.tree);
	CU_ASSERT(alone && !strstr(alone, "host: example.com"));
	CU_ASSERT(alone && strstr(alone, "stream: 0")); /* the row's numbers still */
	/* browsing there (1000 packets a step) goes on from step to step */
	for (uint64_t i = 0; i < last; i += 1000) {
		tui_model_jump(&m, i);
		tui_model_prepare(&m);
		CU_ASSERT_PTR_NULL(m.replay ? (void *)(uintptr_t)m.replay->cut : 0);
	}
	tui_model_jump(&m, last);
	tui_model_prepare(&m);
	char *got = tree_text(m.tree);
	CU_ASSERT(got && strstr(got, "host: example.com"));
	char two[64]; /* the GET's two segments: frames last and last + 1 */
	snprintf(two, sizeof two, "[reassembled from frames %llu,%llu]", (unsigned long long)last,
		 (unsigned long long)last + 1);
	CU_ASSERT(has_note(two));
	CU_ASSERT(!has_note(note));
	free(alone);
	free(got);
	close_file();
	unlink(file);
}

PST_MAIN("tui_replay", {"gtp_fragments_http", test_gtp_fragments_http},
	 {"teams_tls", test_teams_tls}, {"part_fields", test_part_fields},
	 {"tcp_reassembly_http", test_tcp_reassembly_http},
	 {"dns_tcp", test_dns_tcp}, {"every_app_capture", test_every_app_capture},
	 {"every_l4_capture", test_every_l4_capture}, {"bound", test_bound})
