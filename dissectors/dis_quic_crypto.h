/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_quic_crypto.h - the cryptography QUIC Initial packets need (RFC 9001 §5),
 * and SHA-256 for the JA4 fingerprint: the one dissector file that
 * includes OpenSSL (dis_quic_crypto.c).
 *
 * Every function works on caller buffers and keeps no state; OpenSSL's own
 * cipher contexts are created and freed inside each call.
 */
#ifndef DIS_QUIC_CRYPTO_H
#define DIS_QUIC_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Initial packet protection keys of one direction (AES-128-GCM). */
struct ps_quic_keys {
	uint8_t key[16];
	uint8_t iv[12];
	uint8_t hp[16];
};

/* True for the versions whose Initial salt we know: 1, 2 (RFC 9369), the
 * IETF drafts 0xff000016-0xff000020 and mvfst's 0xfaceb001/2/e. */
bool ps_quic_version_known(uint32_t version);

/* Derive the Initial keys for `version` from the client's Destination
 * Connection ID (RFC 9001 §5.2; RFC 9369 §3.3.1 for version 2).  `server`
 * picks the server's keys.  0 ok, -1 unknown version or crypto failure. */
int ps_quic_initial_keys(uint32_t version, const uint8_t *dcid, size_t dcid_len, bool server,
			 struct ps_quic_keys *k);

/* The header-protection mask: AES-128-ECB of the 16-byte sample under
 * `hp`; the first 5 bytes go to mask.  0 ok, -1 failure. */
int ps_quic_hp_mask(const uint8_t hp[16], const uint8_t sample[16], uint8_t mask[5]);

/* Open an AEAD_AES_128_GCM payload: nonce = iv ^ packet number, `aad` the
 * unprotected header, `ct` the ciphertext followed by its 16-byte tag.
 * Writes ct_len - 16 bytes to `out`.  Returns that length, or -1 when the
 * tag does not verify (wrong keys: another version, a server packet). */
int ps_quic_open(const struct ps_quic_keys *k, uint64_t pn, const uint8_t *aad, size_t aad_len,
		 const uint8_t *ct, size_t ct_len, uint8_t *out);

#endif
