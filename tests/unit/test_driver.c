/* SPDX-License-Identifier: BSD-2-Clause */
/* test_driver.c - the dissect driver and emitter walk: depth limit, tunnel
 * nesting, VLAN arrays, unknown link types, payload accounting, JSON shape. */
#include <json-c/json.h>
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

PST_MAIN("driver", {"depth limit on a VLAN stack", test_driver_depth_limit_on_vlan_stack},
	 {"IP-in-IP nests inner", test_driver_ip_in_ip_nests_inner},
	 {"unknown link type is payload", test_driver_unknown_linktype_is_payload},
	 {"Ethernet padding is not payload", test_driver_padding_is_not_payload},
	 {"caplen over len event", test_driver_caplen_over_len_event},
	 {"JSON shape", test_driver_json_shape})
