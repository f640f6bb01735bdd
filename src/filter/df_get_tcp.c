/* SPDX-License-Identifier: BSD-2-Clause */
/* df_get_tcp.c - TCP and UDP fields that are lists or strings (DF_GET rows of
 * df_fields.def): tcp.flags.str, the option values and bytes, tcp.payload,
 * udp.payload.  All from the layer structs and their recorded options. */
#include "df_get.h"
#include "dis_tcp.h"
#include "ps_dissect.h"

/* tshark's tcp.flags.str: one column per flag bit, from the 3 reserved bits
 * down to FIN, a letter when set and a middle dot when not. */
void df_get_tcp_flags_str(const struct ps_packet *p, struct df_vals *o)
{
	static const char letters[] = "RRRACEUAPRSF";
	for (unsigned i = 0; i < df_nlayers(p); i++) {
		const struct ps_layer *l = &p->layers[i];
		if (l->proto != PS_P_TCP || l->hdr_len < 14)
			continue;
		unsigned flags = (unsigned)(p->data[l->off + 12] & 0x0e) << 8 | l->u.tcp.flags;
		char s[12 * 2];
		size_t n = 0;
		for (unsigned b = 0; b < 12; b++) {
			if (flags & (0x800u >> b)) {
				s[n++] = letters[b];
			} else { /* U+00B7 in UTF-8 */
				s[n++] = (char)0xc2;
				s[n++] = (char)0xb7;
			}
		}
		df_put_str(o, s, n);
	}
}

/* What the options give each field: a value of the option (v1 or v2, or
 * the window-scale multiplier), or its bytes (tshark's tcp.options.mss is
 * the option as a protocol item: -T fields prints its bytes in hex). */
enum opt_take { OPT_V1, OPT_V2, OPT_MULT, OPT_BYTES };

static void put_bytes(const struct ps_packet *p, struct df_vals *o, uint32_t off, uint32_t n)
{
	struct df_val *v = df_vals_add(o, DF_T_BYTES);
	if (v) { /* borrowed from the record: valid while it is */
		v->v.s.p = (const char *)p->data + off;
		v->v.s.n = n;
	}
}

static void tcp_opts(const struct ps_packet *p, struct df_vals *o, unsigned kind,
		     enum opt_take take)
{
	for (unsigned i = 0; i < df_nlayers(p); i++) {
		const struct ps_layer *l = &p->layers[i];
		if (l->proto != PS_P_TCP || !l->u.tcp.nopts)
			continue;
		const struct ps_tcp_opt *op = ps_side_get(p, l->u.tcp.opts_at);
		for (unsigned k = 0; op && k < l->u.tcp.nopts; k++) {
			if (op[k].kind != kind || !op[k].valid)
				continue;
			switch (take) {
			case OPT_V1: df_put_u(o, DF_T_UINT, op[k].v1); break;
			case OPT_V2: df_put_u(o, DF_T_UINT, op[k].v2); break;
			case OPT_MULT: /* tshark caps the shift at 14 (RFC 7323 2.3) */
				df_put_u(o, DF_T_UINT, 1u << (op[k].v1 > 14 ? 14 : op[k].v1));
				break;
			case OPT_BYTES: put_bytes(p, o, op[k].off, op[k].len); break;
			}
		}
	}
}

/* tshark's tcp.options: the option bytes after the fixed 20 that were
 * captured (a header cut short gives the bytes before the cut, as tshark
 * 4.0 prints them: tcpdump__tcp-auth-heapoverflow.pcap) */
void df_get_tcp_options(const struct ps_packet *p, struct df_vals *o)
{
	for (unsigned i = 0; i < df_nlayers(p); i++) {
		const struct ps_layer *l = &p->layers[i];
		if (l->proto != PS_P_TCP || l->hdr_len <= 20 || l->u.tcp.hl <= 20)
			continue;
		uint32_t end = l->hdr_len < l->u.tcp.hl ? l->hdr_len : l->u.tcp.hl;
		put_bytes(p, o, l->off + 20, end - 20u);
	}
}

