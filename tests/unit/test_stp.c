/* SPDX-License-Identifier: BSD-2-Clause */
/* test_stp.c - CUnit suite of the IEEE 802.1D/Q BPDU dissector (STP, RSTP, MSTP). */
#include <string.h>

#include "ps_test.h"

#define ETH_8023(len_hi, len_lo)                                                                   \
	0x01, 0x80, 0xc2, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01, len_hi, len_lo
#define LLC_STP 0x42, 0x42, 0x03
/* root 8001.aa:bb:cc:00:03:00, cost 4, bridge 7002.aa:bb:cc:00:03:01, port 0x8002,
 * message age 1 s, max age 20 s, hello 2 s, forward delay 15 s */
#define BPDU_BODY                                                                                  \
	0x80, 0x01, 0xaa, 0xbb, 0xcc, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x04, 0x70, 0x02, 0xaa,  \
		0xbb, 0xcc, 0x00, 0x03, 0x01, 0x80, 0x02, 0x01, 0x00, 0x14, 0x00, 0x02, 0x00,      \
		0x0f, 0x00

/* 802.1D configuration BPDU, flags TC + TC ACK (LLC length 38) */
static const uint8_t config[60] = {ETH_8023(0x00, 0x26), LLC_STP, 0x00, 0x00, 0x00, 0x00, 0x81, BPDU_BODY};

/* 802.1w RST BPDU: flags proposal, role designated (0x0c), learning, forwarding; v1 length 0 */
static const uint8_t rst[60] = {ETH_8023(0x00, 0x27), LLC_STP, 0x00, 0x00, 0x02, 0x02, 0x3e, BPDU_BODY, 0x00};

/* 802.1s MST BPDU with one MSTI (v3 length 64 + 16) */
static uint8_t mst[17 + 118];

/* topology change notification */
static const uint8_t tcn[60] = {ETH_8023(0x00, 0x07), LLC_STP, 0x00, 0x00, 0x00, 0x80};

/* PVST+: SNAP 00000c/010b, then the configuration BPDU (flags 0) */
static const uint8_t pvst[64] = {
	0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcd, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01, 0x00, 0x2b,
	0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x01, 0x0b, 0x00, 0x00, 0x00, 0x00, 0x00, BPDU_BODY,
};

static struct ps_packet pkt;
static uint8_t buf[160];

static void build_mst(void)
{
	static const uint8_t head[] = {ETH_8023(0x00, 0x79), LLC_STP, 0x00, 0x00, 0x03, 0x02, 0x7c, BPDU_BODY, 0x00, 0x00, 0x50};
	memset(mst, 0, sizeof mst);
	memcpy(mst, head, sizeof head);
	uint8_t *b = mst + 17;
	memcpy(b + 39, "region1", 7);    /* MCID name, NUL-padded to 32 */
	b[72] = 7;                       /* revision */
	for (unsigned i = 0; i < 16; i++) /* digest */
		b[73 + i] = (uint8_t)i;
	b[92] = 0xc8;                    /* CIST internal root path cost 200 */
	memcpy(b + 93, "\x80\x01\xaa\xbb\xcc\x00\x03\x00", 8);
	b[101] = 20;                     /* remaining hops */
	static const uint8_t msti[16] = {0x78, 0x80, 0x0a, 0xaa, 0xbb, 0xcc, 0x00, 0x03, 0x00,
					 0x00, 0x00, 0x00, 0x64, 0x80, 0x90, 0x13};
	memcpy(b + 102, msti, sizeof msti);
}

