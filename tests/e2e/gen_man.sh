#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# gen_man.sh - pktscope-gen.1 is installed by `make install`, renders with
# `man -l` without a groff warning, and documents every command that
# `pktscope-gen --help` lists (in COMMANDS and in a section of its own) and
# every option that each `pktscope-gen COMMAND --help` lists.
set -u
top_builddir=${top_builddir:-.}
G="$top_builddir/pktscope-gen"
[ -f "$top_builddir/Makefile" ] || { echo "SKIP: no Makefile in $top_builddir"; exit 77; }
command -v man >/dev/null || { echo "SKIP: no man"; exit 77; }
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
make -s -C "$top_builddir" install DESTDIR="$dest" >"$dest/log" 2>&1 || { cat "$dest/log"; echo "FAIL: make install"; exit 1; }
page=$(find "$dest" -path '*/man1/pktscope-gen.1' | head -1)
[ -n "$page" ] || { echo "FAIL: pktscope-gen.1 not installed"; exit 1; }
bad=0
LC_ALL=C MANWIDTH=120 man --warnings -l "$page" >"$dest/page.txt" 2>"$dest/warn.txt"
rc=$?
[ $rc = 0 ] && [ ! -s "$dest/warn.txt" ] && [ -s "$dest/page.txt" ] ||
	{ echo "FAIL: man -l exit $rc, warnings:"; cat "$dest/warn.txt"; bad=1; }
col -b <"$dest/page.txt" >"$dest/plain.txt" 2>/dev/null || cp "$dest/page.txt" "$dest/plain.txt"
cmds=$("$G" --help | sed -n '/^commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p')
[ "$(echo "$cmds" | wc -w)" -ge 10 ] || { echo "FAIL: pktscope-gen --help lists only: $cmds"; bad=1; }
for c in $cmds; do
	up=$(echo "$c" | tr a-z A-Z)
	# in COMMANDS (an indented tag line) and as a section heading
	sed -n '/^COMMANDS/,/^[A-Z]/p' "$dest/plain.txt" | grep -q "^       $c\( \|\$\)" ||
		{ echo "FAIL: $c not in COMMANDS"; bad=1; }
	grep -q "^$up\$" "$dest/plain.txt" || { echo "FAIL: no section $up"; bad=1; }
	# every option of its --help, long and short
	for o in $("$G" "$c" --help 2>&1 | grep -o -- '\(^\|[ [,|(]\)--\?[a-zA-Z0-9][a-z0-9-]*' |
		sed 's/^[ [,|(]//' | grep '^-' | sort -u); do
		grep -q -- "$o\\([^a-z0-9-]\\|\$\\)" "$dest/plain.txt" ||
			{ echo "FAIL: $c: option $o not in the man page"; bad=1; }
	done
	echo "ok: $c"
done
exit $bad
