/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_quic_conn.h - what a QUIC connection's earlier packets tell about
 * its later ones: the connection ID each side chose.
 *
 * A short header does not say how long its Destination Connection ID is:
 * it is the ID its receiver chose, which that side sent as the Source
 * Connection ID of its long headers.  The flow table (src/flow/flow_app.c)
 * keeps one struct per UDP conversation and shows it every QUIC layer of
 * the conversation in order; a short header whose first bytes after the
 * flags byte are the receiver's ID gets `dcid`, as tshark reports it when
 * it knows the connection.  A receiver that chose a zero-length ID: none.
 */
#ifndef DIS_QUIC_CONN_H
#define DIS_QUIC_CONN_H

#include <stdbool.h>
#include <stdint.h>

#include "ps_packet.h"

#define PS_QUIC_MAX_CID 20u

struct ps_quic_cids {
	uint8_t cid[2][PS_QUIC_MAX_CID]; /* [dir]: the Source CID that side sent */
	uint8_t len[2];
	bool set[2];
};

/* QUIC layer li of p, sent by side dir (0 orig, 1 resp): learn a long
 * header's Source CID, or fill a short header's dcid. */
void ps_quic_conn_packet(struct ps_quic_cids *c, unsigned dir, struct ps_packet *p, unsigned li);

#endif
