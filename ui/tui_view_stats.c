/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_view_stats.c - the statistics screen (protocol hierarchy, top
 * conversations, packets-per-second sparkline) and the help screen. */
#include <curses.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ps_out.h"
#include "tui_view.h"

void tui_view_line(int y, unsigned w, unsigned attr, const char *fmt, ...)
{
	char b[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b, sizeof b, fmt, ap);
	va_end(ap);
	attrset((int)attr);
	mvprintw(y, 0, "%-*.*s", (int)w, (int)w, b);
	attrset(A_NORMAL);
}

static double pct(uint64_t a, uint64_t b)
{
	return b ? 100.0 * (double)a / (double)b : 0.0;
}

static int draw_hier(const struct tui_stats *s, int y, unsigned rows, unsigned w,
		     const struct tui_theme *th)
{
	unsigned order[TUI_HIER_MAX];
	unsigned n = tui_stats_hier_order(s, order, TUI_HIER_MAX);
	tui_view_line(y++, w, th->title, "%-36s %12s %7s %14s", "Protocol hierarchy", "packets", "%",
	     "bytes");
	for (unsigned i = 0; i < n && i < rows; i++) {
		const struct tui_hier *h = &s->hier[order[i]];
		char name[64];
		snprintf(name, sizeof name, "%*s%s", h->depth * 2, "", tui_proto_name(h->proto));
		tui_view_line(y++, w, A_NORMAL, "%-36s %12" PRIu64 " %6.1f%% %14" PRIu64, name, h->pkts,
		     pct(h->pkts, s->packets), h->bytes);
	}
	return y;
}

static void conv_addr(char *b, size_t n, unsigned fam, const uint8_t *a)
{
	struct ps_out o;
	ps_out_open_mem(&o, b, n);
	if (fam == TUI_CONV_IPV4)
		ps_out_ipv4(&o, a);
	else if (fam == TUI_CONV_IPV6)
		ps_out_ipv6(&o, a);
	else
		ps_out_mac(&o, a, 6);
	ps_out_cstr(&o);
}

static int draw_conv(const struct tui_stats *s, int y, unsigned rows, unsigned w,
		     const struct tui_theme *th)
{
	const struct tui_conv *top[32];
	unsigned n = tui_stats_top(s, top, rows < 32 ? rows : 32);
	tui_view_line(y++, w, th->title, "%-50s %12s %14s", "Top conversations (by bytes)", "packets",
	     "bytes");
	for (unsigned i = 0; i < n; i++) {
		char a[48], b[48], pair[104];
		conv_addr(a, sizeof a, top[i]->fam, top[i]->a);
		conv_addr(b, sizeof b, top[i]->fam, top[i]->b);
		snprintf(pair, sizeof pair, "%s <-> %s", a, b);
		tui_view_line(y++, w, A_NORMAL, "%-50s %12" PRIu64 " %14" PRIu64, pair, top[i]->pkts,
		     top[i]->bytes);
	}
	if (s->conv_other_pkts)
		tui_view_line(y++, w, A_NORMAL, "%-50s %12" PRIu64 " %14" PRIu64,
		     "(no addresses / table full)", s->conv_other_pkts, s->conv_other_bytes);
	return y;
}

static void draw_spark(const struct tui_stats *s, int y, unsigned w, const struct tui_theme *th)
{
	static const char *const bars_utf8[] = {" ", "\u2581", "\u2582", "\u2583", "\u2584",
						"\u2585", "\u2586", "\u2587", "\u2588"};
	static const char bars_ascii[] = " .:-=+*#@";
	uint32_t v[512], max = 0;
	unsigned n = w - 1 < 512 ? w - 1 : 512;
	tui_stats_pps(s, v, n);
	for (unsigned i = 0; i < n; i++)
		max = v[i] > max ? v[i] : max;
	tui_view_line(y, w, th->title, "Packets per second, last %u s of capture time (peak %u/s)", n, max);
	move(y + 1, 0);
	clrtoeol();
	for (unsigned i = 0; i < n; i++) {
		unsigned k = max ? (unsigned)((v[i] * 8ull + max - 1) / max) : 0;
		if (th->utf8)
			addstr(bars_utf8[k]);
		else
			addch((chtype)bars_ascii[k]);
	}
}

void tui_view_stats(struct tui_model *m, const struct tui_theme *th)
{
	const struct tui_layout *l = &m->lay;
	erase();
	const struct tui_stats *s = tui_model_stats_lock(m);
	if (!s) {
		tui_view_line(0, l->w, th->header, " Statistics: not available");
		return;
	}
	unsigned prog = tui_model_stats_progress(m);
	tui_view_line(0, l->w, th->header,
	     " Statistics: %" PRIu64 " packets, %" PRIu64 " bytes, %" PRIu64 " malformed%s"
	     "   (s or q: back)",
	     s->packets, s->bytes, s->malformed, prog < 1000 ? ", counting..." : "");
	/* rows 1 .. h-4: two section titles, an "other" line, the rest split */
	unsigned body = l->h - 7;
	unsigned hrows = body / 2, crows = body - hrows;
	int y = draw_hier(s, 1, hrows, l->w, th);
	y = draw_conv(s, y, crows, l->w, th);
	draw_spark(s, (int)l->h - 3, l->w, th);
	tui_model_stats_unlock(m);
	char b[1024];
	tui_status_text(m, b, sizeof b);
	tui_view_line((int)l->status_y, l->w, th->status, "%s", b);
}

void tui_view_help(const struct tui_model *m, const struct tui_theme *th)
{
	const struct tui_layout *l = &m->lay;
	int y = 0;
	erase();
	tui_view_line(y++, l->w, th->header, " pktscope --tui keys   (any key: back)");
	for (const struct tui_action *a = tui_actions; a->fn && y < (int)l->h - 1; a++) {
		if (!a->keyname)
			continue;
		tui_view_line(y++, l->w, A_NORMAL, "  %-18s %s", a->keyname, a->help);
	}
}
