/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_dhcp_text.c - DHCP's -v detail lines, as tcpdump's print-bootp.c
 * prints them: the non-zero addresses, the client's MAC, sname/file, then
 * every RFC 1048 option recorded by decode, one line each, its body shown
 * by the option's format (addresses, numbers, text, bytes, or one of the
 * few options with their own layout).
 *
 * The option bodies are read back from the frame through a cursor over the
 * bytes decode recorded; nothing here trusts a length it did not check.
 */
#include <string.h>

#include "dis_common.h"
#include "dis_dhcp_text.h"

/* Body formats: i addresses, p address pairs, l/L unsigned/signed 32-bit,
 * s 16-bit, B booleans, b bytes (dotted), a text, $ own layout. */
struct dhcp_tag {
	uint8_t code;
	char fmt;
	const char *name;
};

static const struct dhcp_tag tags[] = {
	{1, 'i', "Subnet-Mask"}, {2, 'L', "Time-Zone"}, {3, 'i', "Default-Gateway"},
	{4, 'i', "Time-Server"}, {5, 'i', "IEN-Name-Server"}, {6, 'i', "Domain-Name-Server"},
	{7, 'i', "LOG"}, {8, 'i', "CS"}, {9, 'i', "LPR-Server"}, {10, 'i', "IM"}, {11, 'i', "RL"},
	{12, 'a', "Hostname"}, {13, 's', "BS"}, {14, 'a', "DP"}, {15, 'a', "Domain-Name"},
	{16, 'i', "SS"}, {17, 'a', "RP"}, {18, 'a', "EP"}, {19, 'B', "IPF"}, {20, 'B', "SRT"},
	{21, 'p', "PF"}, {22, 's', "RSZ"}, {23, 'b', "TTL"}, {24, 'l', "MTU-Timeout"},
	{25, 's', "MTU-Table"}, {26, 's', "MTU"}, {27, 'B', "LSN"}, {28, 'i', "BR"},
	{29, 'B', "MD"}, {30, 'B', "MS"}, {31, 'B', "Router-Discovery"}, {32, 'i', "RSA"},
	{33, 'p', "Static-Route"}, {34, 'B', "UT"}, {35, 'l', "AT"}, {36, 'B', "IE"},
	{37, 'b', "TT"}, {38, 'l', "KI"}, {39, 'B', "KG"}, {40, 'a', "YD"}, {41, 'i', "YS"},
	{42, 'i', "NTP"}, {43, 'b', "Vendor-Option"}, {44, 'i', "Netbios-Name-Server"},
	{45, 'i', "WDD"}, {46, '$', "Netbios-Node"}, {47, 'a', "Netbios-Scope"}, {48, 'i', "XFS"},
	{49, 'i', "XDM"}, {50, 'i', "Requested-IP"}, {51, 'l', "Lease-Time"}, {52, '$', "OO"},
	{53, ' ', "DHCP-Message"}, {54, 'i', "Server-ID"}, {55, 'b', "Parameter-Request"},
	{56, 'a', "MSG"}, {57, 's', "MSZ"}, {58, 'l', "RN"}, {59, 'l', "RB"},
	{60, 'a', "Vendor-Class"}, {61, '$', "Client-ID"}, {64, 's', "N+D"}, {65, 'i', "N+S"},
	{66, 'a', "TFTP"}, {67, 'a', "BF"}, {68, 'i', "MH"}, {69, 'i', "SMTP"}, {70, 'i', "POP3"},
	{71, 'i', "NNTP"}, {72, 'i', "WWW"}, {73, 'i', "FG"}, {74, 'i', "IRC"}, {75, 'i', "STS"},
	{76, 'i', "STDA"}, {77, '$', "User-Class"}, {78, 'b', "SLP-DA"}, {79, 'b', "SLP-SCOPE"},
	{80, 'a', "SLP-NA"}, {81, '$', "FQDN"}, {82, '$', "Agent-Information"},
	{83, 'b', "ARMT"}, {88, 'a', "TZSTR"}, {89, 'b', "FQDNS"}, {90, 'b', "AUTH"},
	{91, 'L', "Last-Transaction-Time"}, {92, 'i', "Associated-IP"}, {93, 's', "ARCH"},
	{94, 'b', "NDI"}, {95, 'a', "LDAP"}, {97, 'b', "GUID"}, {98, 'a', "UAP"},
	{100, 'a', "POSIX-TZ"}, {101, 'a', "TZ-Name"}, {112, 'i', "NI"}, {113, 'a', "NITAG"},
	{114, 'a', "URL"}, {116, 'B', "NOAUTO"}, {117, 's', "NSSEARCH"}, {118, 'i', "SUBNET"},
	{121, '$', "Classless-Static-Route"}, {150, 'i', "TFTP-Server-Address"},
	{161, 'a', "MUD-URL"}, {249, '$', "Classless-Static-Route-Microsoft"},
	{0, ' ', "PAD"}, {255, ' ', "END"},
};

