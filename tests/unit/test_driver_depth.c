/* SPDX-License-Identifier: BSD-2-Clause */
/* test_driver_depth.c - ps_dissect_for: application protocols a run does
 * not read are left out, tunnels and fragments are decoded whole, and
 * ps_dissect_finish completes the record into the one ps_dissect gives. */
#include <stdlib.h>
#include <string.h>

#include "ps_test.h"
#include "pst_build.h"

static struct ps_packet full, part;
static struct ps_dissect_depth dd;

#define BIT(tag) (UINT64_C(1) << (tag))

/* DNS query for example.com A */
static const uint8_t dns_query[29] = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
				      7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
				      0, 1, 0, 1};
static const char http_get[] = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";

static void set(struct ps_packet *p, const uint8_t *f, uint32_t n)
{
	memset(p, 0, sizeof *p);
	p->n = 1;
	p->caplen = p->len = n;
	p->linktype = PS_DLT_EN10MB;
	p->direction = -1;
	p->data = f;
}

/* Dissect f whole into `full` and for `reads` into `part`; the number of
 * layers the partial record has before ps_dissect_finish. */
static unsigned both(const uint8_t *f, uint32_t n, uint64_t reads)
{
	set(&full, f, n);
	ps_dissect(&full);
	set(&part, f, n);
	ps_dissect_depth_init(&dd, reads);
	ps_dissect_for(&part, &dd);
	return part.nlayers;
}

/* After ps_dissect_finish, `part` is `full`: same JSON, payload, layers. */
static void same_after_finish(void)
{
	ps_dissect_finish(&part, &dd);
	CU_ASSERT_FALSE(dd.pending);
	char *a = strdup(pst_json(&full));
	CU_ASSERT_STRING_EQUAL(a, pst_json(&part));
	free(a);
	CU_ASSERT_EQUAL(part.nlayers, full.nlayers);
	CU_ASSERT_EQUAL(part.nevents, full.nevents);
	CU_ASSERT_EQUAL(part.payload_off, full.payload_off);
	CU_ASSERT_EQUAL(part.payload_len, full.payload_len);
	CU_ASSERT_EQUAL(part.side_used, full.side_used);
	CU_ASSERT_EQUAL(memcmp(part.layers, full.layers, full.nlayers * sizeof full.layers[0]), 0);
}

/* A 20-byte TCP header sport > dport, ACK|PSH, then the payload */
static size_t tcp4(uint8_t *out, size_t cap, uint16_t sport, uint16_t dport, const void *pl,
		   size_t n)
{
	uint8_t seg[256] = {(uint8_t)(sport >> 8), (uint8_t)sport, (uint8_t)(dport >> 8),
			    (uint8_t)dport, 0, 0, 0, 1, 0, 0, 0, 1, 0x50, 0x18, 0xff, 0xff};
	memcpy(seg + 20, pl, n);
	return pst_ipv4(out, cap, 6, seg, 20 + n);
}

static void test_depth_skips_unread_application(void)
{
	uint8_t f[128];
	uint32_t n = (uint32_t)pst_udp4(f, sizeof f, 40000, 53, dns_query, sizeof dns_query);
	CU_ASSERT_EQUAL(both(f, n, 0), 3); /* eth ip udp */
	CU_ASSERT_EQUAL(full.nlayers, 4);   /* ... dns */
	CU_ASSERT_TRUE(dd.pending);
	CU_ASSERT_EQUAL(part.payload_off, PST_UDP4_HDR);
	same_after_finish();
	/* a run that reads DNS decodes it at once */
	CU_ASSERT_EQUAL(both(f, n, BIT(PS_P_DNS)), 4);
	CU_ASSERT_FALSE(dd.pending);
	same_after_finish();
	/* reading everything is ps_dissect */
	CU_ASSERT_EQUAL(both(f, n, UINT64_MAX), 4);
	CU_ASSERT_FALSE(dd.pending);
	CU_ASSERT_EQUAL(dd.skip, 0);
	/* TCP: HTTP is not read by a DNS run, neither port rows nor heuristics */
	n = (uint32_t)tcp4(f, sizeof f, 40000, 80, http_get, strlen(http_get));
	CU_ASSERT_EQUAL(both(f, n, BIT(PS_P_DNS)), 3);
	CU_ASSERT_EQUAL(full.layers[3].proto, PS_P_HTTP);
	same_after_finish();
	/* an HTTP run decodes it (its heuristic too: port 8081 has no row) */
	n = (uint32_t)tcp4(f, sizeof f, 40000, 8081, http_get, strlen(http_get));
	CU_ASSERT_EQUAL(both(f, n, BIT(PS_P_HTTP)), 4);
	CU_ASSERT_EQUAL(part.layers[3].proto, PS_P_HTTP);
	same_after_finish();
}

/* The port search stops only where nothing it could still pick is read:
 * UDP 53 > 4789 tries DNS first, and VXLAN (a tunnel: always decoded)
 * when the DNS probe refuses. */
