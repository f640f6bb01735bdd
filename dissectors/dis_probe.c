/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_probe.c - probe stamps of pktscope-gen --stamp (or any tool that
 * emits them), recognised on any UDP or TCP port.
 *
 * docs/probe-format.md; codec src/core/ps_stamp.h.
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     0x89      |      'P'      |      'S'      |      'T'      |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  version (1)  |     flags     |        header checksum        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                           stream id                           |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                        message length                         |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                      sequence number (64)                     |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |             send time, ns since the Unix epoch (64)           |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The delay is the capture time minus the send time: the one-way delay to
 * the capture point when the sender's clock and the capture's agree.
 */
#include "dis_common.h"
#include "ps_stamp.h"
#include "ps_text.h"

/* The first *n (<= 32) header bytes the cursor holds, borrowed. */
static const uint8_t *probe_peek(const struct ps_cursor *c, uint32_t *n)
{
	struct ps_cursor w = *c;

	*n = ps_cur_remaining(c) < PS_STAMP_LEN ? ps_cur_remaining(c) : PS_STAMP_LEN;
	return ps_cur_peek_bytes(&w, 0, *n);
}

static int64_t capture_ns(const struct ps_packet *p)
{
	return p->ts_sec * 1000000000LL + (int64_t)(p->ts_nano ? p->ts_frac : p->ts_frac * 1000ull);
}

static void probe_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_probe *pr = &l->u.probe;
	struct ps_stamp s = {0}; /* ps_stamp_decode fills it; zeroed so that no
				   * inlining decision makes GCC think otherwise */
	uint32_t n;
	const uint8_t *b = probe_peek(c, &n);

	if (!b || n < PS_STAMP_LEN) {
		/* the probe admitted a cut header on magic and version alone */
		pr->version = b && n > 4 ? b[4] : 0;
		pr->flags = b && n > 5 ? b[5] : 0;
		l->hdr_len = n;
		ps_dis_event(d, PS_EV_PROBE_TRUNCATED);
		ps_cur_skip(c, n);
		return;
	}
	(void)ps_stamp_decode(b, n, &s); /* the probe checked it */
	*pr = (struct ps_probe){ .version = s.version, .flags = s.flags, .cksum = s.cksum,
				 .stream = s.stream, .msg_len = s.msg_len, .seq = s.seq,
				 .send_ns = s.send_ns };
	l->hdr_len = PS_STAMP_LEN;
	int64_t delay = capture_ns(d->p) - (int64_t)s.send_ns;
	if (delay > -PS_PROBE_DELAY_PLAUSIBLE_NS && delay < PS_PROBE_DELAY_PLAUSIBLE_NS) {
		pr->has_delay = true;
		pr->delay_ns = delay;
	}
	bool udp = d->cur > 0 && d->p->layers[d->cur - 1].proto == PS_P_UDP;
	if (udp && d->claim_in != PS_CLAIM_UNKNOWN && s.msg_len > d->claim_in)
		ps_dis_event(d, PS_EV_PROBE_LEN_EXCEEDS_PAYLOAD);
	/* the padding is the stamp's: check what was captured of it */
	uint32_t pad = ps_cur_remaining(c) < s.msg_len ? ps_cur_remaining(c) : s.msg_len;
	const uint8_t *m = ps_cur_peek_bytes(c, 0, pad);
	if ((s.flags & PS_STAMP_F_PATTERN) && m && ps_stamp_pad_check(m, pad) != pad)
		ps_dis_event(d, PS_EV_PROBE_PATTERN_MISMATCH);
	ps_cur_skip(c, pad);
}

/* A stamp whose 32 bytes are all there must decode cleanly (magic,
 * version, checksum, length); a header the capture cut short is taken on
 * its magic and version when the carrier claims 32 bytes or more. */
static bool probe_probe(const struct ps_dctx *d, const struct ps_cursor *c)
{
	uint32_t n;
	const uint8_t *b = probe_peek(c, &n);
	struct ps_stamp s;

	if (n == PS_STAMP_LEN)
		return ps_stamp_decode(b, n, &s) == PS_STAMP_OK;
	if (!b)
		return false;
	return d->claim_out != PS_CLAIM_UNKNOWN && d->claim_out >= PS_STAMP_LEN &&
	       ps_stamp_looks(b, n);
}

static void probe_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_probe *pr = &l->u.probe;

	ps_dis_emit_u64(e, l, "version", 4, 1, pr->version);
	ps_dis_emit_u64(e, l, "flags", 5, 1, pr->flags);
	ps_dis_emit_u64(e, l, "checksum", 6, 2, pr->cksum);
	ps_dis_emit_u64(e, l, "stream", 8, 4, pr->stream);
	ps_dis_emit_u64(e, l, "len", 12, 4, pr->msg_len);
	ps_dis_emit_u64(e, l, "seq", 16, 8, pr->seq);
	ps_dis_emit_u64(e, l, "send_ts", 24, 8, pr->send_ns);
	if (pr->has_delay && l->hdr_len >= PS_STAMP_LEN)
		e->ops->i64(e, "delay", pr->delay_ns);
}

/* "probe stream 3 seq 1234 delay 0.000123s" */
static void probe_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			  struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_probe *pr = &l->u.probe;
	(void)t;

	if (l->hdr_len < PS_STAMP_LEN) {
		PS_OUT_LIT(o, "probe");
		return; /* the renderer adds " [|probe]" */
	}
	ps_dis_out_num(o, "probe stream ", pr->stream);
	ps_dis_out_num(o, " seq ", pr->seq);
	if (pr->has_delay) {
		uint64_t a = pr->delay_ns < 0 ? (uint64_t)-pr->delay_ns : (uint64_t)pr->delay_ns;
		ps_out_fmt(o, " delay %s%llu.%06llus", pr->delay_ns < 0 ? "-" : "",
			   (unsigned long long)(a / 1000000000u),
			   (unsigned long long)(a % 1000000000u / 1000u));
	}
}

const struct ps_dissector ps_dis_probe = {
	.name = "probe",
	.label = "PROBE",
	.ev_truncated = PS_EV_PROBE_TRUNCATED,
	.proto = PS_P_PROBE,
	.decode = probe_decode,
	.probe = probe_probe,
	.summary = probe_summary,
	.fields = probe_fields,
};
