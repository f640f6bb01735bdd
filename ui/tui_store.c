/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_store.c - file mode: the one-pass background indexer and the readers;
 * opening a live store, whose ring is tui_ring.c.
 *
 * The indexer walks the file with the capture-file reader (1 MiB read(2)s,
 * not mmap: mapped file pages would count as resident memory and a 1 GiB
 * capture would blow the memory budget) and publishes the positions about
 * every 1 MiB of file, so the first screen can be drawn while the rest of
 * the file is still read.  Readers on other threads use the reader's
 * read_at / parse on the published positions.
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

static void publish(struct tui_store *st)
{
	atomic_store(&st->walked, ps_pcapfile_tell(st->pf));
	tui_vec_publish(&st->index);
	tui_wake_signal(st->wake);
}

static void *index_thread(void *arg)
{
	struct tui_store *st = arg;
	char err[256];
	uint64_t last = 0;
	while (!atomic_load(&st->cancel)) {
		struct ps_pcaprec r;
		int rc = ps_pcapfile_next(st->pf, &r, err, sizeof err);
		if (rc <= 0) {
			if (rc < 0)
				stop_with(st, err);
			else
				atomic_store(&st->state, TUI_ST_DONE);
			break;
		}
		if (tui_vec_push(&st->index, TUI_ENTRY(r.pos.offset, r.pos.iface, r.pos.kind))) {
			stop_with(st, "out of memory for the packet index");
			break;
		}
		if (r.pos.offset - last >= CHUNK) {
			publish(st);
			last = r.pos.offset;
		}
	}
	publish(st);
	return 0;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s && s[1] ? s + 1 : path;
}

static int open_fd(const char *path, uint64_t *size, char *err, size_t errlen)
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
	uint64_t size = 0;
	struct tui_store *st = calloc(1, sizeof *st);
	*out = 0;
	if (!st)
		goto oom;
	st->fd = -1;
	if (tui_vec_init(&st->index, 8))
		goto oom;
	int fd = open_fd(path, &size, err, errlen);
	if (fd < 0)
		goto fail;
	char why[200];
	/* each interface's own precision, as the packet list shows it */
	if (ps_pcapfile_open_fd(&st->pf, fd, PS_PCAPFILE_IFACE_PRECISION, why, sizeof why)) {
		snprintf(err, errlen, "%s: %s", path, why);
		goto fail;
	}
	st->fd = fd; /* for the scans' large sequential reads */
	st->dlt = ps_pcapfile_dlt(st->pf);
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
	if (!st)
		goto oom;
	st->fd = -1;
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
	if (st->pf)
		ps_pcapfile_close(st->pf); /* closes fd */
	else if (st->fd >= 0)
		close(st->fd);
	free(st->ring);
	tui_vec_free(&st->index);
	free(st);
}

static struct ps_pcappos entry_pos(uint64_t e)
{
	return (struct ps_pcappos){.offset = TUI_ENTRY_OFF(e), .iface = TUI_ENTRY_IFACE(e),
				   .kind = TUI_ENTRY_KIND(e)};
}

static void from_pcaprec(struct tui_rec *r, const struct ps_pcaprec *p)
{
	*r = (struct tui_rec){.sec = p->sec, .frac = p->frac, .nano = p->nano, .caplen = p->caplen,
			      .len = p->len, .hdr = p->hdr, .linktype = p->dlt,
			      .linktype_name = p->linktype_name, .direction = -1};
}

int tui_store_read(struct tui_store *st, uint64_t i, struct tui_rec *r, uint8_t *buf,
		   uint32_t cap)
{
	if (st->live)
		return tui_ring_read(st, i, r, buf, cap);
	struct ps_pcappos pos = entry_pos(tui_vec_get(&st->index, i));
	struct ps_pcaprec p;
	char err[200];
	if (ps_pcapfile_read_at(st->pf, &pos, &p, buf, cap, err, sizeof err) < 0)
		return -1;
	from_pcaprec(r, &p);
	return 0;
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
	struct ps_pcappos pos = entry_pos(tui_vec_get(&st->index, i));
	uint64_t off = pos.offset;
	unsigned need = ps_pcapfile_hdr_len(pos.kind);
	if (!in_buf(q, off, need)) {
		q->boff = off;
		if (read_some(st->fd, q->buf, q->cap, off, &q->blen))
			return -1;
	}
	struct ps_pcaprec p;
	char err[200];
	if (ps_pcapfile_parse(st->pf, &pos, q->buf + (off - q->boff), need, &p, err, sizeof err))
		return -1;
	from_pcaprec(r, &p);
	if (r->caplen > TUI_FRAME_MAX)
		r->caplen = TUI_FRAME_MAX;
	if (!in_buf(q, off + r->hdr, r->caplen)) {
		q->boff = off;
		if (read_some(st->fd, q->buf, q->cap, off, &q->blen) ||
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
