# SPDX-License-Identifier: BSD-2-Clause
# `make fuzz`: build the two libFuzzer harnesses with clang and run each for
# half of $(FUZZ_SECONDS) seconds:
#   fuzz_dissect   frames through the dissect driver, seeds cut from
#                  ../shared/pcaps (or samples/) and, for the application-layer
#                  decoders, ../shared/pcaps-app, packet by packet; then the
#                  frame's TCP payload through the TLS stream decoder and its
#                  QUIC header through the connection-ID tracker;
#   fuzz_pcapfile  whole files through the pcap/pcapng reader, seeds the
#                  files of ../shared/pcaps and samples/ as they are.
#
# The harness compiles the core and dissector sources itself rather than
# linking libpscore.a: that library is built by $(CC) without coverage
# instrumentation, and libFuzzer is blind to code it cannot see.  The target
# is not part of `make all` or `make check`; .ci/run calls it.
FUZZ_SECONDS = 60
# extra libFuzzer flags; -verbosity=0 keeps a CI log to the findings and stats
FUZZ_FLAGS = -verbosity=0
FUZZ_SANFLAGS = -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -g -O1
FUZZ_SRCS = $(srcdir)/tests/fuzz/fuzz_dissect.c \
	$(addprefix $(srcdir)/,$(filter %.c,$(libpscore_a_SOURCES)))