static const struct dhcp_tag *tag_of(uint8_t code)
{
	static const struct dhcp_tag unknown = {0, '?', "Unknown"};
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
		if (tags[i].code == code)
			return &tags[i];
	return &unknown;
}

static const char *const msg_names[] = {
	"", "Discover", "Offer", "Request", "Decline", "ACK", "NACK", "Release", "Inform",
	"", "LeaseQuery", "LeaseUnassigned", "LeaseUnknown", "LeaseActive",
};

/* Numbers and addresses: `size`-byte items while whole ones are left. */
static uint32_t out_items(struct ps_out *o, const uint8_t *b, uint32_t len, char fmt)
{
	uint32_t size = fmt == 'p' ? 8 : fmt == 's' ? 2 : fmt == 'B' || fmt == 'b' ? 1 : 4;
	uint32_t at = 0;
	for (; len - at >= size; at += size) {
		if (at)
			ps_out_char(o, fmt == 'b' ? '.' : ',');
		const uint8_t *v = b + at;
		if (fmt == 'i') {
			ps_out_ipv4(o, v);
		} else if (fmt == 'p') {
			ps_out_char(o, '(');
			ps_out_ipv4(o, v);
			ps_out_char(o, ':');
			ps_out_ipv4(o, v + 4);
			ps_out_char(o, ')');
		} else if (fmt == 'L') {
			ps_out_i64(o, (int32_t)ps_dis_be32(v));
		} else if (fmt == 'l') {
			ps_out_u64(o, ps_dis_be32(v));
		} else if (fmt == 's') {
			ps_out_u64(o, (unsigned)v[0] << 8 | v[1]);
		} else if (fmt == 'B') {
			if (v[0] > 1)
				ps_out_fmt(o, "%u?", v[0]);
			else
				ps_out_char(o, v[0] ? 'Y' : 'N');
		} else {
			ps_out_u64(o, v[0]);
		}
	}
	return len - at;
}

static void out_quoted(struct ps_out *o, const uint8_t *b, uint32_t n)
{
	ps_out_char(o, '"');
	ps_dis_out_printn(o, b, n);
	ps_out_char(o, '"');
}

static void out_user_class(struct ps_out *o, const uint8_t *b, uint32_t len)
{
	if (len < 2) {
		PS_OUT_LIT(o, "[ERROR: length < 2 bytes]");
		return;
	}
	for (uint32_t at = 0, n = 1; at < len; n++) {
		uint32_t sl = b[at++];
		ps_out_fmt(o, "\n\t      instance#%u: ", (unsigned)n);
		if (!sl) {
			PS_OUT_LIT(o, "ERROR: suboption length must be non-zero");
			return;
		}
		if (len - at < sl) {
			PS_OUT_LIT(o, "ERROR: invalid option");
			return;
		}
		out_quoted(o, b + at, sl);
		ps_dis_out_num(o, ", length ", sl);
		at += sl;
	}
}

/* RFC 3442: "(192.168.1.0/24:10.0.0.1),(default:10.0.0.1)" */
static void out_routes(struct ps_out *o, const uint8_t *b, uint32_t len)
{
	if (len < 5) {
		PS_OUT_LIT(o, "[ERROR: length < 5 bytes]");
		return;
	}
	for (uint32_t at = 0; at < len;) {
		unsigned width = b[at++];
		if (at > 1)
			ps_out_char(o, ',');
		if (width > 32) {
			ps_out_fmt(o, "[ERROR: Mask width (%u) > 32]", width);
			return;
		}
		unsigned sig = (width + 7) / 8;
		if (len - at < sig + 4) {
			ps_out_fmt(o, "[ERROR: Remaining length (%u) < %u bytes]", (unsigned)(len - at),
				   sig + 4);
			return;
		}
		ps_out_char(o, '(');
		if (!width)
			PS_OUT_LIT(o, "default");
		for (unsigned i = 0; width && i < 4; i++)
			ps_out_fmt(o, "%s%u", i ? "." : "", i < sig ? b[at + i] : 0u);
		if (width)
			ps_out_fmt(o, "/%u", width);
		ps_out_char(o, ':');
		ps_out_ipv4(o, b + at + sig);
		ps_out_char(o, ')');
		at += sig + 4;
	}
}

