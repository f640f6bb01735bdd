/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_follow.h - the follow-stream view's model: the payload of one TCP or
 * UDP conversation, both directions in capture order, as lines, without
 * loading the stream.
 *
 * The stream is read from the store by packet index (random access), from
 * the conversation's first to its last packet, keeping those whose key
 * matches.  Lines never cross packets: ascii mode breaks after a newline or
 * at the width, hex mode every 16 bytes.  Only a window of lines around the
 * view is decoded; checkpoints (packet index, absolute line number, each
 * direction's next sequence number and byte offset) every few stream
 * packets let the window be decoded again from near any position, so
 * memory is bounded (TUI_FOLLOW_CK checkpoints: when full, every other one
 * is dropped and the spacing doubles) whatever the stream's size.
 *
 * TCP in-order rule (per direction, serial-number arithmetic): the first
 * segment sets next = seq + len (+1 for SYN); a segment entirely before
 * next is a retransmission and skipped, one that overlaps next shows only
 * the bytes from next on, one after next (a gap) is shown and moves next.
 * Segments that arrive out of order are therefore shown in arrival order
 * and the late earlier one is skipped as a retransmission (no buffering:
 * src/reasm is not used here).  UDP: every datagram.  No curses.
 */
#ifndef TUI_FOLLOW_H
#define TUI_FOLLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tui_conv.h"
#include "tui_store.h"

#define TUI_FOLLOW_LINE_MAX 256u /* bytes of one line (ascii width is clipped to it) */
#define TUI_FOLLOW_WIN 256u      /* lines decoded at most: one screen */
#define TUI_FOLLOW_CK 4096u      /* checkpoints */
#define TUI_FOLLOW_CK_EVERY 32u  /* stream packets between checkpoints at first */

struct tui_follow_line {
	uint64_t pkt;   /* packet index */
	uint64_t off;   /* offset of the first byte in its direction's stream */
	uint8_t dir;    /* 0 orig (A -> B), 1 resp */
	uint16_t len;
	uint8_t b[TUI_FOLLOW_LINE_MAX];
};

struct tui_follow_ck {
	uint64_t pkt, line;   /* next packet to read; the number of its first line */
	uint64_t off[2];      /* bytes shown so far per direction */
	uint32_t next[2];     /* TCP: next expected sequence number */
	bool have[2];
};

struct tui_follow {
	struct tui_store *st;
	struct tui_conv_row conv; /* a copy: key, endpoints, packet range */
	bool hex;
	unsigned width;           /* bytes per ascii line */
	uint64_t top;             /* first line shown */
	/* the window: lines top.. */
	struct tui_follow_line *win; /* TUI_FOLLOW_WIN */
	unsigned nwin;
	/* checkpoints, ascending */
	struct tui_follow_ck *ck;    /* TUI_FOLLOW_CK */
	unsigned nck, every;
	bool end_known;          /* total is the number of lines */
	uint64_t total;
	uint64_t retrans;        /* TCP segments (wholly or partly) skipped in the last decode */
	/* scratch */
	struct tui_seq seq;       /* the store's chunked reader */
	struct ps_packet *pkt;
};

/* Follow conversation r (TCP or UDP).  0 ok, -1 out of memory or not TCP/UDP. */
int tui_follow_open(struct tui_follow *f, struct tui_store *st, const struct tui_conv_row *r,
		    bool hex, unsigned width);
void tui_follow_close(struct tui_follow *f);
/* Change the mode or width: line numbers change, so the position goes back
 * to the line holding the first byte shown. */
void tui_follow_set_mode(struct tui_follow *f, bool hex, unsigned width, unsigned rows);
/* Decode lines top .. top + rows - 1 into the window (fewer at the end). */
void tui_follow_fill(struct tui_follow *f, uint64_t top, unsigned rows);
/* Scroll by delta lines (clamped to the stream), then fill `rows` lines. */
void tui_follow_scroll(struct tui_follow *f, int64_t delta, unsigned rows);
/* Jump to the first line, or (end) the last screen. */
void tui_follow_home(struct tui_follow *f, bool end, unsigned rows);
/* A line as text: "> " (orig) or "< " (resp), then ascii (non-printable
 * as '.') or the hex dump with the direction's offset. */
void tui_follow_text(const struct tui_follow *f, const struct tui_follow_line *l, char *out,
		     size_t n);

#endif
