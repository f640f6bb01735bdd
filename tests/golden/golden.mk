# SPDX-License-Identifier: BSD-2-Clause
# Golden tests over samples/.
TESTS += tests/golden/run.sh
EXTRA_DIST += tests/golden/run.sh tests/golden/MANIFEST tests/golden/expected samples
