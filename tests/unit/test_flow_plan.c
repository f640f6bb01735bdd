/* SPDX-License-Identifier: BSD-2-Clause */
/* test_flow_plan.c - how much of the flow stage -Y and -e read
 * (src/cli/flow_plan.c) and which packets a narrowed stage sees
 * (src/flow/flow_scope.c). */
#include <stdlib.h>
#include <string.h>

#include "flow_plan.h"
#include "ps_dissect.h"
#include "ps_flow_scope.h"
#include "ps_test.h"

#define BIT(tag) (UINT64_C(1) << PS_P_##tag)

static enum ps_flow_plan plan_of(const char *expr, const char *field, uint64_t *streams)
{
	struct ps_dfilter *f = 0;
	struct ps_dfields *d = 0;
	struct ps_dfilter_err e;
	struct ps_dfields_opts o = {.separator = '\t', .aggregator = ','};
	if (expr)
		CU_ASSERT_EQUAL_FATAL(ps_dfilter_compile(expr, &f, &e), 0);
	if (field)
		CU_ASSERT_EQUAL_FATAL(ps_dfields_new(&field, 1, &o, &d, &e), 0);
	enum ps_flow_plan p = ps_flow_plan_view(f, d, streams);
	ps_dfilter_free(f);
	ps_dfields_free(d);
	return p;
}

/* The decision: the stage is narrowed only when every field that needs it
 * reads a TCP stream decoder's layer; a note (tcp.stream, relative
 * numbers), the analysis, QUIC or frame.protocols anywhere runs all of it. */
static void test_plan_decision(void)
{
	static const struct {
		const char *expr, *field;
		enum ps_flow_plan want;
		uint64_t streams;
	} cases[] = {
		{"tcp.flags.syn == 1 && tcp.flags.ack == 0", 0, PS_FLOW_PLAN_NONE, 0},
		{"udp.port == 53", 0, PS_FLOW_PLAN_NONE, 0},
		{0, "ip.src", PS_FLOW_PLAN_NONE, 0},
		{"dns.qry.name contains \"example\"", 0, PS_FLOW_PLAN_STREAMS, BIT(DNS)},
		{"dns", 0, PS_FLOW_PLAN_STREAMS, BIT(DNS)},
		{"mdns || llmnr", 0, PS_FLOW_PLAN_STREAMS, BIT(DNS)},
		{"dns && tcp.port == 53", 0, PS_FLOW_PLAN_STREAMS, BIT(DNS)},
		{"dns#2", 0, PS_FLOW_PLAN_STREAMS, BIT(DNS)},
		{"dns contains 00:01", 0, PS_FLOW_PLAN_STREAMS, BIT(DNS)},
		{"len(dns.qry.name) > 3", 0, PS_FLOW_PLAN_STREAMS, BIT(DNS)},
		{"tls.handshake.type == 1", 0, PS_FLOW_PLAN_STREAMS, BIT(TLS)},
		{"http.host || tls", 0, PS_FLOW_PLAN_STREAMS, BIT(HTTP) | BIT(TLS)},
		{"ip.src == 10.0.0.1", "dns.qry.name", PS_FLOW_PLAN_STREAMS, BIT(DNS)},
		{"dns", "http.host", PS_FLOW_PLAN_STREAMS, BIT(DNS) | BIT(HTTP)},
		{"dns && tcp.stream == 1", 0, PS_FLOW_PLAN_ALL, 0},
		{"dns", "tcp.stream", PS_FLOW_PLAN_ALL, 0},
		{"dns && tcp.analysis.retransmission", 0, PS_FLOW_PLAN_ALL, 0},
		{"dns && tcp.seq > 1", 0, PS_FLOW_PLAN_ALL, 0},
		{"dns || quic", 0, PS_FLOW_PLAN_ALL, 0},
		{"dns || udp.stream == 0", 0, PS_FLOW_PLAN_ALL, 0},
		{"frame.protocols contains \"dns\"", 0, PS_FLOW_PLAN_ALL, 0},
		{"max(tcp.ack, 1) > 0 || dns", 0, PS_FLOW_PLAN_ALL, 0},
		{"tls", "tcp.options.sack_le", PS_FLOW_PLAN_ALL, 0},
	};
	for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uint64_t s = 1;
		enum ps_flow_plan p = plan_of(cases[i].expr, cases[i].field, &s);
		CU_ASSERT_EQUAL(p, cases[i].want);
		CU_ASSERT_EQUAL(s, cases[i].streams);
		if (p != cases[i].want || s != cases[i].streams)
			fprintf(stderr, "plan of '%s' -e '%s': %d, streams %#llx\n",
				cases[i].expr ? cases[i].expr : "", cases[i].field ? cases[i].field : "",
				(int)p, (unsigned long long)s);
	}
	uint64_t s;
	CU_ASSERT_EQUAL(ps_flow_plan_view(0, 0, &s), PS_FLOW_PLAN_NONE);
}

