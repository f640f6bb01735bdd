/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_quic_hello.c - the few ClientHello fields a QUIC Initial is read for:
 * server name, ALPN and the JA4 fingerprint ('q' for QUIC).
 *
 * The TLS decoder does the work (dis_tls_hello.c parses, dis_tls_fp.c
 * fingerprints): its cursor spans the decrypted CRYPTO stream instead of
 * the frame, so the hello's offsets are into that buffer.  The hello and
 * its lists are side-area scratch here, handed back once read: the quic
 * layer keeps only its own copies of the strings.
 */
#include "dis_quic_priv.h"
#include "dis_tls_int.h"

/* The ALPN extension's protocol list as sent (length-prefixed names):
 * from the first name's length byte to the end of the last name. */
static void wire_alpn(const struct ps_packet *p, const struct ps_tls_hello *hh,
		      const uint8_t *buf, struct ps_quic_hello *h)
{
	const struct ps_tls_str *s = hh->alpn.n ? ps_side_get(p, hh->alpn.at) : 0;
	if (!s || !s[0].off)
		return;
	const struct ps_tls_str *last = &s[hh->alpn.n - 1u];
	h->alpn = buf + s[0].off - 1u;
	h->alpn_len = last->off + last->len - (s[0].off - 1u);
}

int ps_quic_hello_parse(struct ps_dctx *d, const uint8_t *buf, size_t n, struct ps_quic_hello *h)
{
	struct ps_packet *p = d->p;
	uint32_t mark = p->side_used;
	struct ps_cursor c;
	uint16_t at;
	int rc = -1;

	memset(h, 0, sizeof *h);
	if (n < 4 || n > UINT32_MAX || buf[0] != TLS_HS_CLIENT_HELLO)
		return -1;
	uint32_t len = (uint32_t)buf[1] << 16 | (uint32_t)buf[2] << 8 | buf[3];
	if (len > n - 4)
		return -1; /* not all of it here (it continues in the next Initial) */
	ps_cur_init(&c, buf, (uint32_t)(4 + len));
	c.pos = 4;
	if (!ps_tls_parse_hello(d, &c, len, true, false, &at))
		return -1;
	const struct ps_tls_hello *hh = ps_side_get(p, at);
	if (ps_tls_ja4(p, hh, buf, (uint32_t)n, 'q', h->ja4)) {
		if (hh->have & PS_TLS_HELLO_SNAME) {
			h->sni = buf + hh->sni.off;
			h->sni_len = hh->sni.len;
		}
		wire_alpn(p, hh, buf, h);
		rc = 0;
	}
	p->side_used = mark; /* the hello was scratch: the caller copies what it keeps */
	return rc;
}
