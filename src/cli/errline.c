/* SPDX-License-Identifier: BSD-2-Clause */
/* errline.c - the one way pktscope writes a line to stderr: "pktscope: "
 * and the message with every byte a terminal would act on escaped.  File
 * names, interface names and filter text come from the user (or from
 * whoever named the file) and must not reach the terminal as escape
 * sequences: controls, DEL, C1 controls and bytes that are not UTF-8 become
 * \xNN; well-formed UTF-8 text is kept. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "errline.h"

/* Length of the well-formed, non-control UTF-8 sequence at s (0 if none). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;

	if (len == 0 || len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if (len == 2 && s[0] == 0xc2 && s[1] < 0xa0) /* U+0080..U+009F: C1 controls */
		return 0;
	return len;
}

size_t ps_escape(char *out, size_t outlen, const char *in)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t n = strlen(in), o = 0;

	if (outlen == 0)
		return 0;
	for (size_t i = 0; i < n;) {
		size_t u = s[i] >= 0x80 ? utf8_len(s + i, n - i) : 0;
		size_t need = u ? u : (s[i] < 0x20 || s[i] == 0x7f || s[i] >= 0x80) ? 4 : 1;

		if (o + need >= outlen)
			break;
		if (u) {
			memcpy(out + o, s + i, u);
			i += u;
		} else if (need == 4) {
			snprintf(out + o, 5, "\\x%02x", s[i++]);
		} else {
			out[o] = (char)s[i++];
		}
		o += need;
	}
	out[o] = '\0';
	return o;
}

void ps_errf(const char *fmt, ...)
{
	char msg[1024], esc[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ps_escape(esc, sizeof esc, msg);
	fprintf(stderr, "pktscope: %s\n", esc);
}
