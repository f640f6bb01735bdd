#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Text of the DHCP, NTP and tunnel packets of the shared captures against
# `tcpdump -nn -r` (default verbosity), record by record: a record is a
# time-stamped line and the lines that continue it (VXLAN prints the inner
# packet on a second line, as tcpdump).  Only records where tcpdump prints
# BOOTP/DHCP, NTPv*, VXLAN, Geneve or GREv* are scored.
#
# Known differences, counted apart and not failures:
#  - "seq": TCP seq/ack inside a tunnel: tcpdump prints them relative to the
#    connection, which needs the flow table (another branch's work); equal
#    once those numbers are taken out.
#  - "other": tcpdump decodes a protocol inside the tunnel that pktscope
#    does not yet (HTTP, SSH, OSPF, DHCPv6), or prints "truncated-ip - N
#    bytes missing!" for an inner IPv4 datagram longer than its tunnel
#    payload (TSO-sized packets in zeek__erspan.pcap; pktscope says it only
#    for the outermost IPv4 header).
#  - GTP-U: tcpdump 4.99 has no GTP printer ("UDP, length 60"); pktscope's
#    compact "GTPv1-U, G-PDU, teid 0x..., length N: <inner>" is not scored.
#  - QUIC: no tcpdump printer either; not scored.
#  - -v: every capture is compared again with -v (DHCP options, NTP,
#    Geneve options and GRE flags included).  Not printed: NTP control
#    messages' (mode 6) -v detail and DHCP's CMU vendor area (none in these
#    captures); unknown Relay-Agent suboptions are hex pairs, not tcpdump's
#    hex dump.
# Anything else fails the test.  Measured: 1046 records agree (at the
# default level and with -v), 436 "seq", 134 "other", 0 different; at
# least 1046 must agree.
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
PKTSCOPE="$top_builddir/pktscope"
SHARED=${PS_SHARED:-$top_srcdir/../shared}
MIN_AGREE=${UDPAPPS_MIN_AGREE:-1046}
if [ ! -d "$SHARED/pcaps-app" ]; then
	if [ "${PS_REQUIRE_SHARED:-0}" = 1 ]; then
		echo "FAIL: $SHARED/pcaps-app not found and PS_REQUIRE_SHARED=1"
		exit 1
	fi
	echo "SKIP: no $SHARED/pcaps-app"
	exit 77
fi
command -v tcpdump >/dev/null || { echo "SKIP: tcpdump missing"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }

A=$SHARED/pcaps-app
P=$SHARED/pcaps
TZ=UTC PYTHONPATH="$top_srcdir/tests/e2e" python3 - "$PKTSCOPE" "$MIN_AGREE" \
	"$A/libpcap__dhcp-rfc3004.pcap" "$A/ndpi__android.pcap" "$A/ndpi__iphone.pcap" \
	"$A/ndpi__teams.pcap" "$A/ndpi__telegram.pcap" "$A/ndpi__wechat.pcap" \
	"$A/zeek__NTP_sync.pcap" "$A/zeek__Teredo.pcap" "$A/ndpi__vxlan.pcap" \
	"$A/zeek__vxlan-encapsulated-http.pcap" "$A/tcpdump__geneve.pcap" \
	"$A/zeek__geneve-47101.pcap" "$A/zeek__geneve-vxlan-dns-truncated.pcap" \
	"$A/tcpdump__erspan-type-i-4.pcap" "$A/tcpdump__erspan-type-ii-3.pcap" \
	"$A/tcpdump__nhrp-trace.pcap" "$A/zeek__erspan.pcap" "$P/tcpdump__various_gre.pcap" \
	"$P/tcpdump__dhcp-rfc4388.pcap" <<'PY'
import re, subprocess, sys

from text_records import records

MARK = re.compile(r'BOOTP/DHCP|NTPv\d|VXLAN|Geneve|GREv\d')
VMARK = re.compile(r'NTPv\d|VXLAN|Geneve|GREv\d')
SEQ = re.compile(r'(seq|ack) \d+(:\d+)?')
# our compact TLS text (docs/text-format.md) where tcpdump has no printer
OWN_TLS = re.compile(r': TLS [^\n]*$', re.M)
OTHER = re.compile(r': HTTP|\d+[+*-]* (\[\d+au\] )?[A-Z]+\?|\d+\*?-? \d+/\d+/\d+|'
                   r' (NXDomain|ServFail|Refused)|SSH-|OSPFv2|dhcp6|truncated-ip - ')

pk, min_agree, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
cnt = {"agree": 0, "seq": 0, "other": 0, "differ": 0}
# -v too, for all but DHCP (whose option lines are not printed)
runs = [(f, []) for f in files] + [(f, ["-v"]) for f in files]
for f, opt in runs:
    ours = subprocess.run([pk] + opt + ["-r", f], capture_output=True, text=True,
                          errors="backslashreplace")
    theirs = subprocess.run(["tcpdump", "-nn"] + opt + ["-r", f], capture_output=True, text=True,
                            errors="backslashreplace")
    if ours.returncode > 1:
        print("pktscope failed on %s: %s" % (f, ours.stderr.strip()))
        sys.exit(1)
    a, b = records(ours.stdout), records(theirs.stdout)
    if len(a) != len(b):
        print("%s: %d records, tcpdump %d" % (f, len(a), len(b)))
        cnt["differ"] += 1
    for i, (x, y) in enumerate(zip(a, b)):
        if not MARK.search(y):
            continue
        x = OWN_TLS.sub("", x)
        if x == y:
            cnt["agree"] += 1
        elif SEQ.sub("", x) == SEQ.sub("", y):
            cnt["seq"] += 1
        elif OTHER.search(y):
            cnt["other"] += 1
        else:
            cnt["differ"] += 1
            print("%s #%d\n  pktscope: %r\n  tcpdump:  %r" % (f.rsplit("/", 1)[-1], i + 1, x, y))
print("records: %(agree)d agree, %(seq)d differ only in relative seq/ack, "
      "%(other)d hold a protocol this branch does not print, %(differ)d differ" % cnt)
sys.exit(0 if cnt["differ"] == 0 and cnt["agree"] >= min_agree else 1)
PY
