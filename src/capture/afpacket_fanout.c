/* SPDX-License-Identifier: BSD-2-Clause */
/* afpacket_fanout.c - PACKET_FANOUT for `--workers N --source packet`: N
 * sockets in one group, the kernel picks one per packet.
 *
 * Hash mode is our own classic BPF program (PACKET_FANOUT_CBPF), not the
 * kernel's PACKET_FANOUT_HASH.  The kernel's symmetric flow hash reads no
 * ports from an IP fragment (first one included: the flow dissector stops
 * at the IP header), so the whole datagrams of a UDP conversation (hashed
 * with the ports) and its fragmented ones (without) reached different
 * workers: two flow records for one conversation.  PACKET_FANOUT_FLAG_DEFRAG
 * is no cure: the kernel then hands the socket the reassembled datagram
 * instead of its fragments (`ping -s 3000`: one 3042-byte frame where the
 * wire had 1514 + 1514 + 82 bytes; measured again on 6.18 by
 * tests/e2e/live_fanout_hash.sh), so records and -w files would hold a
 * frame never on the wire.
 *
 * So the program hashes what every packet of a conversation carries:
 * TCP that is not a fragment by addresses and ports; everything else (UDP,
 * ICMP, any fragment, IPv6 with extension headers) by the addresses only.
 * Symmetric (XOR of the two addresses, of the two ports), so both
 * directions reach one worker, and unseeded, so the same traffic always
 * takes the same workers.  The price: UDP between one pair of hosts is one
 * worker's, however many ports it uses (Suricata's eBPF load balancer makes
 * the same choice for all traffic).  Non-IP frames go to worker 0.
 * Offsets are from the network header (SKF_NET_OFF): the link header's
 * length does not matter, and packets sent from this host (whose data
 * starts at the link header) hash as received ones do. */
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

#define NET(k) ((uint32_t)(SKF_NET_OFF + (k)))
#define ST(code, k) ((struct sock_filter)BPF_STMT((code), (k)))
#define JMP(code, k, t, f) ((struct sock_filter)BPF_JUMP((code), (k), (t), (f)))

