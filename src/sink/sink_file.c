/* SPDX-License-Identifier: BSD-2-Clause */
/* sink_file.c - file:PATH, records appended one per line.  The reference
 * sink for tests (what reached it is plain to read) and a spool for a
 * shipper that tails files.  "Sent" means write(2) took the bytes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ps_sink.h"
#include "sink_ops.h"

#define FILE_BUF (256u << 10)

struct file_sink {
	char *path;
	int fd;
	char *buf; /* records of the pending batch, newline-terminated */
	size_t len;
	uint64_t in_buf;           /* records in buf */
	uint64_t done_ok, done_bad; /* written out early (buf full), not yet reported */
	int err;                   /* errno of a failed early write */
};

static int file_open(void **priv, const char *rest, const struct ps_sink_props *props, char *name,
		     size_t namelen, char *err, size_t errlen)
{
	(void)props; /* -X is for kafka: options_sink.c refuses it without a kafka:// output */
	if (!*rest) {
		snprintf(err, errlen, "--output file:PATH needs a path");
		return -1;
	}
	struct file_sink *f = calloc(1, sizeof *f);
	if (f)
		f->path = strdup(rest);
	if (f)
		f->buf = malloc(FILE_BUF);
	if (!f || !f->path || !f->buf) {
		if (f) {
			free(f->path);
			free(f->buf);
		}
		free(f);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	f->fd = -1;
	snprintf(name, namelen, "file:%s", rest);
	*priv = f;
	return 0;
}

static int file_connect(void *priv, char *err, size_t errlen)
{
	struct file_sink *f = priv;
	if (f->fd >= 0)
		close(f->fd);
	f->fd = open(f->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (f->fd < 0) {
		snprintf(err, errlen, "%s: %s", f->path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Write all of p; 0 or errno. */
static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? errno : EIO;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Write out the buffered records, counting them as written or failed. */
static void spill(struct file_sink *f)
{
	int e = f->len ? write_all(f->fd, f->buf, f->len) : 0;
	if (e) {
		f->done_bad += f->in_buf;
		f->err = e;
	} else {
		f->done_ok += f->in_buf;
	}
	f->len = 0;
	f->in_buf = 0;
}

static int file_write(void *priv, const char *rec, size_t len, const char *key, size_t klen)
{
	(void)key; /* one record per line: the record holds flow.id */
	(void)klen;
	struct file_sink *f = priv;
	if (len + 1 > FILE_BUF - f->len)
		spill(f);
	if (len + 1 > FILE_BUF) { /* larger than the buffer: straight out */
		int e = write_all(f->fd, rec, len);
		if (!e)
			e = write_all(f->fd, "\n", 1);
		if (e)
			f->err = e;
		return e ? -1 : (f->done_ok++, 0);
	}
	memcpy(f->buf + f->len, rec, len);
	f->buf[f->len + len] = '\n';
	f->len += len + 1;
	f->in_buf++;
	return 0;
}

static int file_flush(void *priv, uint64_t *sent, uint64_t *failed, char *err, size_t errlen)
{
	struct file_sink *f = priv;
	spill(f);
	*sent += f->done_ok;
	*failed += f->done_bad;
	f->done_ok = f->done_bad = 0;
	if (!f->err)
		return 0;
	snprintf(err, errlen, "%s: %s", f->path, strerror(f->err));
	f->err = 0;
	return -1; /* reopened before the next batch */
}

static void file_close(void *priv)
{
	struct file_sink *f = priv;
	if (f->fd >= 0)
		close(f->fd);
	free(f->path);
	free(f->buf);
	free(f);
}

const struct ps_sink_ops ps_sink_file = {
	.scheme = "file",
	.open = file_open,
	.connect = file_connect,
	.write = file_write,
	.flush = file_flush,
	.close = file_close,
};
