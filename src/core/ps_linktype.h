/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_linktype.h - link-layer types as libpcap reports them on Linux (DLT_*),
 * without including <pcap.h> (dissectors must not). */
#ifndef PS_LINKTYPE_H
#define PS_LINKTYPE_H

#define PS_DLT_NULL 0         /* BSD loopback, family in the writer's byte order */
#define PS_DLT_EN10MB 1       /* Ethernet */
#define PS_DLT_RAW 12         /* raw IP (LINKTYPE_RAW 101 is mapped to this by libpcap) */
#define PS_LINKTYPE_RAW 101   /* the same, as stored in files, for callers that bypass libpcap */
#define PS_DLT_LOOP 108       /* OpenBSD loopback, family in network byte order */
#define PS_DLT_LINUX_SLL 113  /* Linux cooked v1 */
#define PS_DLT_IPV4 228
#define PS_DLT_IPV6 229
#define PS_DLT_LINUX_SLL2 276 /* Linux cooked v2 */

#endif
