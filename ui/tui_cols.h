/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_cols.h - the packet list's Source, Destination, Protocol and Info
 * columns of a record, and a store of the columns of the packets that the
 * stateful stage (defragmentation, reassembly and the stream decoders)
 * shows otherwise than their frame decoded alone.
 *
 * Columns describe the highest decoded layer, as Wireshark's do: the
 * innermost chain of tunnels (VXLAN, Geneve, GRE, GTP-U, Teredo: its
 * addresses, protocol and text), an application layer with the ports and
 * its own one-line text, and DNS over port 5353 / 5355 as MDNS / LLMNR.
 * A TCP segment whose payload went into an application PDU that does not
 * complete in it (the flow note's pdu, set by the stream decoders' glue)
 * is listed as tshark lists it: Protocol TCP, Info "[TCP segment of a
 * reassembled PDU]" alone when the PDU begins at its first byte, else
 * after the TCP text.  Only the list shows it: the command line's text is
 * tcpdump's (which has no such text) and the JSON schema has no key for it.
 *
 * Decision: the list is drawn from frames decoded alone (rows on screen
 * only, so opening a capture costs no flow work); what the stage changes
 * (a TLS record or HTTP message completed by a later segment, a datagram
 * completed by its last fragment, a segment whose start the stream
 * decoder does not take as a record) comes from the conversations scan,
 * which runs the stage over every packet anyway.  It keeps the columns of
 * just those packets (tui_colkeep_note), in packet order, bounded: at most
 * TUI_COLKEEP_BYTES of text; past that the packets are counted and their
 * rows show the frame alone.  Readers need no lock: entries are published
 * after their text, and text never moves (tui_vec's rule).
 * No curses.
 */
#ifndef TUI_COLS_H
#define TUI_COLS_H

#include <stdbool.h>
#include <stdint.h>

#include "ps_packet.h"
#include "tui_rec.h"
#include "tui_vec.h"

/* tshark's Info text for such a segment (the list keeps it in view) */
#define TUI_PDU_TAG "[TCP segment of a reassembled PDU]"

struct tui_cols {
	char src[48], dst[48], proto[12], info[256];
	uint8_t cls; /* enum tui_cls (tui_model.h) */
};

/* The columns of record p.  Its flow note is set aside meanwhile (and
 * restored): TCP numbers are the frame's, as on every other row. */
void tui_cols_of(struct ps_packet *p, struct tui_cols *c);

#define TUI_COLKEEP_CHUNK (64u << 10)
#define TUI_COLKEEP_BYTES (8u << 20) /* text kept at most */
#define TUI_COLKEEP_CHUNKS (TUI_COLKEEP_BYTES / TUI_COLKEEP_CHUNK)

struct tui_colkeep {
	struct tui_vec idx;   /* pkt << 24 | chunk << 16 | offset, in packet order */
	char *chunk[TUI_COLKEEP_CHUNKS];
	unsigned nchunk;      /* chunks allocated (writer) */
	uint32_t at;          /* bytes used in the last one (writer) */
	uint64_t unkept;      /* packets whose columns did not fit */
	/* the writer's scratch: the frame decoded again, the record's layers before the stage */
	struct ps_packet *alone;
	struct tui_colsnap *snap;
};

/* 0 ok, -1 out of memory. */
int tui_colkeep_init(struct tui_colkeep *k);
void tui_colkeep_free(struct tui_colkeep *k);

/* The writer (the conversations scan), around the stage of packet index
 * pkt: before() looks at the frame decoded alone, note() at the staged
 * record and keeps its columns when they differ from the frame's (data:
 * the frame's bytes, decoded again then; iface as tui_packet_load). */
void tui_colkeep_before(struct tui_colkeep *k, const struct ps_packet *p);
void tui_colkeep_note(struct tui_colkeep *k, struct ps_packet *p, uint64_t pkt,
		      const struct tui_rec *r, const uint8_t *data, const char *iface);

/* A reader: the kept columns of packet index pkt; false when none. */
bool tui_colkeep_get(const struct tui_colkeep *k, uint64_t pkt, struct tui_cols *out);

#endif
