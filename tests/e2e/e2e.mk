TESTS += tests/e2e/cli.sh
EXTRA_DIST += tests/e2e/cli.sh
TESTS += tests/e2e/docs.sh
EXTRA_DIST += tests/e2e/docs.sh docs scripts
# DHCP, NTP and tunnel text against tcpdump on the shared captures
TESTS += tests/e2e/udpapps_text.sh
EXTRA_DIST += tests/e2e/udpapps_text.sh
