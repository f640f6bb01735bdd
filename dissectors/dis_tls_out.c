/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_tls_out.c - the TLS layer's fields (SCHEMA.md "tls") and its text.
 *
 * tcpdump has no TLS printer, so the text is our own compact form
 * (docs/text-format.md): after the TCP part, ": TLS " and one item per
 * record, in order, consecutive repeats as "xN":
 *   ClientHello sni=example.com alpn=h2,http/1.1 ja4=t13d1516h2_8daaf6152771_e5627efa2ab1
 *   ServerHello TLS1.3 cipher=0x1301 alpn=h2
 *   Certificate, ServerHelloDone, ChangeCipherSpec, Alert fatal 40,
 *   EncryptedHandshake, EncryptedAlert, ApplicationData x3, Heartbeat,
 *   Handshake (a message that ends in a later segment: named there once
 *   reassembly joins them)
 * -v adds ja3= to a ClientHello and ja3s= to a ServerHello.
 */
#include "dis_tls_int.h"

/* big enough for any ja3 string the side area can hold (4096 values) */
#define JA3_BUF 32768u

/* The TUI's span of n bytes at offset `at` of hello h's body (at 0 with
 * `at0` false: not located, no span): frame bytes, or the stream's for a
 * hello rebuilt from segments (not this frame's alone). */
static void hspan(struct ps_emit *e, const struct ps_tls_hello *h, uint32_t at, uint32_t n,
		  bool at0)
{
	if (!at && !at0)
		return;
	if (!(h->have & PS_TLS_HELLO_SIDESTR))
		ps_emit_span(e, h->off + at, n);
	else if (h->fbody != PS_TLS_FBODY_NONE) /* read from the stream, all in this frame */
		ps_emit_span(e, h->fbody + at, n);
	else if (h->body != PS_TLS_BODY_NONE)
		ps_emit_span_stream(e, h->body + (int32_t)at, n);
}

/* A list of 2-byte items, the first at body offset `at` (0: not located);
 * step 0: the items' places are the side list `pos` (extensions). */
static void emit_u16_list(struct ps_emit *e, const char *key, const struct ps_packet *p,
			  const struct ps_tls_hello *h, struct ps_tls_list l, uint32_t at,
			  uint16_t pos)
{
	const uint16_t *v = ps_tls_u16s(p, l);
	if (!v)
		return;
	const uint16_t *where = pos != PS_SIDE_NONE ? ps_side_get(p, pos) : 0;
	e->ops->begin_arr(e, key);
	for (uint16_t i = 0; i < l.n; i++) {
		hspan(e, h, where ? where[i] : at ? at + 2u * i : 0, 2, false);
		PS_EMIT_U64(e, 0, v[i]);
	}
	e->ops->end_arr(e);
}

/* A string at body offset `at` (0: not located). */
static void emit_str(struct ps_emit *e, const char *key, const struct ps_packet *p,
		     const struct ps_tls_hello *h, struct ps_tls_str s, uint32_t at)
{
	uint32_t n;
	const uint8_t *base = ps_tls_str_base(p, h, &n);
	if (s.off > n || s.len > n - s.off)
		return;
	hspan(e, h, at, s.len, false);
	e->ops->strn(e, key, (const char *)base + s.off, s.len);
}

static void emit_ja3(struct ps_emit *e, const struct ps_packet *p, const struct ps_tls_hello *h,
		     bool client)
{
	char full[JA3_BUF];
	char hex[33];
	bool ok = client ? ps_tls_ja3_full(p, h, full, sizeof full)
			 : ps_tls_ja3s_full(p, h, full, sizeof full);
	if (!ok)
		return;
	ps_tls_ja3_hash(full, hex);
	PS_EMIT_STR(e, client ? "ja3" : "ja3s", hex);
	PS_EMIT_STR(e, client ? "ja3_full" : "ja3s_full", full);
}

