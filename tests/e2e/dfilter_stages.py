#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The flow stage is skipped only where that changes no result.

-q, --count, -w and -T fields with a -Y (and -e) whose fields all need only
the dissect driver (NEED DISSECT in src/filter/df_fields.def) run without the
flow table, TCP reassembly and stream decoders (src/cli/run.c).  On every
capture of ../shared/pcaps and ../shared/pcaps-app (concatenated, as
dfilter_tshark.py does), every expression of the tshark agreement lists must
select the same frames with and without --all-stages, and -T fields of the
L2-L4 fields must print the same lines.  -q says when the stage did not run.
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
    jobs = [["-Y", e, "-T", "fields", "-e", "frame.number"] for e in expressions(top)]
    jobs.append(["-T", "fields"] + sum((["-e", f] for f in FIELDS), []))
    jobs.append(["-Y", "tcp", "-T", "fields"] + sum((["-e", f] for f in FIELDS), []))
    fails = 0
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        for args, a, b in ex.map(lambda j: both(pktscope, merged, j), jobs):
            if a != b:
                fails += 1
                print("DIFF %s: exit %d/%d, %d/%d lines" %
                      (" ".join(args), a[0], b[0], len(a[1].splitlines()), len(b[1].splitlines())))
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
