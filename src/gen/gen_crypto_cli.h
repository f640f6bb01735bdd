/* SPDX-License-Identifier: BSD-2-Clause */
/* gen_crypto_cli.h - options of `pktscope-gen crypto` shared by its server
 * (gen_crypto_server.c), benchmark (gen_crypto_bench.c) and option parser
 * (gen_crypto_main.c).
 *
 * Wire protocol of the server (one request at a time per connection,
 * requests may be pipelined):
 *
 *   request   u32 length N (big-endian) | N bytes of input
 *   response  u32 length L (big-endian) | u8 status | L-1 bytes
 *
 *   status 0  ok: the result (sha256: 32-byte digest; cbc(aes): PKCS#7
 *             padded ciphertext; gcm(aes): ciphertext || 16-byte tag)
 *   status 1  request larger than --max-size: an error text, then the
 *             server closes the connection (it cannot skip N bytes safely)
 *   status 2  the backend failed: an error text; the connection goes on
 */
#ifndef PS_GEN_CRYPTO_CLI_H
#define PS_GEN_CRYPTO_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "gen_crypto.h"
#include "gen_server.h"

#define GEN_CRYPTO_ST_OK 0
#define GEN_CRYPTO_ST_TOO_LARGE 1
#define GEN_CRYPTO_ST_FAILED 2

struct gen_crypto_opts {
	struct gen_srv_opts srv; /* --listen, --engine (loop only), --max-conns, ... */
	const char *backend;     /* auto | afalg | openssl */
	struct ps_crypto_params params;
	bool alg_given; /* --alg on the command line (bench: else all three) */
	bool zero_copy;
	size_t max_size; /* largest request accepted */
	/* --bench */
	size_t bench_size;
	unsigned long long bench_count; /* 0: run bench_ms per cell */
	long long bench_ms;
	/* --file IN --out OUT (gen_crypto_file.c) */
	const char *file_in, *file_out;
};

/* Each returns an exit code (GEN_EXIT_*) and prints its own errors. */
int gen_crypto_serve(const struct gen_crypto_opts *o);
int gen_crypto_bench(const struct gen_crypto_opts *o);
int gen_crypto_file(const struct gen_crypto_opts *o);

#endif
