#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Display filters and -T fields against tshark 4.0 on real captures.

Every capture of ../shared/pcaps and ../shared/pcaps-app is concatenated into
one pcapng (mergecap -a: one tshark pass per expression instead of one per
expression and capture).  For each expression of dfilter_exprs.txt,
`tshark -Y EXPR -T fields -e frame.number` and `pktscope -Y EXPR -T fields -e
frame.number` must select the same frames; then `-T fields` with every L2-L4
field of FIELDS must print the same lines.  A difference is reported with
the capture it comes from; only the explained exceptions below are allowed.

tshark runs without reassembly and with absolute sequence numbers, like the
oracle's expected files: pktscope (with --no-defrag, its -o
ip.defragment:FALSE) decodes each packet on its own.  The fields
that come from conversation state (tcp.stream, udp.stream, relative tcp.seq
and tcp.ack, tcp.analysis.*) are checked capture by capture (in the merged
file stream numbers add up across captures and one capture's conversations
continue another's) against tshark with its defaults for them (TSHARK_FLOW):
the expressions marked "flow|" and FLOW_FIELDS.

IP reassembly is checked capture by capture on the captures that hold IP
fragments (and samples/demo.pcap), both tools with their default
defragmentation (TSHARK_DEFRAG): the expressions marked "defrag|" and
-T fields with FIELDS + DEFRAG_FIELDS.  tshark dissects nothing above IP on a
fragment that does not complete its datagram, the completing one carries
the datagram's layers: pktscope's -Y and -T fields must do the same.
"""
import concurrent.futures
import os
import subprocess
import sys
import tempfile

TSHARK = ["tshark", "-n", "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE",
          "-o", "tcp.desegment_tcp_streams:FALSE", "-o", "tcp.relative_sequence_numbers:FALSE",
          "-o", "tcp.analyze_sequence_numbers:FALSE"]
# tshark's defaults for what the flow table provides: relative sequence
# numbers and sequence analysis on
TSHARK_FLOW = TSHARK[:8]
# tshark with its default IP and IPv6 reassembly (the rest as TSHARK)
TSHARK_DEFRAG = TSHARK[:2] + TSHARK[6:]
# the frames that make a capture part of the reassembly pass
FRAGMENTS = "ip.flags.mf == 1 or ip.frag_offset > 0 or ipv6.nxt == 44 or ipv6.ext.type == 44"
DEFRAG_FIELDS = ["ipv6.nxt", "ipv6.plen", "dns.id", "dns.qry.name", "gtp.teid"]

FIELDS = ["frame.number", "frame.len", "frame.cap_len", "frame.time_epoch", "eth.src", "eth.dst",
          "eth.addr", "eth.type", "vlan.id", "vlan.etype", "arp.opcode", "arp.src.hw_mac",
          "arp.src.proto_ipv4", "arp.dst.proto_ipv4", "ip.version", "ip.hdr_len", "ip.dsfield",
          "ip.len", "ip.id", "ip.flags", "ip.flags.df", "ip.flags.mf", "ip.frag_offset", "ip.ttl",
          "ip.proto", "ip.checksum", "ip.src", "ip.dst", "ip.addr", "ipv6.src", "ipv6.dst",
          "ipv6.addr", "ipv6.nxt", "ipv6.hlim", "ipv6.plen", "tcp.srcport", "tcp.dstport",
          "tcp.port", "tcp.seq_raw", "tcp.ack_raw", "tcp.hdr_len", "tcp.flags", "tcp.flags.syn",
          "tcp.flags.ack", "tcp.flags.fin", "tcp.flags.reset", "tcp.window_size_value",
          "tcp.checksum", "tcp.urgent_pointer", "tcp.len", "udp.srcport", "udp.dstport",
          "udp.port", "udp.length", "udp.checksum", "icmp.type", "icmp.code", "icmp.checksum",
          "icmpv6.type", "icmpv6.code"]

# Fields computed from several values of the record, from other frames
# (p->ref) or from the bytes a layer covers: checked like FIELDS, in a second
# pass (-e takes at most 64 fields).  frame.time_delta_displayed equals
# frame.time_delta without -Y; the -Y expressions of dfilter_exprs.txt
# check it with a filter.
MORE_FIELDS = ["frame.number", "frame.time", "frame.time_relative", "frame.time_delta",
               "frame.time_delta_displayed", "tcp.flags.str", "tcp.payload", "udp.payload",
               "tcp.options.mss_val", "tcp.options.wscale.shift",
               "tcp.options.wscale.multiplier", "tcp.options.timestamp.tsval",
               "tcp.options.timestamp.tsecr", "tcp.options.mss", "tcp.options.wscale",
               "tcp.options.sack_perm", "tcp.options.timestamp", "ip.host", "ip.src_host",
               "ip.dst_host", "ipv6.host", "ipv6.src_host", "ipv6.dst_host", "tcp.option_kind",
               "tcp.option_len", "eth.ig", "eth.lg", "eth.dst.ig", "eth.src.lg",
               "ipv6.tclass.dscp", "ipv6.tclass.ecn", "icmpv6.echo.identifier",
               "icmpv6.echo.sequence_number", "frame.marked", "frame.ignored",
               "eth.src_resolved", "eth.dst_resolved", "eth.addr_resolved", "tcp.options",
               "dns.flags", "dns.qry.name.len", "dns.count.labels"]
# frame.protocols names every protocol tshark decodes (hundreds): it is
# compared on the frames where both tools name only protocols of this set,
# the layers pktscope decodes from the frame alone.  HTTP, TLS, SSH and QUIC
# are left out: without reassembly tshark names TCP continuation segments
# "data" and decodes QUIC's TLS, pktscope's stream decoders follow the
# connection (see "reasm|" in dfilter_exprs.txt).
PROTOCOLS_COMPARED = {
    "eth", "ethertype", "vlan", "sll", "null", "raw", "arp", "llc", "stp", "ip", "ipv6",
    "ipv6.hopopts", "ipv6.routing", "ipv6.fraghdr", "ipv6.dstopts", "ah", "tcp", "udp",
    "icmp", "icmpv6", "dns", "mdns", "llmnr", "dhcp", "ntp", "vxlan", "geneve", "gre",
    "erspan", "gtp", "data"}

# Frames of PROTOCOLS_COMPARED that differ for a reason, by capture.
KNOWN_PROTOCOLS = {
    "pcapplusplus__SomeIpSd.pcapng": "tshark decodes SOME/IP-SD on UDP 30490 as DNS (see "
                                     "KNOWN_EXPR)",
    "pcapplusplus__pcapng-example.pcapng":
        "frame 141: a segment of an HTTP connection that tshark's HTTP dissector takes "
        "without naming itself (pktscope: data)",
    "tcpdump__arp-oobr.pcap": "the truncated ATMARP frame (see KNOWN_EXPR): tshark names "
                              "arp twice",
    "tcpdump__heapoverflow-ip_demux_print.pcap": "an IPv4 AH header: pktscope decodes AH in "
                                                 "IPv6 only",
    "tcpdump__ip_ts_opts_asan.pcap": "the capture ends where the ICMP header would start: "
                                     "tshark names icmp, pktscope has no ICMP layer",
}

FLOW_FIELDS = ["frame.number", "tcp.stream", "udp.stream", "tcp.seq", "tcp.ack", "tcp.nxtseq",
               "tcp.options.sack_le", "tcp.options.sack_re",
               "tcp.analysis.flags", "tcp.analysis.retransmission",
               "tcp.analysis.fast_retransmission", "tcp.analysis.spurious_retransmission",
               "tcp.analysis.out_of_order", "tcp.analysis.lost_segment",
               "tcp.analysis.ack_lost_segment",
               "tcp.analysis.duplicate_ack", "tcp.analysis.zero_window",
               "tcp.analysis.zero_window_probe", "tcp.analysis.keep_alive",
               "tcp.analysis.keep_alive_ack", "tcp.analysis.window_update",
               "tcp.window_size", "tcp.window_size_scalefactor"]

# Captures where tshark sees more than pktscope decodes, and why.  A
# difference in a capture listed here is reported as "known" and does not
# fail the test; anything else does.  Remove an entry when the decoder lands.
TUNNEL = "tshark decodes the packet inside a tunnel pktscope does not decode yet"
KNOWN = {
    "pcapplusplus__GrePackets.pcap": TUNNEL + " (GRE)",
    "tcpdump__various_gre.pcap": TUNNEL + " (GRE)",
    "tcpdump__nhrp-trace.pcap": TUNNEL + " (GRE/NHRP)",
    "tcpdump__erspan-type-ii-3.pcap": TUNNEL + " (ERSPAN over GRE)",
    "zeek__erspan.pcap": TUNNEL + " (ERSPAN over GRE)",
    "zeek__gtp1_gn_normal_incl_fragmentation.pcap": TUNNEL + " (GTP-U)",
    "tcpdump__pim-packet-assortment.pcap": TUNNEL + " (PIM Register)",
    "tcpdump__of13_ericsson.pcapng": TUNNEL + " (OpenFlow packet-in/out carry frames)",
    "libpcap__AH-IPcomp-IPv6.pcap": "tshark decompresses IPComp payloads after AH; pktscope stops at AH",
    "pcapplusplus__tcp-reassembly.pcap": "frame 18624 is sFlow: tshark decodes the sampled packet headers",
}
# Conversation state that differs for a reason, by capture (the flow
# table's rules, not the filter's; see src/flow).
QUOTE = ("tshark numbers the conversation of the header an ICMP error quotes; the flow "
         "table tracks the packet's own conversation only")
OUTER = ("tshark numbers a tunnel's carrier UDP and the inner conversation; the record "
         "notes the innermost conversation's stream only")
KNOWN_FLOW = {
    "pcapplusplus__IcmpPackets.pcap": QUOTE,
    "tcpdump__icmp-cksum-oobr-1.pcap": QUOTE,
    "tcpdump__ikev1_id_ipv6_addr_subnet-oobr.pcap": QUOTE,
    "tcpdump__rip_error_hexdump.pcap": QUOTE,
    "tcpdump__pim-packet-assortment.pcap": QUOTE + "; " + TUNNEL + " (PIM Register)",
    "tcpdump__geneve.pcap": OUTER,
    "zeek__geneve-47101.pcap": OUTER,
    "zeek__geneve-vxlan-dns-truncated.pcap": OUTER,
    "zeek__vxlan-encapsulated-http.pcap": OUTER,
    "zeek__Teredo.pcap": OUTER,
    "ndpi__vxlan.pcap": OUTER,
    "zeek__gtp1_gn_normal_incl_fragmentation.pcap": OUTER + " (GTP-U)",
    "pcapplusplus__GrePackets.pcap": TUNNEL + " (GRE)",
    "tcpdump__of13_ericsson.pcapng": TUNNEL + " (OpenFlow)",
    "pcapplusplus__tcp-reassembly.pcap": "frame 66 is sFlow: tshark decodes the sampled headers",
    "libpcap__AH-IPcomp-IPv6.pcap": "tshark decompresses IPComp payloads after AH",
    "ndpi__iphone.pcap": QUOTE,
    "ndpi__teams.pcap": QUOTE,
    "ndpi__reasm_segv_anon.pcapng": OUTER + " (GTP-U)",
    "zeek__erspan.pcap": TUNNEL + " (ERSPAN over GRE)",
}
FRAG = ("tshark numbers the conversation of a first IP fragment's transport header; "
        "the flow table does not track fragments")
KNOWN_FLOW_FIELD = {
    ("pcapplusplus__ipfragutil_ip_ids.pcap", "tcp.stream"): FRAG,
    ("pcapplusplus__ipfragutil_ip_ids.pcap", "tcp.window_size_scalefactor"):
        "tshark gives a first IP fragment's TCP header its conversation's scale factor "
        "(-1 there); the flow table does not track fragments, so the field is absent",
    ("zeek__dns-edns-ecs.pcap", "udp.stream"): FRAG,
    ("pcapplusplus__DnsPackets.pcap", "udp.stream"):
        "a conversation idle for minutes returns: tshark keeps its number forever, the "
        "flow table's stream memory is a bounded cache (src/flow/flow_table.c)",
}


# Differences limited to some expressions or fields of a capture.
# (capture, field or expression) of the reassembly pass that differ, and why
KNOWN_DEFRAG = {
    ("tcpdump__icmpv6-rfc7112.pcap", "ipv6.nxt"):
        "tshark stops at the Fragment header of the IPv6 packet quoted in an ICMPv6 error "
        "(pktscope reassembles no quoted fragment and decodes what follows it)",
    ("tcpdump__icmpv6-rfc7112.pcap", "ipv6.plen"): "the same quoted fragment",
    ("tcpdump__icmpv6-rfc7112.pcap", "ipv6.hlim"): "the same quoted fragment",
    ("tcpdump__icmpv6-rfc7112.pcap", "ip.version"): "the same quoted fragment",
    ("tcpdump__icmpv6-rfc7112.pcap", "ipv6.tclass.dscp"): "the same quoted fragment",
    ("tcpdump__icmpv6-rfc7112.pcap", "ipv6.tclass.ecn"): "the same quoted fragment",
}
TIME_WRAP = ("in the merged file the frame follows a capture decades apart: the sum passes "
             "2^31 s, where tshark 4.0's time arithmetic wraps its seconds at 32 bits "
             "(frame.time_delta + frame.time_delta > 0 holds for a delta of -1.48e9 s), "
             "or lies past 2262 where pktscope's clock saturates (see KNOWN_FIELD)")
KNOWN_EXPR = {
    ("ndpi__iphone.pcap", "tcp.analysis.flags"):
        "in the merged file two SYNs reuse the ports of an earlier capture's connection: "
        "tshark's tcp.analysis.flags counts reused_ports, which is not classified yet",
    ("tcpdump__accecn_handshake.pcap", "tcp.flags."):
        "once a connection negotiated AccECN, tshark shows the ACE counter (tcp.flags.ace) "
        "instead of the AE/CWR/ECE bits: that needs the flow state of the flows branch",
    ("tcpdump__arp-oobr.pcap", "arp"):
        "frame 7260 is a truncated ATMARP packet: tshark's ATMARP dissector gives up before "
        "the opcode, pktscope's ARP layer still holds it",
    ("tcpdump__arp-oobr.pcap", "not ip and not arp"): "the same ATMARP frame 7260",
    ("pcapplusplus__pcapng-example.pcapng", "frame.time"):
        "only in the merged test file: see KNOWN_FIELD (time stamp resolutions); every "
        "frame.time field",
    ("pcapplusplus__ldap.pcapng", "frame.time"): "the same",
    ("pcapplusplus__ssl-malformed1.pcap", "frame.time_delta"):
        "its one frame follows pcapng-example's last in the merged file (see KNOWN_FIELD)",
    ("libpcap__isakmp4500.pcap", "frame.time_relative + frame.time_delta"): TIME_WRAP,
    ("ndpi__quic-mvfst-22.pcap", "frame.time_relative + frame.time_delta"): TIME_WRAP,
    ("tcpdump__icmp6_mobileprefix_asan.pcap", "frame.time_relative + frame.time_delta"): TIME_WRAP,
    ("tcpdump__ikev1_id_ipv6_addr_subnet-oobr.pcap", "frame.time_relative + frame.time_delta"): TIME_WRAP,
    ("zeek__loc-invalid-length.pcap", "frame.time_relative + frame.time_delta"): TIME_WRAP,
    ("pcapplusplus__SomeIpSd.pcapng", "dns"):
        "tshark decodes two SOME/IP-SD datagrams on UDP 30490 as DNS; pktscope's DNS "
        "runs on ports 53, 5353 and 5355 (and its probe)",
}
KNOWN_FIELD = {
    ("pcapplusplus__ldap.pcapng", "frame.time"): "the same time stamp resolutions",
    ("pcapplusplus__ldap.pcapng", "frame.time_relative"): "the same",
    ("pcapplusplus__ldap.pcapng", "frame.time_delta"): "the same",
    ("pcapplusplus__ldap.pcapng", "frame.time_delta_displayed"): "the same",
    ("pcapplusplus__pcapng-example.pcapng", "frame.time"): "the same",
    ("pcapplusplus__pcapng-example.pcapng", "frame.time_relative"): "the same",
    ("pcapplusplus__pcapng-example.pcapng", "frame.time_delta"): "the same",
    ("pcapplusplus__pcapng-example.pcapng", "frame.time_delta_displayed"): "the same",
    ("pcapplusplus__ssl-malformed1.pcap", "frame.time_delta"):
        "its one frame follows pcapng-example's last in the merged file, stamped past 2262: "
        "pktscope's reader keeps the time in 64-bit nanoseconds (saturated), tshark's wraps",
    ("pcapplusplus__ssl-malformed1.pcap", "frame.time_delta_displayed"): "the same",
    ("tcpdump__tcp-auth-heapoverflow.pcap", "tcp.option_kind"):
        "an option whose value the capture cut: tshark lists its kind and length byte, "
        "pktscope records no option (tcp.truncated)",
    ("tcpdump__tcp-auth-heapoverflow.pcap", "tcp.option_len"): "the same",
    ("tcpdump__accecn_handshake.pcap", "tcp.flags.str"):
        "tshark shows the AccECN counter (see KNOWN_EXPR tcp.flags.)",
    ("pcapplusplus__ldap.pcapng", "frame.time_epoch"):
        "only in the merged test file: its interfaces have different time stamp resolutions "
        "and pktscope's pcapng reader applies one to all (a capture-reader issue)",
    ("pcapplusplus__pcapng-example.pcapng", "frame.time_epoch"): "the same as ldap.pcapng",
    ("tcpdump__arp-oobr.pcap", "arp.opcode"): "the ATMARP frame 7260 (see KNOWN_EXPR)",
    ("pcapplusplus__SomeIpSd.pcapng", "dns.flags"):
        "the two SOME/IP-SD datagrams tshark decodes as DNS (see KNOWN_EXPR \"dns\")",
}


# the expression lists: fields and operators; slices, layers, arithmetic, functions
EXPR_FILES = os.environ.get("DFILTER_EXPRS", "dfilter_exprs.txt dfilter_exprs_syntax.txt").split()


def known_expr(cap, expr):
    flow = cap in KNOWN_FLOW and ".stream" in expr
    return (cap in KNOWN or flow or any(c == cap and sub in expr for c, sub in KNOWN_EXPR) or
            any(c == cap and f in expr for c, f in KNOWN_FLOW_FIELD))


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    return r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")


def captures(shared):
    out = []
    for d in ("pcaps", "pcaps-app"):
        path = os.path.join(shared, d)
        if os.path.isdir(path):
            out += sorted(os.path.join(path, f) for f in os.listdir(path)
                          if f.endswith((".pcap", ".pcapng")))
    return out


def frame_map(files, merged):
    """[(first frame, last frame, capture name)] in merge order (capinfos counts)."""
    rc, out, err = run(["capinfos", "-T", "-r", "-c", "-M"] + files)
    counts = {}
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and parts[1].strip().isdigit():
            counts[parts[0]] = int(parts[1])
    spans, first = [], 1
    for f in files:
        n = counts.get(f, 0)
        spans.append((first, first + n - 1, os.path.basename(f)))
        first += n
    rc, out, _ = run(["capinfos", "-T", "-r", "-c", "-M", merged])
    total = int(out.split("\t")[-1]) if out.strip() else -1
    if total != first - 1:
        sys.exit("merged capture has %d frames, the parts %d" % (total, first - 1))
    return spans


def where(spans, n):
    for a, b, name in spans:
        if a <= n <= b:
            return name
    return "?"


def frames(cmd):
    rc, out, err = run(cmd)
    if rc != 0:
        return None, err.strip().splitlines()[0] if err.strip() else "exit %d" % rc
    return set(int(x) for x in out.split()), None


def check_expr(pktscope, merged, expr, texpr, tshark):
    t, terr = frames(tshark + ["-r", merged, "-Y", texpr, "-T", "fields", "-e", "frame.number"])
    p, perr = frames([pktscope, "-r", merged, "--no-defrag", "-Y", expr, "-T", "fields", "-e",
                      "frame.number"])
    return expr, t, terr, p, perr


def caret(cmd):
    """(exit status, the caret line under the expression) of a rejected filter."""
    rc, _, err = run(cmd)
    lines = [l for l in err.splitlines() if l.strip() and not l.startswith("Running as")]
    return rc, lines[2] if len(lines) >= 3 else None


def check_error(pktscope, path, expr):
    """Both must reject expr and point at the same text."""
    trc, tc = caret(TSHARK + ["-r", path, "-c", "1", "-Y", expr])
    prc, pc = caret([pktscope, "-r", path, "-c", "1", "-Y", expr])
    if trc == 0 or prc != 2:
        return "tshark exit %d, pktscope exit %d (both must reject it)" % (trc, prc)
    if tc != pc:
        return "tshark points at %r, pktscope at %r" % (tc, pc)
    return None


def report(spans, diff):
    by = {}
    for n in sorted(diff):
        by.setdefault(where(spans, n), []).append(n)
    return by


def main():
    top_srcdir = os.environ.get("top_srcdir", ".")
    pktscope = os.path.join(os.environ.get("top_builddir", "."), "pktscope")
    shared = os.environ.get("PS_SHARED", os.path.join(top_srcdir, "..", "shared"))
    files = captures(shared)
    if not files:
        if os.environ.get("PS_REQUIRE_SHARED") == "1":
            sys.exit("FAIL: no captures in %s and PS_REQUIRE_SHARED=1" % shared)
        print("SKIP: no captures in %s" % shared)
        return 77
    exprs = []
    for name in EXPR_FILES:
        with open(os.path.join(top_srcdir, "tests", "e2e", name)) as fh:
            for line in fh:
                line = line.strip()
                if line and not line.startswith("#"):
                    exprs.append(line)
    tmp = tempfile.mkdtemp()
    merged = os.path.join(tmp, "all.pcapng")
    rc, _, err = run(["mergecap", "-a", "-F", "pcapng", "-w", merged] + files)
    if rc:
        sys.exit("mergecap failed: " + err)
    spans = frame_map(files, merged)
    rc, summary, _ = run([pktscope, "-r", merged, "-q"])
    decoded = set()
    for line in summary.splitlines():
        if line.startswith("protocols:"):
            decoded = set(w for w in line[len("protocols:"):].replace(",", " ").split()
                          if not w.isdigit())
    fail = known = skipped = passed = reasm = errors = 0
    used = set()
    jobs = []
    defrag_exprs = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
        for e in exprs:
            if e.startswith("reasm|"):
                reasm += 1
                continue
            if e.startswith("defrag|"):
                defrag_exprs.append(e[7:])
                continue
            if e.startswith("error|"):
                bad = check_error(pktscope, merged, e[6:])
                errors += 1
                if bad:
                    print("FAIL %-50s %s" % (e[6:], bad))
                    fail += 1
                continue
            flow = e.startswith("flow|")
            e = e[5:] if flow else e
            app = e.startswith("app|")
            e = e[4:] if app else e
            te = e
            if e.startswith("alias|"):
                e, te = e.split("|")[1:3]
            words = e.replace("!", " ").replace("(", " ").split()
            words = [w for w in words
                     if w not in ("any", "all", "count", "len", "upper", "lower", "not", "max",
                                  "min", "abs", "string", "{", "-")]
            proto = words[0].split(".")[0]
            proto = {"mdns": "dns", "llmnr": "dns"}.get(proto, proto)  # one DNS layer
            if app and proto not in decoded:
                skipped += 1
                continue
            jobs.append(ex.submit(check_expr, pktscope, merged, e, te,
                                  TSHARK_FLOW if flow else TSHARK))
        for j in jobs:
            expr, t, terr, p, perr = j.result()
            if terr or perr:
                print("FAIL %-50s tshark: %s | pktscope: %s" % (expr, terr, perr))
                fail += 1
                continue
            bad = report(spans, t ^ p)
            used.update(c for c in bad if c in KNOWN)
            unexplained = {c: v for c, v in bad.items() if not known_expr(c, expr)}
            if unexplained:
                fail += 1
                for c, v in sorted(unexplained.items()):
                    only_t = [n for n in v if n in t]
                    only_p = [n for n in v if n in p]
                    print("FAIL %-50s %s: tshark only %s, pktscope only %s" %
                          (expr, c, only_t[:8], only_p[:8]))
            elif bad:
                known += 1
            else:
                passed += 1
    print("filters: %d agree, %d agree but for known captures, %d differ, %d app-layer skipped"
          " (decoders not landed), %d skipped (TCP reassembly semantics), %d frames in %d captures;"
          " %d rejected as tshark rejects them"
          % (passed, known, fail, skipped, reasm, spans[-1][1], len(files), errors))
    ffail = check_fields(pktscope, merged, spans, used, TSHARK, FIELDS)
    ffail += check_fields(pktscope, merged, spans, used, TSHARK, MORE_FIELDS)
    ffail += check_protocols(pktscope, merged, spans)
    ffail += check_flow(pktscope, files)
    demo = os.path.join(top_srcdir, "samples", "demo.pcap")
    ffail += check_defrag(pktscope, files + [demo], defrag_exprs)
    for c in sorted(set(KNOWN) - used):
        print("note: %s is in KNOWN but agrees now: remove the entry" % c)
    os.unlink(merged)
    os.rmdir(tmp)
    return 1 if fail or ffail else 0


def flow_one(pktscope, path):
    """{field: (line, tshark value, pktscope value)} of one capture's FLOW_FIELDS."""
    args = []
    for f in FLOW_FIELDS:
        args += ["-e", f]
    _, t, _ = run(TSHARK_FLOW + ["-r", path, "-T", "fields"] + args)
    _, p, _ = run([pktscope, "-r", path, "--no-defrag", "-T", "fields"] + args)
    tl, pl = t.splitlines(), p.splitlines()
    bad = {}
    if len(tl) != len(pl):
        bad["lines"] = (0, len(tl), len(pl))
    for i, (a, b) in enumerate(zip(tl, pl)):
        for f, va, vb in zip(FLOW_FIELDS, a.split("\t"), b.split("\t")):
            if va != vb and f not in bad:
                bad[f] = (i + 1, va, vb)
    return os.path.basename(path), bad


def check_flow(pktscope, files):
    """Conversation state (FLOW_FIELDS) capture by capture."""
    fail = known = 0
    agree = set()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
        for name, bad in ex.map(lambda f: flow_one(pktscope, f), files):
            if not bad:
                agree.add(name)
                continue
            unexplained = {f: v for f, v in bad.items()
                           if name not in KNOWN_FLOW and (name, f) not in KNOWN_FLOW_FIELD}
            known += not unexplained
            fail += bool(unexplained)
            for f, (n, va, vb) in sorted(unexplained.items()):
                print("FAIL flow -T fields %s in %s, first at frame %d: tshark %r pktscope %r"
                      % (f, name, n, va, vb))
    for c in sorted(set(KNOWN_FLOW) & agree):
        print("note: %s is in KNOWN_FLOW but agrees now: remove the entry" % c)
    print("flow state: %d fields on %d captures one by one: %d agree, %d differ for known "
          "reasons, %d differ" % (len(FLOW_FIELDS), len(files), len(agree), known, fail))
    return 1 if fail else 0


def defrag_one(pktscope, path, exprs):
    """[(what, detail)] of one capture with reassembly on: exprs, then -T fields."""
    name = os.path.basename(path)
    bad = []
    for e in exprs:
        t, terr = frames(TSHARK_DEFRAG + ["-r", path, "-Y", e, "-T", "fields", "-e",
                                          "frame.number"])
        p, perr = frames([pktscope, "-r", path, "-Y", e, "-T", "fields", "-e", "frame.number"])
        if terr or perr or t != p:
            bad.append((e, "tshark %s, pktscope %s" % (terr or sorted(t - (p or set()))[:8],
                                                       perr or sorted((p or set()) - t)[:8])))
    seen = set()
    for fields in (FIELDS, ["frame.number"] + DEFRAG_FIELDS, MORE_FIELDS):  # -e: at most 64
        args = []
        for f in fields:
            args += ["-e", f]
        _, t, _ = run(TSHARK_DEFRAG + ["-r", path, "-T", "fields"] + args)
        _, p, perr = run([pktscope, "-r", path, "-T", "fields"] + args)
        tl, pl = t.splitlines(), p.splitlines()
        if len(tl) != len(pl):
            bad.append(("lines", "tshark %d, pktscope %d %s" % (len(tl), len(pl), perr[:80])))
        for i, (a, b) in enumerate(zip(tl, pl)):
            for f, va, vb in zip(fields, a.split("\t"), b.split("\t")):
                if va != vb and f not in seen:
                    seen.add(f)
                    bad.append((f, "first at frame %d: tshark %r pktscope %r" % (i + 1, va, vb)))
    return name, bad


def check_defrag(pktscope, files, exprs):
    """Reassembly on (both tools' default), on every capture with IP fragments."""
    frag = [f for f in files if os.path.exists(f) and
            run([pktscope, "-r", f, "--no-defrag", "-c", "100000", "-Y", FRAGMENTS, "-T",
                 "fields", "-e", "frame.number"])[1].strip()]
    fail = known = 0
    used = set()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
        for name, bad in ex.map(lambda f: defrag_one(pktscope, f, exprs), frag):
            for what, detail in bad:
                if (name, what) in KNOWN_DEFRAG:
                    used.add((name, what))
                    known += 1
                    continue
                fail += 1
                print("FAIL reassembly %s %s: %s" % (name, what, detail))
    for c in sorted(set(KNOWN_DEFRAG) - used):
        print("note: %s is in KNOWN_DEFRAG but agrees now: remove the entry" % (c,))
    print("reassembly: %d captures with IP fragments, %d filters and %d fields each: "
          "%d known differences, %d unexplained" % (len(frag), len(exprs),
                                                    len(FIELDS + DEFRAG_FIELDS + MORE_FIELDS) - 1,
                                                    known, fail))
    return 1 if fail else 0


def check_fields(pktscope, merged, spans, used, tshark, fields):
    args = []
    for f in fields:
        args += ["-e", f]
    rc1, t, terr = run(tshark + ["-r", merged, "-T", "fields"] + args)
    rc2, p, perr = run([pktscope, "-r", merged, "--no-defrag", "-T", "fields"] + args)
    if rc1 or rc2:
        print("FAIL -T fields: tshark %s | pktscope %s" % (terr.strip(), perr.strip()))
        return 1
    tl, pl = t.splitlines(), p.splitlines()
    if len(tl) != len(pl):
        print("FAIL -T fields: %d lines from tshark, %d from pktscope" % (len(tl), len(pl)))
        return 1
    bad = {}
    for i, (a, b) in enumerate(zip(tl, pl)):
        if a == b:
            continue
        ca, cb = a.split("\t"), b.split("\t")
        for k, f in enumerate(fields):
            va = ca[k] if k < len(ca) else ""
            vb = cb[k] if k < len(cb) else ""
            if va != vb:
                cap = where(spans, i + 1)
                bad.setdefault((cap, f), []).append((i + 1, va, vb))
    fail = 0
    nfail = 0
    for (cap, f), v in sorted(bad.items()):
        if cap in KNOWN or (cap, f) in KNOWN_FIELD:
            used.add(cap)
            continue
        tag = "FAIL"
        fail += 1
        n, va, vb = v[0]
        print("%s -T fields %s in %s: %d frames, first %d: tshark %r pktscope %r" %
              (tag, f, cap, len(v), n, va, vb))
    print("-T fields: %d fields x %d frames, %d (capture, field) pairs differ, %d of them unexplained" %
          (len(fields), len(tl), len(bad), fail))
    return 1 if fail else 0


def check_protocols(pktscope, merged, spans):
    """frame.protocols where both tools name only PROTOCOLS_COMPARED."""
    args = ["-T", "fields", "-e", "frame.protocols"]
    rc1, t, terr = run(TSHARK + ["-r", merged] + args)
    rc2, p, perr = run([pktscope, "-r", merged, "--no-defrag"] + args)
    tl, pl = t.splitlines(), p.splitlines()
    if rc1 or rc2 or len(tl) != len(pl):
        print("FAIL frame.protocols: tshark %s | pktscope %s" % (terr.strip(), perr.strip()))
        return 1
    compared = known = 0
    bad = {}
    for i, (a, b) in enumerate(zip(tl, pl)):
        if not (set(a.split(":")) <= PROTOCOLS_COMPARED and set(b.split(":")) <= PROTOCOLS_COMPARED):
            continue
        cap = where(spans, i + 1)
        if cap in KNOWN:
            continue
        compared += 1
        if a != b and cap in KNOWN_PROTOCOLS:
            known += 1
            continue
        if a != b:
            bad.setdefault(cap, []).append((i + 1, a, b))
    for cap, v in sorted(bad.items()):
        n, a, b = v[0]
        print("FAIL frame.protocols in %s: %d frames, first %d: tshark %r pktscope %r" %
              (cap, len(v), n, a, b))
    print("frame.protocols: %d of %d frames name only protocols both decode: %d differ for "
          "known reasons, %d differ" % (compared, len(tl), known, sum(len(v) for v in bad.values())))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
