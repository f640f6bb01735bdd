# SPDX-License-Identifier: BSD-2-Clause
# pktscope-gen: the bundled traffic generators.
include src/gen/gen_core.mk
include src/gen/gen_tls.mk
