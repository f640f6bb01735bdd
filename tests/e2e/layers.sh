#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The include rules of docs/layout.md: no include loops between modules,
# core and dissectors below capture/render/cli/ui/gen, libpcap, AF_PACKET,
# curses, json-c and OpenSSL only in their layers.  tests/e2e/layers.py
# says what it assumes; it prints one line per violation.
top=${top_srcdir:-$(dirname "$0")/../..}
command -v python3 >/dev/null 2>&1 || { echo "layers: no python3, skipping"; exit 77; }
exec python3 "$top/tests/e2e/layers.py" "$top"
