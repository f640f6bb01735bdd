/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_store.c - file mode: the one-pass background indexer and the readers;
 * opening a live store, whose ring is tui_ring.c.
 *
 * The indexer reads the file in 1 MiB chunks with pread (not mmap: mapped
 * file pages would count as resident memory and a 1 GiB capture would blow
 * the memory budget) and publishes each chunk's offsets at once, so the
 * first screen can be drawn while the rest of the file is still read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tui_store.h"

#define CHUNK (1u << 20)

static void stop_with(struct tui_store *st, const char *msg)
{
	snprintf(st->msg, sizeof st->msg, "%s", msg);
	atomic_store(&st->state, TUI_ST_STOPPED);
}

static int read_some(int fd, uint8_t *buf, size_t n, uint64_t off, size_t *got)
{
	ssize_t k;
	do
		k = pread(fd, buf, n, (off_t)off);
	while (k < 0 && errno == EINTR);
	if (k < 0)
		return -1;
	*got = (size_t)k;
	return 0;
}

/* Index the records of one chunk; returns the bytes consumed (records may
 * end beyond the chunk), or -1 when the walk must stop (state set). */
static int64_t walk_chunk(struct tui_store *st, const uint8_t *buf, size_t n, uint64_t off)
{
	char err[200];
	size_t pos = 0;
	while (pos < n) {
		uint64_t e;
		int64_t len = tui_pf_block(st->pf, buf + pos, n - pos, off + pos, &e, err, sizeof err);
		if (len < 0) {
			stop_with(st, err);
			return -1;
		}
		if (len == 0)
			break;
		if (off + pos + (uint64_t)len > st->file_size) {
			snprintf(err, sizeof err, "file truncated in the middle of a record");
			stop_with(st, err);
			return -1;
		}
		if (e != TUI_NO_ENTRY && tui_vec_push(&st->index, e)) {
			stop_with(st, "out of memory for the packet index");
			return -1;
		}
		pos += (size_t)len;
	}
	return (int64_t)pos;
}

static void *index_thread(void *arg)
{
	struct tui_store *st = arg;
	uint8_t *buf = malloc(CHUNK);
	uint64_t off = st->pf->data_start;
	if (!buf) {
		stop_with(st, "out of memory");
		goto out;
	}
	while (!atomic_load(&st->cancel)) {
		size_t n;
		if (read_some(st->pf->fd, buf, CHUNK, off, &n)) {
			stop_with(st, strerror(errno));
			break;
		}
		if (n == 0) {
			atomic_store(&st->state, TUI_ST_DONE);
			break;
		}
		int64_t used = walk_chunk(st, buf, n, off);
		if (used > 0) {
			off += (uint64_t)used;
			atomic_store(&st->walked, off);
			tui_vec_publish(&st->index);
			tui_wake_signal(st->wake);
		}
		if (used < 0)
			break;
		if (used == 0) { /* a header that does not fit: at the end, a cut file */
			stop_with(st, n < CHUNK ? "file truncated in the middle of a record"
						: "record header larger than 1 MiB: corrupt file");
			break;
		}
	}
	tui_vec_publish(&st->index);
	tui_wake_signal(st->wake);
out:
	free(buf);
	return 0;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s && s[1] ? s + 1 : path;
}

static int open_fd(const char *path, uint64_t *size, uint8_t *head, size_t *nhead, char *err,
		   size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s: --tui needs a regular file (it reads packets out of order)",
			 path);
		goto fail;
	}
	*size = (uint64_t)sb.st_size;
	if (read_some(fd, head, 64, 0, nhead)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	return fd;
fail:
	if (fd >= 0)
		close(fd);
	return -1;
}

