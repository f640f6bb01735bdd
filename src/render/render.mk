# SPDX-License-Identifier: BSD-2-Clause
# Renderers: tcpdump-like text, NDJSON and the -q summary.  They read the
# finished packet record and never re-parse bytes.
libpscore_a_SOURCES += \
	src/render/ps_render.h src/render/render.c src/render/render_text.c src/render/text_time.c src/render/text_ascii.c src/render/json_extra.c src/render/render_json.c src/render/render_ek.c \
	src/render/ps_stats.h src/render/stats.c
