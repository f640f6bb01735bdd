/* SPDX-License-Identifier: BSD-2-Clause */
/* gen_crypto_bench.c - `crypto --bench`: MB/s and ops/s of every backend,
 * side by side, on the same input; the outputs are compared as well. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen_crypto_cli.h"
#include "gen_modules.h"

#define NBACKENDS 2

struct cell {
	bool ok;
	char why[200]; /* when !ok */
	double mbps, ops;
	uint8_t first[PS_CRYPTO_SHA256_LEN]; /* start of the first output, for the cross-check */
	size_t first_len;
};

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Default parameters of a benchmark cell: AES-128 unless --key says more. */
static void cell_params(const struct gen_crypto_opts *o, enum ps_crypto_alg alg,
			struct ps_crypto_params *p)
{
	*p = o->params;
	p->alg = alg;
	if (alg == PS_CRYPTO_SHA256) {
		p->keylen = p->ivlen = p->aadlen = 0;
		return;
	}
	if (!p->keylen) {
		p->keylen = 16;
		memset(p->key, 0x42, p->keylen);
	}
	if (alg == PS_CRYPTO_CBC_AES) {
		p->aadlen = 0;
		if (p->ivlen != PS_CRYPTO_AES_BLOCK)
			p->ivlen = 0;
	}
}

static void run_cell(const struct gen_crypto_opts *o, const struct ps_crypto_ops *ops,
		     enum ps_crypto_alg alg, const uint8_t *in, uint8_t *out, size_t cap,
		     struct cell *c)
{
	struct ps_crypto_params p;
	struct ps_crypto_sess s;
	cell_params(o, alg, &p);
	if (ps_crypto_open(&s, ops, &p, o->zero_copy, c->why, sizeof c->why) < 0)
		return;
	unsigned long long n = 0;
	long long t0 = now_ns(), end = t0 + o->bench_ms * 1000000LL, t = t0;
	for (;;) {
		long r = ps_crypto_run(&s, in, o->bench_size, out, cap, c->why, sizeof c->why);
		if (r < 0)
			goto out;
		if (n++ == 0) {
			c->first_len = (size_t)r < sizeof c->first ? (size_t)r : sizeof c->first;
			memcpy(c->first, out, c->first_len);
		}
		t = now_ns();
		if (o->bench_count ? n >= o->bench_count : t >= end)
			break;
	}
	double secs = (double)(t - t0) / 1e9;
	c->ok = true;
	c->ops = (double)n / secs;
	c->mbps = (double)n * (double)o->bench_size / 1e6 / secs;
out:
	ps_crypto_close(&s);
}

static void print_row(enum ps_crypto_alg alg, const struct cell *c, size_t n)
{
	printf("%-10s", ps_crypto_alg_name(alg));
	for (size_t i = 0; i < n; i++) {
		if (c[i].ok)
			printf("  %14.1f  %14.0f", c[i].mbps, c[i].ops);
		else
			printf("  %14s  %14s", "unavailable", "-");
	}
	bool same = c[0].ok && c[1].ok;
	if (same)
		same = c[0].first_len == c[1].first_len &&
		       !memcmp(c[0].first, c[1].first, c[0].first_len);
	printf("%s\n", c[0].ok && c[1].ok ? (same ? "  same output" : "  OUTPUT DIFFERS") : "");
}

static void print_header(const struct gen_crypto_opts *o, const char *afalg_name)
{
	char a1[32], a2[32];
	if (o->bench_count)
		printf("crypto bench: %zu-byte requests, %llu per cell\n", o->bench_size,
		       o->bench_count);
	else
		printf("crypto bench: %zu-byte requests, %.2f s per cell\n", o->bench_size,
		       (double)o->bench_ms / 1000.0);
	snprintf(a1, sizeof a1, "%s MB/s", afalg_name);
	snprintf(a2, sizeof a2, "%s ops/s", afalg_name);
	printf("%-10s  %14s  %14s  %14s  %14s\n", "alg", a1, a2, "openssl MB/s", "openssl ops/s");
}

int gen_crypto_bench(const struct gen_crypto_opts *o)
{
	const struct ps_crypto_ops *ops[NBACKENDS] = {&ps_crypto_afalg, &ps_crypto_openssl};
	char why[NBACKENDS][200];
	bool have[NBACKENDS];
	size_t cap = ps_crypto_out_len(PS_CRYPTO_CBC_AES, o->bench_size) + PS_CRYPTO_GCM_TAG;
	uint8_t *in = malloc(o->bench_size ? o->bench_size : 1), *out = malloc(cap);
	int rc = GEN_EXIT_OK;
	if (!in || !out) {
		fprintf(stderr, "pktscope-gen crypto: out of memory for --size %zu\n", o->bench_size);
		free(in);
		free(out);
		return GEN_EXIT_RUNTIME;
	}
	for (size_t i = 0; i < o->bench_size; i++)
		in[i] = (uint8_t)(i * 131u + 7u);
	for (int b = 0; b < NBACKENDS; b++) {
		have[b] = ops[b]->probe(why[b], sizeof why[b]) == 0;
		printf("%s: %s%s\n", ops[b]->name, have[b] ? "available" : "unavailable: ",
		       have[b] ? (b == 0 && o->zero_copy ? " (zero copy: vmsplice + splice)" : "")
			       : why[b]);
	}
	print_header(o, o->zero_copy ? "afalg-zc" : "afalg");
	for (int a = PS_CRYPTO_SHA256; a <= PS_CRYPTO_GCM_AES; a++) {
		if (o->alg_given && a != (int)o->params.alg)
			continue;
		struct cell c[NBACKENDS] = {0};
		for (int b = 0; b < NBACKENDS; b++) {
			if (have[b])
				run_cell(o, ops[b], (enum ps_crypto_alg)a, in, out, cap, &c[b]);
			else
				snprintf(c[b].why, sizeof c[b].why, "%.190s", why[b]);
			if (have[b] && !c[b].ok) {
				fprintf(stderr, "pktscope-gen crypto: %s %s: %s\n", ops[b]->name,
					ps_crypto_alg_name((enum ps_crypto_alg)a), c[b].why);
				rc = GEN_EXIT_RUNTIME;
			}
		}
		print_row((enum ps_crypto_alg)a, c, NBACKENDS);
		if (c[0].ok && c[1].ok && memcmp(c[0].first, c[1].first, c[0].first_len))
			rc = GEN_EXIT_RUNTIME;
	}
	free(in);
	free(out);
	return rc;
}
