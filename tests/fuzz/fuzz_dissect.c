/* SPDX-License-Identifier: BSD-2-Clause */
/* fuzz_dissect.c - libFuzzer entry point: every link type through the dissect driver and renderers.
 *
 * Input: [selector][frame bytes].  The selector picks the link type (bits 0-2),
 * how the original length relates to the captured length (bits 3-4) and a
 * parameter for that and the render options (bits 5-7):
 *   mode 0  len == caplen
 *   mode 1  len  > caplen by a few hundred bytes (a snaplen cut)
 *   mode 2  len  > caplen by 64 KiB .. 8 MiB, or UINT32_MAX (overflow bait)
 *   mode 3  len  < caplen (a broken record: the driver raises an event)
 * The frame is copied into an exact-size heap buffer so ASan catches any read
 * past the capture.  Besides "no crash", the harness checks what renderers
 * promise: the JSON line parses (json-c is the referee), has no duplicate keys
 * and every span lies inside the capture; the text without -v is one line
 * (a VXLAN packet's two, as tcpdump's).  A frame that is an IPv4 first
 * fragment goes through IP defragmentation too, followed by a copy of itself
 * made the last fragment, so the record carries a reassembled datagram (its
 * payload twice: bytes past the frame) through the same checks; spans and
 * layers then lie inside the record's bytes (ps_packet_bytes).
 * tests/fuzz/make-seeds.py writes seeds in the same format.
 */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defrag_feed.h"
#include "dis_dns_stream.h"
#include "dis_quic_conn.h"
#include "dis_http_stream.h"
#include "dis_tls_stream.h"
#include "ps_dissect.h"
#include "ps_linktype.h"
#include "ps_out.h"
#include "ps_render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Index = selector & 7; make-seeds.py holds the same list. */
static const struct {
	int dlt;
	const char *name;
} links[8] = {
	{PS_DLT_EN10MB, "EN10MB"}, {PS_DLT_LINUX_SLL, "LINUX_SLL"},
	{PS_DLT_LINUX_SLL2, "LINUX_SLL2"}, {PS_DLT_RAW, "RAW"},
	{PS_DLT_IPV4, "IPV4"}, {PS_DLT_IPV6, "IPV6"},
	{PS_DLT_NULL, "NULL"}, {PS_DLT_LOOP, "LOOP"},
};

/* Static: the record is large and the harness runs one input at a time. */
static struct ps_packet pkt;
static char text_buf[1 << 15];
static char json_buf[1 << 17];
static char line_buf[1 << 18];

static void fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_dissect: %s: %s\n", what, detail ? detail : "");
	abort();
}

static uint32_t pick_len(uint32_t caplen, unsigned mode, unsigned param)
{
	switch (mode) {
	case 0:
		return caplen;
	case 1:
		return caplen + 1 + param * 97;
	case 2:
		return param == 7 ? UINT32_MAX : caplen + (1u << (16 + param));
	default:
		return caplen > param ? caplen - 1 - param : 0;
	}
}

/* ---- a checking emitter: nesting, duplicate keys, spans inside the capture ---- */

#define CHK_DEPTH 24
#define CHK_KEYS 96

/* PS_FUZZ_NO_SPANS=1 skips the span check, to hunt for other bugs while a
 * span finding is being fixed. */
static bool check_spans = true;

struct chk {
	const struct ps_packet *p;
	unsigned depth;
	bool is_arr[CHK_DEPTH];
	unsigned nkeys[CHK_DEPTH];
	const char *keys[CHK_DEPTH][CHK_KEYS];
};

static void chk_value(struct ps_emit *e, const char *key)
{
	struct chk *k = e->ctx;
	uint64_t room = e->span_side ? PS_SIDE_BYTES : ps_packet_bytes(k->p); /* side: its copy */
	if (check_spans && (uint64_t)e->span_off + e->span_len > room) {
		char msg[128];
		snprintf(msg, sizeof msg, "key %s span %u+%u > caplen %u", key ? key : "(elem)",
			 e->span_off, e->span_len, k->p->caplen);
		fail("span outside the capture", msg);
	}
	if (k->depth >= CHK_DEPTH)
		return;
	if (k->is_arr[k->depth]) {
		if (key)
			fail("key inside an array", key);
		return;
	}
	if (!key)
		fail("value without a key inside an object", 0);
	unsigned n = k->nkeys[k->depth];
	for (unsigned i = 0; i < n && i < CHK_KEYS; i++)
		if (!strcmp(k->keys[k->depth][i], key))
			fail("duplicate key", key);
	if (n < CHK_KEYS)
		k->keys[k->depth][n] = key;
	k->nkeys[k->depth] = n + 1;
}

