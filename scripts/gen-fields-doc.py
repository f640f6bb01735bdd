#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Write docs/fields.md from src/filter/df_fields.def, so the fields a display
filter (-Y) and -T fields accept are always the ones documented
(tests/e2e/fields_doc.sh checks that the committed page is current).
usage: gen-fields-doc.py [SRCDIR] > docs/fields.md"""
import os
import re
import sys

src = sys.argv[1] if len(sys.argv) > 1 else "."
text = open(os.path.join(src, "src", "filter", "df_fields.def")).read()
# only the rows, not the header comment or the default macro definitions
text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
text = "\n".join(l for l in text.splitlines() if not l.startswith("#"))


def args(s):
    """Split a macro's argument list at top-level commas."""
    out, depth, cur, q = [], 0, "", False
    i = 0
    while i < len(s):
        c = s[i]
        if q:
            cur += c
            if c == "\\":
                cur += s[i + 1]
                i += 1
            elif c == '"':
                q = False
        elif c == '"':
            q = True
            cur += c
        elif c in "([{":
            depth += 1
            cur += c
        elif c in ")]}":
            depth -= 1
            cur += c
        elif c == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += c
        i += 1
    out.append(cur.strip())
    return out


def unq(s):
    return s[1:-1].replace('\\"', '"') if s.startswith('"') else s


TYPES = {"UINT8": "uint8", "UINT16": "uint16", "UINT24": "uint24", "UINT32": "uint32",
         "UINT64": "uint64", "INT32": "int32", "BOOL": "bool", "IPV4": "ipv4", "IPV6": "ipv6", "MAC": "mac",
         "TIME": "time", "STR": "string", "NONE": "label", "BYTES": "bytes", "DATE": "date"}
NEEDS = {"DISSECT": "dissect", "STREAM": "streams", "FLOW": "flows", "ANALYSIS": "analysis"}
protos, rows, aliases = [], [], []
for m in re.finditer(r"^(DF_\w+)\((.*)\)\s*$", text, re.M):
    kind, a = m.group(1), args(m.group(2))
    if kind == "DF_PROTO":
        protos.append((unq(a[0]), NEEDS[a[2]]))
    elif kind == "DF_FRAME":
        rows.append((unq(a[1]), TYPES[a[2]], "record", NEEDS[a[4]], unq(a[6])))
    elif kind == "DF_LAYER":
        rows.append((unq(a[1]), TYPES[a[2]], "record", NEEDS[a[4]], unq(a[8])))
    elif kind == "DF_LAYER2":
        rows.append((unq(a[1]), TYPES[a[2]], "record", NEEDS[a[4]], unq(a[10])))
    elif kind == "DF_PATH":
        path = "%s.%s" % (unq(a[4]), unq(a[5]))
        rows.append((unq(a[0]), TYPES[a[1]], "`%s`" % path, NEEDS[a[3]], unq(a[6])))
    elif kind == "DF_GET":
        rows.append((unq(a[0]), TYPES[a[1]], "record", NEEDS[a[3]], unq(a[6])))
    elif kind == "DF_ALIAS":
        aliases.append((unq(a[0]), unq(a[1])))

