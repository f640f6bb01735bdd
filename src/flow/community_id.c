/* SPDX-License-Identifier: BSD-2-Clause */
/* community_id.c - Community ID v1 flow hashing (corelight/community-id-spec).
 *
 * "1:" + base64(SHA-1(seed, saddr, daddr, proto, 0, [sport, dport])), all in
 * network byte order, seed 0.  The caller passes the tuple already ordered
 * (flow_key.c orders it as the spec does).  Computed once per flow, never
 * per packet.
 *
 * The SHA-1 is our own (dis_tls_hash.c): OpenSSL's EVP_MD_fetch alone cost
 * about 5 million instructions at the first flow (its provider start-up),
 * and each digest through EVP about 2,000, twice what the one 64-byte
 * block the input fits in costs here.
 */
#include <string.h>

#include "dis_tls_hash.h"
#include "ps_flow.h"

static void put_be16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

/* RFC 4648 base64 of the 20-byte digest: 28 characters ('=' padded) + NUL. */
static void base64_20(const uint8_t *d, char *out)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned o = 0;
	for (unsigned i = 0; i < 20; i += 3) {
		uint32_t v = (uint32_t)d[i] << 16 | (i + 1 < 20 ? (uint32_t)d[i + 1] << 8 : 0) |
			     (i + 2 < 20 ? d[i + 2] : 0);
		out[o++] = a[v >> 18];
		out[o++] = a[(v >> 12) & 63];
		out[o++] = i + 1 < 20 ? a[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < 20 ? a[v & 63] : '=';
	}
	out[o] = '\0';
}

int ps_community_id(const uint8_t *saddr, const uint8_t *daddr, bool v6, uint8_t proto,
		    uint16_t sport, uint16_t dport, bool has_ports, char *out)
{
	uint8_t in[2 + 16 + 16 + 2 + 4];
	size_t alen = v6 ? 16 : 4, n = 0;
	put_be16(in, 0); /* seed */
	n += 2;
	memcpy(in + n, saddr, alen);
	n += alen;
	memcpy(in + n, daddr, alen);
	n += alen;
	in[n++] = proto;
	in[n++] = 0; /* padding */
	if (has_ports) {
		put_be16(in + n, sport);
		put_be16(in + n + 2, dport);
		n += 4;
	}
	uint8_t md[20];
	ps_sha1(in, n, md);
	out[0] = '1';
	out[1] = ':';
	base64_20(md, out + 2); /* 28 characters and a NUL: fits PS_FLOW_ID_LEN */
	return 0;
}
