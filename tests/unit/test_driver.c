/* SPDX-License-Identifier: BSD-2-Clause */
/* test_driver.c - the dissect driver and emitter walk: depth limit, tunnel
 * nesting, VLAN arrays, unknown link types, payload accounting, JSON shape. */
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "ps_test.h"

static struct ps_packet pkt;

/* Ethernet header with EtherType `type` (dst 02:..:02, src 02:..:01). */
static unsigned put_eth(uint8_t *b, unsigned type)
{
	static const uint8_t hdr[12] = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1};
	memcpy(b, hdr, 12);
	b[12] = (uint8_t)(type >> 8);
	b[13] = (uint8_t)type;
	return 14;
}

/* A 20-byte IPv4 header, total length `len`, protocol `proto`, 10.0.0.1 -> 10.0.0.2. */
static unsigned put_ipv4(uint8_t *b, unsigned len, unsigned proto)
{
	const uint8_t hdr[20] = {0x45, 0, (uint8_t)(len >> 8), (uint8_t)len, 0, 1, 0x40, 0, 64,
				 (uint8_t)proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2};
	memcpy(b, hdr, 20);
	return 20;
}

static void test_driver_depth_limit_on_vlan_stack(void)
{
	uint8_t f[200];
	unsigned n = put_eth(f, 0x8100);
	for (int i = 0; i < 30; i++) { /* 30 stacked tags, each saying another tag follows */
		f[n++] = 0;
		f[n++] = (uint8_t)(i + 1);
		f[n++] = 0x81;
		f[n++] = 0x00;
	}
	pst_dissect(&pkt, PS_DLT_EN10MB, f, n, n);
	CU_ASSERT_EQUAL(pkt.nlayers, PS_MAX_LAYERS);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "frame.depth_limit"));
	CU_ASSERT_STRING_EQUAL(pst_field(&pkt, "vlan.0.id"), "1");
	CU_ASSERT_STRING_EQUAL(pst_field(&pkt, "vlan.1.id"), "2");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "vlan.15.id")); /* eth + 15 tags */
	CU_ASSERT_PTR_NOT_NULL(pst_field(&pkt, "vlan.14.id"));
}

static void test_driver_ip_in_ip_nests_inner(void)
{
	uint8_t f[100] = {0};
	unsigned n = put_eth(f, 0x0800);
	n += put_ipv4(f + n, 40, 4);  /* outer: IP-in-IP */
	n += put_ipv4(f + n, 20, 17); /* inner, no payload */
	f[14 + 20 + 12] = 192;        /* inner source 192.0.0.1 */
	pst_dissect(&pkt, PS_DLT_EN10MB, f, n, n);
	CU_ASSERT_STRING_EQUAL(pst_field(&pkt, "ip.src"), "10.0.0.1");
	CU_ASSERT_STRING_EQUAL(pst_field(&pkt, "ip.proto"), "4");
	CU_ASSERT_STRING_EQUAL(pst_field(&pkt, "ip.inner.ip.src"), "192.0.0.1");
	CU_ASSERT_EQUAL(pkt.layers[2].parent, 1);
	CU_ASSERT_EQUAL(pkt.layers[2].nest, PS_NEST_INNER);
}

static void test_driver_unknown_linktype_is_payload(void)
{
	static const uint8_t f[] = {1, 2, 3, 4};
	pst_dissect(&pkt, 9999, f, sizeof f, sizeof f);
	CU_ASSERT_EQUAL(pkt.nlayers, 0);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "frame.unknown_linktype"));
	CU_ASSERT_STRING_EQUAL(pst_field(&pkt, "payload.len"), "4");
	CU_ASSERT_STRING_EQUAL(pst_field(&pkt, "frame.linktype"), "9999");
}

static void test_driver_padding_is_not_payload(void)
{
	uint8_t f[60] = {0}; /* minimum Ethernet frame: IPv4 of 28 bytes + 18 padding */
	unsigned n = put_eth(f, 0x0800);
	put_ipv4(f + n, 28, 253); /* experimental protocol: unknown, stays payload */
	pst_dissect(&pkt, PS_DLT_EN10MB, f, sizeof f, sizeof f);
	CU_ASSERT_STRING_EQUAL(pst_field(&pkt, "payload.len"), "8");
	CU_ASSERT_EQUAL(pkt.payload_off, 34);
}

