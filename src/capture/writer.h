/* SPDX-License-Identifier: BSD-2-Clause */
/* writer.h - writing captured frames as pcap (-w), with rotation by size
 * (-C), time (-G, strftime names) and file count (-W), -U packet buffering.
 *
 * File names (as tcpdump):
 *   -w F                 F
 *   -w F -C S            F, F1, F2, ...   (a new file before one would exceed S bytes)
 *   -w F -C S -W N       F0 .. F(N-1), then F0 again (a ring; digits padded to N-1's width)
 *   -w F -G T            strftime(F) at the start and every T seconds
 *   -w F -G T -W N       the same, and the capture ends when the (N+1)th file is due
 *   -w F -G T -C S [-W N] strftime(F) with the -C counter suffix; the counter
 *                        restarts with each interval; -W then limits the counter
 * strftime conversions apply to the file name, not to its directory.
 *
 * Privileges: the directory is opened, and the first file created, by
 * ps_writer_open (before -Z drops root); files created later are opened
 * relative to that directory, so its parents need not stay reachable, but
 * the directory itself must be writable by the user after the drop
 * (ps_writer_after_drop says so up front).  A file root creates for the -Z
 * user (O_CREAT|O_EXCL: really new) is chowned to owner_uid/owner_gid; a
 * name that already exists is opened only after the drop, as the user, so
 * a link the user planted gives it nothing it did not have.
 *
 * Names are never followed: a symbolic link, FIFO, device or (as root) a
 * file with other hard links is refused, for the first file and rotated ones.
 *
 * Honesty: the file header reaches the file at open; without -U buffered
 * records reach it at least once a second (ps_writer_tick from an idle
 * loop); a short or failed write is cut back to the last whole record, and
 * ps_writer_records counts only records that reached the file.
 */
#ifndef PS_WRITER_H
#define PS_WRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ps_capture.h"

#define PS_WRITER_DONE 1       /* ps_writer_write: the -G/-W file budget is spent */
#define PS_WRITER_EPIPE (-2)   /* the reader of "-w -" went away: end quietly */
#define PS_WRITER_EXISTS (-3)  /* ps_writer_open with no_clobber: the file exists */

struct ps_writer_opts {
	const char *path;       /* file name (strftime pattern with -G); "-" = stdout */
	uint64_t rotate_bytes;  /* -C in bytes, 0 = no size rotation */
	unsigned rotate_secs;   /* -G, 0 = no time rotation */
	unsigned max_files;     /* -W, 0 = no limit */
	bool packet_buffered;   /* -U: each record reaches the file at once */
	int linktype;           /* DLT_* of the source */
	int snaplen;
	bool nano;              /* nanosecond time stamps */
	bool no_clobber;        /* an existing file is not overwritten: PS_WRITER_EXISTS */
	uid_t owner_uid;        /* -Z: chown files created as root; (uid_t)-1 = no */
	gid_t owner_gid;
};

struct ps_writer;

/* Open the directory and the first file and write its header.
 * 0 ok; -1 with "PATH: reason" in err (err is PS_ERRBUF bytes);
 * PS_WRITER_EXISTS (with no_clobber, the file exists; nothing written). */
int ps_writer_open(struct ps_writer **w, const struct ps_writer_opts *o, char *err);

/* After a privilege drop: open a first file that already existed (as the
 * new user), and when files will be rotated, check that the directory is
 * writable by the current user.  0 ok; -1 with the reason. */
int ps_writer_after_drop(struct ps_writer *w, char *err);

/* Flush buffered records when the last flush is a second old; call it while
 * the capture is idle.  0 ok; -1 / PS_WRITER_EPIPE as ps_writer_flush. */
int ps_writer_tick(struct ps_writer *w, char *err);

/* Records that reached the file(s) so far (whole records only). */
uint64_t ps_writer_records(const struct ps_writer *w);

/* Append one frame, rotating first if due.  0 ok; PS_WRITER_DONE (the
 * frame was not written, stop capturing); -1 with the reason in err;
 * PS_WRITER_EPIPE. */
int ps_writer_write(struct ps_writer *w, const struct ps_frame *f, char *err);

/* Push buffered records to the file (ps_live_finish flushes before it
 * reads ps_writer_records).  0 ok; -1 / PS_WRITER_EPIPE. */
int ps_writer_flush(struct ps_writer *w, char *err);

/* Flush, close and free (NULL is fine).  0 ok; -1 if the last flush or
 * close failed (err says why). */
int ps_writer_close(struct ps_writer *w, char *err);

/* Parse a -C size: a number of millions of bytes (tcpdump), or with a
 * k/m/g suffix KiB/MiB/GiB; decimals allowed ("0.5", "64k").  0 ok, -1 bad. */
int ps_writer_parse_size(const char *s, uint64_t *bytes);

#endif