static void emit_client_hello(struct ps_emit *e, const struct ps_packet *p,
			      const struct ps_tls_hello *h)
{
	char ja4[37];
	if (!(h->have & PS_TLS_HELLO_VER))
		return; /* nothing whole: no object */
	e->ops->begin_obj(e, "client_hello");
	ps_emit_span(e, h->off, h->len);
	hspan(e, h, 0, 2, true);
	PS_EMIT_U64(e, "version", h->version);
	emit_u16_list(e, "ciphers", p, h, h->ciphers, h->p_ciphers, PS_SIDE_NONE);
	emit_u16_list(e, "extensions", p, h, h->exts, 0, h->ext_pos);
	if (h->have & PS_TLS_HELLO_SNAME)
		emit_str(e, "sni", p, h, h->sni, h->p_sni);
	if (h->alpn.n) {
		const struct ps_tls_str *s = ps_side_get(p, h->alpn.at);
		uint32_t at = h->p_alpn; /* each name after its length byte */
		e->ops->begin_arr(e, "alpn");
		for (uint16_t i = 0; i < h->alpn.n; i++) {
			emit_str(e, 0, p, h, s[i], at ? at + 1 : 0);
			at = at ? at + 1u + s[i].len : 0;
		}
		e->ops->end_arr(e);
	}
	ps_emit_span(e, h->off, h->len);
	emit_u16_list(e, "supported_versions", p, h, h->versions, h->p_versions, PS_SIDE_NONE);
	emit_u16_list(e, "groups", p, h, h->groups, h->p_groups, PS_SIDE_NONE);
	emit_u16_list(e, "sig_algs", p, h, h->sigalgs, h->p_sigalgs, PS_SIDE_NONE);
	emit_ja3(e, p, h, true);
	uint32_t blen;
	const uint8_t *base = ps_tls_str_base(p, h, &blen);
	if (ps_tls_ja4(p, h, base, blen, 't', ja4))
		PS_EMIT_STR(e, "ja4", ja4);
	e->ops->end_obj(e);
}

static void emit_server_hello(struct ps_emit *e, const struct ps_packet *p,
			      const struct ps_tls_hello *h)
{
	if (!(h->have & PS_TLS_HELLO_VER))
		return; /* nothing whole: no object */
	e->ops->begin_obj(e, "server_hello");
	ps_emit_span(e, h->off, h->len);
	hspan(e, h, 0, 2, true);
	PS_EMIT_U64(e, "version", h->version);
	if (h->have & PS_TLS_HELLO_BODY) {
		hspan(e, h, h->p_cipher, 2, false);
		PS_EMIT_U64(e, "cipher", h->cipher);
	}
	emit_u16_list(e, "extensions", p, h, h->exts, 0, h->ext_pos);
	if ((h->have & PS_TLS_HELLO_SV) && h->selected_version) {
		hspan(e, h, h->p_sv, 2, false);
		PS_EMIT_U64(e, "supported_version", h->selected_version);
	}
	if (h->alpn.n)
		emit_str(e, "alpn", p, h, *(const struct ps_tls_str *)ps_side_get(p, h->alpn.at),
			 h->p_alpn ? h->p_alpn + 1u : 0);
	ps_emit_span(e, h->off, h->len);
	emit_ja3(e, p, h, false);
	e->ops->end_obj(e);
}

void ps_tls_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_tls *t = &p->layers[li].u.tls;
	const struct ps_tls_record *r = ps_tls_records(p, t);

	if (r) {
		e->ops->begin_arr(e, "records");
		for (unsigned i = 0; i < t->nrecords; i++) {
			ps_emit_span_clip(e, r[i].off, TLS_REC_HDR + r[i].len, p->caplen);
			e->ops->begin_obj(e, 0);
			PS_EMIT_U64(e, "type", r[i].type);
			PS_EMIT_U64(e, "version", r[i].version);
			PS_EMIT_U64(e, "len", r[i].len);
			e->ops->end_obj(e);
		}
		e->ops->end_arr(e);
	}
	const uint8_t *hs = ps_tls_hs_types(p, t);
	if (hs) {
		e->ops->begin_arr(e, "handshake_types");
		for (unsigned i = 0; i < t->nhs; i++)
			PS_EMIT_U64(e, 0, hs[i]);
		e->ops->end_arr(e);
	}
	if (t->has_ch)
		emit_client_hello(e, p, ps_tls_client_hello(p, t));
	if (t->has_sh)
		emit_server_hello(e, p, ps_tls_server_hello(p, t));
	if (t->has_alert) {
		e->ops->begin_obj(e, "alert");
		ps_emit_span_clip(e, t->alert_off, 2, p->caplen);
		PS_EMIT_U64(e, "level", t->alert_level);
		PS_EMIT_U64(e, "desc", t->alert_desc);
		e->ops->end_obj(e);
	}
}