/* A record with one TCP layer (sport, dport), inside a tunnel when `inner`. */
static void tcp_record(struct ps_packet *p, uint16_t sport, uint16_t dport, bool inner)
{
	memset(p, 0, sizeof *p);
	static const uint8_t outer[] = {PS_P_ETH, PS_P_IPV4, PS_P_UDP, PS_P_VXLAN, PS_P_ETH,
					PS_P_IPV4};
	static const uint8_t plain[] = {PS_P_ETH, PS_P_IPV6};
	const uint8_t *chain = inner ? outer : plain;
	unsigned n = inner ? sizeof outer : sizeof plain;
	for (unsigned i = 0; i < n; i++)
		p->layers[i].proto = chain[i];
	p->layers[n].proto = PS_P_TCP;
	p->layers[n].u.tcp.sport = sport;
	p->layers[n].u.tcp.dport = dport;
	p->nlayers = (uint8_t)(n + 1);
}

/* The scope's packets are those of every TCP port whose row in
 * protocols.def names one of its protocols (the only way the driver gives
 * a TCP segment a DNS layer, and so the only flows a DNS stream starts
 * on), checked against the registry's own lookup for every port. */
static void test_scope_ports(void)
{
	struct ps_flow_scope sc;
	struct ps_packet *p = calloc(1, sizeof *p);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	ps_flow_scope_init(&sc, BIT(DNS));
	CU_ASSERT_FALSE(sc.every_tcp); /* no TCP heuristic picks DNS */
	unsigned wanted = 0, bad = 0;
	for (unsigned port = 0; port < 65536; port++) {
		const struct ps_dissector *d = ps_registry_lookup(PS_TAB_TCP_PORT, port);
		bool dns = d && d->proto == PS_P_DNS;
		tcp_record(p, (uint16_t)port, 40000, port & 1);
		bool a = ps_flow_scope_wants(&sc, p);
		tcp_record(p, 40001, (uint16_t)port, !(port & 1));
		bool b = ps_flow_scope_wants(&sc, p);
		wanted += a;
		bad += a != dns || b != dns;
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(wanted, 2); /* 53 and 5353 (tshark's dns on TCP) */
	/* no TCP layer: no flow of the scope (UDP DNS needs none) */
	tcp_record(p, 53, 53, false);
	p->layers[p->nlayers - 1].proto = PS_P_UDP;
	CU_ASSERT_FALSE(ps_flow_scope_wants(&sc, p));
	char text[64];
	ps_flow_scope_describe(&sc, text, sizeof text);
	CU_ASSERT_STRING_EQUAL(text, "tcp ports 53, 5353");
	/* TLS and HTTP have heuristic rows: every TCP packet, no other */
	ps_flow_scope_init(&sc, BIT(TLS));
	CU_ASSERT_TRUE(sc.every_tcp);
	tcp_record(p, 40000, 40001, true);
	CU_ASSERT_TRUE(ps_flow_scope_wants(&sc, p));
	p->layers[p->nlayers - 1].proto = PS_P_UDP;
	CU_ASSERT_FALSE(ps_flow_scope_wants(&sc, p));
	ps_flow_scope_describe(&sc, text, sizeof text);
	CU_ASSERT_STRING_EQUAL(text, "every tcp flow, no udp flow");
	ps_flow_scope_init(&sc, BIT(HTTP));
	CU_ASSERT_TRUE(sc.every_tcp);
	/* QUIC is no TCP stream decoder: a scope ignores it */
	ps_flow_scope_init(&sc, BIT(QUIC));
	CU_ASSERT_EQUAL(sc.protos, 0);
	tcp_record(p, 443, 443, false);
	CU_ASSERT_FALSE(ps_flow_scope_wants(&sc, p));
	free(p);
}

PST_MAIN("flow_plan", {"decision", test_plan_decision}, {"scope_ports", test_scope_ports})
