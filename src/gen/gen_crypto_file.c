/* SPDX-License-Identifier: BSD-2-Clause */
/* gen_crypto_file.c - `pktscope-gen crypto --file IN --out OUT`: a file
 * encrypted (or decrypted) with gcm(aes), the counterpart of the cheat
 * sheet's "AES-GCM使用sendfile加密/解密文件" example.
 *
 * The afalg backend sendfile()s the file into the AF_ALG operation socket
 * (one AEAD request, so at most PS_CRYPTO_FILE_AFALG_MAX bytes); the openssl
 * backend reads it in PS_CRYPTO_FILE_CHUNK steps. Output: ciphertext || tag
 * or the plaintext, written to a temporary file beside OUT that is renamed
 * over OUT only when everything (tag check included) succeeded, so a failure
 * never leaves OUT half-written.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gen_crypto_cli.h"
#include "gen_modules.h"

/* Opens IN (a regular file: sendfile needs one, and its size bounds the
 * work). Returns the fd or -1 + err. */
static int open_input(const char *path, unsigned long long *size, char *err, size_t errlen)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	const char *why = fstat(fd, &st) < 0	  ? strerror(errno)
			  : !S_ISREG(st.st_mode) ? "not a regular file"
						 : NULL;
	if (why) {
		snprintf(err, errlen, "%s: %s", path, why);
		close(fd);
		return -1;
	}
	*size = (unsigned long long)st.st_size;
	return fd;
}

/* OUT.XXXXXX beside OUT (same filesystem, so rename() is atomic). */
static int open_temp(const char *out, char *tmp, size_t tmplen, char *err, size_t errlen)
{
	if ((size_t)snprintf(tmp, tmplen, "%s.XXXXXX", out) >= tmplen) {
		snprintf(err, errlen, "%s: path too long", out);
		return -1;
	}
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		snprintf(err, errlen, "%s: temporary file: %s", out, strerror(errno));
	return fd;
}

/* The work itself once the backend is chosen; 0 or -1 + err. On success
 * *written is OUT's size. */
static int process(const struct gen_crypto_opts *o, const struct ps_crypto_ops *ops, int in_fd,
		   unsigned long long n, int out_fd, long long *written, char *err, size_t errlen)
{
	struct ps_crypto_sess s;
	if (ps_crypto_open(&s, ops, &o->params, false, err, errlen) < 0) {
		ps_crypto_close(&s);
		return -1;
	}
	*written = ops->run_file(&s, in_fd, n, out_fd, err, errlen);
	ps_crypto_close(&s);
	if (*written < 0)
		return -1;
	if (fsync(out_fd) < 0) {
		snprintf(err, errlen, "fsync: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int gen_crypto_file(const struct gen_crypto_opts *o)
{
	char err[400] = "", why[300], tmp[4096];
	unsigned long long n = 0;
	long long written = 0;
	int out_fd = -1, rc = -1;
	const struct ps_crypto_ops *ops = ps_crypto_choose(o->backend, why, sizeof why, err,
							   sizeof err);
	int in_fd = ops ? open_input(o->file_in, &n, err, sizeof err) : -1;
	if (in_fd >= 0)
		out_fd = open_temp(o->file_out, tmp, sizeof tmp, err, sizeof err);
	if (out_fd >= 0) {
		rc = process(o, ops, in_fd, n, out_fd, &written, err, sizeof err);
		if (close(out_fd) < 0 && rc == 0) {
			snprintf(err, sizeof err, "%s: close: %s", o->file_out, strerror(errno));
			rc = -1;
		}
		if (rc == 0 && rename(tmp, o->file_out) < 0) {
			snprintf(err, sizeof err, "%s: rename: %s", o->file_out, strerror(errno));
			rc = -1;
		}
		if (rc < 0)
			unlink(tmp);
	}
	if (in_fd >= 0)
		close(in_fd);
	if (rc < 0) {
		fprintf(stderr, "pktscope-gen crypto: %s\n", err);
		return GEN_EXIT_RUNTIME;
	}
	printf("crypto: %s %s %s (%llu bytes) -> %s (%lld bytes), backend %s\n",
	       ps_crypto_alg_name(o->params.alg), o->params.decrypt ? "decrypt" : "encrypt",
	       o->file_in, n, o->file_out, written, why);
	return GEN_EXIT_OK;
}
