/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_replay.h - the selected packet as the command line's stateful stage
 * leaves it, for the detail tree: defragmentation, the flow table, TCP
 * reassembly and the stream decoders (TLS records, HTTP messages, DNS over
 * TCP), so the tree shows what `--json` shows for that frame.
 *
 * Decision: the stage is run again for the selected packet only, never
 * kept per packet.  A side table filled by the scan would need a copy of
 * every record the stage changes (every segment of a TLS stream is one),
 * so it is either unbounded or incomplete; a replay costs reads instead,
 * bounded per selection:
 *  - a conversation (a row of the conversations scan: key, first packet)
 *    is replayed from its first packet to the selected one, every packet
 *    through defragmentation, the conversation's own through a flow table
 *    of its own (16 slots: ps_flow_mem_per_flow() * 16 bytes, reassembly
 *    and decoder buffers under the --reassembly-mem budget);
 *  - the stage is kept: selecting a later packet of the same conversation
 *    goes on from where it stopped (browsing down a stream reads each
 *    packet once); an earlier one, or another conversation, starts again;
 *  - at most TUI_REPLAY_MAX packets are read for one selection: beyond it
 *    the tree shows the frame decoded alone (plus its defragmentation
 *    window) with a "[... not rebuilt ...]" line, never a guess;
 *  - an IP fragment without a known conversation (or to find it: the
 *    datagram's layers give its key) gets a defragmentation-only replay of
 *    the TUI_REPLAY_DEFRAG_BACK packets before it.
 * Identity (id, stream, dir) comes from the conversation row, so it is the
 * scan's (the CLI's) numbering, not the private table's.
 *
 * Where the bytes came from: the frames whose segments hold each
 * direction's stream bytes since its current message began (delivered
 * sequence ranges matched against the last TUI_REPLAY_SEGS segments, so
 * in stream order as tshark lists tcp.segment, out-of-order ones
 * included), and the fragments of a datagram (the last TUI_REPLAY_FRAGS
 * seen), listed on the layer the frame completes: "[reassembled from
 * frames 4,5,6]".  The bytes the frames of a stream marker delivered are
 * kept too (at most TUI_REPLAY_BUF per direction), for the bytes pane.
 * No curses, no model: the caller owns the locking of the row it passes.
 */
#ifndef TUI_REPLAY_H
#define TUI_REPLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "tui_conv.h"
#include "tui_stage.h"
#include "tui_store.h"

#define TUI_REPLAY_MAX 32768u       /* packets read for one selection: about 50 ms */
#define TUI_REPLAY_DEFRAG_BACK 256u /* packets before given to defragmentation only */
#define TUI_REPLAY_FRAMES 8u        /* frame numbers a marker lists (then the count) */
#define TUI_REPLAY_FRAGS 64u        /* recent fragments remembered */
#define TUI_REPLAY_MARKS 4u
#define TUI_REPLAY_SEGS 64u         /* recent TCP segments of the conversation remembered */
#define TUI_REPLAY_BUF (64u << 10)  /* stream bytes kept per direction (3 buffers) */

/* One "[reassembled from frames ...]" line, on layer `layer`. */
struct tui_replay_mark {
	int layer;
	unsigned n;           /* frames listed */
	uint64_t total;       /* frames in all */
	uint64_t frames[TUI_REPLAY_FRAMES];
};

struct tui_replay_frag {
	uint64_t n;        /* frame number, 0: free */
	uint32_t id;
	uint8_t v6, proto;
	uint8_t src[16], dst[16];
};

/* The last fragments seen, oldest first from `at`. */
struct tui_replay_frags {
	struct tui_replay_frag v[TUI_REPLAY_FRAGS];
	unsigned at;
};

/* A TCP segment of the conversation: which frame's bytes a delivery is. */
struct tui_replay_seg {
	uint64_t n;        /* frame number, 0: free */
	uint32_t seq, len; /* its data's sequence range */
	uint16_t sport;
	uint8_t src[16];
};

