/* SPDX-License-Identifier: BSD-2-Clause */
/* pst_conv.h - one hand-built conversation through a flow table, for the
 * suites of the decoders over a conversation's bytes (test_flow_app,
 * test_http_stream). */
#ifndef PST_CONV_H
#define PST_CONV_H

#include <stdbool.h>
#include <stdint.h>

#include "ps_flow.h"

/* Raw IPv4 (DLT_RAW) + TCP (proto 6) or UDP (17) carrying n payload bytes,
 * dissected into p and tracked by t: from the client 10.0.0.1:40000 to the
 * server 10.0.0.2:port when from_c, else back. */
void pst_conv_feed(struct ps_flow_table *t, struct ps_packet *p, uint16_t port, uint8_t proto,
		   bool from_c, uint16_t flags, uint32_t seq, uint32_t ack, const uint8_t *pl,
		   uint32_t n);
/* A flow table of mem bytes (asserted). */
struct ps_flow_table *pst_conv_table(uint64_t mem);
/* The three-way handshake: client ISN 1000, server ISN 5000 (data starts
 * at 1001 / 5001). */
void pst_conv_handshake(struct ps_flow_table *t, struct ps_packet *p, uint16_t port);

#endif
