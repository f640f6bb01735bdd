#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# quickstart.sh - README's quick start works as printed on a fresh root shell
# (Debian's minimal image has no sudo): no command in it calls sudo, and the
# script it runs escalates only when it is not root.  autoreconf, the first
# build step, prints no warning (they are fixed in configure.ac/Makefile.am,
# not hidden).
set -u
top_srcdir=${top_srcdir:-.}
fail() { echo "FAIL: $*"; exit 1; }

# the fenced sh blocks of the "Quick start" section
cmds=$(awk '/^## Quick start/{q=1; next} /^## /{q=0} q && /^```sh/{c=1; next} q && /^```/{c=0} q && c' \
	"$top_srcdir/README.md")
[ -n "$cmds" ] || fail "README.md has no Quick start commands"
if printf '%s\n' "$cmds" | grep -Eq '(^|[;&|] *)sudo '; then
	fail "a quick-start command needs sudo: $(printf '%s\n' "$cmds" | grep sudo)"
fi
grep -q '\[ "$(id -u)" = 0 \] || SUDO=sudo' "$top_srcdir/scripts/install-deps.sh" ||
	fail "install-deps.sh no longer escalates only when not root"
echo "ok: quick start has no sudo"

# the quick start's pktscope commands (run where its first line leaves the
# shell: in the build directory, next to ../samples) exit 0 and print something
top_builddir=${top_builddir:-.}
if [ -x "$top_builddir/pktscope" ] && command -v jq >/dev/null; then
	qs=$(mktemp -d)
	mkdir "$qs/build"
	cp "$top_builddir/pktscope" "$qs/build/" && ln -s "$(cd "$top_srcdir" && pwd)/samples" "$qs/samples"
	printf '%s\n' "$cmds" | grep '^\./pktscope ' | while read -r c; do
		out=$(cd "$qs/build" && sh -c "$c" 2>&1) || { echo "FAIL: quick start command failed: $c"; exit 1; }
		[ -n "$out" ] || { echo "FAIL: quick start command printed nothing: $c"; exit 1; }
		echo "ok: $c ($(printf '%s\n' "$out" | wc -l) lines)"
	done || { rm -rf "$qs"; exit 1; }
	rm -rf "$qs"
fi

command -v autoreconf >/dev/null || { echo "SKIP: no autoreconf"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the autotools inputs only: configure.ac, Makefile.am and the .mk fragments
(cd "$top_srcdir" && find . -path ./build -prune -o -path './build-*' -prune -o \
	\( -name configure.ac -o -name Makefile.am -o -name '*.mk' \) -print) |
	while read -r f; do mkdir -p "$tmp/$(dirname "$f")" && cp "$top_srcdir/$f" "$tmp/$f"; done
(cd "$tmp" && autoreconf -fi) >"$tmp/ar.log" 2>&1 || fail "autoreconf failed: $(cat "$tmp/ar.log")"
if grep -i 'warning' "$tmp/ar.log"; then
	fail "autoreconf warns (above)"
fi
echo "ok: autoreconf -fi prints no warning"
