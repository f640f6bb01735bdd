# SPDX-License-Identifier: BSD-2-Clause
# The dissectors: one file per protocol, plus the registry table.
libpscore_a_SOURCES += \
	dissectors/dis_layers.h \
	dissectors/registry.c \
	dissectors/dis_eth.c \
	dissectors/dis_vlan.c \
	dissectors/dis_sll.c \
	dissectors/dis_loopback.c \
	dissectors/dis_raw.c \
	dissectors/dis_arp.c \
	dissectors/dis_ipv4.c \
	dissectors/dis_ipv6.c \
	dissectors/dis_tcp.c \
	dissectors/dis_tcp_opts.c \
	dissectors/dis_udp.c \
	dissectors/dis_icmp.c \
	dissectors/dis_icmpv6.c
EXTRA_DIST += dissectors/events
