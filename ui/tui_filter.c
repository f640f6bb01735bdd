/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_filter.c - BPF display filter over stored packets, one program per link type. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_filter.h"
#include "tui_filter.h"

#define MAX_PROGS 8
#define SNAPLEN 262144

struct tui_filter {
	char *expr;
	unsigned n;
	struct {
		int linktype;
		bool ok; /* compiled; a link type the expression cannot apply to matches nothing */
		struct ps_bpf *prog;
	} p[MAX_PROGS];
};

static int add_prog(struct tui_filter *f, int linktype, char *err)
{
	if (f->n == MAX_PROGS)
		return -1;
	unsigned k = f->n++;
	f->p[k].linktype = linktype;
	f->p[k].ok = ps_bpf_new(&f->p[k].prog, linktype, SNAPLEN, f->expr, err) == 0;
	return f->p[k].ok ? (int)k : -1;
}

int tui_filter_new(struct tui_filter **out, const char *expr, int linktype, char *err,
		   size_t errlen)
{
	char e[PS_ERRBUF] = "";
	struct tui_filter *f = calloc(1, sizeof *f);
	*out = 0;
	if (!f || !(f->expr = strdup(expr))) {
		snprintf(err, errlen, "out of memory");
		free(f);
		return -1;
	}
	if (add_prog(f, linktype, e) < 0) {
		snprintf(err, errlen, "%s", e);
		tui_filter_free(f);
		return -1;
	}
	*out = f;
	return 0;
}

void tui_filter_free(struct tui_filter *f)
{
	if (!f)
		return;
	for (unsigned k = 0; k < f->n; k++)
		ps_bpf_free(f->p[k].prog);
	free(f->expr);
	free(f);
}

const char *tui_filter_expr(const struct tui_filter *f)
{
	return f->expr;
}

bool tui_filter_match(struct tui_filter *f, const struct tui_rec *r, const uint8_t *data)
{
	int k = -1;
	for (unsigned j = 0; j < f->n && k < 0; j++)
		if (f->p[j].linktype == r->linktype)
			k = (int)j;
	if (k < 0) {
		char e[PS_ERRBUF];
		k = add_prog(f, r->linktype, e);
		if (k < 0)
			return false;
	}
	if (!f->p[k].ok)
		return false;
	struct ps_frame fr = {.data = data, .caplen = r->caplen, .len = r->len};
	return ps_bpf_run(f->p[k].prog, &fr);
}
