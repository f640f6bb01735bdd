/* SPDX-License-Identifier: BSD-2-Clause */
/* render_zstats.c - tshark 4.0's -z conv and -z endpoints tables, column for
 * column (ui/cli/tap-iousers.c and tap-endpoints.c layouts): rows by total
 * frames, most first, ties in first-seen order; conversation bytes in
 * tshark's units ("353 bytes", "85 kB"), endpoint bytes as plain numbers;
 * start relative to the first frame and duration computed in doubles as
 * tshark does.  Addresses are numeric (tshark -n).
 */
#include <stdio.h>
#include <stdlib.h>

#include "ps_zstats.h"

static const char *const titles[PS_Z__COUNT] = {
	"TCP Conversations",  "UDP Conversations", "IPv4 Conversations", "IPv6 Conversations",
	"Ethernet Conversations", "IPv4 Endpoints", "TCP Endpoints",	  "UDP Endpoints",
};

#define RULE "================================================================================\n"

/* wsutil's format_size(..., FORMAT_SIZE_UNIT_BYTES): SI prefixes once the
 * value is at least 10 of them, integer division. */
static void fmt_size(char *buf, size_t n, uint64_t v)
{
	static const char *const pfx[] = {"k", "M", "G", "T", "P"};
	int best = -1;
	uint64_t div = 1000;
	for (int i = 0; i < 5; i++, div *= 1000)
		if (v / div >= 10)
			best = i;
	if (best < 0) {
		snprintf(buf, n, "%llu bytes", (unsigned long long)v);
		return;
	}
	div = 1000;
	for (int i = 0; i < best; i++)
		div *= 1000;
	snprintf(buf, n, "%llu %sB", (unsigned long long)(v / div), pfx[best]);
}

static void fmt_addr(char *buf, size_t n, const uint8_t *a, unsigned alen)
{
	struct ps_out o;
	ps_out_open_mem(&o, buf, n);
	if (alen == 4)
		ps_out_ipv4(&o, a);
	else if (alen == 16)
		ps_out_ipv6(&o, a);
	else
		ps_out_mac(&o, a, alen);
	ps_out_cstr(&o);
}

/* nstime_to_sec() of a time relative to the first frame. */
static double rel_sec(int64_t ns, int64_t first_ns)
{
	int64_t d = ns - first_ns;
	int64_t s = d / 1000000000, f = d % 1000000000;
	return (double)s + (double)f / 1e9;
}

static int by_frames(const void *x, const void *y)
{
	const struct ps_zrow *a = *(const struct ps_zrow *const *)x;
	const struct ps_zrow *b = *(const struct ps_zrow *const *)y;
	uint64_t ta = a->txf + a->rxf, tb = b->txf + b->rxf;
	if (ta != tb)
		return ta > tb ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static void conv_row(struct ps_out *o, const struct ps_zrow *r, bool ports, int64_t first_ns)
{
	char a[64], b[64], sa[80], sb[80], rx[32], tx[32], tot[32];
	fmt_addr(a, sizeof a, r->a, r->alen);
	fmt_addr(b, sizeof b, r->b, r->alen);
	fmt_size(rx, sizeof rx, r->rxb);
	fmt_size(tx, sizeof tx, r->txb);
	fmt_size(tot, sizeof tot, r->rxb + r->txb);
	if (ports) {
		snprintf(sa, sizeof sa, "%s:%u", a, (unsigned)r->pa);
		snprintf(sb, sizeof sb, "%s:%u", b, (unsigned)r->pb);
		ps_out_fmt(o, "%-26s <-> %-26s", sa, sb);
	} else {
		ps_out_fmt(o, "%-20s <-> %-20s", a, b);
	}
	ps_out_fmt(o, "  %6llu %-9s  %6llu %-9s  %6llu %-9s  ", (unsigned long long)r->rxf, rx,
		   (unsigned long long)r->txf, tx, (unsigned long long)(r->rxf + r->txf), tot);
	double start = rel_sec(r->first_ns, first_ns), stop = rel_sec(r->last_ns, first_ns);
	ps_out_fmt(o, "%14.9f   %12.4f\n", start, stop - start);
}

static void end_row(struct ps_out *o, const struct ps_zrow *r, bool ports)
{
	char a[64];
	fmt_addr(a, sizeof a, r->a, r->alen);
	ps_out_fmt(o, "%-20s      ", a);
	if (ports)
		ps_out_fmt(o, "%5u     ", (unsigned)r->pa);
	ps_out_fmt(o, "%6llu     %9llu     %6llu       %9llu      %6llu       %9llu   \n",
		   (unsigned long long)(r->txf + r->rxf), (unsigned long long)(r->txb + r->rxb),
		   (unsigned long long)r->txf, (unsigned long long)r->txb,
		   (unsigned long long)r->rxf, (unsigned long long)r->rxb);
}

static void print_table(struct ps_zstats *z, enum ps_ztable k, struct ps_out *o,
			int64_t first_ns)
{
	struct ps_ztab *t = &z->t[k];
	bool conv = k <= PS_Z_CONV_ETH;
	bool ports = k == PS_Z_CONV_TCP || k == PS_Z_CONV_UDP || k == PS_Z_END_TCP ||
		     k == PS_Z_END_UDP;
	PS_OUT_LIT(o, RULE);
	ps_out_fmt(o, "%s\nFilter:<No Filter>\n", titles[k]);
	if (conv) {
		const char *pad = ports ? "            " : "";
		ps_out_fmt(o, "%s                                               |       <-      | |       ->      | |     Total     |    Relative    |   Duration   |\n", pad);
		ps_out_fmt(o, "%s                                               | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |\n", pad);
	} else {
		ps_out_fmt(o, "                       |%s  Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |\n",
			   ports ? "  Port  ||" : "");
	}
	const struct ps_zrow **v = t->n ? malloc((size_t)t->n * sizeof *v) : 0;
	for (uint32_t i = 0; v && i < t->n; i++)
		v[i] = &t->rows[i];
	if (v)
		qsort(v, t->n, sizeof *v, by_frames);
	for (uint32_t i = 0; v && i < t->n; i++) {
		if (!(v[i]->txf + v[i]->rxf))
			continue;
		if (conv)
			conv_row(o, v[i], ports, first_ns);
		else
			end_row(o, v[i], ports);
	}
	free(v);
	PS_OUT_LIT(o, RULE);
}

void ps_zstats_print(struct ps_zstats *z, struct ps_out *o, int64_t first_ns)
{
	for (unsigned i = z->n; i-- > 0;)
		print_table(z, z->order[i], o, first_ns);
}
