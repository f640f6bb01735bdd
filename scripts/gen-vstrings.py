#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Generate src/filter/df_vstr.inc: the names tshark 4.0 takes for the
values of integer and boolean fields (value strings, true/false strings),
for the fields pktscope decodes, so that "ip.proto == TCP", "arp.opcode ==
request" and "ip.flags.df == Set" compile to their numbers as in tshark.

    scripts/gen-vstrings.py SRCDIR > src/filter/df_vstr.inc
    (reads `tshark -G values` and `tshark -G fields` and checks every name
    with tshark itself; tests/e2e/vstrings.sh checks the file is current)

What tshark 4.0 does (dfilter semcheck, mk_fvalue_from_val_string): a
literal that is not a number, or any quoted string, is looked up among the
field's names, ASCII case-insensitively, the first that matches giving the
value; a boolean has its true/false strings, "True"/"False" when the field
has none; a field with range strings refuses names.  What this takes from
`tshark -G values`:
  - V lines: the first run of lines of the field (tshark prints a second
    table of some names, tls.handshake.type's TLS one after SSLv2's, which
    the filter does not use), each name once (the first);
  - T lines: the true and false strings; a FT_BOOLEAN field (-G fields)
    without one gets tshark's default, True and False;
  - R lines: the field is marked, its names are an error.
Then every name is compiled by tshark ("F == \"NAME\"", many at once) and a
name it refuses is left out (vlan.priority prints five tables, the filter
knows the first).  Only fields of df_fields.def whose pktscope type is an
integer or a boolean.

Output, compact (identical tables are stored once): df_vs_names, every
name NUL-terminated; df_vs_values, one per name; df_vs_fields, per field
its name, kind ('V', 'T', 'R'), first entry and count, sorted by name.
"""
import os
import re
import subprocess
import sys
import tempfile

MAX_BYTES = 65536  # the names together: a bound on what the binary carries
ROW = re.compile(r'^DF_(?:(?:FRAME|LAYER2?)\(\w+, |GET\(|PATH\()"([^"]+)", (\w+),')
INT_TYPES = {"UINT8", "UINT16", "UINT24", "UINT32", "UINT64", "BOOL"}
EMPTY_PCAP = bytes.fromhex("d4c3b2a1020004000000000000000000ffff000001000000")


def our_fields(srcdir):
    out = {}
    with open(os.path.join(srcdir, "src/filter/df_fields.def")) as fh:
        for line in fh:
            m = ROW.match(line)
            if m and m.group(2) in INT_TYPES:
                out[m.group(1)] = m.group(2)
    return out


def tshark(args):
    return subprocess.run(["tshark"] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def read_values(ours):
    """{field: ('V', [(name, value)]) | ('T', [...]) | ('R', [])} from -G values."""
    out, done, prev = {}, set(), None
    lines = tshark(["-G", "values"]).stdout.decode("utf-8", "replace").splitlines()
    for line in lines:
        p = line.split("\t")
        if len(p) < 3 or p[1] not in ours:
            prev = None
            continue
        kind, name = p[0], p[1]
        if kind == "E":  # a value_string_ext's header line: its V lines follow
            continue
        if name != prev and name in done and kind == "V":
            continue  # a later run of this field's names: not the filter's
        prev = name
        done.add(name)
        if kind == "R":
            out[name] = ("R", [])
        elif kind == "T" and len(p) >= 4:
            out[name] = ("T", [(p[2], 1), (p[3], 0)])
        elif kind in ("V", "V64") and len(p) >= 4 and out.get(name, ("V",))[0] == "V":
            ents = out.setdefault(name, ("V", []))[1]
            if all(n.lower() != p[3].lower() for n, _ in ents):
                ents.append((p[3], int(p[2], 0)))
    return out


def booleans(ours, vals):
    """FT_BOOLEAN fields without true/false strings: tshark's True/False."""
    for line in tshark(["-G", "fields"]).stdout.decode("utf-8", "replace").splitlines():
        p = line.split("\t")
        if len(p) > 3 and p[0] == "F" and p[2] in ours and p[3] == "FT_BOOLEAN" \
                and p[2] not in vals and ours[p[2]] == "BOOL":
            vals[p[2]] = ("T", [("True", 1), ("False", 0)])


