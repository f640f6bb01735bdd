#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Compare src/reasm's TCP analysis events with tshark's tcp.analysis.* on
every capture: usage: tcp_analysis.py DUMP_TOOL CAPTURE...

DUMP_TOOL (tests/oracle/tcp_analysis_dump) prints "FRAME EVENT" lines; tshark
is asked once per capture for the expert messages of the frames that carry
analysis flags, mapped to the same six events.  TCP that tshark finds inside
tunnels pktscope does not decode (GTP, ERSPAN, GRE, VXLAN, any UDP carrier)
is left out.  Exit 0 when every capture agrees; 1 with the differences."""
import concurrent.futures, subprocess, sys

# tshark's expert message -> our event (fast and spurious retransmissions
# also carry the plain retransmission message)
MESSAGES = [
    ("(suspected) retransmission", "tcp.retransmission"),
    ("(suspected) fast retransmission", "tcp.retransmission"),
    ("(suspected) spurious retransmission", "tcp.retransmission"),
    ("(suspected) out-of-order segment", "tcp.out_of_order"),
    ("Previous segment(s) not captured", "tcp.lost_segment"),
    ("Duplicate ACK (#", "tcp.dup_ack"),
    ("TCP Zero Window segment", "tcp.zero_window"),
    ("TCP keep-alive segment", "tcp.keep_alive"),
]
TUNNELS = "gtp or erspan or gre or vxlan or udp"


def tshark_events(path):
    out = subprocess.run(
        ["tshark", "-n", "-r", path, "-Y", "tcp.analysis.flags and not (%s)" % TUNNELS,
         "-T", "fields", "-E", "aggregator=\x1f", "-e", "frame.number", "-e", "_ws.expert.message"],
        capture_output=True, text=True, check=False).stdout
    got = set()
    for line in out.splitlines():
        num, _, msgs = line.partition("\t")
        for msg in msgs.split("\x1f"):
            if msg.startswith("ACK to a TCP keep-alive"):
                continue
            for key, ev in MESSAGES:
                if key in msg:
                    got.add((int(num), ev))
    return got


def our_events(tool, path):
    out = subprocess.run([tool, path], capture_output=True, text=True, check=True).stdout
    return {(int(n), ev) for n, ev in (l.split() for l in out.splitlines())}


def main():
    tool, files = sys.argv[1], sys.argv[2:]
    total = bad = 0
    # tshark's start-up dominates: two at a time (the machine's share)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        wants = list(pool.map(tshark_events, files))
    for path, want in zip(files, wants):
        got = our_events(tool, path)
        total += len(want)
        if want != got:
            bad += 1
            print("%s: tshark only %s; ours only %s" % (
                path, sorted(want - got)[:8], sorted(got - want)[:8]))
    print("tcp analysis: %d captures, %d tshark events, %d captures differ" % (len(files), total, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