int tui_store_open_file(struct tui_store **out, const char *path, struct tui_wake *wake,
			char *err, size_t errlen)
{
	uint8_t head[64];
	size_t nhead = 0;
	uint64_t size = 0;
	struct tui_store *st = calloc(1, sizeof *st);
	*out = 0;
	if (!st || !(st->pf = calloc(1, sizeof *st->pf)))
		goto oom;
	st->pf->fd = -1;
	if (tui_vec_init(&st->index, 8))
		goto oom;
	int fd = open_fd(path, &size, head, &nhead, err, errlen);
	if (fd < 0)
		goto fail;
	char why[200];
	if (tui_pf_init(st->pf, fd, head, nhead, why, sizeof why)) {
		snprintf(err, errlen, "%s: %s", path, why);
		goto fail; /* st->pf->fd is closed by tui_store_close */
	}
	st->file_size = size;
	st->wake = wake;
	snprintf(st->name, sizeof st->name, "%s", base_name(path));
	int rc = tui_thread_start(&st->th, index_thread, st);
	if (rc) {
		snprintf(err, errlen, "cannot start the index thread: %s", strerror(rc));
		goto fail;
	}
	st->th_started = true;
	*out = st;
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
fail:
	tui_store_close(st);
	return -1;
}

int tui_store_open_live(struct tui_store **out, const char *name, int dlt, uint32_t snaplen,
			bool nano, size_t ring_bytes, char *err, size_t errlen)
{
	struct tui_store *st = calloc(1, sizeof *st);
	*out = 0;
	if (!st || !(st->pf = calloc(1, sizeof *st->pf)))
		goto oom;
	st->pf->fd = -1;
	if (tui_vec_init(&st->index, 8))
		goto oom;
	if (tui_ring_open(st, dlt, snaplen, nano, ring_bytes, err, errlen))
		goto fail;
	snprintf(st->name, sizeof st->name, "%s", name ? name : "live");
	*out = st;
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
fail:
	tui_store_close(st);
	return -1;
}

void tui_store_close(struct tui_store *st)
{
	if (!st)
		return;
	if (st->th_started) {
		atomic_store(&st->cancel, true);
		pthread_join(st->th, 0);
	}
	if (st->live)
		pthread_mutex_destroy(&st->lock);
	if (st->pf && st->pf->fd >= 0)
		close(st->pf->fd);
	free(st->ring);
	free(st->pf);
	tui_vec_free(&st->index);
	free(st);
}

int tui_store_read(struct tui_store *st, uint64_t i, struct tui_rec *r, uint8_t *buf,
		   uint32_t cap)
{
	if (st->live)
		return tui_ring_read(st, i, r, buf, cap);
	return tui_pf_read(st->pf, tui_vec_get(&st->index, i), r, buf, cap);
}

int tui_seq_init(struct tui_seq *q)
{
	q->cap = CHUNK > TUI_FRAME_MAX + 64 ? CHUNK : TUI_FRAME_MAX + 64;
	q->boff = 0;
	q->blen = 0;
	q->buf = malloc(q->cap);
	return q->buf ? 0 : -1;
}

void tui_seq_free(struct tui_seq *q)
{
	free(q->buf);
	q->buf = 0;
}

static bool in_buf(const struct tui_seq *q, uint64_t off, uint64_t n)
{
	return off >= q->boff && off + n <= q->boff + q->blen;
}

int tui_store_seq(struct tui_store *st, struct tui_seq *q, uint64_t i, struct tui_rec *r,
		  const uint8_t **data)
{
	if (st->live) {
		*data = q->buf;
		return tui_ring_read(st, i, r, q->buf, TUI_FRAME_MAX);
	}
	uint64_t e = tui_vec_get(&st->index, i), off = TUI_ENTRY_OFF(e);
	unsigned need = tui_pf_hdr_need(e);
	if (!in_buf(q, off, need)) {
		q->boff = off;
		if (read_some(st->pf->fd, q->buf, q->cap, off, &q->blen))
			return -1;
	}
	const uint8_t *h = q->buf + (off - q->boff);
	if (tui_pf_parse(st->pf, e, h, need, r))
		return -1;
	if (r->caplen > TUI_FRAME_MAX)
		r->caplen = TUI_FRAME_MAX;
	if (!in_buf(q, off + r->hdr, r->caplen)) {
		q->boff = off;
		if (read_some(st->pf->fd, q->buf, q->cap, off, &q->blen) ||
		    !in_buf(q, off + r->hdr, r->caplen))
			return -1;
	}
	*data = q->buf + (off + r->hdr - q->boff);
	return 0;
}

unsigned tui_store_progress(const struct tui_store *st)
{
	if (st->live || tui_store_state(st) != TUI_ST_LOADING || !st->file_size)
		return 1000;
	uint64_t w = atomic_load(&((struct tui_store *)st)->walked);
	return (unsigned)(w * 1000 / st->file_size);
}
