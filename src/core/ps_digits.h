/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_digits.h - the decimal digit writer behind ps_put_u32 (out.c), inline
 * for the one caller whose every value is a number on its own: the JSON
 * renderer's u64 op (over a million numbers on a 50k-packet slice, where
 * the call, the room check and the length update of ps_out_u64 cost as much
 * as the digits).  Everyone else calls ps_put_u32 / ps_put_u64.
 */
#ifndef PS_DIGITS_H
#define PS_DIGITS_H

#include <stdint.h>
#include <string.h>

/* "00" "01" ... "99": two digits per step, which halves the work of the
 * most called formatter (seq, ack, window, lengths, ports, TS values) */
extern const char ps_digits2[200];

static inline char *ps_put2(char *d, uint32_t v)
{
	memcpy(d, ps_digits2 + 2 * v, 2);
	return d + 2;
}

/* the leading 1 or 2 digits (v < 100, no leading zero) */
static inline char *ps_put_lead(char *d, uint32_t v)
{
	if (v < 10) {
		*d = (char)('0' + v);
		return d + 1;
	}
	return ps_put2(d, v);
}

/* The digits after the leading pair come from a fixed-point fraction
 * (J. Jeaiii's method): v times ceil(2^k / 10^m) puts v / 10^m above bit k
 * and the remaining digits, in order, below it; each further pair is the
 * integer part of the fraction times 100.  A multiply and a shift per pair
 * instead of a division, no digit count, and the digits come out forwards.
 * Rounding the factor up errs by less than v * 0.3 / 2^k, which stays below
 * the 10^-(2 * pairs) that would change a digit (checked for every 32-bit
 * value when this was written). */
static inline uint32_t ps_next_pair(uint64_t *f, unsigned k)
{
	*f = (*f & ((UINT64_C(1) << k) - 1)) * 100;
	return (uint32_t)(*f >> k);
}

/* v's digits at d (at most 10 bytes); returns their end */
static inline __attribute__((always_inline)) char *ps_put_u32_inline(char *d, uint32_t v)
{
	if (v < 100)
		return ps_put_lead(d, v);
	if (v < 10000) { /* 24 fraction bits: v * 167773 < 2^31 */
		uint32_t f = v * 167773u; /* ceil(2^24 / 10^2) */
		d = ps_put_lead(d, f >> 24);
		return ps_put2(d, ((f & 0xffffffu) * 100) >> 24);
	}
	uint64_t f;
	if (v < 1000000) {
		f = v * UINT64_C(429497); /* ceil(2^32 / 10^4) */
		d = ps_put_lead(d, (uint32_t)(f >> 32));
		d = ps_put2(d, ps_next_pair(&f, 32));
		return ps_put2(d, ps_next_pair(&f, 32));
	}
	if (v < 100000000) {
		f = v * UINT64_C(281474977); /* ceil(2^48 / 10^6) */
		d = ps_put_lead(d, (uint32_t)(f >> 48));
		d = ps_put2(d, ps_next_pair(&f, 48));
		d = ps_put2(d, ps_next_pair(&f, 48));
		return ps_put2(d, ps_next_pair(&f, 48));
	}
	f = v * UINT64_C(1441151881); /* ceil(2^57 / 10^8) */
	d = ps_put_lead(d, (uint32_t)(f >> 57));
	d = ps_put2(d, ps_next_pair(&f, 57));
	d = ps_put2(d, ps_next_pair(&f, 57));
	d = ps_put2(d, ps_next_pair(&f, 57));
	return ps_put2(d, ps_next_pair(&f, 57));
}

#endif
