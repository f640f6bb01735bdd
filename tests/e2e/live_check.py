# SPDX-License-Identifier: BSD-2-Clause
"""live_check.py - checks of pktscope --json output for the live_*.sh tests.

  live_check.py sources FILE KIND IFINDEX SOURCE IFNAME
      the traffic of live_lib.sh's traffic() (ARP, ping, TCP, UDP from
      10.77.0.1 to 10.77.0.2) with the right fields; KIND is eth (captured on
      the sender's veth), sll (-i any in the sender's namespace) or raw (the
      inet source in the receiver's namespace).
  live_check.py same LIVE.ndjson FILE.ndjson
      the packets read back from the -w file are the ones printed live
      (ignoring frame.iface and frame.direction, which a pcap file lacks).
Exits 1 with the reasons on stderr when a check fails.
"""
import json
import sys

IPA, IPB = "10.77.0.1", "10.77.0.2"
MACA, MACB = "02:00:00:77:00:01", "02:00:00:77:00:02"
errors = []


def check(cond, what):
    if not cond:
        errors.append(what)


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def pick(pkts, **want):
    """packets whose dotted fields have the given values"""
    out = []
    for p in pkts:
        ok = True
        for key, val in want.items():
            obj = p
            for part in key.split("__"):
                obj = obj.get(part) if isinstance(obj, dict) else None
            if obj != val:
                ok = False
                break
        if ok:
            out.append(p)
    return out


def check_arp(pkts, kind):
    req = pick(pkts, arp__op=1, arp__spa=IPA, arp__tpa=IPB)
    rep = pick(pkts, arp__op=2, arp__spa=IPB, arp__tpa=IPA)
    check(len(req) >= 1, "no ARP request who-has %s tell %s" % (IPB, IPA))
    check(len(rep) >= 1, "no ARP reply %s is-at %s" % (IPB, MACB))
    if req and rep:
        check(req[0]["arp"].get("sha") == MACA, "ARP request sha")
        check(rep[0]["arp"].get("sha") == MACB and rep[0]["arp"].get("tha") == MACA,
              "ARP reply sha/tha")
        for p in (req[0], rep[0]):
            check(p["arp"].get("htype") == 1 and p["arp"].get("ptype") == 2048, "ARP types")
        if kind == "eth":
            check(req[0].get("eth", {}).get("src") == MACA and
                  req[0]["eth"].get("dst") == "ff:ff:ff:ff:ff:ff" and
                  req[0]["eth"].get("type") == 2054, "ARP request Ethernet header")


def check_icmp(pkts, kind):
    req = pick(pkts, ip__src=IPA, ip__dst=IPB, icmp__type=8)
    rep = pick(pkts, ip__src=IPB, ip__dst=IPA, icmp__type=0)
    check(len(req) == 2, "expected 2 echo requests, got %d" % len(req))
    for p in req:
        check(p["ip"].get("proto") == 1 and p["ip"].get("len") == 84, "echo request ip fields")
        check("id" in p["icmp"] and "seq" in p["icmp"], "echo request id/seq")
    check(sorted(p["icmp"].get("seq") for p in req) == [1, 2], "echo request seq 1, 2")
    if kind != "raw":  # raw sockets see only what arrives
        check(len(rep) == 2, "expected 2 echo replies, got %d" % len(rep))