static void chk_open(struct ps_emit *e, const char *key, bool arr)
{
	struct chk *k = e->ctx;
	chk_value(e, key);
	k->depth++;
	if (k->depth < CHK_DEPTH) {
		k->is_arr[k->depth] = arr;
		k->nkeys[k->depth] = 0;
	}
}

static void chk_close(struct ps_emit *e, bool arr)
{
	struct chk *k = e->ctx;
	if (k->depth == 0)
		fail("unbalanced end", arr ? "array" : "object");
	if (k->depth < CHK_DEPTH && k->is_arr[k->depth] != arr)
		fail("mismatched end", arr ? "array closes an object" : "object closes an array");
	k->depth--;
}

static void c_bobj(struct ps_emit *e, const char *key) { chk_open(e, key, false); }
static void c_eobj(struct ps_emit *e) { chk_close(e, false); }
static void c_barr(struct ps_emit *e, const char *key) { chk_open(e, key, true); }
static void c_earr(struct ps_emit *e) { chk_close(e, true); }
static void c_u64(struct ps_emit *e, const char *key, uint64_t v) { (void)v; chk_value(e, key); }
static void c_i64(struct ps_emit *e, const char *key, int64_t v) { (void)v; chk_value(e, key); }
static void c_bool(struct ps_emit *e, const char *key, bool v) { (void)v; chk_value(e, key); }

static void c_str(struct ps_emit *e, const char *key, const char *s)
{
	if (!s)
		fail("NULL string", key);
	(void)strlen(s); /* ASan: the string must be readable up to its NUL */
	chk_value(e, key);
}

static void c_strn(struct ps_emit *e, const char *key, const char *s, size_t n)
{
	volatile char sink = 0;
	for (size_t i = 0; i < n; i++) /* ASan: every byte must be readable */
		sink = (char)(sink ^ s[i]);
	chk_value(e, key);
}

static void c_ipv4(struct ps_emit *e, const char *key, const uint8_t a[4])
{
	c_strn(e, key, (const char *)a, 4);
}

static void c_ipv6(struct ps_emit *e, const char *key, const uint8_t a[16])
{
	c_strn(e, key, (const char *)a, 16);
}

static void c_mac(struct ps_emit *e, const char *key, const uint8_t *a, size_t n)
{
	c_strn(e, key, (const char *)a, n);
}

static void c_ts(struct ps_emit *e, const char *key, int64_t sec, uint32_t frac, bool nano)
{
	(void)sec, (void)frac, (void)nano;
	chk_value(e, key);
}

static const struct ps_emit_ops chk_ops = {
	.begin_obj = c_bobj, .end_obj = c_eobj, .begin_arr = c_barr, .end_arr = c_earr,
	.u64 = c_u64, .i64 = c_i64, .boolean = c_bool, .str = c_str, .strn = c_strn,
	.ipv4 = c_ipv4, .ipv6 = c_ipv6, .mac = c_mac, .ts = c_ts,
};

static void check_emit(const struct ps_packet *p)
{
	static struct chk k;
	memset(&k, 0, sizeof k);
	k.p = p;
	struct ps_emit e = {.ops = &chk_ops, .ctx = &k};
	ps_emit_packet(p, &e);
	if (k.depth != 0)
		fail("unbalanced emitter", "begin without end");
}

