/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_tls_hash.c - MD5 (RFC 1321) and SHA-256 (FIPS 180-4) for the TLS
 * fingerprints (dis_tls_fp.c), SHA-1 (RFC 3174) for Community ID
 * (src/flow/community_id.c: OpenSSL's provider start-up alone cost as much
 * as reading 10,000 packets).
 *
 * Written from the specifications, one-shot over a buffer: the inputs are
 * fingerprint strings of at most a few KiB, so no streaming interface.
 * Both pad the message to a whole number of 64-byte blocks with 0x80, zeros
 * and the bit length (MD5 little-endian, SHA-256 big-endian).
 */
#include "dis_tls_hash.h"

#include <string.h>

static uint32_t rotl(uint32_t x, unsigned n) { return (x << n) | (x >> (32 - n)); }
static uint32_t rotr(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

/* The last one or two blocks: the tail of the message, 0x80, zeros, length. */
static size_t pad_tail(const uint8_t *data, size_t n, uint8_t tail[128], int big_endian)
{
	size_t rest = n % 64, blocks = rest < 56 ? 1 : 2;
	uint64_t bits = (uint64_t)n * 8;

	memset(tail, 0, 128);
	memcpy(tail, data + n - rest, rest);
	tail[rest] = 0x80;
	for (unsigned i = 0; i < 8; i++) {
		unsigned sh = big_endian ? 56 - 8 * i : 8 * i;
		tail[blocks * 64 - 8 + i] = (uint8_t)(bits >> sh);
	}
	return blocks;
}

/* The word at b in the digest's byte order. */
static uint32_t load32(const uint8_t *b, int big_endian)
{
	return big_endian ? (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]
			  : (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
}

/* The Merkle-Damgard walk the digests share: `block` over every whole
 * 64-byte block, then over the padded tail; the nwords state words of h
 * go to out in the digest's byte order. */
static void digest(const void *data, size_t n, uint32_t *h, unsigned nwords,
		   void (*block)(uint32_t *h, const uint8_t *b), int big_endian, uint8_t *out)
{
	const uint8_t *p = data;
	uint8_t tail[128];

	for (size_t i = 0; i + 64 <= n; i += 64)
		block(h, p + i);
	size_t blocks = pad_tail(p, n, tail, big_endian);
	for (size_t i = 0; i < blocks; i++)
		block(h, tail + 64 * i);
	for (unsigned i = 0; i < 4 * nwords; i++) {
		unsigned sh = big_endian ? 24 - 8 * (i % 4) : 8 * (i % 4);
		out[i] = (uint8_t)(h[i / 4] >> sh);
	}
}

/* ---- MD5 ---- */
static const uint32_t md5_k[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613,
	0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193,
	0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d,
	0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
	0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
	0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
	0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244,
	0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
	0xeb86d391,
};
static const uint8_t md5_r[16] = {7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21};

static void md5_block(uint32_t *h, const uint8_t *b)
{
	uint32_t m[16], a = h[0], bb = h[1], c = h[2], d = h[3];
	for (unsigned i = 0; i < 16; i++)
		m[i] = load32(b + 4 * i, 0);
	for (unsigned i = 0; i < 64; i++) {
		uint32_t f;
		unsigned g, round = i / 16;
		if (round == 0) {
			f = (bb & c) | (~bb & d);
			g = i;
		} else if (round == 1) {
			f = (d & bb) | (~d & c);
			g = (5 * i + 1) % 16;
		} else if (round == 2) {
			f = bb ^ c ^ d;
			g = (3 * i + 5) % 16;
		} else {
			f = c ^ (bb | ~d);
			g = (7 * i) % 16;
		}
		uint32_t t = d;
		d = c;
		c = bb;
		bb = bb + rotl(a + f + md5_k[i] + m[g], md5_r[round * 4 + i % 4]);
		a = t;
	}
	h[0] += a;
	h[1] += bb;
	h[2] += c;
	h[3] += d;
}

void ps_md5(const void *data, size_t n, uint8_t out[16])
{
	uint32_t h[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
	digest(data, n, h, 4, md5_block, 0, out);
}

/* ---- SHA-256 ---- */
static const uint32_t sha_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

/* One round: the state rotates by renaming (the caller passes the eight
 * words shifted by one each round) instead of moving seven words: JA4 is
 * two digests per ClientHello, printed on every text line that has one. */
#define SHA256_ROUND(a, b, c, d, e, f, g, h, i)                                        \
	do {                                                                           \
		uint32_t t1 = (h) + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) +         \
			      (((e) & (f)) ^ (~(e) & (g))) + sha_k[i] + w[i];          \
		uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) +               \
			      (((a) & (b)) ^ ((a) & (c)) ^ ((b) & (c)));               \
		(d) += t1;                                                             \
		(h) = t1 + t2;                                                         \
	} while (0)

static void sha256_block(uint32_t *h, const uint8_t *b)
{
	uint32_t w[64];
	for (unsigned i = 0; i < 16; i++)
		w[i] = load32(b + 4 * i, 1);
	for (unsigned i = 16; i < 64; i++) {
		uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	uint32_t a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
	for (unsigned i = 0; i < 64; i += 8) {
		SHA256_ROUND(a, bb, c, d, e, f, g, hh, i);
		SHA256_ROUND(hh, a, bb, c, d, e, f, g, i + 1);
		SHA256_ROUND(g, hh, a, bb, c, d, e, f, i + 2);
		SHA256_ROUND(f, g, hh, a, bb, c, d, e, i + 3);
		SHA256_ROUND(e, f, g, hh, a, bb, c, d, i + 4);
		SHA256_ROUND(d, e, f, g, hh, a, bb, c, i + 5);
		SHA256_ROUND(c, d, e, f, g, hh, a, bb, i + 6);
		SHA256_ROUND(bb, c, d, e, f, g, hh, a, i + 7);
	}
	h[0] += a;
	h[1] += bb;
	h[2] += c;
	h[3] += d;
	h[4] += e;
	h[5] += f;
	h[6] += g;
	h[7] += hh;
}

void ps_sha256(const void *data, size_t n, uint8_t out[32])
{
	uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	digest(data, n, h, 8, sha256_block, 1, out);
}

/* ---- SHA-1 ---- */
/* One of the four 20-round stages: f(b, c, d) and the constant k.  The
 * state rotates by renaming instead of moving five words per round
 * (unrolled: a new flow's Community ID is one block). */
#define SHA1_ROUNDS(from, f, k)                                                  \
	_Pragma("GCC unroll 20")                                                 \
	for (unsigned i = (from); i < (from) + 20; i++) {                        \
		uint32_t t = rotl(a, 5) + (f) + e + (k) + w[i];                  \
		e = d;                                                           \
		d = c;                                                           \
		c = rotl(b, 30);                                                 \
		b = a;                                                           \
		a = t;                                                           \
	}

static void sha1_block(uint32_t *h, const uint8_t *blk)
{
	uint32_t w[80];
	for (unsigned i = 0; i < 16; i++)
		w[i] = load32(blk + 4 * i, 1);
	for (unsigned i = 16; i < 80; i++)
		w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	SHA1_ROUNDS(0, (b & c) | (~b & d), 0x5a827999u)
	SHA1_ROUNDS(20, b ^ c ^ d, 0x6ed9eba1u)
	SHA1_ROUNDS(40, (b & c) | (b & d) | (c & d), 0x8f1bbcdcu)
	SHA1_ROUNDS(60, b ^ c ^ d, 0xca62c1d6u)
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

void ps_sha1(const void *data, size_t n, uint8_t out[20])
{
	uint32_t h[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
	digest(data, n, h, 5, sha1_block, 1, out);
}

void ps_hex_lower(const uint8_t *d, size_t n, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[2 * n] = 0;
}
