# SPDX-License-Identifier: BSD-2-Clause
# live_lib.sh - sourced by the live_*.sh tests (after `set -eu`): skip rules,
# two network namespaces joined by a veth pair, background capture helpers,
# and a cleanup that always runs (trap on EXIT) and kills only our own PIDs.
#
#   $NSA --veth-- $NSB     $VA 10.77.0.1 02:00:00:77:00:01 | $VB 10.77.0.2 02:00:00:77:00:02
# IPv6 is off in both namespaces so that no router/neighbour chatter mixes in.

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
need() { for t in "$@"; do command -v "$t" >/dev/null 2>&1 || skip "$t is not installed"; done; }

[ "$(id -u)" = 0 ] || skip "needs root (network namespaces, capture sockets)"
need ip timeout python3
PS=${top_builddir:-.}/pktscope
[ -x "$PS" ] || skip "$PS is not built"
PS=$(cd "$(dirname "$PS")" && pwd)/pktscope

T=${LIVE_TAG:-psT}$$ # LIVE_TAG: a test's own prefix for its namespaces
NSA=${T}a NSB=${T}b
VT=${LIVE_VETH_TAG:-$T} # interface names: at most 15 characters
VA=${VT}x VB=${VT}y
IPA=10.77.0.1 IPB=10.77.0.2
MACA=02:00:00:77:00:01 MACB=02:00:00:77:00:02
WORK=$(mktemp -d "/tmp/$T.XXXXXX")
chmod 755 "$WORK"
PIDS=""

live_cleanup() {
	for p in $PIDS; do kill -9 "$p" 2>/dev/null || true; done
	ip netns del "$NSA" 2>/dev/null || true
	ip netns del "$NSB" 2>/dev/null || true
	rm -rf "$WORK"
}
trap live_cleanup EXIT
trap 'exit 1' INT TERM HUP

na() { ip netns exec "$NSA" "$@"; }
nb() { ip netns exec "$NSB" "$@"; }

live_setup() {
	ip netns add "$NSA" || skip "cannot create network namespaces"
	ip netns add "$NSB"
	ip link add "$VA" netns "$NSA" type veth peer name "$VB" netns "$NSB" ||
		skip "cannot create a veth pair"
	for n in "$NSA" "$NSB"; do
		ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 >/dev/null 2>&1 || true
		ip -n "$n" link set lo up
	done
	ip -n "$NSA" link set "$VA" address "$MACA"
	ip -n "$NSB" link set "$VB" address "$MACB"
	ip -n "$NSA" addr add "$IPA/24" dev "$VA"
	ip -n "$NSB" addr add "$IPB/24" dev "$VB"
	ip -n "$NSA" link set "$VA" up
	ip -n "$NSB" link set "$VB" up
	na timeout 5 ping -c1 -W2 "$IPB" >/dev/null || fail "the veth pair does not pass traffic"
	na ip neigh flush all
	nb ip neigh flush all
}

# cap_start NAME NS ARGS...: run pktscope -v ARGS in namespace NS in the
# background (stdout NAME.out, stderr NAME.err), wait until it listens.
# Sets CAP_PID.
cap_start() {
	_n=$1 _ns=$2
	shift 2
	ip netns exec "$_ns" timeout --foreground -s KILL 60 "$PS" -v "$@" >"$WORK/$_n.out" 2>"$WORK/$_n.err" &
	CAP_PID=$!
	PIDS="$PIDS $CAP_PID"
	_i=0
	while ! grep -q "snapshot length" "$WORK/$_n.err" 2>/dev/null; do
		_i=$((_i + 1))
		if [ $_i -gt 100 ] || ! kill -0 "$CAP_PID" 2>/dev/null; then
			cat "$WORK/$_n.err" >&2
			fail "$_n: pktscope did not start"
		fi
		sleep 0.05
	done
}

# cap_stop [SIGNAL]: stop the capture started last, wait for it, check exit 0.
cap_stop() {
	sleep "${CAP_SETTLE:-0.3}" # the ring hands over a block every 50 ms
	kill -"${1:-INT}" "$CAP_PID" 2>/dev/null || true
	_rc=0
	wait "$CAP_PID" || _rc=$?
	[ "$_rc" = 0 ] || { cat "$WORK"/*.err >&2; fail "pktscope exited $_rc after SIG${1:-INT}"; }
}

# child_of PID: the pktscope process under the `timeout` wrapper cap_start runs
child_of() {
	for st in /proc/[0-9]*/status; do
		[ "$(sed -n 's/^PPid:[[:space:]]*//p' "$st" 2>/dev/null)" = "$1" ] &&
			basename "$(dirname "$st")" && return 0
	done
	return 1
}

# status_ids PATH: "uid uid uid uid / gid gid gid gid / groups" of the
# /proc status file PATH (a process's or one of its threads')
status_ids() {
	awk '/^Uid:/{u=$2" "$3" "$4" "$5} /^Gid:/{g=$2" "$3" "$4" "$5}
	     /^Groups:/{$1=""; gr=$0} END{print u" / "g" /"gr}' "$1"
}

# summary_field NAME WHAT: the number before "packets WHAT" in NAME.err
summary_field() {
	sed -n "s/^\([0-9][0-9]*\) packets\{0,1\} $2\$/\1/p" "$WORK/$1.err"
}

# Generate the traffic every source test expects, from NSA to NSB:
# ARP + 2 pings, a TCP connection carrying "hello\n" to port 8080, 2 UDP
# datagrams ("u0", "u1") to port 5353.
traffic() {
	nb timeout 10 nc -l "$IPB" 8080 >"$WORK/nc.out" &
	_ncpid=$!
	PIDS="$PIDS $_ncpid"
	sleep 0.3
	na ip neigh flush all
	na timeout 5 ping -c2 -i0.2 -W2 "$IPB" >/dev/null
	printf 'hello\n' | na timeout 5 nc -N "$IPB" 8080
	na timeout 5 python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(2):
    s.sendto(b"u%d" % i, (sys.argv[1], 5353))' "$IPB"
	wait "$_ncpid" 2>/dev/null || true
}
