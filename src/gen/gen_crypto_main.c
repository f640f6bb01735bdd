/* SPDX-License-Identifier: BSD-2-Clause */
/* gen_crypto_main.c - `pktscope-gen crypto`: options, then server or --bench. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gen_crypto_cli.h"
#include "gen_modules.h"
#include "gen_net.h"
#include "gen_server.h"
#include "loop.h"

#define MAX_SIZE_LIMIT (64ull << 20)

static const char usage[] =
	"usage: pktscope-gen crypto [--listen ADDR] [--alg sha256|cbc(aes)|gcm(aes)] [--key HEX]\n"
	"         [--iv HEX] [--aad HEX] [--backend auto|afalg|openssl] [--max-size BYTES]\n"
	"         [--zero-copy] [server options]\n"
	"       pktscope-gen crypto --bench [--alg ALG] [--size BYTES] [--count N | --duration DUR]\n"
	"         [--key HEX] [--zero-copy]\n"
	"       pktscope-gen crypto --file IN --out OUT [--alg gcm(aes)] --key HEX [--iv HEX]\n"
	"         [--aad HEX] [--decrypt] [--backend auto|afalg|openssl]\n"
	"Request: 4-byte big-endian length + input; response: 4-byte length + status byte + result\n"
	"(status 0 ok, 1 over --max-size, 2 backend error). See docs/pktscope-gen-tls.md.\n"
	"  --alg NAME           sha256 (default), cbc(aes) (PKCS#7), gcm(aes) (ciphertext || tag)\n"
	"  --key/--iv/--aad HEX key (16/24/32 bytes), IV (default zero), GCM additional data\n"
	"  --backend NAME       auto (AF_ALG if the kernel has it, else OpenSSL), afalg, openssl\n"
	"  --max-size BYTES     largest request (default 1M)\n"
	"  --zero-copy          AF_ALG: vmsplice + splice the data instead of sendmsg\n"
	"  --decrypt            cbc(aes)/gcm(aes) the other way: ciphertext (gcm: || tag) in,\n"
	"                       plaintext out; bad padding or a failed tag check is status 2\n"
	"                       (OpenSSL backend: auto picks it)\n"
	"  --file IN --out OUT  gcm(aes) over a file: OUT = ciphertext || tag (--decrypt: the\n"
	"                       plaintext; a failed tag check exits 1 and leaves no OUT).\n"
	"                       afalg sendfile()s IN into one AF_ALG request: at most 4 MiB\n"
	"                       and the socket send buffer less a page; openssl streams\n"
	GEN_SRV_USAGE
	"  (--engine thread and --buffer do not apply to crypto)\n";

enum { O_ALG = 256, O_KEY, O_IV, O_AAD, O_BACKEND, O_MAXSIZE, O_ZC, O_BENCH, O_SIZE, O_COUNT,
       O_DURATION, O_DECRYPT, O_FILE, O_OUT };

static const struct option longopts[] = {
	GEN_SRV_LONGOPTS,
	{"alg", required_argument, NULL, O_ALG},
	{"key", required_argument, NULL, O_KEY},
	{"iv", required_argument, NULL, O_IV},
	{"aad", required_argument, NULL, O_AAD},
	{"backend", required_argument, NULL, O_BACKEND},
	{"max-size", required_argument, NULL, O_MAXSIZE},
	{"zero-copy", no_argument, NULL, O_ZC},
	{"decrypt", no_argument, NULL, O_DECRYPT},
	{"bench", no_argument, NULL, O_BENCH},
	{"file", required_argument, NULL, O_FILE},
	{"out", required_argument, NULL, O_OUT},
	{"size", required_argument, NULL, O_SIZE},
	{"count", required_argument, NULL, O_COUNT},
	{"duration", required_argument, NULL, O_DURATION},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

__attribute__((format(printf, 1, 2))) static int bad(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "pktscope-gen crypto: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	return -1;
}

static int hex_opt(const char *name, const char *arg, uint8_t *buf, size_t cap, size_t *len)
{
	long n = ps_crypto_hex_parse(arg, buf, cap);
	if (n < 0) {
		fprintf(stderr, "pktscope-gen crypto: bad --%s '%s': expected at most %zu bytes as an even number of hex digits\n",
			name, arg, cap);
		return -1;
	}
	*len = (size_t)n;
	return 0;
}

static int num_opt(const char *name, const char *arg, unsigned long long lo,
		   unsigned long long hi, int binary, unsigned long long *out)
{
	if (gen_parse_u64(arg, binary, out) < 0 || *out < lo || *out > hi) {
		fprintf(stderr, "pktscope-gen crypto: bad --%s '%s': expected a number from %llu to %llu\n",
			name, arg, lo, hi);
		return -1;
	}
	return 0;
}

static int ms_opt(const char *name, const char *arg, long long *out)
{
	*out = gen_parse_ms(arg);
	if (*out < 0)
		return bad("bad --%s '%s': expected a duration like 30s or 500ms", name, arg);
	return 0;
}

/* One option into o; 1 = --help, 0 = ok, -1 = usage error (printed). */
static int parse_one(int c, const char *arg, struct gen_crypto_opts *o, bool *bench)
{
	struct ps_crypto_params *p = &o->params;
	unsigned long long v;
	char err[200];
	if (c == GEN_OPT_BUFFER)
		return bad("--buffer does not apply to crypto (see --max-size)");
	int r = gen_srv_opt(&o->srv, c, arg, err, sizeof err);
	if (r)
		return r < 0 ? bad("%s", err) : 0;
	switch (c) {
	case O_ALG:
		o->alg_given = true;
		if (ps_crypto_alg_parse(arg, &p->alg) < 0)
			return bad("unknown --alg '%s' (sha256, cbc(aes), gcm(aes))", arg);
		return 0;
	case O_KEY: return hex_opt("key", arg, p->key, sizeof p->key, &p->keylen);
	case O_IV: return hex_opt("iv", arg, p->iv, sizeof p->iv, &p->ivlen);
	case O_AAD: return hex_opt("aad", arg, p->aad, sizeof p->aad, &p->aadlen);
	case O_BACKEND: o->backend = arg; return 0;
	case O_MAXSIZE:
		if (num_opt("max-size", arg, 0, MAX_SIZE_LIMIT, 1, &v) < 0)
			return -1;
		o->max_size = (size_t)v;
		return 0;
	case O_ZC: o->zero_copy = true; return 0;
	case O_DECRYPT: p->decrypt = true; return 0;
	case O_BENCH: *bench = true; return 0;
	case O_FILE: o->file_in = arg; return 0;
	case O_OUT: o->file_out = arg; return 0;
	case O_SIZE:
		if (num_opt("size", arg, 0, MAX_SIZE_LIMIT, 1, &v) < 0)
			return -1;
		o->bench_size = (size_t)v;
		return 0;
	case O_COUNT: return num_opt("count", arg, 1, ~0ull, 0, &o->bench_count);
	case O_DURATION: return ms_opt("duration", arg, &o->bench_ms);
	case 'h': return 1;
	default: return bad("see pktscope-gen crypto --help");
	}
}

