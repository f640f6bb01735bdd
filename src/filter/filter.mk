# SPDX-License-Identifier: BSD-2-Clause
# Display filters (-Y) and field output (-T fields): lexer, parser with the
# semantic check, the field table (df_fields.def, which also generates
# docs/fields.md), getters, evaluator.  Above core and dissectors, below the
# CLI and the TUI; the only user of PCRE2.
noinst_LIBRARIES += libpsfilter.a
libpsfilter_a_CFLAGS = $(AM_CFLAGS) $(PCRE2_CFLAGS)
libpsfilter_a_SOURCES = \
	src/filter/ps_dfilter.h src/filter/df_int.h src/filter/df_lex.h \
	src/filter/df_fields.def \
	src/filter/df_lex.c src/filter/df_parse.c src/filter/df_eval.c \
	src/filter/df_fields.c src/filter/df_path.c src/filter/df_value.c \
	src/filter/df_print.c \
	src/filter/df_expr.h src/filter/df_expr.c src/filter/df_parser.h src/filter/df_parse_base.c \
	src/filter/df_parse_x.c \
	src/filter/df_get.h src/filter/df_get_dns.c src/filter/df_get_frame.c \
	src/filter/df_get_http.c \
	src/filter/df_get_tcp.c src/filter/df_get_addr.c src/filter/df_time.c \
	src/filter/df_wsnames.h src/filter/df_wsnames.c src/filter/df_wsnames.inc \
	src/filter/df_vstr.h src/filter/df_vstr.c src/filter/df_vstr.inc