FUZZ_DEPS = $(FUZZ_SRCS) $(addprefix $(srcdir)/,$(filter %.h,$(libpscore_a_SOURCES))) \
	$(wildcard $(srcdir)/dissectors/events/*.def)
FUZZ_BIN = tests/fuzz/fuzz_dissect
FUZZ_SEEDS = tests/fuzz/seeds
FUZZ_CORPUS = tests/fuzz/corpus
# the reader alone: its sources (the read-ahead thread's too: pcapfile.c
# calls it) and the link-type table it names types with
FUZZ_PF_SRCS = $(srcdir)/tests/fuzz/fuzz_pcapfile.c $(srcdir)/src/capture/pcapfile.c \
	$(srcdir)/src/capture/pcapfile_ra.c $(srcdir)/src/capture/pcapng.c \
	$(srcdir)/src/core/linktype.c
FUZZ_PF_DEPS = $(FUZZ_PF_SRCS) $(srcdir)/src/capture/ps_pcapfile.h \
	$(srcdir)/src/capture/pcapfile_int.h $(srcdir)/src/core/ps_linktype.h
FUZZ_PF_BIN = tests/fuzz/fuzz_pcapfile
FUZZ_PF_SEEDS = tests/fuzz/seeds-pcapfile
FUZZ_PF_CORPUS = tests/fuzz/corpus-pcapfile
# whole files: larger seeds are cut to this (the cut is one more truncation case)
FUZZ_PF_MAXLEN = 65536

# hand-built pcapng seeds: interfaces with if_tsresol/if_tsoffset (no shared
# capture has them) and the reader's sanitizer findings, kept as regressions
FUZZ_PF_OWN_SEEDS = tests/fuzz/pcapfile-seeds/options-two-sections.pcapng \
	tests/fuzz/pcapfile-seeds/tsoffset-int64-max.pcapng \
	tests/fuzz/pcapfile-seeds/tsresol-1s-u64-max.pcapng \
	tests/fuzz/pcapfile-seeds/tsresol-too-fine.pcapng
EXTRA_DIST += tests/fuzz/fuzz_dissect.c tests/fuzz/fuzz_pcapfile.c tests/fuzz/make-seeds.py \
	tests/fuzz/pcapfile.dict $(FUZZ_PF_OWN_SEEDS)
CLEANFILES += $(FUZZ_BIN) $(FUZZ_PF_BIN)
clean-local: clean-fuzz
clean-fuzz:
	-rm -rf $(FUZZ_SEEDS) $(FUZZ_CORPUS) $(FUZZ_PF_SEEDS) $(FUZZ_PF_CORPUS)
.PHONY: fuzz clean-fuzz

if HAVE_FUZZ_CC
$(FUZZ_BIN): $(FUZZ_DEPS)
	@$(MKDIR_P) tests/fuzz
	$(AM_V_CC)$(FUZZ_CC) -std=c11 $(WARN_CFLAGS) $(FUZZ_SANFLAGS) $(DEFS) $(DEFAULT_INCLUDES) \
		$(AM_CPPFLAGS) $(CPPFLAGS) $(PCAP_CFLAGS) $(JSONC_CFLAGS) $(OPENSSL_CFLAGS) -o $@ $(FUZZ_SRCS) \
		$(PCAP_LIBS) $(JSONC_LIBS) $(PTHREAD_LIBS) $(OPENSSL_LIBS)

$(FUZZ_PF_BIN): $(FUZZ_PF_DEPS)
	@$(MKDIR_P) tests/fuzz
	$(AM_V_CC)$(FUZZ_CC) -std=c11 $(WARN_CFLAGS) $(FUZZ_SANFLAGS) $(DEFS) $(DEFAULT_INCLUDES) \
		$(AM_CPPFLAGS) $(CPPFLAGS) -o $@ $(FUZZ_PF_SRCS) $(PTHREAD_LIBS)

# Seeds are rebuilt every run (cheap); the corpus of new finds is kept between
# runs.  libFuzzer exits non-zero on a crash, leak, timeout or OOM, leaving the
# reproducer as fuzz-crash-* (or fuzz-timeout-*, fuzz-oom-*) in this directory:
# ./tests/fuzz/fuzz_dissect fuzz-crash-... (or fuzz_pcapfile fuzz-pcapfile-crash-...)
# replays it.  Each harness gets half the time, so the total stays FUZZ_SECONDS.
FUZZ_HALF = $$(( ($(FUZZ_SECONDS) + 1) / 2 ))
fuzz: $(FUZZ_BIN) $(FUZZ_PF_BIN)
	@rm -rf $(FUZZ_SEEDS) $(FUZZ_PF_SEEDS)
	@$(MKDIR_P) $(FUZZ_SEEDS) $(FUZZ_CORPUS) $(FUZZ_PF_SEEDS) $(FUZZ_PF_CORPUS)
	@src=$(top_srcdir)/../shared/pcaps; \
	 if test ! -d "$$src"; then src=$(top_srcdir)/samples; \
	   echo "make fuzz: $(top_srcdir)/../shared/pcaps not found, seeding from samples/"; fi; \
	 python3 $(srcdir)/tests/fuzz/make-seeds.py "$$src" $(FUZZ_SEEDS); \
	 app=$(top_srcdir)/../shared/pcaps-app; \
	 if test -d "$$app"; then python3 $(srcdir)/tests/fuzz/make-seeds.py "$$app" $(FUZZ_SEEDS); fi; \
	 cp "$$src"/*.pcap* $(top_srcdir)/samples/*.pcap* $(addprefix $(srcdir)/,$(FUZZ_PF_OWN_SEEDS)) \
	   $(FUZZ_PF_SEEDS)/
	./$(FUZZ_BIN) -max_total_time=$(FUZZ_HALF) -rss_limit_mb=2048 -timeout=10 \
		-artifact_prefix=$(abs_top_builddir)/fuzz- -print_final_stats=1 $(FUZZ_FLAGS) \
		$(FUZZ_CORPUS) $(FUZZ_SEEDS)
	./$(FUZZ_PF_BIN) -max_total_time=$(FUZZ_HALF) -rss_limit_mb=2048 -timeout=10 \
		-max_len=$(FUZZ_PF_MAXLEN) -dict=$(srcdir)/tests/fuzz/pcapfile.dict \
		-artifact_prefix=$(abs_top_builddir)/fuzz-pcapfile- \
		-print_final_stats=1 $(FUZZ_FLAGS) $(FUZZ_PF_CORPUS) $(FUZZ_PF_SEEDS)
else
fuzz:
	@echo "make fuzz: configure found no clang, which libFuzzer needs:"; \
	 echo "  apt-get install clang, then re-run configure"; exit 1
endif

# ---- fuzz_dfilter: the display-filter parser and evaluator ----
# `make fuzz-dfilter`: seeds are the expressions of tests/e2e/dfilter_exprs*.txt.
# `make fuzz` runs it for FUZZ_DF_SECONDS after the other targets.
FUZZ_DF_SECONDS = 15
FUZZ_DF_BIN = tests/fuzz/fuzz_dfilter
FUZZ_DF_SRCS = $(srcdir)/tests/fuzz/fuzz_dfilter.c \
	$(addprefix $(srcdir)/,$(filter %.c,$(libpscore_a_SOURCES) $(libpsfilter_a_SOURCES)))
FUZZ_DF_DEPS = $(FUZZ_DF_SRCS) $(addprefix $(srcdir)/,$(filter %.h %.def %.inc,$(libpscore_a_SOURCES) \
	$(libpsfilter_a_SOURCES)))
EXTRA_DIST += tests/fuzz/fuzz_dfilter.c
CLEANFILES += $(FUZZ_DF_BIN)
.PHONY: fuzz-dfilter
if HAVE_FUZZ_CC
$(FUZZ_DF_BIN): $(FUZZ_DF_DEPS)
	@$(MKDIR_P) tests/fuzz
	$(AM_V_CC)$(FUZZ_CC) -std=c11 $(WARN_CFLAGS) $(FUZZ_SANFLAGS) $(DEFS) $(DEFAULT_INCLUDES) \
		$(AM_CPPFLAGS) $(CPPFLAGS) $(PCAP_CFLAGS) $(PCRE2_CFLAGS) $(OPENSSL_CFLAGS) -o $@ \
		$(FUZZ_DF_SRCS) $(PCAP_LIBS) $(PCRE2_LIBS) $(OPENSSL_LIBS)

fuzz-dfilter: $(FUZZ_DF_BIN)
	@rm -rf tests/fuzz/seeds-dfilter; $(MKDIR_P) tests/fuzz/seeds-dfilter tests/fuzz/corpus-dfilter
	@n=0; cat $(srcdir)/tests/e2e/dfilter_exprs.txt $(srcdir)/tests/e2e/dfilter_exprs_syntax.txt | \
	 grep -v '^#' | sed 's/^app|//; s/^error|//; s/^alias|\([^|]*\)|.*/\1/' | \
	 while IFS= read -r line; do n=$$((n + 1)); printf '%s' "$$line" > tests/fuzz/seeds-dfilter/$$n; done
	./$(FUZZ_DF_BIN) -max_total_time=$(FUZZ_DF_SECONDS) -rss_limit_mb=2048 -timeout=10 \
		-artifact_prefix=$(abs_top_builddir)/fuzz-dfilter- -print_final_stats=1 $(FUZZ_FLAGS) \
		tests/fuzz/corpus-dfilter tests/fuzz/seeds-dfilter
fuzz: fuzz-dfilter
else
fuzz-dfilter:
	@echo "make fuzz-dfilter: configure found no clang, which libFuzzer needs"; exit 1
endif

# ---- fuzz_reasm: TCP reassembly, TCP analysis and IP defragmentation ----
# Random segment and fragment sequences (no seeds: the input is a list of
# operations, see tests/fuzz/fuzz_reasm.c).  `make fuzz` runs it first, for
# its share of the time; `make fuzz-reasm` alone.  Same instrumentation
# reason as above for compiling the sources here.
FUZZ_REASM_SECONDS = 20
FUZZ_REASM_SRCS = $(srcdir)/tests/fuzz/fuzz_reasm.c $(srcdir)/src/reasm/tcp_reasm.c \
	$(srcdir)/src/reasm/tcp_analysis.c $(srcdir)/src/reasm/ip_defrag.c \
	$(srcdir)/src/core/events.c
FUZZ_REASM_DEPS = $(FUZZ_REASM_SRCS) $(wildcard $(srcdir)/src/reasm/*.h) \
	$(wildcard $(srcdir)/dissectors/events/*.def)
FUZZ_REASM_BIN = tests/fuzz/fuzz_reasm
FUZZ_REASM_CORPUS = tests/fuzz/corpus-reasm

EXTRA_DIST += tests/fuzz/fuzz_reasm.c
CLEANFILES += $(FUZZ_REASM_BIN)
clean-local: clean-fuzz-reasm
clean-fuzz-reasm:
	-rm -rf $(FUZZ_REASM_CORPUS)
.PHONY: fuzz-reasm clean-fuzz-reasm

if HAVE_FUZZ_CC
$(FUZZ_REASM_BIN): $(FUZZ_REASM_DEPS)
	@$(MKDIR_P) tests/fuzz
	$(AM_V_CC)$(FUZZ_CC) -std=c11 $(WARN_CFLAGS) $(FUZZ_SANFLAGS) $(DEFS) $(DEFAULT_INCLUDES) \
		$(AM_CPPFLAGS) $(CPPFLAGS) -o $@ $(FUZZ_REASM_SRCS)

fuzz-reasm: $(FUZZ_REASM_BIN)
	@$(MKDIR_P) $(FUZZ_REASM_CORPUS)
	./$(FUZZ_REASM_BIN) -max_total_time=$(FUZZ_REASM_SECONDS) -rss_limit_mb=2048 -timeout=10 \
		-max_len=4096 -artifact_prefix=$(abs_top_builddir)/fuzz-reasm- -print_final_stats=1 \
		$(FUZZ_FLAGS) $(FUZZ_REASM_CORPUS)
fuzz: fuzz-reasm
else
fuzz-reasm: fuzz
endif