static void test_stp_config(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, config, sizeof config, sizeof config);
	CU_ASSERT_EQUAL(pkt.nlayers, 3);
	CU_ASSERT_EQUAL(pkt.layers[2].proto, PS_P_STP);
	CU_ASSERT_EQUAL(pkt.layers[2].hdr_len, 35);
	ASSERT_FIELD("stp.protocol", "0");
	ASSERT_FIELD("stp.version", "0");
	ASSERT_FIELD("stp.type", "0");
	ASSERT_FIELD("stp.flags", "129");
	ASSERT_FIELD("stp.root.prio", "32768");
	ASSERT_FIELD("stp.root.ext", "1");
	ASSERT_FIELD("stp.root.hw", "aa:bb:cc:00:03:00");
	ASSERT_FIELD("stp.root.cost", "4");
	ASSERT_FIELD("stp.bridge.prio", "28672");
	ASSERT_FIELD("stp.bridge.ext", "2");
	ASSERT_FIELD("stp.bridge.hw", "aa:bb:cc:00:03:01");
	ASSERT_FIELD("stp.port", "32770");
	ASSERT_FIELD("stp.msg_age", "256");
	ASSERT_FIELD("stp.max_age", "5120");
	ASSERT_FIELD("stp.hello", "512");
	ASSERT_FIELD("stp.forward", "3840");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "stp.v1_len"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "payload.len"));
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_TEXT("STP 802.1d, Config, Flags [Topology change, Topology change ACK], "
		    "bridge-id 7002.aa:bb:cc:00:03:01.8002, length 35");
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 1, false),
			       "STP 802.1d, Config, Flags [Topology change, Topology change ACK], "
			       "bridge-id 7002.aa:bb:cc:00:03:01.8002, length 35\n"
			       "\tmessage-age 1.00s, max-age 20.00s, hello-time 2.00s, forwarding-delay 15.00s\n"
			       "\troot-id 8001.aa:bb:cc:00:03:00, root-pathcost 4");
}

static void test_stp_rst(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, rst, sizeof rst, sizeof rst);
	CU_ASSERT_EQUAL(pkt.layers[2].hdr_len, 36);
	ASSERT_FIELD("stp.version", "2");
	ASSERT_FIELD("stp.type", "2");
	ASSERT_FIELD("stp.flags", "62");
	ASSERT_FIELD("stp.v1_len", "0");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "stp.v3_len"));
	CU_ASSERT_PTR_NOT_NULL(strstr(pst_text(&pkt, 1, false),
				      "STP 802.1w, Rapid STP, Flags [Proposal, Learn, Forward], "
				      "bridge-id 7002.aa:bb:cc:00:03:01.8002, length 36\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(pst_text(&pkt, 1, false), "root-pathcost 4, port-role Designated"));
}

static void test_stp_mst(void)
{
	build_mst();
	pst_dissect(&pkt, PS_DLT_EN10MB, mst, sizeof mst, sizeof mst);
	CU_ASSERT_EQUAL(pkt.layers[2].hdr_len, 118);
	ASSERT_FIELD("stp.version", "3");
	ASSERT_FIELD("stp.v1_len", "0");
	ASSERT_FIELD("stp.v3_len", "80");
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_TEXT("STP 802.1s, Rapid STP, CIST Flags [Learn, Forward, Agreement], length 118");
	CU_ASSERT_STRING_EQUAL(
		pst_text(&pkt, 1, false),
		"STP 802.1s, Rapid STP, CIST Flags [Learn, Forward, Agreement], length 118\n"
		"\tport-role Designated, CIST root-id 8001.aa:bb:cc:00:03:00, CIST ext-pathcost 4\n"
		"\tCIST regional-root-id 7002.aa:bb:cc:00:03:01, CIST port-id 8002,\n"
		"\tmessage-age 1.00s, max-age 20.00s, hello-time 2.00s, forwarding-delay 15.00s\n"
		"\tv3len 80, MCID Name region1, rev 7,\n"
		"\t\tdigest 000102030405060708090a0b0c0d0e0f, CIST int-root-pathcost 200,\n"
		"\tCIST bridge-id 8001.aa:bb:cc:00:03:00, CIST remaining-hops 20\n"
		"\tMSTI 10, Flags [Learn, Forward, Agreement], port-role Root\n"
		"\t\tMSTI regional-root-id 800a.aa:bb:cc:00:03:00, pathcost 100\n"
		"\t\tMSTI bridge-prio 8, port-prio 9, hops 19");
	/* v1 length not 0 */
	memcpy(buf, mst, sizeof mst);
	buf[17 + 35] = 3;
	pst_dissect(&pkt, PS_DLT_EN10MB, buf, sizeof mst, sizeof mst);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "stp.v1_len_nonzero"));
	ASSERT_TEXT("STP 802.1s, Rapid STP (invalid)");
	/* a v3 length past the BPDU */
	memcpy(buf, mst, sizeof mst);
	buf[17 + 37] = 0x60;
	pst_dissect(&pkt, PS_DLT_EN10MB, buf, sizeof mst, sizeof mst);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "stp.len_invalid"));
	ASSERT_TEXT("STP 802.1s, Rapid STP (invalid)");
}

