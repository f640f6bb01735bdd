/* SPDX-License-Identifier: BSD-2-Clause */
/* live.c - around the run loop: -w writing, the -Z drop once the capture
 * and the first output file are open, tcpdump's end-of-run summary. */
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "errline.h"
#include "live.h"

static const char *plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

int ps_live_prepare(struct ps_live *l, const struct ps_options *o)
{
	char err[PS_ERRBUF];

	memset(l, 0, sizeof *l);
	if (o->write_file == NULL && (o->rotate_mb || o->rotate_seconds || o->file_count)) {
		ps_errf("-C, -G and -W rotate the -w file: give -w too");
		return PS_EXIT_USAGE;
	}
	if (o->user != NULL && ps_priv_lookup(o->user, &l->user, err) != 0) {
		ps_errf("%s", err);
		return PS_EXIT_RUNTIME;
	}
	return PS_EXIT_OK;
}

int ps_live_open(struct ps_live *l, const struct ps_options *o, const struct ps_capture *cap)
{
	char err[PS_ERRBUF];

	if (o->write_file != NULL) {
		struct ps_writer_opts wo = {
			.path = o->write_file,
			.rotate_bytes = o->rotate_mb * 1000000u, /* tcpdump's -C unit */
			.rotate_secs = o->rotate_seconds,
			.max_files = o->file_count,
			.packet_buffered = o->packet_buffered,
			.linktype = cap->linktype,
			.snaplen = cap->snaplen,
			.nano = cap->nano,
			.owner_uid = o->user != NULL ? l->user.uid : (uid_t)-1,
			.owner_gid = o->user != NULL ? l->user.gid : (gid_t)-1,
		};

		if (ps_writer_open(&l->w, &wo, err) != 0) {
			ps_errf("%s", err);
			return PS_EXIT_RUNTIME;
		}
	}
	return PS_EXIT_OK;
}

int ps_live_drop(struct ps_live *l, const struct ps_options *o, bool process)
{
	char err[PS_ERRBUF];

	/* after the capture handle and the first file: both stay usable */
	if (o->user != NULL && ((process && ps_priv_drop(&l->user, err) != 0) ||
				(l->w != NULL && ps_writer_after_drop(l->w, err) != 0))) {
		char ignore[PS_ERRBUF];

		ps_errf("%s", err);
		(void)ps_writer_close(l->w, ignore);
		l->w = NULL;
		return PS_EXIT_RUNTIME;
	}
	return PS_EXIT_OK;
}

int ps_live_start(struct ps_live *l, const struct ps_options *o, const struct ps_capture *cap)
{
	int rc = ps_live_open(l, o, cap);

	return rc != PS_EXIT_OK ? rc : ps_live_drop(l, o, true);
}

int64_t ps_live_clock_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return 0; /* no clock: the flow table does not move */
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int ps_live_idle(struct ps_live *l)
{
	char err[PS_ERRBUF];
	int rc = l->w != NULL ? ps_writer_tick(l->w, err) : 0;

	if (rc == PS_WRITER_EPIPE)
		return -1;
	if (rc < 0) {
		ps_errf("%s (%" PRIu64 " of %" PRIu64 " packets written)", err,
			ps_writer_records(l->w), l->frames);
		return -2;
	}
	return 0;
}

/* -Q: the frame's direction, from the source or else from a cooked header
 * (files); frames whose direction nobody knows pass. */
bool ps_live_direction_ok(const struct ps_options *o, const struct ps_capture *cap,
			  const struct ps_frame *f)
{
	struct ps_frame meta = *f;

	if (meta.direction < 0)
		ps_frame_cooked_meta(cap->linktype, &meta);
	return meta.direction < 0 || meta.direction == o->direction;
}

int ps_live_frame(struct ps_live *l, const struct ps_options *o, const struct ps_capture *cap,
		  const struct ps_frame *f)
{
	char err[PS_ERRBUF];
	int rc;

	if (o->direction >= 0 && !ps_live_direction_ok(o, cap, f))
		return 0; /* -Q: neither counted, written nor printed */
	if (l->w == NULL) {
		l->frames++;
		return 1;
	}
	l->frames++;
	rc = ps_writer_write(l->w, f, err);
	if (rc == PS_WRITER_DONE) {
		l->frames--; /* not taken: the capture ends before it */
		return -1;
	}
	if (rc == PS_WRITER_EPIPE)
		return -1;
	if (rc < 0) {
		/* what a reader of the file(s) will find, not what was taken */
		ps_errf("%s (%" PRIu64 " of %" PRIu64 " packets written)", err,
			ps_writer_records(l->w), l->frames);
		return -2;
	}
	return o->print || o->n_outputs ? 1 : 0; /* --output ships it (stdout only with --print) */
}

