/* SPDX-License-Identifier: BSD-2-Clause */
/* render_ek.c - -T ek: Elasticsearch bulk NDJSON, two lines per packet as
 * tshark -T ek writes them: an index action, then the document.
 *
 *   {"index":{"_index":"packets-2026-11-27"}}
 *   {"timestamp":"1795738762062","@timestamp":"2026-11-27T00:19:22.062372Z",<--json members>}
 *
 * Kept from tshark: the action line's shape and the daily index name
 * "packets-YYYY-MM-DD", and "timestamp" (milliseconds since the epoch, as a
 * string, truncated).  Ours: no "_type":"doc" (Elasticsearch 8 refuses it),
 * the index day is the packet's UTC day (tshark takes local time: sensors in
 * several time zones would split one day over two indices), "@timestamp" in
 * RFC 3339 UTC with the capture's precision, and the document's other
 * members are exactly the --json object's (SCHEMA.md), not tshark's
 * "layers" of display-filter names.  docs/sinks.md has the details.
 */
#include "ps_render.h"

struct civil {
	int64_t year;
	unsigned month, day, hour, min, sec;
};

/* Days since 1970-01-01 to a proleptic Gregorian date (the era-based
 * algorithm: exact for every int64 day count we can be given, and no
 * dependence on the C library's time_t range or time zone). */
static struct civil to_civil(int64_t t)
{
	int64_t days = t / 86400, rem = t % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	struct civil c;
	c.day = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	c.month = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	c.year = yoe + era * 400 + (c.month <= 2);
	c.hour = (unsigned)(rem / 3600);
	c.min = (unsigned)(rem / 60 % 60);
	c.sec = (unsigned)(rem % 60);
	return c;
}

static void date(struct ps_out *o, const struct civil *c)
{
	ps_out_i64(o, c->year);
	ps_out_char(o, '-');
	ps_out_u64_pad(o, c->month, 2, '0');
	ps_out_char(o, '-');
	ps_out_u64_pad(o, c->day, 2, '0');
}

/* The head up to the milliseconds: the action line and the document's
 * "timestamp" seconds */
static void head_to_ms(struct ps_out *o, const char *index, int64_t sec, const struct civil *c)
{
	PS_OUT_LIT(o, "{\"index\":{\"_index\":\"");
	ps_out_str(o, index);
	ps_out_char(o, '-');
	date(o, c);
	PS_OUT_LIT(o, "\"}}\n{\"timestamp\":\"");
	/* seconds, then milliseconds on 3 digits: tshark's own formatting
	 * (so a capture at the epoch gives "0000" as tshark does) */
	ps_out_i64(o, sec);
}

/* From after the milliseconds to the fraction of "@timestamp" */
static void head_to_frac(struct ps_out *o, const struct civil *c)
{
	PS_OUT_LIT(o, "\",\"@timestamp\":\"");
	date(o, c);
	ps_out_char(o, 'T');
	ps_out_u64_pad(o, c->hour, 2, '0');
	ps_out_char(o, ':');
	ps_out_u64_pad(o, c->min, 2, '0');
	ps_out_char(o, ':');
	ps_out_u64_pad(o, c->sec, 2, '0');
	ps_out_char(o, '.');
}

/* The milliseconds, "@timestamp" up to its fraction (from `to_frac`) and
 * the fraction */
static void head_fracs(struct ps_out *o, const char *to_frac, size_t to_frac_len, uint32_t frac,
		       bool nano)
{
	ps_out_u64_pad(o, frac / (nano ? 1000000u : 1000u), 3, '0');
	ps_out_mem(o, to_frac, to_frac_len);
	ps_out_u64_pad(o, frac, nano ? 9 : 6, '0');
	PS_OUT_LIT(o, "Z\"");
}

void ps_render_ek_head(struct ps_out *o, const char *index, int64_t sec, uint32_t frac,
		       bool nano)
{
	struct civil c = to_civil(sec);
	char b[sizeof ((struct ps_ek_sec *)0)->to_frac];
	struct ps_out m;
	head_to_ms(o, index, sec, &c);
	ps_out_open_mem(&m, b, sizeof b);
	head_to_frac(&m, &c);
	head_fracs(o, b, m.len, frac, nano);
}

/* A packet's head: the parts that depend on its second only are the last
 * packet's (nearly always), kept by the renderer; only the milliseconds and
 * the fraction are written each time.  A second whose text does not fit
 * the cache (a date tens of digits long) is written without it. */
static void ek_packet_head(struct ps_renderer *r, const struct ps_packet *p)
{
	struct ps_ek_sec *k = &r->ek;
	if (!k->valid || k->sec != p->ts_sec) {
		struct civil c = to_civil(p->ts_sec);
		struct ps_out m;
		ps_out_open_mem(&m, k->to_ms, sizeof k->to_ms);
		head_to_ms(&m, "packets", p->ts_sec, &c);
		k->to_ms_len = (uint8_t)m.len;
		k->valid = !m.overflow;
		ps_out_open_mem(&m, k->to_frac, sizeof k->to_frac);
		head_to_frac(&m, &c);
		k->to_frac_len = (uint8_t)m.len;
		k->valid = k->valid && !m.overflow;
		k->sec = p->ts_sec;
	}
	if (!k->valid) {
		ps_render_ek_head(r->out, "packets", p->ts_sec, p->ts_frac, p->ts_nano);
		return;
	}
	ps_out_mem(r->out, k->to_ms, k->to_ms_len);
	head_fracs(r->out, k->to_frac, k->to_frac_len, p->ts_frac, p->ts_nano);
}

static void ek_packet(struct ps_renderer *r, const struct ps_packet *p)
{
	ek_packet_head(r, p);
	ps_render_json_members_r(r, p, true);
	PS_OUT_LIT(r->out, "}\n");
}

const struct ps_renderer_ops ps_render_ek = {.name = "ek", .packet = ek_packet};
