#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Compare src/reasm's TCP analysis events with tshark's tcp.analysis.* on
every capture: usage: tcp_analysis.py DUMP_TOOL PKTSCOPE CAPTURE...

DUMP_TOOL (tests/oracle/tcp_analysis_dump) prints "FRAME EVENT" lines; tshark
is asked once per capture for the expert messages of the frames that carry
analysis flags, mapped to the same six events (and ack_lost_segment, which the engine
prints for the filter field tcp.analysis.ack_lost_segment).  TCP that tshark finds inside
tunnels pktscope does not decode (GTP, ERSPAN, GRE, VXLAN, any UDP carrier)
is left out.  The same comparison is made with the events pktscope itself
prints in --json (the flow table runs the engine on each conversation's two
directions), so the wiring is checked as well as the engine.  Exit 0 when every capture agrees; 1 with the differences."""
import concurrent.futures, json, subprocess, sys

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
    ("ACKed segment that wasn't captured", "tcp.ack_lost_segment"),
]
# ack_lost_segment is a display-filter field (tcp.analysis.ack_lost_segment)
# the flow table notes, not a record event: only the engine prints it
NOT_EVENTS = {"tcp.ack_lost_segment"}
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


OURS = {ev for _, ev in MESSAGES} - NOT_EVENTS


def json_events(pktscope, path):
    """(frame, event) for each analysis event of pktscope --json's records."""
    out = subprocess.run([pktscope, "-r", path, "--json"], capture_output=True, text=True,
                         check=False).stdout
    got = set()
    for line in out.splitlines():
        rec = json.loads(line)
        n = rec["frame"]["n"]
        got.update((n, ev) for ev in rec.get("events", []) if ev in OURS)
    return got


def compare(name, get, files, wants):
    total = bad = 0
    for path, want in zip(files, wants):
        got = get(path)
        total += len(want)
        if want != got:
            bad += 1
            print("%s %s: tshark only %s; ours only %s" % (
                name, path, sorted(want - got)[:8], sorted(got - want)[:8]))
    print("tcp analysis (%s): %d captures, %d tshark events, %d captures differ" % (
        name, len(files), total, bad))
    return bad


def main():
    tool, pktscope, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    # tshark's start-up dominates: two at a time (the machine's share)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        wants = list(pool.map(tshark_events, files))
    bad = compare("engine", lambda path: our_events(tool, path), files, wants)
    wants = [{(n, ev) for n, ev in w if ev in OURS} for w in wants]
    bad += compare("pktscope --json", lambda path: json_events(pktscope, path), files, wants)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
