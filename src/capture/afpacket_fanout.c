/* SPDX-License-Identifier: BSD-2-Clause */
/* afpacket_fanout.c - PACKET_FANOUT for `--workers N --source packet`: N
 * sockets in one group, the kernel picks one per packet.  In hash mode the
 * kernel's flow hash is symmetric, so both directions of a conversation reach
 * the same socket (and so the same worker and flow table); the defrag flag
 * hashes a fragmented datagram once it is whole, so its fragments follow
 * their flow too. */
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
		{"hash", PACKET_FANOUT_HASH | PACKET_FANOUT_FLAG_DEFRAG},
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
