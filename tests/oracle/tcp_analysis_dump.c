/* SPDX-License-Identifier: BSD-2-Clause */
/* tcp_analysis_dump.c - print, for every frame of a capture, the TCP
 * analysis events src/reasm raises, one line "FRAME EVENT" each, so that
 * tests/oracle/tcp_analysis.sh can compare them with tshark's
 * tcp.analysis.* on the same capture.
 *
 * A test tool, not the flow table: connections are found by their
 * unordered address/port pair in a fixed open-addressing table (a capture
 * with more than TABLE connections is refused), and a SYN without ACK on a
 * connection that saw a FIN or RST starts it afresh, as tshark does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ps_dissect.h"
#include "ps_pcapfile.h"
#include "reasm_record.h"
#include "tcp_analysis.h"

#define TABLE (1u << 16)

struct conn {
	bool used, closed;
	uint8_t a[16], b[16]; /* a: the address of the side that is direction 0 */
	uint16_t pa, pb;
	struct ps_tcp_anl d[2];
	uint64_t syn_ts, rtt;   /* tshark's first RTT: SYN to the ACK of the handshake */
	bool synack;
};

static struct conn table[TABLE];
static struct ps_packet pkt;

/* The connection of this segment and the segment's direction in it. */
static struct conn *lookup(const uint8_t *src, const uint8_t *dst, uint16_t sp, uint16_t dp,
			   int *dir)
{
	uint32_t h = 2166136261u;
	for (unsigned i = 0; i < 16; i++)
		h = (h ^ (uint32_t)(src[i] ^ dst[i])) * 16777619u;
	h = (h ^ (uint32_t)(sp ^ dp)) * 16777619u;
	for (uint32_t n = 0; n < TABLE; n++) {
		struct conn *c = &table[(h + n) & (TABLE - 1)];
		if (!c->used) {
			c->used = true;
			memcpy(c->a, src, 16);
			memcpy(c->b, dst, 16);
			c->pa = sp;
			c->pb = dp;
			*dir = 0;
			return c;
		}
		if (c->pa == sp && c->pb == dp && !memcmp(c->a, src, 16) && !memcmp(c->b, dst, 16)) {
			*dir = 0;
			return c;
		}
		if (c->pa == dp && c->pb == sp && !memcmp(c->a, dst, 16) && !memcmp(c->b, src, 16)) {
			*dir = 1;
			return c;
		}
	}
	return NULL;
}

static int frame(uint64_t n)
{
	int ni = ps_packet_find(&pkt, PS_P_IPV4), ti = ps_packet_find(&pkt, PS_P_TCP);
	if (ni < 0)
		ni = ps_packet_find(&pkt, PS_P_IPV6);
	struct ps_tcp_seg s;
	if (ni < 0 || ti < 0 || !ps_reasm_tcp_seg_from_record(&pkt, (unsigned)ti, &s))
		return 0;
	uint8_t src[16] = {0}, dst[16] = {0};
	const struct ps_layer *l = &pkt.layers[ni];
	if (l->proto == PS_P_IPV4) {
		memcpy(src, l->u.ipv4.src, 4);
		memcpy(dst, l->u.ipv4.dst, 4);
	} else {
		memcpy(src, l->u.ipv6.src, 16);
		memcpy(dst, l->u.ipv6.dst, 16);
	}
	int dir;
	const struct ps_tcp *t = &pkt.layers[ti].u.tcp;
	struct conn *c = lookup(src, dst, t->sport, t->dport, &dir);
	if (!c)
		return -1;
	bool syn = s.flags & PS_TCPF_SYN, ack = s.flags & PS_TCPF_ACK;
	if (syn && !ack && c->closed) { /* a new connection on the same ports */
		memset(c->d, 0, sizeof c->d);
		c->closed = c->synack = false;
		c->rtt = 0;
	}
	if (syn && !ack)
		c->syn_ts = s.ts_ns;
	else if (syn)
		c->synack = true;
	else if (ack && c->synack && !c->rtt && c->syn_ts)
		c->rtt = s.ts_ns - c->syn_ts;
	uint32_t a = ps_tcp_analyze(&c->d[dir], &c->d[!dir], &s, c->rtt ? c->rtt : PS_TCP_OOO_THRES_NS);
	ps_tcp_analysis_update(&c->d[dir], &c->d[!dir], &s, a);
	if (s.flags & (PS_TCPF_FIN | PS_TCPF_RST))
		c->closed = true;
	enum ps_event_code ev[8];
	unsigned k = ps_tcp_analysis_events(a, ev, 8);
	for (unsigned i = 0; i < k; i++)
		printf("%llu %s\n", (unsigned long long)n, ps_event_name(ev[i]));
	if (a & PS_TCP_A_ACK_LOST_SEGMENT) /* a filter field, not a record event */
		printf("%llu tcp.ack_lost_segment\n", (unsigned long long)n);
	return 0;
}

int main(int argc, char **argv)
{
	struct ps_pcapfile *pf;
	struct ps_pcaprec r;
	char err[256];
	if (argc != 2) {
		fprintf(stderr, "usage: tcp_analysis_dump FILE\n");
		return 2;
	}
	if (ps_pcapfile_open(&pf, argv[1], 0, err, sizeof err) < 0) {
		fprintf(stderr, "tcp_analysis_dump: %s\n", err);
		return 1;
	}
	int rc = 0;
	bool nano = ps_pcapfile_nano(pf);
	for (uint64_t n = 1; (rc = ps_pcapfile_next(pf, &r, err, sizeof err)) > 0; n++) {
		memset(&pkt, 0, offsetof(struct ps_packet, layers));
		pkt.n = n;
		pkt.ts_sec = r.sec;
		pkt.ts_frac = r.frac;
		pkt.ts_nano = nano;
		pkt.caplen = r.caplen;
		pkt.len = r.len;
		pkt.linktype = r.dlt;
		pkt.direction = -1;
		pkt.data = r.data;
		ps_dissect(&pkt);
		if (frame(n) < 0) {
			fprintf(stderr, "tcp_analysis_dump: more than %u connections\n", TABLE);
			rc = -1;
			break;
		}
	}
	ps_pcapfile_close(pf);
	return rc < 0 ? 1 : 0;
}
