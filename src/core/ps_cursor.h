/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_cursor.h - the bounds-checked byte cursor: the only way to read packet bytes.
 *
 * A cursor is a window [pos, end) over one frame.  Offsets are always
 * frame-absolute, so a layer can record where its bytes are without any
 * bookkeeping.  Reads that would run past `end` return 0, set the sticky
 * `short_read` flag and do NOT advance: a dissector can read a whole header
 * and check the flag once.  Comparisons are written `need > remaining`,
 * never `pos + need > end`, so they cannot overflow.
 */
#ifndef PS_CURSOR_H
#define PS_CURSOR_H

#include <stdbool.h>
#include <stdint.h>

struct ps_cursor {
	const uint8_t *frame; /* borrowed: the whole captured frame */
	uint32_t pos;         /* next byte to read, frame-absolute */
	uint32_t end;         /* one past the last readable byte */
	bool short_read;      /* sticky: some read ran past end */
};

static inline void ps_cur_init(struct ps_cursor *c, const uint8_t *frame, uint32_t caplen)
{
	c->frame = frame;
	c->pos = 0;
	c->end = caplen;
	c->short_read = false;
}

static inline uint32_t ps_cur_remaining(const struct ps_cursor *c)
{
	return c->pos < c->end ? c->end - c->pos : 0;
}

static inline bool ps_cur_has(const struct ps_cursor *c, uint32_t need)
{
	return need <= ps_cur_remaining(c);
}

/* Mark a failed read; always returns 0 so reads can `return ps_cur_fail(c)`. */
static inline uint32_t ps_cur_fail(struct ps_cursor *c)
{
	c->short_read = true;
	return 0;
}

/* Read at `at` bytes past pos without advancing (0 + short_read if absent). */
static inline uint8_t ps_cur_peek_u8(struct ps_cursor *c, uint32_t at)
{
	if (at >= ps_cur_remaining(c))
		return (uint8_t)ps_cur_fail(c);
	return c->frame[c->pos + at];
}

static inline uint16_t ps_cur_peek_be16(struct ps_cursor *c, uint32_t at)
{
	uint32_t rem = ps_cur_remaining(c);
	if (at > rem || 2 > rem - at)
		return (uint16_t)ps_cur_fail(c);
	const uint8_t *b = c->frame + c->pos + at;
	return (uint16_t)((uint16_t)b[0] << 8 | b[1]);
}

static inline uint32_t ps_cur_peek_be32(struct ps_cursor *c, uint32_t at)
{
	uint32_t rem = ps_cur_remaining(c);
	if (at > rem || 4 > rem - at)
		return ps_cur_fail(c);
	const uint8_t *b = c->frame + c->pos + at;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static inline uint16_t ps_cur_peek_le16(struct ps_cursor *c, uint32_t at)
{
	uint32_t rem = ps_cur_remaining(c);
	if (at > rem || 2 > rem - at)
		return (uint16_t)ps_cur_fail(c);
	const uint8_t *b = c->frame + c->pos + at;
	return (uint16_t)((uint16_t)b[1] << 8 | b[0]);
}

static inline uint32_t ps_cur_peek_le32(struct ps_cursor *c, uint32_t at)
{
	uint32_t rem = ps_cur_remaining(c);
	if (at > rem || 4 > rem - at)
		return ps_cur_fail(c);
	const uint8_t *b = c->frame + c->pos + at;
	return (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
}

/* Pointer to `n` bytes at `at` past pos, or NULL (+ short_read). No advance. */
static inline const uint8_t *ps_cur_peek_bytes(struct ps_cursor *c, uint32_t at, uint32_t n)
{
	uint32_t rem = ps_cur_remaining(c);
	if (at > rem || n > rem - at) {
		ps_cur_fail(c);
		return 0;
	}
	return c->frame + c->pos + at;
}

/* Advance by n bytes; false (no move, short_read set) if fewer remain. */
static inline bool ps_cur_skip(struct ps_cursor *c, uint32_t n)
{
	if (n > ps_cur_remaining(c)) {
		ps_cur_fail(c);
		return false;
	}
	c->pos += n;
	return true;
}

static inline uint8_t ps_cur_u8(struct ps_cursor *c)
{
	if (!ps_cur_has(c, 1))
		return (uint8_t)ps_cur_fail(c);
	return c->frame[c->pos++];
}

static inline uint16_t ps_cur_be16(struct ps_cursor *c)
{
	if (!ps_cur_has(c, 2))
		return (uint16_t)ps_cur_fail(c);
	uint16_t v = ps_cur_peek_be16(c, 0);
	c->pos += 2;
	return v;
}

static inline uint32_t ps_cur_be32(struct ps_cursor *c)
{
	if (!ps_cur_has(c, 4))
		return ps_cur_fail(c);
	uint32_t v = ps_cur_peek_be32(c, 0);
	c->pos += 4;
	return v;
}

/* Clip the window so that at most n bytes remain after pos: used to bound a
 * payload to the length its header claims (Ethernet padding is not TCP data).
 * Never extends the window. */
static inline void ps_cur_clip(struct ps_cursor *c, uint32_t n)
{
	if (n < ps_cur_remaining(c))
		c->end = c->pos + n;
}

/* A new cursor over the next n bytes (fewer if fewer remain); the parent is
 * not advanced.  Its short_read starts clear. */
static inline struct ps_cursor ps_cur_sub(const struct ps_cursor *c, uint32_t n)
{
	struct ps_cursor s = *c;
	s.short_read = false;
	ps_cur_clip(&s, n);
	return s;
}

#endif
