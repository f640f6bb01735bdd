/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_ntp_text.c - NTP's -v text, as tcpdump's print-ntp.c prints a time
 * message: leap indicator, stratum, poll, precision, root delay and
 * dispersion (16.16 as seconds with 6 decimals), the reference ID by
 * stratum (text for a primary server, else 0x-hex), the four timestamps (seconds since 1900 with 9 decimals and the
 * UTC date) and the originate-receive/transmit differences.
 *
 * The fraction is turned into nanoseconds through a double, as tcpdump
 * does, so the last digit agrees with it (the JSON keeps tshark's exact
 * integer truncation).
 */
#include <time.h>

#include "dis_common.h"

#define NTP_JAN_1970 2208988800u
#define NTP_HDR_LEN 48u

static uint32_t frac_ns(uint32_t frac)
{
	return (uint32_t)((double)frac / 4294967296.0 * 1000000000.0);
}

/* "3305243884.922896299 (2004-09-27T03:18:04Z)", no date for 0 seconds */
static void out_time(struct ps_out *o, uint64_t ts)
{
	uint32_t sec = (uint32_t)(ts >> 32);
	ps_out_fmt(o, "%u.%09u", (unsigned)sec, (unsigned)frac_ns((uint32_t)ts));
	if (!sec)
		return;
	time_t t = (time_t)((int64_t)sec - NTP_JAN_1970);
	struct tm tm;
	char buf[64];
	if (gmtime_r(&t, &tm) && strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm))
		ps_out_fmt(o, " (%s)", buf);
}

/* "+68.452609627": ts minus the originate timestamp `org` */
static void out_delta(struct ps_out *o, uint64_t org, uint64_t ts)
{
	if (!org) {
		out_time(o, ts);
		return;
	}
	bool neg = ts < org;
	uint64_t d = neg ? org - ts : ts - org;
	ps_out_fmt(o, "%c%u.%09u", neg ? '-' : '+', (unsigned)(d >> 32),
		   (unsigned)frac_ns((uint32_t)d));
}

/* 16.16 fixed point: "1.010009" */
static void out_sfix(struct ps_out *o, uint32_t v)
{
	ps_out_fmt(o, "%u.%06u", (unsigned)(v >> 16),
		   (unsigned)((double)(v & 0xffffu) / 65536.0 * 1000000.0));
}

static void out_refid(struct ps_out *o, const struct ps_ntp *n)
{
	if (n->stratum == 0)
		PS_OUT_LIT(o, "(unspec)");
	else if (n->stratum == 1)
		ps_dis_out_printn(o, n->ref_id, 4); /* a primary server names its source */
	else /* tcpdump 4.99 prints the other strata's as a number */
		ps_out_fmt(o, "0x%08x", (unsigned)ps_dis_be32(n->ref_id));
}

/* What follows the 48 bytes: a key ID, a digest, or just a count. */
static void out_trailer(const struct ps_packet *p, const struct ps_layer *l, uint32_t len,
			struct ps_out *o)
{
	struct ps_cursor c = ps_dis_frame_at(p, l->off + NTP_HDR_LEN);
	uint32_t words = (len - NTP_HDR_LEN) / 4;
	if (len == NTP_HDR_LEN + 4 && ps_cur_has(&c, 4)) {
		ps_out_fmt(o, "\n\tKey id: %u", (unsigned)ps_cur_peek_be32(&c, 0));
	} else if ((len == NTP_HDR_LEN + 20 || len == NTP_HDR_LEN + 24) &&
		   ps_cur_has(&c, len - NTP_HDR_LEN)) {
		PS_OUT_LIT(o, "\n\tAuthentication: ");
		for (uint32_t i = 1; i < words; i++)
			ps_out_fmt(o, "%08x", (unsigned)ps_cur_peek_be32(&c, 4 * i));
	} else if (len > NTP_HDR_LEN) {
		ps_out_fmt(o, "\n\t(%u more bytes after the header)", (unsigned)(len - NTP_HDR_LEN));
	}
}

void ps_ntp_out_verbose(const struct ps_packet *p, unsigned li, struct ps_out *o)
{
	static const char *const leap[4] = {"", "+1s", "-1s", "clock unsynchronized"};
	static const char *const ts_names[4] = {"Reference Timestamp:  ", "Originator Timestamp: ",
						"Receive Timestamp:    ", "Transmit Timestamp:   "};
	const struct ps_layer *l = &p->layers[li];
	const struct ps_ntp *n = &l->u.ntp;
	int poll = (int8_t)n->poll;

	if (l->hdr_len < NTP_HDR_LEN)
		return;
	ps_out_fmt(o, "\n\tLeap indicator: %s (%u), Stratum %u (%s), poll %d", leap[n->li],
		   (unsigned)n->li << 6, n->stratum,
		   n->stratum == 0   ? "unspecified"
		   : n->stratum == 1 ? "primary reference"
		   : n->stratum <= 15 ? "secondary reference"
				      : "reserved",
		   poll);
	if (poll > -32 && poll < 32)
		ps_out_fmt(o, " (%.0fs)", poll < 0 ? 1.0 / (double)(1u << -poll) : (double)(1u << poll));
	ps_out_fmt(o, ", precision %d\n\tRoot Delay: ", n->precision);
	out_sfix(o, n->root_delay);
	PS_OUT_LIT(o, ", Root dispersion: ");
	out_sfix(o, n->root_dispersion);
	PS_OUT_LIT(o, ", Reference-ID: ");
	out_refid(o, n);
	for (unsigned i = 0; i < 4; i++) {
		PS_OUT_LIT(o, "\n\t  ");
		ps_out_str(o, ts_names[i]);
		out_time(o, n->ts[i]);
	}
	PS_OUT_LIT(o, "\n\t    Originator - Receive Timestamp:  ");
	out_delta(o, n->ts[1], n->ts[2]);
	PS_OUT_LIT(o, "\n\t    Originator - Transmit Timestamp: ");
	out_delta(o, n->ts[1], n->ts[3]);
	out_trailer(p, l, n->len, o);
}
