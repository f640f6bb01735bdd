/* SPDX-License-Identifier: BSD-2-Clause */
/* Reports of the load client: the text or JSON summary and the NDJSON
 * interval lines. Throughput counts verified echo bytes received, in
 * MB/s with 1 MB = 10^6 bytes; latencies are in microseconds. */
#include "gen_load.h"

#include "gen_json.h"

#include <stdio.h>

static const char *const load_err_names[ERR_KINDS] = {
	"connect", "io", "mismatch", "timeout", "tls"
};

static const char *mode_name(enum load_mode m)
{
	return m == LOAD_UDP ? "udp" : m == LOAD_UNIX ? "unix" : m == LOAD_TLS ? "tls" : "tcp";
}

uint64_t load_error_total(const struct load_totals *t)
{
	uint64_t n = 0;

	for (int k = 0; k < ERR_KINDS; k++)
		n += t->errors[k];
	return n;
}

static void json_latency(FILE *fp, const struct gen_hist *h)
{
	fprintf(fp, "\"latency_us\":{\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"max\":%.1f,\"mean\":%.1f}",
	        (double)gen_hist_pct(h, 50) / 1e3, (double)gen_hist_pct(h, 90) / 1e3,
	        (double)gen_hist_pct(h, 99) / 1e3, (double)h->max / 1e3,
	        h->count ? (double)h->sum / (double)h->count / 1e3 : 0.0);
}

static double per_s(uint64_t n, double secs)
{
	return secs > 0 ? (double)n / secs : 0.0;
}

void load_print_interval(const struct load_run *r, int64_t now)
{
	double secs = (double)(now - r->t_last) / 1e9;
	uint64_t msgs = r->tot.messages - r->last.messages;
	uint64_t bytes = r->tot.bytes_recv - r->last.bytes_recv;

	printf("{\"type\":\"interval\",\"t\":%.3f,\"seconds\":%.3f,\"messages\":%llu,"
	       "\"errors\":%llu,\"bytes_received\":%llu,\"throughput_mb_s\":%.3f,"
	       "\"msgs_per_s\":%.1f,\"connections\":%lu,",
	       (double)(now - r->t0) / 1e9, secs, (unsigned long long)msgs,
	       (unsigned long long)(load_error_total(&r->tot) - load_error_total(&r->last)),
	       (unsigned long long)bytes, per_s(bytes, secs) / 1e6, per_s(msgs, secs),
	       r->live - r->connecting);
	json_latency(stdout, &r->ihist);
	printf("}\n");
	fflush(stdout);
}

static void summary_json(const struct load_run *r, double secs)
{
	const struct load_opts *o = r->o;
	const struct load_totals *t = &r->tot;

	printf("{\"type\":\"summary\",\"target\":");
	gen_json_str(stdout, o->to);
	printf(",\"transport\":\"%s\",\"engine\":\"%s\",\"connections\":%lu,\"connected\":%llu,"
	       "\"messages_per_connection\":%llu,\"size\":%zu,\"rate\":%.1f,\"messages\":%llu,"
	       "\"bytes_sent\":%llu,\"bytes_received\":%llu,\"errors\":%llu,\"errors_by_kind\":{",
	       mode_name(o->mode), o->engine, o->conns, (unsigned long long)t->connected,
	       o->messages, o->size, o->rate, (unsigned long long)t->messages,
	       (unsigned long long)t->bytes_sent, (unsigned long long)t->bytes_recv,
	       (unsigned long long)load_error_total(t));
	for (int k = 0; k < ERR_KINDS; k++)
		printf("%s\"%s\":%llu", k ? "," : "", load_err_names[k], (unsigned long long)t->errors[k]);
	printf("},\"unexpected_datagrams\":%llu,\"seconds\":%.3f,\"throughput_mb_s\":%.3f,"
	       "\"msgs_per_s\":%.1f,", (unsigned long long)t->unexpected, secs,
	       per_s(t->bytes_recv, secs) / 1e6, per_s(t->messages, secs));
	json_latency(stdout, &r->hist);
	if (o->stamp)
		printf(",\"stamp_first_stream\":%u", o->stamp_base);
	if (o->mode == LOAD_TLS) {
		printf(",\"tls\":{\"full\":%llu,\"resumed\":%llu,\"alpn\":",
		       (unsigned long long)t->tls_full, (unsigned long long)t->tls_resumed);
		if (r->alpn[0])
			gen_json_str(stdout, r->alpn);
		else
			fputs("null", stdout);
		printf(",\"alpn_connections\":%llu}", (unsigned long long)t->tls_alpn);
	}
	printf(",\"interrupted\":%s}\n", r->interrupted ? "true" : "false");
}

static void summary_text(const struct load_run *r, double secs)
{
	const struct load_opts *o = r->o;
	const struct load_totals *t = &r->tot;
	const struct gen_hist *h = &r->hist;

	printf("load: %s %s, %lu connections (%llu connected) x %llu messages x %zu bytes%s\n",
	       o->to, mode_name(o->mode), o->conns, (unsigned long long)t->connected,
	       o->messages, o->size, r->interrupted ? " (interrupted)" : "");
	printf("load: messages=%llu errors=%llu (", (unsigned long long)t->messages,
	       (unsigned long long)load_error_total(t));
	for (int k = 0; k < ERR_KINDS; k++)
		printf("%s%s=%llu", k ? " " : "", load_err_names[k], (unsigned long long)t->errors[k]);
	printf(") seconds=%.3f throughput=%.2f MB/s msgs/s=%.0f\n", secs,
	       per_s(t->bytes_recv, secs) / 1e6, per_s(t->messages, secs));
	printf("load: latency_us p50=%.1f p90=%.1f p99=%.1f max=%.1f\n",
	       (double)gen_hist_pct(h, 50) / 1e3, (double)gen_hist_pct(h, 90) / 1e3,
	       (double)gen_hist_pct(h, 99) / 1e3, (double)h->max / 1e3);
	if (o->stamp)
		printf("load: stamped: connection k is probe stream %u + k\n", o->stamp_base);
	if (o->mode == LOAD_TLS)
		printf("load: tls handshakes full=%llu resumed=%llu alpn=%s (%llu connections)\n",
		       (unsigned long long)t->tls_full, (unsigned long long)t->tls_resumed,
		       r->alpn[0] ? r->alpn : "none", (unsigned long long)t->tls_alpn);
}

void load_print_summary(const struct load_run *r, int64_t now)
{
	double secs = (double)(now - r->t0) / 1e9;

	if (r->o->json)
		summary_json(r, secs);
	else
		summary_text(r, secs);
	fflush(stdout);
}
