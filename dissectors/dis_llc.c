/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_llc.c - IEEE 802.2 LLC header and its SNAP extension (after an 802.3
 * length field).
 *
 * IEEE Std 802.2 clause 3; RFC 1042 and IEEE Std 802 clause 10 (SNAP).
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   DSAP    |I|   SSAP    |C|   Control (1 byte U; 2 bytes I/S, |
 * |           |G|           |R|   little-endian)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * SNAP (DSAP = SSAP = 0xaa, control 0x03 UI):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          OUI (3 bytes)                        |  Protocol id  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+               +
 * |  (EtherType when OUI is 0)    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * (The bit pictures above show each SAP byte with its low bit, I/G or C/R,
 * on the right.)  Hand-offs: a UI frame whose two SAPs agree goes to the
 * LLC_SAP table by SAP (0x42: spanning tree); SNAP goes to the EtherType
 * table for OUI 000000 and 0000f8 (as tcpdump), to SNAP_CISCO or SNAP_8021
 * by protocol id for Cisco's and IEEE 802.1's OUIs.
 */
#include <string.h>

#include "dis_common.h"
#include "ps_text.h"

#define LLC_U_FMT 3u
#define LLC_UI 0x03u
#define LLC_SAP_SNAP 0xaau
#define LLC_SNAP_LEN 5u
#define OUI_ENCAP_ETHER 0x000000u
#define OUI_CISCO 0x00000cu
#define OUI_CISCO_90 0x0000f8u
#define OUI_IEEE_8021 0x0080c2u

/* The SNAP header: its organisation says which table names the protocol. */
static void snap_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_llc *llc = &l->u.llc;

	if (ps_cur_remaining(c) < LLC_SNAP_LEN) {
		uint32_t at = l->hdr_len;
		ps_dis_short_header(d, c, l, at + LLC_SNAP_LEN, PS_EV_LLC_LEN_INVALID,
				    PS_EV_LLC_TRUNCATED);
		l->hdr_len += at;
		return;
	}
	llc->oui = (uint32_t)ps_cur_peek_be16(c, 0) << 8 | ps_cur_peek_u8(c, 2);
	llc->pid = ps_cur_peek_be16(c, 3);
	ps_cur_skip(c, LLC_SNAP_LEN);
	l->hdr_len += LLC_SNAP_LEN;
	d->claim_out = ps_dis_claim_after(d->claim_in, l->hdr_len);
	switch (llc->oui) {
	case OUI_ENCAP_ETHER:
	case OUI_CISCO_90:
		ps_dis_next(d, PS_TAB_ETHERTYPE, llc->pid);
		break;
	case OUI_CISCO:
		ps_dis_next(d, PS_TAB_SNAP_CISCO, llc->pid);
		break;
	case OUI_IEEE_8021:
		ps_dis_next(d, PS_TAB_SNAP_8021, llc->pid);
		break;
	default:
		break;
	}
}

static void llc_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_llc *llc = &l->u.llc;
	uint32_t avail = ps_cur_remaining(c);

	llc->len = d->claim_in != PS_CLAIM_UNKNOWN ? d->claim_in : avail;
	if (avail >= 1)
		llc->dsap = ps_cur_peek_u8(c, 0);
	if (avail >= 2)
		llc->ssap = ps_cur_peek_u8(c, 1);
	llc->ctrl_len = 1;
	if (avail >= 3 && (ps_cur_peek_u8(c, 2) & LLC_U_FMT) != LLC_U_FMT)
		llc->ctrl_len = 2; /* I and S frames */
	uint32_t need = 2u + llc->ctrl_len;
	if (avail < need) {
		ps_dis_short_header(d, c, l, need, PS_EV_LLC_LEN_INVALID, PS_EV_LLC_TRUNCATED);
		return;
	}
	llc->control = llc->ctrl_len == 1 ? ps_cur_peek_u8(c, 2) : ps_cur_peek_le16(c, 2);
	ps_cur_skip(c, need);
	l->hdr_len = need;
	d->claim_out = ps_dis_claim_after(d->claim_in, need);
	uint8_t dsap = llc->dsap & 0xfeu, ssap = llc->ssap & 0xfeu;
	if (llc->control != LLC_UI || dsap != ssap)
		return; /* connection-mode and mixed-SAP frames carry no known protocol */
	if (dsap == LLC_SAP_SNAP) {
		llc->snap = true;
		snap_decode(d, c, l);
		return;
	}
	ps_dis_next(d, PS_TAB_LLC_SAP, dsap);
}

