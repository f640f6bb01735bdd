#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The flow stage and application decoders are skipped only where that
changes no result.

-q, --count, -w and -T fields with a -Y (and -e) whose fields all need only
the dissect driver (NEED DISSECT in src/filter/df_fields.def) run without the
flow table, TCP reassembly and stream decoders (src/cli/run.c).  On every
capture of ../shared/pcaps and ../shared/pcaps-app (concatenated, as
dfilter_tshark.py does), every expression of the tshark agreement lists must
select the same frames with and without --all-stages, and -T fields of the
L2-L4 fields must print the same lines.  -q says when the stage did not run.
Those runs also leave out the application protocols no field reads
(docs/dfilter.md, "Dissect depth"): DEPTH names them, so that a too shallow
dissection selects other frames, prints other fields or counts other layers.
"""
import concurrent.futures
import os
import subprocess
import sys
import tempfile

FIELDS = ["frame.number", "frame.len", "eth.addr", "ip.addr", "ip.id", "ip.flags", "ipv6.addr",
          "ipv6.plen", "tcp.port", "tcp.seq_raw", "tcp.flags", "tcp.len", "tcp.payload",
          "tcp.option_kind", "udp.port", "udp.length", "udp.payload", "icmp.type", "vlan.id",
          "arp.opcode", "dhcp.option.dhcp", "ntp.stratum", "vxlan.vni", "gtp.teid",
          "ssh.protocol", "frame.time_delta_displayed"]


# Application protocols the dissect driver may leave out (PS_APP rows of
# dissectors/protocols.def) where -Y and -e read none of their layers: their
# presence, fields, bytes and layer counts, tunnels' inner headers, ICMP
# quotes and payload bytes must select what a full dissection selects.
DEPTH = ["ssh", "dhcp", "ntp", "not ssh", "ssh or dhcp or ntp", "ssh.protocol contains \"SSH\"",
         "dhcp.option.dhcp == 1", "dhcp.type == 2", "ntp.stratum == 0", "ntp.flags.mode == 3",
         "ssh#1", "dhcp#1", "ssh contains \"SSH-2\"", "dhcp[0] == 01", "ntp[0:1] == 23",
         "vxlan && tcp.flags.syn == 1", "gtp && tcp", "teredo && ipv6", "geneve && ip.addr",
         "gre && tcp.port == 80", "icmp && udp.port == 53", "icmp && tcp", "tcp.port == 22 && !ssh",
         "udp.port in {67, 68, 123} && !dhcp && !ntp", "udp.payload contains 00:01",
         "tcp.payload contains \"SSH\"", "frame contains \"SSH-\"", "tcp.len > 0 && !ssh",
         "udp contains 63:82:53:63", "ip.version == 4 && dhcp"]
DEPTH_FIELDS = FIELDS + ["dhcp.type", "dhcp.hw.mac_addr", "ntp.flags.mode", "teredo.orig.port",
                         "erspan.version", "ip.src_host", "tcp.options.mss_val", "dns.qry.name"]
# -q: the protocol counts of the layers the flow stage does not write are
# those of a full run (a frame -Y passed is decoded whole for them)
QUIET = ["tcp or udp", "udp", "tcp.port == 22", "udp.port in {67, 68, 123}", "ip", "vxlan",
         "tcp.flags.syn == 1", "ssh"]
FLOW_LAYERS = ("dns", "tls", "http", "quic")
# Fields of the TCP stream decoders' layers alone (NEED STREAM: dns, http,
# tls) run the flow stage only for the TCP flows that can carry them, with
# only their decoders (src/cli/flow_plan.c, src/flow/flow_scope.c); mixed
# with a field of the whole stage (tcp.stream, tcp.analysis.*, relative
# tcp.seq, quic, frame.protocols) they run all of it.  Frame selection must
# be a full run's.
STREAMS = ["dns", "dns && tcp", "dns && !udp", "dns.qry.name contains \"example\"",
           "dns.flags.response == 1 && tcp.port == 53", "dns.count.answers > 1 && tcp",
           "dns || tcp.port == 443", "dns && tcp.len > 100", "dns#2", "dns contains 00:01",
           "mdns || llmnr", "tcp && dns.id", "dns.a && tcp.flags.push == 1",
           "tls.handshake.type == 1", "tls && dns", "tls.record.content_type == 23 || dns",
           "http.request.method == \"GET\" || dns.qry.name", "http && tcp.len > 0",
           "tls.handshake.extensions_server_name || http.host", "http#2 || tls#3",
           "dns && tcp.stream == 0", "dns && tcp.stream >= 0", "dns && tcp.analysis.flags",
           "dns && tcp.seq > 1", "dns || quic", "dns && frame.protocols contains \"tcp\"",
           "tls && tcp.analysis.retransmission", "http && udp.stream >= 0"]
STREAM_FIELDS = [["-Y", "dns", "-e", "frame.number", "-e", "dns.qry.name", "-e", "dns.a",
                  "-e", "dns.id", "-e", "tcp.port"],
                 ["-Y", "dns", "-e", "tcp.stream"],
                 ["-Y", "dns && tcp", "-e", "frame.number", "-e", "tcp.stream", "-e", "dns.id"],
                 ["-Y", "tcp", "-e", "dns.qry.name", "-e", "dns.resp.name"],
                 ["-Y", "tls || http", "-e", "frame.number", "-e", "tls.handshake.type",
                  "-e", "http.host", "-e", "tls.record.length"],
                 ["-Y", "dns", "-e", "frame.number", "-e", "tcp.analysis.flags"]]
# -q with a stage narrowed to some decoders: the counts of their layers and
# the events of the frames -Y passed are a full run's where every such
# frame's TCP conversation is one the stage followed (all of them here)
QUIET_STREAMS = ["dns", "dns && tcp", "dns.qry.name", "tls", "http || tls", "http.host"]


def protocols(out, keep=()):
    """-q's protocols line without the layers the flow stage writes (but those
    in keep)"""
    for line in out.splitlines():
        if line.startswith("protocols: "):
            return [p for p in line[11:].split(", ")
                    if p.split(" ")[0] not in FLOW_LAYERS or p.split(" ")[0] in keep]
    return None


def counted(out, keep):
    """-q's protocol and event counts of the layers a narrowed stage counts"""
    events = []
    for line in out.splitlines():
        if line.startswith("events: "):
            events = [e for e in line[8:].split(", ")
                      if e.split(".")[0] not in FLOW_LAYERS or e.split(".")[0] in keep]
    return protocols(out, keep), events


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    return r.returncode, r.stdout.decode("utf-8", "replace")