/* Layers lie inside the capture and point only backwards to their parent. */
static void check_record(const struct ps_packet *p)
{
	if (p->nlayers > PS_MAX_LAYERS || p->nevents > PS_MAX_EVENTS)
		fail("record overflow", 0);
	if ((uint64_t)p->payload_off + p->payload_len > ps_packet_bytes(p))
		fail("payload outside the capture", 0);
	bool dns_msg = false; /* a DNS message from the stream may follow the frame too */
	for (unsigned i = 0; i < p->nlayers; i++)
		dns_msg |= p->layers[i].proto == PS_P_DNS && p->layers[i].u.dns.stream;
	if (p->data_len > p->caplen && !p->defrag.on && !dns_msg)
		fail("bytes past the frame without a reassembled datagram", 0);
	for (unsigned i = 0; i < p->nlayers; i++) {
		const struct ps_layer *l = &p->layers[i];
		if ((uint64_t)l->off + l->hdr_len > ps_packet_bytes(p))
			fail("layer header outside the capture", ps_registry_by_proto(l->proto)
				 ? ps_registry_by_proto(l->proto)->name : "?");
		if (l->parent >= (int)i)
			fail("layer parent is not an earlier layer", 0);
	}
	for (unsigned i = 0; i < p->nevents; i++)
		if (p->events[i].layer >= (int)p->nlayers)
			fail("event on a layer that does not exist", ps_event_name(p->events[i].code));
}

/* ---- renderers ---- */

static void check_json(const struct ps_packet *p)
{
	struct ps_out o;
	ps_out_open_mem(&o, json_buf, sizeof json_buf);
	ps_render_json_line(p, &o);
	if (o.overflow)
		fail("JSON line longer than the test buffer", 0);
	const char *s = ps_out_cstr(&o);
	if (strlen(s) != o.len)
		fail("NUL byte inside the JSON line", s);
	struct json_tokener *tok = json_tokener_new();
	if (!tok)
		return;
	json_object *obj = json_tokener_parse_ex(tok, s, (int)o.len);
	bool ok = obj && json_tokener_get_error(tok) == json_tokener_success &&
		  json_object_is_type(obj, json_type_object) &&
		  (size_t)json_tokener_get_parse_end(tok) == o.len;
	json_object_put(obj);
	json_tokener_free(tok);
	if (!ok)
		fail("invalid JSON", s);
}

static bool has_vxlan(const struct ps_packet *p)
{
	for (unsigned i = 0; i < p->nlayers; i++)
		if (p->layers[i].proto == PS_P_VXLAN)
			return true;
	return false;
}

static void check_text(const struct ps_packet *p)
{
	struct ps_out o;
	for (int verbose = 0; verbose <= 2; verbose++) {
		for (int link = 0; link <= 1; link++) {
			struct ps_text_opts t = {.verbose = verbose, .link = link != 0};
			ps_out_open_mem(&o, text_buf, sizeof text_buf);
			ps_render_text_body(p, &t, &o);
			const char *s = ps_out_cstr(&o);
			if (strlen(s) != o.len)
				fail("NUL byte inside the text line", s);
			/* -v may continue on indented lines, as tcpdump -v does; so
			 * may a VXLAN packet's inner frame, as tcpdump prints it */
			if (verbose == 0 && strchr(s, '\n') && !has_vxlan(p))
				fail("newline inside the text line", s);
		}
	}
}

/* An HTTP layer's TCP payload as an HTTP stream: in two pieces (split by
 * param; a small header cap when param is odd) with the frame's own layer,
 * then once more as the next frame's bytes (a block joined in the stream
 * decoded from the side area onto a new layer). */
static void http_pass(struct ps_packet *p, unsigned tcp_li, int li, uint32_t off, unsigned param)
{
	struct ps_http_sbudget b;
	ps_http_sbudget_init(&b, 0);
	if (param & 1)
		b.stream_cap = 64;
	struct ps_http_stream st = {0}, peer = {0};
	struct ps_http_sframe fr = {.p = p, .tcp_li = (int)tcp_li, .li = li, .own = true,
				    .seg = p->data + off, .no = 1};
	p->layers[li].u.http.hidden = true;
	ps_http_stream_sync(&st, &b);
	uint32_t n = p->caplen - off, cut = n * param / 8;
	ps_http_stream_feed(&st, &peer, &b, &fr, p->data + off, cut);
	ps_http_stream_feed(&st, &peer, &b, &fr, p->data + off + cut, n - cut);
	fr = (struct ps_http_sframe){.p = p, .tcp_li = (int)tcp_li, .li = -1, .no = 2};
	ps_http_stream_feed(&st, &peer, &b, &fr, p->data + off, n);
	ps_http_stream_free(&st, &b);
	ps_http_stream_free(&peer, &b);
	if (b.used)
		fail("http stream", "buffer not released");
}

