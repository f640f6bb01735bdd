#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Regenerate samples/demo.pcap from real traffic: two network namespaces joined
# by a veth pair, one 802.1Q VLAN on top, and ordinary tools making ARP, NDP,
# ICMP/ICMPv6 echo (one fragmented), a TCP connection with data over IPv4 and
# IPv6, UDP datagrams and an ICMP port unreachable.  All traffic stays inside
# the two namespaces made here, which are removed on exit.
# Needs root, iproute2, tcpdump, ping, python3.   usage: samples/make-demo.sh [OUT]
set -euo pipefail
OUT=${1:-$(dirname "$0")/demo.pcap}
A=psdemo_a$$ B=psdemo_b$$
cleanup() {
	for ns in "$A" "$B"; do
		for p in $(ip netns pids "$ns" 2>/dev/null); do kill "$p" 2>/dev/null || true; done
	done
	sleep 0.2
	ip netns del "$A" 2>/dev/null || true
	ip netns del "$B" 2>/dev/null || true
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] || { echo "make-demo.sh: needs root (network namespaces)" >&2; exit 1; }
ina() { ip netns exec "$A" "$@"; }
inb() { ip netns exec "$B" "$@"; }

ip netns add "$A"; ip netns add "$B"
ip link add va netns "$A" type veth peer name vb netns "$B"
ina ip link set va address 02:00:00:00:00:0a
inb ip link set vb address 02:00:00:00:00:0b
ina ip addr add 192.0.2.1/24 dev va
inb ip addr add 192.0.2.2/24 dev vb
ina ip -6 addr add 2001:db8::1/64 dev va nodad
inb ip -6 addr add 2001:db8::2/64 dev vb nodad
ina ip link set va up; inb ip link set vb up
ina ip link set lo up; inb ip link set lo up
# a tagged VLAN (id 42) on the same wire, where the kernel has 802.1Q
VLAN=0
if ina ip link add link va name va.42 type vlan id 42 2>/dev/null; then
	VLAN=1
	inb ip link add link vb name vb.42 type vlan id 42
	ina ip addr add 198.51.100.1/24 dev va.42
	inb ip addr add 198.51.100.2/24 dev vb.42
	ina ip link set va.42 up; inb ip link set vb.42 up
else
	echo "make-demo.sh: no 802.1Q support in this kernel: no VLAN traffic" >&2
fi
# software checksums and no offloads, so frames look as on a physical wire
for ns in "$A" "$B"; do ip netns exec "$ns" sh -c 'for d in va vb; do ethtool -K $d tx off tso off gso off gro off 2>/dev/null; done' || true; done
sleep 0.5

inb python3 -c '
import socket, threading
def tcp():
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0); s.bind(("::", 7000)); s.listen(4)
    for _ in range(2):
        c, _a = s.accept(); d = c.recv(4096); c.sendall(d.upper()); c.close()
def udp():
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("0.0.0.0", 40001))
    for _ in range(2):
        d, a = u.recvfrom(2048); u.sendto(d, a)
t = threading.Thread(target=udp, daemon=True); t.start(); tcp(); t.join(10)
' &
sleep 0.5
tmp=$(mktemp)
ina timeout 20 tcpdump -i va -s 0 -U -w "$tmp" 2>/dev/null &
TCPD=$!
sleep 1
ina ip neigh flush dev va || true
ina ping -c 2 -i 0.2 -q 192.0.2.2 >/dev/null
ina ping -c 1 -s 2000 -q 192.0.2.2 >/dev/null           # fragmented echo
ina ping -6 -c 2 -i 0.2 -q 2001:db8::2 >/dev/null
[ "$VLAN" = 0 ] || ina ping -c 1 -q 198.51.100.2 >/dev/null   # over VLAN 42
ina python3 -c '
import socket
for fam, addr in ((socket.AF_INET, "192.0.2.2"), (socket.AF_INET6, "2001:db8::2")):
    c = socket.create_connection((addr, 7000)); c.sendall(b"hello pktscope\n"); c.recv(100); c.close()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.settimeout(2)
for i in range(2):
    u.sendto(b"datagram %d" % i, ("192.0.2.2", 40001)); u.recvfrom(100)
u.sendto(b"nobody listens", ("192.0.2.2", 40999))       # ICMP port unreachable
'
sleep 1
kill -INT "$TCPD"; wait "$TCPD" 2>/dev/null || true
mv "$tmp" "$OUT"
chmod 644 "$OUT"
echo "wrote $OUT: $(tcpdump -r "$OUT" 2>/dev/null | wc -l) packets"
