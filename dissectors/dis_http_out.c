/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_http_out.c - the HTTP layer's fields (SCHEMA.md "http") and its text.
 *
 * Text as tcpdump's print-http.c / txtproto_print() at each -v level
 * (our own code, same output): after the TCP part, ": HTTP", then
 *   default  ": " and the first line, when it is printable ASCII (tabs
 *            allowed) and ends in the packet (or runs to its end);
 *   -v       ", length: N" and every line up to the first that is not
 *            printable text, each after "\n\t"; nothing for a reset (RST)
 *            segment, whose data tcpdump -v prints as TCP's.
 * tcpdump prints HTTP on ports 80 and 8080 only; we print it wherever the
 * HTTP dissector ran (also the heuristic on other ports).  Body segments
 * (no request or status line) are not HTTP layers here (no JSON object),
 * but their text is tcpdump's bare ": HTTP": TCP's summary asks
 * ps_http_out_port_payload() for it.
 */
#include <string.h>
#include <strings.h>

#include "dis_http_int.h"
#include "dis_tcp.h"

/* the named header fields of SCHEMA.md, first occurrence */
static const struct {
	const char *key;
	const char *name;
} named[] = {
	{"host", "Host"},	      {"user_agent", "User-Agent"},
	{"content_type", "Content-Type"}, {"server", "Server"},
	{"location", "Location"},     {"referer", "Referer"},
};

/* spans of a block joined from several segments are its copy's in the side area */
static void span(struct ps_emit *e, const struct ps_http *h, uint32_t off, uint32_t len)
{
	if (h->side)
		ps_emit_span_side(e, off, len);
	else
		ps_emit_span(e, off, len);
}

static void emit_str(struct ps_emit *e, const struct ps_packet *p, const struct ps_http *h,
		     const char *key, struct ps_http_str s)
{
	span(e, h, s.off, s.len);
	e->ops->strn(e, key, (const char *)ps_http_base(p, h) + s.off, s.len);
}

static const struct ps_http_hdr *find(const struct ps_packet *p, const struct ps_http *h,
				      const char *name)
{
	const struct ps_http_hdr *hd = ps_http_hdrs(p, h);
	size_t n = strlen(name);
	for (unsigned i = 0; i < h->nhdrs; i++)
		if (hd[i].name.len == n &&
		    !strncasecmp((const char *)ps_http_base(p, h) + hd[i].name.off, name, n))
			return &hd[i];
	return 0;
}

static void emit_start_line(struct ps_emit *e, const struct ps_packet *p, const struct ps_http *h)
{
	if (h->kind == PS_HTTP_REQUEST) {
		static const char *const keys[] = {"method", "uri", "version"};
		for (unsigned i = 0; i < 3; i++)
			if (h->part[i].len)
				emit_str(e, p, h, keys[i], h->part[i]);
		return;
	}
	if (h->part[0].len)
		emit_str(e, p, h, "version", h->part[0]);
	if (!h->has_status)
		return;
	span(e, h, h->part[1].off, 3);
	PS_EMIT_U64(e, "status", h->status);
	emit_str(e, p, h, "reason", h->part[2]);
}

void ps_http_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_http *h = &p->layers[li].u.http;
	const struct ps_http_hdr *hd = ps_http_hdrs(p, h);

	if (!h->line_whole || h->hidden)
		return;
	emit_start_line(e, p, h);
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
		const struct ps_http_hdr *x = find(p, h, named[i].name);
		if (x)
			emit_str(e, p, h, named[i].key, x->value);
	}
	if (h->has_clen) {
		const struct ps_http_hdr *x = find(p, h, "Content-Length");
		if (x)
			span(e, h, x->value.off, x->value.len);
		PS_EMIT_U64(e, "content_length", h->clen);
	}
	if (!hd)
		return;
	e->ops->begin_arr(e, "headers");
	for (unsigned i = 0; i < h->nhdrs; i++) {
		e->ops->begin_arr(e, 0);
		emit_str(e, p, h, 0, hd[i].name);
		emit_str(e, p, h, 0, hd[i].value);
		e->ops->end_arr(e);
	}
	e->ops->end_arr(e);
}

#define TXT_TRUNC UINT32_MAX

