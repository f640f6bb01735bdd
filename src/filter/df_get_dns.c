/* SPDX-License-Identifier: BSD-2-Clause */
/* df_get_dns.c - direct getters for the hot DNS fields (dns.qry.name,
 * dns.flags.response, dns.a, ...): read the DNS layer and its side-area
 * lists instead of running the whole `fields` op through the path getter
 * (which walks every name of every record: +54% instructions on -q for a
 * DNS-name filter, against a few per cent this way).  Values and validity
 * follow dis_dns_rr.c's JSON output, so both getters agree. */
#include <string.h>

#include "df_get.h"
#include "dis_dns.h"
#include "ps_dissect.h"

#define NAME_BUF 1100 /* a JSON-style name: 255 octets, some as \ddd */

/* The DNS layers of p, one at a time (mDNS and LLMNR are the same layer);
 * a hidden one (a TCP segment whose message a later frame completes) has
 * no fields, as in the JSON. */
#define FOR_DNS(p, l, n)                                                                           \
	for (unsigned i_ = 0; i_ < df_nlayers(p); i_++)                                            \
		for (const struct ps_layer *l = &(p)->layers[i_];                                  \
		     l && l->proto == PS_P_DNS && !l->u.dns.hidden; l = 0)                          \
			for (const struct ps_dns *n = &l->u.dns; n; n = 0)

/* The name at off written into buf[NAME_BUF] as the JSON writes it; its
 * length, or -1 when it is not a good name (the JSON leaves it out). */
static long name_text(const struct ps_packet *p, const struct ps_dns *n, uint32_t off, char *buf)
{
	struct ps_out out;
	uint32_t next = off;
	ps_out_open_mem(&out, buf, NAME_BUF);
	if (ps_dns_name(p->data, n->msg, n->end, off, &next, &out, PS_DNS_STYLE_JSON) !=
	    PS_DNS_NAME_GOOD)
		return -1;
	return (long)out.len;
}

static void put_name(const struct ps_packet *p, const struct ps_dns *n, uint32_t off,
		     struct df_vals *o)
{
	char buf[NAME_BUF];
	long len = name_text(p, n, off, buf);
	if (len >= 0)
		df_put_str(o, buf, (size_t)len);
}

void df_get_dns_qry_name(const struct ps_packet *p, struct df_vals *o)
{
	FOR_DNS(p, l, n) {
		const struct ps_dns_q *qs = ps_dns_qs(p, n);
		for (unsigned k = 0; k < n->nq; k++)
			put_name(p, n, qs[k].name, o);
	}
}

bool df_dns_qry_name_contains(const struct ps_packet *p, const char *s, uint32_t sn)
{
	/* the names df_get_dns_qry_name would keep: as many values and text
	 * bytes as a df_vals holds (a name that does not fit is left out) */
	unsigned nvals = 0;
	uint32_t text = 0;
	FOR_DNS(p, l, n) {
		const struct ps_dns_q *qs = ps_dns_qs(p, n);
		for (unsigned k = 0; k < n->nq; k++) {
			char buf[NAME_BUF];
			long len = name_text(p, n, qs[k].name, buf);
			if (len < 0 || (size_t)len > DF_TEXT_BYTES - text || nvals == DF_MAX_VALS)
				continue;
			nvals++;
			text += (uint32_t)len;
			if (!sn || ((size_t)len >= sn && memmem(buf, (size_t)len, s, sn)))
				return true;
		}
	}
	return false;
}

/* A name written JSON-style is at most 4 characters per label byte plus
 * its dots: below this.  The first PLAIN_NAMES names of a packet always fit
 * a df_vals' text; from the next one on, df_dns_qry_name_contains (which
 * counts the text) decides. */
#define NAME_TEXT_MAX (4 * PS_DNS_MAX_NAME)
#define PLAIN_NAMES 4
_Static_assert(PLAIN_NAMES * NAME_TEXT_MAX <= DF_TEXT_BYTES && PLAIN_NAMES <= DF_MAX_VALS,
	       "the names the plain test takes always fit a df_vals");

bool df_dns_needle_plain(const char *s, uint32_t sn)
{
	for (uint32_t i = 0; i < sn; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch < 0x20 || ch == 0x7f || ch == '.' || ch == '\\' || (ch >= '0' && ch <= '9'))
			return false;
	}
	return true;
}

/* The names' test, out of line: its frame (the walk's pointer list) is
 * set up only for a packet with a DNS layer, not for every packet. */
