/* SPDX-License-Identifier: BSD-2-Clause */
/* workers_live_an.c - a live worker's analysis state and the end-of-run
 * output summed over the workers (workers_live_an.h, docs/workers.md). */
#include <string.h>

#include "errline.h"
#include "ps_follow_render.h"
#include "ps_capture.h"
#include "ps_probe_z.h"
#include "ps_run.h"
#include "reasm_stats.h"
#include "tcp_reasm.h"
#include "workers_live_an.h"
#include "zsplit.h"

static int open_zstats(struct ps_wlive_an *a, const struct ps_options *o)
{
	const char *names[PS_MAX_ZSTATS];
	unsigned n = ps_zsplit(o, &a->follow, names, &a->zprobe);
	if (a->zprobe && ps_probe_stats_init(&a->probe, 1024)) {
		a->zprobe = 0;
		ps_errf("out of memory for -z probe");
		return PS_EXIT_RUNTIME;
	}
	if (ps_zstats_init(&a->z, names, n)) {
		ps_errf("unknown -z table");
		return PS_EXIT_USAGE;
	}
	return PS_EXIT_OK;
}

int ps_wlive_an_open(struct ps_wlive_an *a, const struct ps_options *o, unsigned id, unsigned n,
		     ps_flow_end_fn on_end, void *ctx)
{
	char err[PS_ERRBUF];
	int rc = ps_view_open(&a->view, o);
	if (rc != PS_EXIT_OK)
		return rc;
	if ((rc = open_zstats(a, o)) != PS_EXIT_OK)
		return rc;
	if (!o->no_defrag && !(a->defrag = ps_defrag_feed_new(0, err, sizeof err))) {
		ps_errf("worker %u: %s", id, err);
		return PS_EXIT_RUNTIME;
	}
	struct ps_flow_cfg fc = o->flow; /* the --flow-mem and --reassembly-mem caps, shared out */
	fc.mem_bytes /= n;
	fc.reasm_mem = (fc.reasm_mem ? fc.reasm_mem : PS_TCP_REASM_DEFAULT_MEM) / n;
	fc.stream_first = id; /* worker W numbers its streams W, W + n, ...: unique */
	fc.stream_step = n;
	if (!o->no_flows && !(a->flows = ps_flow_table_new(&fc, on_end, ctx, err, sizeof err))) {
		ps_errf("worker %u: %s", id, err);
		return PS_EXIT_RUNTIME;
	}
	ps_follow_set_attach(&a->follow, a->flows);
	return PS_EXIT_OK;
}

void ps_wlive_an_close(struct ps_wlive_an *a)
{
	ps_flow_table_free(a->flows);
	ps_defrag_feed_free(a->defrag);
	ps_view_close(&a->view);
	ps_zstats_free(&a->z);
	ps_follow_set_free(&a->follow);
	if (a->zprobe)
		ps_probe_stats_free(&a->probe);
	memset(a, 0, sizeof *a);
}

void ps_wlive_an_account(struct ps_wlive_an *a, const struct ps_options *o,
			 const struct ps_packet *p)
{
	if (o->nzstats) {
		int64_t ns = p->ts_sec * 1000000000LL + (p->ts_nano ? p->ts_frac : p->ts_frac * 1000LL);
		if (!a->first_ns || ns < a->first_ns)
			a->first_ns = ns;
		ps_zstats_packet(&a->z, p);
		if (a->zprobe)
			ps_probe_feed(&a->probe, p);
	}
	ps_stats_add(&a->stats, p);
}

/* One worker's engine lines (reassembly, defragmentation, TLS, HTTP and
 * DNS streams, as one worker's -q; their peaks are per table, so they are
 * not summed), each line prefixed "worker W: ". */
static void engine_lines(const struct ps_wlive_an *a, unsigned id, struct ps_out *out)
{
	char buf[4096], prefix[32];
	struct ps_out m;
	ps_out_open_mem(&m, buf, sizeof buf);
	ps_reasm_stats_print(a->flows ? ps_flow_reasm_budget(a->flows) : 0,
			     a->defrag ? &a->defrag->table : 0, &m);
	if (a->flows) {
		ps_tls_stream_stats_print(ps_flow_app_budget(a->flows), &m);
		ps_http_stream_stats_print(ps_flow_app_http_budget(a->flows), &m);
		ps_dns_stream_stats_print(ps_flow_app_dns_budget(a->flows), &m);
	}
	int plen = snprintf(prefix, sizeof prefix, "worker %u: ", id);
	for (size_t i = 0; i < m.len;) {
		const char *nl = memchr(buf + i, '\n', m.len - i);
		size_t end = nl ? (size_t)(nl - buf) + 1 : m.len;
		ps_out_mem(out, prefix, (size_t)plen);
		ps_out_mem(out, buf + i, end - i);
		i = end;
	}
}

/* -z probe: the workers' streams in one table (one worker's stream cap on
 * the whole); 0 ok, -1 out of memory (printed, nothing to print). */
static int merge_probe(struct ps_wlive_an *const *a, unsigned n, struct ps_probe_stats *probe)
{
	if (ps_probe_stats_init(probe, 1024)) {
		ps_errf("out of memory for -z probe");
		return -1;
	}
	for (unsigned i = 0; i < n; i++)
		if (ps_probe_stats_merge(probe, &a[i]->probe))
			ps_errf("-z probe: out of memory merging the workers' streams");
	return 0;
}

/* The -z tables and -z probe, each merged over the n > 0 workers, in one
 * worker's order (the last option's table first, as tshark). */
static void print_tables(struct ps_wlive_an *const *a, unsigned n, const struct ps_options *o,
			 struct ps_out *out)
{
	struct ps_zstats z;
	struct ps_probe_stats probe;
	const char *names[PS_MAX_ZSTATS];
	int zprobe;
	int64_t first = 0;
	ps_zstats_init(&z, names, ps_zsplit(o, NULL, names, &zprobe)); /* checked at open */
	for (unsigned i = 0; i < n; i++) {
		ps_zstats_merge(&z, &a[i]->z);
		if (a[i]->first_ns && (!first || a[i]->first_ns < first))
			first = a[i]->first_ns;
	}
	if (zprobe && merge_probe(a, n, &probe))
		zprobe = 0;
	ps_zprint(o, &z, first, &probe, zprobe, out);
	if (zprobe)
		ps_probe_stats_free(&probe);
	ps_zstats_free(&z);
}

void ps_wlive_an_print(struct ps_wlive_an *const *a, unsigned n, const struct ps_options *o,
		       uint64_t frames, struct ps_out *out)
{
	if (o->quiet && !o->nzstats) {
		struct ps_stats total;
		memset(&total, 0, sizeof total);
		for (unsigned i = 0; i < n; i++)
			ps_stats_merge(&total, &a[i]->stats);
		ps_stats_print(&total, out);
		for (unsigned i = 0; i < n; i++)
			engine_lines(a[i], i, out);
	}
	/* tshark prints its tables in reverse order of the options; a stream
	 * is numbered by one worker only: W, W + n, ... (ps_wlive_an_open) */
	for (unsigned i = n ? a[0]->follow.n : 0; i-- > 0;)
		ps_follow_print(&a[a[0]->follow.fl[i].stream % n]->follow.fl[i], out);
	if (o->nzstats && n)
		print_tables(a, n, o, out);
	if (o->count_only) /* --count, as tcpdump 4.99 */
		ps_out_fmt(out, "%llu packet%s\n", (unsigned long long)frames, frames == 1 ? "" : "s");
}
