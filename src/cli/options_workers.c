/* SPDX-License-Identifier: BSD-2-Clause */
/* options_workers.c - --workers N and the live fanout options (--fanout-mode,
 * --cpus, --merge), --workers-pipeline, and the combinations --workers does not support yet,
 * refused as usage errors rather than giving output that differs from one
 * worker (docs/workers.md). */
#include <stdio.h>
#include <string.h>

#include "ps_options.h"
#include "workers.h"

static int workers(struct ps_options *o, const char *arg, char *err, size_t errlen)
{
	unsigned v = 0;
	const char *p = arg;
	for (; *p >= '0' && *p <= '9' && v <= PS_MAX_WORKERS; p++)
		v = v * 10 + (unsigned)(*p - '0');
	if (p == arg || *p || v < 1 || v > PS_MAX_WORKERS) {
		snprintf(err, errlen, "invalid number of workers '%s' (1 to %d)", arg, PS_MAX_WORKERS);
		return -1;
	}
	o->workers = v;
	return 0;
}

static int fanout_mode(struct ps_options *o, const char *arg, char *err, size_t errlen)
{
	static const char *const modes[] = {"hash", "lb", "cpu", "qm"};
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
		if (strcmp(arg, modes[i]) == 0) {
			o->fanout_mode = modes[i];
			return 0;
		}
	snprintf(err, errlen, "--fanout-mode %s: expected hash, lb, cpu or qm", arg);
	return -1;
}

/* "0,2,4-7": digits, commas and ranges only (the run checks the CPUs exist). */
static int cpus(struct ps_options *o, const char *arg, char *err, size_t errlen)
{
	size_t n = strspn(arg, "0123456789,-");
	if (!*arg || arg[n] || arg[0] == ',' || arg[0] == '-') {
		snprintf(err, errlen, "--cpus %s: expected a list like 0,1 or 2-5", arg);
		return -1;
	}
	o->cpus = arg;
	return 0;
}

int ps_options_workers(struct ps_options *o, int c, const char *arg, char *err, size_t errlen)
{
	switch (c) {
	case PS_OPT_WORKERS:
		return workers(o, arg, err, errlen);
	case PS_OPT_FANOUT_MODE:
		return fanout_mode(o, arg, err, errlen);
	case PS_OPT_CPUS:
		return cpus(o, arg, err, errlen);
	case PS_OPT_MERGE:
		o->merge = true;
		return 0;
	case PS_OPT_WORKERS_PIPELINE:
		o->workers_pipeline = true;
		return 0;
	default:
		snprintf(err, errlen, "unknown or incomplete option");
		return -1;
	}
}

/* What the workers do not carry yet: offline, the output would not be the
 * same bytes as one worker's; live, the piece has no per-worker form yet. */
static const char *unsupported(const struct ps_options *o)
{
	/* offline, the in-order stage carries the rest (workers.c); live, each
	 * worker does (workers_live*.c) */
	if (o->read_file && o->write_file && !strcmp(o->write_file, "-"))
		return "-w -"; /* live: one writer, as --merge */
	if (o->tui)
		return "--tui";
	return NULL;
}

int ps_options_workers_check(const struct ps_options *o, char *err, size_t errlen)
{
	bool live_opts = o->fanout_mode || o->cpus || o->merge;
	const char *what = NULL;
	if (o->workers > 1)
		what = unsupported(o);
	if (what)
		snprintf(err, errlen, "--workers with %s is not supported yet (use one worker)", what);
	else if (o->workers > 1 && !o->read_file && (!o->source || strcmp(o->source, "packet")))
		snprintf(err, errlen, "--workers N live needs --source packet (PACKET_FANOUT)");
	else if (live_opts && (o->workers < 2 || o->read_file))
		snprintf(err, errlen, "--fanout-mode, --cpus and --merge need a live --workers N");
	else if (o->workers > 1 && !o->read_file && o->nzstats && o->fanout_mode &&
		 strcmp(o->fanout_mode, "hash"))
		snprintf(err, errlen, "-z with live --workers needs --fanout-mode hash (%s splits a "
			 "conversation between workers)", o->fanout_mode);
	else if (o->workers_pipeline && (o->workers < 2 || !o->read_file))
		snprintf(err, errlen, "--workers-pipeline needs -r FILE --workers N (N >= 2)");
	else if (o->merge && !o->write_file)
		snprintf(err, errlen, "--merge writes one -w file: give -w FILE");
	else
		return 0;
	return -1;
}
