/* SPDX-License-Identifier: BSD-2-Clause */
/* Probe stamps: the header pktscope-gen puts at the start of what it sends
 * (--stamp) and the pktscope `probe` dissector recognises on any port.
 * The format is documented for other tools in docs/probe-format.md.
 * All fields network byte order.
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     0x89      |      'P'      |      'S'      |      'T'      |  magic
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  version (1)  |     flags     |        header checksum        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                        stream id (32)                         |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |          message length (32): header + padding, >= 32         |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                     sequence number (64)                      |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |            send time, ns since the Unix epoch (64)            |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  padding to message length; with flag PATTERN: byte i = i&0xff |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The checksum is the RFC 1071 Internet checksum of the 32 header bytes
 * with the checksum field taken as zero.  A recogniser that checks the
 * magic, the version and the checksum accepts random bytes with a
 * probability of about 2^-56.  Pure codec: no allocation, no state. */
#ifndef PS_STAMP_H
#define PS_STAMP_H

#include <stddef.h>
#include <stdint.h>

#define PS_STAMP_LEN 32
#define PS_STAMP_VERSION 1
#define PS_STAMP_F_PATTERN 0x01 /* padding follows the i & 0xff pattern */
#define PS_STAMP_MAX_LEN 0x7fffffffu

struct ps_stamp {
	uint8_t version;
	uint8_t flags;
	uint16_t cksum;   /* as read (decode) */
	uint32_t stream;
	uint32_t msg_len; /* header + padding */
	uint64_t seq;
	uint64_t send_ns;
};

/* Writes the 32-byte header (checksum computed) into buf, which holds at
 * least PS_STAMP_LEN bytes; the padding is written by ps_stamp_pad. */
void ps_stamp_encode(unsigned char *buf, const struct ps_stamp *s);

/* Writes the pattern into buf[PS_STAMP_LEN .. len). */
void ps_stamp_pad(unsigned char *buf, size_t len);

/* Decodes a header from buf[0 .. len).  Returns 0 ok, or the first reason
 * it is not a stamp: PS_STAMP_SHORT (fewer than 32 bytes), PS_STAMP_MAGIC,
 * PS_STAMP_VER (unknown version), PS_STAMP_CKSUM, PS_STAMP_LENGTH (message
 * length below 32 or above PS_STAMP_MAX_LEN).  s is filled as far as read. */
enum { PS_STAMP_OK = 0, PS_STAMP_SHORT = -1, PS_STAMP_MAGIC = -2, PS_STAMP_VER = -3,
       PS_STAMP_CKSUM = -4, PS_STAMP_LENGTH = -5 };
int ps_stamp_decode(const unsigned char *buf, size_t len, struct ps_stamp *s);

/* Cheap test on the first bytes only (magic and version): 1 if buf may
 * hold a stamp, for recognisers that check the rest with ps_stamp_decode. */
int ps_stamp_looks(const unsigned char *buf, size_t len);

/* Offset of the first padding byte that breaks the pattern, or len when
 * buf[PS_STAMP_LEN .. len) follows it. */
size_t ps_stamp_pad_check(const unsigned char *buf, size_t len);

#endif
