/* SPDX-License-Identifier: BSD-2-Clause */
/* afpacket_fanout.c - PACKET_FANOUT for `--workers N --source packet`: N
 * sockets in one group, the kernel picks one per packet.  In hash mode the
 * kernel's flow hash is symmetric, so both directions of a conversation reach
 * the same socket (and so the same worker and flow table).  No
 * PACKET_FANOUT_FLAG_DEFRAG: with it the kernel hands the socket the
 * reassembled datagram instead of the fragments (a 3042-byte frame where the
 * wire had three), so -w files and records would differ from one worker.
 * Without it the hash of every fragment, the first included, covers only the
 * addresses and protocol (the kernel's flow dissector reads no ports from a
 * fragment), so a datagram's fragments reach one worker, whose own
 * defragmentation (src/reasm) reassembles them as one worker's does. */
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "afpacket_setup.h"

int afp_fanout_hold(int fd, char *err)
{
	struct sock_filter drop = BPF_STMT(BPF_RET | BPF_K, 0);
	struct sock_fprog prog = {.len = 1, .filter = &drop};
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) < 0) {
		snprintf(err, PS_ERRBUF, "SO_ATTACH_FILTER: %s", strerror(errno));
		return PS_CAP_EOPEN;
	}
	return 0;
}

int afp_fanout_join(int fd, unsigned group, const char *mode, char *err)
{
	static const struct {
		const char *name;
		int type;
	} modes[] = {
		{"hash", PACKET_FANOUT_HASH},
		{"lb", PACKET_FANOUT_LB},
		{"cpu", PACKET_FANOUT_CPU},
		{"qm", PACKET_FANOUT_QM},
	};
	int type = -1;
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
		if (strcmp(mode ? mode : "hash", modes[i].name) == 0)
			type = modes[i].type;
	if (type < 0) {
		snprintf(err, PS_ERRBUF, "unknown fanout mode %s", mode);
		return PS_CAP_EOPEN;
	}
	uint32_t arg = (group & 0xffffu) | (uint32_t)type << 16; /* the flags reach bit 31 */
	if (setsockopt(fd, SOL_PACKET, PACKET_FANOUT, &arg, sizeof arg) < 0) {
		snprintf(err, PS_ERRBUF, "PACKET_FANOUT %s group %u: %s", mode ? mode : "hash",
			 group & 0xffff, strerror(errno));
		return PS_CAP_EOPEN;
	}
	return 0;
}