static void llc_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_llc *llc = &l->u.llc;
	uint32_t snap_at = 2u + llc->ctrl_len;

	(void)p;
	ps_dis_emit_u64(e, l, "dsap", 0, 1, llc->dsap);
	ps_dis_emit_u64(e, l, "ssap", 1, 1, llc->ssap);
	ps_dis_emit_u64(e, l, "control", 2, llc->ctrl_len, llc->control);
	if (!llc->snap)
		return;
	ps_dis_emit_u64(e, l, "oui", snap_at, 3, llc->oui);
	ps_dis_emit_u64(e, l, "pid", snap_at + 3, 2, llc->pid);
}

/* ---- text, as tcpdump's print-llc.c (llc_print, snap_print) ---- */

#define LLC_GSAP 0x01u
#define LLC_U_POLL 0x10u
#define LLC_IS_POLL 0x0100u
#define LLC_XID 0xafu
#define LLC_XID_FI 0x81u
#define LLC_S_FMT 0x01u

static const struct ps_tok llc_saps[] = {
	{0x00, "Null"},	   {0xff, "Global"},  {0x02, "802.1B I"}, {0x03, "802.1B G"},
	{0x06, "IP"},	   {0x04, "SNA"},     {0x0e, "ProWay NM"}, {0x42, "STP"},
	{0x4e, "RS511"},   {0x7e, "ISO8208"}, {0x8e, "ProWay"},	  {0xaa, "SNAP"},
	{0xe0, "IPX"},	   {0xf0, "NetBeui"}, {0xfe, "OSI"},
};
static const struct ps_tok llc_cmds[] = {
	{0x03, "ui"}, {0xe3, "test"}, {0xaf, "xid"}, {0x63, "ua"},
	{0x43, "disc"}, {0x0f, "dm"}, {0x6f, "sabme"}, {0x87, "frmr"},
};
/* C/R bit | poll bit (U frames 0x10, I/S frames 0x100) */
static const struct ps_tok llc_pf[] = {
	{0, "Command"}, {LLC_GSAP, "Response"}, {LLC_U_POLL, "Poll"},
	{LLC_GSAP | LLC_U_POLL, "Final"}, {LLC_IS_POLL, "Poll"}, {LLC_GSAP | LLC_IS_POLL, "Final"},
};
static const struct ps_tok llc_sup[] = {{0, "Receiver Ready"}, {1, "Receiver not Ready"}, {2, "Reject"}};
static const struct ps_tok snap_ouis[] = {
	{0x000000, "Ethernet"},	  {0x00000c, "Cisco"},	 {0x00005e, "IANA"},
	{0x000081, "Nortel Networks SONMP"}, {0x0000f8, "Cisco bridged"},
	{0x0080c2, "Ethernet bridged"}, {0x00a03e, "ATM Forum"}, {0x00e02f, "DOCSIS Spanning Tree"},
	{0x080007, "Appletalk"},  {0x009069, "Juniper"}, {0x080009, "Hewlett-Packard"},
	{0x00120f, "IEEE 802.3 Private"}, {0x0012bb, "ANSI/TIA"}, {0x001b21, "DCBX"},
};
static const struct ps_tok cisco_pids[] = {
	{0x2000, "CDP"}, {0x2003, "VTP"}, {0x2004, "DTP"},
	{0x0111, "UDLD"}, {0x010b, "PVST"}, {0x010c, "VLAN Bridge"},
};
static const struct ps_tok bridged_pids[] = {
	{0x0001, "Ethernet + FCS"}, {0x0007, "Ethernet w/o FCS"}, {0x0002, "802.4 + FCS"},
	{0x0008, "802.4 w/o FCS"}, {0x0003, "Token Ring + FCS"}, {0x0009, "Token Ring w/o FCS"},
	{0x0004, "FDDI + FCS"}, {0x000a, "FDDI w/o FCS"}, {0x0005, "802.6 + FCS"},
	{0x000b, "802.6 w/o FCS"}, {0x000e, "BPDU"},
};

