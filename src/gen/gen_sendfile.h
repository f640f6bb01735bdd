/* SPDX-License-Identifier: BSD-2-Clause */
/* The sendfile transfer protocol (one file per TCP connection):
 *
 *   sender -> receiver   "PSGF" | size (u64 BE) | name length (u16 BE) | name
 *                        | size bytes of file data
 *   receiver -> sender   SHA-256 of the bytes received (32) | bytes received (u64 BE)
 *
 * The name is a base name (no '/', not "." or ".."; 1..255 bytes). The
 * receiver writes to DIR/.NAME.XXXXXX and renames it to DIR/NAME once all
 * size bytes arrived, so a broken transfer never leaves a partial NAME. */
#ifndef PS_GEN_SENDFILE_H
#define PS_GEN_SENDFILE_H

#include <stddef.h>
#include <stdint.h>

#include "gen_server.h"

#define GEN_SF_MAGIC "PSGF"
#define GEN_SF_HDR_FIXED 14          /* magic + size + name length */
#define GEN_SF_NAME_MAX 255
#define GEN_SF_REPLY_LEN 40

/* 1 if name is an acceptable base name, else 0. */
int gen_sf_name_ok(const char *name, size_t len);

static inline void gen_sf_put_be(unsigned char *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * (n - 1 - i)));
}

static inline uint64_t gen_sf_get_be(const unsigned char *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

struct gen_sf_recv_opts {
	struct gen_srv_opts srv;
	const char *out_dir;
	unsigned long count; /* stop after this many transfers; 0 = serve until stopped */
};

/* The receiver (gen_sendfile_recv.c): serves until stopped or count
 * transfers ended. Returns an exit code. */
int gen_sf_receive(const struct gen_sf_recv_opts *o);

/* --copy SRC DST (gen_sendfile_copy.c): a local copy in the kernel. */
enum { GEN_SF_COPY_SENDFILE, GEN_SF_COPY_RANGE };
/* "sendfile" / "copy_file_range" -> GEN_SF_COPY_*, or -1. */
int gen_sf_copy_method(const char *name);
/* Copies, compares both SHA-256, prints one line. Returns an exit code. */
int gen_sf_copy(const char *src, const char *dst, int method);

#endif
