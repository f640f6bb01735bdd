#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# -Y/-e runs that skip the flow stage select and print what a full run does
# (dfilter_stages.py; exit 77 = skip without mergecap or the shared captures).
set -u
top_srcdir=${top_srcdir:-.}
for t in mergecap python3; do
	command -v "$t" >/dev/null || { echo "SKIP: $t missing"; exit 77; }
done
exec python3 "$top_srcdir/tests/e2e/dfilter_stages.py"