static void test_driver_caplen_over_len_event(void)
{
	uint8_t f[60] = {0};
	put_eth(f, 0x0800);
	pst_dissect(&pkt, PS_DLT_EN10MB, f, 60, 50);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "frame.caplen_exceeds_len"));
}

static void test_driver_json_shape(void)
{
	uint8_t f[64] = {0};
	unsigned n = put_eth(f, 0x8100);
	f[n++] = 0x20; /* pcp 1, id 5 */
	f[n++] = 5;
	f[n++] = 0x08;
	f[n++] = 0x00;
	n += put_ipv4(f + n, 20, 253);
	pst_dissect(&pkt, PS_DLT_EN10MB, f, n, n);
	json_object *o = json_tokener_parse(pst_json(&pkt));
	CU_ASSERT_FATAL(o != NULL);
	json_object *v, *vlan, *frame;
	CU_ASSERT_TRUE(json_object_object_get_ex(o, "schema", &v) && json_object_get_int(v) == 1);
	CU_ASSERT_TRUE(json_object_object_get_ex(o, "frame", &frame));
	CU_ASSERT_TRUE(json_object_object_get_ex(frame, "linktype", &v) &&
		       json_object_is_type(v, json_type_int));
	CU_ASSERT_TRUE(json_object_object_get_ex(o, "vlan", &vlan) &&
		       json_object_is_type(vlan, json_type_array) &&
		       json_object_array_length(vlan) == 1);
	CU_ASSERT_FALSE(json_object_object_get_ex(o, "events", &v)); /* none: no key */
	CU_ASSERT_FALSE(json_object_object_get_ex(o, "payload", &v)); /* no bytes left */
	json_object_put(o);
}

/* Dissect f into a record whose layers, events and side area still hold
 * another frame's bytes (0xa5 here): the driver zeroes a layer only as far
 * as its protocol's member reaches and hands out side room unzeroed where
 * the decoder writes every item, so nothing may read the rest. */
static char *dissect_dirty_json(int linktype, const uint8_t *f, uint32_t n)
{
	pst_dissect(&pkt, linktype, f, n, n);
	memset(pkt.layers, 0xa5, sizeof pkt.layers);
	memset(pkt.events, 0xa5, sizeof pkt.events);
	memset(pkt.side, 0xa5, sizeof pkt.side);
	ps_dissect(&pkt);
	return strdup(pst_json(&pkt));
}

static void test_driver_reused_record_decodes_as_fresh(void)
{
	/* IPv6 in an IPv4 link type: the IPv4 decoder hands the layer to IPv6 */
	static const uint8_t v6_as_v4[40] = {0x60, 0, 0, 0, 0, 0, 59, 64, [23] = 1, [39] = 2};
	/* IPv4 in an IPv6 link type */
	static const uint8_t v4_as_v6[20] = {0x45, 0, 0, 20, 0, 1, 0, 0, 64, 253, 0, 0,
					     10, 0, 0, 1, 10, 0, 0, 2};
	/* TCP with MSS, SACK permitted, a timestamp, a SACK block, NOPs and EOL */
	uint8_t tcp[100] = {0};
	unsigned n = put_eth(tcp, 0x0800);
	n += put_ipv4(tcp + n, 20 + 48, 6);
	static const uint8_t th[48] = {0x30, 0x39, 0, 80, 0, 0, 0, 1, 0, 0, 0, 2, 0xc0, 0x10, 0xff, 0xff,
				       0, 0, 0, 0, 2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 7,
				       0, 0, 0, 9, 1, 1, 5, 10, 0, 0, 0, 3, 0, 0, 0, 4};
	memcpy(tcp + n, th, sizeof th);
	n += sizeof th;
	const struct {
		int linktype;
		const uint8_t *f;
		uint32_t n;
	} frames[] = {{PS_DLT_IPV4, v6_as_v4, sizeof v6_as_v4},
		      {PS_DLT_IPV6, v4_as_v6, sizeof v4_as_v6},
		      {PS_DLT_EN10MB, tcp, n}};
	for (size_t i = 0; i < sizeof frames / sizeof frames[0]; i++) {
		char *dirty = dissect_dirty_json(frames[i].linktype, frames[i].f, frames[i].n);
		pst_dissect(&pkt, frames[i].linktype, frames[i].f, frames[i].n, frames[i].n);
		CU_ASSERT_STRING_EQUAL(dirty, pst_json(&pkt));
		free(dirty);
	}
	CU_ASSERT_STRING_EQUAL(pst_field(&pkt, "tcp.options.5.blocks.0.1"), "4");
}