static const char *name_or(const char *name, const char *dflt)
{
	return name ? name : dflt;
}

/* Did a dissector take what follows (tcpdump printed it, no raw dump)?
 * Its layer follows, or the driver left its truncation event on ours when
 * not one byte of it was captured. */
static int llc_next_cut(const struct ps_packet *p, unsigned li)
{
	for (unsigned i = 0; i < p->nevents; i++)
		if (p->events[i].layer == (int)li && p->events[i].code != PS_EV_LLC_TRUNCATED &&
		    ps_event_kind(p->events[i].code) == PS_EVK_TRUNC)
			return p->events[i].code;
	return -1;
}

static bool llc_handed_on(const struct ps_packet *p, unsigned li)
{
	if (li + 1 < p->nlayers && p->layers[li + 1].parent == p->layers[li].parent)
		return true;
	return llc_next_cut(p, li) >= 0;
}

/* Our flag PS_DIS_OWN_TRUNC keeps the renderer from marking events on our
 * layer, so a next protocol cut before its first byte is marked here:
 * " [|stp]" */
static void llc_out_next_cut(const struct ps_packet *p, unsigned li, struct ps_out *o)
{
	int code = llc_next_cut(p, li);
	if (code < 0)
		return;
	const char *name = ps_event_name((unsigned)code), *dot = strchr(name, '.');
	PS_OUT_LIT(o, " [|");
	ps_out_mem(o, name, dot ? (size_t)(dot - name) : strlen(name));
	ps_out_char(o, ']');
}

/* "src > dst" of the Ethernet header that carries layer li; false without one */
static bool llc_out_macs(const struct ps_packet *p, unsigned li, struct ps_out *o, bool dst)
{
	for (unsigned i = li; i-- > 0;) {
		const struct ps_layer *l = &p->layers[i];
		if (l->parent != p->layers[li].parent || l->proto != PS_P_ETH)
			continue;
		ps_out_mac(o, dst ? l->u.eth.dst : l->u.eth.src, 6);
		return true;
	}
	return false;
}

/* The SNAP protocol id's name: EtherTypes for the OUIs that use them */
static void snap_out_pid(struct ps_out *o, const struct ps_llc *llc)
{
	if (llc->oui == 0x000000 || llc->oui == 0x0000f8 || llc->oui == 0x080007) {
		ps_text_ethertype(o, llc->pid);
		return;
	}
	const char *name = llc->oui == 0x00000c ? PS_TOK_NAME(cisco_pids, llc->pid)
			   : llc->oui == 0x0080c2 ? PS_TOK_NAME(bridged_pids, llc->pid)
						 : 0;
	ps_out_fmt(o, "%s (0x%04x)", name_or(name, "Unknown"), llc->pid);
}

static void snap_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			 struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_llc *llc = &l->u.llc;
	unsigned len = llc->len > l->hdr_len ? llc->len - l->hdr_len : 0;
	const char *oui = name_or(PS_TOK_NAME(snap_ouis, llc->oui), "Unknown");

	if (l->hdr_len < 2u + llc->ctrl_len + LLC_SNAP_LEN) {
		PS_OUT_LIT(o, " [|snap]"); /* cut by the capture or by the 802.3 length */
		return;
	}
	if (t->link) {
		ps_out_fmt(o, "oui %s (0x%06x), %s ", oui, (unsigned)llc->oui,
			   llc->oui == 0 ? "ethertype" : "pid");
		snap_out_pid(o, llc);
		ps_out_fmt(o, ", length %u: ", len);
		llc_out_next_cut(p, li, o);
		return;
	}
	if (llc_handed_on(p, li)) {
		llc_out_next_cut(p, li, o);
		return;
	}
	if (llc_out_macs(p, li, o, false)) {
		PS_OUT_LIT(o, " > ");
		llc_out_macs(p, li, o, true);
		ps_out_char(o, ' ');
	}
	if (llc->oui == 0)
		PS_OUT_LIT(o, "SNAP, ethertype ");
	else
		ps_out_fmt(o, "SNAP, oui %s (0x%06x), pid ", oui, (unsigned)llc->oui);
	snap_out_pid(o, llc);
	ps_out_fmt(o, ", length %u: ", len);
}

