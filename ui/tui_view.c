/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_view.c - the main screen: packet list, detail tree, hex + ASCII pane
 * and status bar, drawn from a prepared const model. */
#include <curses.h>
#include <inttypes.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ps_out.h"
#include "tui_view.h"

enum { PAIR_TCP = 1, PAIR_UDP, PAIR_ICMP, PAIR_ARP, PAIR_BAD, PAIR_BAR, PAIR_ORIG, PAIR_RESP,
       PAIR_P_OK, PAIR_P_BAD, PAIR_P_WARN };

void tui_theme_init(struct tui_theme *th)
{
	const char *nc = getenv("NO_COLOR");
	memset(th, 0, sizeof *th);
	th->utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	th->color = !(nc && *nc) && has_colors() && start_color() == OK;
	th->header = A_REVERSE | A_BOLD;
	th->status = A_REVERSE;
	th->title = A_BOLD;
	th->title_focus = A_REVERSE | A_BOLD;
	th->sel = A_REVERSE;
	th->hl = A_REVERSE;
	th->cls[TUI_C_BAD] = A_BOLD;
	th->fol_resp = A_BOLD; /* monochrome: the "<" mark and bold tell directions apart */
	th->p_bad = A_UNDERLINE; /* monochrome: the error text after it says why */
	th->p_warn = A_BOLD;     /* ... and the warning */
	if (!th->color)
		return;
	use_default_colors();
	init_pair(PAIR_TCP, COLOR_GREEN, -1);
	init_pair(PAIR_UDP, COLOR_CYAN, -1);
	init_pair(PAIR_ICMP, COLOR_MAGENTA, -1);
	init_pair(PAIR_ARP, COLOR_YELLOW, -1);
	init_pair(PAIR_BAD, COLOR_RED, -1);
	init_pair(PAIR_BAR, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_ORIG, COLOR_RED, -1); /* follow stream: client red, server blue (Wireshark's) */
	init_pair(PAIR_RESP, COLOR_BLUE, -1);
	init_pair(PAIR_P_OK, COLOR_BLACK, COLOR_GREEN); /* Wireshark's filter box colours */
	init_pair(PAIR_P_BAD, COLOR_WHITE, COLOR_RED);
	/* Wireshark's yellow: it compiles, but the result may mislead (there
	 * a deprecated name, here a name pktscope does not decode) */
	init_pair(PAIR_P_WARN, COLOR_BLACK, COLOR_YELLOW);
	th->p_ok = COLOR_PAIR(PAIR_P_OK);
	th->p_bad = COLOR_PAIR(PAIR_P_BAD);
	th->p_warn = COLOR_PAIR(PAIR_P_WARN);
	th->fol_orig = COLOR_PAIR(PAIR_ORIG);
	th->fol_resp = COLOR_PAIR(PAIR_RESP);
	th->cls[TUI_C_TCP] = COLOR_PAIR(PAIR_TCP);
	th->cls[TUI_C_UDP] = COLOR_PAIR(PAIR_UDP);
	th->cls[TUI_C_ICMP] = COLOR_PAIR(PAIR_ICMP);
	th->cls[TUI_C_ARP] = COLOR_PAIR(PAIR_ARP);
	th->cls[TUI_C_BAD] = COLOR_PAIR(PAIR_BAD) | A_BOLD;
	th->status = COLOR_PAIR(PAIR_BAR);
}

/* Write text padded or cut to exactly w columns at (y, 0). */
static void put_line(int y, const char *text, unsigned w, unsigned attr)
{
	attrset((int)attr);
	mvprintw(y, 0, "%-*.*s", (int)w, (int)w, text);
	attrset(A_NORMAL);
}

/* An Info text longer than the column that ends with tshark's "[TCP
 * segment of a reassembled PDU]" (after a long TCP text) keeps that end in
 * view: the text is cut before it, "..", then the tag. */
static const char *fit_info(const char *info, int wi, char *buf, size_t n)
{
	size_t len = strlen(info), tl = strlen(TUI_PDU_TAG);
	if (wi <= 0 || len <= (size_t)wi || len <= tl || (size_t)wi < tl + 12 ||
	    strcmp(info + len - tl, TUI_PDU_TAG))
		return info;
	snprintf(buf, n, "%.*s.. %s", wi - (int)tl - 3, info, TUI_PDU_TAG);
	return buf;
}

