# SPDX-License-Identifier: BSD-2-Clause
# src/gen/gen_tls.mk (owned by the gen-tls helper): the TLS echo server and
# the crypto server (AF_ALG + OpenSSL EVP backends), with their tests.
GEN_CRYPTO_CORE = src/gen/gen_crypto.h src/gen/gen_crypto.c \
	src/gen/gen_crypto_afalg.c src/gen/gen_crypto_evp.c
GEN_TLS_SOURCES = $(GEN_CRYPTO_CORE) src/gen/gen_crypto_cli.h \
	src/gen/gen_crypto_main.c src/gen/gen_crypto_server.c src/gen/gen_crypto_bench.c \
	src/gen/gen_crypto_file.c \
	src/gen/gen_tls_echo.c src/gen/tls_echo.h src/gen/tls_conn.c \
	src/gen/tls_ctx.h src/gen/tls_ctx.c src/gen/tls_cert.c

check_PROGRAMS += tests/unit/test_gen_crypto
TESTS += tests/unit/test_gen_crypto
tests_unit_test_gen_crypto_SOURCES = tests/unit/test_gen_crypto.c $(GEN_CRYPTO_CORE)
tests_unit_test_gen_crypto_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/src/gen
tests_unit_test_gen_crypto_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS) $(OPENSSL_CFLAGS)
tests_unit_test_gen_crypto_LDADD = $(CUNIT_LIBS) $(OPENSSL_LIBS)

check_PROGRAMS += tests/unit/test_gen_tls
TESTS += tests/unit/test_gen_tls
tests_unit_test_gen_tls_SOURCES = tests/unit/test_gen_tls.c \
	src/gen/tls_ctx.h src/gen/tls_ctx.c src/gen/tls_cert.c
tests_unit_test_gen_tls_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/src/gen
tests_unit_test_gen_tls_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS) $(OPENSSL_CFLAGS)
tests_unit_test_gen_tls_LDADD = $(CUNIT_LIBS) $(OPENSSL_LIBS)

# gen_crypto_afalg_vm.sh skips unless GEN_VM_KERNEL_DIR names a kernel to boot.
TESTS += tests/e2e/gen_crypto.sh tests/e2e/gen_crypto_file.sh tests/e2e/gen_tls.sh tests/e2e/gen_crypto_afalg_vm.sh \
	tests/e2e/gen_tls_peer.sh
EXTRA_DIST += tests/e2e/gen_crypto.sh tests/e2e/gen_crypto_file.sh tests/e2e/gen_tls.sh tests/e2e/gen_crypto_afalg_vm.sh \
	docs/pktscope-gen-tls.md tests/e2e/gen_tls_peer.sh
