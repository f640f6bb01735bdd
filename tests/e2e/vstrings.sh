#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# src/filter/df_vstr.inc (tshark's names for field values: "ip.proto == TCP")
# must be what scripts/gen-vstrings.py makes from the tshark version it names.
exec sh "${top_srcdir:-.}/tests/e2e/gen_current.sh" src/filter/df_vstr.inc gen-vstrings.py
