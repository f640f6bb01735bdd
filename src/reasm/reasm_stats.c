/* SPDX-License-Identifier: BSD-2-Clause */
/* reasm_stats.c - the -q lines of the reassembly engines. */
#include "reasm_stats.h"

struct named {
	const char *name;
	uint64_t v;
};

/* "name v, name v" for the non-zero counters (the first one always). */
static void out_list(struct ps_out *o, const struct named *n, unsigned count)
{
	for (unsigned i = 0; i < count; i++) {
		if (i && !n[i].v)
			continue;
		if (i)
			PS_OUT_LIT(o, ", ");
		ps_out_str(o, n[i].name);
		ps_out_char(o, ' ');
		ps_out_u64(o, n[i].v);
	}
}

static void out_mem(struct ps_out *o, size_t peak, size_t limit)
{
	PS_OUT_LIT(o, ", peak memory ");
	ps_out_u64(o, peak);
	ps_out_char(o, '/');
	ps_out_u64(o, limit);
	PS_OUT_LIT(o, " bytes\n");
}

void ps_reasm_stats_print(const struct ps_tcp_budget *tcp, const struct ps_defrag *defrag,
			  struct ps_out *o)
{
	if (tcp && tcp->c.segments) {
		const struct ps_tcp_counters *c = &tcp->c;
		const struct named n[] = {
			{"segments", c->segments},       {"bytes", c->bytes},
			{"in-order", c->in_order},       {"buffered", c->buffered},
			{"retransmitted", c->retrans_segs}, {"retransmitted-bytes", c->retrans_bytes},
			{"overlaps", c->overlaps},       {"gaps", c->gaps},
			{"gap-bytes", c->gap_bytes},     {"mem-drops", c->mem_drops},
			{"mem-drop-bytes", c->mem_drop_bytes}, {"after-close", c->after_close},
			{"midstream", c->midstream},
		};
		PS_OUT_LIT(o, "tcp reassembly: ");
		out_list(o, n, sizeof n / sizeof n[0]);
		out_mem(o, tcp->peak, tcp->limit);
	}
	if (defrag && defrag->c.fragments) {
		const struct ps_defrag_counters *c = &defrag->c;
		const struct named n[] = {
			{"fragments", c->fragments},     {"datagrams", c->datagrams},
			{"reassembled", c->reassembled}, {"duplicates", c->duplicates},
			{"overlaps", c->overlaps},       {"ipv6-overlap-drops", c->v6_overlap_drops},
			{"too-large", c->too_large},     {"bad-len", c->bad_len},
			{"inconsistent", c->inconsistent}, {"jumbo", c->jumbo},
			{"truncated", c->truncated},     {"timeouts", c->timeouts},
			{"evicted", c->evicted},         {"mem-drops", c->mem_drops},
		};
		PS_OUT_LIT(o, "ip defragmentation: ");
		out_list(o, n, sizeof n / sizeof n[0]);
		out_mem(o, defrag->peak, defrag->limit);
	}
}

void ps_tls_stream_stats_print(const struct ps_tls_sbudget *b, struct ps_out *o)
{
	if (!b || !b->syncs)
		return;
	const struct named n[] = {
		{"records", b->records},	 {"syncs", b->syncs},
		{"desyncs", b->desyncs},	 {"dropped-cap", b->dropped_cap},
		{"dropped-mem", b->dropped_mem}, {"evicted", b->evicted},
	};
	PS_OUT_LIT(o, "tls streams: ");
	out_list(o, n, sizeof n / sizeof n[0]);
	out_mem(o, b->peak, b->limit);
}

void ps_http_stream_stats_print(const struct ps_http_sbudget *b, struct ps_out *o)
{
	if (!b || !b->syncs)
		return;
	const struct named n[] = {
		{"messages", b->messages},	 {"syncs", b->syncs},
		{"desyncs", b->desyncs},	 {"dropped-cap", b->dropped_cap},
		{"dropped-mem", b->dropped_mem}, {"same-frame", b->same_frame},
		{"evicted", b->evicted},
	};
	PS_OUT_LIT(o, "http streams: ");
	out_list(o, n, sizeof n / sizeof n[0]);
	out_mem(o, b->peak, b->limit);
}

void ps_dns_stream_stats_print(const struct ps_dns_sbudget *b, struct ps_out *o)
{
	if (!b || !b->syncs)
		return;
	const struct named n[] = {
		{"messages", b->messages},	 {"syncs", b->syncs},
		{"desyncs", b->desyncs},	 {"bad-len", b->bad_len},
		{"dropped-mem", b->dropped_mem}, {"same-frame", b->same_frame},
		{"evicted", b->evicted},
	};
	PS_OUT_LIT(o, "dns streams: ");
	out_list(o, n, sizeof n / sizeof n[0]);
	out_mem(o, b->peak, b->limit);
}