/* The driver calls a heuristic row's probe without checking it is there. */
static void test_driver_heuristic_rows_have_probes(void)
{
	unsigned n = 0;
	for (const struct ps_heuristic_row *h = ps_registry_heuristic_rows; h->dis; h++, n++) {
		CU_ASSERT_PTR_NOT_NULL(h->dis->probe);
		CU_ASSERT_TRUE(h->table == PS_TAB_UDP_HEUR || h->table == PS_TAB_TCP_HEUR);
	}
	CU_ASSERT_TRUE(n > 0);
}

/* The driver skips a heuristic row after a port row with the same decoder
 * refused the payload: the row's probe must accept no more.  Checked on
 * valid starts of each protocol, their prefixes and pseudo-random bytes. */
static void test_driver_heuristic_no_wider_than_port_rows(void)
{
	static const char *const starts[] = {
		"GET / HTTP/1.1\r\nHost: a\r\n\r\n", "HTTP/1.1 200 OK\r\n\r\n", "POST /x HTTP/1.0\r\n",
		"SSH-2.0-OpenSSH_9.0\r\n", "\x16\x03\x01\x00\x05\x01\x00\x00\x01\x00",
		"\x17\x03\x03\x00\x02ab", "\xc3\x00\x00\x00\x01\x08\x01\x02\x03\x04\x05\x06\x07\x08\x00",
		"\x40\x01\x02\x03\x04\x05\x06\x07"};
	static struct ps_packet p; /* one TCP (then UDP) layer: what the probes look back at */
	uint8_t buf[64];
	uint32_t x = 12345;
	unsigned pairs = 0;

	for (unsigned tab = 0; tab < 2; tab++) {
		enum ps_table port = tab ? PS_TAB_UDP_PORT : PS_TAB_TCP_PORT;
		enum ps_table heur = tab ? PS_TAB_UDP_HEUR : PS_TAB_TCP_HEUR;
		memset(&p, 0, sizeof p);
		p.nlayers = 1;
		p.layers[0].proto = tab ? PS_P_UDP : PS_P_TCP;
		p.layers[0].parent = -1;
		for (const struct ps_heuristic_row *h = ps_registry_heuristic_rows; h->dis; h++) {
			if (h->table != heur)
				continue;
			for (uint32_t key = 0; key <= 0xffff; key++) {
				const struct ps_dissector *row = ps_registry_lookup(port, key);
				if (!row || row->decode != h->dis->decode || !row->probe)
					continue;
				pairs++;
				for (unsigned k = 0; k < 8 * 64 + 400; k++) {
					uint32_t n;
					if (k < 8 * 64) { /* each start and each of its prefixes */
						n = (uint32_t)strlen(starts[k / 64]);
						n = k % 64 < n ? k % 64 + 1 : n;
						memcpy(buf, starts[k / 64], n);
					} else {
						n = sizeof buf;
						for (unsigned i = 0; i < n; i++) {
							x = x * 1103515245u + 12345u;
							buf[i] = (uint8_t)(x >> 16);
						}
					}
					struct ps_dctx d = {.p = &p, .parent = -1, .cur = 0, .claim_in = n,
							    .claim_out = n};
					struct ps_cursor c;
					ps_cur_init(&c, buf, n);
					if (h->dis->probe(&d, &c))
						CU_ASSERT_TRUE(row->probe(&d, &c));
				}
			}
		}
	}
	CU_ASSERT_TRUE(pairs >= 3); /* HTTP on 80 and 8080, QUIC on 443, and more */
}

PST_MAIN("driver", {"depth limit on a VLAN stack", test_driver_depth_limit_on_vlan_stack},
	 {"IP-in-IP nests inner", test_driver_ip_in_ip_nests_inner},
	 {"unknown link type is payload", test_driver_unknown_linktype_is_payload},
	 {"Ethernet padding is not payload", test_driver_padding_is_not_payload},
	 {"caplen over len event", test_driver_caplen_over_len_event},
	 {"JSON shape", test_driver_json_shape},
	 {"a reused record decodes as a fresh one", test_driver_reused_record_decodes_as_fresh},
	 {"heuristic rows have probes", test_driver_heuristic_rows_have_probes},
	 {"heuristics no wider than their port rows", test_driver_heuristic_no_wider_than_port_rows})