static void row_text(char *b, size_t n, const struct tui_layout *l, const char *no,
		     const char *t, const char *src, const char *dst, const char *proto,
		     const char *len, const char *info)
{
	int wi = (int)l->w - (int)(l->w_no + l->w_time + 2 * l->w_addr + l->w_proto + l->w_len + 6);
	char fit[512];
	info = fit_info(info, wi, fit, sizeof fit);
	snprintf(b, n, "%*.*s %-*.*s %-*.*s %-*.*s %-*.*s %*.*s %-*.*s", (int)l->w_no,
		 (int)l->w_no, no, (int)l->w_time, (int)l->w_time, t, (int)l->w_addr,
		 (int)l->w_addr, src, (int)l->w_addr, (int)l->w_addr, dst, (int)l->w_proto,
		 (int)l->w_proto, proto, (int)l->w_len, (int)l->w_len, len, wi > 0 ? wi : 0,
		 wi > 0 ? wi : 0, info);
}

static void draw_list(const struct tui_model *m, const struct tui_theme *th)
{
	const struct tui_layout *l = &m->lay;
	char b[1024];
	row_text(b, sizeof b, l, "No.", "Time", "Source", "Destination", "Proto", "Len", "Info");
	put_line((int)l->list_y - 1, b, l->w, th->header);
	for (unsigned i = 0; i < l->list_h; i++) {
		uint64_t r = m->top + i;
		if (r >= m->shown)
			break;
		const struct tui_row *row = tui_model_row(m, r);
		if (!row)
			continue;
		row_text(b, sizeof b, l, row->no, row->time, row->src, row->dst, row->proto,
			 row->len, row->info);
		unsigned attr = th->cls[row->cls];
		if (r == m->sel)
			attr |= th->sel | (m->focus == TUI_PANE_LIST ? A_BOLD : 0);
		put_line((int)(l->list_y + i), b, l->w, attr);
	}
}

static void draw_title(int y, unsigned w, const char *text, bool focus,
		       const struct tui_theme *th)
{
	char b[512];
	snprintf(b, sizeof b, "-- %s ", text);
	size_t n = strlen(b);
	while (n < w && n + 1 < sizeof b)
		b[n++] = '-';
	b[n] = 0;
	put_line(y, b, w, focus ? th->title_focus : th->title);
}

static void draw_tree(const struct tui_model *m, const struct tui_theme *th)
{
	const struct tui_layout *l = &m->lay;
	const struct tui_tree *t = m->tree;
	char b[512];
	if (m->sel_pkt == TUI_NONE)
		snprintf(b, sizeof b, "no packet");
	else if (!m->sel_ok)
		snprintf(b, sizeof b, "packet %" PRIu64 ": unreadable", m->sel_pkt + 1);
	else
		snprintf(b, sizeof b, "packet %" PRIu64 ": %u bytes on wire, %u captured%s",
			 m->sel_pkt + 1, m->sel_rec.len, m->sel_rec.caplen,
			 t->overflow ? " (tree cut short)" : "");
	draw_title((int)l->tree_y - 1, l->w, b, m->focus == TUI_PANE_TREE, th);
	uint16_t lines[TUI_TREE_MAX];
	unsigned n = m->sel_ok ? tui_tree_lines(t, lines, TUI_TREE_MAX) : 0;
	for (unsigned i = 0; i < l->tree_h && t->top + i < n; i++) {
		unsigned node = lines[t->top + i];
		const struct tui_node *nd = &t->nodes[node];
		const char *mark = !(nd->flags & TUI_N_CONTAINER) ? "  "
				   : (nd->flags & TUI_N_OPEN)     ? "- "
								  : "+ ";
		snprintf(b, sizeof b, "%*s%s%s", (int)nd->depth * 2, "", mark,
			 tui_tree_label(t, node));
		unsigned attr = A_NORMAL;
		if (node == t->cursor)
			attr = m->focus == TUI_PANE_TREE ? th->sel : A_BOLD;
		put_line((int)(l->tree_y + i), b, l->w, attr);
	}
}

/* The selected field's bytes, or none. */
static void hl_span(const struct tui_model *m, uint32_t *lo, uint32_t *hi)
{
	*lo = *hi = 0;
	const struct tui_tree *t = m->tree;
	if (!m->sel_ok || !t->n)
		return;
	const struct tui_node *c = &t->nodes[t->cursor];
	*lo = c->span_off;
	*hi = c->span_off + c->span_len;
}

