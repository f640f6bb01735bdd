/* SPDX-License-Identifier: BSD-2-Clause */
/* test_render_json.c - the JSON writer's caches (render_json.c): a
 * renderer's warm key, pair and time stamp caches must write exactly what a
 * fresh writer writes, whatever the packets before and wherever the output
 * buffer fills up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ps_out.h"
#include "ps_render.h"
#include "ps_test.h"

/* Ethernet, IPv4, TCP SYN with MSS, SACK permitted, timestamps, NOP and
 * window scale options (74 bytes) */
static const uint8_t syn[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
	0x45, 0x00, 0x00, 0x3c, 0x1c, 0x46, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00, 0x0a, 0x00,
	0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0xb3, 0x66, 0x1f, 0x90, 0xec, 0xa4, 0x5e, 0x31,
	0x00, 0x00, 0x00, 0x00, 0xa0, 0x02, 0xfa, 0xf0, 0x00, 0x00, 0x00, 0x00, 0x02, 0x04,
	0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0xc2, 0x27, 0x5f, 0x85, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x03, 0x03, 0x0a};

#define NPKT 64

/* Packet i of a sequence: the same frame with what a cache could confuse
 * varied from one packet to the next: static strings (link type, packet
 * and flow direction, event names, one of them also a key's text), a
 * string whose address stays while its text changes (iface, flow id), the
 * second of the time stamp, numbers of every length. */
static void vary(struct ps_packet *p, unsigned i, char *iface, char *flow_id)
{
	static const char *const names[] = {"EN10MB", "RAW", "dir", "a name \"quoted\""};
	static const uint16_t evs[] = {PS_EV_IP_TRUNCATED, PS_EV_NONE + 1, PS_EV__COUNT - 1};
	p->n = (uint64_t)i * 1234567u;
	p->ts_sec = 1796415804 + i / 5;
	p->ts_frac = (i * 98765u) % (i % 9 ? 1000000u : 1000000000u);
	p->ts_nano = i % 9 == 0;
	/* an event's name as the link type too: one address, two keys */
	p->linktype_name = i % 5 == 4 ? ps_event_name(evs[0]) : names[i % 4];
	p->direction = (int)(i % 3) - 1;
	snprintf(iface, 16, "eth%u", i * 7);
	p->iface = i % 2 ? iface : NULL;
	snprintf(flow_id, 40, "1:flow%u/%s", i, i % 5 ? "x" : "y\\");
	p->flow.id = i % 6 ? flow_id : NULL;
	p->flow.dir = (uint8_t)(i & 1);
	p->flow.stream = i;
	p->flow.tcp_layer = -1;
	p->nevents = i % 3;
	for (unsigned k = 0; k < p->nevents; k++) {
		p->events[k].code = evs[(i + k) % 3];
		p->events[k].layer = (int8_t)(k ? -1 : 2);
	}
}

/* The line a fresh writer makes of p (no cache warm) */
static const char *fresh_line(const struct ps_packet *p, char *b, size_t n)
{
	struct ps_out o;
	ps_out_open_mem(&o, b, n);
	ps_render_json_line(p, &o);
	ps_out_char(&o, '\n');
	CU_ASSERT_FALSE(o.overflow);
	return ps_out_cstr(&o);
}

static void test_render_json_warm_cache_matches_fresh(void)
{
	static struct ps_renderer r; /* large: the caches */
	static struct ps_packet pkt;
	static char got[8192], want[8192];
	char iface[16], flow_id[40];
	pst_dissect(&pkt, PS_DLT_EN10MB, syn, sizeof syn, sizeof syn);
	struct ps_out o;
	memset(&r, 0, sizeof r);
	r.ops = &ps_render_json;
	r.out = &o;
	unsigned bad = 0;
	for (unsigned i = 0; i < NPKT; i++) {
		vary(&pkt, i, iface, flow_id);
		ps_out_open_mem(&o, got, sizeof got);
		r.ops->packet(&r, &pkt);
		bad += strcmp(ps_out_cstr(&o), fresh_line(&pkt, want, sizeof want)) != 0;
	}
	CU_ASSERT_EQUAL(bad, 0);
	/* and the lines are what the fields say (a cache gone wrong in both
	 * ways at once would pass the comparison above) */
	CU_ASSERT_PTR_NOT_NULL(strstr(want, "\"linktype\":\"a name \\\"quoted\\\"\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(want, "\"iface\":\"eth441\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(want, "\"tcp\":{\"sport\":45926,\"dport\":8080"));
}

/* An fd-mode output of a few sizes around the writer's reserved room, so
 * that keys, values and the flushes between them fall at every offset:
 * the file must hold the fresh lines, in order. */
