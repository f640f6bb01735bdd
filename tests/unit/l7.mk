# SPDX-License-Identifier: BSD-2-Clause
# tests/unit/l7.mk - CUnit suites of the application-layer dissectors.
check_PROGRAMS += tests/unit/test_dns
TESTS += tests/unit/test_dns

tests_unit_test_dns_SOURCES = tests/unit/test_dns.c
tests_unit_test_dns_CFLAGS = $(PST_CFLAGS)
tests_unit_test_dns_LDADD = $(PST_LDADD)

# TLS, HTTP/1.x, SSH (l7_frame.c: their hand-built TCP frames)
check_PROGRAMS += tests/unit/test_tls tests/unit/test_http tests/unit/test_ssh
TESTS += tests/unit/test_tls tests/unit/test_http tests/unit/test_ssh
tests_unit_test_tls_SOURCES = tests/unit/test_tls.c tests/unit/l7_frame.c tests/unit/l7_frame.h \
	tests/unit/tls_build.c tests/unit/tls_build.h
tests_unit_test_tls_CFLAGS = $(PST_CFLAGS)
tests_unit_test_tls_LDADD = $(PST_LDADD)
tests_unit_test_http_SOURCES = tests/unit/test_http.c tests/unit/l7_frame.c tests/unit/l7_frame.h
tests_unit_test_http_CFLAGS = $(PST_CFLAGS)
tests_unit_test_http_LDADD = $(PST_LDADD)
tests_unit_test_ssh_SOURCES = tests/unit/test_ssh.c tests/unit/l7_frame.c tests/unit/l7_frame.h
tests_unit_test_ssh_CFLAGS = $(PST_CFLAGS)
tests_unit_test_ssh_LDADD = $(PST_LDADD)
# frames around hand-built application payloads, for these suites
tests_unit_libpstest_a_SOURCES += tests/unit/pst_build.c tests/unit/pst_build.h

check_PROGRAMS += tests/unit/test_dhcp tests/unit/test_ntp tests/unit/test_tunnels \
	tests/unit/test_quic tests/unit/test_erspan tests/unit/test_stream_buf
TESTS += tests/unit/test_dhcp tests/unit/test_ntp tests/unit/test_tunnels tests/unit/test_quic \
	tests/unit/test_erspan tests/unit/test_stream_buf

tests_unit_test_dhcp_SOURCES = tests/unit/test_dhcp.c
tests_unit_test_dhcp_CFLAGS = $(PST_CFLAGS)
tests_unit_test_dhcp_LDADD = $(PST_LDADD)

tests_unit_test_ntp_SOURCES = tests/unit/test_ntp.c
tests_unit_test_ntp_CFLAGS = $(PST_CFLAGS)
tests_unit_test_ntp_LDADD = $(PST_LDADD)

tests_unit_test_stream_buf_SOURCES = tests/unit/test_stream_buf.c
tests_unit_test_stream_buf_CFLAGS = $(PST_CFLAGS)
tests_unit_test_stream_buf_LDADD = $(PST_LDADD)

tests_unit_test_tunnels_SOURCES = tests/unit/test_tunnels.c
tests_unit_test_tunnels_CFLAGS = $(PST_CFLAGS)
tests_unit_test_tunnels_LDADD = $(PST_LDADD)

tests_unit_test_erspan_SOURCES = tests/unit/test_erspan.c
tests_unit_test_erspan_CFLAGS = $(PST_CFLAGS)
tests_unit_test_erspan_LDADD = $(PST_LDADD)

# test_quic also encrypts the packets it decodes, with OpenSSL directly
tests_unit_test_quic_SOURCES = tests/unit/test_quic.c
tests_unit_test_quic_CFLAGS = $(PST_CFLAGS) $(OPENSSL_CFLAGS) -I$(srcdir)/dissectors
tests_unit_test_quic_LDADD = $(PST_LDADD) $(OPENSSL_LIBS)

check_PROGRAMS += tests/unit/test_probe
TESTS += tests/unit/test_probe
tests_unit_test_probe_SOURCES = tests/unit/test_probe.c tests/unit/probe_frame.h
tests_unit_test_probe_CFLAGS = $(PST_CFLAGS)
tests_unit_test_probe_LDADD = $(PST_LDADD)
