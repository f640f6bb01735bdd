/* SPDX-License-Identifier: BSD-2-Clause */
/* test_pcapfile.c - the capture-file reader on hand-built pcap and pcapng
 * bytes: time stamps at the edges (if_tsoffset near INT64_MAX, if_tsresol
 * extremes: the fuzzer's and the container mutation test's findings),
 * block-structure errors, link types with FCS bits, random access. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ps_linktype.h"
#include "ps_pcapfile.h"
#include "ps_test.h"
#include "pcapng_asm.h"

/* One EPB on an interface with these options: the record's time. */
static int one_ts(int tsresol, bool off_opt, uint64_t off, uint64_t ts, struct ps_pcaprec *r,
		  char *err)
{
	struct pst_asm a = {.n = 0};
	pst_shb(&a);
	pst_idb(&a, tsresol, off_opt, off);
	pst_epb(&a, 0, ts, 4);
	struct ps_pcapfile *pf = pst_open_bytes(&a, 0, err);
	if (!pf)
		return -1;
	int rc = ps_pcapfile_next(pf, r, err, 256);
	ps_pcapfile_close(pf);
	return rc;
}

/* The fuzzer's and the mutation test's input: if_tsoffset near INT64_MAX
 * plus the packet's seconds overflowed int64 (UBSan); now it saturates. */
static void test_pcapfile_tsoffset_saturates(void)
{
	char err[256] = "";
	struct ps_pcaprec r;
	CU_ASSERT_EQUAL(one_ts(-1, true, INT64_MAX, 1562346644000000ull, &r, err), 1);
	CU_ASSERT_EQUAL(r.sec, PS_PCAP_SEC_MAX);
	CU_ASSERT_EQUAL(r.frac, 0);
	CU_ASSERT_EQUAL(one_ts(-1, true, (uint64_t)INT64_MIN, 1562346644000001ull, &r, err), 1);
	CU_ASSERT_EQUAL(r.sec, PS_PCAP_SEC_MIN);
	CU_ASSERT_EQUAL(r.frac, 1);
	/* an ordinary offset is added exactly */
	CU_ASSERT_EQUAL(one_ts(-1, true, (uint64_t)-100, 1562346644250000ull, &r, err), 1);
	CU_ASSERT_EQUAL(r.sec, 1562346544);
	CU_ASSERT_EQUAL(r.frac, 250000);
}

/* if_tsresol 10^0 (1 s units) and a 64-bit time stamp: more seconds than
 * an int64 holds; 2^-63 is the finest unit a 64-bit count allows. */
static void test_pcapfile_tsresol_extremes(void)
{
	char err[256] = "";
	struct ps_pcaprec r;
	CU_ASSERT_EQUAL(one_ts(0, false, 0, UINT64_MAX, &r, err), 1);
	CU_ASSERT_EQUAL(r.sec, PS_PCAP_SEC_MAX);
	CU_ASSERT_EQUAL(one_ts(0, true, INT64_MAX, UINT64_MAX, &r, err), 1);
	CU_ASSERT_EQUAL(r.sec, PS_PCAP_SEC_MAX);
	CU_ASSERT_EQUAL(one_ts(0x80 | 63, false, 0, UINT64_MAX, &r, err), 1);
	CU_ASSERT_EQUAL(r.sec, 1);               /* 2^64-1 units of 2^-63 s */
	CU_ASSERT_EQUAL(r.frac, 999999999);       /* ns: the interface is finer than µs */
	CU_ASSERT_EQUAL(one_ts(19, false, 0, UINT64_MAX, &r, err), 1);
	CU_ASSERT_EQUAL(r.sec, 1);               /* 10^-19 s units */
	CU_ASSERT_EQUAL(r.frac, 844674407);
}

/* Units finer than a 64-bit count can hold are refused, as libpcap does. */
static void test_pcapfile_tsresol_too_fine(void)
{
	char err[256] = "";
	struct ps_pcaprec r;
	CU_ASSERT_EQUAL(one_ts(20, false, 0, 1, &r, err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "if_tsresol 10^-20 is too fine"));
	CU_ASSERT_EQUAL(one_ts(0x80 | 64, false, 0, 1, &r, err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "if_tsresol 2^-64 is too fine"));
	CU_ASSERT_EQUAL(one_ts(127, false, 0, 1, &r, err), -1);
}