static void defaults(struct gen_crypto_opts *o)
{
	memset(o, 0, sizeof *o);
	gen_srv_opts_init(&o->srv);
	o->srv.listen = "127.0.0.1:5568";
	o->backend = "auto";
	o->params.alg = PS_CRYPTO_SHA256;
	o->max_size = 1u << 20;
	o->bench_size = 4096;
	o->bench_ms = 1000;
}

/* --file IN --out OUT: gcm(aes) (the default there), checked before any
 * file is touched. auto may pick afalg even to decrypt (run_file does). */
static int file_mode(struct gen_crypto_opts *o)
{
	char err[256];
	if (!o->file_in || !o->file_out) {
		bad("--file and --out go together");
		return GEN_EXIT_USAGE;
	}
	if (!o->alg_given)
		o->params.alg = PS_CRYPTO_GCM_AES;
	if (o->params.alg != PS_CRYPTO_GCM_AES) {
		bad("--file encrypts with gcm(aes) only");
		return GEN_EXIT_USAGE;
	}
	struct ps_crypto_params check = o->params;
	if (ps_crypto_params_check(&check, err, sizeof err) < 0) {
		bad("%s", err);
		return GEN_EXIT_USAGE;
	}
	return gen_crypto_file(o);
}

int gen_crypto_main(int argc, char **argv)
{
	struct gen_crypto_opts o;
	bool bench = false;
	char err[256];
	int c;
	defaults(&o);
	optind = 0;
	while ((c = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
		int r = parse_one(c, optarg, &o, &bench);
		if (r > 0) {
			fputs(usage, stdout);
			return GEN_EXIT_OK;
		}
		if (r < 0)
			return GEN_EXIT_USAGE;
	}
	if (optind < argc) {
		bad("unexpected argument '%s'", argv[optind]);
		return GEN_EXIT_USAGE;
	}
	if (bench && o.params.decrypt) {
		bad("--bench measures encryption; --decrypt is for the server");
		return GEN_EXIT_USAGE;
	}
	if (bench)
		return gen_crypto_bench(&o);
	if (o.file_in || o.file_out)
		return file_mode(&o);
	/* only the OpenSSL backend decrypts (gen_crypto.h): auto means it */
	if (o.params.decrypt && !strcmp(o.backend, "auto"))
		o.backend = "openssl";
	if (o.params.decrypt && !strcmp(o.backend, "afalg")) {
		bad("--decrypt: the server decrypts with the openssl backend only (afalg decrypts gcm(aes) files: --file)");
		return GEN_EXIT_USAGE;
	}
	if (!ps_loop_backend_known(o.srv.engine)) {
		bad("--engine %s: the crypto server runs on the event loop (epoll, poll, select)",
		    o.srv.engine);
		return GEN_EXIT_USAGE;
	}
	/* The server checks its parameters before it binds anything. */
	struct ps_crypto_params check = o.params;
	if (ps_crypto_params_check(&check, err, sizeof err) < 0) {
		bad("%s", err);
		return GEN_EXIT_USAGE;
	}
	return gen_crypto_serve(&o);
}