/* tcpdump's print_txt_line() (4.99): the line at `idx` of the `len`-byte
 * payload `b` (`cap` of them captured) after `prefix`, if it is printable
 * text (tabs allowed) ending in LF or CRLF.  Returns the index after its
 * end; 0 to stop quietly (binary data, a CR without LF, a CR ending the
 * payload); TXT_TRUNC when it ran into the end: the capture's (nothing
 * printed, tcpdump's bounds check fires) or the payload's (the line printed
 * as it is).  Both end in " [|http]". */
static uint32_t txt_line(struct ps_out *o, const char *prefix, const uint8_t *b, uint32_t idx,
			 uint32_t len, uint32_t cap)
{
	uint32_t start = idx;
	for (; idx < len; idx++) {
		if (idx >= cap)
			return TXT_TRUNC;
		uint8_t ch = b[idx];
		uint32_t eol = 0;
		if (ch == '\n') {
			eol = 1;
		} else if (ch == '\r') {
			if (idx + 1 >= len)
				return 0;
			if (idx + 1 >= cap)
				return TXT_TRUNC;
			if (b[idx + 1] != '\n')
				return 0;
			eol = 2;
		} else if ((ch < 0x20 || ch >= 0x7f) && ch != '\t') {
			return 0;
		}
		if (eol) {
			ps_out_str(o, prefix);
			ps_out_mem(o, b + start, idx - start);
			return idx + eol;
		}
	}
	ps_out_str(o, prefix);
	ps_out_mem(o, b + start, idx - start);
	return TXT_TRUNC;
}

/* tcpdump prints the lines only when the first token is one of its
 * request methods (its list lacks PATCH) or the second a 3-digit code */
static bool tcpdump_prints_lines(const struct ps_packet *p, const struct ps_http *h)
{
	if (h->kind == PS_HTTP_RESPONSE)
		return h->has_status;
	return !(h->part[0].len == 5 && !memcmp(ps_http_base(p, h) + h->part[0].off, "PATCH", 5));
}

void ps_http_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
		     struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	uint32_t cap = ps_packet_bytes(p) - l->off, len = cap;
	if (li > 0 && p->layers[li - 1].proto == PS_P_TCP) {
		const struct ps_tcp *tcp = &p->layers[li - 1].u.tcp;
		if ((tcp->flags & TH_RST) && t->verbose)
			return; /* tcpdump -v prints a reset's data its own way (TCP's) */
		if (tcp->has_len)
			len = tcp->len;
	}
	if (cap > len)
		cap = len;
	const uint8_t *b = p->data + l->off;
	PS_OUT_LIT(o, ": HTTP");
	if (l->u.http.side)
		return; /* tcpdump reads the segment alone: a continuation */
	if (l->u.http.line_whole && !tcpdump_prints_lines(p, &l->u.http))
		return;
	uint32_t r;
	if (!t->verbose) {
		r = txt_line(o, ": ", b, 0, len, cap);
	} else {
		ps_dis_out_num(o, ", length: ", len);
		for (r = 0; r < len;) {
			r = txt_line(o, "\n\t", b, r, len, cap);
			if (r == 0 || r == TXT_TRUNC)
				break;
		}
	}
	if (r == TXT_TRUNC)
		PS_OUT_LIT(o, " [|http]");
}

void ps_http_out_port_payload(const struct ps_packet *p, unsigned tcp_li, int verbose,
			      struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[tcp_li];
	const struct ps_tcp *t = &l->u.tcp;
	if (!t->len) /* most segments: a bare ACK */
		return;
	bool http_port = t->sport == 80 || t->dport == 80 || t->sport == 8080 || t->dport == 8080;
	bool last = tcp_li + 1 >= p->nlayers || p->layers[tcp_li + 1].parent != l->parent;
	if (!http_port || !last || !t->has_len || !t->len || ((t->flags & TH_RST) && verbose) ||
	    l->nest == PS_NEST_QUOTE)
		return;
	/* tcpdump's port order: SSH (22) and DNS (53) come before HTTP */
	if (t->sport == 22 || t->dport == 22 || t->sport == 53 || t->dport == 53)
		return;
	PS_OUT_LIT(o, ": HTTP");
}