static void out_agent(struct ps_out *o, const uint8_t *b, uint32_t len)
{
	static const char *const names[7] = {"Unknown", "Circuit-ID", "Remote-ID", "Unknown",
					     "Unknown", "Unknown", "Subscriber-ID"};
	for (uint32_t at = 0; len - at >= 2;) {
		unsigned sub = b[at], sl = b[at + 1];
		const char *name = sub < 7 ? names[sub] : "Unknown";
		at += 2;
		ps_out_fmt(o, "\n\t      %s SubOption %u, length %u: ", name, sub, sl);
		if (sl > len - at) {
			PS_OUT_LIT(o, "length goes past end of option");
			return;
		}
		if (sub == 1 || sub == 2 || sub == 6) {
			ps_dis_out_printn(o, b + at, sl);
		} else { /* tcpdump's hex dump: 16 bytes a line, in pairs */
			for (unsigned i = 0; i < sl; i++) {
				if (!(i % 16))
					ps_out_fmt(o, "\n\t\t0x%04x: ", i);
				ps_out_fmt(o, "%s%02x", i % 2 ? "" : " ", b[at + i]);
			}
		}
		at += sl;
	}
}

/* ARP hardware types, as the Client-ID option names them. */
static const char *hw_name(unsigned t)
{
	switch (t) {
	case 0x01: return "ether";
	case 0x06: return "ieee802";
	case 0x07: return "arcnet";
	case 0x0f: return "frelay";
	case 0x17: return "strip";
	case 0x18: return "ieee1394";
	default: return 0;
	}
}

/* The options with their own layout; returns the bytes left unprinted. */
static uint32_t out_special(struct ps_out *o, uint8_t code, const uint8_t *b, uint32_t len)
{
	static const char *const nodes[9] = {0, "b-node", "p-node", 0, "m-node", 0, 0, 0, "h-node"};
	static const char *const overload[4] = {0, "file", "sname", "file+sname"};
	if ((code == 46 || code == 52 || code == 61) && len < 1) {
		PS_OUT_LIT(o, "[ERROR: length < 1 bytes]");
		return 0;
	}
	switch (code) {
	case 46:
		if (b[0] < 9 && nodes[b[0]])
			ps_out_str(o, nodes[b[0]]);
		else
			ps_out_fmt(o, "#%u", b[0]);
		return len - 1;
	case 52:
		if (b[0] < 4 && overload[b[0]])
			ps_out_str(o, overload[b[0]]);
		else
			ps_out_fmt(o, "#%u", b[0]);
		return len - 1;
	case 61:
		if (!b[0]) {
			out_quoted(o, b + 1, len - 1);
			return 0;
		}
		if (hw_name(b[0]))
			ps_out_fmt(o, "%s ", hw_name(b[0]));
		else
			ps_out_fmt(o, "hardware-type %u, ", b[0]);
		for (uint32_t i = 1; i < len; i++)
			ps_out_fmt(o, "%s%02x", i > 1 ? ":" : "", b[i]);
		return 0;
	case 77:
		out_user_class(o, b, len);
		return 0;
	case 82:
		out_agent(o, b, len);
		return 0;
	case 121:
	case 249:
		out_routes(o, b, len);
		return 0;
	default: /* 81: client FQDN */
		if (len < 3) {
			PS_OUT_LIT(o, "[ERROR: length < 3 bytes]");
			return 0;
		}
		if (b[0] & 0xf0)
			ps_out_fmt(o, "[ERROR: MBZ nibble 0x%x != 0] ", (unsigned)(b[0] & 0xf0) >> 4);
		if (b[0] & 0x0f)
			ps_out_fmt(o, "[%s%s%s%s] ", b[0] & 1 ? "S" : "", b[0] & 2 ? "O" : "",
				   b[0] & 4 ? "E" : "", b[0] & 8 ? "N" : "");
		if (b[1] || b[2])
			ps_out_fmt(o, "%u/%u ", b[1], b[2]);
		out_quoted(o, b + 3, len - 3);
		return 0;
	}
}

static void out_params(struct ps_out *o, const uint8_t *b, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++) {
		ps_out_str(o, i % 4 ? ", " : "\n\t      ");
		ps_out_fmt(o, "%s (%u)", tag_of(b[i])->name, b[i]);
	}
}

