/* SPDX-License-Identifier: BSD-2-Clause */
/* df_get_http.c - HTTP fields that are not one JSON value (DF_GET rows of
 * df_fields.def): http.request and http.response (the message kind),
 * http.request.full_uri (built from Host and the URI as Wireshark does)
 * and the headers Wireshark names without our JSON having a key for them
 * (http.cookie, http.accept_encoding: every occurrence).  All read from the
 * HTTP layer and its header list; a layer has values under the same rule
 * as its JSON object (ps_http_fields(): the start line ended, not a hidden
 * earlier segment of a message a later frame completes). */
#include <string.h>
#include <strings.h>

#include "df_get.h"
#include "dis_http.h"
#include "ps_dissect.h"

#define URI_BUF 8192 /* a full URI longer than this is left out */

#define FOR_HTTP(p, h)                                                                             \
	for (unsigned i_ = 0; i_ < df_nlayers(p); i_++)                                            \
		for (const struct ps_http *h = &(p)->layers[i_].u.http;                            \
		     h && (p)->layers[i_].proto == PS_P_HTTP && h->line_whole && !h->hidden; h = 0)

/* the bytes the layer's offsets index (dis_http_int.h's ps_http_base) */
static const char *base(const struct ps_packet *p, const struct ps_http *h)
{
	return (const char *)(h->side ? p->side : p->data);
}

static const struct ps_http_hdr *hdrs(const struct ps_packet *p, const struct ps_http *h)
{
	return h->nhdrs ? (const struct ps_http_hdr *)ps_side_get(p, h->hdrs_at) : 0;
}

static bool named(const struct ps_packet *p, const struct ps_http *h,
		  const struct ps_http_hdr *x, const char *name)
{
	size_t n = strlen(name);
	return x->name.len == n && !strncasecmp(base(p, h) + x->name.off, name, n);
}

static void kind(const struct ps_packet *p, unsigned k, struct df_vals *o)
{
	FOR_HTTP(p, h) {
		if (h->kind == k)
			df_put_u(o, DF_T_BOOL, 1);
	}
}

void df_get_http_request(const struct ps_packet *p, struct df_vals *o)
{
	kind(p, PS_HTTP_REQUEST, o);
}

void df_get_http_response(const struct ps_packet *p, struct df_vals *o)
{
	kind(p, PS_HTTP_RESPONSE, o);
}

/* every header named `name`, in order */
static void header(const struct ps_packet *p, const char *name, struct df_vals *o)
{
	FOR_HTTP(p, h) {
		const struct ps_http_hdr *hd = hdrs(p, h);
		for (unsigned k = 0; hd && k < h->nhdrs; k++)
			if (named(p, h, &hd[k], name))
				df_put_str(o, base(p, h) + hd[k].value.off, hd[k].value.len);
	}
}

void df_get_http_cookie(const struct ps_packet *p, struct df_vals *o)
{
	header(p, "Cookie", o);
}

void df_get_http_accept_encoding(const struct ps_packet *p, struct df_vals *o)
{
	header(p, "Accept-Encoding", o);
}

static bool prefix(const char *s, size_t n, const char *pre)
{
	size_t k = strlen(pre);
	return n >= k && !strncasecmp(s, pre, k);
}

/* Wireshark 4.0's http.request.full_uri: on a request with a URI and a Host
 * header (the first), the URI itself when it is absolute (http:// or
 * https://) or the request a CONNECT, else "http://" Host URI (https only
 * for HTTP inside TLS, which is not decrypted here). */
void df_get_http_full_uri(const struct ps_packet *p, struct df_vals *o)
{
	FOR_HTTP(p, h) {
		const struct ps_http_hdr *hd = hdrs(p, h);
		const struct ps_http_hdr *host = 0;
		for (unsigned k = 0; hd && k < h->nhdrs && !host; k++)
			if (named(p, h, &hd[k], "Host"))
				host = &hd[k];
		if (h->kind != PS_HTTP_REQUEST || !host || !h->part[1].len)
			continue;
		const char *b = base(p, h);
		const char *uri = b + h->part[1].off;
		size_t un = h->part[1].len;
		if (prefix(uri, un, "http://") || prefix(uri, un, "https://") ||
		    prefix(b + h->part[0].off, h->part[0].len, "CONNECT")) {
			df_put_str(o, uri, un);
			continue;
		}
		char buf[URI_BUF];
		size_t hn = host->value.len;
		if (7 + hn + un > sizeof buf)
			continue;
		memcpy(buf, "http://", 7);
		memcpy(buf + 7, b + host->value.off, hn);
		memcpy(buf + 7 + hn, uri, un);
		df_put_str(o, buf, 7 + hn + un);
	}
}