print("# Display-filter fields\n")
print("The fields `-Y` filters and `-T fields -e` accept, with Wireshark's names.")
print("Generated from `src/filter/df_fields.def` by `scripts/gen-fields-doc.py`.\n")
print("Syntax (as Wireshark 4.0): `== != < <= > >=` (`eq ne lt le gt ge`), `===` (all equal),")
print("`~=` (any differs), `contains`, `matches` (PCRE2, ignoring case as tshark 4.0: `(?-i)` turns")
print("that off), `in {a, b, c..d, FIELD}` and")
print("`not in` (`X not in S` is `not X in S`; a field in a set matches when any occurrence")
print("of each side is equal; a range's bound may be a field: `tcp.port in")
print("{tcp.srcport#1..tcp.dstport#1}`, dfilter.md), `and or not`")
print("(`&& || !`; `not` binds tighter than `and`, `and` than `or`), parentheses.")
print("Literals: integers (decimal, `0x` hex, leading-`0` octal, `0b` binary), strings with")
print("escapes (`\\n \\t \\\\ \\\" \\xhh \\ooo`, raw `r\"...\"`), MAC (`aa:bb:cc:dd:ee:ff`,")
print("`-` or `.` separated), IPv4 and IPv6 addresses and CIDR blocks, booleans `True`/`False`/`TRUE`/`FALSE`/`1`/`0`")
print("(not `true`, an error in tshark 4.0), relative times in seconds (`0.5`, `-1.25`; at most 9")
print("fraction digits; as tshark 4.0, what follows them is ignored, so `1.5e-1` is 1.5 s, with a warning;")
print("`1e3` and `0x10` are errors),")
print("character constants (`'a'`, `'\\x41'`, `'\\101'`, `'\\''`: the character's value for integers and")
print("booleans, one byte for bytes, a one-character string). `.NAME` is always a field or protocol")
print("(`.ip.ttl`), never a literal (`.5` is an error, as in tshark).")
print("A field that occurs several times in a packet (`ip.addr`, `tcp.port`, every DNS answer,")
print("the headers an ICMP error quotes) matches when **any** occurrence does; `!=` holds when")
print("the field is present and **no** occurrence equals; a comparison on an absent field is false.")
print("A bare field or protocol name tests presence.")
print("The right side of a comparison may be another field of a compatible type (`ip.src ==")
print("ip.dst`, `tcp.srcport > tcp.dstport`; the unsigned, signed and boolean types compare")
print("with each other): it holds for **any** pair of occurrences, `!=` and `===` for **every**")
print("pair. An integer literal wider than the field (uint8 ... uint64, Wireshark's widths) is")
print("an error, as in tshark: `ip.ttl == 300` is \"too big for this field, maximum 255\".")
print("A sign may precede a value or an integer field on the right (`-1`, `+64`,")
print("`-ip.proto`): as in tshark 4.0, minus makes an unsigned value a signed one (32")
print("bits; a value above 2147483647 is an error, a field's such values are dropped), and")
print("a negative value never compares with an unsigned field: `ip.ttl == -1`, `<`, `>`, `~=`")
print("and `in {-1}` are false, `!=` and `===` true wherever the field is present. Addresses,")
print("booleans and strings cannot be negated.")
print("An integer or boolean field also takes tshark's names for its values, quoted or as a")
print("word, in any case: `ip.proto == TCP`, `arp.opcode == request`, `ip.flags.df == Set`")
print("([dfilter.md](dfilter.md#value-names)).")
print("`FIELD & MASK` tests whether any value has a bit of the mask set, `FIELD & MASK OP VALUE`")
print("compares the masked values (integers, IPv4 and MAC addresses: `tcp.flags & 0x12 ==")
print("0x12`, `ip.src & 255.255.0.0 == 10.1.0.0`). `any` and `all` before a comparison choose")
print("its quantifier: `all ip.ttl >= 64` holds when every occurrence does (`all ... ==` is")
print("`===`, `any ... !=` is `~=`). Functions: `count(FIELD)` (its occurrences; no value")
print("when absent) and `len(FIELD)` (each value's size in bytes: an integer field's width,")
print("0 for booleans, times and labels), `upper(FIELD)` and `lower(FIELD)` (a string field in")
print("ASCII upper/lower case), on either side of a comparison (`count(ip.addr) > 2`,")
print("`ip.ttl == count(ip.addr)`), not tested for presence nor on the left of `in`, of a field")
print("(`count()` and `len()` of a protocol too: `count(ip) == 2`, `len(ip) > 20`, dfilter.md);")
print("in a set any function is an element or range bound (`ip.ttl in {len(ip.src#1)..100}`).")
print("`PROTOCOL contains \"text\"` or `PROTOCOL contains 47:45:54` (bytes, `:` `.` `-` separated,")
print("or one byte `7a`/`0x7a`) searches the captured bytes from that protocol's header to the end")
print("of the frame (`frame`: all of them); other comparisons of a protocol are not supported.")
print("Slices (`eth.src[0:3]`, `frame[-4:]`), layer selection (`ip.src#2`), arithmetic")
print("(`{ip.ttl + 1} * 2`) and `max()`, `min()`, `abs()`, `string()`: [dfilter.md](dfilter.md).\n")
print("pktscope resolves no names: it runs as `tshark -n`, so `ip.host`, `eth.src_resolved` and")
print("the like hold the address as text.")
print("*Source* `record`: read from the decoded layer structs (fast); a JSON path: taken from")
print("that layer's JSON fields (SCHEMA.md), `[]` meaning every element. Fields of a protocol")
print("pktscope does not decode yet are accepted and never match.")
print("So are the names tshark 4.0 has that pktscope does not decode, which this table leaves")
print("out: every Wireshark protocol (`sip`, `smb2`, `ldap`) and the fields of 66 common ones")
print("(`sip.Method`, `smb2.cmd`), with tshark's types (`sip.Status-Code == \"x\"` is an error);")
print("`-e` prints them empty. A field of another protocol tshark has (`diameter.cmd.code`) is an")
print("error that says so. The list: `src/filter/df_wsnames.inc`, [dfilter.md](dfilter.md).")
print("`tcp.stream`, `udp.stream`, `tcp.seq`/`tcp.ack` (relative, as tshark's default) and")
print("`tcp.analysis.*` come from the flow table: with `--no-flows` the streams and labels are")
print("absent and `tcp.seq`/`tcp.ack` (and the SACK edges) absolute.  A *label* (`tcp.analysis.*`) is tested for")
print("presence only, as in Wireshark; `-T fields` prints it as `1`.\n")
print("A *bytes* field (`tcp.payload`, `udp.payload`, the option items `tcp.options.mss` ...)")
print("compares with bytes (`tcp.payload contains 47:45:54`, `474554`, `47-45-54`) or a string")
print("(`contains \"GET\"`), takes `matches`, `len()` and slices (`tcp.payload[0:4] == 47455420`,")
print("dfilter.md) and orders as a slice (length first); `-T fields` prints it in lowercase hex,")
print("as tshark.")
print("A *date* (`frame.time`) compares with a quoted date as tshark 4.0 reads it:")
print("`\"Nov 12, 1999 08:55:44.123\"`, `\"2011-07-04 12:34:56\"`, `\"2011-07-04T12:34:56Z\"`,")
print("`\"2011-07-04 12:34\"`, `\"2011-07-04\"` (local time unless `UTC` or `Z` follows); `-T")
print("fields` prints tshark's local date (`Oct 19, 2014 19:16:56.346456000 UTC`). A *time* is")
print("seconds (`frame.time_delta > 0.5`, `frame.time_epoch`). `frame.time_relative`,")
print("`frame.time_delta` and `frame.time_delta_displayed` count frames in the order they are")
print("read (with live `--workers`, each worker's own); `frame.time_delta_displayed` is measured")
print("from the last frame `-Y` passed, as tshark does while it filters.")
print("`frame.protocols` uses tshark's names for the layers pktscope decodes (`eth:ethertype:ip:")
print("tcp:data`); where tshark decodes a protocol pktscope does not (NetBIOS, LLDP, RIP,")
print("MPTCP, the media types after HTTP, X.509 inside TLS ...) its list goes further, and where")
print("pktscope names `data` tshark may name that protocol. HTTP, TLS and SSH follow the")
print("connection in pktscope: on continuation segments the two tools can differ.\n")
print("## Protocols\n")
print(", ".join("`%s`" % p for p, _ in protos) + "\n")
print("Of these, %s need the flow stage (their layers come from the stream decoders)."
      % ", ".join("`%s`" % p for p, n in protos if n != "dissect"))
