#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Regenerate samples/demo.pcap from real traffic: two network namespaces joined
# by a veth pair, one 802.1Q VLAN on top, and ordinary tools making ARP, NDP,
# ICMP/ICMPv6 echo (one fragmented), a TCP connection with data over IPv4 and
# IPv6, UDP datagrams and an ICMP port unreachable.  All traffic stays inside
# the two namespaces made here, which are removed on exit.
# With --app, samples/demo-app.pcap instead: application traffic between the
# same two namespaces (servers from samples/demo-app.py, openssl, ngtcp2):
#   DNS over UDP and TCP (A, AAAA, CNAME, TXT, NXDOMAIN, EDNS)   port 53
#   HTTP/1.1 (curl: two requests on one connection, one 404)       port 80
#   TLS 1.3 and 1.2 handshakes with SNI and ALPN (openssl)         port 443, 8443
#   QUIC v1 with SNI and ALPN h3 (ngtcp2's gtlsclient/gtlsserver)  udp 443
# QUIC is left out, and the script says so, without ngtcp2-client and
# ngtcp2-server (Debian 12 packages; curl 7.88 in Debian 12 has no HTTP/3).
# Needs root, iproute2, tcpdump, ping, python3 (--app: curl, openssl too).
# usage: samples/make-demo.sh [--app] [OUT]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
APP=0
[ "${1:-}" = --app ] && { APP=1; shift; }
if [ "$APP" = 1 ]; then OUT=${1:-$HERE/demo-app.pcap}; else OUT=${1:-$HERE/demo.pcap}; fi
A=psdemo_a$$ B=psdemo_b$$
WORK=$(mktemp -d)
cleanup() {
	for ns in "$A" "$B"; do
		for p in $(ip netns pids "$ns" 2>/dev/null); do kill "$p" 2>/dev/null || true; done
	done
	sleep 0.2
	ip netns del "$A" 2>/dev/null || true
	ip netns del "$B" 2>/dev/null || true
	rm -rf "$WORK" "/etc/netns/$A"
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
if [ "$APP" = 0 ] && ina ip link add link va name va.42 type vlan id 42 2>/dev/null; then
	VLAN=1
	inb ip link add link vb name vb.42 type vlan id 42
	ina ip addr add 198.51.100.1/24 dev va.42
	inb ip addr add 198.51.100.2/24 dev vb.42
	ina ip link set va.42 up; inb ip link set vb.42 up
elif [ "$APP" = 0 ]; then
	echo "make-demo.sh: no 802.1Q support in this kernel: no VLAN traffic" >&2
fi
# software checksums and no offloads, so frames look as on a physical wire
for ns in "$A" "$B"; do ip netns exec "$ns" sh -c 'for d in va vb; do ethtool -K $d tx off tso off gso off gro off >/dev/null 2>&1; done' || true; done
sleep 0.5

# start_capture / stop_capture: tcpdump on A's side of the wire into $OUT
start_capture() {
	ina timeout 60 tcpdump -i va -s 0 -U -w "$WORK/cap.pcap" 2>/dev/null &
	TCPD=$!
	sleep 1
}
stop_capture() {
	sleep 1
	kill -TERM "$TCPD"; wait "$TCPD" 2>/dev/null || true   # (the shell may say "Terminated")
	mv "$WORK/cap.pcap" "$OUT"
	chmod 644 "$OUT"
	echo "wrote $OUT: $(tcpdump -r "$OUT" 2>/dev/null | wc -l) packets"
}

base_traffic() {
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
	start_capture
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
	stop_capture
}

# tls_hello VERSION ADDR PORT ALPN: one handshake, then close_notify (stdin
# is empty); the server's TLS 1.3 session tickets are in the capture too
tls_hello() {
	ina timeout 5 openssl s_client "$1" -connect "$2:$3" -servername www.demo.test \
		-alpn "$4" -sess_out "$WORK/sess" </dev/null >/dev/null 2>&1 || true
}

app_traffic() {
	for t in curl openssl; do command -v "$t" >/dev/null || { echo "make-demo.sh: --app needs $t" >&2; exit 1; }; done
	# a small EC certificate keeps the handshakes (and the capture) short
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
		-subj /CN=www.demo.test -addext subjectAltName=DNS:www.demo.test \
		-keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
	inb timeout 40 python3 "$HERE/demo-app.py" serve 35 >"$WORK/serve.log" &
	# one server per address: s_server's [::] socket is IPv6-only
	for at in 192.0.2.2:443 '[2001:db8::2]:443' 192.0.2.2:8443 '[2001:db8::2]:8443'; do
		inb timeout 40 openssl s_server -accept "$at" -cert "$WORK/cert.pem" \
			-key "$WORK/key.pem" -alpn h2,http/1.1 -naccept 1 -quiet >/dev/null 2>&1 </dev/null &
	done
	# www.demo.test for the clients in A: ip netns exec mounts /etc/netns/A/hosts
	# over /etc/hosts (gtlsclient sends "localhost" as SNI for a numeric host
	# even with --sni, so it needs a name)
	mkdir -p "/etc/netns/$A"
	echo "192.0.2.2 www.demo.test" >"/etc/netns/$A/hosts"
	QUIC=0
	if command -v gtlsclient >/dev/null && { command -v gtlsserver || [ -x /usr/sbin/gtlsserver ]; } >/dev/null; then
		QUIC=1
		mkdir -p "$WORK/htdocs"; echo "pktscope demo over h3" >"$WORK/htdocs/index.html"
		inb timeout 40 "$(command -v gtlsserver || echo /usr/sbin/gtlsserver)" -q -d "$WORK/htdocs" \
			192.0.2.2 443 "$WORK/key.pem" "$WORK/cert.pem" >/dev/null 2>&1 &
	else
		echo "make-demo.sh: no ngtcp2 gtlsclient/gtlsserver (apt-get install ngtcp2-client ngtcp2-server): no QUIC traffic" >&2
	fi
	for _ in $(seq 50); do grep -q ready "$WORK/serve.log" 2>/dev/null && break; sleep 0.1; done
	sleep 0.5
	start_capture
	ina python3 "$HERE/demo-app.py" ask 192.0.2.2                     # DNS, UDP then TCP
	ina python3 "$HERE/demo-app.py" ask 2001:db8::2
	ina curl -s -o /dev/null -o /dev/null http://www.demo.test/index.html http://www.demo.test/missing
	ina curl -s -o /dev/null -g -H 'Host: www.demo.test' 'http://[2001:db8::2]/'
	tls_hello -tls1_3 192.0.2.2 443 h2,http/1.1
	tls_hello -tls1_2 '[2001:db8::2]' 443 http/1.1
	tls_hello -tls1_2 192.0.2.2 8443 h2                                # TLS on a port of no protocol
	tls_hello -tls1_3 '[2001:db8::2]' 8443 h2,http/1.1
	if [ "$QUIC" = 1 ]; then
		ina timeout 10 gtlsclient -q --exit-on-all-streams-close \
			www.demo.test 443 https://www.demo.test/index.html >/dev/null 2>&1 || true
	fi
	stop_capture
}

if [ "$APP" = 1 ]; then app_traffic; else base_traffic; fi
