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
	dissectors/dis_llc.h \
	dissectors/dis_llc.c \
	dissectors/dis_stp.c \
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
	dissectors/dis_stream_buf.h \
	dissectors/dis_stream_buf.c \
	dissectors/dis_dns_stream.h \
	dissectors/dis_dns_stream.c \
	dissectors/dis_tls.h \
	dissectors/dis_tls_int.h \
	dissectors/dis_tls.c \
	dissectors/dis_tls_hello.c \
	dissectors/dis_tls_fp.c \
	dissectors/dis_tls_out.c \
	dissectors/dis_tls_hash.h \
	dissectors/dis_tls_hash.c \
	dissectors/dis_tls_stream.h \
	dissectors/dis_tls_stream.c \
	dissectors/dis_http_stream.h \
	dissectors/dis_http_stream.c \
	dissectors/dis_http.h \
	dissectors/dis_http.c \
	dissectors/dis_http_out.c \
	dissectors/dis_ssh.h \
	dissectors/dis_ssh.c \
	dissectors/dis_dhcp.h \
	dissectors/dis_dhcp.c \
	dissectors/dis_dhcp_text.h \
	dissectors/dis_dhcp_text.c \
	dissectors/dis_ntp.h \
	dissectors/dis_ntp.c \
	dissectors/dis_ntp_text.c \
	dissectors/dis_tunnel.h \
	dissectors/dis_vxlan.c \
	dissectors/dis_geneve.c \
	dissectors/dis_gre.c \
	dissectors/dis_erspan.c \
	dissectors/dis_gtp.c \
	dissectors/dis_quic.h \
	dissectors/dis_quic_priv.h \
	dissectors/dis_quic.c \
	dissectors/dis_quic_initial.c \
	dissectors/dis_quic_hello.c \
	dissectors/dis_quic_conn.h \
	dissectors/dis_quic_conn.c \
	dissectors/dis_quic_crypto.h \
	dissectors/dis_quic_crypto.c \
	dissectors/dis_probe.h \
	dissectors/dis_probe.c
# QUIC Initial decryption (dis_quic_crypto.c, the one dissector file with OpenSSL)
libpscore_a_CFLAGS += $(OPENSSL_CFLAGS)
EXTRA_DIST += dissectors/events
