#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Generate src/filter/df_wsnames.inc: names tshark 4.0 knows that pktscope
does not decode, so that a display filter naming one compiles to "never
present" (tshark: a known name absent from the packet matches nothing)
instead of "unknown field".

    scripts/gen-ws-names.py SRCDIR > src/filter/df_wsnames.inc
    (reads `tshark -G protocols` and `tshark -G fields`, or the files of
    --from PROTOCOLS.txt FIELDS.txt VERSION; tests/e2e/ws_names.sh checks
    that the file is what this makes from the tshark it names)

What it lists (the cut, for size: tshark 4.0 has 2931 protocols and 233,550
fields, 6.8 MB of names):
  - every protocol filter name tshark has, but those of df_fields.def's
    DF_PROTO rows (pktscope decodes them: their presence is real);
  - the fields of the protocols in COMMON (application and routing
    protocols a pktscope user meets on LAN and Internet captures), but
    fields of a protocol pktscope decodes (a name like "tcp.window_size"
    stays an error: answering "never" there would be wrong).
Each entry: a type letter (TYPES), the name front coded (pack()), NUL;
protocols, then fields, each sorted in byte order (df_ws_lookup stops past
the name it looks for).
"""
import re
import subprocess
import sys

COMMON = """
ah bfd bgp browser cdp coap dcerpc dhcpv6 dtls eap eapol esp ftp ftp-data hsrp http2
igmp imap ipx isakmp kerberos l2tp lacp ldap lldp memcache modbus mbtcp mpls mqtt
mysql nbdgm nbns nbss nfs openvpn ospf pgsql pim pop ppp pppoe pppoed pppoes radius
rip rpc rtcp rtp rtsp sctp sdp sip smb smb2 smtp snmp stun syslog telnet tftp vrrp
websocket wireguard xml json
""".split()
# left out though common: diameter (3,199 fields, mostly its dictionary's
# AVPs), amqp, eigrp, mongo, gquic (490, 140, 93, 152): their names are
# known as protocols, a field of theirs is an error that says so
# radius is 11,030 fields (the dictionary's attributes): its "radius.*" are
# kept but for the vendor attributes ("radius.<Vendor>-..."), see keep()
RADIUS_KEEP = re.compile(r"^radius\.[a-z_.]+$")

# tshark's field type -> letter (src/filter/df_wsnames.c maps it to a row)
TYPES = {
    "FT_UINT8": "a", "FT_CHAR": "a", "FT_UINT16": "b", "FT_UINT24": "c", "FT_UINT32": "d",
    "FT_FRAMENUM": "d", "FT_IPXNET": "d", "FT_UINT40": "e", "FT_UINT48": "f",
    "FT_UINT56": "g", "FT_UINT64": "h",
    "FT_INT8": "i", "FT_INT16": "i", "FT_INT24": "i", "FT_INT32": "i", "FT_INT40": "i",
    "FT_INT48": "i", "FT_INT56": "i", "FT_INT64": "i",
    "FT_BOOLEAN": "o",
    "FT_STRING": "s", "FT_STRINGZ": "s", "FT_UINT_STRING": "s", "FT_STRINGZPAD": "s",
    "FT_STRINGZTRUNC": "s",
    "FT_IPv4": "v", "FT_IPv6": "w", "FT_ETHER": "m",
    "FT_RELATIVE_TIME": "t", "FT_ABSOLUTE_TIME": "T",
    "FT_FLOAT": "r", "FT_DOUBLE": "r",
    "FT_NONE": "n",
}
MAX_SHARED = 40  # '0' + 40 is 'X': no character a C string must escape
MAX_NAME = 127   # src/filter/df_wsnames.c's name buffer
# every other type (FT_BYTES, FT_UINT_BYTES, FT_OID, FT_GUID, FT_EUI64,
# FT_PROTOCOL ...) takes byte strings: "x"


def decoded_protos(srcdir):
    names = set()
    with open(srcdir + "/src/filter/df_fields.def") as fh:
        for line in fh:
            m = re.match(r'DF_PROTO\("([^"]+)"', line)
            if m:
                names.add(m.group(1))
    return names


def read(cmd_or_file, from_file):
    if from_file:
        with open(cmd_or_file) as fh:
            return fh.read().splitlines()
    out = subprocess.run(["tshark", "-G", cmd_or_file], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, check=True).stdout
    return out.decode("utf-8").splitlines()


def keep(name):
    return not name.startswith("radius.") or RADIUS_KEEP.match(name)


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit("usage: gen-ws-names.py SRCDIR [--from PROTOCOLS FIELDS]")
    srcdir = args[0]
    from_file = len(args) == 5 and args[1] == "--from"
    protos_src = args[2] if from_file else "protocols"
    fields_src = args[3] if from_file else "fields"
    if from_file:
        version = args[4]
    else:
        version = subprocess.run(["tshark", "--version"], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, check=True).stdout.decode()
        version = version.splitlines()[0].split()[2]  # "TShark (Wireshark) 4.0.17 (...)"
    ours = decoded_protos(srcdir)
    protos = sorted(set(l.split("\t")[2] for l in read(protos_src, from_file)
                        if l.count("\t") == 2) - ours)
    common = set(COMMON) - ours
    fields = {}
    for l in read(fields_src, from_file):
        p = l.split("\t")
        if len(p) < 5 or p[0] != "F":
            continue
        name, ftype, parent = p[2], p[3], p[4]
        prefix = name.split(".")[0]
        if parent not in common or prefix in ours or name in ours or not keep(name):
            continue
        fields[name] = TYPES.get(ftype, "x")
    out = sys.stdout
    out.write("/* SPDX-License-Identifier: BSD-2-Clause */\n"
              "/* df_wsnames.inc - generated by scripts/gen-ws-names.py from tshark %s's\n"
              " * -G protocols and -G fields: do not edit.  %d protocols, %d fields of\n"
              " * %d protocols.  Each entry: a type letter, the length of the prefix shared\n"
              " * with the previous name ('0' + n), the rest of the name, NUL. */\n"
              % (version, len(protos), len(fields), len(common)))
    out.write("static const char df_ws_protos[] =\n")
    pack(out, [("P", n) for n in protos])
    out.write("static const char df_ws_fields[] =\n")
    pack(out, [(fields[n], n) for n in sorted(fields)])


def pack(out, entries):
    """Front coded: each entry the type letter, the length of the prefix it
    shares with the previous name as one character ('0' + 0 ... 40), the
    rest of the name, NUL; as C string pieces, several a line."""
    line, prev = "", ""
    for t, name in entries:
        if any(c in name for c in '"\\?') or len(name) > MAX_NAME:
            sys.exit("gen-ws-names.py: cannot store %r" % name)
        k = 0
        while k < min(len(name), len(prev), MAX_SHARED) and name[k] == prev[k]:
            k += 1
        piece = t + chr(ord("0") + k) + name[k:] + "\\0"
        prev = name
        if line and 8 + 2 + len(line) + len(piece) > 100:
            out.write('\t"%s"\n' % line)
            line = ""
        line += piece
    if line:
        out.write('\t"%s"\n' % line)
    out.write("\t;\n")


if __name__ == "__main__":
    main()
