/* SPDX-License-Identifier: BSD-2-Clause */
/* pktscope-gen selftest: time bounds and result rows, the bottom layer
 * every other selftest file builds on. */
#include "gen_selftest.h"
#include "gen_signal.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

int64_t st_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* While cleaning up (e->deadline == 0) steps get their full bound: removing
 * the namespaces must not be cut short by the timeout or a second ^C. */
long long st_left(const struct st_env *e, long long ms)
{
	long long rest;

	if (!e->deadline)
		return ms;
	rest = e->deadline - st_now_ms();
	return rest < 0 ? 0 : rest < ms ? rest : ms;
}

int st_stopping(const struct st_env *e)
{
	return e->deadline && (gen_signal_stopping() || st_now_ms() >= e->deadline);
}

void st_row(struct st_env *e, enum st_status s, const char *name, const char *fmt, ...)
{
	struct st_row *r;
	va_list ap;

	if (e->nrows == ST_MAX_ROWS)
		return;
	r = &e->rows[e->nrows++];
	r->status = s;
	snprintf(r->name, sizeof r->name, "%s", name);
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof r->reason, fmt, ap);
	va_end(ap);
	if (e->verbose)
		fprintf(stderr, "selftest: %s %s %s\n", s == ST_PASS ? "pass" : s == ST_FAIL ? "FAIL" : "skip",
			r->name, r->reason);
}
