/* SPDX-License-Identifier: BSD-2-Clause */
/* options_check.c - combinations of options that cannot work, refused as
 * usage errors (exit 2) before anything is opened: a source that contradicts
 * -r/-i, --inet-proto outside --source inet, rotation of "-w -", tcpdump's
 * -C 0 / -W 0, and the -w family with --tui (which has no -w writer). */
#include <stdio.h>
#include <string.h>

#include "ps_options.h"

static bool one_of(const char *s, const char *const *names)
{
	for (; *names != NULL; names++)
		if (strcmp(s, *names) == 0)
			return true;
	return false;
}

static int check_source(const struct ps_options *o, char *err, size_t errlen)
{
	static const char *const sources[] = {"file", "pcap", "packet", "inet", NULL};
	static const char *const protos[] = {"tcp", "udp", "icmp", "all", NULL};
	bool file = o->source != NULL && strcmp(o->source, "file") == 0;

	if (o->source != NULL && !one_of(o->source, sources))
		snprintf(err, errlen, "--source %s: expected file, pcap, packet or inet", o->source);
	else if (o->source != NULL && o->read_file != NULL && !file)
		snprintf(err, errlen, "--source %s captures live: it cannot read -r %s", o->source,
			 o->read_file);
	else if (file && o->read_file == NULL)
		snprintf(err, errlen, "--source file needs -r FILE%s", o->iface ? ", not -i" : "");
	else if (o->inet_proto != NULL && !one_of(o->inet_proto, protos))
		snprintf(err, errlen, "--inet-proto %s: expected tcp, udp, icmp or all", o->inet_proto);
	else if (o->inet_proto != NULL && (o->source == NULL || strcmp(o->source, "inet") != 0))
		snprintf(err, errlen, "--inet-proto needs --source inet");
	else
		return 0;
	return -1;
}

static int check_write(const struct ps_options *o, char *err, size_t errlen)
{
	bool rotating = o->rotate_mb || o->rotate_seconds || o->file_count;

	if (o->rotate_mb_zero)
		snprintf(err, errlen, "invalid file size 0 (-C)");
	else if (o->file_count_zero)
		snprintf(err, errlen, "invalid number of output files 0 (-W)");
	else if (o->write_file != NULL && strcmp(o->write_file, "-") == 0 &&
		 (o->rotate_mb || o->rotate_seconds))
		snprintf(err, errlen, "-w -: -C and -G need a file name");
	else if (o->tui && (o->write_file != NULL || rotating))
		snprintf(err, errlen, "--tui does not write capture files: -w, -C, -G and -W are for "
				      "the command line (save from the TUI with its w key)");
	else if (o->count_only && (strcmp(o->format, "text") != 0 || o->quiet || o->tui))
		snprintf(err, errlen, "--count prints only the count: not with --json, -q or --tui");
	else
		return 0;
	return -1;
}

int ps_options_direction(struct ps_options *o, const char *arg, char *err, size_t errlen)
{
	if (strcmp(arg, "in") == 0)
		o->direction = 0;
	else if (strcmp(arg, "out") == 0)
		o->direction = 1;
	else if (strcmp(arg, "inout") == 0)
		o->direction = -1;
	else {
		snprintf(err, errlen, "-Q %s: expected in, out or inout", arg);
		return -1;
	}
	return 0;
}

int ps_options_check(const struct ps_options *o, char *err, size_t errlen)
{
	if (check_source(o, err, errlen) != 0 || check_write(o, err, errlen) != 0 ||
	    ps_options_sink_check(o, err, errlen) != 0 || ps_options_workers_check(o, err, errlen) != 0)
		return -1;
	return 0;
}
