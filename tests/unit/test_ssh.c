/* SPDX-License-Identifier: BSD-2-Clause */
/* test_ssh.c - CUnit suite of the SSH identification line dissector. */
#include <string.h>

#include "l7_frame.h"
#include "ps_test.h"

static struct ps_packet pkt;
static uint8_t frame[1024];

static uint32_t mk(uint16_t sport, uint16_t dport, const char *s, size_t n)
{
	return l7_tcp_frame(frame, sport, dport, s, n);
}
#define MK(sport, dport, lit) mk((sport), (dport), (lit), sizeof(lit) - 1)

static void test_ssh_banner(void)
{
	uint32_t n = MK(22, 40000, "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n\0\0\0\x14");
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, n, n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("ssh.banner", "SSH-2.0-OpenSSH_9.2p1 Debian-2");
	ASSERT_FIELD("payload.len", "4"); /* the binary packet after the line */
	ASSERT_TEXT("IP 10.0.0.1.22 > 10.0.0.2.40000: Flags [P.], seq 1:37, ack 1, win 512, "
		    "length 36: SSH: SSH-2.0-OpenSSH_9.2p1 Debian-2");
	/* a bare LF ends the line too */
	n = MK(40000, 22, "SSH-1.99-x\n");
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, n, n);
	ASSERT_FIELD("ssh.banner", "SSH-1.99-x");
}

static void test_ssh_heuristic(void)
{
	uint32_t n = MK(2222, 40000, "SSH-2.0-dropbear\r\n");
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, n, n);
	ASSERT_FIELD("ssh.banner", "SSH-2.0-dropbear");
	/* not a banner: port 22 payload stays payload */
	n = MK(22, 40000, "\0\0\0\x14\x0a\x14");
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, n, n);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "ssh.banner"));
	ASSERT_FIELD("payload.len", "6");
	ASSERT_TEXT("IP 10.0.0.1.22 > 10.0.0.2.40000: Flags [P.], seq 1:7, ack 1, win 512, "
		    "length 6");
}

static void test_ssh_binary_banner(void)
{
	/* a control byte: JSON keeps it (escaped), tcpdump prints no text */
	uint32_t n = MK(22, 40000, "SSH-2.0-a\x01\r\n");
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, n, n);
	CU_ASSERT_PTR_NOT_NULL(strstr(pst_json(&pkt), "\"banner\":\"SSH-2.0-a\\u0001\""));
	ASSERT_TEXT("IP 10.0.0.1.22 > 10.0.0.2.40000: Flags [P.], seq 1:13, ack 1, win 512, "
		    "length 12");
}

static void test_ssh_continued(void)
{
	/* the line goes on in the next segment: no banner, no event */
	uint32_t n = MK(22, 40000, "SSH-2.0-OpenSSH");
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, n, n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(pst_json(&pkt), "\"ssh\":{}"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "ssh.banner"));
}

static void test_ssh_too_long(void)
{
	char line[300];
	memset(line, 'a', sizeof line);
	memcpy(line, "SSH-2.0-", 8);
	uint32_t n = mk(22, 40000, line, sizeof line);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, n, n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ssh.banner_too_long"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "ssh.banner"));
}

static void test_ssh_truncated(void)
{
	uint32_t n = MK(22, 40000, "SSH-2.0-OpenSSH_6.2\r\n");
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, L7_HDRS + 10, n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ssh.truncated"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "ssh.banner"));
	ASSERT_TEXT("IP 10.0.0.1.22 > 10.0.0.2.40000: Flags [P.], seq 1:22, ack 1, win 512, "
		    "length 21 [|ssh]");
}

static void test_ssh_sweep(void)
{
	uint32_t n = MK(22, 40000, "SSH-2.0-OpenSSH_6.2\r\n");
	/* prefixes of 4..20 payload bytes start the line but end inside it (and
	 * the last byte, LF, is needed to end it) */
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, frame, n, L7_HDRS, "ssh.truncated"), 17);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, frame, n, 0, "ssh.banner_too_long"), 0);
}

PST_MAIN("ssh", {"banner", test_ssh_banner}, {"heuristic", test_ssh_heuristic},
	 {"binary_banner", test_ssh_binary_banner}, {"continued", test_ssh_continued},
	 {"too_long", test_ssh_too_long}, {"truncated", test_ssh_truncated},
	 {"sweep", test_ssh_sweep})
