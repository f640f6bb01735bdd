/* SPDX-License-Identifier: BSD-2-Clause */
/* render_flow.c - one NDJSON flow record per finished conversation
 * (SCHEMA.md "flow record", --flows).
 *
 * Keys and values are all produced here (names, numbers, addresses, the
 * Community ID's base64 and the history letters), so nothing needs escaping.
 */
#include "ps_flow_render.h"

static void key(struct ps_out *o, const char *k)
{
	ps_out_char(o, ',');
	ps_out_char(o, '"');
	ps_out_str(o, k);
	PS_OUT_LIT(o, "\":");
}

static void kv_u64(struct ps_out *o, const char *k, uint64_t v)
{
	key(o, k);
	ps_out_u64(o, v);
}

static void kv_str(struct ps_out *o, const char *k, const char *v)
{
	key(o, k);
	ps_out_char(o, '"');
	ps_out_str(o, v);
	ps_out_char(o, '"');
}

static void kv_addr(struct ps_out *o, const char *k, const uint8_t *a, bool v6)
{
	key(o, k);
	ps_out_char(o, '"');
	if (v6)
		ps_out_ipv6(o, a);
	else
		ps_out_ipv4(o, a);
	ps_out_char(o, '"');
}

/* Seconds with 6 or 9 decimals, as the packets' frame.ts. */
static void kv_ts(struct ps_out *o, const char *k, int64_t ns, bool nano)
{
	key(o, k);
	if (ns < 0) {
		ps_out_char(o, '-');
		ns = -ns;
	}
	ps_out_i64(o, ns / 1000000000);
	ps_out_char(o, '.');
	int64_t frac = ns % 1000000000;
	ps_out_u64_pad(o, (uint64_t)(nano ? frac : frac / 1000), nano ? 9 : 6, '0');
}

const char *ps_flow_proto_name(uint8_t proto, char buf[4])
{
	switch (proto) {
	case 6: return "tcp";
	case 17: return "udp";
	case 1: return "icmp";
	case 58: return "icmpv6";
	default:
		buf[0] = (char)('0' + proto / 100);
		buf[1] = (char)('0' + proto / 10 % 10);
		buf[2] = (char)('0' + proto % 10);
		buf[3] = 0;
		return buf + (proto < 10 ? 2 : proto < 100 ? 1 : 0);
	}
}

void ps_flow_times(const struct ps_flow *f, int64_t *first, int64_t *last)
{
	const struct ps_flow_dir *o = &f->d[0], *r = &f->d[1];
	*first = !r->pkts || (o->pkts && o->first_ns <= r->first_ns) ? o->first_ns : r->first_ns;
	*last = !r->pkts || (o->pkts && o->last_ns >= r->last_ns) ? o->last_ns : r->last_ns;
}

void ps_render_flow_record(struct ps_out *o, const struct ps_flow *f, enum ps_flow_end why,
			   bool nano)
{
	const uint8_t *src, *dst;
	uint16_t sport, dport;
	char pbuf[4];
	int64_t first, last;
	bool v6 = f->key.v6;

	ps_flow_endpoints(f, &src, &sport, &dst, &dport);
	ps_flow_times(f, &first, &last);
	PS_OUT_LIT(o, "{\"type\":\"flow\"");
	if (f->id[0])
		kv_str(o, "id", f->id);
	kv_u64(o, "stream", f->stream);
	kv_str(o, "proto", ps_flow_proto_name(f->key.proto, pbuf));
	kv_addr(o, "src", src, v6);
	if (f->kind != PS_FK_OTHER)
		kv_u64(o, "sport", sport);
	kv_addr(o, "dst", dst, v6);
	if (f->kind != PS_FK_OTHER)
		kv_u64(o, "dport", dport);
	if (f->key.vlan)
		kv_u64(o, "vlan", f->key.vlan);
	if (f->kind == PS_FK_ICMP && f->key.icmp_id)
		kv_u64(o, "icmp_id", f->key.icmp_id);
	kv_ts(o, "first_ts", first, nano);
	kv_ts(o, "last_ts", last, nano);
	kv_ts(o, "duration", last - first, nano);
	kv_u64(o, "orig_pkts", f->d[0].pkts);
	kv_u64(o, "orig_bytes", f->d[0].ip_bytes);
	kv_u64(o, "resp_pkts", f->d[1].pkts);
	kv_u64(o, "resp_bytes", f->d[1].ip_bytes);
	kv_u64(o, "orig_payload", f->d[0].payload);
	kv_u64(o, "resp_payload", f->d[1].payload);
	kv_str(o, "state", ps_flow_state_name(f));
	if (f->hlen)
		kv_str(o, "history", f->hist);
	kv_str(o, "end", ps_flow_end_name(why));
	PS_OUT_LIT(o, "}\n");
}