const char *ps_live_iface(struct ps_live *l, const struct ps_capture *cap, const struct ps_frame *f)
{
	unsigned i;

	if (cap->iface == NULL || f->ifindex <= 0 || strcmp(cap->iface, "any") != 0)
		return cap->iface;
	for (i = 0; i < PS_LIVE_IFCACHE && l->ifcache[i].index != 0; i++)
		if (l->ifcache[i].index == f->ifindex)
			return l->ifcache[i].name;
	if (i == PS_LIVE_IFCACHE)
		return cap->iface; /* more interfaces than slots: keep "any" */
	if (if_indextoname((unsigned)f->ifindex, l->ifcache[i].name) == NULL)
		return cap->iface;
	l->ifcache[i].index = f->ifindex;
	return l->ifcache[i].name;
}

void ps_live_summary(const char *prefix, uint64_t frames, const uint64_t *written,
		     const struct ps_capture_stats *st, bool verbose)
{
	fprintf(stderr, "%s%" PRIu64 " packet%s captured\n", prefix, frames, plural(frames));
	if (written)
		fprintf(stderr, "%s%" PRIu64 " packet%s written\n", prefix, *written, plural(*written));
	if (st->has_received)
		fprintf(stderr, "%s%" PRIu64 " packet%s received by filter\n", prefix, st->received,
			plural(st->received));
	if (st->has_dropped)
		fprintf(stderr, "%s%" PRIu64 " packet%s dropped by kernel\n", prefix, st->dropped,
			plural(st->dropped));
	if (st->has_if_dropped && st->if_dropped != 0)
		fprintf(stderr, "%s%" PRIu64 " packet%s dropped by interface\n", prefix,
			st->if_dropped, plural(st->if_dropped));
	if (st->has_freezes && (st->freezes != 0 || verbose))
		fprintf(stderr, "%s%" PRIu64 " ring queue freeze%s\n", prefix, st->freezes,
			plural(st->freezes));
}

static void summary(const struct ps_live *l, const struct ps_options *o, struct ps_capture *cap)
{
	struct ps_capture_stats st;

	memset(&st, 0, sizeof st);
	if (cap->ops->stats == NULL || cap->ops->stats(cap, &st) != 0)
		memset(&st, 0, sizeof st); /* nothing known beyond our own count */
	ps_live_summary("", l->frames, l->written_known ? &l->written : NULL, &st,
			o->render.text.verbose);
}

void ps_live_fill(struct ps_live *l, const struct ps_capture *cap, const struct ps_frame *f,
		  struct ps_packet *p)
{
	p->ts_sec = f->sec;
	p->ts_frac = f->frac;
	p->ts_nano = cap->nano;
	p->caplen = f->caplen;
	p->len = f->len;
	p->linktype = cap->linktype;
	p->linktype_name = cap->linktype_name;
	p->iface = ps_live_iface(l, cap, f);
	p->direction = f->direction;
	p->data = f->data;
	ps_frame_clock_stamp(&l->clock, p);
}

int ps_live_finish(struct ps_live *l, const struct ps_options *o, struct ps_capture *cap)
{
	char err[PS_ERRBUF], ignore[PS_ERRBUF];
	int rc = PS_EXIT_OK;

	if (l->w != NULL) {
		int crc = ps_writer_flush(l->w, err); /* then the count is final */

		l->written = ps_writer_records(l->w);
		l->written_known = true;
		if (ps_writer_close(l->w, crc != 0 ? ignore : err) != 0 || crc != 0) {
			ps_errf("%s (%" PRIu64 " of %" PRIu64 " packets written)",
				err, l->written, l->frames);
			rc = PS_EXIT_RUNTIME;
		}
	}
	l->w = NULL;
	if (cap->ops != NULL && strcmp(cap->ops->name, "file") != 0 && !l->no_summary)
		summary(l, o, cap);
	return rc;
}