print("\n*Needs*: `dissect` for a value the dissect driver (and IP defragmentation) gives,")
print("`flows` for one the flow stage gives or changes (the flow table's notes, the layers its")
print("stream decoders write).  A run whose only outputs are `-q`, `--count`, `-w` or `-T fields`,")
print("with a `-Y` and `-e` fields that need only `dissect`, skips the flow stage (the same")
print("results, faster: [dfilter.md](dfilter.md#stages)).  `analysis`: the flow stage's TCP")
print("sequence analysis (`tcp.analysis.*`), which a run also leaves out when no output reads it.")
print("`streams`: a layer the flow stage's TCP stream decoders write (DNS over TCP, HTTP, TLS);")
print("such a run runs the stage only for the TCP flows that can carry those layers, with only")
print("their decoders ([dfilter.md](dfilter.md#stages)).\n")
print("## Fields\n")
print("| field | type | source | needs | description |\n|---|---|---|---|---|")
for name, t, source, need, doc in rows:
    print("| `%s` | %s | %s | %s | %s |" % (name, t, source, need, doc.replace("|", "\\|")))
print("\n## Aliases (our JSON paths)\n")
print("Every JSON path of a row above also works without `[]` (`dns.queries.name`).\n")
print("| alias | field |\n|---|---|")
for a, t in aliases:
    print("| `%s` | `%s` |" % (a, t))
