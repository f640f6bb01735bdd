/* SPDX-License-Identifier: BSD-2-Clause */
/* test_afpacket.c - the "packet" source's frame building without a socket:
 * VLAN tags put back, LINUX_SLL2 headers, direction, loopback duplicates,
 * snap length, user-space filter; and the ring sizing rules. */
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <net/if_arp.h>
#include <stdlib.h>
#include <string.h>

#include "afpacket_priv.h"
#include "ps_linktype.h"
#include "ps_test.h"

/* Ethernet + ARP request who-has 10.0.0.2 tell 10.0.0.1, tag stripped (42 bytes) */
static const uint8_t eth_arp[] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 1, 0x08, 0x06,
	0, 1, 0x08, 0, 6, 4, 0, 1, 0x02, 0, 0, 0, 0, 1, 10, 0, 0, 1,
	0, 0, 0, 0, 0, 0, 10, 0, 0, 2};

static struct afp *mkafp(bool cooked, uint32_t snaplen)
{
	struct afp *a = calloc(1, sizeof *a);

	CU_ASSERT_FATAL(a != NULL);
	a->cooked = cooked;
	a->snaplen = snaplen;
	a->buf_size = snaplen + AFP_SLL2_LEN + AFP_VLAN_LEN;
	a->buf = malloc(a->buf_size);
	CU_ASSERT_FATAL(a->buf != NULL);
	return a;
}

static void freeafp(struct afp *a)
{
	if (a->user_filter)
		pcap_freecode(&a->prog);
	free(a->buf);
	free(a);
}

static struct sockaddr_ll mksll(unsigned pkttype, unsigned hatype, unsigned proto)
{
	struct sockaddr_ll s;

	memset(&s, 0xee, sizeof s); /* stale bytes past halen must not leak */
	s.sll_family = AF_PACKET;
	s.sll_protocol = htons((uint16_t)proto);
	s.sll_ifindex = 7;
	s.sll_hatype = (uint16_t)hatype;
	s.sll_pkttype = (uint8_t)pkttype;
	s.sll_halen = 6;
	memcpy(s.sll_addr, "\x02\x00\x00\x00\x00\x01", 6);
	return s;
}

static void test_afpacket_plain(void)
{
	struct afp *a = mkafp(false, 262144);
	struct sockaddr_ll sll = mksll(PACKET_OUTGOING, ARPHRD_ETHER, ETH_P_ARP);
	struct afp_pkt p = {.sll = &sll, .data = eth_arp, .snap = 42, .len = 42};
	struct ps_frame f;

	memset(&f, 0, sizeof f);
	CU_ASSERT(afp_build(a, &p, &f));
	CU_ASSERT(f.data == eth_arp); /* no copy without a tag */
	CU_ASSERT(f.caplen == 42 && f.len == 42);
	CU_ASSERT(f.direction == 1);
	CU_ASSERT(f.ifindex == 7);
	sll.sll_pkttype = PACKET_BROADCAST;
	CU_ASSERT(afp_build(a, &p, &f));
	CU_ASSERT(f.direction == 0);
	/* loopback: the outgoing copy is dropped, the incoming one kept */
	sll.sll_hatype = ARPHRD_LOOPBACK;
	sll.sll_pkttype = PACKET_OUTGOING;
	CU_ASSERT(!afp_build(a, &p, &f));
	sll.sll_pkttype = PACKET_HOST;
	CU_ASSERT(afp_build(a, &p, &f));
	freeafp(a);
}

static void test_afpacket_vlan(void)
{
	struct afp *a = mkafp(false, 262144);
	struct sockaddr_ll sll = mksll(PACKET_HOST, ARPHRD_ETHER, ETH_P_ARP);
	struct afp_pkt p = {.sll = &sll, .data = eth_arp, .snap = 42, .len = 60,
			    .vlan = true, .tpid = ETH_P_8021Q, .tci = (3u << 13) | 10};
	struct ps_packet *pk = calloc(1, sizeof *pk);
	struct ps_frame f;

	CU_ASSERT_FATAL(pk != NULL);
	CU_ASSERT(afp_build(a, &p, &f));
	CU_ASSERT(f.caplen == 46 && f.len == 64);
	CU_ASSERT(memcmp(f.data, eth_arp, 12) == 0);
	CU_ASSERT(f.data[12] == 0x81 && f.data[13] == 0x00 && f.data[14] == 0x60 && f.data[15] == 10);
	CU_ASSERT(memcmp(f.data + 16, eth_arp + 12, 30) == 0);
	pst_dissect(pk, PS_DLT_EN10MB, f.data, f.caplen, f.len);
	CU_ASSERT_STRING_EQUAL(pst_field(pk, "vlan.0.id") ? pst_field(pk, "vlan.0.id") : "", "10");
	CU_ASSERT_STRING_EQUAL(pst_field(pk, "vlan.0.pcp") ? pst_field(pk, "vlan.0.pcp") : "", "3");
	CU_ASSERT_STRING_EQUAL(pst_field(pk, "arp.tpa") ? pst_field(pk, "arp.tpa") : "", "10.0.0.2");
	/* 802.1ad when the kernel says which TPID it stripped */
	p.tpid = 0x88a8;
	CU_ASSERT(afp_build(a, &p, &f));
	CU_ASSERT(f.data[12] == 0x88 && f.data[13] == 0xa8);
	/* the snap length still holds with the tag back in */
	a->snaplen = 20;
	CU_ASSERT(afp_build(a, &p, &f));
	CU_ASSERT(f.caplen == 20 && f.len == 64);
	free(pk);
	freeafp(a);
}

