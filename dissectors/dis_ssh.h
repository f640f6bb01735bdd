/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_ssh.h - the SSH layer of the packet record: the identification
 * line (read by protocols.def's headers section: includes nothing of ours). */
#ifndef DIS_SSH_H
#define DIS_SSH_H

#include <stdbool.h>
#include <stdint.h>

struct ps_ssh {
	bool whole;        /* the line ended (LF or CRLF) in this segment */
	uint16_t len;      /* banner bytes without the line end */
	uint32_t off;      /* frame-absolute start of "SSH-" */
};

#endif
