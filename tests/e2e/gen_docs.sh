#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Every subcommand of pktscope-gen has --help (exit 0), and every long
# option it lists is documented in docs/pktscope-gen.md (the TLS modules
# in docs/pktscope-gen-tls.md).
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
G="$top_builddir/pktscope-gen"
fails=0
for cmd in echo load udp-send recv socketpair sendfile resolve info selftest; do
	help=$("$G" "$cmd" --help) || { echo "FAIL $cmd --help exits non-zero"; fails=$((fails + 1)); continue; }
	for opt in $(printf '%s\n' "$help" | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
		if ! grep -q -- "\`$opt[ \`]" "$top_srcdir/docs/pktscope-gen.md"; then
			echo "FAIL $cmd $opt is not documented in docs/pktscope-gen.md"
			fails=$((fails + 1))
		fi
	done
	grep -q "^## $cmd\$" "$top_srcdir/docs/pktscope-gen.md" ||
		{ echo "FAIL no section for $cmd"; fails=$((fails + 1)); }
done
"$G" --help | grep -q "^  load " || { echo "FAIL load missing from pktscope-gen --help"; fails=$((fails + 1)); }
"$G" nosuchcmd 2>/dev/null
[ $? = 2 ] || { echo "FAIL unknown command must exit 2"; fails=$((fails + 1)); }
[ "$fails" = 0 ] && echo "ok   every pktscope-gen core option is documented"
[ "$fails" = 0 ]
