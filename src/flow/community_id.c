/* SPDX-License-Identifier: BSD-2-Clause */
/* community_id.c - Community ID v1 flow hashing (corelight/community-id-spec).
 *
 * "1:" + base64(SHA-1(seed, saddr, daddr, proto, 0, [sport, dport])), all in
 * network byte order, seed 0.  The caller passes the tuple already ordered
 * (flow_key.c orders it as the spec does).  The only flow file that includes
 * OpenSSL; computed once per flow, never per packet.
 *
 * A one-shot EVP_Digest(EVP_sha1()) fetches the algorithm from OpenSSL's
 * provider store and allocates a context on every call (about 10,000
 * instructions, as much as the rest of a new flow); a table keeps one
 * fetched SHA-1 and one context (struct ps_cid_hasher) for all its flows.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "ps_flow.h"

struct ps_cid_hasher {
	EVP_MD *md;
	EVP_MD_CTX *ctx;
};

struct ps_cid_hasher *ps_cid_hasher_new(void)
{
	struct ps_cid_hasher *h = calloc(1, sizeof *h);
	if (!h)
		return 0;
	h->md = EVP_MD_fetch(NULL, "SHA1", NULL);
	h->ctx = EVP_MD_CTX_new();
	if (!h->md || !h->ctx) {
		ps_cid_hasher_free(h);
		return 0;
	}
	return h;
}

void ps_cid_hasher_free(struct ps_cid_hasher *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->ctx);
	EVP_MD_free(h->md);
	free(h);
}

static void put_be16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

/* SHA-1 of in[0..n) into md[20]: with h's fetched algorithm and context
 * when given, else one-shot */
static bool sha1(struct ps_cid_hasher *h, const uint8_t *in, size_t n, unsigned char *md)
{
	unsigned int mdlen = 0;
	if (!h)
		return EVP_Digest(in, n, md, &mdlen, EVP_sha1(), NULL) && mdlen == 20;
	return EVP_DigestInit_ex2(h->ctx, h->md, NULL) && EVP_DigestUpdate(h->ctx, in, n) &&
	       EVP_DigestFinal_ex(h->ctx, md, &mdlen) && mdlen == 20;
}

int ps_community_id_with(struct ps_cid_hasher *h, const uint8_t *saddr, const uint8_t *daddr,
			 bool v6, uint8_t proto, uint16_t sport, uint16_t dport, bool has_ports,
			 char *out)
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
	unsigned char md[EVP_MAX_MD_SIZE];
	out[0] = '\0';
	if (!sha1(h, in, n, md))
		return -1;
	out[0] = '1';
	out[1] = ':';
	/* 20 bytes -> 28 characters and a NUL: fits PS_FLOW_ID_LEN */
	if (EVP_EncodeBlock((unsigned char *)out + 2, md, 20) != 28) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

int ps_community_id(const uint8_t *saddr, const uint8_t *daddr, bool v6, uint8_t proto,
		    uint16_t sport, uint16_t dport, bool has_ports, char *out)
{
	return ps_community_id_with(0, saddr, daddr, v6, proto, sport, dport, has_ports, out);
}
