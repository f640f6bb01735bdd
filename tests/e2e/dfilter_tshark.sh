#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# -Y and -T fields against tshark -Y on ../shared/pcaps and ../shared/pcaps-app
# (dfilter_tshark.py does the work; exit 77 = skip without tshark/captures).
set -u
top_srcdir=${top_srcdir:-.}
for t in tshark mergecap capinfos python3; do
	command -v "$t" >/dev/null || { echo "SKIP: $t missing"; exit 77; }
done
exec python3 "$top_srcdir/tests/e2e/dfilter_tshark.py"
