/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_dhcp.h - the decoded BOOTP/DHCPv4 message (dis_dhcp.c).
 *
 * The fixed 236-byte BOOTP header is valid by the layer's captured header
 * length (ps_layer.hdr_len): a field appears only when its bytes are there.
 * Every option walked (pad and end included, in wire order) is a
 * ps_dhcp_opt in the side area (ps_dhcp_opts()); its body stays in the
 * frame.  The options SCHEMA.md names are also decoded here, each with a
 * `have` bit, when their length is right.
 */
#ifndef DIS_DHCP_H
#define DIS_DHCP_H

#include <stdint.h>

#define PS_DHCP_MAX_OPTS 255 /* further options: dhcp.too_many_options */

#define PS_DHCP_HAVE_COOKIE 0x01u  /* the RFC 1048 magic cookie: options follow */
#define PS_DHCP_HAVE_MSGTYPE 0x02u /* option 53 */
#define PS_DHCP_HAVE_REQIP 0x04u   /* option 50 */
#define PS_DHCP_HAVE_SERVER 0x08u  /* option 54 */
#define PS_DHCP_HAVE_LEASE 0x10u   /* option 51 */

struct ps_dhcp_opt {
	uint8_t code;
	uint8_t len;  /* length byte (0 for pad and end) */
	uint32_t off; /* frame-absolute offset of the body */
};

struct ps_dhcp {
	uint8_t have;
	uint8_t op, htype, hlen, hops;
	uint8_t msg_type;
	uint16_t secs, flags;
	uint32_t xid;
	uint8_t ciaddr[4], yiaddr[4], siaddr[4], giaddr[4];
	uint8_t requested_ip[4], server_id[4];
	uint32_t lease_time;
	uint32_t len;     /* message bytes per UDP (what tcpdump prints as length) */
	uint16_t nopts;   /* options walked: nopts ps_dhcp_opt at opts_at */
	uint16_t opts_at;
};

#endif
