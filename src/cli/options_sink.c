/* SPDX-License-Identifier: BSD-2-Clause */
/* options_sink.c - the options that ship records elsewhere: -T FORMAT,
 * --output URL (repeatable), -X NAME=VALUE (Kafka properties, repeatable),
 * --stats-interval SEC.  Kept apart from
 * options.c so each output feature adds its own block (docs/sinks.md). */
#include <stdio.h>
#include <stdlib.h>
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

/* Copy *slot (optarg: it points into argv, which is writable and is what
 * /proc/PID/cmdline reads) to *owned and overwrite [off, off+len) of the
 * original with 'x'. */
static int hide(const char **slot, char **owned, size_t off, size_t len)
{
	char *copy = strdup(*slot);
	if (!copy)
		return -1;
	memset((char *)*slot + off, 'x', len);
	*slot = *owned = copy;
	return 0;
}

/* -X NAME=VALUE holds a secret when NAME says so (sasl.password,
 * ssl.key.password, sasl.oauthbearer.client.secret, ...). */
static bool secret_prop(const char *kv)
{
	const char *eq = strchr(kv, '=');
	size_t n = eq ? (size_t)(eq - kv) : 0;
	char name[128];
	if (!n || n >= sizeof name)
		return false;
	memcpy(name, kv, n);
	name[n] = '\0';
	return strstr(name, "password") || strstr(name, "secret");
}

int ps_options_hide_secrets(struct ps_options *o, char *err, size_t errlen)
{
	for (unsigned i = 0; i < o->n_outputs; i++) {
		size_t off, len;
		if (!o->owned_outputs[i] && ps_sink_secret(o->outputs[i], &off, &len) &&
		    hide(&o->outputs[i], &o->owned_outputs[i], off, len))
			goto oom;
	}
	for (unsigned i = 0; i < o->sink_props.n; i++) {
		const char *kv = o->sink_props.kv[i];
		size_t off = (size_t)(strchr(kv, '=') - kv) + 1; /* checked by secret_prop */
		if (!o->owned_props[i] && secret_prop(kv) && kv[off] &&
		    hide(&o->sink_props.kv[i], &o->owned_props[i], off, strlen(kv + off)))
			goto oom;
	}
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
	return -1;
}
