/* SPDX-License-Identifier: BSD-2-Clause */
/* render_follow.c - -z follow,tcp|udp,ascii|hex|raw,N in tshark 4.0's layout
 * (ui/cli/tap-follow.c): a header naming the two nodes, then one block per
 * chunk, node 1's indented by a tab; raw: the chunk in lower-case hex on
 * one line; ascii: its length, then the bytes (non-printable as '.');
 * hex: 16 bytes a line, offsets counted per node. */
#include "ps_follow_render.h"

static const char rule[] = "===================================================================\n";

static void node(struct ps_out *o, const struct ps_follow *fl, unsigned i)
{
	ps_out_fmt(o, "Node %u: ", i);
	if (fl->seen) {
		if (fl->v6) {
			ps_out_char(o, '[');
			ps_out_ipv6(o, fl->addr[i]);
			ps_out_char(o, ']');
		} else {
			ps_out_ipv4(o, fl->addr[i]);
		}
	}
	ps_out_fmt(o, ":%u\n", fl->seen ? fl->port[i] : 0u);
}

static char printable(uint8_t c)
{
	return c >= 0x20 && c < 0x7f ? (char)c : '.';
}

static void hex_lines(struct ps_out *o, const uint8_t *d, uint32_t len, uint64_t *pos,
		      const char *indent)
{
	static const char hx[] = "0123456789abcdef";
	for (uint32_t at = 0; at < len; at += 16) {
		char line[96];
		unsigned k = 0, n = len - at < 16 ? len - at : 16;
		for (unsigned i = 0; i < 16; i++) {
			if (i == 8)
				line[k++] = ' ';
			line[k++] = i < n ? hx[d[at + i] >> 4] : ' ';
			line[k++] = i < n ? hx[d[at + i] & 15] : ' ';
			line[k++] = ' ';
		}
		line[k++] = ' ';
		for (unsigned i = 0; i < n; i++) {
			if (i == 8)
				line[k++] = ' ';
			line[k++] = printable(d[at + i]);
		}
		while (k && line[k - 1] == ' ') /* tshark's lines end at their last character */
			k--;
		ps_out_fmt(o, "%s%08llX  %.*s\n", indent, (unsigned long long)(*pos + at), (int)k,
			   line);
	}
	*pos += len;
}

static void chunk(struct ps_out *o, const struct ps_follow *fl, const struct ps_follow_chunk *c,
		  uint64_t pos[2])
{
	const uint8_t *d = fl->data + c->off;
	const char *indent = c->node ? "\t" : "";
	if (fl->mode == PS_FOLLOW_RAW) {
		static const char hx[] = "0123456789abcdef";
		ps_out_str(o, indent);
		for (uint32_t i = 0; i < c->len; i++) {
			ps_out_char(o, hx[d[i] >> 4]);
			ps_out_char(o, hx[d[i] & 15]);
		}
		ps_out_char(o, '\n');
	} else if (fl->mode == PS_FOLLOW_ASCII) {
		ps_out_fmt(o, "%s%u\n", indent, c->len);
		for (uint32_t i = 0; i < c->len; i++)
			ps_out_char(o, d[i] == '\n' || d[i] == '\r' ? (char)d[i] : printable(d[i]));
		ps_out_char(o, '\n');
	} else {
		hex_lines(o, d, c->len, &pos[c->node], indent);
	}
}

void ps_follow_print(const struct ps_follow *fl, struct ps_out *o)
{
	static const char *const modes[] = {"ascii", "hex", "raw"};
	const char *proto = fl->udp ? "udp" : "tcp";
	ps_out_char(o, '\n');
	ps_out_str(o, rule);
	ps_out_fmt(o, "Follow: %s,%s\n", proto, modes[fl->mode]);
	ps_out_fmt(o, "Filter: %s.stream eq %llu\n", proto, (unsigned long long)fl->stream);
	node(o, fl, 0);
	node(o, fl, 1);
	uint64_t pos[2] = {0, 0};
	for (uint32_t i = 0; i < fl->n; i++)
		if (fl->chunks[i].len)
			chunk(o, fl, &fl->chunks[i], pos);
	ps_out_str(o, rule);
}