def expressions(top):
    out = []
    for name in ("dfilter_exprs.txt", "dfilter_exprs_syntax.txt"):
        with open(os.path.join(top, "tests", "e2e", name)) as fh:
            for line in fh:
                line = line.strip()
                if not line or line.startswith("#") or line.startswith("error|"):
                    continue
                parts = line.split("|")
                if parts[0] == "alias":
                    out.append(parts[1])
                elif parts[0] in ("app", "flow", "reasm", "defrag"):
                    out.append("|".join(parts[1:]))
                else:
                    out.append(line)
    return out


def both(pktscope, merged, args):
    a = run([pktscope, "-r", merged] + args)
    b = run([pktscope, "-r", merged, "--all-stages"] + args)
    return args, a, b


def main():
    top = os.environ.get("top_srcdir", ".")
    pktscope = os.path.join(os.environ.get("top_builddir", "."), "pktscope")
    shared = os.environ.get("PS_SHARED", os.path.join(top, "..", "shared"))
    files = []
    for d in ("pcaps", "pcaps-app"):
        path = os.path.join(shared, d)
        if os.path.isdir(path):
            files += sorted(os.path.join(path, f) for f in os.listdir(path)
                            if f.endswith((".pcap", ".pcapng")))
    if not files:
        print("SKIP: no captures in %s" % shared)
        return 77
    tmp = tempfile.mkdtemp()
    merged = os.path.join(tmp, "all.pcapng")
    if subprocess.run(["mergecap", "-a", "-F", "pcapng", "-w", merged] + files).returncode:
        sys.exit("mergecap failed")
    jobs = [["-Y", e, "-T", "fields", "-e", "frame.number"] for e in expressions(top) + DEPTH]
    jobs.append(["-T", "fields"] + sum((["-e", f] for f in FIELDS), []))
    jobs.append(["-Y", "tcp", "-T", "fields"] + sum((["-e", f] for f in FIELDS), []))
    jobs.append(["-Y", "udp", "-T", "fields"] + sum((["-e", f] for f in DEPTH_FIELDS), []))
    jobs += [["-Y", e, "-q"] for e in QUIET]
    jobs += [["-Y", e, "-T", "fields", "-e", "frame.number"] for e in STREAMS]
    jobs += [["-T", "fields"] + j for j in STREAM_FIELDS]
    jobs += [["-q", "-Y", e] for e in QUIET_STREAMS]
    fails = 0
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        for args, a, b in ex.map(lambda j: both(pktscope, merged, j), jobs):
            if args[0] == "-q":  # QUIET_STREAMS: the kept layers counted too
                left = a[1].split(" not counted")[0].split("; ")[-1].split(", ")
                keep = [k for k in FLOW_LAYERS if k not in left]
                if "streams only" not in a[1]:
                    fails += 1
                    print("-q -Y '%s': no narrowed flow stage" % args[2])
                a, b = (a[0], counted(a[1], keep)), (b[0], counted(b[1], keep))
            elif "-q" in args:
                a, b = (a[0], protocols(a[1])), (b[0], protocols(b[1]))
            if a != b or a[1] is None:
                fails += 1
                print("DIFF %s: exit %d/%d\n  %s\n  %s" %
                      (" ".join(args), a[0], b[0], str(a[1])[:300], str(b[1])[:300]))
    # -q: the summary says the stage did not run, and only then
    # ... or ran for some decoders only ("dns streams only"), and says which
    said_checks = (("tcp.flags.syn == 1 && tcp.flags.ack == 0", True),
                          ("udp.port == 53", True), ("dns.qry.name", "dns"),
                          ("tcp.stream == 1", False), ("tls", "tls"), ("frame.protocols", False),
                          ("dns && tcp.analysis.flags", False), ("quic || dns", False),
                          ("http.host || tls", "tls, http"), ("dns && tcp.stream == 0", False))
    for expr, skipped in said_checks:
        rc, out = run([pktscope, "-r", merged, "-q", "-Y", expr])
        said = True if "flow stage: not run" in out else False
        if "streams only" in out:
            said = out.split("flow stage: ")[1].split(" streams only")[0]
        if rc or said != skipped:
            fails += 1
            print("-q -Y '%s': exit %d, flow stage %s" % (expr, rc, said))
        rc2, out2 = run([pktscope, "-r", merged, "-q", "--all-stages", "-Y", expr])
        if out.splitlines()[:1] != out2.splitlines()[:1]:
            fails += 1
            print("-q -Y '%s': first line differs with --all-stages" % expr)
    print("%d runs with and without the flow stage, %d differences" % (len(jobs) + 2 * len(said_checks), fails))
    subprocess.run(["rm", "-rf", tmp])
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
