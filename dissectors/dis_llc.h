/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_llc.h - the decoded IEEE 802.2 LLC header (with its SNAP extension)
 * and the IEEE 802.1D/Q bridge PDU. */
#ifndef DIS_LLC_H
#define DIS_LLC_H

#include <stdbool.h>
#include <stdint.h>

/* Fields are valid by the captured header length (ps_layer.hdr_len):
 * dsap at 1, ssap at 2, control at ctrl_len + 2, oui/pid at ctrl_len + 7. */
struct ps_llc {
	uint8_t dsap, ssap;  /* as on the wire: I/G and C/R bits included */
	uint8_t ctrl_len;    /* 1 (U frame) or 2 (I and S frames: little-endian) */
	uint16_t control;
	bool snap;           /* DSAP = SSAP = 0xaa, UI: a SNAP header follows */
	uint32_t oui;        /* SNAP organisation code (24 bits) */
	uint16_t pid;        /* SNAP protocol id (an EtherType when oui is 0) */
	uint32_t len;        /* bytes the 802.3 length gives LLC (tcpdump's "length") */
};

/* Valid by hdr_len like ps_llc: protocol at 2, version 3, type 4, flags 5,
 * the configuration fields at 35, v1_len at 36, the MSTP CIST part at 102. */
struct ps_stp {
	uint16_t protocol; /* 0: spanning tree */
	uint8_t version;   /* 0 STP, 2 RSTP, 3 MSTP, 4 SPB */
	uint8_t type;      /* 0x00 config, 0x02 RST/MST, 0x80 TCN */
	uint8_t flags;
	uint8_t root[8];   /* priority (2 bytes, 12-bit system id ext) + MAC */
	uint32_t root_cost;
	uint8_t bridge[8];
	uint16_t port;
	uint16_t msg_age, max_age, hello, forward; /* 1/256 s */
	uint8_t v1_len;
	uint16_t v3_len;   /* MSTP: bytes after this field */
	uint32_t len;      /* bytes the carrier gives the BPDU (tcpdump's "length") */
};

#endif