/* One option's line and body. */
static void out_option(struct ps_out *o, const struct ps_dhcp_opt *op, const uint8_t *b)
{
	const struct dhcp_tag *tag = tag_of(op->code);
	uint32_t len = op->len, left = 0;
	char fmt = tag->fmt;

	ps_out_fmt(o, "\n\t    %s (%u), length %u%s", tag->name, op->code, (unsigned)len,
		   len ? ": " : "");
	if (op->code == 53 && len == 1) {
		if (b[0] && b[0] < sizeof msg_names / sizeof msg_names[0] && *msg_names[b[0]])
			ps_out_str(o, msg_names[b[0]]);
		else
			ps_out_fmt(o, "Unknown (%u)", b[0]);
		return;
	}
	if (op->code == 55) {
		out_params(o, b, len);
		return;
	}
	if (fmt == '?')
		fmt = len & 1 ? 'b' : len & 2 ? 's' : 'l';
	if (fmt == 'a')
		out_quoted(o, b, len);
	else if (fmt == '$')
		left = out_special(o, op->code, b, len);
	else
		left = out_items(o, b, len, fmt == ' ' ? 'b' : fmt);
	if (left)
		ps_out_fmt(o, "\n\t  trailing data length %u", (unsigned)left);
}

static void out_pads(struct ps_out *o, unsigned run)
{
	PS_OUT_LIT(o, "\n\t    PAD (0), length 0");
	if (run > 1)
		ps_out_fmt(o, ", occurs %u", run);
}

/* -vvv: tcpdump goes on past the end option to the end of the message;
 * what follows is normally padding. */
static void out_after_end(const struct ps_packet *p, const struct ps_layer *l, uint32_t at,
			  struct ps_out *o)
{
	uint32_t end = l->u.dhcp.len < ps_packet_bytes(p) - l->off ? l->off + l->u.dhcp.len : ps_packet_bytes(p);
	while (at < end) {
		struct ps_dhcp_opt op = {.code = p->data[at++]};
		if (!op.code) {
			unsigned run = 1;
			while (at < end && !p->data[at])
				at++, run++;
			out_pads(o, run);
			continue;
		}
		if (op.code != 255) {
			if (at >= end || p->data[at] > end - at - 1)
				return;
			op.len = p->data[at++];
		}
		op.off = at;
		out_option(o, &op, p->data + at);
		at += op.len;
	}
}

/* A NUL-terminated field of at most n bytes: "\n\t  sname \"...\"" */
static void out_ztext(struct ps_out *o, const char *label, const uint8_t *b, uint32_t n)
{
	const uint8_t *nul = memchr(b, 0, n);
	PS_OUT_LIT(o, "\n\t  ");
	ps_out_str(o, label);
	PS_OUT_LIT(o, " ");
	out_quoted(o, b, nul ? (uint32_t)(nul - b) : n);
}

void ps_dhcp_out_verbose(const struct ps_packet *p, unsigned li, int verbose,
			 const struct ps_dhcp_opt *opts, struct ps_out *o)
{
	static const char *const names[4] = {"Client-IP", "Your-IP", "Server-IP", "Gateway-IP"};
	const struct ps_layer *l = &p->layers[li];
	const struct ps_dhcp *dh = &l->u.dhcp;
	const uint8_t *m = p->data + l->off;
	const uint8_t *addrs[4] = {dh->ciaddr, dh->yiaddr, dh->siaddr, dh->giaddr};

	for (unsigned i = 0; i < 4; i++) {
		if (!ps_dis_be32(addrs[i]))
			continue;
		ps_out_fmt(o, "\n\t  %s ", names[i]);
		ps_out_ipv4(o, addrs[i]);
	}
	if (dh->htype == 1 && dh->hlen == 6) {
		PS_OUT_LIT(o, "\n\t  Client-Ethernet-Address ");
		ps_out_mac(o, m + 28, 6);
	}
	if (m[44])
		out_ztext(o, "sname", m + 44, 64);
	if (m[108])
		out_ztext(o, "file", m + 108, 128);
	if (!(dh->have & PS_DHCP_HAVE_COOKIE)) {
		/* the vendor area is opaque: its first word, when captured */
		if (ps_packet_bytes(p) - l->off >= 240 && ps_dis_be32(m + 236))
			ps_out_fmt(o, "\n\t  Vendor-#0x%x", (unsigned)ps_dis_be32(m + 236));
		return;
	}
	PS_OUT_LIT(o, "\n\t  Vendor-rfc1048 Extensions\n\t    Magic Cookie 0x63825363");
	for (unsigned i = 0; i < dh->nopts; i++) {
		const struct ps_dhcp_opt *op = &opts[i];
		if (op->code == 0 && verbose < 3)
			continue;
		if (op->code == 0) { /* -vvv: a run of pads is one line */
			unsigned run = 1;
			while (i + 1 < dh->nopts && opts[i + 1].code == 0)
				i++, run++;
			out_pads(o, run);
			continue;
		}
		if (op->code == 255 && verbose < 3)
			return;
		if (op->len > ps_packet_bytes(p) - op->off)
			return; /* cut by the capture: the renderer marks it */
		out_option(o, op, p->data + op->off);
		if (op->code == 255)
			out_after_end(p, l, op->off, o);
	}
}
