/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_tls_hello.c - ClientHello and ServerHello bodies (RFC 8446 4.1.2,
 * 4.1.3; RFC 5246 7.4.1.2) and the extensions the schema lists.
 *
 *   ClientHello: legacy_version(2) random(32) session_id<0..32>
 *                cipher_suites<2..2^16-2> compression<1..2^8-1>
 *                extensions<8..2^16-1>            (absent in old clients)
 *   ServerHello: legacy_version(2) random(32) session_id<0..32>
 *                cipher_suite(2) compression(1) extensions<6..2^16-1>
 *   Extension:   type(2) length(2) body
 *
 * Extensions read: server_name (0, RFC 6066), supported_groups (10),
 * ec_point_formats (11), signature_algorithms (13), ALPN (16, RFC 7301),
 * supported_versions (43).  Lists go to the side area in wire order, GREASE
 * values kept.  The cursor is the message as far as this segment holds it;
 * `msg_len` is what the handshake header claims.  Running past msg_len is
 * a malformed hello; running past the segment is an incomplete one (the
 * rest comes with reassembly), or tls.truncated when the capture was cut.
 */
#include "dis_tls_int.h"

struct hello_ctx {
	struct ps_dctx *d;
	struct ps_cursor *c;
	uint32_t start;   /* frame offset of the message body */
	uint32_t msg_len; /* bytes the handshake header claims */
	bool cut;         /* the capture ended before the segment did */
	bool stop;        /* an event was raised or bytes ran out */
};

/* The cursor's offset from the body's first byte, for a position field
 * (0 when it does not fit: not located). */
static uint16_t rel(const struct hello_ctx *h, uint32_t pos)
{
	uint32_t r = pos - h->start;
	return r <= UINT16_MAX ? (uint16_t)r : 0;
}

/* Are n more bytes there?  Otherwise say why: past the message (malformed),
 * past the capture (truncated) or past the segment (no event). */
static bool need(struct hello_ctx *h, uint32_t n)
{
	if (ps_cur_has(h->c, n))
		return true;
	uint32_t used = h->c->pos - h->start;
	if (n > h->msg_len - used || used > h->msg_len)
		ps_dis_event(h->d, PS_EV_TLS_HELLO_MALFORMED);
	else if (h->cut)
		ps_dis_event(h->d, PS_EV_TLS_TRUNCATED);
	h->stop = true;
	return false;
}

/* n big-endian uint16 values from `c` into a new side-area list */
static bool read_u16s(struct ps_dctx *d, struct ps_cursor *c, uint32_t n, struct ps_tls_list *l)
{
	if (!n)
		return true;
	uint16_t *v = ps_dis_side_alloc(d, n * sizeof *v, &l->at);
	if (!v)
		return false;
	for (uint32_t i = 0; i < n; i++)
		v[i] = ps_cur_be16(c);
	l->n = (uint16_t)n;
	return true;
}

/* a length-prefixed uint16 list (prefix of `pfx` bytes) filling the extension */
static bool ext_u16_list(struct ps_dctx *d, struct ps_cursor *e, unsigned pfx,
			 struct ps_tls_list *l)
{
	uint32_t len = pfx == 1 ? ps_cur_u8(e) : ps_cur_be16(e);
	if (e->short_read || len != ps_cur_remaining(e) || (len & 1u))
		return false;
	read_u16s(d, e, len / 2, l); /* a full side area cuts the list (frame.side_limit) */
	return true;
}

static bool ext_sni(struct ps_cursor *e, struct ps_tls_hello *hh)
{
	uint32_t list = ps_cur_be16(e);
	if (e->short_read || list != ps_cur_remaining(e))
		return false;
	while (ps_cur_remaining(e)) {
		uint8_t type = ps_cur_u8(e);
		uint16_t len = ps_cur_be16(e);
		uint32_t off = e->pos;
		if (e->short_read || !ps_cur_skip(e, len))
			return false;
		if (type == 0 && !(hh->have & PS_TLS_HELLO_SNAME)) {
			hh->sni = (struct ps_tls_str){off, len};
			hh->have |= PS_TLS_HELLO_SNAME;
		}
	}
	return true;
}