/* Line `off` of the len bytes at b (offsets shown from b), [lo, hi) highlighted. */
static void draw_hex_line(const uint8_t *b, uint32_t len, int y, uint32_t off, uint32_t lo,
			  uint32_t hi, const struct tui_theme *th)
{
	uint32_t n = len - off < 16 ? len - off : 16;
	move(y, 0);
	clrtoeol();
	printw("%04x  ", off);
	for (uint32_t i = 0; i < 16; i++) {
		bool h = i < n && off + i >= lo && off + i < hi;
		attrset((int)(h ? th->hl : A_NORMAL));
		if (i < n)
			printw("%02x", b[off + i]);
		else
			addstr("  ");
		attrset((int)(h && i + 1 < n && off + i + 1 < hi && i != 7 ? th->hl : A_NORMAL));
		addstr(i == 7 ? "  " : " ");
	}
	attrset(A_NORMAL);
	addstr(" ");
	for (uint32_t i = 0; i < n; i++) {
		uint8_t c = b[off + i];
		attrset((int)(off + i >= lo && off + i < hi ? th->hl : A_NORMAL));
		addch(c >= 0x20 && c < 0x7f ? c : '.');
	}
	attrset(A_NORMAL);
}

/* The selected field's bytes are reassembled ones after the frame's in the
 * record (a datagram its fragment completed, a DNS message from the TCP
 * stream): they are shown instead of the frame's, from the line before the
 * field's, offsets from the first byte after the frame (Wireshark's
 * "Reassembled" tab).  False when the field is in the frame or has none. */
static bool draw_away(const struct tui_model *m, const struct tui_theme *th)
{
	const struct tui_layout *l = &m->lay;
	const struct tui_node *c = m->tree->n ? &m->tree->nodes[m->tree->cursor] : 0;
	const struct ps_packet *p = m->pkt;
	uint32_t cap = p->caplen, all = ps_packet_bytes(p);
	if (!c || !(c->flags & TUI_N_AWAY) || !c->away_len || all <= cap || c->away_off < cap ||
	    c->away_off >= all)
		return false;
	uint32_t len = all - cap, lo = c->away_off - cap, hi = lo + c->away_len;
	char b[128];
	snprintf(b, sizeof b, "reassembled bytes %u-%u selected (of %u, not in this frame)", lo,
		 (hi < len ? hi : len) - 1, len);
	draw_title((int)l->hex_y - 1, l->w, b, m->focus == TUI_PANE_HEX, th);
	uint32_t first = lo / 16 > 0 ? lo / 16 - 1 : 0;
	for (unsigned i = 0; i < l->hex_h; i++) {
		uint32_t off = (first + i) * 16u;
		if (off >= len)
			break;
		draw_hex_line(p->data + cap, len, (int)(l->hex_y + i), off, lo, hi, th);
	}
	return true;
}

/* A field of a layer rebuilt from several frames' segments whose own bytes
 * are not located (TUI_N_PART): the bytes those frames delivered, as the
 * replay kept them (Wireshark's "Reassembled TCP" tab), from the first,
 * this frame's own highlighted.  False when they are not kept. */
static bool draw_rebuilt(const struct tui_model *m, const struct tui_theme *th)
{
	const struct tui_layout *l = &m->lay;
	const struct tui_replay_bytes *rb = tui_model_hex_rebuilt(m);
	if (!rb)
		return false;
	const char *note = m->sel_note[m->sel_bytes_note]; /* "[reassembled from frames 4,5]" */
	char b[256], own[64] = "none of them this frame's";
	uint32_t lo = rb->own_lo, hi = rb->own_hi;
	int nl = (int)strlen(note + 1) - 1;
	if (rb->own_hi > rb->own_lo)
		snprintf(own, sizeof own, "this frame's %u-%u", rb->own_lo, rb->own_hi - 1);
	if (tui_model_hex_field(m, &lo, &hi)) /* the record says where the field is */
		snprintf(b, sizeof b, "bytes %u-%u selected of those %.*s (%u%s; %s)", lo, hi - 1,
			 nl, note + 1, rb->len, rb->lost ? ", the first kept" : "", own);
	else
		snprintf(b, sizeof b, "bytes %.*s (%u%s): %s%s, the field among them", nl, note + 1,
			 rb->len, rb->lost ? ", the first kept" : "", own,
			 rb->own_hi > rb->own_lo ? " highlighted" : "");
	draw_title((int)l->hex_y - 1, l->w, b, m->focus == TUI_PANE_HEX, th);
	for (unsigned i = 0; i < l->hex_h; i++) {
		uint32_t off = (m->hex_top + i) * 16u;
		if (off >= rb->len)
			break;
		draw_hex_line(rb->buf, rb->len, (int)(l->hex_y + i), off, lo, hi, th);
	}
	return true;
}

