/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_hex.h - the value of one hex digit, for every parser that reads hex
 * text (display-filter escapes and byte literals, HTTP chunk sizes,
 * pktscope-gen's keys). */
#ifndef PS_HEX_H
#define PS_HEX_H

/* 0-15 for 0-9, a-f, A-F; -1 for any other character. */
static inline int ps_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
