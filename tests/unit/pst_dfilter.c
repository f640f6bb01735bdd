/* SPDX-License-Identifier: BSD-2-Clause */
/* pst_dfilter.c - display-filter checks the dfilter suites share. */
#include <stdio.h>
#include <string.h>

#include "ps_dfilter.h"
#include "ps_test.h"
#include "pst_dfilter.h"

bool pst_df_match(const char *expr, const struct ps_packet *p)
{
	struct ps_dfilter *f = 0;
	struct ps_dfilter_err e;
	if (ps_dfilter_compile(expr, &f, &e)) {
		fprintf(stderr, "\n  %s: %s at %u\n", expr, e.msg, e.col);
		CU_FAIL("does not compile");
		return false;
	}
	bool r = ps_dfilter_match(f, p);
	ps_dfilter_free(f);
	return r;
}

void pst_df_err_at(const char *expr, unsigned col, unsigned len, const char *part)
{
	struct ps_dfilter *f = 0;
	struct ps_dfilter_err e;
	CU_ASSERT_EQUAL(ps_dfilter_compile(expr, &f, &e), -1);
	CU_ASSERT_EQUAL(e.col, col);
	CU_ASSERT_EQUAL(e.len, len);
	CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, part));
	if (e.col != col || e.len != len || !strstr(e.msg, part))
		fprintf(stderr, "\n  %s: got \"%s\" at %u+%u\n", expr, e.msg, e.col, e.len);
	ps_dfilter_free(f);
}
