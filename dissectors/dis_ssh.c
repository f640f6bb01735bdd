/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_ssh.c - the SSH identification line (RFC 4253 4.2).
 *
 *   SSH-protoversion-softwareversion SP comments CR LF   (at most 255 bytes)
 *
 * Only the line at the very start of a TCP segment is read (the binary
 * packets that follow it are payload); lines a server may send before it
 * are not recognised.  No TCP reassembly yet: a line that continues in the
 * next segment yields no banner (no event); reassembly plugs in where
 * decode gets its cursor.  A bare LF ends the line too, as OpenSSH accepts.
 *
 * Text as tcpdump's print-ssh.c: ": SSH: " and the line, when it is all
 * printable ASCII and ends in the packet.
 */
#include <string.h>

#include "dis_common.h"
#include "dis_tcp.h"

#define SSH_LINE_MAX 255u /* with CR LF */

/* port 22 and any TCP port: the payload starts with "SSH-" */
static bool ssh_probe(const struct ps_dctx *d, const struct ps_cursor *c)
{
	(void)d;
	return ps_cur_remaining(c) >= 4 && !memcmp(c->frame + c->pos, "SSH-", 4);
}

static void ssh_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_ssh *s = &l->u.ssh;
	uint32_t avail = ps_cur_remaining(c);
	uint32_t look = avail < SSH_LINE_MAX ? avail : SSH_LINE_MAX;
	const uint8_t *b = c->frame + c->pos;
	const uint8_t *lf = memchr(b, '\n', look);

	s->off = c->pos;
	if (!lf) {
		if (avail >= SSH_LINE_MAX)
			ps_dis_event(d, PS_EV_SSH_BANNER_TOO_LONG);
		else if (d->claim_in != PS_CLAIM_UNKNOWN && d->claim_in > avail)
			ps_dis_event(d, PS_EV_SSH_TRUNCATED);
		return; /* else the line continues in the next segment */
	}
	uint32_t n = (uint32_t)(lf - b);
	s->whole = true;
	s->len = (uint16_t)(n && b[n - 1] == '\r' ? n - 1 : n);
	l->hdr_len = n + 1;
	ps_cur_skip(c, n + 1);
}

static void ssh_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_ssh *s = &p->layers[li].u.ssh;
	if (!s->whole)
		return;
	ps_emit_span(e, s->off, s->len);
	e->ops->strn(e, "banner", (const char *)p->data + s->off, s->len);
}

static void ssh_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			struct ps_out *o)
{
	const struct ps_ssh *s = &p->layers[li].u.ssh;
	if (!s->whole)
		return;
	if (t->verbose && li > 0 && p->layers[li - 1].proto == PS_P_TCP &&
	    (p->layers[li - 1].u.tcp.flags & TH_RST))
		return; /* tcpdump -v prints a reset's data its own way (TCP's) */
	const uint8_t *b = p->data + s->off;
	for (uint32_t i = 0; i < s->len; i++)
		if (b[i] < 0x20 || b[i] >= 0x7f)
			return; /* tcpdump takes it for binary data */
	PS_OUT_LIT(o, ": SSH: ");
	ps_out_mem(o, b, s->len);
}

const struct ps_dissector ps_dis_ssh = {
	.name = "ssh",
	.label = "SSH",
	.ev_truncated = PS_EV_SSH_TRUNCATED,
	.proto = PS_P_SSH,
	.decode = ssh_decode,
	.probe = ssh_probe,
	.summary = ssh_summary,
	.fields = ssh_fields,
};