static void test_afpacket_sll2(void)
{
	struct afp *a = mkafp(true, 262144);
	struct sockaddr_ll sll = mksll(PACKET_OTHERHOST, ARPHRD_ETHER, ETH_P_ARP);
	struct afp_pkt p = {.sll = &sll, .data = eth_arp + 14, .snap = 28, .len = 28};
	static const uint8_t hdr[20] = {0x08, 0x06, 0, 0, 0, 0, 0, 7, 0, 1, 3, 6,
					0x02, 0, 0, 0, 0, 1, 0, 0};
	struct ps_packet *pk = calloc(1, sizeof *pk);
	struct ps_frame f;

	CU_ASSERT_FATAL(pk != NULL);
	CU_ASSERT(afp_build(a, &p, &f));
	CU_ASSERT(f.caplen == 48 && f.len == 48);
	CU_ASSERT(memcmp(f.data, hdr, 20) == 0);
	CU_ASSERT(memcmp(f.data + 20, eth_arp + 14, 28) == 0);
	pst_dissect(pk, PS_DLT_LINUX_SLL2, f.data, f.caplen, f.len);
	CU_ASSERT_STRING_EQUAL(pst_field(pk, "sll.ifindex") ? pst_field(pk, "sll.ifindex") : "", "7");
	CU_ASSERT_STRING_EQUAL(pst_field(pk, "sll.pkttype") ? pst_field(pk, "sll.pkttype") : "", "3");
	CU_ASSERT_STRING_EQUAL(pst_field(pk, "arp.op") ? pst_field(pk, "arp.op") : "", "1");
	/* with a tag: proto = TPID, then TCI and the real protocol */
	p.vlan = true;
	p.tpid = ETH_P_8021Q;
	p.tci = 42;
	CU_ASSERT(afp_build(a, &p, &f));
	CU_ASSERT(f.caplen == 52 && f.len == 52);
	CU_ASSERT(f.data[0] == 0x81 && f.data[1] == 0x00);
	CU_ASSERT(f.data[20] == 0 && f.data[21] == 42 && f.data[22] == 0x08 && f.data[23] == 0x06);
	pst_dissect(pk, PS_DLT_LINUX_SLL2, f.data, f.caplen, f.len);
	CU_ASSERT_STRING_EQUAL(pst_field(pk, "vlan.0.id") ? pst_field(pk, "vlan.0.id") : "", "42");
	CU_ASSERT_STRING_EQUAL(pst_field(pk, "arp.spa") ? pst_field(pk, "arp.spa") : "", "10.0.0.1");
	free(pk);
	freeafp(a);
}

static void test_afpacket_user_filter(void)
{
	struct afp *a = mkafp(true, 262144);
	struct sockaddr_ll sll = mksll(PACKET_HOST, ARPHRD_ETHER, ETH_P_ARP);
	struct afp_pkt p = {.sll = &sll, .data = eth_arp + 14, .snap = 28, .len = 28};
	char err[PS_ERRBUF];
	struct ps_frame f;

	CU_ASSERT_FATAL(ps_bpf_compile(&a->prog, PS_DLT_LINUX_SLL2, 262144, "arp and greater 40", err) == 0);
	a->user_filter = true;
	CU_ASSERT(afp_build(a, &p, &f)); /* 48 bytes with the header */
	pcap_freecode(&a->prog);
	CU_ASSERT_FATAL(ps_bpf_compile(&a->prog, PS_DLT_LINUX_SLL2, 262144, "ip", err) == 0);
	CU_ASSERT(!afp_build(a, &p, &f));
	freeafp(a);
}

static void test_afpacket_ring_size(void)
{
	unsigned bs, n;

	ps_ring_size(0, &bs, &n); /* default 4 MiB */
	CU_ASSERT(bs == 256u << 10 && n == 16);
	ps_ring_size(64u << 20, &bs, &n);
	CU_ASSERT(bs == 1u << 20 && n == 64);
	ps_ring_size(256u << 10, &bs, &n);
	CU_ASSERT(bs == 16u << 10 && n == 16);
	ps_ring_size(16u << 10, &bs, &n); /* at least a page */
	CU_ASSERT(bs == 4096 && n == 4);
	ps_ring_size(4096, &bs, &n); /* at least two blocks */
	CU_ASSERT(bs == 4096 && n == 2);
	ps_ring_size(6u << 20, &bs, &n);
	CU_ASSERT(bs == 256u << 10 && n == 24);
}

PST_MAIN("afpacket", {"plain", test_afpacket_plain}, {"vlan", test_afpacket_vlan},
	 {"sll2", test_afpacket_sll2}, {"user_filter", test_afpacket_user_filter},
	 {"ring_size", test_afpacket_ring_size})
