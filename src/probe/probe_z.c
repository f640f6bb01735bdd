/* SPDX-License-Identifier: BSD-2-Clause */
/* -z probe: feeding decoded stamps to the statistics engine, and the table. */
#include "ps_probe_z.h"

#include "ps_dissect.h"
#include "ps_stamp.h"

unsigned ps_probe_feed(struct ps_probe_stats *st, const struct ps_packet *p)
{
	unsigned n = 0;
	uint64_t cap_ns = (uint64_t)p->ts_sec * 1000000000ull +
			  (p->ts_nano ? p->ts_frac : (uint64_t)p->ts_frac * 1000ull);

	for (unsigned i = 0; i < p->nlayers; i++) {
		const struct ps_layer *l = &p->layers[i];
		if (l->proto != PS_P_PROBE || l->hdr_len < PS_STAMP_LEN)
			continue; /* a cut header has no sequence number */
		ps_probe_stats_add(st, l->u.probe.stream, l->u.probe.seq, l->u.probe.send_ns, cap_ns);
		n++;
	}
	return n;
}

static void table_row(const struct ps_probe_stream *s, struct ps_out *o)
{
	struct ps_probe_summary m;

	ps_probe_summarise(s, &m);
	ps_out_fmt(o, "%10u %10llu %10llu %8llu %7.3f %6llu %6llu %6llu", s->id,
		   (unsigned long long)m.received, (unsigned long long)m.expected,
		   (unsigned long long)m.lost,
		   m.expected ? 100.0 * (double)m.lost / (double)m.expected : 0.0,
		   (unsigned long long)m.duplicates, (unsigned long long)m.reordered,
		   (unsigned long long)m.too_old);
	ps_out_fmt(o, " %10.1f %10.1f %10.1f %10.1f %10.1f %10.1f %9.1f\n",
		   (double)m.delay_min_ns / 1e3, (double)m.delay_avg_ns / 1e3,
		   (double)m.delay_max_ns / 1e3, (double)m.p50_ns / 1e3, (double)m.p90_ns / 1e3,
		   (double)m.p99_ns / 1e3, m.jitter_ns / 1e3);
}

void ps_probe_table(const struct ps_probe_stats *st, struct ps_out *o)
{
	static const char rule[] = "========================================"
				   "========================================"
				   "========================================"
				   "=====\n";

	ps_out_str(o, rule);
	PS_OUT_LIT(o, "Probe streams (delay = capture time - send time: one-way only on one host "
		      "or with synchronised clocks; times in us)\n");
	PS_OUT_LIT(o, "    stream   received   expected     lost   loss%    dup  reord too_old"
		      "  delay_min  delay_avg  delay_max        p50        p90        p99    jitter\n");
	for (size_t i = 0; i < st->n; i++)
		table_row(st->streams[i], o);
	size_t merged = 0;
	for (size_t i = 0; i < st->n; i++)
		merged += st->streams[i]->merged != 0;
	if (merged) /* live --workers: a stream whose stamps reached several workers */
		ps_out_fmt(o, "merged: %zu stream%s seen by several workers (counts summed: a duplicate "
			   "or reordering across workers is not seen; jitter averaged)\n",
			   merged, merged == 1 ? "" : "s");
	if (st->packets_untracked)
		ps_out_fmt(o, "untracked: %llu stamps of streams beyond the first %zu\n",
			   (unsigned long long)st->packets_untracked, st->cap);
	ps_out_str(o, rule);
}
