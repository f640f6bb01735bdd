/* SPDX-License-Identifier: BSD-2-Clause */
/* Probe stamp codec (format in ps_stamp.h and docs/probe-format.md). */
#include "ps_stamp.h"

static const unsigned char stamp_magic[4] = { 0x89, 'P', 'S', 'T' };

static void put_be(unsigned char *b, uint64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--, v >>= 8)
		b[i] = (unsigned char)v;
}

static uint64_t get_be(const unsigned char *b, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 8 | b[i];
	return v;
}

/* RFC 1071 over the header, bytes 6-7 (the checksum) taken as zero. */
static uint16_t stamp_cksum(const unsigned char *b)
{
	uint32_t sum = 0;

	for (int i = 0; i < PS_STAMP_LEN; i += 2)
		if (i != 6)
			sum += (uint32_t)b[i] << 8 | b[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

void ps_stamp_encode(unsigned char *b, const struct ps_stamp *s)
{
	for (int i = 0; i < 4; i++)
		b[i] = stamp_magic[i];
	b[4] = s->version;
	b[5] = s->flags;
	put_be(b + 8, s->stream, 4);
	put_be(b + 12, s->msg_len, 4);
	put_be(b + 16, s->seq, 8);
	put_be(b + 24, s->send_ns, 8);
	put_be(b + 6, stamp_cksum(b), 2);
}

void ps_stamp_pad(unsigned char *buf, size_t len)
{
	for (size_t i = PS_STAMP_LEN; i < len; i++)
		buf[i] = (unsigned char)(i & 0xff);
}

size_t ps_stamp_pad_check(const unsigned char *buf, size_t len)
{
	for (size_t i = PS_STAMP_LEN; i < len; i++)
		if (buf[i] != (unsigned char)(i & 0xff))
			return i;
	return len;
}

int ps_stamp_looks(const unsigned char *b, size_t len)
{
	return len >= 5 && b[0] == stamp_magic[0] && b[1] == stamp_magic[1] &&
	       b[2] == stamp_magic[2] && b[3] == stamp_magic[3] && b[4] == PS_STAMP_VERSION;
}

int ps_stamp_decode(const unsigned char *b, size_t len, struct ps_stamp *s)
{
	if (len < PS_STAMP_LEN)
		return PS_STAMP_SHORT;
	if (b[0] != stamp_magic[0] || b[1] != stamp_magic[1] || b[2] != stamp_magic[2] ||
	    b[3] != stamp_magic[3])
		return PS_STAMP_MAGIC;
	s->version = b[4];
	s->flags = b[5];
	s->cksum = (uint16_t)get_be(b + 6, 2);
	s->stream = (uint32_t)get_be(b + 8, 4);
	s->msg_len = (uint32_t)get_be(b + 12, 4);
	s->seq = get_be(b + 16, 8);
	s->send_ns = get_be(b + 24, 8);
	if (s->version != PS_STAMP_VERSION)
		return PS_STAMP_VER;
	if (s->cksum != stamp_cksum(b))
		return PS_STAMP_CKSUM;
	if (s->msg_len < PS_STAMP_LEN || s->msg_len > PS_STAMP_MAX_LEN)
		return PS_STAMP_LENGTH;
	return PS_STAMP_OK;
}
