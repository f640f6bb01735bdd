#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# pktscope-gen sendfile on loopback: a 100 MB transfer checked with the
# independent sha256sum and cmp, IPv6, an empty file, broken and foreign
# clients (python3) that must not stop the receiver, and error messages.
# GEN_SLOW=1 adds a 2.2 GiB sparse file (several sendfile(2) calls).
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
G="$top_builddir/pktscope-gen"
fails=0
check() {
	if [ "$2" = 0 ]; then echo "ok   $1"; else echo "FAIL $1"; fails=$((fails + 1)); fi
}
command -v sha256sum >/dev/null 2>&1 || { echo "SKIP: sha256sum not installed"; exit 77; }
tmp=$(mktemp -d)
rpid=""
trap '[ -n "$rpid" ] && kill $rpid 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
mkdir "$tmp/out" "$tmp/out6"

# receiver NAME ARGS...: starts a receiver, sets $port.
receiver() {
	name=$1; shift
	"$G" sendfile "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
	rpid=$!
	port=""
	for _ in $(seq 50); do
		port=$(sed -n 's/.*listening on .*:\([0-9][0-9]*\), .*/\1/p' "$tmp/$name.out")
		[ -n "$port" ] && return 0
		sleep 0.1
	done
	echo "receiver did not start: $(cat "$tmp/$name.err")"
	return 1
}

head -c 100000000 /dev/urandom >"$tmp/data.bin"
want=$(sha256sum "$tmp/data.bin" | cut -d' ' -f1)
: >"$tmp/empty.bin"

receiver r4 --listen 127.0.0.1:0 --out "$tmp/out" || exit 1
"$G" sendfile --to "127.0.0.1:$port" "$tmp/data.bin" >"$tmp/s.out"
check "100 MB sendfile: sender exit 0" $?
grep -q "sha256=$want" "$tmp/s.out" && grep -q "(match)" "$tmp/s.out" && grep -q "bytes=100000000 " "$tmp/s.out"
check "sender prints bytes and the same SHA-256 as sha256sum, receiver matches" $?
cmp -s "$tmp/data.bin" "$tmp/out/data.bin"
check "received file is byte-identical (cmp)" $?
grep -q "received data.bin .*bytes=100000000 .*MB/s=.*sha256=$want" "$tmp/r4.out"
check "receiver prints bytes, MB/s and the SHA-256" $?

# Clients that misbehave: the receiver reports them and keeps serving.
python3 - "$port" <<'PY' || true
import socket, struct, sys, time
p = int(sys.argv[1])
s = socket.create_connection(("127.0.0.1", p)); s.sendall(b"GET / HTTP/1.0\r\n\r\n"); time.sleep(0.2); s.close()
s = socket.create_connection(("127.0.0.1", p))
s.sendall(b"PSGF" + struct.pack(">QH", 1000, 5) + b"short" + b"x" * 10); time.sleep(0.2); s.close()
s = socket.create_connection(("127.0.0.1", p))
s.sendall(b"PSGF" + struct.pack(">QH", 1, 2) + b".."); time.sleep(0.2); s.close()
PY
sleep 0.3
grep -q "bad magic" "$tmp/r4.err" && grep -q "before the whole file arrived (partial file removed)" "$tmp/r4.err" \
	&& grep -q "bad file name" "$tmp/r4.err"
check "foreign, truncated and '..' clients: one line each" $?
[ ! -e "$tmp/out/short" ] && [ -z "$(ls -A "$tmp/out" | grep -v '^data.bin$')" ]
check "no partial or stray file left in --out" $?
"$G" sendfile --to "127.0.0.1:$port" "$tmp/empty.bin" >"$tmp/e.out"
[ $? = 0 ] && grep -q "bytes=0 .*(match)" "$tmp/e.out" && [ -f "$tmp/out/empty.bin" ]
check "empty file after the bad clients: still served" $?
kill -TERM "$rpid"; wait "$rpid"; rc=$?; rpid=""
[ $rc = 1 ] && grep -q "sendfile stats: .*accepted=5 " "$tmp/r4.out"
check "SIGTERM: stats printed (exit 1: transfers failed)" $?

