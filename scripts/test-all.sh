#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The whole test suite, as README.md gives it and .ci/run runs it:
#   1. build and `make check` (unit, golden, oracle, end-to-end tests)
#   2. the same suite built with AddressSanitizer + UBSan (zero reports allowed)
#   3. the libFuzzer harnesses: dissect driver and capture-file reader
#      (FUZZ_SECONDS, default 60, split between them, seeded from ../shared),
#      then reassembly/defragmentation (20 s) and the display-filter parser (15 s)
# Build trees: build/ and build-asan/ (out of tree).  Run as root for the
# network-namespace tests; without root they are skipped and say so.
set -eu
cd "$(dirname "$0")/.."
SRC=$(pwd)
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
[ -x configure ] || autoreconf -fi

step() { printf '\n===== %s\n' "$*"; }

step "build + make check"
mkdir -p build
(cd build && { [ -f Makefile ] || "$SRC/configure" -q; } && make -s -j"$JOBS" && make -j"$JOBS" check) || {
	cat build/test-suite.log 2>/dev/null | tail -200; exit 1; }

if [ "${SKIP_ASAN:-0}" != 1 ]; then
	step "ASan + UBSan build + make check"
	mkdir -p build-asan
	(cd build-asan && { [ -f Makefile ] || "$SRC/configure" -q --enable-sanitizers; } &&
		make -s -j"$JOBS" &&
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		make -j"$JOBS" check) || { cat build-asan/test-suite.log 2>/dev/null | tail -200; exit 1; }
fi

if [ "${FUZZ_SECONDS:-60}" != 0 ]; then
	step "libFuzzer: ${FUZZ_SECONDS:-60} s"
	(cd build && make -s fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-60}")
fi

step "summary"
python3 - build build-asan <<'PY'
import glob, sys
p = f = s = 0
for d in sys.argv[1:]:
    for t in glob.glob(d + "/**/*.trs", recursive=True):
        for line in open(t):
            if line.startswith(":test-result:"):
                r = line.split()[1]
                p += r in ("PASS", "XFAIL"); f += r in ("FAIL", "XPASS", "ERROR"); s += r == "SKIP"
print("%d passed, %d failed, %d skipped" % (p, f, s))
sys.exit(1 if f else 0)
PY
