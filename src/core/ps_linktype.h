/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_linktype.h - link-layer types: the DLT_* numbers libpcap reports on
 * Linux, the LINKTYPE_* numbers stored in pcap/pcapng files, and their names.
 *
 * One table (linktype.c) serves the file reader, the pcap writer, the live
 * sources and the TUI, without including <pcap.h> (dissectors must not).
 * The two numberings differ only for a few old types (RAW: DLT 12 on Linux,
 * LINKTYPE 101 in files); elsewhere they are equal.
 */
#ifndef PS_LINKTYPE_H
#define PS_LINKTYPE_H

#include <stdint.h>

#define PS_DLT_NULL 0         /* BSD loopback, family in the writer's byte order */
#define PS_DLT_EN10MB 1       /* Ethernet */
#define PS_DLT_RAW 12         /* raw IP (LINKTYPE_RAW 101 is mapped to this by libpcap) */
#define PS_LINKTYPE_RAW 101   /* the same, as stored in files, for callers that bypass libpcap */
#define PS_DLT_LOOP 108       /* OpenBSD loopback, family in network byte order */
#define PS_DLT_LINUX_SLL 113  /* Linux cooked v1 */
#define PS_DLT_IPV4 228
#define PS_DLT_IPV6 229
#define PS_DLT_LINUX_SLL2 276 /* Linux cooked v2 */

/* The link-type field of a pcap file header: the low 26 bits are the type,
 * the upper 6 carry FCS information (libpcap's LT_LINKTYPE). */
#define PS_LINKTYPE_MASK 0x03FFFFFFu

/* LINKTYPE_* as stored in a file -> DLT_* (masked with PS_LINKTYPE_MASK first). */
int ps_linktype_to_dlt(uint32_t linktype);
/* DLT_* -> LINKTYPE_* for a file we write. */
uint32_t ps_dlt_to_linktype(int dlt);
/* libpcap's name of a DLT ("EN10MB"), or "UNKNOWN"; a static string. */
const char *ps_dlt_name(int dlt);

#endif
