/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_http.c - HTTP/1.x request and status lines and header fields (RFC 9112).
 *
 *   request:   method SP request-target SP HTTP-version CRLF
 *   response:  HTTP-version SP status-code SP [ reason-phrase ] CRLF
 *   then       *( field-name ":" OWS field-value OWS CRLF )  CRLF  [ body ]
 *
 * Lines end in CRLF or a bare LF (RFC 9112 2.2 allows recipients to accept
 * it).  Header lines without a colon are skipped, as tshark does; values
 * lose the spaces and tabs around them.
 *
 * Per segment, the segment is read from its first byte: a header block
 * that continues in the next segment yields the lines that ended in this
 * one, without an event.  With flow tracking, dis_http_stream.c joins the
 * block over segments and decodes it here from a side-area copy
 * (ps_http_decode_side).  The body is left as payload.
 */
#include <string.h>
#include <strings.h>

#include "dis_common.h"
#include "dis_http_int.h"
#include "dis_http_stream.h"

#define HTTP_MAX_HDRS 128u

/* with their lengths, so the probe (run on every segment of port 80/8080
 * and, as a heuristic, of every TCP port) costs no strlen */
#define M(s) {s, sizeof s - 1}
static const struct {
	const char *s;
	uint32_t len;
} methods[] = {
	M("GET"),	 M("POST"),	M("HEAD"),	  M("PUT"),	   M("DELETE"),	 M("OPTIONS"),
	M("CONNECT"),	 M("TRACE"),	M("PATCH"),	  M("PROPFIND"),   M("PROPPATCH"), M("MKCOL"),
	M("COPY"),	 M("MOVE"),	M("LOCK"),	  M("UNLOCK"),	   M("SEARCH"),	 M("REPORT"),
	M("NOTIFY"),	 M("SUBSCRIBE"), M("UNSUBSCRIBE"), M("MKACTIVITY"), M("CHECKOUT"), M("MERGE"),
};
#undef M

static bool has_prefix(const uint8_t *b, uint32_t n, const char *s, uint32_t sl)
{
	return n >= sl && !memcmp(b, s, sl);
}

/* A known method followed by a space at the start of `b`?  Every method
 * starts with an upper-case letter: most payloads (bodies, encrypted
 * records) fail that first test. */
static bool starts_with_method(const uint8_t *b, uint32_t n)
{
	if (!n || b[0] < 'C' || b[0] > 'U')
		return false;
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
		uint32_t ml = methods[i].len;
		if (n > ml && b[0] == (uint8_t)methods[i].s[0] && b[ml] == ' ' &&
		    !memcmp(b, methods[i].s, ml))
			return true;
	}
	return false;
}

static bool starts_with_version(const uint8_t *b, uint32_t n)
{
	return has_prefix(b, n, "HTTP/1.", 7);
}

bool ps_http_start_prefix(const uint8_t *b, uint32_t n)
{
	if (!n)
		return false;
	if (!memcmp(b, "HTTP/1.", n < 7 ? n : 7))
		return true;
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
		uint32_t ml = methods[i].len;
		if (n <= ml ? !memcmp(b, methods[i].s, n) : !memcmp(b, methods[i].s, ml) && b[ml] == ' ')
			return true;
	}
	return false;
}

/* Port 80/8080: the payload starts a request or a response. */
static bool http_probe(const struct ps_dctx *d, const struct ps_cursor *c)
{
	(void)d;
	uint32_t n = ps_cur_remaining(c);
	const uint8_t *b = c->frame + c->pos;
	return starts_with_version(b, n) || starts_with_method(b, n); /* the cheaper test first */
}

/* Any other port: the same, and the first line is a whole request line
 * ending in " HTTP/1.x" or a status line "HTTP/1.x ddd". */
static bool http_probe_heur(const struct ps_dctx *d, const struct ps_cursor *c)
{
	uint32_t n = ps_cur_remaining(c);
	const uint8_t *b = c->frame + c->pos;
	if (!http_probe(d, c))
		return false;
	if (starts_with_version(b, n))
		return n >= 12 && b[8] == ' ' && b[9] >= '0' && b[9] <= '9' && b[10] >= '0' &&
		       b[10] <= '9' && b[11] >= '0' && b[11] <= '9';
	const uint8_t *lf = memchr(b, '\n', n);
	if (!lf)
		return false;
	uint32_t len = (uint32_t)(lf - b);
	if (len && b[len - 1] == '\r')
		len--;
	return len >= 9 && !memcmp(b + len - 9, " HTTP/1.", 8);
}

