/* SPDX-License-Identifier: BSD-2-Clause */
/* pktscope-gen recv: interval and final reports, text or NDJSON (the JSON
 * shape is documented in docs/pktscope-gen.md and kept stable). */
#include <inttypes.h>

#include "gen_recv.h"
#include "loop.h"

static const char recv_clock_note[] =
	"delay = receive time - send time: one-way only on one host or with synchronised clocks";

static void report_stream_text(FILE *fp, const struct ps_probe_stream *s)
{
	struct ps_probe_summary m;

	ps_probe_summarise(s, &m);
	fprintf(fp, "  stream %" PRIu32 ": received=%" PRIu64 " expected=%" PRIu64 " lost=%" PRIu64
	        " (%.3f%%) dup=%" PRIu64 " reordered=%" PRIu64 " too_old=%" PRIu64 "\n",
	        s->id, m.received, m.expected, m.lost,
	        m.expected ? 100.0 * (double)m.lost / (double)m.expected : 0.0, m.duplicates,
	        m.reordered, m.too_old);
	fprintf(fp, "    delay_us min=%.1f avg=%.1f max=%.1f p50=%.1f p90=%.1f p99=%.1f jitter_us=%.1f\n",
	        (double)m.delay_min_ns / 1e3, (double)m.delay_avg_ns / 1e3,
	        (double)m.delay_max_ns / 1e3, (double)m.p50_ns / 1e3, (double)m.p90_ns / 1e3,
	        (double)m.p99_ns / 1e3, m.jitter_ns / 1e3);
}

static void report_stream_json(FILE *fp, const struct ps_probe_stream *s)
{
	struct ps_probe_summary m;

	ps_probe_summarise(s, &m);
	fprintf(fp, "{\"stream\":%" PRIu32 ",\"received\":%" PRIu64 ",\"expected\":%" PRIu64
	        ",\"lost\":%" PRIu64 ",\"loss_pct\":%.3f,\"duplicates\":%" PRIu64
	        ",\"reordered\":%" PRIu64 ",\"too_old\":%" PRIu64 ",\"negative_delays\":%" PRIu64,
	        s->id, m.received, m.expected, m.lost,
	        m.expected ? 100.0 * (double)m.lost / (double)m.expected : 0.0, m.duplicates,
	        m.reordered, m.too_old, s->negative_delays);
	fprintf(fp, ",\"delay_us\":{\"min\":%.3f,\"avg\":%.3f,\"max\":%.3f,\"p50\":%.3f,"
	        "\"p90\":%.3f,\"p99\":%.3f},\"jitter_us\":%.3f}",
	        (double)m.delay_min_ns / 1e3, (double)m.delay_avg_ns / 1e3,
	        (double)m.delay_max_ns / 1e3, (double)m.p50_ns / 1e3, (double)m.p90_ns / 1e3,
	        (double)m.p99_ns / 1e3, m.jitter_ns / 1e3);
}

void gen_recv_report(FILE *fp, const struct gen_recv *r, int final)
{
	double t = (double)(ps_loop_now_ms() - r->t0_ms) / 1e3;

	if (r->o->json) {
		fprintf(fp, "{\"type\":\"%s\",\"t\":%.3f,\"transport\":\"%s\",\"clock\":\"%s\","
		        "\"stamps\":%" PRIu64 ",\"foreign\":%" PRIu64 ",\"bad\":%" PRIu64
		        ",\"untracked\":%" PRIu64 ",\"refused\":%" PRIu64 ",\"streams\":[",
		        final ? "summary" : "interval", t, r->o->tcp ? "tcp" : "udp", recv_clock_note,
		        r->stamps, r->foreign, r->bad, r->st.packets_untracked, r->refused);
		for (size_t i = 0; i < r->st.n; i++) {
			if (i)
				fputc(',', fp);
			report_stream_json(fp, r->st.streams[i]);
		}
		fprintf(fp, "],\"interrupted\":%s}\n", r->interrupted ? "true" : "false");
	} else {
		fprintf(fp, "recv: %s t=%.3fs stamps=%" PRIu64 " streams=%zu foreign=%" PRIu64
		        " bad=%" PRIu64 " untracked=%" PRIu64 " refused=%" PRIu64 "\n",
		        final ? "total" : "interval", t, r->stamps, r->st.n, r->foreign, r->bad,
		        r->st.packets_untracked, r->refused);
		for (size_t i = 0; i < r->st.n; i++)
			report_stream_text(fp, r->st.streams[i]);
	}
	fflush(fp);
}
