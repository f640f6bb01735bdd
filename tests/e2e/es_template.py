#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""es_template.py - check Elasticsearch index templates against -T ek output
without an Elasticsearch server (none is installed here).

  es_template.py TEMPLATE.json... < BULK.ndjson
  es_template.py --self-test TEMPLATE.json...

1. Each template is well-formed: JSON, the keys of a composable index template
   (PUT _index_template/NAME), every mapping a known field type, every
   dynamic template one named rule with a condition and a mapping.
2. Each bulk pair goes to the template whose index_patterns match its index.
   Every leaf value of the document must be mapped, by an explicit property
   or by a dynamic rule (match / path_match / match_mapping_type, first rule
   that matches, as Elasticsearch picks them); a field left to Elasticsearch's
   own dynamic mapping is reported.  The value must fit the mapped type as
   Elasticsearch would index it without coercing: ip parses as an address,
   integer fits 32 bits, long 64, boolean is a boolean, date_nanos is RFC 3339
   UTC in 1970..2262, epoch_millis is digits; an object is never a leaf and a
   leaf never an object.  Dynamically mapped paths keep their first type.
Exit 0 clean, 1 with one line per problem (the first 30), 2 on bad usage.
"""
import ipaddress
import json
import re
import sys

TOP_KEYS = {"index_patterns", "template", "priority", "version", "_meta", "composed_of",
            "data_stream", "allow_auto_create"}
TYPES = {"keyword", "text", "ip", "integer", "long", "short", "byte", "double", "float",
         "boolean", "date", "date_nanos", "object", "nested", "unsigned_long", "wildcard"}
RULE_KEYS = {"match", "unmatch", "path_match", "path_unmatch", "match_mapping_type", "mapping"}
RFC3339 = re.compile(r"^(\d{4})-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$")


def glob(pattern, text):
    """Elasticsearch's simple wildcard: '*' matches any run of characters."""
    return re.fullmatch(".*".join(re.escape(p) for p in pattern.split("*")), text) is not None


def check_template(name, t, problems):
    if not isinstance(t, dict):
        problems.append(f"{name}: not a JSON object")
        return
    for k in set(t) - TOP_KEYS:
        problems.append(f"{name}: unknown top-level key {k!r}")
    if not t.get("index_patterns"):
        problems.append(f"{name}: no index_patterns")
    m = t.get("template", {}).get("mappings", {})
    if not m.get("properties"):
        problems.append(f"{name}: no template.mappings.properties")

    def props(node, path):
        for key, sub in node.items():
            p = f"{path}.{key}" if path else key
            if not isinstance(sub, dict):
                problems.append(f"{name}: {p}: mapping is not an object")
            elif "properties" in sub:
                if sub.get("type", "object") not in ("object", "nested"):
                    problems.append(f"{name}: {p}: properties under type {sub['type']}")
                props(sub["properties"], p)
            elif sub.get("type") not in TYPES:
                problems.append(f"{name}: {p}: unknown or missing type {sub.get('type')!r}")
    props(m.get("properties", {}), "")
    for rule in m.get("dynamic_templates", []):
        if not isinstance(rule, dict) or len(rule) != 1:
            problems.append(f"{name}: a dynamic template is not one named rule: {rule}")
            continue
        (rname, r), = rule.items()
        if set(r) - RULE_KEYS or "mapping" not in r or len(r) < 2:
            problems.append(f"{name}: dynamic template {rname}: keys {sorted(r)}")
        elif r["mapping"].get("type") not in TYPES:
            problems.append(f"{name}: dynamic template {rname}: type {r['mapping'].get('type')!r}")


def json_kind(v):
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "long"
    if isinstance(v, float):
        return "double"
    if isinstance(v, str):
        return "string"
    return "object"


def fits(mapping, v):
    """None when Elasticsearch indexes v under mapping as is, else why not."""
    t = mapping.get("type")
    if "properties" in mapping:
        return "a value where an object is mapped"
    if t == "ip":
        try:
            ipaddress.ip_address(v if isinstance(v, str) else None)
            return None
        except ValueError:
            return f"{v!r} is not an IP address"
    if t in ("integer", "long"):
        bits = 32 if t == "integer" else 64
        ok = isinstance(v, int) and not isinstance(v, bool) and -2**(bits - 1) <= v < 2**(bits - 1)
        return None if ok else f"{v!r} is not a {bits}-bit integer"
    if t == "double":
        return None if isinstance(v, (int, float)) and not isinstance(v, bool) else f"{v!r} is not a number"
    if t == "boolean":
        return None if isinstance(v, bool) else f"{v!r} is not a boolean"
    if t == "date_nanos":
        m = RFC3339.match(v) if isinstance(v, str) else None
        return None if m and 1970 <= int(m.group(1)) <= 2262 else f"{v!r} is not RFC 3339 UTC in 1970..2262"
    if t == "date":
        fmt = mapping.get("format", "")
        if fmt == "epoch_millis":
            return None if isinstance(v, int) or (isinstance(v, str) and re.fullmatch(r"-?\d+", v)) \
                else f"{v!r} is not epoch_millis"
        return None if isinstance(v, str) else f"{v!r}: date"
    if t == "keyword":
        return None if not isinstance(v, (dict, list)) else f"{v!r} is not a keyword"
    if t in ("object", "nested"):
        return "a value where an object is mapped"
    return f"type {t} not checked"


