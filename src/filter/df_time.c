/* SPDX-License-Identifier: BSD-2-Clause */
/* df_time.c - absolute times (frame.time) as tshark 4.0 reads and prints
 * them: date literals in filters, "Oct 19, 2014 19:16:56.346456000 UTC" in
 * -T fields (local time, as tshark). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "df_int.h"
#include "ps_out.h"

/* The forms tshark 4.0 accepts, longest first: a shorter one would match
 * the start of a longer literal and leave the rest unread. */
static const char *const date_forms[] = {
	"%b %d, %Y %H:%M:%S", "%b %d, %Y %H:%M", "%b %d, %Y",
	"%Y-%m-%dT%H:%M:%S",  "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M",
	"%Y-%m-%d %H:%M",     "%Y-%m-%d",
};

/* ".123" after the seconds: nanoseconds; *s moves past it. */
static uint32_t date_frac(const char **s)
{
	uint32_t ns = 0, digits = 0;
	if (**s != '.')
		return 0;
	for ((*s)++; **s >= '0' && **s <= '9'; (*s)++)
		if (digits < 9) {
			ns = ns * 10 + (uint32_t)(**s - '0');
			digits++;
		}
	for (; digits < 9; digits++)
		ns *= 10;
	return ns;
}

int df_date_parse(const char *s, size_t n, struct df_val *out)
{
	char buf[80];
	if (n >= sizeof buf)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	for (size_t k = 0; k < sizeof date_forms / sizeof date_forms[0]; k++) {
		struct tm tm;
		memset(&tm, 0, sizeof tm);
		const char *e = strptime(buf, date_forms[k], &tm);
		if (!e)
			continue;
		uint32_t ns = strstr(date_forms[k], "%S") ? date_frac(&e) : 0;
		while (*e == ' ')
			e++;
		bool utc = !strcmp(e, "Z") || !strcmp(e, "UTC");
		if (*e && !utc)
			continue;
		tm.tm_isdst = -1;
		time_t t = utc ? timegm(&tm) : mktime(&tm);
		out->type = DF_T_TIME;
		out->v.t.sec = (int64_t)t;
		out->v.t.ns = ns;
		return 0;
	}
	return -1;
}

void df_date_format(const struct df_val *v, struct ps_out *o)
{
	time_t t = (time_t)v->v.t.sec;
	struct tm tm;
	char buf[64];
	if (!localtime_r(&t, &tm) || !strftime(buf, sizeof buf, "%b %e, %Y %H:%M:%S", &tm)) {
		PS_OUT_LIT(o, "Not representable");
		return;
	}
	ps_out_str(o, buf);
	ps_out_char(o, '.');
	ps_out_u64_pad(o, v->v.t.ns, 9, '0');
	if (strftime(buf, sizeof buf, " %Z", &tm))
		ps_out_str(o, buf);
}
