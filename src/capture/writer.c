/* SPDX-License-Identifier: BSD-2-Clause */
/* writer.c - pcap files from captured frames: our own buffered writer (the
 * format is 24 + 16 bytes of header), file names and rotation, files opened
 * relative to a directory fd so that a privilege drop does not break them. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ps_linktype.h"
#include "writer.h"

#define WBUF_SIZE (512u * 1024u) /* > the largest record (262144 + 16) */
#define PCAP_HDR_LEN 24u
#define PCAP_REC_LEN 16u

struct ps_writer {
	struct ps_writer_opts o;
	int dirfd;               /* -1 for stdout */
	int fd;
	char dir[PATH_MAX];      /* as given, "" when the path had no '/' (messages) */
	char pattern[NAME_MAX + 1]; /* file name part of -w */
	char name[PATH_MAX];     /* current file, relative to dirfd */
	uint64_t file_bytes;     /* bytes in the current file, buffered ones included */
	unsigned count;          /* -C counter */
	unsigned files;          /* -G: files opened so far */
	time_t t0;               /* start of the current -G interval: the name */
	int64_t t0_ms;           /* the same, monotonic: a full interval per file */
	int64_t flush_ms;        /* last flush (monotonic): flush at least once a second */
	bool deferred;           /* -Z: the first file exists; opened after the drop */
	uint64_t disk_bytes;     /* bytes of the current file known to be on disk */
	uint64_t records;        /* records on disk, all files (what the summary reports) */
	size_t used;
	uint8_t buf[WBUF_SIZE];
};

/* Records are in the writer's byte order; the magic tells readers which. */
static void put_u32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void put_u16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void werr(const struct ps_writer *w, const char *what, int e, char *err)
{
	const char *sep = w->dir[0] != '\0' && strcmp(w->dir, "/") != 0 ? "/" : "";

	if (e == 0)
		snprintf(err, PS_ERRBUF, "%.200s%s%.200s: ", w->dir, sep, w->name);
	else if (*what != '\0')
		snprintf(err, PS_ERRBUF, "%.200s%s%.200s: %s: %s", w->dir, sep, w->name, what, strerror(e));
	else
		snprintf(err, PS_ERRBUF, "%.200s%s%.200s: %s", w->dir, sep, w->name, strerror(e));
}

/* How many whole records (and bytes) of the buffer lie within its first
 * n bytes.  The buffer starts on a record boundary, after the file header
 * when that is in it too. */
static size_t whole_prefix(const struct ps_writer *w, size_t n, uint64_t *records)
{
	size_t off = w->disk_bytes == 0 && w->used >= PCAP_HDR_LEN ? PCAP_HDR_LEN : 0;
	uint32_t caplen;

	*records = 0;
	if (off > n)
		return 0;
	while (off + PCAP_REC_LEN <= w->used) {
		memcpy(&caplen, w->buf + off + 8, 4);
		if (off + PCAP_REC_LEN + caplen > n)
			break;
		off += PCAP_REC_LEN + caplen;
		(*records)++;
	}
	return off;
}

/* A short or failed write (ENOSPC, EFBIG under a file-size limit) leaves
 * the file ending in part of a record: cut it back to the last whole one,
 * so that every reader sees a clean end. */
static void keep_whole_records(struct ps_writer *w, size_t written)
{
	uint64_t recs;
	size_t keep = whole_prefix(w, written, &recs);

	w->records += recs;
	w->disk_bytes += keep;
	if (keep != written && w->dirfd >= 0)
		(void)ftruncate(w->fd, (off_t)w->disk_bytes);
}

int ps_writer_flush(struct ps_writer *w, char *err)
{
	size_t off = 0;

	w->flush_ms = mono_ms();
	while (off < w->used) {
		ssize_t n = write(w->fd, w->buf + off, w->used - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			keep_whole_records(w, off);
			w->used = 0; /* do not retry the same bytes forever */
			w->file_bytes = w->disk_bytes;
			if (e == EPIPE)
				return PS_WRITER_EPIPE;
			werr(w, "write", e, err);
			return -1;
		}
		off += (size_t)n;
	}
	keep_whole_records(w, off);
	w->used = 0;
	return 0;
}

static unsigned digits(unsigned v)
{
	unsigned d = 1;

	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

static int make_name(struct ps_writer *w, char *err)
{
	char base[PATH_MAX];
	int width;

	if (w->o.rotate_secs) {
		struct tm tm;
		size_t n = 0;

		/* the -w argument is a strftime pattern by design (-G) */
		if (localtime_r(&w->t0, &tm) != NULL) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
			n = strftime(base, sizeof base, w->pattern, &tm);
#pragma GCC diagnostic pop
		}
		if (n == 0) {
			snprintf(err, PS_ERRBUF, "%s: the file name expands to nothing", w->pattern);
			return -1;
		}
	} else {
		snprintf(base, sizeof base, "%s", w->pattern);
	}
	if (w->o.rotate_bytes && (w->count > 0 || w->o.max_files)) {
		width = w->o.max_files ? (int)digits(w->o.max_files - 1) : 0;
		if (snprintf(w->name, sizeof w->name, "%s%0*u", base, width, w->count) >=
		    (int)sizeof w->name) {
			snprintf(err, PS_ERRBUF, "%.200s: file name too long", base);
			return -1;
		}
	} else {
		snprintf(w->name, sizeof w->name, "%s", base);
	}
	return 0;
}

