/* SPDX-License-Identifier: BSD-2-Clause */
/* test_bpf_compile.c - compiling filters once, translating cooked (SLL2)
 * programs for AF_PACKET SOCK_DGRAM sockets, attaching, user-space match. */
#include <linux/filter.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bpf_compile.h"
#include "ps_linktype.h"
#include "ps_test.h"

/* Ethernet + IPv4 + ICMP echo request, 10.0.0.1 > 10.0.0.2 (42 bytes) */
static const uint8_t eth_icmp[] = {
	0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00,
	0x45, 0, 0, 28, 0, 1, 0x40, 0, 64, 1, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
	8, 0, 0xf7, 0xfe, 0, 1, 0, 0};
/* Ethernet + ARP request who-has 10.0.0.2 tell 10.0.0.1 (42 bytes) */
static const uint8_t eth_arp[] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 1, 0x08, 0x06,
	0, 1, 0x08, 0, 6, 4, 0, 1, 0x02, 0, 0, 0, 0, 1, 10, 0, 0, 1,
	0, 0, 0, 0, 0, 0, 10, 0, 0, 2};

static bool match(const struct bpf_program *p, const uint8_t *d, uint32_t n)
{
	struct ps_frame f = {.data = d, .caplen = n, .len = n};

	return ps_bpf_match(p, &f);
}

static void test_bpf_compile_match(void)
{
	struct bpf_program p;
	char err[PS_ERRBUF];

	CU_ASSERT_FATAL(ps_bpf_compile(&p, PS_DLT_EN10MB, 262144, "icmp", err) == 0);
	CU_ASSERT(match(&p, eth_icmp, sizeof eth_icmp));
	CU_ASSERT(!match(&p, eth_arp, sizeof eth_arp));
	pcap_freecode(&p);
	/* RAW: the inet source's link type, no link header */
	CU_ASSERT_FATAL(ps_bpf_compile(&p, PS_DLT_RAW, 262144, "icmp and dst host 10.0.0.2", err) == 0);
	CU_ASSERT(match(&p, eth_icmp + 14, sizeof eth_icmp - 14));
	pcap_freecode(&p);
	/* no expression: accept everything, return the snap length */
	CU_ASSERT_FATAL(ps_bpf_compile(&p, PS_DLT_EN10MB, 96, NULL, err) == 0);
	CU_ASSERT(p.bf_len == 1);
	CU_ASSERT(p.bf_insns[0].code == (BPF_RET | BPF_K) && p.bf_insns[0].k == 96);
	CU_ASSERT(match(&p, eth_arp, sizeof eth_arp));
	pcap_freecode(&p);
}

static void test_bpf_compile_error(void)
{
	struct bpf_program p;
	char err[PS_ERRBUF] = "";

	CU_ASSERT(ps_bpf_compile(&p, PS_DLT_EN10MB, 262144, "tcp port", err) == PS_CAP_EFILTER);
	CU_ASSERT(strstr(err, "syntax error") != NULL);
	CU_ASSERT(ps_bpf_compile(&p, PS_DLT_RAW, 262144, "ether host 1:2:3:4:5:6", err) ==
		  PS_CAP_EFILTER);
}

/* Every packet load moved back by the header; header loads became
 * ancillary ones; nothing else changed. */
static bool moved(const struct bpf_insn *before, const struct bpf_program *p)
{
	unsigned i;

	for (i = 0; i < p->bf_len; i++) {
		const struct bpf_insn *a = &before[i], *b = &p->bf_insns[i];

		if (a->code != b->code || a->jt != b->jt || a->jf != b->jf)
			return false;
		if (BPF_CLASS(a->code) == BPF_LD && BPF_MODE(a->code) == BPF_ABS) {
			if (a->k >= 20 ? b->k != a->k - 20 : b->k < (uint32_t)SKF_AD_OFF)
				return false;
		} else if (BPF_CLASS(a->code) != BPF_RET && a->k != b->k) {
			return false;
		}
	}
	return true;
}

static bool has_load(const struct bpf_program *p, uint32_t k)
{
	unsigned i;

	for (i = 0; i < p->bf_len; i++)
		if (BPF_CLASS(p->bf_insns[i].code) == BPF_LD && p->bf_insns[i].k == k)
			return true;
	return false;
}

static void test_bpf_compile_uncook(void)
{
	struct bpf_insn before[64];
	struct bpf_program p;
	char err[PS_ERRBUF];
	int fd;

	/* the protocol field becomes SKF_AD_PROTOCOL, ip[9] moves from 29 to 9 */
	CU_ASSERT_FATAL(ps_bpf_compile(&p, PS_DLT_LINUX_SLL2, 262144, "icmp or arp", err) == 0);
	CU_ASSERT(has_load(&p, 0));
	CU_ASSERT(has_load(&p, 29));
	CU_ASSERT_FATAL(p.bf_len <= 64);
	memcpy(before, p.bf_insns, p.bf_len * sizeof before[0]);
	CU_ASSERT(ps_bpf_uncook_sll2(&p));
	CU_ASSERT(has_load(&p, (uint32_t)(SKF_AD_OFF + SKF_AD_PROTOCOL)));
	CU_ASSERT(has_load(&p, 9));
	CU_ASSERT(!has_load(&p, 0) && !has_load(&p, 29));
	CU_ASSERT(moved(before, &p));
	CU_ASSERT(p.bf_insns[p.bf_len - 2].k == 262144 - 20 || p.bf_insns[p.bf_len - 1].k == 262144 - 20);
	/* the kernel accepts it (ancillary loads are checked at attach) */
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT(ps_bpf_attach(fd, &p, err) == 0);
	close(fd);
	pcap_freecode(&p);
	/* direction: the pkttype byte becomes SKF_AD_PKTTYPE */
	CU_ASSERT_FATAL(ps_bpf_compile(&p, PS_DLT_LINUX_SLL2, 262144, "inbound", err) == 0);
	CU_ASSERT(ps_bpf_uncook_sll2(&p));
	CU_ASSERT(has_load(&p, (uint32_t)(SKF_AD_OFF + SKF_AD_PKTTYPE)));
	pcap_freecode(&p);
	/* the packet length differs by the header: user space must filter */
	CU_ASSERT_FATAL(ps_bpf_compile(&p, PS_DLT_LINUX_SLL2, 262144, "greater 100", err) == 0);
	CU_ASSERT(!ps_bpf_uncook_sll2(&p));
	pcap_freecode(&p);
}

static void test_bpf_compile_attach_error(void)
{
	struct bpf_program p;
	char err[PS_ERRBUF] = "";

	CU_ASSERT_FATAL(ps_bpf_compile(&p, PS_DLT_EN10MB, 262144, "ip", err) == 0);
	CU_ASSERT(ps_bpf_attach(-1, &p, err) == PS_CAP_EOPEN);
	CU_ASSERT(strstr(err, "SO_ATTACH_FILTER") != NULL);
	pcap_freecode(&p);
}

PST_MAIN("bpf_compile", {"match", test_bpf_compile_match}, {"error", test_bpf_compile_error},
	 {"uncook", test_bpf_compile_uncook}, {"attach_error", test_bpf_compile_attach_error})