def check_tcp(pkts, kind):
    syn = pick(pkts, ip__src=IPA, tcp__dport=8080, tcp__flags_str="S")
    data = [p for p in pick(pkts, ip__src=IPA, tcp__dport=8080) if p["tcp"].get("len") == 6]
    fin = [p for p in pick(pkts, ip__src=IPA, tcp__dport=8080) if "F" in p["tcp"].get("flags_str", "")]
    check(len(syn) == 1, "expected 1 SYN to port 8080, got %d" % len(syn))
    check(len(data) == 1, "expected 1 segment with 6 bytes (hello)")
    check(len(fin) == 1, "expected 1 FIN from the client")
    if syn:
        t = syn[0]["tcp"]
        check(t.get("seq", 0) > 0 or t.get("seq") == 0, "SYN seq")
        check(any(o.get("kind") == "mss" for o in t.get("options", [])), "SYN mss option")
        check(syn[0]["ip"].get("proto") == 6, "ip.proto 6")
    if data:
        check("P" in data[0]["tcp"].get("flags_str", ""), "data segment PSH")
        check(data[0].get("payload", {}).get("len") == 6, "payload.len 6")
    if kind != "raw":
        check(len(pick(pkts, ip__src=IPB, tcp__sport=8080, tcp__flags_str="S.")) == 1,
              "expected 1 SYN-ACK from the server")


def check_udp(pkts):
    udp = pick(pkts, ip__src=IPA, ip__dst=IPB, udp__dport=5353)
    check(len(udp) == 2, "expected 2 UDP datagrams to 5353, got %d" % len(udp))
    for p in udp:
        check(p["udp"].get("len") == 10 and p["ip"].get("proto") == 17, "UDP len/proto")
        check(p.get("payload", {}).get("len") == 2, "UDP payload.len 2")


def check_link(pkts, kind, ifindex, source, ifname):
    want = {"eth": "EN10MB", "sll": "LINUX_SLL2", "raw": "RAW"}[kind]
    for i, p in enumerate(pkts):
        fr = p.get("frame", {})
        check(fr.get("n") == i + 1, "frame.n sequence at %d" % i)
        check(fr.get("linktype") == want, "frame.linktype %s != %s" % (fr.get("linktype"), want))
        check(fr.get("caplen") == fr.get("len"), "caplen == len (no snap length)")
        if kind == "raw":
            check(not any(k in p for k in ("eth", "sll", "arp")), "raw: no link layer")
    out = pick(pkts, ip__src=IPA, icmp__type=8)
    for p in out:
        check(p["frame"].get("iface") == ifname,
              "frame.iface %s != %s" % (p["frame"].get("iface"), ifname))
    if kind == "sll" and out:
        s = out[0].get("sll", {})
        check(s.get("ifindex") == ifindex, "sll.ifindex %s != %s" % (s.get("ifindex"), ifindex))
        check(s.get("pkttype") == 4 and s.get("src") == MACA, "sll outgoing pkttype/src")
    if kind == "eth" and out:
        check(out[0].get("eth", {}).get("src") == MACA and out[0]["eth"].get("type") == 2048,
              "Ethernet header of the echo request")
    if source == "packet" and out:
        check(out[0]["frame"].get("direction") == "out", "frame.direction of an outgoing packet")


def sources(path, kind, ifindex, source, ifname):
    pkts = load(path)
    check(len(pkts) > 0, "no packets")
    if kind != "raw":
        check_arp(pkts, kind)
    else:
        check(not pick(pkts, ip__src=IPB), "raw: saw packets the receiver sent")
    check_icmp(pkts, kind)
    check_tcp(pkts, kind)
    check_udp(pkts)
    check_link(pkts, kind, ifindex, source, ifname)


def same(live, back):
    a, b = load(live), load(back)
    check(len(a) > 0, "nothing printed live")
    check(len(a) == len(b), "printed %d packets, the file gives back %d" % (len(a), len(b)))
    for i, (x, y) in enumerate(zip(a, b)):
        for p in (x, y):
            p["frame"].pop("iface", None)
            p["frame"].pop("direction", None)
        if x != y:
            check(False, "packet %d differs:\n  live %s\n  file %s" % (i + 1, x, y))
            break


def main():
    if sys.argv[1] == "sources":
        sources(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], sys.argv[6])
    elif sys.argv[1] == "same":
        same(sys.argv[2], sys.argv[3])
    else:
        sys.exit("unknown check " + sys.argv[1])
    for e in errors:
        print("  " + e, file=sys.stderr)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
