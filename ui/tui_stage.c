/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_stage.c - defragmentation and the flow table for a scan (tui_stage.h). */
#include <stdio.h>
#include <stdlib.h>

#include <string.h>

#include "defrag_feed.h"
#include "tui_stage.h"

struct tui_stage {
	struct ps_defrag_feed *defrag; /* NULL: --no-defrag */
	struct ps_flow_table *ft;      /* NULL: no flow state asked for, or --no-flows */
};

int tui_stage_new(struct tui_stage **out, const struct tui_stage_cfg *cfg, bool flows,
		  ps_flow_end_fn on_end, void *ctx, char *err, size_t errlen)
{
	char e[256] = "out of memory";
	struct tui_stage *s = 0;
	*out = 0;
	if (!cfg->defrag && !(flows && cfg->flow))
		return 0;
	if (!(s = calloc(1, sizeof *s)))
		goto fail;
	if (cfg->defrag && !(s->defrag = ps_defrag_feed_new(0, e, sizeof e)))
		goto fail;
	if (flows && cfg->flow && !(s->ft = ps_flow_table_new(cfg->flow, on_end, ctx, e, sizeof e)))
		goto fail;
	*out = s;
	return 0;
fail:
	tui_stage_free(s);
	snprintf(err, errlen, "%s", e);
	return -1;
}

void tui_stage_free(struct tui_stage *s)
{
	if (!s)
		return;
	ps_flow_table_free(s->ft);
	ps_defrag_feed_free(s->defrag);
	free(s);
}

void tui_stage_packet(struct tui_stage *s, struct ps_packet *p)
{
	if (!s)
		return;
	if (s->defrag)
		ps_defrag_feed(s->defrag, p);
	if (s->ft)
		ps_flow_packet(s->ft, p);
}

void tui_stage_defrag(struct tui_stage *s, struct ps_packet *p)
{
	if (s && s->defrag)
		ps_defrag_feed(s->defrag, p);
}

void tui_stage_track(struct tui_stage *s, struct ps_packet *p, const struct ps_flow_key *only)
{
	struct ps_flow_pkt k;
	if (s && s->ft && only && ps_flow_key_of(p, &k) && !memcmp(&k.key, only, sizeof *only))
		ps_flow_packet(s->ft, p);
}

void tui_stage_set_consumer(struct tui_stage *s, ps_flow_bytes_fn fn, void *ctx)
{
	if (s && s->ft)
		ps_flow_set_consumer(s->ft, fn, ctx);
}

void tui_stage_flush(struct tui_stage *s)
{
	if (s && s->ft)
		ps_flow_flush(s->ft);
}