# IPv6 and --name.
receiver r6 --listen "[::1]:0" --out "$tmp/out6" --count 1 || exit 1
head -c 3000000 /dev/urandom >"$tmp/small"
"$G" sendfile --to "[::1]:$port" --name renamed.bin "$tmp/small" >/dev/null
check "IPv6 transfer with --name: exit 0" $?
wait "$rpid"; rc=$?; rpid=""
[ $rc = 0 ] && cmp -s "$tmp/small" "$tmp/out6/renamed.bin"
check "receiver --count 1 exits 0 with renamed.bin identical" $?

# Errors.
"$G" sendfile --to 127.0.0.1:1 "$tmp/small" 2>"$tmp/e1"
[ $? = 1 ] && grep -q "refused" "$tmp/e1" && [ "$(wc -l <"$tmp/e1")" = 1 ]
check "sender to a closed port: exit 1, one line" $?
"$G" sendfile --to 127.0.0.1:1 "$tmp/nonexistent" 2>"$tmp/e2"
[ $? = 1 ] && grep -q "No such file" "$tmp/e2"
check "sender of a missing file: exit 1" $?
"$G" sendfile --listen 127.0.0.1:0 --out "$tmp/nodir" 2>"$tmp/e3"
[ $? = 1 ] && grep -q "nodir" "$tmp/e3" && [ "$(wc -l <"$tmp/e3")" = 1 ]
check "receiver with a missing --out: exit 1, one line" $?
"$G" sendfile 2>/dev/null
check "no mode: exit 2" $([ $? = 2 ]; echo $?)

# --copy: file to file in the kernel, both methods, checked with cmp
head -c 3000001 /dev/urandom >"$tmp/src.bin"
for m in sendfile copy_file_range; do
	rm -f "$tmp/dst.bin"
	"$G" sendfile --copy --method $m "$tmp/src.bin" "$tmp/dst.bin" >"$tmp/copy.out" &&
		cmp -s "$tmp/src.bin" "$tmp/dst.bin" &&
		grep -q "with $m: bytes=3000001 .*sha256=$(sha256sum "$tmp/src.bin" | cut -c1-64) (equal)" "$tmp/copy.out"
	check "--copy --method $m: identical copy, SHA-256 printed" $?
done
printf 'longer old content that must go' >"$tmp/dst.bin"
printf 'short' >"$tmp/short.bin"
"$G" sendfile --copy "$tmp/short.bin" "$tmp/dst.bin" >/dev/null && cmp -s "$tmp/short.bin" "$tmp/dst.bin"
check "--copy onto a longer file: truncated to the source" $?
: >"$tmp/empty.bin"
"$G" sendfile --copy "$tmp/empty.bin" "$tmp/dst.bin" >/dev/null && [ ! -s "$tmp/dst.bin" ]
check "--copy of an empty file" $?
ln -f "$tmp/src.bin" "$tmp/hard.bin"
"$G" sendfile --copy "$tmp/src.bin" "$tmp/hard.bin" 2>"$tmp/same.err"
rc=$?
[ $rc = 1 ] && grep -q "same file" "$tmp/same.err" && cmp -s "$tmp/src.bin" "$tmp/hard.bin"
check "--copy onto itself (a hard link): refused, exit 1, source intact" $?
"$G" sendfile --copy "$tmp/nonexistent" "$tmp/x" 2>/dev/null
check "--copy of a missing file: exit 1" $([ $? = 1 ]; echo $?)
"$G" sendfile --copy --method nosuch "$tmp/src.bin" "$tmp/x" 2>/dev/null
check "--copy --method nosuch: exit 2" $([ $? = 2 ]; echo $?)
"$G" sendfile --copy "$tmp/src.bin" 2>/dev/null
check "--copy with one file: exit 2" $([ $? = 2 ]; echo $?)

if [ "${GEN_SLOW:-0}" = 1 ]; then
	truncate -s 2200M "$tmp/huge"
	printf end >>"$tmp/huge"
	receiver rh --listen 127.0.0.1:0 --out "$tmp/out" --count 1 || exit 1
	"$G" sendfile --to "127.0.0.1:$port" "$tmp/huge" | grep -q "(match)"
	check "2.2 GiB sparse file: receiver's SHA-256 matches" $?
	wait "$rpid"; rpid=""
	rm -f "$tmp/huge" "$tmp/out/huge"
fi

[ "$fails" = 0 ] || { echo "$fails check(s) failed"; exit 1; }
exit 0
