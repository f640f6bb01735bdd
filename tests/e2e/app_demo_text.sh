#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The DNS and HTTP packets of samples/demo-app.pcap (real traffic from
# samples/make-demo.sh --app) print exactly as `tcpdump -nn` prints them, at
# the default level, -v and -vv: the whole output of 'port 53 or port 80',
# TCP seq/ack and continuation lines included, must be byte for byte equal.
# DNS over UDP and over TCP (length prefix), CNAME with a compressed rdata,
# TXT, EDNS, NXDOMAIN; HTTP/1.1 requests and responses, the body segments
# tcpdump marks "HTTP" alone.  TLS (port 443, 8443) and QUIC are not here:
# tcpdump 4.99 prints nothing of them (our compact form is in the golden
# tests).  Also checks that the sample still holds what it is meant to show,
# so the comparison cannot pass on an empty or DNS-less capture.
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
P="$top_builddir/pktscope"
S="$top_srcdir/samples/demo-app.pcap"
command -v tcpdump >/dev/null || { echo "SKIP: tcpdump missing"; exit 77; }
[ -s "$S" ] || { echo "FAIL: no $S"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TZ=UTC
filter='port 53 or port 80'
fail=0
for v in "" -v -vv; do
	tcpdump -nn $v -r "$S" "$filter" >"$tmp/td" 2>/dev/null
	"$P" $v -r "$S" "$filter" >"$tmp/ps" 2>/dev/null || { echo "FAIL: pktscope $v exited $?"; fail=1; }
	if cmp -s "$tmp/td" "$tmp/ps"; then
		echo "ok   ${v:-default}: $(wc -l <"$tmp/td") lines equal"
	else
		echo "FAIL ${v:-default}: pktscope differs from tcpdump -nn (- tcpdump, + pktscope)"
		diff -u "$tmp/td" "$tmp/ps" | head -20
		fail=1
	fi
done

# what the sample must hold (counted in tcpdump's own text)
tcpdump -nn -r "$S" "$filter" 2>/dev/null >"$tmp/td"
want() {  # want PATTERN MIN WHAT
	n=$(grep -Ec "$1" "$tmp/td")
	if [ "$n" -lt "$2" ]; then
		echo "FAIL: the sample has $n $3 (at least $2 expected): regenerate it with samples/make-demo.sh --app"
		fail=1
	fi
}
want ': [0-9]+\+ (\[1au\] )?(A|AAAA|TXT)\? ' 10 "DNS queries over UDP"
want 'length [0-9]+ [0-9]+\+ [A-Z]+\? ' 4 "DNS queries over TCP"
want ' CNAME www\.demo\.test\., ' 4 "CNAME answers"
want ' NXDomain' 2 "NXDOMAIN answers"
want 'HTTP: GET /' 3 "HTTP requests"
want 'HTTP: HTTP/1\.1 (200|404) ' 3 "HTTP responses"
exit $fail
