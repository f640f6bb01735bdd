/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_filter.c - the display filter over stored packets: a compiled display
 * filter on a record dissected again and run through the stateful stage
 * (tui_stage.h), or ("bpf:") one BPF program per link type. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_filter.h"
#include "ps_dfilter.h"
#include "tui_filter.h"
#include "tui_packet.h"
#include "tui_stage.h"

#define BPF_PREFIX "bpf:"

#define MAX_PROGS 8
#define SNAPLEN 262144

struct tui_filter {
	char *expr;
	const char *bpf;         /* the BPF expression after "bpf:", NULL for a display filter */
	struct ps_dfilter *df;   /* the display filter */
	struct ps_packet *pkt;   /* its record, reused for every packet */
	struct tui_stage *stage; /* defragmentation, and the flow table when df needs it */
	const char *iface;       /* the records' interface (live), NULL */
	/* the scan's frames in order: frame.time_relative, frame.time_delta and
	 * frame.time_delta_displayed (p->ref) */
	struct ps_frame_clock clock;
	struct ps_frame_shown shown;
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
	f->p[k].ok = ps_bpf_new(&f->p[k].prog, linktype, SNAPLEN, f->bpf, err) == 0;
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
	if (!strncmp(expr, BPF_PREFIX, strlen(BPF_PREFIX))) {
		f->bpf = f->expr + strlen(BPF_PREFIX);
		if (add_prog(f, linktype, e) < 0) {
			snprintf(err, errlen, "%s", e);
			tui_filter_free(f);
			return -1;
		}
		*out = f;
		return 0;
	}
	struct ps_dfilter_err de;
	if (ps_dfilter_compile(expr, &f->df, &de)) {
		ps_dfilter_err_format(&de, err, errlen, 0, 0);
		tui_filter_free(f);
		return -1;
	}
	if (!(f->pkt = calloc(1, sizeof *f->pkt))) {
		snprintf(err, errlen, "out of memory");
		tui_filter_free(f);
		return -1;
	}
	*out = f;
	return 0;
}

const char *tui_filter_undecoded(const struct tui_filter *f)
{
	return f && f->df ? ps_dfilter_undecoded(f->df) : 0;
}

bool tui_filter_warning(const struct tui_filter *f, char *buf, size_t n)
{
	const char *u = tui_filter_undecoded(f);
	const char *w = f && f->df ? ps_dfilter_warning(f->df) : 0;
	if (u)
		snprintf(buf, n, "pktscope does not decode \"%s\": it is never present", u);
	else if (w)
		snprintf(buf, n, "%s", w);
	return u || w;
}

const char *tui_filter_flow_field(const struct tui_filter *f)
{
	return f->df ? ps_dfilter_flow_field(f->df) : 0;
}

int tui_filter_start(struct tui_filter *f, const struct tui_stage_cfg *cfg, const char *iface,
		     char *err, size_t errlen)
{
	f->iface = iface;
	if (!f->df) /* BPF reads the frame's bytes: no stage */
		return 0;
	tui_stage_free(f->stage);
	/* no end callback: the filter wants the records, not the conversations */
	return tui_stage_new(&f->stage, cfg, tui_filter_flow_field(f) != 0, 0, 0, err, errlen);
}

static bool df_match(struct tui_filter *f, uint64_t pkt, const struct tui_rec *r,
		     const uint8_t *data)
{
	tui_packet_load(f->pkt, pkt, r, data, f->iface);
	/* every packet, matching or not: flow state does not depend on what is shown */
	tui_stage_packet(f->stage, f->pkt);
	ps_frame_clock_stamp(&f->clock, f->pkt);
	ps_frame_shown_ref(&f->shown, f->pkt);
	if (!ps_dfilter_match(f->df, f->pkt))
		return false;
	ps_frame_shown_note(&f->shown, f->pkt);
	return true;
}

void tui_filter_free(struct tui_filter *f)
{
	if (!f)
		return;
	for (unsigned k = 0; k < f->n; k++)
		ps_bpf_free(f->p[k].prog);
	ps_dfilter_free(f->df);
	tui_stage_free(f->stage);
	free(f->pkt);
	free(f->expr);
	free(f);
}

const char *tui_filter_expr(const struct tui_filter *f)
{
	return f->expr;
}

bool tui_filter_match(struct tui_filter *f, uint64_t pkt, const struct tui_rec *r,
		      const uint8_t *data)
{
	if (f->df)
		return df_match(f, pkt, r, data);
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