/* ---- text ---- */

static const struct ps_tok hs_names[] = {
	{0, "HelloRequest"},	   {1, "ClientHello"},	       {2, "ServerHello"},
	{3, "HelloVerifyRequest"}, {4, "NewSessionTicket"},    {5, "EndOfEarlyData"},
	{8, "EncryptedExtensions"}, {11, "Certificate"},	{12, "ServerKeyExchange"},
	{13, "CertificateRequest"}, {14, "ServerHelloDone"},   {15, "CertificateVerify"},
	{16, "ClientKeyExchange"}, {20, "Finished"},	       {21, "CertificateURL"},
	{22, "CertificateStatus"}, {23, "SupplementalData"},   {24, "KeyUpdate"},
	{25, "CompressedCertificate"}, {254, "MessageHash"},
};

static const struct ps_tok version_names[] = {
	{0x0300, "SSL3.0"}, {0x0301, "TLS1.0"}, {0x0302, "TLS1.1"},
	{0x0303, "TLS1.2"}, {0x0304, "TLS1.3"},
};

/* wire bytes for a terminal: printable ASCII as is, others as \xNN */
static void out_safe(struct ps_out *o, const struct ps_packet *p, const struct ps_tls_hello *h,
		     struct ps_tls_str s)
{
	uint32_t n;
	const uint8_t *base = ps_tls_str_base(p, h, &n);
	if (s.off > n || s.len > n - s.off)
		return;
	for (uint32_t i = 0; i < s.len; i++) {
		uint8_t ch = base[s.off + i];
		if (ch >= 0x20 && ch < 0x7f && ch != '\\') {
			ps_out_char(o, (char)ch);
		} else {
			PS_OUT_LIT(o, "\\x");
			ps_out_hex(o, ch, 2);
		}
	}
}

static void out_client_hello(struct ps_out *o, const struct ps_packet *p,
			     const struct ps_tls_hello *h, int verbose)
{
	char ja4[37];
	if (h->have & PS_TLS_HELLO_SNAME) {
		PS_OUT_LIT(o, " sni=");
		out_safe(o, p, h, h->sni);
	}
	if (h->alpn.n) {
		const struct ps_tls_str *s = ps_side_get(p, h->alpn.at);
		PS_OUT_LIT(o, " alpn=");
		for (uint16_t i = 0; i < h->alpn.n; i++) {
			if (i)
				ps_out_char(o, ',');
			out_safe(o, p, h, s[i]);
		}
	}
	uint32_t blen;
	const uint8_t *base = ps_tls_str_base(p, h, &blen);
	if (ps_tls_ja4(p, h, base, blen, 't', ja4)) {
		PS_OUT_LIT(o, " ja4=");
		ps_out_str(o, ja4);
	}
	if (verbose) {
		char full[JA3_BUF];
		char hex[33];
		if (ps_tls_ja3_full(p, h, full, sizeof full)) {
			ps_tls_ja3_hash(full, hex);
			PS_OUT_LIT(o, " ja3=");
			ps_out_str(o, hex);
		}
	}
}