static void test_stp_tcn_and_pvst(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, tcn, sizeof tcn, sizeof tcn);
	CU_ASSERT_EQUAL(pkt.layers[2].hdr_len, 4);
	ASSERT_FIELD("stp.type", "128");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "stp.flags"));
	ASSERT_TEXT("STP 802.1d, Topology Change");
	pst_dissect(&pkt, PS_DLT_EN10MB, pvst, sizeof pvst, sizeof pvst);
	ASSERT_FIELD("llc.pid", "267");
	ASSERT_FIELD("stp.bridge.hw", "aa:bb:cc:00:03:01");
	/* tcpdump's length is what SNAP leaves: 43 - 8 */
	ASSERT_TEXT("STP 802.1d, Config, Flags [none], bridge-id 7002.aa:bb:cc:00:03:01.8002, length 35");
}

static void test_stp_malformed(void)
{
	/* a configuration BPDU in 20 bytes of LLC payload */
	memcpy(buf, config, sizeof config);
	buf[13] = 3 + 20;
	pst_dissect(&pkt, PS_DLT_EN10MB, buf, sizeof config, sizeof config);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "stp.len_invalid"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "stp.truncated"));
	ASSERT_FIELD("stp.root.hw", "aa:bb:cc:00:03:00");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "stp.bridge.hw"));
	ASSERT_TEXT("STP 802.1d, Config (invalid)");
	/* protocol identifier 1 */
	memcpy(buf, config, sizeof config);
	buf[18] = 1;
	pst_dissect(&pkt, PS_DLT_EN10MB, buf, sizeof config, sizeof config);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "stp.protocol_unknown"));
	ASSERT_FIELD("stp.protocol", "1");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "stp.flags"));
	ASSERT_TEXT("unknown STP version, length 35");
	/* 2 bytes of BPDU */
	memcpy(buf, config, sizeof config);
	buf[13] = 3 + 2;
	pst_dissect(&pkt, PS_DLT_EN10MB, buf, sizeof config, sizeof config);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "stp.len_invalid"));
	ASSERT_TEXT(" (invalid)");
}

static void test_stp_sweep(void)
{
	/* LLC ends at 17: every prefix from 18 to 51 cuts the 35-byte BPDU */
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, config, 52, 17, "stp.truncated"), 35);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, config, sizeof config, 52, 0), 0);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, rst, 53, 17, "stp.truncated"), 36);
	build_mst();
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, mst, sizeof mst, 17, "stp.truncated"), 118);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, tcn, 21, 17, "stp.truncated"), 4);
	pst_sweep(PS_DLT_EN10MB, pvst, sizeof pvst, 0, 0);
	/* a cut BPDU prints up to the part it cannot read, as tcpdump */
	pst_dissect(&pkt, PS_DLT_EN10MB, config, 30, sizeof config);
	ASSERT_TEXT("STP 802.1d, Config, Flags [Topology change, Topology change ACK] [|stp]");
	pst_dissect(&pkt, PS_DLT_EN10MB, config, 50, sizeof config);
	ASSERT_TEXT("STP 802.1d, Config, Flags [Topology change, Topology change ACK], "
		    "bridge-id 7002.aa:bb:cc:00:03:01.8002, length 35");
}

PST_MAIN("stp", {"config", test_stp_config}, {"rst", test_stp_rst}, {"mst", test_stp_mst},
	 {"tcn_and_pvst", test_stp_tcn_and_pvst}, {"malformed", test_stp_malformed},
	 {"sweep", test_stp_sweep})
