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


def protocols(out):
    """-q's protocols line without the layers the flow stage writes"""
    for line in out.splitlines():
        if line.startswith("protocols: "):
            return [p for p in line[11:].split(", ") if p.split(" ")[0] not in FLOW_LAYERS]
    return None


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
    fails = 0
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        for args, a, b in ex.map(lambda j: both(pktscope, merged, j), jobs):
            if "-q" in args:
                a, b = (a[0], protocols(a[1])), (b[0], protocols(b[1]))
            if a != b or a[1] is None:
                fails += 1
                print("DIFF %s: exit %d/%d\n  %s\n  %s" %
                      (" ".join(args), a[0], b[0], str(a[1])[:300], str(b[1])[:300]))
    # -q: the summary says the stage did not run, and only then
    for expr, skipped in (("tcp.flags.syn == 1 && tcp.flags.ack == 0", True),
                          ("udp.port == 53", True), ("dns.qry.name", False),
                          ("tcp.stream == 1", False), ("tls", False), ("frame.protocols", False)):
        rc, out = run([pktscope, "-r", merged, "-q", "-Y", expr])
        said = "flow stage: not run" in out
        if rc or said != skipped:
            fails += 1
            print("-q -Y '%s': exit %d, flow stage %s" % (expr, rc, "skipped" if said else "ran"))
        rc2, out2 = run([pktscope, "-r", merged, "-q", "--all-stages", "-Y", expr])
        if out.splitlines()[:1] != out2.splitlines()[:1]:
            fails += 1
            print("-q -Y '%s': first line differs with --all-stages" % expr)
    print("%d runs with and without the flow stage, %d differences" % (len(jobs) + 12, fails))
    subprocess.run(["rm", "-rf", tmp])
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
