TESTS += tests/e2e/cli.sh
EXTRA_DIST += tests/e2e/cli.sh
TESTS += tests/e2e/docs.sh
EXTRA_DIST += tests/e2e/docs.sh docs scripts
TESTS += tests/e2e/dns_text.sh
EXTRA_DIST += tests/e2e/dns_text.sh