static void draw_hex(const struct tui_model *m, const struct tui_theme *th)
{
	const struct tui_layout *l = &m->lay;
	uint32_t lo, hi;
	char b[192];
	if (m->sel_ok && (draw_away(m, th) || draw_rebuilt(m, th)))
		return;
	hl_span(m, &lo, &hi);
	const struct tui_node *c = m->sel_ok && m->tree->n ? &m->tree->nodes[m->tree->cursor] : 0;
	if (hi > lo && c && (c->flags & TUI_N_PART) && c->note <= TUI_REPLAY_MARKS &&
	    !strncmp(m->sel_note[c->note], "[reassembled from ", 18))
		/* the field's own bytes are not located: "[reassembled from frames
		 * 4,5]" -> "... the field is in the bytes reassembled from frames 4,5" */
		snprintf(b, sizeof b,
			 "bytes %u-%u: the layer's part in this frame; the field is in the bytes %.*s", lo,
			 hi - 1, (int)strlen(m->sel_note[c->note] + 1) - 1, m->sel_note[c->note] + 1);
	else if (hi > lo)
		snprintf(b, sizeof b, "bytes %u-%u selected", lo, hi - 1);
	else if (m->sel_ok && m->tree->n && (m->tree->nodes[m->tree->cursor].flags & TUI_N_AWAY))
		snprintf(b, sizeof b, "bytes (reassembled: not in this frame)");
	else
		snprintf(b, sizeof b, "bytes");
	draw_title((int)l->hex_y - 1, l->w, b, m->focus == TUI_PANE_HEX, th);
	if (!m->sel_ok)
		return;
	/* the scroll position may be the reassembled bytes' (longer): clamp */
	uint32_t lines = (m->sel_rec.caplen + 15) / 16;
	uint32_t top = lines <= l->hex_h ? 0 : m->hex_top < lines - l->hex_h ? m->hex_top
									      : lines - l->hex_h;
	for (unsigned i = 0; i < l->hex_h; i++) {
		uint32_t off = (top + i) * 16u;
		if (off >= m->sel_rec.caplen)
			break;
		draw_hex_line(m->frame, m->sel_rec.caplen, (int)(l->hex_y + i), off, lo, hi, th);
	}
}

static void human(char *b, size_t n, double v, const char *unit)
{
	if (v >= 1e9)
		snprintf(b, n, "%.1fG%s", v / 1e9, unit);
	else if (v >= 1e6)
		snprintf(b, n, "%.1fM%s", v / 1e6, unit);
	else if (v >= 1e3)
		snprintf(b, n, "%.1fk%s", v / 1e3, unit);
	else
		snprintf(b, n, "%.0f%s", v, unit);
}

static void status_count(const struct tui_model *m, char *b, size_t n)
{
	unsigned prog = tui_store_progress(m->st);
	int state = tui_store_state(m->st);
	if (!m->st->live && state == TUI_ST_LOADING)
		snprintf(b, n, "%" PRIu64 " packets, indexing %u%%", m->total, prog / 10);
	else
		snprintf(b, n, "%" PRIu64 " packets", m->total);
}

void tui_status_text(const struct tui_model *m, char *buf, size_t n)
{
	struct ps_out o;
	char t[96], r1[32], r2[32];
	ps_out_open_mem(&o, buf, n);
	status_count(m, t, sizeof t);
	ps_out_fmt(&o, " %s%s | %s", m->st->live ? "live " : "", m->st->name, t);
	if (m->fjob) {
		unsigned p = tui_model_filter_progress(m);
		ps_out_fmt(&o, " | shown %" PRIu64 " | filter: %s", m->shown, tui_model_filter(m));
		/* the scan may finish after the tick that counted: not 100% until
		 * the count shown is the final one */
		if (p < 1000 || !m->shown_final)
			ps_out_fmt(&o, " (%u%%)", p < 1000 ? p / 10 : 99);
		/* kept while the filter is applied: an empty list is not "none here" */
		const char *u = tui_model_filter_undecoded(m);
		if (u)
			ps_out_fmt(&o, " | " TUI_UNDECODED_FMT, u);
	}
	if (m->follow)
		PS_OUT_LIT(&o, " | FOLLOW");
	if (m->paused)
		PS_OUT_LIT(&o, " | PAUSED");
	if (m->st->live) {
		human(r1, sizeof r1, m->pps, " pkt/s");
		human(r2, sizeof r2, m->bps, "B/s");
		ps_out_fmt(&o, " | %s %s", r1, r2);
		if (m->has_drops)
			ps_out_fmt(&o, " | drops %" PRIu64, m->drops + m->qdrops);
		if (m->qdrops)
			ps_out_fmt(&o, " (%" PRIu64 " by the UI queue)", m->qdrops);
	}
	if (m->msg[0])
		ps_out_fmt(&o, " | %s", m->msg);
	else if (tui_store_state(m->st) == TUI_ST_STOPPED)
		ps_out_fmt(&o, " | %s", m->st->msg);
	human(r1, sizeof r1, (double)m->rss, "B");
	ps_out_fmt(&o, " | mem %s | ? help", r1);
	ps_out_cstr(&o);
}

