TESTS += tests/e2e/cli.sh
EXTRA_DIST += tests/e2e/cli.sh
TESTS += tests/e2e/docs.sh tests/e2e/quickstart.sh tests/e2e/cli_usage.sh tests/e2e/cli_robust.sh tests/e2e/install_docs.sh tests/e2e/text_habits.sh tests/e2e/json_extra.sh
EXTRA_DIST += tests/e2e/docs.sh tests/e2e/quickstart.sh tests/e2e/cli_usage.sh tests/e2e/cli_robust.sh tests/e2e/install_docs.sh tests/e2e/text_habits.sh tests/e2e/json_extra.sh docs scripts
# DHCP, NTP and tunnel text against tcpdump on the shared captures
TESTS += tests/e2e/udpapps_text.sh
EXTRA_DIST += tests/e2e/udpapps_text.sh
# The include rules of docs/layout.md (no include loops, layers, where libpcap,
# AF_PACKET, curses, json-c and OpenSSL may be included).
TESTS += tests/e2e/layers.sh
EXTRA_DIST += tests/e2e/layers.sh tests/e2e/layers.py docs/layout.md
TESTS += tests/e2e/dns_text.sh
EXTRA_DIST += tests/e2e/dns_text.sh