/* Two interfaces of different precision: the file's (-r) or each one's (TUI). */
static void test_pcapfile_precision_modes(void)
{
	struct pst_asm a = {.n = 0};
	char err[256] = "";
	pst_shb(&a);
	pst_idb(&a, 9, false, 0);   /* ns */
	pst_idb(&a, -1, false, 0);  /* µs */
	pst_epb(&a, 1, 1500000000123456ull, 2);
	for (unsigned mode = 0; mode < 2; mode++) {
		struct ps_pcapfile *pf = pst_open_bytes(&a, mode ? PS_PCAPFILE_IFACE_PRECISION : 0, err);
		CU_ASSERT_PTR_NOT_NULL_FATAL(pf);
		CU_ASSERT(ps_pcapfile_nano(pf));
		struct ps_pcaprec r;
		CU_ASSERT_EQUAL(ps_pcapfile_next(pf, &r, err, sizeof err), 1);
		CU_ASSERT_EQUAL(r.sec, 1500000000);
		CU_ASSERT_EQUAL(r.nano, !mode);
		CU_ASSERT_EQUAL(r.frac, mode ? 123456u : 123456000u);
		CU_ASSERT_EQUAL(r.pos.iface, 1);
		ps_pcapfile_close(pf);
	}
}

/* Sequential and random access agree; a wrong position fails cleanly. */
static void test_pcapfile_read_at(void)
{
	struct pst_asm a = {.n = 0};
	char err[256] = "";
	pst_shb(&a);
	pst_idb(&a, -1, false, 0);
	pst_epb(&a, 0, 5000001, 3);
	pst_shb(&a); /* a second section numbers its interfaces from 0 again */
	pst_idb(&a, 9, false, 0);
	pst_epb(&a, 0, 7000000002ull, 5);
	struct ps_pcapfile *pf = pst_open_bytes(&a, PS_PCAPFILE_IFACE_PRECISION, err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(pf);
	struct ps_pcaprec r, s;
	struct ps_pcappos pos[2];
	for (int i = 0; i < 2; i++) {
		CU_ASSERT_EQUAL_FATAL(ps_pcapfile_next(pf, &r, err, sizeof err), 1);
		pos[i] = r.pos;
	}
	CU_ASSERT_EQUAL(ps_pcapfile_next(pf, &r, err, sizeof err), 0);
	CU_ASSERT_EQUAL(ps_pcapfile_ifaces(pf), 2);
	CU_ASSERT_EQUAL(pos[1].iface, 1);
	CU_ASSERT_EQUAL(pos[1].kind, PS_PCAP_K_EPB);
	uint8_t buf[8];
	CU_ASSERT_EQUAL(ps_pcapfile_read_at(pf, &pos[1], &s, buf, sizeof buf, err, sizeof err), 1);
	CU_ASSERT_EQUAL(s.sec, 7);
	CU_ASSERT_EQUAL(s.frac, 2);
	CU_ASSERT(s.nano);
	CU_ASSERT_EQUAL(s.caplen, 5);
	CU_ASSERT_EQUAL(s.ifid, 0);
	CU_ASSERT_EQUAL(buf[4], 0xA4);
	CU_ASSERT_EQUAL(ps_pcapfile_read_at(pf, &pos[0], &s, buf, 2, err, sizeof err), 1);
	CU_ASSERT_EQUAL(s.sec, 5);
	CU_ASSERT_EQUAL(s.frac, 1);
	CU_ASSERT_EQUAL(s.caplen, 2); /* clipped to the buffer */
	struct ps_pcappos bad = pos[0];
	bad.offset += 4;
	CU_ASSERT_EQUAL(ps_pcapfile_read_at(pf, &bad, &s, buf, sizeof buf, err, sizeof err), -1);
	bad = pos[0];
	bad.iface = 2;
	CU_ASSERT_EQUAL(ps_pcapfile_read_at(pf, &bad, &s, buf, sizeof buf, err, sizeof err), -1);
	ps_pcapfile_close(pf);
}

/* Block-structure damage: each an error with its reason, never a crash. */
static void test_pcapfile_bad_blocks(void)
{
	char err[256] = "";
	struct ps_pcaprec r;
	struct pst_asm a = {.n = 0};
	pst_shb(&a);
	pst_idb(&a, -1, false, 0);
	pst_epb(&a, 3, 1, 4); /* no interface 3 */
	struct ps_pcapfile *pf = pst_open_bytes(&a, 0, err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(pf);
	CU_ASSERT_EQUAL(ps_pcapfile_next(pf, &r, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "undeclared interface 3"));
	ps_pcapfile_close(pf);

	a.n = 0;
	pst_shb(&a);
	pst_idb(&a, -1, false, 0);
	pst_epb(&a, 0, 1, 4);
	uint32_t huge = 0xFFFFFFF0u; /* caplen far beyond the block */
	memcpy(a.b + a.n - 4 - 4 - 8, &huge, 4);
	pf = pst_open_bytes(&a, 0, err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(pf);
	CU_ASSERT_EQUAL(ps_pcapfile_next(pf, &r, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "captured bytes in a"));
	ps_pcapfile_close(pf);

	a.n = 0;
	pst_shb(&a);
	uint32_t twelve = 12; /* a section header too short to hold its fields */
	memcpy(a.b + 4, &twelve, 4);
	CU_ASSERT_PTR_NULL(pst_open_bytes(&a, 0, err));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "malformed pcapng block"));
}

/* pcap: the FCS bits of the link-type field are not part of the type, and
 * a caplen beyond the reader's bound is an error, not an allocation. */
static void test_pcapfile_pcap_header(void)
{
	char err[256] = "";
	struct pst_asm a = {.n = 0};
	pst_put(&a, 0xa1b2c3d4, 4);
	pst_put(&a, 2, 2);
	pst_put(&a, 4, 2);
	pst_put(&a, 0, 8);
	pst_put(&a, 65535, 4);
	pst_put(&a, 0x04000000u | 1u, 4); /* FCS length present + EN10MB */
	pst_put(&a, 1, 4);
	pst_put(&a, 2, 4);
	pst_put(&a, PS_PCAP_MAX_RECORD + 1u, 4);
	pst_put(&a, 60, 4);
	struct ps_pcapfile *pf = pst_open_bytes(&a, 0, err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(pf);
	CU_ASSERT_EQUAL(ps_pcapfile_dlt(pf), PS_DLT_EN10MB);
	struct ps_pcaprec r;
	CU_ASSERT_EQUAL(ps_pcapfile_next(pf, &r, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "invalid packet capture length"));
	ps_pcapfile_close(pf);
}

/* The one link-type table: file numbers, libpcap numbers, names. */
static void test_pcapfile_linktype_table(void)
{
	CU_ASSERT_EQUAL(ps_linktype_to_dlt(PS_LINKTYPE_RAW), PS_DLT_RAW);
	CU_ASSERT_EQUAL(ps_dlt_to_linktype(PS_DLT_RAW), PS_LINKTYPE_RAW);
	CU_ASSERT_EQUAL(ps_linktype_to_dlt(100), 11);
	CU_ASSERT_EQUAL(ps_dlt_to_linktype(19), 106);
	CU_ASSERT_EQUAL(ps_linktype_to_dlt(PS_DLT_LINUX_SLL2), PS_DLT_LINUX_SLL2);
	CU_ASSERT_STRING_EQUAL(ps_dlt_name(PS_DLT_RAW), "RAW");
	CU_ASSERT_STRING_EQUAL(ps_dlt_name(PS_DLT_LINUX_SLL2), "LINUX_SLL2");
	CU_ASSERT_STRING_EQUAL(ps_dlt_name(127), "IEEE802_11_RADIO");
	CU_ASSERT_STRING_EQUAL(ps_dlt_name(4000), "UNKNOWN");
}

PST_MAIN("pcapfile", {"tsoffset_saturates", test_pcapfile_tsoffset_saturates},
	 {"tsresol_extremes", test_pcapfile_tsresol_extremes},
	 {"tsresol_too_fine", test_pcapfile_tsresol_too_fine},
	 {"precision_modes", test_pcapfile_precision_modes}, {"read_at", test_pcapfile_read_at},
	 {"bad_blocks", test_pcapfile_bad_blocks}, {"pcap_header", test_pcapfile_pcap_header},
	 {"linktype_table", test_pcapfile_linktype_table})
