/* SPDX-License-Identifier: BSD-2-Clause */
/* view.c - compile the display filter and the -e field list for the run loop. */
#include <stdio.h>
#include <string.h>

#include "view.h"

static void print_err(const char *what, const char *expr, const struct ps_dfilter_err *e)
{
	char line[400], caret[256];
	ps_dfilter_err_format(e, line, sizeof line, caret, sizeof caret);
	fprintf(stderr, "pktscope: %s: %s\n", what, line);
	if (expr && e->col && strlen(expr) < sizeof caret)
		fprintf(stderr, "    %s\n    %s\n", expr, caret);
}

/* A name tshark knows but pktscope does not decode is accepted (a tshark
 * script keeps working) and never present; the user hears it once, since
 * the capture may well carry that protocol. */
static void warn_undecoded(const char *what, const char *name)
{
	if (name)
		fprintf(stderr, "pktscope: %s: warning: pktscope does not decode \"%s\": it is never present\n",
			what, name);
}

int ps_view_open(struct ps_view *v, const struct ps_options *o)
{
	struct ps_dfilter_err e;
	memset(v, 0, sizeof *v);
	if (o->display_filter && ps_dfilter_compile(o->display_filter, &v->filter, &e)) {
		print_err("-Y", o->display_filter, &e);
		return PS_EXIT_USAGE;
	}
	if (v->filter)
		warn_undecoded("-Y", ps_dfilter_undecoded(v->filter));
	if (v->filter && ps_dfilter_warning(v->filter))
		fprintf(stderr, "pktscope: -Y: warning: %s\n", ps_dfilter_warning(v->filter));
	if (o->fields &&
	    ps_dfields_new(o->field_names, o->nfield_names, &o->field_opts, &v->fields, &e)) {
		print_err("-e", 0, &e);
		ps_view_close(v);
		return PS_EXIT_USAGE;
	}
	if (v->fields)
		warn_undecoded("-e", ps_dfields_undecoded(v->fields));
	return PS_EXIT_OK;
}

void ps_view_close(struct ps_view *v)
{
	ps_dfilter_free(v->filter);
	ps_dfields_free(v->fields);
	memset(v, 0, sizeof *v);
}
