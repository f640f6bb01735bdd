# SPDX-License-Identifier: BSD-2-Clause
# Capture sources: the pcap/pcapng file reader, live capture (libpcap, AF_PACKET TPACKET_V3 ring, raw AF_INET), the pcap
# writer with rotation, -Z privilege drop, -D interface list; their unit and
# end-to-end tests and the live benchmark's sender.
libpscore_a_SOURCES += \
	src/capture/ps_capture.h src/capture/capture.c \
	src/capture/ps_pcapfile.h src/capture/pcapfile_int.h src/capture/pcapfile.c \
	src/capture/pcapfile_ra.c \
	src/capture/pcapng.c src/capture/cap_file.c \
	src/capture/iflist.c src/capture/iflist.h \
	src/capture/bpf_compile.c src/capture/bpf_compile.h \
	src/capture/bpf_filter.c src/capture/bpf_filter.h \
	src/capture/cap_pcap.c \
	src/capture/afpacket_ring.c src/capture/afpacket_ring.h src/capture/afpacket_priv.h \
	src/capture/afpacket_setup.c src/capture/afpacket_setup.h src/capture/afpacket_fanout.c \
	src/capture/afpacket_frame.c src/capture/cap_afpacket.c \
	src/capture/cap_inet.c \
	src/capture/writer.c src/capture/writer.h \
	src/capture/privdrop.c src/capture/privdrop.h

# the paced UDP sender used by live_drops.sh and bench/live-bench.sh
check_PROGRAMS += bench/udpflood
bench_udpflood_SOURCES = bench/udpflood.c

check_PROGRAMS += tests/unit/test_writer tests/unit/test_bpf_compile tests/unit/test_afpacket \
	tests/unit/test_pcapfile tests/unit/test_pcapfile_ra
TESTS += tests/unit/test_writer tests/unit/test_bpf_compile tests/unit/test_afpacket \
	tests/unit/test_pcapfile tests/unit/test_pcapfile_ra

tests_unit_test_pcapfile_SOURCES = tests/unit/test_pcapfile.c
tests_unit_test_pcapfile_CFLAGS = $(PST_CFLAGS)
tests_unit_test_pcapfile_LDADD = $(PST_LDADD)

# the read-ahead thread against the reader without it (pipes, EIO, big records)
tests_unit_test_pcapfile_ra_SOURCES = tests/unit/test_pcapfile_ra.c
tests_unit_test_pcapfile_ra_CFLAGS = $(PST_CFLAGS)
tests_unit_test_pcapfile_ra_LDADD = $(PST_LDADD) $(PTHREAD_LIBS)

tests_unit_test_writer_SOURCES = tests/unit/test_writer.c
tests_unit_test_writer_CFLAGS = $(PST_CFLAGS)
tests_unit_test_writer_LDADD = $(PST_LDADD)

tests_unit_test_bpf_compile_SOURCES = tests/unit/test_bpf_compile.c
tests_unit_test_bpf_compile_CFLAGS = $(PST_CFLAGS) $(PCAP_CFLAGS)
tests_unit_test_bpf_compile_LDADD = $(PST_LDADD)

tests_unit_test_afpacket_SOURCES = tests/unit/test_afpacket.c
tests_unit_test_afpacket_CFLAGS = $(PST_CFLAGS) $(PCAP_CFLAGS)
tests_unit_test_afpacket_LDADD = $(PST_LDADD)

# the reader against mutated containers of ../shared/pcaps (skips without it)
TESTS += tests/e2e/container_mutate.sh
EXTRA_DIST += tests/e2e/container_mutate.sh tests/e2e/container_mutate.py

# real captures in network namespaces (root; they skip with 77 otherwise)
LIVE_TESTS = \
	tests/e2e/live_sources.sh \
	tests/e2e/live_write.sh \
	tests/e2e/live_privdrop.sh \
	tests/e2e/live_drops.sh \
	tests/e2e/live_errors.sh \
	tests/e2e/live_write_flush.sh \
	tests/e2e/live_flow_tick.sh
TESTS += $(LIVE_TESTS)
# -w safety (root: -Z, chown) and honesty (file-size limit, flushing)
TESTS += tests/e2e/write_safety.sh tests/e2e/write_honesty.sh
EXTRA_DIST += tests/e2e/write_safety.sh tests/e2e/write_honesty.sh
EXTRA_DIST += $(LIVE_TESTS) tests/e2e/live_lib.sh tests/e2e/live_check.py bench/live-bench.sh
