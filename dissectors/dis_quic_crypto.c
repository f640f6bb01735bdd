/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_quic_crypto.c - QUIC Initial keys, header protection and AEAD with
 * OpenSSL (RFC 9001 §5, RFC 9369 §3.3), and SHA-256.
 *
 * HKDF is written with one-shot HMAC-SHA256: every output here is at most
 * one hash long (32 bytes), so HKDF-Expand is its first block only.
 * HKDF-Expand-Label (RFC 8446 §7.1) labels are "tls13 " + label, context
 * empty.
 */
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "dis_quic_crypto.h"

#define QUIC_V1 0x00000001u
#define QUIC_V2 0x6b3343cfu

static const uint8_t salt_d22[20] = {0x7f, 0xbc, 0xdb, 0x0e, 0x7c, 0x66, 0xbb, 0xe9, 0x19, 0x3a,
				     0x96, 0xcd, 0x21, 0x51, 0x9e, 0xbd, 0x7a, 0x02, 0x64, 0x4a};
static const uint8_t salt_d23[20] = {0xc3, 0xee, 0xf7, 0x12, 0xc7, 0x2e, 0xbb, 0x5a, 0x11, 0xa7,
				     0xd2, 0x43, 0x2b, 0xb4, 0x63, 0x65, 0xbe, 0xf9, 0xf5, 0x02};
static const uint8_t salt_d29[20] = {0xaf, 0xbf, 0xec, 0x28, 0x99, 0x93, 0xd2, 0x4c, 0x9e, 0x97,
				     0x86, 0xf1, 0x9c, 0x61, 0x11, 0xe0, 0x43, 0x90, 0xa8, 0x99};
static const uint8_t salt_v1[20] = {0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
				    0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a};
static const uint8_t salt_v2[20] = {0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93,
				    0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9};

/* The IETF draft a version follows (as Wireshark maps mvfst's), 0 unknown;
 * version 1 counts as 34 and version 2 as 100. */
static unsigned quic_draft(uint32_t v)
{
	if ((v >> 8) == 0xff0000u)
		return v & 0xffu;
	if (v == 0xfaceb001u)
		return 22;
	if (v == 0xfaceb002u || v == 0xfaceb00eu)
		return 27;
	if (v == QUIC_V1)
		return 34;
	if (v == QUIC_V2)
		return 100;
	return 0;
}

bool ps_quic_version_known(uint32_t version)
{
	unsigned d = quic_draft(version);
	return d >= 22;
}

static const uint8_t *quic_salt(uint32_t version)
{
	unsigned d = quic_draft(version);
	if (d <= 22)
		return salt_d22;
	if (d <= 28)
		return salt_d23;
	if (d <= 32)
		return salt_d29;
	return version == QUIC_V2 ? salt_v2 : salt_v1;
}

/* HKDF-Expand-Label(secret, label, "", len) for len <= 32. */
static int expand_label(const uint8_t secret[32], const char *label, uint8_t *out, size_t len)
{
	uint8_t info[2 + 1 + 6 + 32 + 1 + 1], t[32];
	size_t ll = strlen(label), n = 0;
	unsigned tlen = 0;

	if (ll > 32 || len > 32)
		return -1;
	info[n++] = (uint8_t)(len >> 8);
	info[n++] = (uint8_t)len;
	info[n++] = (uint8_t)(6 + ll);
	memcpy(info + n, "tls13 ", 6);
	n += 6;
	memcpy(info + n, label, ll);
	n += ll;
	info[n++] = 0; /* empty context */
	info[n++] = 1; /* T(1) */
	if (!HMAC(EVP_sha256(), secret, 32, info, n, t, &tlen) || tlen != 32)
		return -1;
	memcpy(out, t, len);
	return 0;
}

int ps_quic_initial_keys(uint32_t version, const uint8_t *dcid, size_t dcid_len, bool server,
			 struct ps_quic_keys *k)
{
	uint8_t initial[32], secret[32];
	unsigned len = 0;
	bool v2 = version == QUIC_V2;

	if (!ps_quic_version_known(version))
		return -1;
	if (!HMAC(EVP_sha256(), quic_salt(version), 20, dcid, dcid_len, initial, &len) || len != 32)
		return -1;
	if (expand_label(initial, server ? "server in" : "client in", secret, 32) < 0 ||
	    expand_label(secret, v2 ? "quicv2 key" : "quic key", k->key, 16) < 0 ||
	    expand_label(secret, v2 ? "quicv2 iv" : "quic iv", k->iv, 12) < 0 ||
	    expand_label(secret, v2 ? "quicv2 hp" : "quic hp", k->hp, 16) < 0)
		return -1;
	return 0;
}

int ps_quic_hp_mask(const uint8_t hp[16], const uint8_t sample[16], uint8_t mask[5])
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	uint8_t block[32];
	int n = 0, rc = -1;

	if (!ctx)
		return -1;
	if (EVP_EncryptInit_ex(ctx, EVP_aes_128_ecb(), 0, hp, 0) == 1 &&
	    EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
	    EVP_EncryptUpdate(ctx, block, &n, sample, 16) == 1 && n == 16) {
		memcpy(mask, block, 5);
		rc = 0;
	}
	EVP_CIPHER_CTX_free(ctx);
	return rc;
}

int ps_quic_open(const struct ps_quic_keys *k, uint64_t pn, const uint8_t *aad, size_t aad_len,
		 const uint8_t *ct, size_t ct_len, uint8_t *out)
{
	uint8_t nonce[12];
	int n = 0, fin = 0, rc = -1;

	if (ct_len < 16 || ct_len - 16 > (size_t)INT32_MAX || aad_len > (size_t)INT32_MAX)
		return -1;
	memcpy(nonce, k->iv, 12);
	for (unsigned i = 0; i < 8; i++)
		nonce[11 - i] ^= (uint8_t)(pn >> (8 * i));
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return -1;
	if (EVP_DecryptInit_ex(ctx, EVP_aes_128_gcm(), 0, 0, 0) == 1 &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, 12, 0) == 1 &&
	    EVP_DecryptInit_ex(ctx, 0, 0, k->key, nonce) == 1 &&
	    EVP_DecryptUpdate(ctx, 0, &n, aad, (int)aad_len) == 1 &&
	    EVP_DecryptUpdate(ctx, out, &n, ct, (int)(ct_len - 16)) == 1 &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, (void *)(ct + ct_len - 16)) == 1 &&
	    EVP_DecryptFinal_ex(ctx, out + n, &fin) == 1)
		rc = n + fin;
	EVP_CIPHER_CTX_free(ctx);
	return rc;
}