static void put_header(struct ps_writer *w)
{
	uint8_t *h = w->buf + w->used;
	/* LINKTYPE_ values in files: a few differ from libpcap's DLT_ on Linux */
	uint32_t lt = ps_dlt_to_linktype(w->o.linktype);

	put_u32(h, w->o.nano ? 0xa1b23c4du : 0xa1b2c3d4u);
	put_u16(h + 4, 2);
	put_u16(h + 6, 4);
	put_u32(h + 8, 0);  /* thiszone */
	put_u32(h + 12, 0); /* sigfigs */
	put_u32(h + 16, w->o.snaplen > 0 ? (uint32_t)w->o.snaplen : 262144u);
	put_u32(h + 20, lt);
	w->used += PCAP_HDR_LEN;
	w->file_bytes = PCAP_HDR_LEN;
}

/* An existing file: only a regular file with one link is truncated and
 * reused, never what a symbolic link, a FIFO or a device names. */
static int reuse_file(struct ps_writer *w, char *err)
{
	struct stat st;
	const char *why = NULL;
	int fd = openat(w->dirfd, w->name, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		why = errno == ELOOP ? "a symbolic link (not followed)"
		      : errno == ENXIO ? "not a regular file" : strerror(errno);
	} else if (fstat(fd, &st) < 0) {
		why = strerror(errno);
	} else if (!S_ISREG(st.st_mode)) {
		why = "not a regular file";
	} else if (st.st_nlink > 1 && geteuid() == 0) {
		why = "has other hard links (not overwritten as root)";
	} else if (fcntl(fd, F_SETFL, 0) < 0 || ftruncate(fd, 0) < 0) {
		why = strerror(errno);
	}
	if (why != NULL) {
		werr(w, "", 0, err);
		snprintf(err + strlen(err), PS_ERRBUF - strlen(err), "%s", why);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* Root creates files for the -Z user only when it really creates them
 * (O_EXCL): an existing name may be a link the user planted, and is
 * opened after the drop, as the user (ps_writer_after_drop). */
static int open_file(struct ps_writer *w, char *err)
{
	bool for_user = w->o.owner_uid != (uid_t)-1 && geteuid() == 0;

	if (make_name(w, err) < 0)
		return -1;
	w->fd = openat(w->dirfd, w->name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (w->fd < 0 && errno == EEXIST && w->o.no_clobber) {
		werr(w, "", EEXIST, err);
		return PS_WRITER_EXISTS;
	}
	if (w->fd < 0 && errno == EEXIST && for_user) {
		w->deferred = true;
		return 0;
	}
	if (w->fd < 0 && errno == EEXIST)
		w->fd = reuse_file(w, err);
	else if (w->fd < 0)
		werr(w, "", errno, err);
	if (w->fd < 0)
		return -1;
	/* the -Z user may reopen what we made for it (-W ring) */
	if (for_user && fchown(w->fd, w->o.owner_uid, w->o.owner_gid) < 0) {
		werr(w, "chown", errno, err);
		return -1;
	}
	w->disk_bytes = 0;
	put_header(w);
	/* the header reaches the file at once: even an idle capture leaves a
	 * readable file */
	return ps_writer_flush(w, err);
}

static int close_file(struct ps_writer *w, char *err)
{
	int rc = ps_writer_flush(w, err);

	if (w->dirfd >= 0 && w->fd >= 0 && close(w->fd) < 0 && rc == 0) {
		werr(w, "close", errno, err);
		rc = -1;
	}
	w->fd = -1;
	return rc;
}

static int split_path(struct ps_writer *w, const char *path, char *err)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash != NULL ? slash + 1 : path;
	size_t dlen = slash == NULL ? 0 : slash == path ? 1 : (size_t)(slash - path);

	if (*base == '\0' || strlen(base) > NAME_MAX || dlen >= sizeof w->dir) {
		snprintf(err, PS_ERRBUF, "%s: not a usable file name", path);
		return -1;
	}
	memcpy(w->dir, path, dlen);
	w->dir[dlen] = '\0';
	snprintf(w->pattern, sizeof w->pattern, "%s", base);
	w->dirfd = open(dlen ? w->dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (w->dirfd < 0) {
		snprintf(err, PS_ERRBUF, "%.300s: %s", dlen ? w->dir : ".", strerror(errno));
		return -1;
	}
	return 0;
}

int ps_writer_open(struct ps_writer **wp, const struct ps_writer_opts *o, char *err)
{
	struct ps_writer *w = calloc(1, sizeof *w);

	*wp = NULL;
	if (w == NULL) {
		snprintf(err, PS_ERRBUF, "%s: out of memory", o->path);
		return -1;
	}
	w->o = *o;
	w->dirfd = w->fd = -1;
	w->t0 = time(NULL);
	w->t0_ms = mono_ms();
	w->flush_ms = w->t0_ms;
	w->files = 1;
	if (strcmp(o->path, "-") == 0) {
		if (o->rotate_bytes || o->rotate_secs) {
			snprintf(err, PS_ERRBUF, "-w -: -C and -G need a file name");
			free(w);
			return -1;
		}
		snprintf(w->name, sizeof w->name, "standard output");
		w->fd = STDOUT_FILENO;
		put_header(w);
		if (ps_writer_flush(w, err) != 0) {
			free(w);
			return -1;
		}
	} else {
		int rc = split_path(w, o->path, err);

		if (rc == 0)
			rc = open_file(w, err);
		if (rc < 0) {
			char ignore[PS_ERRBUF]; /* keep the first message */

			(void)ps_writer_close(w, ignore);
			return rc == PS_WRITER_EXISTS ? rc : -1;
		}
	}
	*wp = w;
	return 0;
}

int ps_writer_after_drop(struct ps_writer *w, char *err)
{
	if (w->deferred) {
		w->deferred = false;
		w->fd = reuse_file(w, err);
		if (w->fd < 0)
			return -1;
		w->disk_bytes = 0;
		put_header(w);
		if (ps_writer_flush(w, err) != 0)
			return -1;
	}
	if (w->dirfd < 0 || (!w->o.rotate_bytes && !w->o.rotate_secs))
		return 0;
	if (faccessat(w->dirfd, ".", W_OK | X_OK, AT_EACCESS) < 0) {
		snprintf(err, PS_ERRBUF, "%.300s: %s for the new user, rotated files could not be created",
			 w->dir[0] ? w->dir : ".", strerror(errno));
		return -1;
	}
	return 0;
}

uint64_t ps_writer_records(const struct ps_writer *w)
{
	return w->records;
}

int ps_writer_tick(struct ps_writer *w, char *err)
{
	if (w->used == 0 || mono_ms() - w->flush_ms < 1000)
		return 0;
	return ps_writer_flush(w, err);
}

/* Close the current file and open the next one if rotation is due. */
static int rotate(struct ps_writer *w, uint32_t rec, char *err)
{
	int64_t now;

	if (w->o.rotate_secs && (now = mono_ms()) - w->t0_ms >= (int64_t)w->o.rotate_secs * 1000) {
		if (w->o.max_files && !w->o.rotate_bytes && w->files >= w->o.max_files)
			return PS_WRITER_DONE;
		w->t0 = time(NULL);
		w->t0_ms = now;
		w->count = 0;
		w->files++;
	} else if (w->o.rotate_bytes && w->file_bytes > PCAP_HDR_LEN &&
		   w->file_bytes + rec > w->o.rotate_bytes) {
		w->count++;
		if (w->o.max_files && w->count >= w->o.max_files)
			w->count = 0;
	} else {
		return 0;
	}
	if (close_file(w, err) < 0)
		return -1;
	return open_file(w, err);
}

int ps_writer_write(struct ps_writer *w, const struct ps_frame *f, char *err)
{
	uint32_t rec = PCAP_REC_LEN + f->caplen;
	int rc;

	if (w->dirfd >= 0 && (rc = rotate(w, rec, err)) != 0)
		return rc;
	if (rec > sizeof w->buf) { /* sources clip to 262144 bytes */
		snprintf(err, PS_ERRBUF, "frame of %u bytes exceeds the write buffer", f->caplen);
		return -1;
	}
	if (w->used + rec > sizeof w->buf && (rc = ps_writer_flush(w, err)) != 0)
		return rc;
	put_u32(w->buf + w->used, (uint32_t)f->sec);
	put_u32(w->buf + w->used + 4, f->frac);
	put_u32(w->buf + w->used + 8, f->caplen);
	put_u32(w->buf + w->used + 12, f->len);
	memcpy(w->buf + w->used + PCAP_REC_LEN, f->data, f->caplen);
	w->used += rec;
	w->file_bytes += rec;
	if (w->o.packet_buffered)
		return ps_writer_flush(w, err);
	return ps_writer_tick(w, err);
}

int ps_writer_close(struct ps_writer *w, char *err)
{
	int rc = 0;

	if (w == NULL)
		return 0;
	if (w->fd >= 0)
		rc = close_file(w, err);
	if (w->dirfd >= 0)
		close(w->dirfd);
	free(w);
	return rc;
}

int ps_writer_parse_size(const char *s, uint64_t *bytes)
{
	char *end;
	double v, unit = 1e6;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno != 0 || !(v > 0))
		return -1;
	switch (*end) {
	case 'k': case 'K': unit = 1024.0; end++; break;
	case 'm': case 'M': unit = 1048576.0; end++; break;
	case 'g': case 'G': unit = 1073741824.0; end++; break;
	default: break;
	}
	if (*end != '\0' || v * unit > 1e18 || v * unit < 1)
		return -1;
	*bytes = (uint64_t)(v * unit);
	return 0;
}