static bool ext_alpn(struct ps_dctx *d, struct ps_cursor *e, struct ps_tls_hello *hh)
{
	uint32_t list = ps_cur_be16(e);
	if (e->short_read || list != ps_cur_remaining(e))
		return false;
	struct ps_cursor w = *e;
	uint32_t n = 0;
	while (ps_cur_remaining(&w)) {
		uint8_t len = ps_cur_u8(&w);
		if (!len || !ps_cur_skip(&w, len))
			return false;
		n++;
	}
	struct ps_tls_str *s = n ? ps_dis_side_alloc(d, n * sizeof *s, &hh->alpn.at) : 0;
	if (!s)
		return true;
	for (uint32_t i = 0; i < n; i++) {
		s[i].len = ps_cur_u8(e);
		s[i].off = e->pos;
		ps_cur_skip(e, s[i].len);
	}
	hh->alpn.n = (uint16_t)n;
	return true;
}

static bool ext_pf(struct ps_dctx *d, struct ps_cursor *e, struct ps_tls_hello *hh)
{
	uint32_t len = ps_cur_u8(e);
	if (e->short_read || len != ps_cur_remaining(e))
		return false;
	uint8_t *v = len ? ps_dis_side_alloc(d, len, &hh->pf.at) : 0;
	if (!v)
		return true;
	for (uint32_t i = 0; i < len; i++)
		v[i] = ps_cur_u8(e);
	hh->pf.n = (uint16_t)len;
	return true;
}

/* One extension body (cursor `e` spans exactly it); false when malformed.
 * Only the first extension of a type is read. */
static bool parse_ext(const struct hello_ctx *h, struct ps_cursor *e, uint16_t type, bool client,
		      struct ps_tls_hello *hh)
{
	struct ps_dctx *d = h->d;
	switch (type) {
	case TLS_EXT_SNI: {
		hh->have |= PS_TLS_HELLO_SNI;
		bool had = hh->have & PS_TLS_HELLO_SNAME;
		bool ok = !client || !ps_cur_remaining(e) || ext_sni(e, hh);
		if (!had && (hh->have & PS_TLS_HELLO_SNAME))
			hh->p_sni = rel(h, hh->sni.off);
		return ok;
	}
	case TLS_EXT_GROUPS:
		if (hh->groups.n)
			return true;
		hh->p_groups = rel(h, e->pos + 2);
		return ext_u16_list(d, e, 2, &hh->groups);
	case TLS_EXT_PF:
		if (hh->have & PS_TLS_HELLO_PF)
			return true;
		hh->have |= PS_TLS_HELLO_PF;
		return ext_pf(d, e, hh);
	case TLS_EXT_SIGALGS:
		if (hh->have & PS_TLS_HELLO_SIGALG)
			return true;
		hh->have |= PS_TLS_HELLO_SIGALG;
		hh->p_sigalgs = rel(h, e->pos + 2);
		return ext_u16_list(d, e, 2, &hh->sigalgs);
	case TLS_EXT_ALPN:
		if (hh->have & PS_TLS_HELLO_ALPN)
			return true;
		hh->have |= PS_TLS_HELLO_ALPN;
		hh->p_alpn = rel(h, e->pos + 2);
		return ext_alpn(d, e, hh);
	case TLS_EXT_VERSIONS:
		if (hh->have & PS_TLS_HELLO_SV)
			return true;
		hh->have |= PS_TLS_HELLO_SV;
		if (client) {
			hh->p_versions = rel(h, e->pos + 1);
			return ext_u16_list(d, e, 1, &hh->versions);
		}
		hh->p_sv = rel(h, e->pos);
		hh->selected_version = ps_cur_be16(e);
		return !e->short_read && !ps_cur_remaining(e);
	default:
		return true;
	}
}

/* The extensions block: count the whole extensions first (the side list
 * is allocated once), then read each one. */
