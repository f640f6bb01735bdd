/* SPDX-License-Identifier: BSD-2-Clause */
/* probe_frame.h - raw IPv4 frames carrying a probe stamp, for the probe
 * suites (test_probe, test_probe_z). */
#ifndef PS_TEST_PROBE_FRAME_H
#define PS_TEST_PROBE_FRAME_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "ps_stamp.h"

#define PF_CAP_NS 1700000000000000000ull /* pst_dissect's capture time */
#define PF_IP_UDP 28                     /* raw IPv4 20 + UDP 8 */
#define PF_IP_TCP 40                     /* raw IPv4 20 + TCP 20 */

/* Into f: IPv4 10.0.0.1 > 10.0.0.2, UDP (or TCP, PSH|ACK) 40000 > 41000,
 * then a stamp (flag PATTERN) with message length msg_len of which pay
 * bytes are in the packet.  Returns the frame length. */
static inline uint32_t probe_frame(uint8_t *f, bool tcp, uint32_t stream, uint64_t seq,
				   uint32_t msg_len, uint32_t pay, uint64_t send_ns)
{
	uint32_t hl = tcp ? PF_IP_TCP : PF_IP_UDP, total = hl + pay;
	struct ps_stamp s = { .version = 1, .flags = PS_STAMP_F_PATTERN, .stream = stream,
			      .msg_len = msg_len, .seq = seq, .send_ns = send_ns };

	memset(f, 0, total);
	f[0] = 0x45;
	f[2] = (uint8_t)(total >> 8), f[3] = (uint8_t)total;
	f[8] = 64, f[9] = tcp ? 6 : 17;
	memcpy(f + 12, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
	f[20] = 0x9c, f[21] = 0x40, f[22] = 0xa0, f[23] = 0x28;
	if (tcp) {
		f[32] = 0x50, f[33] = 0x18; /* data offset 5, PSH|ACK */
		f[34] = 0xff;
	} else {
		f[24] = (uint8_t)((pay + 8) >> 8), f[25] = (uint8_t)(pay + 8);
	}
	ps_stamp_encode(f + hl, &s);
	ps_stamp_pad(f + hl, pay);
	return total;
}

#endif
