#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Install what a fresh Debian 12 machine lacks to build and test pktscope.
# Build: compiler, autotools, the eight libraries (librdkafka: the Kafka sink
# and, in the tests, its mock cluster; configure --without-kafka drops it).
# Tests: clang (libFuzzer), python3 + jq (JSON checks), tcpdump/tshark (comparisons), iproute2 and ping
# (network-namespace tests), tmux (TUI tests), openssl (TLS tests), redis and kcat
# (sink tests), time (peak RSS checks), man-db (man page checks).
set -eu
PKGS="build-essential autoconf automake pkg-config
libpcap-dev libjson-c-dev libncurses-dev libcunit1-dev libssl-dev libpcre2-dev libhiredis-dev
librdkafka-dev
clang libclang-rt-14-dev python3 jq tcpdump tshark iproute2 iputils-ping ethtool
tmux openssl netcat-openbsd procps psmisc curl tzdata redis-server redis-tools kcat time man-db"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "install-deps: everything is installed"
	exit 0
fi
echo "install-deps: installing$missing"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# tshark asks whether non-root users may capture: answer no, non-interactively
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
