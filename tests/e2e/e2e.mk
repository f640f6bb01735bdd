TESTS += tests/e2e/cli.sh
EXTRA_DIST += tests/e2e/cli.sh
TESTS += tests/e2e/docs.sh tests/e2e/quickstart.sh
EXTRA_DIST += tests/e2e/docs.sh tests/e2e/quickstart.sh docs scripts
