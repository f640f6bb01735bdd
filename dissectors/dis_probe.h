/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_probe.h - the probe layer: a probe stamp (docs/probe-format.md,
 * src/core/ps_stamp.h) found by its bytes on any UDP or TCP port. */
#ifndef DIS_PROBE_H
#define DIS_PROBE_H

#include <stdbool.h>
#include <stdint.h>

/* Delays beyond this (either sign) are not shown: the clocks cannot be
 * meant to agree (an old stamp replayed, an unset clock). */
#define PS_PROBE_DELAY_PLAUSIBLE_NS (3600LL * 1000000000LL)

/* Fields are valid when ps_layer.hdr_len is 32; a layer cut by the
 * capture (probe.truncated) has hdr_len < 32 and only what it covers. */
struct ps_probe {
	uint8_t version, flags;
	uint16_t cksum;
	uint32_t stream;
	uint32_t msg_len; /* header + padding, as the stamp says */
	uint64_t seq;
	uint64_t send_ns; /* ns since the Unix epoch */
	bool has_delay;   /* delay_ns is plausible (PS_PROBE_DELAY_PLAUSIBLE_NS) */
	int64_t delay_ns; /* capture time - send time */
};

#endif
