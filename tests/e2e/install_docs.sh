#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# install_docs.sh - every file pktscope.1 names is installed where the
# installed man page says it is (issue 12, item 13: SCHEMA.md was named but
# never installed).  Installs into a scratch DESTDIR.
set -u
top_builddir=${top_builddir:-.}
[ -f "$top_builddir/Makefile" ] || { echo "SKIP: no Makefile in $top_builddir"; exit 77; }
command -v man >/dev/null || { echo "SKIP: no man"; exit 77; }
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
make -s -C "$top_builddir" install DESTDIR="$dest" >"$dest/log" 2>&1 || { cat "$dest/log"; echo "FAIL: make install"; exit 1; }
page=$(find "$dest" -path '*/man1/pktscope.1' | head -1)
[ -n "$page" ] || { echo "FAIL: pktscope.1 not installed"; exit 1; }
bad=0 n=0
# every absolute path the page names as a file (.I /...)
for f in $(sed -n 's/^\.IR* \(\/[^ ,]*\).*/\1/p' "$page" | sort -u); do
	n=$((n + 1))
	if [ -s "$dest$f" ]; then echo "ok: $f installed"; else echo "FAIL: the man page names $f, not installed"; bad=1; fi
done
[ "$n" -ge 2 ] || { echo "FAIL: the man page names $n files (SCHEMA.md, events.md expected)"; bad=1; }
grep -q 'SCHEMA.md' "$page" || { echo "FAIL: no SCHEMA.md reference"; bad=1; }
exit $bad
