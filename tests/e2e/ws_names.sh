#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# src/filter/df_wsnames.inc (tshark's names pktscope does not decode) must be
# what scripts/gen-ws-names.py makes from the tshark version it names.
exec sh "${top_srcdir:-.}/tests/e2e/gen_current.sh" src/filter/df_wsnames.inc gen-ws-names.py
