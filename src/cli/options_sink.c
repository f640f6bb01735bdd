/* SPDX-License-Identifier: BSD-2-Clause */
/* options_sink.c - the options that ship records elsewhere: -T FORMAT,
 * --output URL (repeatable), -X NAME=VALUE (Kafka properties, repeatable),
 * --stats-interval SEC.  Kept apart from
 * options.c so each output feature adds its own block (docs/sinks.md). */
#include <stdio.h>
#include <string.h>

#include "ps_options.h"
#include "ps_sink.h"

/* -T NAME: the renderer's name (ps_render_find), json = --json. */
static int format(struct ps_options *o, const char *arg, char *err, size_t errlen)
{
	static const char *const names[] = {"json", "ek", "text"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(arg, names[i]) == 0) {
			o->format = names[i];
			return 0;
		}
	snprintf(err, errlen, "-T %s: expected fields, json, ek or text", arg);
	return -1;
}

static int interval(struct ps_options *o, const char *arg, char *err, size_t errlen)
{
	unsigned v = 0;
	const char *p = arg;
	for (; *p >= '0' && *p <= '9' && v <= 86400; p++)
		v = v * 10 + (unsigned)(*p - '0');
	if (p == arg || *p || v < 1 || v > 86400) {
		snprintf(err, errlen, "invalid stats interval '%s' (1 to 86400 seconds)", arg);
		return -1;
	}
	o->stats_interval = v;
	return 0;
}

bool ps_options_is_sink_prop(const char *word)
{
	size_t n = strspn(word, "abcdefghijklmnopqrstuvwxyz0123456789._-");
	return n && word[0] >= 'a' && word[0] <= 'z' && word[n] == '=';
}

int ps_options_sink(struct ps_options *o, int c, const char *arg, char *err, size_t errlen)
{
	switch (c) {
	case 'T':
		return format(o, arg, err, errlen);
	case PS_OPT_STATS_INTERVAL:
		return interval(o, arg, err, errlen);
	case PS_OPT_OUTPUT:
		if (o->n_outputs == PS_MAX_OUTPUTS) {
			snprintf(err, errlen, "--output: at most %d outputs", PS_MAX_OUTPUTS);
			return -1;
		}
		if (ps_sink_check(arg, NULL, err, errlen))
			return -1;
		o->outputs[o->n_outputs++] = arg;
		return 0;
	case PS_OPT_SINK_PROP:
		if (o->sink_props.n == PS_SINK_MAX_PROPS) {
			snprintf(err, errlen, "-X: at most %d properties", PS_SINK_MAX_PROPS);
			return -1;
		}
		o->sink_props.kv[o->sink_props.n++] = arg;
		return 0;
	default:
		snprintf(err, errlen, "unknown or incomplete option");
		return -1;
	}
}

/* -X NAME=VALUE: checked by librdkafka itself (an unknown name or a bad
 * value is a usage error), once every --output is known. */
static int props_check(const struct ps_options *o, char *err, size_t errlen)
{
	unsigned kafka = 0;
	for (unsigned i = 0; i < o->n_outputs; i++)
		if (ps_sink_is_kafka(o->outputs[i])) {
			kafka++;
			if (ps_sink_check(o->outputs[i], &o->sink_props, err, errlen))
				return -1;
		}
	if (o->sink_props.n && !kafka) {
		snprintf(err, errlen, "-X %s sets a Kafka property: it needs --output kafka://... "
			 "(for tcpdump's -X before such a filter, write -X -- FILTER)",
			 o->sink_props.kv[0]);
		return -1;
	}
	return 0;
}

int ps_options_sink_check(const struct ps_options *o, char *err, size_t errlen)
{
	if (props_check(o, err, errlen))
		return -1;
	if (o->n_outputs && strcmp(o->format, "text") == 0 && !o->flow_records)
		snprintf(err, errlen, "--output ships records: it needs --json, -T ek or --flows");
	else if (o->n_outputs && o->tui)
		snprintf(err, errlen, "--tui does not ship records: --output is for the command line");
	else if (o->stats_interval && o->tui)
		snprintf(err, errlen, "--stats-interval is for the command line, not --tui");
	else
		return 0;
	return -1;
}
