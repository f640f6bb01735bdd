/* SPDX-License-Identifier: BSD-2-Clause */
/* df_print.c - `-T fields -e FIELD ... -E ...`: one line per packet with the
 * values of the named fields, formatted and joined as tshark does
 * (occurrences joined by the aggregator, fields by the separator). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "df_int.h"
#include "df_wsnames.h"

struct ps_dfields {
	struct ps_dfields_opts o;
	unsigned n;
	const char **names;            /* as given on the command line (borrowed) */
	const struct df_field **fields;
	struct df_ws_row *ws;          /* rows of tshark's fields pktscope does not decode
					* (printed empty, as tshark where absent); NULL if none */
};

int ps_dfields_new(const char *const *names, unsigned n, const struct ps_dfields_opts *o,
		   struct ps_dfields **out, struct ps_dfilter_err *err)
{
	memset(err, 0, sizeof *err);
	*out = 0;
	struct ps_dfields *d = calloc(1, sizeof *d);
	if (d) {
		d->fields = calloc(n ? n : 1, sizeof *d->fields);
		d->names = calloc(n ? n : 1, sizeof *d->names);
	}
	if (!d || !d->fields || !d->names) {
		snprintf(err->msg, sizeof err->msg, "out of memory");
		ps_dfields_free(d);
		return -1;
	}
	d->o = *o;
	d->n = n;
	for (unsigned i = 0; i < n; i++) {
		d->names[i] = names[i];
		size_t len = strlen(names[i]);
		d->fields[i] = df_field_find(names[i], len);
		char t = d->fields[i] ? 0 : df_ws_lookup(true, names[i], len);
		if (t && (d->ws || (d->ws = calloc(n, sizeof *d->ws)))) {
			df_ws_row(&d->ws[i], names[i], len, t);
			d->fields[i] = &d->ws[i].f;
		}
		if (!d->fields[i]) {
			snprintf(err->msg, sizeof err->msg, "unknown field \"%s\"", names[i]);
			const char *sug = df_suggest(names[i], strlen(names[i]));
			if (sug)
				snprintf(err->hint, sizeof err->hint, "%s", sug);
			ps_dfields_free(d);
			return -1;
		}
	}
	*out = d;
	return 0;
}

void ps_dfields_free(struct ps_dfields *d)
{
	if (!d)
		return;
	free(d->fields);
	free(d->names);
	free(d->ws);
	free(d);
}

static const char *first_needing(const struct ps_dfields *d, unsigned need)
{
	for (unsigned i = 0; i < d->n; i++)
		if (d->fields[i]->need >= need)
			return d->fields[i]->name;
	return 0;
}

const char *ps_dfields_flow_field(const struct ps_dfields *d)
{
	return first_needing(d, DF_NEED_STREAM);
}

const char *ps_dfields_flow_all_field(const struct ps_dfields *d)
{
	return first_needing(d, DF_NEED_FLOW);
}

/* The layers the fields read (bit 1 << tag), as f_reads says per field. */
static uint64_t fields_reads(const struct ps_dfields *d, uint64_t (*f_reads)(const struct df_field *))
{
	uint64_t r = 0;
	for (unsigned i = 0; i < d->n; i++)
		r |= f_reads(d->fields[i]);
	return r;
}

uint64_t ps_dfields_stream_reads(const struct ps_dfields *d)
{
	return fields_reads(d, df_stream_reads);
}

const char *ps_dfields_analysis_field(const struct ps_dfields *d)
{
	return first_needing(d, DF_NEED_ANALYSIS);
}

uint64_t ps_dfields_reads(const struct ps_dfields *d)
{
	return fields_reads(d, df_field_reads);
}

const char *ps_dfields_undecoded(const struct ps_dfields *d)
{
	for (unsigned i = 0; d->ws && i < d->n; i++)
		if (d->fields[i] == &d->ws[i].f)
			return d->names[i];
	return 0;
}

static void quote(const struct ps_dfields *d, struct ps_out *o)
{
	if (d->o.quote == PS_QUOTE_DOUBLE)
		ps_out_char(o, '"');
	else if (d->o.quote == PS_QUOTE_SINGLE)
		ps_out_char(o, '\'');
}

void ps_dfields_header(const struct ps_dfields *d, struct ps_out *o)
{
	if (!d->o.header)
		return;
	for (unsigned i = 0; i < d->n; i++) {
		if (i)
			ps_out_char(o, d->o.separator);
		ps_out_str(o, d->names[i]);
	}
	ps_out_char(o, '\n');
}

void ps_dfields_line(const struct ps_dfields *d, const struct ps_packet *p, struct ps_out *o)
{
	struct df_vals vals;
	for (unsigned i = 0; i < d->n; i++) {
		const struct df_field *f = d->fields[i];
		if (i)
			ps_out_char(o, d->o.separator);
		df_field_values(f, p, &vals);
		if (!vals.n)
			continue; /* tshark prints nothing for an absent field, not even quotes */
		unsigned from = 0, to = vals.n;
		if (d->o.occurrence == PS_OCC_FIRST)
			to = 1;
		else if (d->o.occurrence == PS_OCC_LAST)
			from = vals.n - 1;
		quote(d, o);
		for (unsigned k = from; k < to; k++) {
			if (k > from)
				ps_out_char(o, d->o.aggregator);
			df_val_format(&vals.v[k], (enum df_fmt)f->fmt, o);
		}
		quote(d, o);
	}
	ps_out_char(o, '\n');
}

/* tshark's /t /s /n spellings of tab, space, newline, or a single character */
static int sep_char(const char *v, char *out)
{
	if (!strcmp(v, "/t"))
		*out = '\t';
	else if (!strcmp(v, "/s"))
		*out = ' ';
	else if (!strcmp(v, "/n"))
		*out = '\n';
	else if (strlen(v) == 1)
		*out = v[0];
	else
		return -1;
	return 0;
}

int ps_dfields_eopt(struct ps_dfields_opts *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	if (!eq || !eq[1])
		return -1;
	size_t k = (size_t)(eq - arg);
	const char *v = eq + 1;
	if (k == 9 && !strncmp(arg, "separator", k))
		return sep_char(v, &o->separator);
	if (k == 10 && !strncmp(arg, "aggregator", k))
		return sep_char(v, &o->aggregator);
	if (k == 6 && !strncmp(arg, "header", k)) {
		if (strcmp(v, "y") && strcmp(v, "n"))
			return -1;
		o->header = v[0] == 'y';
		return 0;
	}
	if (k == 10 && !strncmp(arg, "occurrence", k)) {
		if (!strcmp(v, "f"))
			o->occurrence = PS_OCC_FIRST;
		else if (!strcmp(v, "l"))
			o->occurrence = PS_OCC_LAST;
		else if (!strcmp(v, "a"))
			o->occurrence = PS_OCC_ALL;
		else
			return -1;
		return 0;
	}
	if (k == 5 && !strncmp(arg, "quote", k)) {
		if (!strcmp(v, "d"))
			o->quote = PS_QUOTE_DOUBLE;
		else if (!strcmp(v, "s"))
			o->quote = PS_QUOTE_SINGLE;
		else if (!strcmp(v, "n"))
			o->quote = PS_QUOTE_NONE;
		else
			return -1;
		return 0;
	}
	return -1;
}