/* The next line of `c`: its length without the CRLF/LF; false (cursor
 * unmoved) when the line does not end before the cursor does. */
static bool next_line(struct ps_cursor *c, uint32_t *off, uint32_t *len)
{
	uint32_t n = ps_cur_remaining(c);
	const uint8_t *b = c->frame + c->pos;
	const uint8_t *lf = memchr(b, '\n', n);
	if (!lf)
		return false;
	uint32_t l = (uint32_t)(lf - b);
	*off = c->pos;
	*len = l && b[l - 1] == '\r' ? l - 1 : l;
	ps_cur_skip(c, l + 1);
	return true;
}

static struct ps_http_str str_at(uint32_t off, uint32_t len)
{
	return (struct ps_http_str){off, (uint16_t)(len > 0xffffu ? 0xffffu : len)};
}

static void parse_request(struct ps_dctx *d, const uint8_t *f, uint32_t off, uint32_t len,
			  struct ps_http *h)
{
	const uint8_t *b = f + off;
	const uint8_t *sp1 = memchr(b, ' ', len);
	if (!sp1) { /* not after the probes, which saw "METHOD " */
		ps_dis_event(d, PS_EV_HTTP_START_LINE_INVALID);
		return;
	}
	uint32_t m = (uint32_t)(sp1 - b);
	h->part[0] = str_at(off, m);
	uint32_t rest = len - m - 1, at = m + 1;
	uint32_t last = rest;
	while (last && b[at + last - 1] != ' ')
		last--;
	if (!last || rest - last < 6 || memcmp(b + at + last, "HTTP/", 5)) {
		/* no version: HTTP/0.9 style or garbage */
		if (rest)
			h->part[1] = str_at(off + at, rest);
		ps_dis_event(d, PS_EV_HTTP_START_LINE_INVALID);
		return;
	}
	if (last > 1)
		h->part[1] = str_at(off + at, last - 1);
	h->part[2] = str_at(off + at + last, rest - last);
	if (last <= 1)
		ps_dis_event(d, PS_EV_HTTP_START_LINE_INVALID);
}

static void parse_status(struct ps_dctx *d, const uint8_t *f, uint32_t off, uint32_t len,
			 struct ps_http *h)
{
	const uint8_t *b = f + off;
	const uint8_t *sp = memchr(b, ' ', len);
	uint32_t v = sp ? (uint32_t)(sp - b) : len;
	h->part[0] = str_at(off, v);
	uint32_t rest = v < len ? len - v - 1 : 0;
	const uint8_t *code = rest ? b + v + 1 : b;
	bool ok = rest >= 3 && code[0] >= '0' && code[0] <= '9' && code[1] >= '0' &&
		  code[1] <= '9' && code[2] >= '0' && code[2] <= '9' && (rest == 3 || code[3] == ' ');
	if (!ok) {
		ps_dis_event(d, PS_EV_HTTP_START_LINE_INVALID);
		return;
	}
	h->has_status = true;
	h->status = (uint16_t)((code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0'));
	h->part[1] = str_at(off + v + 1, 3);
	h->part[2] = rest > 4 ? str_at(off + v + 5, rest - 4) : str_at(off + v + 1 + rest, 0);
}

/* decode a Content-Length value: digits only, below 2^63 */
static bool parse_clen(const uint8_t *b, uint32_t n, uint64_t *v)
{
	uint64_t x = 0;
	if (!n)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		if (b[i] < '0' || b[i] > '9' || x > (UINT64_C(1) << 63) / 10)
			return false;
		x = x * 10 + (uint64_t)(b[i] - '0');
	}
	*v = x;
	return x < (UINT64_C(1) << 63);
}

static bool is_ows(uint8_t ch) { return ch == ' ' || ch == '\t'; }

/* one header line into *hd; false for a line without a colon */
static bool parse_header(const uint8_t *f, uint32_t off, uint32_t len, struct ps_http_hdr *hd)
{
	const uint8_t *b = f + off;
	const uint8_t *colon = memchr(b, ':', len);
	if (!colon)
		return false;
	uint32_t nl = (uint32_t)(colon - b), vs = nl + 1, ve = len;
	while (vs < ve && is_ows(b[vs]))
		vs++;
	while (ve > vs && is_ows(b[ve - 1]))
		ve--;
	hd->name = str_at(off, nl);
	hd->value = str_at(off + vs, ve - vs);
	return true;
}

/* The header lines after the start line, in one pass: the ended ones with
 * a colon go to a local list (up to HTTP_MAX_HDRS, the rest only counted),
 * then to the side area in one piece, then Content-Length is read. */
static void parse_headers(struct ps_dctx *d, struct ps_cursor *c, struct ps_http *h)
{
	struct ps_http_hdr found[HTTP_MAX_HDRS], spare;
	uint32_t off, len, n = 0;
	bool end = false;
	while (next_line(c, &off, &len)) {
		if (!len) {
			end = true;
			break;
		}
		n += parse_header(c->frame, off, len, n < HTTP_MAX_HDRS ? &found[n] : &spare);
	}
	h->hdrs_whole = end;
	if (n > HTTP_MAX_HDRS) {
		ps_dis_event(d, PS_EV_HTTP_HEADER_LIMIT);
		n = HTTP_MAX_HDRS;
	}
	struct ps_http_hdr *hd = n ? ps_dis_side_reserve(d, n * sizeof *hd, &h->hdrs_at) : 0;
	if (!hd)
		return;
	memcpy(hd, found, n * sizeof *hd);
	h->nhdrs = (uint16_t)n;
	for (uint32_t i = 0; i < n && !h->has_clen; i++) {
		const struct ps_http_hdr *x = &hd[i];
		if (x->name.len == 14 &&
		    !strncasecmp((const char *)c->frame + x->name.off, "Content-Length", 14)) {
			h->has_clen = parse_clen(c->frame + x->value.off, x->value.len, &h->clen);
			if (!h->has_clen)
				ps_dis_event(d, PS_EV_HTTP_CONTENT_LENGTH_INVALID);
		}
	}
}

static void http_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_http *h = &l->u.http;
	uint32_t avail = ps_cur_remaining(c), off, len;
	bool cut = d->claim_in != PS_CLAIM_UNKNOWN && d->claim_in > avail;

