# SPDX-License-Identifier: BSD-2-Clause
# tests/unit/l7.mk - CUnit suites of the application-layer dissectors.
