/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_options.h - pktscope's command line, parsed once into a plain struct. */
#ifndef PS_OPTIONS_H
#define PS_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ps_dfilter.h"
#include "ps_flow.h"
#include "ps_render.h"
#include "ps_sink.h"

/* Exit codes (documented in README.md and pktscope.1). */
#define PS_EXIT_OK 0
#define PS_EXIT_RUNTIME 1 /* a file/device/output could not be read or written */
#define PS_EXIT_USAGE 2   /* bad option or argument, or a filter that does not compile */

struct ps_options {
	/* source */
	const char *read_file;  /* -r FILE, "-" = stdin */
	const char *iface;      /* -i IFACE */
	const char *source;     /* --source file|pcap|packet|inet */
	const char *inet_proto; /* --inet-proto tcp|udp|icmp|all */
	char *filter;           /* BPF expression from the remaining args (owned) */
	uint64_t count;         /* -c N, 0 = no limit */
	int snaplen;            /* -s */
	int buffer_kib;         /* -B */
	bool promisc;           /* cleared by -p */
	bool immediate;         /* --immediate */
	bool no_readahead;      /* --no-readahead: -r reads on the dissecting thread */
	/* output */
	const char *format;     /* renderer name (ps_render_find): "text", "json" with --json */
	bool quiet, line_buffered, print, tui;
	bool count_only;            /* --count: only "N packets" at the end */
	int direction;              /* -Q: -1 inout (default), 0 in, 1 out */
	struct ps_render_opts render;
	/* writing */
	const char *write_file;     /* -w FILE */
	uint64_t rotate_mb;         /* -C MB (10^6 bytes) */
	unsigned rotate_seconds;    /* -G SECONDS */
	unsigned file_count;        /* -W N */
	bool rotate_mb_zero, file_count_zero; /* -C 0 / -W 0 given: refused as tcpdump does */
	bool packet_buffered;       /* -U */
	const char *user;           /* -Z USER */
	/* display filter and field output (src/filter; src/cli/view.c) */
	const char *display_filter; /* -Y EXPR */
	bool fields;                /* -T fields */
#define PS_MAX_FIELDS 64
	const char *field_names[PS_MAX_FIELDS]; /* -e, in order (borrowed from argv) */
	unsigned nfield_names;
	struct ps_dfields_opts field_opts;      /* -E */
	/* flow tracking (src/flow) */
	bool no_flows;              /* --no-flows */
	bool no_defrag;             /* --no-defrag: no IP defragmentation */
	bool all_stages;            /* --all-stages: the flow stage even when nothing needs it */
	bool flow_records;          /* --flows: one NDJSON record per conversation */
	struct ps_flow_cfg flow;    /* --flow-mem, --flow-timeout, -S */
#define PS_MAX_ZSTATS 8
	const char *zstats[PS_MAX_ZSTATS]; /* -z conv,tcp ... (validated) */
	unsigned nzstats;
	/* shipping records (options_sink.c, docs/sinks.md) */
#define PS_MAX_OUTPUTS 8
	const char *outputs[PS_MAX_OUTPUTS]; /* --output URL, repeatable */
	char *owned_outputs[PS_MAX_OUTPUTS]; /* copies of those with a password (owned) */
	unsigned n_outputs;
	struct ps_sink_props sink_props; /* -X NAME=VALUE (librdkafka's), for kafka:// outputs */
	char *owned_props[PS_SINK_MAX_PROPS]; /* copies of the secret ones (owned) */
	unsigned stats_interval;    /* --stats-interval SEC, 0 = off */
	/* spreading the work over threads (options_workers.c, docs/workers.md) */
	unsigned workers;           /* --workers N, 0 = not given (one) */
	const char *fanout_mode;    /* --fanout-mode hash|lb|cpu|qm, NULL = hash */
	const char *cpus;           /* --cpus LIST: worker affinity, NULL = none */
	bool merge;                 /* --merge: one -w file through a writer thread */
	bool workers_pipeline;      /* --workers-pipeline: -r --workers N never runs as one (workers_plan.h) */
	/* actions */
	bool help, version, list_ifaces;
};

/* 0 ok; -1 with a one-line reason in err (a bad option or value: print the
 * usage too), -2 (options that contradict each other: the line says it
 * all); both exit PS_EXIT_USAGE. */
int ps_options_parse(struct ps_options *o, int argc, char **argv, char *err, size_t errlen);
/* Copy each --output URL that holds a password, and each -X property
 * named *password* or *secret*, and overwrite the secret in argv (where
 * they pointed), so that ps and /proc/PID/cmdline do not show it.  0, or
 * -1: out of memory (reason in err). */
int ps_options_hide_secrets(struct ps_options *o, char *err, size_t errlen);
void ps_options_free(struct ps_options *o);

/* -Q in|out|inout (options_check.c).  0 ok; -1 with the reason in err. */
int ps_options_direction(struct ps_options *o, const char *arg, char *err, size_t errlen);

/* Combinations that cannot work (options_check.c); called by
 * ps_options_parse.  0 ok; -1 with a one-line reason in err. */
int ps_options_check(const struct ps_options *o, char *err, size_t errlen);

/* getopt values of the long options options_sink.c handles */
enum { PS_OPT_OUTPUT = 512, PS_OPT_STATS_INTERVAL, PS_OPT_SINK_PROP };

/* True when word, following -X, is a librdkafka property NAME=VALUE
 * (NAME: lower-case letters, digits, '.', '_', '-') rather than the first
 * word of a filter: -X is then not tcpdump's hex-and-ASCII flag. */
bool ps_options_is_sink_prop(const char *word);

/* -T FORMAT, --output URL, --stats-interval SEC, -X NAME=VALUE
 * (PS_OPT_SINK_PROP) (options_sink.c): 0 when c
 * is one of them and its argument is good; -1 with the reason in err (also
 * for an option c that nobody knows). */
int ps_options_sink(struct ps_options *o, int c, const char *arg, char *err, size_t errlen);
/* Combinations: --output needs a JSON format, no --tui; -X NAME=VALUE needs
 * a kafka:// output that takes it.  0 ok, -1. */
int ps_options_sink_check(const struct ps_options *o, char *err, size_t errlen);

/* getopt values of the options options_workers.c handles */
enum { PS_OPT_WORKERS = 600, PS_OPT_FANOUT_MODE, PS_OPT_CPUS, PS_OPT_MERGE, PS_OPT_WORKERS_PIPELINE };

/* --workers N, --fanout-mode MODE, --cpus LIST, --merge, --workers-pipeline (options_workers.c):
 * 0 ok; -1 with the reason in err. */
int ps_options_workers(struct ps_options *o, int c, const char *arg, char *err, size_t errlen);
/* What --workers does not do (yet): 0 ok, -1 with the reason in err. */
int ps_options_workers_check(const struct ps_options *o, char *err, size_t errlen);

struct ps_capture_opts;
/* The capture options for o, and the name of the source to open (--source,
 * else "file" with -r, else "pcap").  The one mapping from the command line
 * to a capture: the run loop and the TUI's live capture both use it. */
const char *ps_options_capture(const struct ps_options *o, struct ps_capture_opts *co);
void ps_usage(FILE *f);

#endif