void df_get_tcp_mss_val(const struct ps_packet *p, struct df_vals *o)
{
	tcp_opts(p, o, PS_TCPOPT_MSS, OPT_V1);
}
void df_get_tcp_wscale_shift(const struct ps_packet *p, struct df_vals *o)
{
	tcp_opts(p, o, PS_TCPOPT_WSCALE, OPT_V1);
}
void df_get_tcp_wscale_mult(const struct ps_packet *p, struct df_vals *o)
{
	tcp_opts(p, o, PS_TCPOPT_WSCALE, OPT_MULT);
}
void df_get_tcp_tsval(const struct ps_packet *p, struct df_vals *o)
{
	tcp_opts(p, o, PS_TCPOPT_TIMESTAMP, OPT_V1);
}
void df_get_tcp_tsecr(const struct ps_packet *p, struct df_vals *o)
{
	tcp_opts(p, o, PS_TCPOPT_TIMESTAMP, OPT_V2);
}
void df_get_tcp_opt_mss(const struct ps_packet *p, struct df_vals *o)
{
	tcp_opts(p, o, PS_TCPOPT_MSS, OPT_BYTES);
}
void df_get_tcp_opt_wscale(const struct ps_packet *p, struct df_vals *o)
{
	tcp_opts(p, o, PS_TCPOPT_WSCALE, OPT_BYTES);
}
void df_get_tcp_opt_sack_perm(const struct ps_packet *p, struct df_vals *o)
{
	tcp_opts(p, o, PS_TCPOPT_SACK_PERM, OPT_BYTES);
}
void df_get_tcp_opt_timestamp(const struct ps_packet *p, struct df_vals *o)
{
	tcp_opts(p, o, PS_TCPOPT_TIMESTAMP, OPT_BYTES);
}

/* tshark's tcp.options.sack_le and sack_re: every SACK block's left (right)
 * edge, relative to the peer's first sequence number where the flow table
 * numbers this TCP layer's acknowledgments (tshark's default relative
 * numbers: the base is tcp.ack_raw - tcp.ack), absolute without. */
static void sack_edges(const struct ps_packet *p, struct df_vals *o, bool right)
{
	for (unsigned i = 0; i < df_nlayers(p); i++) {
		const struct ps_layer *l = &p->layers[i];
		if (l->proto != PS_P_TCP || !l->u.tcp.nsack)
			continue;
		const struct ps_tcp_sack *b = ps_tcp_sacks(p, &l->u.tcp);
		bool rel = p->flow.id && p->flow.tcp_layer == (int)i;
		uint32_t base = rel ? l->u.tcp.ack - p->flow.ack_rel : 0;
		for (unsigned k = 0; b && k < l->u.tcp.nsack; k++)
			df_put_u(o, DF_T_UINT, (uint32_t)((right ? b[k].right : b[k].left) - base));
	}
}

void df_get_tcp_sack_le(const struct ps_packet *p, struct df_vals *o)
{
	sack_edges(p, o, false);
}
void df_get_tcp_sack_re(const struct ps_packet *p, struct df_vals *o)
{
	sack_edges(p, o, true);
}

/* tshark's tcp.option_kind (every recorded option, NOP and EOL too, and
 * an EOL for each zero byte of padding after an EOL) and
 * tcp.option_len (the options that have a length byte) */
static void opt_list(const struct ps_packet *p, struct df_vals *o, bool len)
{
	for (unsigned i = 0; i < df_nlayers(p); i++) {
		const struct ps_layer *l = &p->layers[i];
		if (l->proto != PS_P_TCP || !l->u.tcp.nopts)
			continue;
		const struct ps_tcp_opt *op = ps_side_get(p, l->u.tcp.opts_at);
		for (unsigned k = 0; op && k < l->u.tcp.nopts; k++) {
			bool single = op[k].kind == PS_TCPOPT_EOL || op[k].kind == PS_TCPOPT_NOP;
			if (!len)
				df_put_u(o, DF_T_UINT, op[k].kind);
			else if (!single)
				df_put_u(o, DF_T_UINT, op[k].len);
		}
		for (unsigned k = 0; !len && k < l->u.tcp.eol_pad; k++)
			df_put_u(o, DF_T_UINT, PS_TCPOPT_EOL);
	}
}
void df_get_tcp_option_kind(const struct ps_packet *p, struct df_vals *o)
{
	opt_list(p, o, false);
}
void df_get_tcp_option_len(const struct ps_packet *p, struct df_vals *o)
{
	opt_list(p, o, true);
}

/* The bytes after a transport header of hl bytes that its carrier claims
 * (`claim` from the header's start, PS_CLAIM_UNKNOWN: to the end of the
 * bytes) and `nominal` allows, as far as they were captured: tshark's
 * payload item spans the rest of the IP payload (a first fragment's part
 * of a segment too) and, cut by the snap length, what is left of it. */
