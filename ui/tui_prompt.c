/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_prompt.c - the prompt's line editor: editing keys, filter history,
 * field-name completion from the display-filter table (ps_dfield_info). */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ps_dfilter.h"
#include "tui_prompt.h"

void tui_edit_set(struct tui_edit *e, const char *text)
{
	snprintf(e->buf, sizeof e->buf, "%s", text);
	e->len = e->cur = (unsigned)strlen(e->buf);
	e->hpos = -1;
	e->cycle = -1;
}

void tui_edit_remember(struct tui_edit *e, const char *text)
{
	if (!*text || (e->nhist && !strcmp(e->hist[e->nhist - 1], text)))
		return;
	if (e->nhist == TUI_EDIT_HIST)
		memmove(e->hist[0], e->hist[1], (TUI_EDIT_HIST - 1) * sizeof e->hist[0]);
	else
		e->nhist++;
	snprintf(e->hist[e->nhist - 1], sizeof e->hist[0], "%s", text);
}

/* Replace buf[from, cur) with s (as much as fits); the cursor after it. */
static void replace(struct tui_edit *e, unsigned from, const char *s)
{
	size_t n = strlen(s), tail = e->len - e->cur;
	if (from + n + tail + 1 > sizeof e->buf)
		return;
	memmove(e->buf + from + n, e->buf + e->cur, tail + 1);
	memcpy(e->buf + from, s, n);
	e->cur = from + (unsigned)n;
	e->len = (unsigned)(from + n + tail);
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

/* The k-th field name starting with stem (table order), NULL past the last. */
static const char *candidate(const char *stem, unsigned k)
{
	struct ps_dfield_info fi;
	size_t n = strlen(stem);
	for (unsigned i = 0; ps_dfield_info(i, &fi); i++)
		if (!strncmp(fi.name, stem, n) && k-- == 0)
			return fi.name;
	return 0;
}

/* Tab: complete the word before the cursor. */
static enum tui_edit_res complete(struct tui_edit *e, char *msg, size_t msglen)
{
	unsigned from = e->cur;
	while (from && name_char(e->buf[from - 1]))
		from--;
	if (e->cycle >= 0) { /* Tab again: the next candidate */
		const char *c = candidate(e->stem, (unsigned)++e->cycle);
		if (!c)
			c = candidate(e->stem, (unsigned)(e->cycle = 0));
		replace(e, from, c);
		snprintf(msg, msglen, "Tab: next field starting with \"%s\"", e->stem);
		return TUI_E_CHANGED;
	}
	char stem[sizeof e->stem], lcp[sizeof e->stem];
	if (e->cur - from >= sizeof stem)
		return TUI_E_NONE;
	memcpy(stem, e->buf + from, e->cur - from);
	stem[e->cur - from] = 0;
	unsigned count = 0;
	size_t lcplen = 0, used = 0;
	for (const char *c; (c = candidate(stem, count)); count++) {
		if (!count) {
			snprintf(lcp, sizeof lcp, "%s", c);
			lcplen = strlen(lcp);
		}
		while (lcplen && strncmp(lcp, c, lcplen))
			lcplen--;
		if (used + strlen(c) + 2 < msglen && count < 12)
			used += (size_t)snprintf(msg + used, msglen - used, "%s%s", count ? " " : "", c);
	}
	lcp[lcplen] = 0;
	if (!count) {
		/* tshark's names of protocols not decoded here are not offered (a
		 * completed name would look supported) but are not "unknown" either */
		if (*stem && ps_dfilter_undecoded_prefix(stem))
			snprintf(msg, msglen, "no decoded field starts with \"%s\" (tshark's names "
				 "compile, but pktscope does not decode them)", stem);
		else
			snprintf(msg, msglen, "no field starts with \"%s\"", stem);
		return TUI_E_NONE;
	}
	if (count == 1 || lcplen > strlen(stem)) {
		replace(e, from, lcp);
		if (count == 1)
			msg[0] = 0;
		return TUI_E_CHANGED;
	}
	snprintf(e->stem, sizeof e->stem, "%s", stem); /* nothing to add: Tab cycles */
	e->cycle = 0;
	replace(e, from, candidate(stem, 0));
	return TUI_E_CHANGED;
}

/* Up (-1) / Down (+1) through the history; the draft is kept below it. */
static enum tui_edit_res history(struct tui_edit *e, int dir)
{
	int pos = e->hpos < 0 ? (int)e->nhist : e->hpos;
	pos += dir;
	if (pos < 0 || pos > (int)e->nhist || (e->hpos < 0 && dir > 0))
		return TUI_E_NONE;
	if (e->hpos < 0)
		snprintf(e->draft, sizeof e->draft, "%s", e->buf);
	const char *s = pos == (int)e->nhist ? e->draft : e->hist[pos];
	snprintf(e->buf, sizeof e->buf, "%s", s);
	e->len = e->cur = (unsigned)strlen(e->buf);
	e->hpos = pos == (int)e->nhist ? -1 : pos;
	return TUI_E_CHANGED;
}

static enum tui_edit_res edit(struct tui_edit *e, int ch)
{
	if ((ch == KEY_BACKSPACE || ch == 127 || ch == 8) && e->cur) {
		memmove(e->buf + e->cur - 1, e->buf + e->cur, e->len - e->cur + 1);
		e->cur--;
		e->len--;
	} else if (ch == KEY_DC && e->cur < e->len) {
		memmove(e->buf + e->cur, e->buf + e->cur + 1, e->len - e->cur);
		e->len--;
	} else if (ch == 21) { /* Ctrl-U */
		e->len = e->cur = 0;
		e->buf[0] = 0;
	} else if (ch >= 0x20 && ch < 0x7f && e->len + 1 < sizeof e->buf) {
		memmove(e->buf + e->cur + 1, e->buf + e->cur, e->len - e->cur + 1);
		e->buf[e->cur++] = (char)ch;
		e->len++;
	} else {
		if (ch == KEY_LEFT && e->cur)
			e->cur--;
		else if (ch == KEY_RIGHT && e->cur < e->len)
			e->cur++;
		else if (ch == KEY_HOME || ch == 1)
			e->cur = 0;
		else if (ch == KEY_END || ch == 5)
			e->cur = e->len;
		return TUI_E_NONE;
	}
	return TUI_E_CHANGED;
}

enum tui_edit_res tui_edit_key(struct tui_edit *e, int ch, bool filter, char *msg, size_t msglen)
{
	msg[0] = 0;
	if (ch == 27)
		return TUI_E_CANCEL;
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER)
		return TUI_E_APPLY;
	if (filter && ch == '\t')
		return complete(e, msg, msglen);
	e->cycle = -1;
	if (filter && (ch == KEY_UP || ch == KEY_DOWN))
		return history(e, ch == KEY_UP ? -1 : 1);
	return edit(e, ch);
}