def quote(name):
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def compiles(cap, terms):
    """None when tshark compiles the terms (expression, field, name) ORed,
    else its error line."""
    r = tshark(["-r", cap, "-Y", " || ".join(t[0] for t in terms)])
    if r.returncode == 0:
        return None
    err = [l for l in r.stderr.decode("utf-8", "replace").splitlines() if l.startswith("tshark:")]
    return err[0] if err else "exit %d" % r.returncode


def refused(cap, terms):
    """The terms tshark refuses: the one its error names, else by halving."""
    out, todo = set(), [list(terms)]
    named = re.compile(r'^tshark: "(.*)" cannot be found among the possible values for (\S+)\.$')
    while todo:
        part = todo.pop()
        err = compiles(cap, part)
        if err is None:
            continue
        if len(part) == 1:
            out.add(part[0])
            continue
        m = named.match(err)
        hit = [t for t in part if m and t[1] == m.group(2) and t[2] == m.group(1)]
        if hit and len(hit) == 1:  # the "cannot be found" one: out, the rest again
            out.add(hit[0])
            todo.append([t for t in part if t != hit[0]])
        else:
            todo += [part[:len(part) // 2], part[len(part) // 2:]]
    return out


def verify(vals):
    """Leave out the names tshark's filter refuses; mark those it takes
    unquoted too (a word: "ip.proto == TCP"; vlan.priority's only quoted)."""
    with tempfile.NamedTemporaryFile(suffix=".pcap") as cap:
        cap.write(EMPTY_PCAP)
        cap.flush()
        terms = [("%s == %s" % (f, quote(n)), f, n) for f in sorted(vals) if vals[f][0] != "R"
                 for n, _ in vals[f][1]]
        bad = set((f, n) for _, f, n in refused(cap.name, terms))
        words = [("%s == %s" % (f, n), f, n) for _, f, n in terms
                 if (f, n) not in bad and WORD.match(n)]
        bare = set((f, n) for _, f, n in words) - set((f, n) for _, f, n in
                                                       refused(cap.name, words))
    for f in vals:
        kind, ents = vals[f]
        vals[f] = (kind, [(n, v, (f, n) in bare) for n, v in ents if (f, n) not in bad])


def c_string(name):
    out = ""
    for b in name.encode("utf-8"):
        c = chr(b)
        out += c if 32 <= b < 127 and c not in '"\\?' else "\\%03o" % b
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen-vstrings.py SRCDIR")
    ours = our_fields(sys.argv[1])
    version = tshark(["--version"]).stdout.decode().splitlines()[0].split()[2]
    vals = read_values(ours)
    booleans(ours, vals)
    verify(vals)
    tables, rows, names, values, nbytes = {}, [], [], [], 0
    for f in sorted(vals):
        kind, ents = vals[f]
        key = (kind, tuple(ents))
        if key not in tables:
            tables[key] = (len(values), nbytes)
            for n, v, b in ents:
                names.append(("b" if b else "q") + n)
                values.append(v)
                nbytes += len(names[-1].encode("utf-8")) + 1
        first, off = tables[key]
        rows.append((f, kind, first, len(ents), off))
    if nbytes > MAX_BYTES or len(values) > 65535 or max(values) >> 32:
        sys.exit("gen-vstrings.py: %d bytes of names, over %d" % (nbytes, MAX_BYTES))
    o = sys.stdout
    o.write("/* SPDX-License-Identifier: BSD-2-Clause */\n"
            "/* df_vstr.inc - generated by scripts/gen-vstrings.py from tshark %s's\n"
            " * -G values and -G fields: do not edit.  %d fields, %d tables, %d names\n"
            " * (%d bytes). */\n" % (version, len(rows), len(tables), len(values), nbytes))
    o.write("static const char df_vs_names[] =\n")
    line = ""
    for n in names:
        piece = c_string(n) + "\\000"
        if line and len(line) + len(piece) > 88:
            o.write('\t"%s"\n' % line)
            line = ""
        line += piece
    o.write('\t"%s";\n' % line)
    o.write("static const uint32_t df_vs_values[] = {\n")
    for i in range(0, len(values), 8):
        o.write("\t" + ", ".join("%d" % v for v in values[i:i + 8]) + ",\n")
    o.write("};\n")
    o.write("static const struct df_vs_field df_vs_fields[] = {\n")
    for f, kind, first, n, off in rows:
        o.write('\t{"%s", \'%s\', %d, %d, %d},\n' % (f, kind, first, n, off))
    o.write("};\n")


if __name__ == "__main__":
    main()