/* The filter's text green or red (an empty filter clears: green), then the
 * error or the completion candidates after it, as far as they fit. */
static void draw_prompt_state(const struct tui_layout *l, const struct tui_theme *th,
			      const struct tui_prompt *p, unsigned lw)
{
	unsigned tw = (unsigned)strlen(p->text), y = l->status_y;
	if (p->state != TUI_P_PLAIN && lw < l->w) {
		unsigned n = tw ? tw : 1; /* an empty box shows one coloured cell */
		attrset((int)(p->state == TUI_P_OK ? th->p_ok
			      : p->state == TUI_P_WARN ? th->p_warn
							 : th->p_bad));
		mvprintw((int)y, (int)lw, "%-*.*s", (int)n, (int)(lw + n < l->w ? n : l->w - lw),
			 p->text);
		attrset(A_NORMAL);
	}
	unsigned x = lw + (tw ? tw : 1) + 2;
	if (p->note && *p->note && x + 4 < l->w) {
		attrset(p->state == TUI_P_BAD || p->state == TUI_P_WARN ? A_BOLD : A_DIM);
		mvprintw((int)y, (int)x, "%.*s", (int)(l->w - x - 1), p->note);
		attrset(A_NORMAL);
	}
}

/* The status line's undecoded-name warning (tui_status_text) in the filter
 * box's warning colour, as far as it is on screen. */
static void draw_status_warning(const struct tui_model *m, const struct tui_theme *th,
				const char *status)
{
	char w[160];
	const char *u = tui_model_filter_undecoded(m);
	if (!u)
		return;
	snprintf(w, sizeof w, TUI_UNDECODED_FMT, u);
	const char *at = strstr(status, w);
	unsigned x = at ? (unsigned)(at - status) : m->lay.w;
	if (x >= m->lay.w)
		return;
	attrset((int)th->p_warn);
	mvprintw((int)m->lay.status_y, (int)x, "%.*s", (int)(m->lay.w - x), w);
	attrset(A_NORMAL);
}

static void draw_status(const struct tui_model *m, const struct tui_theme *th,
			const struct tui_prompt *p)
{
	char b[1024];
	const struct tui_layout *l = &m->lay;
	if (!p) {
		tui_status_text(m, b, sizeof b);
		put_line((int)l->status_y, b, l->w, th->status);
		draw_status_warning(m, th, b);
		return;
	}
	snprintf(b, sizeof b, "%s%s", p->label, p->text);
	put_line((int)l->status_y, b, l->w, A_NORMAL);
	unsigned lw = (unsigned)strlen(p->label);
	draw_prompt_state(l, th, p, lw);
	if (p->hint && !*p->text && lw + 1 < l->w) { /* a hint, not text to edit */
		attrset(A_DIM);
		mvprintw((int)l->status_y, (int)lw, "%.*s", (int)(l->w - lw - 1), p->hint);
		attrset(A_NORMAL);
	}
	unsigned x = (unsigned)strlen(p->label) + p->cursor;
	move((int)l->status_y, (int)(x < l->w ? x : l->w - 1));
}

void tui_view_draw(const struct tui_model *m, const struct tui_theme *th,
		   const struct tui_prompt *prompt)
{
	erase();
	if (m->lay.too_small) {
		mvprintw(0, 0, "terminal too small: %ux%u, pktscope needs %ux%u (q quits)",
			 m->lay.w, m->lay.h, TUI_MIN_W, TUI_MIN_H);
		return;
	}
	draw_list(m, th);
	draw_tree(m, th);
	draw_hex(m, th);
	draw_status(m, th, prompt);
}
