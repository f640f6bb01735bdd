#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# pktscope-gen resolve and info, checked against python3's socket module
# (getaddrinfo, gethostname, if_nameindex) as the independent reference.
set -u
. "${top_srcdir:-.}/tests/e2e/gen_lib.sh"

out=$("$G" resolve 127.0.0.1)
echo "$out" | grep -q "ipv4  127.0.0.1  integer 2130706433 hex 0x7f000001"
check "resolve 127.0.0.1: numeric forms" $?
"$G" resolve ::1 | grep -q "ipv6  ::1  full 0000:0000:0000:0000:0000:0000:0000:0001"
check "resolve ::1: full IPv6 form" $?
"$G" resolve 'fe80::1%lo' | grep -q "fe80::1%lo .*scope 1 (lo)"
check "resolve fe80::1%lo: scope id and interface" $?
"$G" resolve no-such-host.invalid >"$tmp/inv"
[ $? = 1 ] && grep -q "^no-such-host.invalid: invalid (" "$tmp/inv"
check "resolve of a bad name: 'invalid', exit 1" $?
"$G" resolve 2>/dev/null
check "resolve without HOST: exit 2" $([ $? = 2 ]; echo $?)

# Same address set as python's getaddrinfo, for localhost and the host name.
for h in localhost "$(python3 -c 'import socket; print(socket.gethostname())')"; do
	"$G" resolve --json "$h" >"$tmp/r.json"
	python3 - "$tmp/r.json" "$h" <<'PY'
import json, socket, sys
r = json.load(open(sys.argv[1]))
try:
    ref = {a[4][0] for a in socket.getaddrinfo(sys.argv[2], None) if a[0] in (socket.AF_INET, socket.AF_INET6)}
except socket.gaierror:
    ref = None
got = {a["address"] for a in r["addresses"]} if r["valid"] else None
sys.exit(0 if got == ref else 1)
PY
	check "resolve --json $h: same addresses as python getaddrinfo" $?
done

"$G" info >"$tmp/info.txt"
check "info: exit 0" $?
grep -q "^host $(python3 -c 'import socket; print(socket.gethostname())')$" "$tmp/info.txt" \
	&& grep -q "^interface lo (index" "$tmp/info.txt" && grep -q "inet  127.0.0.1/8" "$tmp/info.txt"
check "info: host name, lo with 127.0.0.1/8" $?
"$G" info --json >"$tmp/info.json"
python3 - "$tmp/info.json" <<'PY'
import json, socket, sys
j = json.load(open(sys.argv[1]))
names = {n for _, n in socket.if_nameindex()}
idx = {n: i for i, n in socket.if_nameindex()}
ok = j["hostname"] == socket.gethostname() and {i["name"] for i in j["interfaces"]} == names
ok = ok and all(i["index"] == idx[i["name"]] for i in j["interfaces"])
sys.exit(0 if ok else 1)
PY
check "info --json: same interfaces and indexes as python if_nameindex" $?

finish