static void test_depth_tunnels_whole(void)
{
	uint8_t inner[128], vx[160], f[256];
	size_t in = tcp4(inner, sizeof inner, 40000, 80, http_get, strlen(http_get));
	static const uint8_t hdr[8] = {0x08, 0, 0, 0, 0x12, 0x34, 0x56, 0};
	memcpy(vx, hdr, 8);
	memcpy(vx + 8, inner, in);
	uint32_t n = (uint32_t)pst_udp4(f, sizeof f, 53, 4789, vx, 8 + in);
	both(f, n, 0);
	CU_ASSERT_FALSE(dd.pending);
	CU_ASSERT_EQUAL(part.layers[3].proto, PS_P_VXLAN);
	CU_ASSERT_EQUAL(part.nlayers, full.nlayers); /* inner eth ip tcp http: nested, whole */
	CU_ASSERT_EQUAL(part.layers[part.nlayers - 1].proto, PS_P_HTTP);
	same_after_finish();
	/* the same ports with a DNS message: DNS is picked, and not read */
	n = (uint32_t)pst_udp4(f, sizeof f, 53, 4789, dns_query, sizeof dns_query);
	CU_ASSERT_EQUAL(both(f, n, 0), 3);
	CU_ASSERT_EQUAL(full.layers[3].proto, PS_P_DNS);
	same_after_finish();
}

/* The ports a search is made for (dd.search): every TCP row is an
 * application protocol, so a run that reads none searches no TCP
 * payload; a UDP tunnel's port is searched whatever the run reads. */
static void test_depth_search_ports(void)
{
	uint8_t inner[128], vx[160], f[256];
	ps_dissect_depth_init(&dd, 0);
	CU_ASSERT_EQUAL(dd.search[1], 0);
	CU_ASSERT_NOT_EQUAL(dd.search[0] & PS_PORT_BIT(4789), 0);
	CU_ASSERT_EQUAL(ps_registry_port_bits(PS_TAB_TCP_PORT, ps_registry_app_protos), 0);
	CU_ASSERT_NOT_EQUAL(ps_registry_port_bits(PS_TAB_TCP_PORT, 0) & PS_PORT_BIT(443), 0);
	CU_ASSERT_EQUAL(ps_registry_port_bits(PS_TAB_TCP_PORT, ~BIT(PS_P_SSH)), PS_PORT_BIT(22));
	ps_dissect_depth_init(&dd, BIT(PS_P_TLS)); /* TLS has a heuristic row: every port */
	CU_ASSERT_EQUAL(dd.search[1], UINT64_MAX);
	/* an ephemeral source port to VXLAN: decoded by a run reading nothing */
	size_t in = tcp4(inner, sizeof inner, 40000, 80, http_get, strlen(http_get));
	static const uint8_t hdr[8] = {0x08, 0, 0, 0, 0x12, 0x34, 0x56, 0};
	memcpy(vx, hdr, 8);
	memcpy(vx + 8, inner, in);
	uint32_t n = (uint32_t)pst_udp4(f, sizeof f, 40000, 4789, vx, 8 + in);
	both(f, n, 0);
	CU_ASSERT_FALSE(dd.pending);
	CU_ASSERT_EQUAL(part.layers[3].proto, PS_P_VXLAN);
	CU_ASSERT_EQUAL(part.nlayers, full.nlayers);
	same_after_finish();
	/* HTTP on port 80, not read: nothing searched, finished as whole */
	n = (uint32_t)tcp4(f, sizeof f, 40000, 80, http_get, strlen(http_get));
	CU_ASSERT_EQUAL(both(f, n, 0), 3);
	CU_ASSERT_TRUE(dd.pending);
	CU_ASSERT_EQUAL(full.layers[3].proto, PS_P_HTTP);
	same_after_finish();
}

/* A frame with an IP fragment is decoded whole: defragmentation may cut
 * or redo what follows the fragment header. */
static void test_depth_fragment_whole(void)
{
	uint8_t f[128];
	uint32_t n = (uint32_t)pst_udp4(f, sizeof f, 40000, 53, dns_query, sizeof dns_query);
	f[14 + 6] = 0x20; /* MF: the first fragment */
	both(f, n, 0);
	CU_ASSERT_TRUE(part.any_fragment);
	CU_ASSERT_FALSE(dd.pending);
	CU_ASSERT_EQUAL(part.nlayers, full.nlayers);
	same_after_finish();
}

/* A frame that stops with nothing left to decode is left as it is, and
 * ps_dissect_finish of a complete record changes nothing. */
static void test_depth_nothing_left(void)
{
	uint8_t f[128];
	uint32_t n = (uint32_t)pst_udp4(f, sizeof f, 40000, 40001, dns_query, 0);
	CU_ASSERT_EQUAL(both(f, n, 0), 3);
	CU_ASSERT_FALSE(dd.pending);
	same_after_finish();
	same_after_finish();
}

PST_MAIN("driver_depth",
	 {"unread application protocols are left out", test_depth_skips_unread_application},
	 {"tunnels are decoded whole", test_depth_tunnels_whole},
	 {"ports a search is made for", test_depth_search_ports},
	 {"fragments are decoded whole", test_depth_fragment_whole},
	 {"nothing left to decode", test_depth_nothing_left})
