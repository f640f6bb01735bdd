/* SPDX-License-Identifier: BSD-2-Clause */
/* text_time.c - tcpdump's other time stamp formats for the text renderer:
 *   -ttt    delta from the previous packet   " HH:MM:SS.ffffff"
 *   -tttt   date and local time              "YYYY-MM-DD HH:MM:SS.ffffff"
 *   -ttttt  delta from the first packet      " HH:MM:SS.ffffff"
 * As tcpdump prints them (a delta has a leading space, or '-' when time went
 * backwards; hours are not wrapped at 24); 9 fraction digits for nanosecond
 * captures, as the other formats. */
#include <time.h>

#include "ps_render.h"

/* ts as one count of fraction units (micro- or nanoseconds) */
static int64_t units(const struct ps_packet *p, int64_t sec, uint32_t frac)
{
	return sec * (p->ts_nano ? 1000000000 : 1000000) + frac;
}

static void put_delta(struct ps_out *o, const struct ps_packet *p, int64_t d)
{
	int64_t per = p->ts_nano ? 1000000000 : 1000000;
	uint64_t a = d < 0 ? (uint64_t)-d : (uint64_t)d;
	uint64_t s = a / (uint64_t)per;

	ps_out_char(o, d < 0 ? '-' : ' ');
	ps_out_u64_pad(o, s / 3600, 2, '0');
	ps_out_char(o, ':');
	ps_out_u64_pad(o, s / 60 % 60, 2, '0');
	ps_out_char(o, ':');
	ps_out_u64_pad(o, s % 60, 2, '0');
	ps_out_char(o, '.');
	ps_out_u64_pad(o, a % (uint64_t)per, p->ts_nano ? 9 : 6, '0');
}

static void put_date(struct ps_out *o, const struct ps_packet *p)
{
	time_t t = (time_t)p->ts_sec;
	struct tm tm;

	if (!localtime_r(&t, &tm))
		memset(&tm, 0, sizeof tm);
	ps_out_i64(o, (int64_t)tm.tm_year + 1900);
	ps_out_char(o, '-');
	ps_out_u64_pad(o, (unsigned)tm.tm_mon + 1, 2, '0');
	ps_out_char(o, '-');
	ps_out_u64_pad(o, (unsigned)tm.tm_mday, 2, '0');
	ps_out_char(o, ' ');
	ps_out_u64_pad(o, (unsigned)tm.tm_hour, 2, '0');
	ps_out_char(o, ':');
	ps_out_u64_pad(o, (unsigned)tm.tm_min, 2, '0');
	ps_out_char(o, ':');
	ps_out_u64_pad(o, (unsigned)tm.tm_sec, 2, '0');
	ps_out_char(o, '.');
	ps_out_u64_pad(o, p->ts_frac, p->ts_nano ? 9 : 6, '0');
}

void ps_render_time_more(struct ps_renderer *r, const struct ps_packet *p)
{
	struct ps_time_cache *c = &r->tc;
	int64_t now = units(p, p->ts_sec, p->ts_frac);

	if (!c->have_first) { /* the first packet is its own reference */
		c->have_first = true;
		c->first = c->prev = now;
	}
	switch (r->opts->time_fmt) {
	case PS_TIME_DELTA:
		put_delta(r->out, p, now - c->prev);
		break;
	case PS_TIME_DATE:
		put_date(r->out, p);
		break;
	case PS_TIME_SINCE_FIRST:
		put_delta(r->out, p, now - c->first);
		break;
	default:
		break;
	}
	c->prev = now;
	ps_out_char(r->out, ' ');
}
