#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Training run for profile-guided optimisation (configure's --enable-pgo,
# on by default): `make` builds an instrumented pktscope in pgo/gen, runs
# this script with it, and compiles the real objects with the profile it
# leaves in pgo/data.
#
# The training set is the bundled samples/ only (the L2-L4 demo captures in
# every link type and byte order, and the application-layer sample: DNS,
# HTTP, TLS, QUIC), never the benchmark corpus, so that the profile says
# which code paths real traffic takes, not which bytes one capture holds.
# The modes are the everyday ones: text at each -v level, JSON, flow
# records, the -z tables, display filters and field output.  A run that
# exits non-zero (a truncated sample does, by design) still profiles.
#
# usage: pgo-train.sh PKTSCOPE SAMPLES_DIR
set -u
bin=$1
samples=$2
[ -x "$bin" ] || { echo "pgo-train: no instrumented binary $bin" >&2; exit 1; }
export TZ=UTC LC_ALL=C
found=0
for f in "$samples"/*.pcap "$samples"/*.pcapng; do
	[ -f "$f" ] || continue
	found=1
	for mode in "" "-v" "-vv" "-e" "-S" "-x" "--json" "--json -v" "-T ek" "--flows" \
		"--json --flows" "-q" "-q -z conv,tcp -z conv,udp -z endpoints,ip" "--no-flows" \
		"-Y tcp.flags.syn==1" "-Y dns" "-T fields -e frame.number -e ip.src -e tcp.port"; do
		# shellcheck disable=SC2086 # a mode is several words
		"$bin" -r "$f" $mode >/dev/null 2>&1 || :
	done
	# the display filters README.md and the man page show, on the record
	# alone (-q) and with text: field getters, sets, CIDR, string tests
	for filt in 'tcp.flags.syn == 1 && tcp.flags.ack == 0' 'dns.a' \
		'dns.qry.name contains "example" and not dns.flags.response' \
		'ip.addr == 10.0.0.0/8 && !(tcp.port in {22, 443})' 'tls.handshake.type == 1' \
		'http.request.method == "GET"' 'udp.port == 53 || tcp.len > 0'; do
		"$bin" -r "$f" -q -Y "$filt" >/dev/null 2>&1 || :
		"$bin" -r "$f" -Y "$filt" >/dev/null 2>&1 || :
	done
done
[ "$found" = 1 ] || { echo "pgo-train: no captures in $samples" >&2; exit 1; }