/* The hash program (see the head comment) into prog[]; its length. */
static unsigned hash_program(struct sock_filter *prog)
{
	unsigned n = 0;
	/* M[0]: the addresses' XOR, then with the ports' XOR for TCP */
	prog[n++] = ST(BPF_LD | BPF_H | BPF_ABS, (uint32_t)(SKF_AD_OFF + SKF_AD_PROTOCOL));
	prog[n++] = JMP(BPF_JMP | BPF_JEQ | BPF_K, 0x0800, 1, 0);
	prog[n++] = JMP(BPF_JMP | BPF_JA, 0, 0, 0); /* -> ipv6 (patched below) */
	unsigned to_v6 = n - 1;
	/* IPv4 */
	prog[n++] = ST(BPF_LD | BPF_W | BPF_ABS, NET(12));
	prog[n++] = ST(BPF_MISC | BPF_TAX, 0);
	prog[n++] = ST(BPF_LD | BPF_W | BPF_ABS, NET(16));
	prog[n++] = ST(BPF_ALU | BPF_XOR | BPF_X, 0);
	prog[n++] = ST(BPF_ST, 0);
	prog[n++] = ST(BPF_LD | BPF_B | BPF_ABS, NET(9));
	prog[n++] = JMP(BPF_JMP | BPF_JEQ | BPF_K, 6, 0, 0); /* not TCP -> mix (patched) */
	unsigned v4_not_tcp = n - 1;
	prog[n++] = ST(BPF_LD | BPF_H | BPF_ABS, NET(6));
	prog[n++] = JMP(BPF_JMP | BPF_JSET | BPF_K, 0x3fff, 0, 0); /* a fragment -> mix */
	unsigned v4_frag = n - 1;
	prog[n++] = ST(BPF_LDX | BPF_B | BPF_MSH, NET(0)); /* X = IP header length */
	prog[n++] = ST(BPF_LD | BPF_W | BPF_IND, NET(0));  /* A = sport << 16 | dport */
	prog[n++] = JMP(BPF_JMP | BPF_JA, 0, 0, 0);           /* -> ports (patched) */
	unsigned v4_ports = n - 1;
	/* IPv6: not IPv6 -> worker 0 */
	unsigned v6 = n;
	prog[n++] = JMP(BPF_JMP | BPF_JEQ | BPF_K, 0x86dd, 1, 0);
	prog[n++] = ST(BPF_RET | BPF_K, 0);
	prog[n++] = ST(BPF_LD | BPF_W | BPF_ABS, NET(8));
	for (uint32_t off = 12; off < 40; off += 4) {
		prog[n++] = ST(BPF_MISC | BPF_TAX, 0);
		prog[n++] = ST(BPF_LD | BPF_W | BPF_ABS, NET(off));
		prog[n++] = ST(BPF_ALU | BPF_XOR | BPF_X, 0);
	}
	prog[n++] = ST(BPF_ST, 0);
	prog[n++] = ST(BPF_LD | BPF_B | BPF_ABS, NET(6)); /* next header: TCP itself only */
	prog[n++] = JMP(BPF_JMP | BPF_JEQ | BPF_K, 6, 0, 0); /* -> mix (patched) */
	unsigned v6_not_tcp = n - 1;
	prog[n++] = ST(BPF_LD | BPF_W | BPF_ABS, NET(40));
	/* ports: A = sport << 16 | dport -> M[0] ^= sport ^ dport */
	unsigned ports = n;
	prog[n++] = ST(BPF_MISC | BPF_TAX, 0);
	prog[n++] = ST(BPF_ALU | BPF_RSH | BPF_K, 16);
	prog[n++] = ST(BPF_ALU | BPF_XOR | BPF_X, 0); /* low 16 bits: sport ^ dport */
	prog[n++] = ST(BPF_ALU | BPF_AND | BPF_K, 0xffff);
	prog[n++] = ST(BPF_LDX | BPF_MEM, 0);
	prog[n++] = ST(BPF_ALU | BPF_XOR | BPF_X, 0);
	prog[n++] = ST(BPF_ST, 0);
	/* mix: the kernel takes the result modulo the group's size */
	unsigned mix = n;
	prog[n++] = ST(BPF_LD | BPF_MEM, 0);
	prog[n++] = ST(BPF_ALU | BPF_MUL | BPF_K, 0x9e3779b1u);
	prog[n++] = ST(BPF_ALU | BPF_RSH | BPF_K, 16);
	prog[n++] = ST(BPF_RET | BPF_A, 0);
	prog[to_v6].k = v6 - to_v6 - 1;
	prog[v4_not_tcp].jf = (uint8_t)(mix - v4_not_tcp - 1);
	prog[v4_frag].jt = (uint8_t)(mix - v4_frag - 1);
	prog[v4_ports].k = ports - v4_ports - 1;
	prog[v6_not_tcp].jf = (uint8_t)(mix - v6_not_tcp - 1);
	return n;
}

int afp_fanout_join(int fd, unsigned group, const char *mode, char *err)
{
	static const struct {
		const char *name;
		int type;
	} modes[] = {
		{"hash", PACKET_FANOUT_CBPF},
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
	if (type == PACKET_FANOUT_CBPF) { /* the group's program; each member sets the same */
		struct sock_filter prog[64];
		struct sock_fprog fp = {.len = (unsigned short)hash_program(prog), .filter = prog};
		if (setsockopt(fd, SOL_PACKET, PACKET_FANOUT_DATA, &fp, sizeof fp) < 0) {
			snprintf(err, PS_ERRBUF, "PACKET_FANOUT_DATA (hash program): %s",
				 strerror(errno));
			return PS_CAP_EOPEN;
		}
	}
	return 0;
}
