/* SPDX-License-Identifier: BSD-2-Clause */
/* pktscope-gen sendfile --copy SRC DST: a local file-to-file copy in the
 * kernel, the cheat sheet's "copy with sendfile" (os.sendfile(dfd, sfd,
 * offset, count) in a loop), with sendfile(2) or copy_file_range(2)
 * (--method). Partial returns are looped over, the source's size is read
 * once, and both files' SHA-256 are compared at the end (exit 1 if they
 * differ). DST is written in place (created 0644 or truncated) and is
 * refused when it is SRC itself, which truncating would destroy. */
#include "gen_sendfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gen_modules.h"
#include "gen_sha256.h"
#include "gen_signal.h"
#include "loop.h"

/* Bytes moved per call: large (few syscalls), below the kernel's own cap
 * of 0x7ffff000 per call. */
#define SF_COPY_CHUNK (1L << 30)

int gen_sf_copy_method(const char *name)
{
	if (!strcmp(name, "sendfile"))
		return GEN_SF_COPY_SENDFILE;
	if (!strcmp(name, "copy_file_range"))
		return GEN_SF_COPY_RANGE;
	return -1;
}

/* Moves size bytes from in to out; 0, or -1 with err filled. */
static int sf_copy_pump(int in, int out, off_t size, int method, char *err, size_t errlen)
{
	off_t off = 0;

	while (off < size) {
		size_t want = (size_t)(size - off < SF_COPY_CHUNK ? size - off : SF_COPY_CHUNK);
		ssize_t n;

		if (method == GEN_SF_COPY_SENDFILE) {
			n = sendfile(out, in, &off, want); /* advances off */
		} else {
			loff_t o_in = off;

			n = copy_file_range(in, &o_in, out, NULL, want, 0);
			if (n > 0)
				off += n;
		}
		if (n < 0 && errno == EINTR && !gen_signal_stopping())
			continue;
		if (n < 0) {
			snprintf(err, errlen, "%s at byte %lld: %s", method == GEN_SF_COPY_SENDFILE ?
				 "sendfile" : "copy_file_range", (long long)off, strerror(errno));
			return -1;
		}
		if (n == 0) {
			snprintf(err, errlen, "source shrank to %lld bytes while copying", (long long)off);
			return -1;
		}
	}
	return 0;
}

/* Opens both ends (DST read-write: it is hashed after the copy); 0, or -1
 * with err filled. */
static int sf_copy_open(const char *src, const char *dst, int *in, int *out, struct stat *st,
			char *err, size_t errlen)
{
	struct stat dt;

	*in = open(src, O_RDONLY | O_CLOEXEC);
	if (*in < 0 || fstat(*in, st) < 0 || !S_ISREG(st->st_mode)) {
		snprintf(err, errlen, "%s: %s", src, *in < 0 ? strerror(errno) : "not a regular file");
		return -1;
	}
	if (stat(dst, &dt) == 0 && dt.st_dev == st->st_dev && dt.st_ino == st->st_ino) {
		snprintf(err, errlen, "%s and %s are the same file", src, dst);
		return -1;
	}
	*out = open(dst, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (*out < 0) {
		snprintf(err, errlen, "%s: %s", dst, strerror(errno));
		return -1;
	}
	return 0;
}

/* Both digests; 0 when equal, 1 when not, -1 on a read error (err). */
static int sf_copy_compare(int in, int out, const char *dst, char hex[GEN_SHA256_HEXLEN],
			   char *err, size_t errlen)
{
	unsigned char a[GEN_SHA256_LEN], b[GEN_SHA256_LEN];

	if (gen_sha256_fd(in, a) < 0 || gen_sha256_fd(out, b) < 0) {
		snprintf(err, errlen, "reading for SHA-256: %s", strerror(errno));
		return -1;
	}
	gen_sha256_hex(a, hex);
	if (memcmp(a, b, sizeof a) == 0)
		return 0;
	snprintf(err, errlen, "%s differs from the source after the copy", dst);
	return 1;
}

int gen_sf_copy(const char *src, const char *dst, int method)
{
	char err[PATH_MAX + 200], hex[GEN_SHA256_HEXLEN];
	int in = -1, out = -1, rc = GEN_EXIT_RUNTIME;
	struct stat st;
	long long t0;
	double secs;

	if (sf_copy_open(src, dst, &in, &out, &st, err, sizeof err) < 0)
		goto fail;
	t0 = ps_loop_now_ns();
	if (sf_copy_pump(in, out, st.st_size, method, err, sizeof err) < 0)
		goto fail;
	secs = (double)(ps_loop_now_ns() - t0) / 1e9;
	if (sf_copy_compare(in, out, dst, hex, err, sizeof err) != 0)
		goto fail;
	printf("sendfile: copied %s to %s with %s: bytes=%lld seconds=%.3f MB/s=%.2f sha256=%s (equal)\n",
	       src, dst, method == GEN_SF_COPY_SENDFILE ? "sendfile" : "copy_file_range",
	       (long long)st.st_size, secs, secs > 0 ? (double)st.st_size / secs / 1e6 : 0.0, hex);
	rc = GEN_EXIT_OK;
	goto out;
fail:
	fprintf(stderr, "pktscope-gen sendfile: %s\n", err);
out:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return rc;
}
