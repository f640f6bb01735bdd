# SPDX-License-Identifier: BSD-2-Clause
# The dissectors: one file per protocol (large ones split by part), their
# shared helpers, and the registry table.
libpscore_a_SOURCES += \
	dissectors/dis_layers.h \
	dissectors/protocols.def \
	dissectors/registry.c \
	dissectors/dis_common.h \
	dissectors/dis_common.c \
	dissectors/dis_cksum.h \
	dissectors/dis_cksum.c \
	dissectors/dis_eth.c \
	dissectors/dis_vlan.c \
	dissectors/dis_sll.c \
	dissectors/dis_loopback.c \
	dissectors/dis_raw.c \
	dissectors/dis_arp.c \
	dissectors/dis_ip.h \
	dissectors/dis_ip_common.c \
	dissectors/dis_ipv4.h \
	dissectors/dis_ipv4.c \
	dissectors/dis_ipv4_opts.c \
	dissectors/dis_ipv6_ext.h \
	dissectors/dis_ipv6.c \
	dissectors/dis_ipv6_ext.c \
	dissectors/dis_tcp.h \
	dissectors/dis_tcp.c \
	dissectors/dis_tcp_opts.c \
	dissectors/dis_udp.c \
	dissectors/dis_icmp.c \
	dissectors/dis_icmpv6.h \
	dissectors/dis_icmpv6.c \
	dissectors/dis_icmpv6_nd.c \
	dissectors/dis_dns.h \
	dissectors/dis_dns.c \
	dissectors/dis_dns_rr.c \
	dissectors/dis_dns_text.c \
	dissectors/dis_tls.h \
	dissectors/dis_tls_int.h \
	dissectors/dis_tls.c \
	dissectors/dis_tls_hello.c \
	dissectors/dis_tls_fp.c \
	dissectors/dis_tls_out.c \
	dissectors/dis_tls_hash.h \
	dissectors/dis_tls_hash.c \
	dissectors/dis_http.h \
	dissectors/dis_http.c \
	dissectors/dis_http_out.c \
	dissectors/dis_ssh.h \
	dissectors/dis_ssh.c
EXTRA_DIST += dissectors/events