/* A SAP's name, or "Unknown DSAP 0x04" ("SSAP" for the source) */
static void llc_out_sap(struct ps_out *o, unsigned sap, const char *which)
{
	const char *name = PS_TOK_NAME(llc_saps, sap);

	if (name)
		ps_out_str(o, name);
	else
		ps_out_fmt(o, "Unknown %s 0x%02x", which, sap);
}

/* tcpdump without -e: "src > dst NAME " when the SAPs agree, else
 * "src SSAP > dst DSAP " (no addresses without an Ethernet header) */
static void llc_out_saps(const struct ps_packet *p, unsigned li, struct ps_out *o)
{
	const struct ps_llc *llc = &p->layers[li].u.llc;
	unsigned dsap = llc->dsap & 0xfeu, ssap = llc->ssap & 0xfeu;
	bool macs = llc_out_macs(p, li, o, false);

	if (ssap != dsap) {
		if (macs)
			ps_out_char(o, ' ');
		llc_out_sap(o, ssap, "SSAP");
	}
	if (macs || ssap != dsap)
		PS_OUT_LIT(o, " > ");
	if (macs && llc_out_macs(p, li, o, true))
		ps_out_char(o, ' ');
	llc_out_sap(o, dsap, "DSAP");
	ps_out_char(o, ' ');
}

/* The XID information field's format identifier, when one is captured. */
static int llc_xid_fi(const struct ps_packet *p, const struct ps_layer *l)
{
	const struct ps_llc *llc = &l->u.llc;
	uint32_t at = l->off + l->hdr_len;

	if ((llc->control & ~LLC_U_POLL) != LLC_XID || llc->len <= l->hdr_len || at >= p->caplen)
		return -1;
	return p->data[at];
}

/* An XID with an information field whose first byte, or the two after a
 * format identifier, the capture or the length cut off (tcpdump's [|llc]) */
static bool llc_xid_cut(const struct ps_packet *p, const struct ps_layer *l)
{
	const struct ps_llc *llc = &l->u.llc;
	uint32_t at = l->off + l->hdr_len;

	if ((llc->control & ~LLC_U_POLL) != LLC_XID || llc->len <= l->hdr_len)
		return false;
	if (at >= p->caplen)
		return true;
	return p->data[at] == LLC_XID_FI && (llc->len < l->hdr_len + 3u || at + 3u > p->caplen);
}

static void llc_out_kind(const struct ps_packet *p, const struct ps_layer *l, struct ps_out *o)
{
	const struct ps_llc *llc = &l->u.llc;
	unsigned cr = llc->ssap & LLC_GSAP, c = llc->control;

	if (llc->ctrl_len == 1) {
		const char *cmd = PS_TOK_NAME(llc_cmds, c & 0xefu);
		PS_OUT_LIT(o, "Unnumbered, ");
		if (cmd)
			ps_out_str(o, cmd);
		else
			ps_out_fmt(o, "%02x", c & 0xefu);
		ps_out_fmt(o, ", Flags [%s], length %u", name_or(PS_TOK_NAME(llc_pf, cr | (c & LLC_U_POLL)), "?"),
			   (unsigned)llc->len);
		if (llc_xid_cut(p, l))
			PS_OUT_LIT(o, " [|llc]"); /* raw_dump shows what there is */
		else if (llc_xid_fi(p, l) == LLC_XID_FI)
			ps_out_fmt(o, ": %02x %02x", p->data[l->off + l->hdr_len + 1],
				   p->data[l->off + l->hdr_len + 2]);
		return;
	}
	const char *pf = name_or(PS_TOK_NAME(llc_pf, cr | (c & LLC_IS_POLL)), "?");
	if (c & LLC_S_FMT)
		ps_out_fmt(o, "Supervisory, %s, rcv seq %u, Flags [%s], length %u",
			   name_or(PS_TOK_NAME(llc_sup, (c >> 2) & 3u), "?"), (c >> 9) & 0x7fu, pf,
			   (unsigned)llc->len);
	else
		ps_out_fmt(o, "Information, send seq %u, rcv seq %u, Flags [%s], length %u",
			   (c >> 1) & 0x7fu, (c >> 9) & 0x7fu, pf, (unsigned)llc->len);
}