static void out_server_hello(struct ps_out *o, const struct ps_packet *p,
			     const struct ps_tls_hello *h, int verbose)
{
	if (!(h->have & PS_TLS_HELLO_BODY))
		return;
	uint16_t v = h->selected_version ? h->selected_version : h->version;
	const char *name = PS_TOK_NAME(version_names, v);
	if (name) {
		ps_out_char(o, ' ');
		ps_out_str(o, name);
	}
	PS_OUT_LIT(o, " cipher=0x");
	ps_out_hex(o, h->cipher, 4);
	if (h->alpn.n) {
		PS_OUT_LIT(o, " alpn=");
		out_safe(o, p, h, *(const struct ps_tls_str *)ps_side_get(p, h->alpn.at));
	}
	if (verbose) {
		char full[JA3_BUF];
		char hex[33];
		if (ps_tls_ja3s_full(p, h, full, sizeof full)) {
			ps_tls_ja3_hash(full, hex);
			PS_OUT_LIT(o, " ja3s=");
			ps_out_str(o, hex);
		}
	}
}

/* One item of the list, collapsing repeats of the previous one. */
struct items {
	struct ps_out *o;
	const char *last;
	unsigned reps;
	bool any;
	bool ch_done, sh_done; /* the decoded hellos are the first of each */
};

static void flush_reps(struct items *it)
{
	if (it->reps > 1)
		ps_dis_out_num(it->o, " x", it->reps);
	it->reps = 0;
}

static bool item(struct items *it, const char *name, bool collapse)
{
	if (collapse && it->last == name) {
		it->reps++;
		return false;
	}
	flush_reps(it);
	if (it->any)
		PS_OUT_LIT(it->o, ",");
	ps_out_char(it->o, ' ');
	ps_out_str(it->o, name);
	it->any = true;
	it->last = collapse ? name : 0;
	it->reps = 1;
	return true;
}

static void out_handshakes(struct items *it, const struct ps_packet *p, const struct ps_tls *t,
			   const uint8_t *hs, unsigned *k, unsigned n, int verbose)
{
	for (unsigned j = 0; j < n && *k < t->nhs; j++, (*k)++) {
		const char *name = PS_TOK_NAME(hs_names, hs[*k]);
		item(it, name ? name : "Handshake", false);
		if (hs[*k] == TLS_HS_CLIENT_HELLO && t->has_ch && !it->ch_done) {
			out_client_hello(it->o, p, ps_tls_client_hello(p, t), verbose);
			it->ch_done = true;
		} else if (hs[*k] == TLS_HS_SERVER_HELLO && t->has_sh && !it->sh_done) {
			out_server_hello(it->o, p, ps_tls_server_hello(p, t), verbose);
			it->sh_done = true;
		}
	}
}

void ps_tls_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *topt,
		    struct ps_out *o)
{
	const struct ps_tls *t = &p->layers[li].u.tls;
	const struct ps_tls_record *r = ps_tls_records(p, t);
	const uint8_t *hs = ps_tls_hs_types(p, t);
	struct items it = {.o = o};
	unsigned k = 0;
	bool alert_done = false;

	if (!t->nrecords)
		return; /* a layer the stream decoder emptied: the bytes end no record */
	PS_OUT_LIT(o, ": TLS");
	for (unsigned i = 0; i < t->nrecords; i++) {
		switch (r[i].type) {
		case TLS_CT_HANDSHAKE:
			if (r[i].nhs)
				out_handshakes(&it, p, t, hs, &k, r[i].nhs, topt->verbose);
			else /* encrypted, or a message that ends in a later segment */
				item(&it, r[i].enc ? "EncryptedHandshake" : "Handshake", true);
			break;
		case TLS_CT_CCS:
			item(&it, "ChangeCipherSpec", true);
			break;
		case TLS_CT_ALERT:
			if (t->has_alert && !alert_done && t->alert_rec == i) {
				item(&it, "Alert", false);
				ps_out_str(o, t->alert_level == 2 ? " fatal " : " warning ");
				ps_out_u64(o, t->alert_desc);
				alert_done = true;
			} else {
				/* a later clear alert is named only; the first is decoded */
				bool clear = !r[i].enc && r[i].len == 2;
				item(&it, clear ? "Alert" : "EncryptedAlert", true);
			}
			break;
		case TLS_CT_DATA:
			item(&it, "ApplicationData", true);
			break;
		default:
			item(&it, "Heartbeat", true);
			break;
		}
	}
	flush_reps(&it);
}
