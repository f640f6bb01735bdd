#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# docs/fields.md must be what scripts/gen-fields-doc.py makes from
# src/filter/df_fields.def (the one field table of -Y and -T fields).
set -u
top_srcdir=${top_srcdir:-.}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
python3 "$top_srcdir/scripts/gen-fields-doc.py" "$top_srcdir" >"$tmp" || exit 1
if ! diff -u "$top_srcdir/docs/fields.md" "$tmp"; then
	echo "docs/fields.md is stale: run scripts/gen-fields-doc.py . > docs/fields.md"
	exit 1
fi
echo "docs/fields.md lists all $(grep -c '^| `' "$tmp") fields and aliases"