/* A DNS layer's TCP payload as a DNS stream: in two pieces (split by
 * param; a 64-byte budget when param is odd) with the frame's own layer,
 * then the same bytes again from outside the frame (a message completed
 * there is copied after the frame's bytes, into this buffer: it must live
 * while the record is checked). */
static struct ps_dns_xbuf dns_x;

static void dns_pass(struct ps_packet *p, unsigned tcp_li, int li, uint32_t off, unsigned param)
{
	struct ps_dns_sbudget b;
	ps_dns_sbudget_init(&b, param & 1 ? 64 : 0);
	struct ps_dns_stream st = {0};
	const struct ps_tcp *t = &p->layers[tcp_li].u.tcp;
	uint32_t n = p->caplen - off, cut = n * param / 8;
	struct ps_dns_sframe fr = {.p = p, .tcp_li = (int)tcp_li, .li = li, .own = true,
				   .frame = p->data, .nbytes = ps_packet_bytes(p), .seg_off = off,
				   .seg_len = t->has_len ? t->len : n, .x = &dns_x};
	p->layers[li].u.dns.hidden = true;
	ps_dns_stream_sync(&st, &b);
	ps_dns_stream_feed(&st, &b, &fr, p->data + off, cut);
	ps_dns_stream_feed(&st, &b, &fr, p->data + off + cut, n - cut);
	uint8_t *copy = malloc(n ? n : 1);
	if (copy) {
		memcpy(copy, p->data + off, n);
		fr.done = false;
		ps_dns_stream_feed(&st, &b, &fr, copy, n);
		free(copy);
	}
	ps_dns_stream_free(&st, &b);
	if (b.used)
		fail("dns stream", "buffer not released");
}

/* What the flow table's decoders do to a record after the driver
 * (src/flow/flow_app.c): the frame's TCP payload read as a TLS, HTTP or DNS
 * stream in two pieces (split by param; a small buffer cap when param is
 * odd), a QUIC layer's connection IDs learned and applied. */
static void stream_pass(struct ps_packet *p, unsigned param)
{
	for (unsigned i = 0; i < p->nlayers; i++) {
		const struct ps_layer *l = &p->layers[i];
		if (l->proto == PS_P_QUIC) {
			struct ps_quic_cids c = {0};
			ps_quic_conn_packet(&c, 0, p, i);
			c.set[1] = c.set[0], c.len[1] = c.len[0];
			memcpy(c.cid[1], c.cid[0], sizeof c.cid[0]);
			ps_quic_conn_packet(&c, 0, p, i);
		}
		if (l->proto != PS_P_TCP || l->parent >= 0)
			continue;
		int next = i + 1 < p->nlayers ? (int)i + 1 : -1;
		uint32_t off = l->off + l->hdr_len;
		if (off >= p->caplen)
			return;
		if (next >= 0 && p->layers[next].proto == PS_P_HTTP) {
			http_pass(p, i, next, off, param);
			return;
		}
		if (next >= 0 && p->layers[next].proto == PS_P_DNS) {
			dns_pass(p, i, next, off, param);
			return;
		}
		if (next >= 0 && p->layers[next].proto != PS_P_TLS)
			return;
		struct ps_tls_sbudget b;
		ps_tls_sbudget_init(&b, 0);
		if (param & 1)
			b.stream_cap = 64;
		struct ps_tls_stream st = {0};
		struct ps_tls_sframe fr = {.p = p, .tcp_li = (int)i, .li = next};
		if (next >= 0)
			fr.li = ps_tls_layer_reset(p, (unsigned)next);
		ps_tls_stream_sync(&st, &b);
		uint32_t n = p->caplen - off, cut = n * param / 8;
		ps_tls_stream_feed(&st, &b, &fr, p->data + off, cut);
		ps_tls_stream_feed(&st, &b, &fr, p->data + off + cut, n - cut);
		ps_tls_stream_free(&st, &b);
		if (b.used)
			fail("tls stream", "buffer not released");
		return;
	}
}

/* The stream pass on a copy of the record, then every check on the copy:
 * the record itself goes on to the other checks as the driver left it. */