/* -e: "LLC, dsap STP (0x42) Individual, ssap STP (0x42) Command, ctrl 0x03: ";
 * then SNAP's part, the protocol after it, or tcpdump's line for a frame it
 * has no printer for ("Unnumbered, ui, Flags [Command], length 38"). */
static void llc_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_llc *llc = &l->u.llc;
	unsigned dsap = llc->dsap & 0xfeu, ssap = llc->ssap & 0xfeu;

	if (l->hdr_len < 2u + llc->ctrl_len) {
		/* cut by the capture or by the 802.3 length; raw_dump shows the bytes */
		PS_OUT_LIT(o, " [|llc]");
		return;
	}
	if (t->link) {
		ps_out_fmt(o, "LLC, dsap %s (0x%02x) %s, ssap %s (0x%02x) %s",
			   name_or(PS_TOK_NAME(llc_saps, dsap), "Unknown"), dsap,
			   llc->dsap & 1u ? "Group" : "Individual",
			   name_or(PS_TOK_NAME(llc_saps, ssap), "Unknown"), ssap,
			   llc->ssap & 1u ? "Response" : "Command");
		ps_out_fmt(o, llc->ctrl_len == 1 ? ", ctrl 0x%02x: " : ", ctrl 0x%04x: ",
			   llc->control);
	}
	if (llc->snap) {
		snap_summary(p, li, t, o);
		return;
	}
	if (llc_handed_on(p, li)) {
		llc_out_next_cut(p, li, o);
		return;
	}
	if (!t->link)
		llc_out_saps(p, li, o);
	llc_out_kind(p, l, o);
}

/* tcpdump dumps the LLC frame (from its first byte, up to the 802.3
 * length) when nothing after it was printed: SNAP with an unknown protocol,
 * U frames but an XID it decoded, I frames. */
static bool llc_raw_dump(const struct ps_packet *p, unsigned li, uint32_t *off, uint32_t *len)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_llc *llc = &l->u.llc;
	if (l->hdr_len < 2u + llc->ctrl_len) {
		*off = l->off; /* tcpdump dumps what there is of a cut header */
		*len = l->hdr_len;
		return true;
	}
	if (llc->snap && l->hdr_len < 2u + llc->ctrl_len + LLC_SNAP_LEN)
		return false;
	if (llc_handed_on(p, li))
		return false;
	if (!llc->snap && llc->ctrl_len == 2 && (llc->control & LLC_S_FMT))
		return false; /* supervisory frames carry nothing */
	if (!llc->snap && llc->ctrl_len == 1 && llc_xid_cut(p, l)) {
		*off = l->off + l->hdr_len; /* the information field's bytes */
		*len = llc->len - l->hdr_len;
		return true;
	}
	if (!llc->snap && (llc->control & ~LLC_U_POLL) == LLC_XID &&
	    (llc->len == l->hdr_len || llc_xid_fi(p, l) == LLC_XID_FI))
		return false;
	*off = l->off;
	*len = llc->len;
	return true;
}
const struct ps_dissector ps_dis_llc = {
	.name = "llc",
	.label = "LLC",
	.ev_truncated = PS_EV_LLC_TRUNCATED,
	.proto = PS_P_LLC,
	/* tcpdump's "[|llc]" and "[|snap]" mark a header cut by the 802.3
	 * length too (llc.len_invalid), so the summary prints them */
	.flags = PS_DIS_OWN_TRUNC,
	.decode = llc_decode,
	.summary = llc_summary,
	.fields = llc_fields,
	.raw_dump = llc_raw_dump,
};
