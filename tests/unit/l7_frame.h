/* SPDX-License-Identifier: BSD-2-Clause */
/* l7_frame.h - hand-built Ethernet + IPv4 + TCP frames around an
 * application payload, for the application-layer suites. */
#ifndef PS_L7_FRAME_H
#define PS_L7_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define L7_HDRS 54u /* Ethernet 14 + IPv4 20 + TCP 20 */

/* Write 10.0.0.1.sport > 10.0.0.2.dport, flags P., seq 1, ack 1, win 512,
 * carrying `payload` (n bytes) into `out` (room for L7_HDRS + n); returns
 * the frame length. */
uint32_t l7_tcp_frame(uint8_t *out, uint16_t sport, uint16_t dport, const void *payload,
		      size_t n);

#endif