static void stream_check(const struct ps_packet *p, unsigned param)
{
	static struct ps_packet copy;
	copy = *p;
	stream_pass(&copy, param);
	check_record(&copy);
	check_emit(&copy);
	check_json(&copy);
	check_text(&copy);
}

/* The whole text and JSON renderers once: time stamp formats, the -x / -X dump. */
static void render_full(const struct ps_packet *p, unsigned param)
{
	struct ps_out o;
	struct ps_render_opts opts = {
		.text = {.verbose = (int)(param % 3), .link = (param & 4) != 0},
		.time_fmt = (enum ps_time_fmt)(param % 3),
		/* the dump is simple and costs most of the time on big frames */
		.hex = p->caplen <= 512 ? (int)((param + 1) % 3) : 0,
	};
	struct ps_renderer r = {.ops = &ps_render_text, .out = &o, .opts = &opts};
	ps_out_open_mem(&o, line_buf, sizeof line_buf);
	r.ops->packet(&r, p);
	r.ops = &ps_render_json;
	ps_out_reset(&o);
	r.ops->packet(&r, p);
}

static void check_all(const struct ps_packet *p)
{
	check_record(p);
	check_emit(p);
	check_json(p);
	check_text(p);
	if (p->frame_view) {
		check_record(p->frame_view);
		check_text(p->frame_view);
	}
}

/* An IPv4 first fragment (MF set, payload a multiple of 8, all captured)
 * and a copy of it as the last fragment: the pair completes a datagram. */
static void check_defrag(struct ps_packet *p, uint8_t *frame)
{
	int li = ps_packet_find(p, PS_P_IPV4);
	if (li < 0)
		return;
	const struct ps_layer *l = &p->layers[li];
	const struct ps_ipv4 *ip = &l->u.ipv4;
	if (!ip->mf || ip->frag_off || l->truncated || ip->len <= ip->hl ||
	    (ip->len - ip->hl) % 8 || (uint64_t)l->off + ip->len > p->caplen)
		return;
	uint32_t at = l->off, units = (uint32_t)(ip->len - ip->hl) / 8;
	char err[128];
	struct ps_defrag_feed *f = ps_defrag_feed_new(0, err, sizeof err);
	if (!f)
		return;
	ps_defrag_feed(f, p);
	check_all(p);
	frame[at + 6] = (uint8_t)((frame[at + 6] & 0x40) | (units >> 8));
	frame[at + 7] = (uint8_t)units;
	p->n = 2;
	p->data = frame;
	ps_dissect(p);
	if (ps_defrag_feed(f, p) && !p->defrag.on)
		fail("reassembled without a note", 0);
	check_all(p);
	ps_defrag_feed_free(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool init;
	if (!init) {
		const char *v = getenv("PS_FUZZ_NO_SPANS");
		check_spans = !(v && *v == '1');
		init = true;
	}
	if (size < 1 || size - 1 > UINT32_MAX)
		return 0;
	unsigned sel = data[0], param = sel >> 5;
	uint32_t caplen = (uint32_t)(size - 1);
	/* exact size, even 0 bytes: ASan guards the end */
	uint8_t *frame = malloc(caplen);
	if (!frame && caplen)
		return 0;
	if (caplen)
		memcpy(frame, data + 1, caplen);

	memset(&pkt, 0, sizeof pkt);
	pkt.n = 1;
	pkt.ts_sec = 1700000000 + (int64_t)param * 86399;
	pkt.ts_nano = (param & 1) != 0;
	pkt.ts_frac = pkt.ts_nano ? 999999999u : 999999u;
	pkt.caplen = caplen;
	pkt.len = pick_len(caplen, (sel >> 3) & 3, param);
	pkt.linktype = links[sel & 7].dlt;
	pkt.linktype_name = links[sel & 7].name;
	pkt.iface = (param & 2) ? "fuzz0" : 0;
	pkt.direction = (int8_t)((int)(param % 3) - 1);
	pkt.data = frame;
	ps_dissect(&pkt);

	check_record(&pkt);
	check_emit(&pkt);
	stream_check(&pkt, param);
	check_json(&pkt);
	check_text(&pkt);
	render_full(&pkt, param);
	check_defrag(&pkt, frame);
	free(frame);
	return 0;
}