static void parse_exts(struct hello_ctx *h, bool client, struct ps_tls_hello *hh)
{
	if (ps_cur_remaining(h->c) == 0 && h->c->pos - h->start == h->msg_len) {
		hh->have |= PS_TLS_HELLO_EXTS; /* no extensions block: allowed */
		return;
	}
	if (!need(h, 2))
		return;
	uint32_t ext_len = ps_cur_be16(h->c);
	uint32_t used = h->c->pos - h->start;
	if (ext_len > h->msg_len - used) {
		ps_dis_event(h->d, PS_EV_TLS_HELLO_MALFORMED);
		return;
	}
	struct ps_cursor blk = ps_cur_sub(h->c, ext_len), w = blk;
	uint32_t n = 0;
	bool bad = false;
	while (ps_cur_has(&w, 4)) {
		uint16_t len = ps_cur_peek_be16(&w, 2);
		if (len > ps_cur_remaining(&w) - 4) {
			/* past the block (malformed) or past the segment (later) */
			bad = ext_len - (w.pos - blk.pos) < 4u + len;
			break;
		}
		ps_cur_skip(&w, 4u + len);
		n++;
	}
	uint32_t consumed = w.pos - blk.pos;
	bool whole = consumed == ext_len;
	if (!whole && !bad && ext_len - consumed < 4 && ps_cur_remaining(&w) == ext_len - consumed)
		bad = true; /* 1-3 stray bytes at the end of the block */
	uint16_t *types = n ? ps_dis_side_alloc(h->d, n * sizeof *types, &hh->exts.at) : 0;
	if (n && !types)
		return;
	hh->exts.n = (uint16_t)n;
	hh->p_exts = rel(h, blk.pos);
	/* each extension's place, for the TUI only: never at the cost of room
	 * the record's values may need (taken while the area is at most half
	 * used, without the side_limit event) */
	uint16_t *pos = n && h->d->p->side_used + n * sizeof *pos <= PS_SIDE_BYTES / 2
				? ps_side_alloc(h->d->p, n * sizeof *pos, &hh->ext_pos)
				: 0;
	for (uint32_t i = 0; i < n; i++) {
		if (pos)
			pos[i] = rel(h, blk.pos);
		types[i] = ps_cur_be16(&blk);
		uint16_t len = ps_cur_be16(&blk);
		struct ps_cursor e = ps_cur_sub(&blk, len);
		if (!parse_ext(h, &e, types[i], client, hh))
			ps_dis_event(h->d, PS_EV_TLS_EXT_MALFORMED);
		ps_cur_skip(&blk, len);
	}
	if (bad)
		ps_dis_event(h->d, PS_EV_TLS_EXT_MALFORMED);
	else if (whole)
		hh->have |= PS_TLS_HELLO_EXTS;
	else if (h->cut)
		ps_dis_event(h->d, PS_EV_TLS_TRUNCATED);
}

static void parse_body(struct hello_ctx *h, bool client, struct ps_tls_hello *hh)
{
	struct ps_cursor *c = h->c;
	if (!need(h, 35))
		return;
	hh->version = ps_cur_be16(c);
	hh->have |= PS_TLS_HELLO_VER;
	ps_cur_skip(c, 32);
	if (!client && (hh->version >> 8) == 0x7f) {
		/* TLS 1.3 drafts up to 21: no session id, no compression */
		if (!need(h, 2))
			return;
		hh->p_cipher = rel(h, c->pos);
		hh->cipher = ps_cur_be16(c);
		hh->have |= PS_TLS_HELLO_BODY;
		parse_exts(h, client, hh);
		return;
	}
	uint8_t sid = ps_cur_u8(c);
	if (!need(h, sid))
		return;
	ps_cur_skip(c, sid);
	if (client) {
		if (!need(h, 2))
			return;
		uint16_t cs_len = ps_cur_be16(c);
		if (cs_len & 1u) {
			ps_dis_event(h->d, PS_EV_TLS_HELLO_MALFORMED);
			return;
		}
		hh->p_ciphers = rel(h, c->pos);
		if (!need(h, cs_len) || !read_u16s(h->d, c, cs_len / 2u, &hh->ciphers))
			return;
		if (!need(h, 1))
			return;
		uint8_t comp = ps_cur_u8(c);
		if (!need(h, comp))
			return;
		ps_cur_skip(c, comp);
	} else {
		if (!need(h, 3))
			return;
		hh->p_cipher = rel(h, c->pos);
		hh->cipher = ps_cur_be16(c);
		ps_cur_skip(c, 1);
	}
	hh->have |= PS_TLS_HELLO_BODY;
	parse_exts(h, client, hh);
}

bool ps_tls_parse_hello(struct ps_dctx *d, struct ps_cursor *c, uint32_t msg_len, bool client,
			bool cut, uint16_t *at)
{
	struct ps_tls_hello *hh = ps_dis_side_alloc(d, sizeof *hh, at);
	if (!hh)
		return false;
	hh->off = c->pos;
	hh->len = ps_cur_remaining(c);
	hh->ext_pos = PS_SIDE_NONE;
	hh->body = PS_TLS_BODY_NONE;
	hh->fbody = PS_TLS_FBODY_NONE;
	struct hello_ctx h = {.d = d, .c = c, .start = c->pos, .msg_len = msg_len, .cut = cut};
	parse_body(&h, client, hh);
	return true;
}