	h->kind = starts_with_version(c->frame + c->pos, avail) ? PS_HTTP_RESPONSE
								: PS_HTTP_REQUEST;
	if (!next_line(c, &off, &len)) {
		/* the start line goes on past the segment: nothing is whole */
		if (cut)
			ps_dis_event(d, PS_EV_HTTP_TRUNCATED);
		l->hdr_len = 0;
		return;
	}
	h->line_whole = true;
	if (h->kind == PS_HTTP_REQUEST)
		parse_request(d, c->frame, off, len, h);
	else
		parse_status(d, c->frame, off, len, h);
	parse_headers(d, c, h);
	if (!h->hdrs_whole && cut)
		ps_dis_event(d, PS_EV_HTTP_TRUNCATED);
	l->hdr_len = c->pos - l->off;
}

void ps_http_decode_side(struct ps_dctx *d, struct ps_layer *l, uint16_t at, uint32_t n)
{
	uint32_t off = l->off, len = l->hdr_len;
	struct ps_cursor c = {.frame = d->p->side, .pos = at, .end = at + n};
	d->claim_in = PS_CLAIM_UNKNOWN; /* the block is whole: no truncation */
	l->off = at;
	http_decode(d, &c, l);
	l->u.http.side = true;
	l->off = off; /* the layer's span stays this frame's payload */
	l->hdr_len = len;
}

static bool http_has_object(const struct ps_packet *p, unsigned li)
{
	return !p->layers[li].u.http.hidden;
}

const struct ps_dissector ps_dis_http = {
	.name = "http",
	.label = "HTTP",
	.ev_truncated = PS_EV_HTTP_TRUNCATED,
	.proto = PS_P_HTTP,
	.flags = PS_DIS_OWN_TRUNC,
	.decode = http_decode,
	.probe = http_probe,
	.summary = ps_http_summary,
	.fields = ps_http_fields,
	.has_object = http_has_object,
};

/* the same decoder behind the stricter probe, for the TCP heuristic list */
const struct ps_dissector ps_dis_http_heur = {
	.name = "http",
	.label = "HTTP",
	.ev_truncated = PS_EV_HTTP_TRUNCATED,
	.proto = PS_P_HTTP,
	.flags = PS_DIS_OWN_TRUNC,
	.decode = http_decode,
	.probe = http_probe_heur,
	.summary = ps_http_summary,
	.fields = ps_http_fields,
	.has_object = http_has_object,
};
