/* SPDX-License-Identifier: BSD-2-Clause */
/* community_id.c - Community ID v1 flow hashing (corelight/community-id-spec).
 *
 * "1:" + base64(SHA-1(seed, saddr, daddr, proto, 0, [sport, dport])), all in
 * network byte order, seed 0.  The caller passes the tuple already ordered
 * (flow_key.c orders it as the spec does).  The only flow file that includes
 * OpenSSL; computed once per flow, never per packet.
 */
#include <string.h>

#include <openssl/evp.h>

#include "ps_flow.h"

static void put_be16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
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
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	out[0] = '\0';
	if (!EVP_Digest(in, n, md, &mdlen, EVP_sha1(), NULL) || mdlen != 20)
		return -1;
	out[0] = '1';
	out[1] = ':';
	/* 20 bytes -> 28 characters and a NUL: fits PS_FLOW_ID_LEN */
	if (EVP_EncodeBlock((unsigned char *)out + 2, md, (int)mdlen) != 28) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}