static void test_render_json_flush_anywhere(void)
{
	static struct ps_renderer r;
	static struct ps_packet pkt;
	static char want[NPKT * 1024], line[4096], got[NPKT * 1024 + 1];
	static const size_t caps[] = {40, 66, 67, 90, 129, 333};
	char iface[16], flow_id[40];
	pst_dissect(&pkt, PS_DLT_EN10MB, syn, sizeof syn, sizeof syn);
	for (size_t c = 0; c < sizeof caps / sizeof caps[0]; c++) {
		FILE *tmp = tmpfile();
		CU_ASSERT_FATAL(tmp != NULL);
		struct ps_out o;
		CU_ASSERT_EQUAL_FATAL(ps_out_open_fd(&o, fileno(tmp), caps[c]), 0);
		memset(&r, 0, sizeof r);
		r.ops = &ps_render_json;
		r.out = &o;
		size_t wl = 0;
		for (unsigned i = 0; i < NPKT; i++) {
			vary(&pkt, i, iface, flow_id);
			r.ops->packet(&r, &pkt);
			const char *l = fresh_line(&pkt, line, sizeof line);
			CU_ASSERT_FATAL(wl + strlen(l) < sizeof want);
			memcpy(want + wl, l, strlen(l));
			wl += strlen(l);
		}
		ps_out_close(&o);
		rewind(tmp);
		size_t gl = fread(got, 1, sizeof got, tmp);
		fclose(tmp);
		CU_ASSERT_EQUAL(gl, wl);
		CU_ASSERT(gl == wl && memcmp(got, want, wl) == 0);
	}
}

/* The JSON of frame[0, caplen) through a warm renderer (its run, key and
 * address caches filled by the same frame before), in got; it must be
 * what a fresh writer makes of it. */
static const char *warm_line(const uint8_t *frame, size_t len, size_t caplen, char *got, size_t n)
{
	static struct ps_renderer r;
	static struct ps_packet pkt;
	static char want[4096];
	struct ps_out o;
	memset(&r, 0, sizeof r);
	r.ops = &ps_render_json;
	r.out = &o;
	for (int pass = 0; pass < 2; pass++) {
		pst_dissect(&pkt, PS_DLT_EN10MB, frame, caplen, len);
		ps_out_open_mem(&o, got, n);
		r.ops->packet(&r, &pkt);
	}
	CU_ASSERT_STRING_EQUAL(ps_out_cstr(&o), fresh_line(&pkt, want, sizeof want));
	return ps_out_cstr(&o);
}

/* The runs of fixed fields (ps_emit_fields) as the JSON writer does them:
 * every kind of field in its place, the NOP, NOP, timestamps run and the
 * options after it, and a TCP header cut inside its fixed fields (the run
 * then goes field by field: those captured, no others). */
static void test_render_json_runs(void)
{
	static char got[4096];
	uint8_t ack[sizeof syn];
	static const uint8_t opts[20] = {1, 1, 8, 10, 0xc2, 0x27, 0x5f, 0x85, 0, 0, 0, 7,
					 1, 1, 1, 1, 1, 1, 1, 1};
	memcpy(ack, syn, sizeof syn);
	ack[47] = 0x10; /* ACK */
	memcpy(ack + 54, opts, sizeof opts);
	const char *l = warm_line(ack, sizeof ack, sizeof ack, got, sizeof got);
	CU_ASSERT_PTR_NOT_NULL(strstr(l, "{\"schema\":1,\"frame\":{\"n\":"));
	CU_ASSERT_PTR_NOT_NULL(strstr(l, "\"caplen\":74,\"len\":74,"));
	CU_ASSERT_PTR_NOT_NULL(strstr(
		l, "\"ip\":{\"v\":4,\"hl\":20,\"tos\":0,\"len\":60,\"id\":7238,\"df\":true,"
		   "\"mf\":false,\"frag_off\":0,\"ttl\":64,\"proto\":6,\"checksum\":0,"));
	CU_ASSERT_PTR_NOT_NULL(strstr(
		l, "\"tcp\":{\"sport\":45926,\"dport\":8080,\"seq\":3970194993,\"ack\":0,"
		   "\"hl\":40,\"flags\":16,\"flags_str\":\".\",\"win\":64240,\"checksum\":0,"
		   "\"urg\":0,"));
	CU_ASSERT_PTR_NOT_NULL(strstr(
		l, "\"options\":[{\"kind\":\"nop\"},{\"kind\":\"nop\"},{\"kind\":\"ts\","
		   "\"val\":3257360261,\"ecr\":7},{\"kind\":\"nop\"},{\"kind\":\"nop\"},"));
	CU_ASSERT_PTR_NOT_NULL(strstr(l, "{\"kind\":\"nop\"}]}"));

	/* 16 bytes of TCP header: up to the window, no checksum or urg (the
	 * length follows from the IP header) */
	l = warm_line(ack, sizeof ack, 14 + 20 + 16, got, sizeof got);
	CU_ASSERT_PTR_NOT_NULL(strstr(l, "\"flags_str\":\".\",\"win\":64240,\"len\":0}"));
	CU_ASSERT_PTR_NULL(strstr(l, "\"urg\""));
}

PST_MAIN("render_json", {"warm cache matches fresh", test_render_json_warm_cache_matches_fresh},
	 {"flush anywhere", test_render_json_flush_anywhere}, {"runs", test_render_json_runs})
