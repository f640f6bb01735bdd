#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Gaps found against the socket cheat sheet (issue 13, requirement 5):
# echo -v names each peer (an IPv4 client of a dual-stack [::] listener as
# [::ffff:127.0.0.1]:PORT) on every engine and for UDP; udp-send --text
# sends text; the socketpair module (parent/child over socketpair + fork).
set -u
. "${top_srcdir:-.}/tests/e2e/gen_lib.sh"

# serve NAME ARGS: echo -v in the background, sets $port from its first line.
serve() {
	n=$1; shift
	"$G" echo -v --listen '[::]:0' "$@" >"$tmp/$n.out" 2>"$tmp/$n.err" &
	bg=$!
	await_port first_port "$tmp/$n.out"
}
first_port() { sed -n 's/.*\]:\([0-9][0-9]*\) .*/\1/p' "$1" | head -1; }
stop() { kill -INT $bg; wait $bg; bg=""; }

for eng in epoll poll select thread; do
	serve $eng --engine $eng || { check "echo --engine $eng starts" 1; continue; }
	python3 - "$port" <<'PY'
import socket, sys
for host in ("127.0.0.1", "::1"):
    c = socket.create_connection((host, int(sys.argv[1])))
    c.sendall(b"hi"); c.recv(2); c.close()
PY
	sleep 0.2
	stop
	grep -q "accepted from \[::ffff:127.0.0.1\]:[0-9]" "$tmp/$eng.err" &&
		grep -q "accepted from \[::1\]:[0-9]" "$tmp/$eng.err"
	check "echo -v --engine $eng names the peers [::ffff:127.0.0.1]:PORT and [::1]:PORT" $?
done

serve udp --udp || exit 1
python3 - "$port" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(5)
s.sendto(b"hello", ("127.0.0.1", int(sys.argv[1]))); s.recv(5)
PY
stop
grep -q "datagram of 5 bytes from \[::ffff:127.0.0.1\]:[0-9]" "$tmp/udp.err"
check "echo -v --udp names each datagram's peer" $?

# udp-send --text: the text alone (size = its length), then after a stamp, repeated.
# Python's repr() quotes with " when the bytes hold a ' (the stamp's send
# time sometimes does), so the last line may end in either quote.
python3 - >"$tmp/text.out" 2>"$tmp/text.err" <<'PY' &
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0)); s.settimeout(30)
print(s.getsockname()[1], flush=True)
for _ in range(3):
    print(repr(s.recv(100)), flush=True)
PY
bg=$!
for _ in $(seq 50); do [ -s "$tmp/text.out" ] && break; sleep 0.1; done
port=$(head -1 "$tmp/text.out")
"$G" udp-send --to "127.0.0.1:$port" --text "Hello IPv4" --count 2 --interval 10ms >/dev/null &&
	"$G" udp-send --to "127.0.0.1:$port" --stamp --text "ab" --size 37 --count 1 >/dev/null
check "udp-send --text: exit 0" $?
wait $bg
bg=""
[ "$(sed -n 2p "$tmp/text.out")" = "b'Hello IPv4'" ] && [ "$(sed -n 3p "$tmp/text.out")" = "b'Hello IPv4'" ] &&
	sed -n 4p "$tmp/text.out" | grep -q "ababa[\"']$"
rc=$?
[ $rc = 0 ] || { echo "receiver printed:"; cat "$tmp/text.out" "$tmp/text.err"; }
check "udp-send --text: the text as the datagram; after --stamp's header, repeated to --size" $rc

for t in stream dgram seqpacket; do
	"$G" socketpair --type $t --messages 50 --size 3000 >"$tmp/sp.out"
	rc=$?
	ppid_=$(sed -n 's/^parent pid: //p' "$tmp/sp.out")
	cpid=$(sed -n 's/^child pid: //p' "$tmp/sp.out")
	[ $rc = 0 ] && grep -q "^c\[$cpid\] ---> p\[$ppid_\]: 3000 bytes" "$tmp/sp.out" &&
		grep -q "^p\[$ppid_\] ---> c\[$cpid\]: 3000 bytes" "$tmp/sp.out" &&
		grep -q "round_trips=50 mismatches=0" "$tmp/sp.out" && grep -q "echoed=50 child ok" "$tmp/sp.out"
	check "socketpair --type $t: 50 round trips verified, both directions logged with pids" $?
done
"$G" socketpair --type raw 2>/dev/null
check "socketpair --type raw: exit 2" $([ $? = 2 ]; echo $?)

finish