static void put_payload(const struct ps_packet *p, struct df_vals *o, const struct ps_layer *l,
			uint32_t hl, uint32_t claim, uint32_t nominal)
{
	uint32_t have = ps_packet_bytes(p), at = l->off + hl;
	if (at >= have || hl > claim)
		return;
	uint32_t len = have - at;
	if (claim != PS_CLAIM_UNKNOWN && claim - hl < len)
		len = claim - hl;
	if (nominal < len)
		len = nominal;
	if (len)
		put_bytes(p, o, at, len);
}

void df_get_tcp_payload(const struct ps_packet *p, struct df_vals *o)
{
	for (unsigned i = 0; i < df_nlayers(p); i++) {
		const struct ps_layer *l = &p->layers[i];
		/* tshark shows the data of a reset as tcp.reset_cause instead */
		if (l->proto == PS_P_TCP && l->hdr_len >= 20 && l->hdr_len >= l->u.tcp.hl &&
		    !(l->u.tcp.flags & 0x04u))
			put_payload(p, o, l, l->u.tcp.hl, l->u.tcp.claim, UINT32_MAX);
	}
}

/* udp.length bounds it too (bytes after it are the carrier's padding) */
void df_get_udp_payload(const struct ps_packet *p, struct df_vals *o)
{
	for (unsigned i = 0; i < df_nlayers(p); i++) {
		const struct ps_layer *l = &p->layers[i];
		if (l->proto == PS_P_UDP && l->hdr_len >= 8 && l->u.udp.len >= 8)
			put_payload(p, o, l, 8, l->u.udp.claim, l->u.udp.len - 8u);
	}
}

/* tshark's tcp.nxtseq: tcp.seq (relative as it) + the payload + one for
 * SYN and one for FIN, on every segment whose length is known */
void df_get_tcp_nxtseq(const struct ps_packet *p, struct df_vals *o)
{
	for (unsigned i = 0; i < df_nlayers(p); i++) {
		const struct ps_layer *l = &p->layers[i];
		uint32_t len;
		if (l->proto != PS_P_TCP || !df_tcp_len(p, i, &len))
			continue;
		bool rel = p->flow.id && p->flow.tcp_layer == (int)i; /* as tcp.seq */
		uint32_t seq = rel ? p->flow.seq_rel : l->u.tcp.seq;
		len += (l->u.tcp.flags & 0x02u) != 0;
		len += (l->u.tcp.flags & 0x01u) != 0;
		df_put_u(o, DF_T_UINT, (uint32_t)(seq + len));
	}
}

/* The flow table's window-scaling state applies to TCP layer li: the
 * layer its note describes (absent with --no-flows), not a SYN (tshark
 * never scales one nor shows its scale factor). */
static bool win_scaled(const struct ps_packet *p, unsigned li)
{
	return p->flow.id && p->flow.tcp_layer == (int)li && !(p->layers[li].u.tcp.flags & 0x02u);
}

/* tshark's tcp.window_size: the window shifted by its direction's scale
 * (src/flow/flow_tcp_int.h) when known, on a segment whose length tshark
 * knows (its scaling sits there: not in an IP fragment or the header an
 * ICMP error quotes); else, and with --no-flows, the window as sent. */
void df_get_tcp_window_size(const struct ps_packet *p, struct df_vals *o)
{
	for (unsigned i = 0; i < df_nlayers(p); i++) {
		const struct ps_layer *l = &p->layers[i];
		if (l->proto != PS_P_TCP || l->hdr_len < 16)
			continue;
		uint32_t w = l->u.tcp.win, len;
		if (win_scaled(p, i) && p->flow.win_scale >= 0 && df_tcp_len(p, i, &len))
			w <<= p->flow.win_scale;
		df_put_u(o, DF_T_UINT, w);
	}
}

/* tshark's tcp.window_size_scalefactor: -1 unknown (the capture began after
 * the SYNs), -2 no scaling, else the multiplier; not on SYNs */
void df_get_tcp_window_scalefactor(const struct ps_packet *p, struct df_vals *o)
{
	for (unsigned i = 0; i < df_nlayers(p); i++) {
		const struct ps_layer *l = &p->layers[i];
		if (l->proto != PS_P_TCP || l->hdr_len < 16 || !win_scaled(p, i))
			continue;
		int s = p->flow.win_scale;
		struct df_val *v = df_vals_add(o, DF_T_INT);
		if (v)
			v->v.i = s < 0 ? s : 1 << s;
	}
}

void df_get_tcp_len(const struct ps_packet *p, struct df_vals *o)
{
	for (unsigned i = 0; i < df_nlayers(p); i++) {
		uint32_t len;
		if (p->layers[i].proto == PS_P_TCP && df_tcp_len(p, i, &len))
			df_put_u(o, DF_T_UINT, len);
	}
}
