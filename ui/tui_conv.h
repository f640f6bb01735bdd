/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_conv.h - the conversations view's rows, fed by a flow table.
 *
 * A background scan runs every stored packet through a bounded flow table
 * (src/flow, sized by --flow-mem) and then through tui_conv_add(), which
 * keeps one row per conversation (transport kind + stream number, as the
 * packet's flow note says).  Rows have a fixed capacity: what does not fit
 * is counted in `other`.  A row remembers the first and last packet index
 * it saw, so the detail tree can find a packet's stream number again
 * without a per-packet array.  Plain data, no locking (the owner locks),
 * no curses.
 */
#ifndef TUI_CONV_H
#define TUI_CONV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ps_flow.h"
#include "ps_packet.h"

struct tui_conv_row {
	struct ps_flow_key key;
	uint8_t kind;          /* enum ps_flow_kind */
	bool ended;
	uint64_t stream;
	uint8_t src[16], dst[16]; /* orig side, resp side */
	uint16_t sport, dport;
	uint64_t pkts[2], bytes[2]; /* [0] orig -> resp, [1] resp -> orig; frame bytes */
	int64_t first_ns, last_ns;
	uint64_t first_pkt, last_pkt; /* packet indexes (0-based) */
	char state[8];         /* Zeek conn_state once the flow ended, else "" */
	char id[PS_FLOW_ID_LEN];
	/* TCP: tshark's base sequence number of each side ([0] orig), from the
	 * flow notes (seq - seq_rel), so the detail tree can show any packet's
	 * relative numbers; base_mixed: the stream came back as a new flow
	 * with other bases (then none are shown) */
	uint32_t base[2];
	uint8_t base_set; /* bit per side */
	bool base_mixed;
};

enum tui_conv_sort { TUI_CS_PACKETS = 0, TUI_CS_BYTES, TUI_CS_DURATION, TUI_CS__N };

struct tui_convs {
	struct tui_conv_row *rows;
	uint32_t *slots;       /* open addressing on (kind, stream): row index + 1, 0 empty */
	unsigned n, cap, nslots;
	uint64_t other;        /* packets of conversations that did not fit */
	/* packets whose tcp.analysis flags the detail tree cannot show: the
	 * scan's list of them was full (tui_flowjob.c) */
	uint64_t anl_unkept;
	/* packets whose list columns show the frame alone, not the stage's:
	 * the store of them was full (tui_cols.h) */
	uint64_t cols_unkept;
};

/* cap rows at most.  0 ok, -1 out of memory. */
int tui_convs_init(struct tui_convs *c, unsigned cap);
void tui_convs_free(struct tui_convs *c);
/* Count packet index `pkt` (its flow note set by ps_flow_packet). */
void tui_convs_add(struct tui_convs *c, const struct ps_packet *p, uint64_t pkt);
/* tshark's relative tcp.seq/tcp.ack of packet p (its TCP layer tl, sent by
 * side dir of row r) into n->seq_rel/ack_rel, and n->tcp_layer = tl; false
 * (n unchanged) when the row does not know its bases. */
bool tui_conv_rel(const struct tui_conv_row *r, const struct ps_packet *p, int tl, unsigned dir,
		  struct ps_flow_note *n);
/* A flow ended (the flow table's callback): its state, endpoints as the table sees them. */
void tui_convs_end(struct tui_convs *c, const struct ps_flow *f);
/* The row of packet index pkt (dissected into p), NULL when unknown. */
const struct tui_conv_row *tui_convs_of(const struct tui_convs *c, const struct ps_packet *p,
					uint64_t pkt);
/* Row indexes into out (c->n of them), most packets/bytes/longest first,
 * ties in first-seen order. */
void tui_convs_sorted(const struct tui_convs *c, enum tui_conv_sort by, unsigned *out);
/* The filter-box text ("bpf:" + a BPF expression) that matches this
 * conversation's packets (both ways).
 * 0 ok, -1 when it does not fit. */
int tui_conv_expr(const struct tui_conv_row *r, char *out, size_t n);
/* "TCP", "UDP", "ICMP", "IP". */
const char *tui_conv_kind_name(unsigned kind);
/* An endpoint as text: "192.0.2.1:80", "[2001:db8::1]:80", without the port for ICMP/other. */
void tui_conv_endpoint(const struct tui_conv_row *r, bool resp, char *out, size_t n);

/* The view's column header and one row's line (the view only draws them). */
void tui_conv_header(char *out, size_t n);
void tui_conv_line(const struct tui_conv_row *r, char *out, size_t n);

#endif