class Checker:
    def __init__(self, templates):
        self.templates = templates
        self.dynamic = {}     # (template name, path) -> mapping chosen on first sight
        self.explicit = set()
        self.by_rule = set()
        self.problems = []

    def rule_for(self, tname, t, path, v):
        kind = json_kind(v)
        leaf = path.rsplit(".", 1)[-1]
        for rule in t["template"]["mappings"].get("dynamic_templates", []):
            (_, r), = rule.items()
            if "match" in r and not glob(r["match"], leaf):
                continue
            if "unmatch" in r and glob(r["unmatch"], leaf):
                continue
            if "path_match" in r and not glob(r["path_match"], path):
                continue
            if "path_unmatch" in r and glob(r["path_unmatch"], path):
                continue
            if r.get("match_mapping_type", "*") not in ("*", kind):
                continue
            return r["mapping"]
        return None

    def leaf(self, tname, t, path, mapping, v, where):
        if mapping is None:
            key = (tname, path)
            mapping = self.dynamic.get(key)
            if mapping is None:
                mapping = self.rule_for(tname, t, path, v)
                if mapping is None:
                    self.problems.append(f"{where}: {path} ({json_kind(v)}) is mapped by "
                                         f"neither {tname} nor one of its dynamic rules")
                    return
                self.dynamic[key] = mapping
            self.by_rule.add(path)
        else:
            self.explicit.add(path)
        why = fits(mapping, v)
        if why:
            self.problems.append(f"{where}: {path}: {why} (mapped as {mapping.get('type')})")

    def walk(self, tname, t, path, mapping, v, where):
        if isinstance(v, list):
            for x in v:
                self.walk(tname, t, path, mapping, x, where)
        elif isinstance(v, dict):
            if mapping is not None and "properties" not in mapping and \
                    mapping.get("type") not in ("object", "nested"):
                self.problems.append(f"{where}: {path}: an object where {mapping.get('type')} is mapped")
                return
            props = (mapping or {}).get("properties", {}) if path else \
                t["template"]["mappings"]["properties"]
            for k, x in v.items():
                p = f"{path}.{k}" if path else k
                self.walk(tname, t, p, props.get(k), x, where)
        elif v is not None:
            self.leaf(tname, t, path, mapping, v, where)

    def pair(self, action, doc, where):
        index = action.get("index", {}).get("_index") if isinstance(action, dict) else None
        if not index:
            self.problems.append(f"{where}: not an index action: {action}")
            return
        for tname, t in self.templates:
            if any(glob(p, index) for p in t["index_patterns"]):
                self.walk(tname, t, "", None, doc, f"{where} ({index})")
                return
        self.problems.append(f"{where}: no template for index {index}")


def load(paths):
    templates, problems = [], []
    for p in paths:
        try:
            t = json.load(open(p, encoding="utf-8"))
        except (OSError, ValueError) as e:
            problems.append(f"{p}: {e}")
            continue
        check_template(p, t, problems)
        templates.append((p, t))
    return templates, problems


def run(templates, lines):
    c = Checker(templates)
    if len(lines) % 2:
        c.problems.append(f"{len(lines)} lines: not action/document pairs")
    for i in range(0, len(lines) - 1, 2):
        try:
            c.pair(json.loads(lines[i]), json.loads(lines[i + 1]), f"line {i + 2}")
        except ValueError as e:
            c.problems.append(f"line {i + 1}: {e}")
    return c


def self_test(templates):
    """The checker must catch what Elasticsearch would refuse or map on its own."""
    a = '{"index":{"_index":"packets-2026-01-01"}}'
    bad = {
        "uncovered": '{"newlayer":{"x":1}}',
        "not an ip": '{"ip":{"src":"10.0.0.300"}}',
        "port too big": '{"tcp":{"sport":4294967296}}',
        "object into leaf": '{"frame":{"len":{"x":1}}}',
        "leaf into object": '{"ip":5}',
        "bad date": '{"@timestamp":"2026-01-01 00:00:00"}',
        "nested copy not an ip": '{"gre":{"inner":{"ip":{"src":"x"}}}}',
    }
    failed = 0
    for what, doc in bad.items():
        if not run(templates, [a, doc]).problems:
            print(f"self-test: the checker missed: {what}: {doc}")
            failed = 1
    good = '{"ip":{"src":"192.0.2.1"},"gre":{"inner":{"ipv6":{"src":"2001:db8::1"},"tcp":{"seq":7}}}}'
    c = run(templates, [a, good])
    if c.problems:
        print(f"self-test: a good document refused: {c.problems}")
        failed = 1
    return failed


def main(argv):
    test = argv[1:2] == ["--self-test"]
    paths = argv[2:] if test else argv[1:]
    if not paths:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    templates, problems = load(paths)
    if problems:
        print("\n".join(problems[:30]))
        return 1
    if test:
        return self_test(templates)
    c = run(templates, sys.stdin.read().splitlines())
    if c.problems:
        print("\n".join(c.problems[:30]))
        if len(c.problems) > 30:
            print(f"... {len(c.problems) - 30} more")
        return 1
    print(f"es_template: {len(c.explicit)} field paths mapped explicitly, "
          f"{len(c.by_rule)} by dynamic rules, 0 problems")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
