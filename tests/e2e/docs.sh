#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The documentation lists every event the program can emit: docs/events.md
# must be what scripts/gen-events-doc.py makes from dissectors/events/*.def.
set -u
top_srcdir=${top_srcdir:-.}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
python3 "$top_srcdir/scripts/gen-events-doc.py" "$top_srcdir" >"$tmp" || exit 1
if ! diff -u "$top_srcdir/docs/events.md" "$tmp"; then
	echo "docs/events.md is stale: run scripts/gen-events-doc.py . > docs/events.md"
	exit 1
fi
n=$(grep -c '^| `' "$tmp")
echo "docs/events.md lists all $n events"