/* One direction's message under way: the frames its bytes came from, and
 * the bytes those frames delivered (the first may end the message before,
 * the last begin the next: frames, not messages, as the marker lists). */
struct tui_replay_dir {
	bool mid;          /* a message of the stream is under way */
	bool touched;      /* the packet being fed delivered bytes of it */
	unsigned n;
	uint64_t total, last;
	uint64_t frames[TUI_REPLAY_FRAMES];
	uint8_t *buf;      /* TUI_REPLAY_BUF bytes */
	uint32_t len;      /* kept */
	uint64_t lost;     /* past TUI_REPLAY_BUF, not kept */
	uint32_t feed_at;  /* where the packet being fed began delivering */
	uint32_t own_lo, own_hi; /* ... its own segment's bytes among them */
};

/* The bytes behind the last call's stream marker (Wireshark's "Reassembled
 * TCP" tab): what the listed frames delivered, in stream order. */
struct tui_replay_bytes {
	int mark;          /* index into mark[], -1: none */
	const uint8_t *buf;
	uint32_t len;
	uint64_t lost;     /* delivered past the TUI_REPLAY_BUF kept */
	uint32_t own_lo, own_hi; /* the selected frame's own bytes */
	uint32_t feed_at;  /* where the bytes it delivered begin (a TUI_N_STREAM span's 0) */
};

struct tui_replay {
	struct tui_store *st;
	struct tui_stage_cfg cfg;  /* as the filter's stage; flow -> fcfg */
	struct ps_flow_cfg fcfg;   /* the caller's, with a 16-flow table */
	const char *iface;
	struct tui_stage *stage;   /* the conversation's run, NULL none */
	struct tui_stage *dstage;  /* defragmentation-only window */
	struct tui_seq seq;
	struct ps_packet *pkt;     /* the record fed last */
	/* the run the stage holds: packets [.., next) of conversation key */
	struct ps_flow_key key;
	uint64_t first, next;
	/* where bytes came from */
	struct tui_replay_frags frags, wfrags; /* the run's; the defragmentation window's */
	struct tui_replay_seg seg[TUI_REPLAY_SEGS];
	unsigned seg_at;
	struct tui_replay_dir dir[2];
	const struct ps_flow *cur;   /* the conversation, as the consumer last saw it */
	struct tui_replay_seg own;   /* the fed packet's segment (n 0: none) */
	uint8_t *spare;              /* a third buffer: a completed message's bytes stay */
	/* result of the last call */
	struct tui_replay_mark mark[TUI_REPLAY_MARKS];
	unsigned nmark;
	uint64_t cut;                /* packets that would have been read (0: none cut) */
	struct tui_replay_bytes bytes;
};

/* cfg: the stage the filter runs (flow NULL: --no-flows), copied.  iface
 * borrowed.  0 ok, -1 out of memory. */
int tui_replay_init(struct tui_replay *r, struct tui_store *st, const struct tui_stage_cfg *cfg,
		    const char *iface);
void tui_replay_free(struct tui_replay *r);
/* True when a frame decoded alone holds an IP fragment. */
bool tui_replay_is_fragment(const struct ps_packet *p);
/* Packet index sel (a fragment) after a defragmentation-only replay of the
 * packets before it; NULL when defragmentation is off or a read failed.
 * Borrowed until the next call. */
const struct ps_packet *tui_replay_defrag(struct tui_replay *r, uint64_t sel);
/* Packet index sel of conversation row (a copy is fine) after the replay
 * described above, its flow note with the row's id (copied to id),
 * stream and dir; NULL when flows are off, a read failed or the bound cut
 * it (r->cut says so; the marks are then tui_replay_defrag's).  Borrowed
 * until the next call. */
const struct ps_packet *tui_replay_conv(struct tui_replay *r, uint64_t sel,
					const struct tui_conv_row *row, char id[PS_FLOW_ID_LEN]);
/* The markers of the last call as text, one per layer: "[reassembled from
 * frames 4,5,6]". */
void tui_replay_mark_text(const struct tui_replay_mark *m, char *out, size_t n);

#endif
