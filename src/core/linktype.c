/* SPDX-License-Identifier: BSD-2-Clause */
/* linktype.c - the one link-type table (see ps_linktype.h).
 *
 * Rows are libpcap 1.10's names for the DLT values it knows on Linux, so
 * -r, the TUI and the live sources print the names tcpdump prints; the
 * LINKTYPE column differs from the DLT only where libpcap maps them
 * (pcap-common.c: ATM_RFC1483, RAW, SLIP_BSDOS, PPP_BSDOS, ATM_CLIP).
 */
#include <stddef.h>

#include "ps_linktype.h"

struct lt_row {
	int dlt;
	uint32_t linktype;
	const char *name;
};

static const struct lt_row rows[] = {
	{0, 0, "NULL"},
	{1, 1, "EN10MB"},
	{6, 6, "IEEE802"},
	{7, 7, "ARCNET"},
	{8, 8, "SLIP"},
	{9, 9, "PPP"},
	{10, 10, "FDDI"},
	{11, 100, "ATM_RFC1483"},
	{12, 101, "RAW"},
	{15, 102, "SLIP_BSDOS"},
	{16, 103, "PPP_BSDOS"},
	{19, 106, "ATM_CLIP"},
	{50, 50, "PPP_SERIAL"},
	{51, 51, "PPP_ETHER"},
	{99, 99, "SYMANTEC_FIREWALL"},
	{104, 104, "C_HDLC"},
	{105, 105, "IEEE802_11"},
	{107, 107, "FRELAY"},
	{108, 108, "LOOP"},
	{109, 109, "ENC"},
	{113, 113, "LINUX_SLL"},
	{114, 114, "LTALK"},
	{117, 117, "PFLOG"},
	{119, 119, "PRISM_HEADER"},
	{122, 122, "IP_OVER_FC"},
	{123, 123, "SUNATM"},
	{127, 127, "IEEE802_11_RADIO"},
	{129, 129, "ARCNET_LINUX"},
	{130, 130, "JUNIPER_MLPPP"},
	{131, 131, "JUNIPER_MLFR"},
	{132, 132, "JUNIPER_ES"},
	{133, 133, "JUNIPER_GGSN"},
	{134, 134, "JUNIPER_MFR"},
	{135, 135, "JUNIPER_ATM2"},
	{136, 136, "JUNIPER_SERVICES"},
	{137, 137, "JUNIPER_ATM1"},
	{138, 138, "APPLE_IP_OVER_IEEE1394"},
	{139, 139, "MTP2_WITH_PHDR"},
	{140, 140, "MTP2"},
	{141, 141, "MTP3"},
	{142, 142, "SCCP"},
	{143, 143, "DOCSIS"},
	{144, 144, "LINUX_IRDA"},
	{163, 163, "IEEE802_11_RADIO_AVS"},
	{164, 164, "JUNIPER_MONITOR"},
	{165, 165, "BACNET_MS_TP"},
	{166, 166, "PPP_PPPD"},
	{167, 167, "JUNIPER_PPPOE"},
	{168, 168, "JUNIPER_PPPOE_ATM"},
	{169, 169, "GPRS_LLC"},
	{170, 170, "GPF_T"},
	{171, 171, "GPF_F"},
	{174, 174, "JUNIPER_PIC_PEER"},
	{175, 175, "ERF_ETH"},
	{176, 176, "ERF_POS"},
	{177, 177, "LINUX_LAPD"},
	{178, 178, "JUNIPER_ETHER"},
	{179, 179, "JUNIPER_PPP"},
	{180, 180, "JUNIPER_FRELAY"},
	{181, 181, "JUNIPER_CHDLC"},
	{182, 182, "MFR"},
	{183, 183, "JUNIPER_VP"},
	{184, 184, "A429"},
	{185, 185, "A653_ICM"},
	{186, 186, "USB_FREEBSD"},
	{187, 187, "BLUETOOTH_HCI_H4"},
	{188, 188, "IEEE802_16_MAC_CPS"},
	{189, 189, "USB_LINUX"},
	{190, 190, "CAN20B"},
	{191, 191, "IEEE802_15_4_LINUX"},
	{192, 192, "PPI"},
	{193, 193, "IEEE802_16_MAC_CPS_RADIO"},
	{194, 194, "JUNIPER_ISM"},
	{195, 195, "IEEE802_15_4"},
	{196, 196, "SITA"},
	{197, 197, "ERF"},
	{198, 198, "RAIF1"},
	{199, 199, "IPMB_KONTRON"},
	{200, 200, "JUNIPER_ST"},
	{201, 201, "BLUETOOTH_HCI_H4_WITH_PHDR"},
	{202, 202, "AX25_KISS"},
	{209, 209, "IPMB_LINUX"},
	{215, 215, "IEEE802_15_4_NONASK_PHY"},
	{216, 216, "LINUX_EVDEV"},
	{219, 219, "MPLS"},
	{220, 220, "USB_LINUX_MMAPPED"},
	{221, 221, "DECT"},
	{222, 222, "AOS"},
	{223, 223, "WIHART"},
	{224, 224, "FC_2"},
	{225, 225, "FC_2_WITH_FRAME_DELIMS"},
	{226, 226, "IPNET"},
	{227, 227, "CAN_SOCKETCAN"},
	{228, 228, "IPV4"},
	{229, 229, "IPV6"},
	{230, 230, "IEEE802_15_4_NOFCS"},
	{231, 231, "DBUS"},
	{232, 232, "JUNIPER_VS"},
	{233, 233, "JUNIPER_SRX_E2E"},
	{234, 234, "JUNIPER_FIBRECHANNEL"},
	{235, 235, "DVB_CI"},
	{236, 236, "MUX27010"},
	{237, 237, "STANAG_5066_D_PDU"},
	{238, 238, "JUNIPER_ATM_CEMIC"},
	{239, 239, "NFLOG"},
	{240, 240, "NETANALYZER"},
	{241, 241, "NETANALYZER_TRANSPARENT"},
	{242, 242, "IPOIB"},
	{243, 243, "MPEG_2_TS"},
	{244, 244, "NG40"},
	{245, 245, "NFC_LLCP"},
	{246, 246, "PFSYNC"},
	{247, 247, "INFINIBAND"},
	{248, 248, "SCTP"},
	{249, 249, "USBPCAP"},
	{250, 250, "RTAC_SERIAL"},
	{251, 251, "BLUETOOTH_LE_LL"},
	{253, 253, "NETLINK"},
	{254, 254, "BLUETOOTH_LINUX_MONITOR"},
	{255, 255, "BLUETOOTH_BREDR_BB"},
	{256, 256, "BLUETOOTH_LE_LL_WITH_PHDR"},
	{257, 257, "PROFIBUS_DL"},
	{258, 258, "PKTAP"},
	{259, 259, "EPON"},
	{260, 260, "IPMI_HPM_2"},
	{261, 261, "ZWAVE_R1_R2"},
	{262, 262, "ZWAVE_R3"},
	{263, 263, "WATTSTOPPER_DLM"},
	{264, 264, "ISO_14443"},
	{265, 265, "RDS"},
	{266, 266, "USB_DARWIN"},
	{267, 267, "OPENFLOW"},
	{268, 268, "SDLC"},
	{269, 269, "TI_LLN_SNIFFER"},
	{271, 271, "VSOCK"},
	{272, 272, "NORDIC_BLE"},
	{273, 273, "DOCSIS31_XRA31"},
	{274, 274, "ETHERNET_MPACKET"},
	{275, 275, "DISPLAYPORT_AUX"},
	{276, 276, "LINUX_SLL2"},
	{278, 278, "OPENVIZSLA"},
	{279, 279, "EBHSCR"},
	{280, 280, "VPP_DISPATCH"},
	{281, 281, "DSA_TAG_BRCM"},
	{282, 282, "DSA_TAG_BRCM_PREPEND"},
	{283, 283, "IEEE802_15_4_TAP"},
	{284, 284, "DSA_TAG_DSA"},
	{285, 285, "DSA_TAG_EDSA"},
	{286, 286, "ELEE"},
	{287, 287, "Z_WAVE_SERIAL"},
	{288, 288, "USB_2_0"},
	{289, 289, "ATSC_ALP"},
};

#define NROWS (sizeof rows / sizeof rows[0])

int ps_linktype_to_dlt(uint32_t linktype)
{
	linktype &= PS_LINKTYPE_MASK;
	for (size_t i = 0; i < NROWS; i++)
		if (rows[i].linktype == linktype)
			return rows[i].dlt;
	return (int)linktype;
}

uint32_t ps_dlt_to_linktype(int dlt)
{
	for (size_t i = 0; i < NROWS; i++)
		if (rows[i].dlt == dlt)
			return rows[i].linktype;
	return (uint32_t)dlt;
}

const char *ps_dlt_name(int dlt)
{
	for (size_t i = 0; i < NROWS; i++)
		if (rows[i].dlt == dlt)
			return rows[i].name;
	return "UNKNOWN";
}
