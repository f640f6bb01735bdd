/* SPDX-License-Identifier: BSD-2-Clause */
/* errline.h - one escaped line on stderr (errline.c). */
#ifndef PS_ERRLINE_H
#define PS_ERRLINE_H

#include <stddef.h>

/* Copy in to out (outlen bytes, always terminated) with controls, DEL, C1
 * controls and non-UTF-8 bytes as \xNN; stops before a sequence that would
 * not fit.  Returns the length written. */
size_t ps_escape(char *out, size_t outlen, const char *in);

/* "pktscope: " + the formatted message, escaped, + "\n" on stderr. */
void ps_errf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
