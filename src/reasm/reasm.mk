# SPDX-License-Identifier: BSD-2-Clause
# src/reasm: TCP stream reassembly, tshark's TCP analysis flags and IPv4/IPv6
# defragmentation.  Self-contained engines: they know no flow table (the
# caller owns one stream per direction) and print nothing but the -q lines.
libpscore_a_SOURCES += \
	src/reasm/tcp_reasm.h src/reasm/tcp_reasm.c \
	src/reasm/tcp_analysis.h src/reasm/tcp_analysis.c \
	src/reasm/ip_defrag.h src/reasm/ip_defrag.c \
	src/reasm/reasm_stats.h src/reasm/reasm_stats.c \
	src/reasm/reasm_record.h src/reasm/reasm_record.c \
	src/reasm/defrag_feed.h src/reasm/defrag_feed.c
