# SPDX-License-Identifier: BSD-2-Clause
# `make fuzz`: build the libFuzzer harness with clang and run it for
# $(FUZZ_SECONDS) seconds on seeds cut from ../shared/pcaps (or samples/) and,
# for the application-layer decoders, ../shared/pcaps-app.
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

EXTRA_DIST += tests/fuzz/fuzz_dissect.c tests/fuzz/make-seeds.py
CLEANFILES += $(FUZZ_BIN)
clean-local: clean-fuzz
clean-fuzz:
	-rm -rf $(FUZZ_SEEDS) $(FUZZ_CORPUS)
.PHONY: fuzz clean-fuzz

if HAVE_FUZZ_CC
$(FUZZ_BIN): $(FUZZ_DEPS)
	@$(MKDIR_P) tests/fuzz
	$(AM_V_CC)$(FUZZ_CC) -std=c11 $(WARN_CFLAGS) $(FUZZ_SANFLAGS) $(DEFS) $(DEFAULT_INCLUDES) \
		$(AM_CPPFLAGS) $(CPPFLAGS) $(PCAP_CFLAGS) $(JSONC_CFLAGS) -o $@ $(FUZZ_SRCS) \
		$(PCAP_LIBS) $(JSONC_LIBS) $(PTHREAD_LIBS)

# Seeds are rebuilt every run (cheap); the corpus of new finds is kept between
# runs.  libFuzzer exits non-zero on a crash, leak, timeout or OOM, leaving the
# reproducer as fuzz-crash-* (or fuzz-timeout-*, fuzz-oom-*) in this directory:
# ./tests/fuzz/fuzz_dissect fuzz-crash-... replays it.
fuzz: $(FUZZ_BIN)
	@rm -rf $(FUZZ_SEEDS); $(MKDIR_P) $(FUZZ_SEEDS) $(FUZZ_CORPUS)
	@src=$(top_srcdir)/../shared/pcaps; \
	 if test ! -d "$$src"; then src=$(top_srcdir)/samples; \
	   echo "make fuzz: $(top_srcdir)/../shared/pcaps not found, seeding from samples/"; fi; \
	 python3 $(srcdir)/tests/fuzz/make-seeds.py "$$src" $(FUZZ_SEEDS); \
	 app=$(top_srcdir)/../shared/pcaps-app; \
	 if test -d "$$app"; then python3 $(srcdir)/tests/fuzz/make-seeds.py "$$app" $(FUZZ_SEEDS); fi
	./$(FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10 \
		-artifact_prefix=$(abs_top_builddir)/fuzz- -print_final_stats=1 $(FUZZ_FLAGS) \
		$(FUZZ_CORPUS) $(FUZZ_SEEDS)
else
fuzz:
	@echo "make fuzz: configure found no clang, which libFuzzer needs:"; \
	 echo "  apt-get install clang, then re-run configure"; exit 1
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