static __attribute__((noinline)) bool plain_names(const struct ps_packet *p, const char *s,
						  uint32_t sn)
{
	static const char root_text[] = "<Root>";
	unsigned nvals = 0;
	FOR_DNS(p, l, n) {
		const struct ps_dns_q *qs = ps_dns_qs(p, n);
		for (unsigned k = 0; k < n->nq; k++) {
			if (nvals == PLAIN_NAMES)
				return df_dns_qry_name_contains(p, s, sn);
			bool found = false, root = false;
			if (ps_dns_name_find(p->data, n->msg, n->end, qs[k].name, (const uint8_t *)s,
					     sn, &found, &root) != PS_DNS_NAME_GOOD)
				continue;
			nvals++;
			if (root ? !sn || (sn < sizeof root_text &&
					   memmem(root_text, sizeof root_text - 1, s, sn))
				 : found)
				return true;
		}
	}
	return false;
}

bool df_dns_qry_name_contains_plain(const struct ps_packet *p, const char *s, uint32_t sn)
{
	for (unsigned i = 0, n = df_nlayers(p); i < n; i++)
		if (p->layers[i].proto == PS_P_DNS)
			return plain_names(p, s, sn);
	return false;
}

/* dns.qry.name.len, dns.count.labels: Wireshark 4.0's dissect_dns_query()
 * counts on the name as it prints it ("<Root>" for the root: 6 and 1),
 * and only when that is longer than one character ("a": 0 and 0). */
static void qry_name_counts(const struct ps_packet *p, bool labels, struct df_vals *o)
{
	FOR_DNS(p, l, n) {
		const struct ps_dns_q *qs = ps_dns_qs(p, n);
		for (unsigned k = 0; k < n->nq; k++) {
			char buf[NAME_BUF];
			long len = name_text(p, n, qs[k].name, buf);
			if (len < 0)
				continue;
			uint64_t v = len > 1 ? (uint64_t)len : 0;
			if (labels && v) {
				v = 1;
				for (long c = 0; c < len; c++)
					v += buf[c] == '.';
			}
			df_put_u(o, DF_T_UINT, v);
		}
	}
}

void df_get_dns_qry_name_len(const struct ps_packet *p, struct df_vals *o)
{
	qry_name_counts(p, false, o);
}

void df_get_dns_count_labels(const struct ps_packet *p, struct df_vals *o)
{
	qry_name_counts(p, true, o);
}

void df_get_dns_qry_type(const struct ps_packet *p, struct df_vals *o)
{
	FOR_DNS(p, l, n) {
		const struct ps_dns_q *qs = ps_dns_qs(p, n);
		for (unsigned k = 0; k < n->nq; k++)
			df_put_u(o, DF_T_UINT, qs[k].type);
	}
}

/* the flags word, when the header holds it (as emit_flags) */
static bool flags_ok(const struct ps_layer *l)
{
	return l->hdr_len >= (l->u.dns.tcp ? 2u : 0u) + 4u;
}

void df_get_dns_response(const struct ps_packet *p, struct df_vals *o)
{
	FOR_DNS(p, l, n) {
		if (flags_ok(l))
			df_put_u(o, DF_T_BOOL, (n->flags & PS_DNS_QR) != 0);
	}
}

void df_get_dns_flags(const struct ps_packet *p, struct df_vals *o)
{
	FOR_DNS(p, l, n) {
		if (flags_ok(l))
			df_put_u(o, DF_T_UINT, n->flags);
	}
}

void df_get_dns_rcode(const struct ps_packet *p, struct df_vals *o)
{
	FOR_DNS(p, l, n) {
		if (flags_ok(l))
			df_put_u(o, DF_T_UINT, PS_DNS_RCODE(n->flags));
	}
}

void df_get_dns_id(const struct ps_packet *p, struct df_vals *o)
{
	FOR_DNS(p, l, n) {
		if (l->hdr_len >= (n->tcp ? 2u : 0u) + 2u)
			df_put_u(o, DF_T_UINT, n->id);
	}
}

/* rdata of type t of every record (all sections, wire order) */
static void rdata(const struct ps_packet *p, unsigned t, struct df_vals *o)
{
	FOR_DNS(p, l, n) {
		const struct ps_dns_rr *rr = ps_dns_rrs(p, n);
		for (unsigned k = 0; k < n->nrr; k++) {
			if (rr[k].type != t || !(rr[k].ok & PS_DNS_RDATA_OK))
				continue;
			if (t == PS_DNS_T_A)
				df_put_ip4(o, p->data + rr[k].rdata);
			else
				df_put_bytes(o, DF_T_IPV6, p->data + rr[k].rdata, 16);
		}
	}
}

void df_get_dns_a(const struct ps_packet *p, struct df_vals *o)
{
	rdata(p, PS_DNS_T_A, o);
}

void df_get_dns_aaaa(const struct ps_packet *p, struct df_vals *o)
{
	rdata(p, PS_DNS_T_AAAA, o);
}
