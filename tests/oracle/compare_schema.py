#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Run ../shared/oracle/compare.py adapted to pktscope's schema, as its MAPPING
comment invites ("adapt the right-hand side once the project's schema is
fixed"), without copying it:
  - SCHEMA.md makes `vlan` an array (outermost tag first): the oracle's
    `vlan.id` is our `vlan.0.id`, so paths may index lists;
  - JSON numbers are read as exact decimals: `frame.ts` of a nanosecond
    capture has 9 decimals, more than a double holds at epoch scale, and a
    float parse would round the 6th decimal the oracle compares.
usage: compare_schema.py SHARED_COMPARE_PY EXPECTED ACTUAL [compare.py options]"""
import decimal
import importlib.util
import json
import sys
import types

spec = importlib.util.spec_from_file_location("oracle_compare", sys.argv[1])
cmp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cmp)

cmp.MAPPING["vlan.id"] = "vlan.0.id"


def get(obj, path):
    for part in path.split("."):
        if isinstance(obj, list) and part.isdigit() and int(part) < len(obj):
            obj = obj[int(part)]
        elif isinstance(obj, dict) and part in obj:
            obj = obj[part]
        else:
            return None
    return obj


cmp.get = get
cmp.json = types.SimpleNamespace(loads=lambda s: json.loads(s, parse_float=decimal.Decimal))
sys.exit(cmp.main(sys.argv[2:]))
