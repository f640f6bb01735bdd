/* SPDX-License-Identifier: BSD-2-Clause */
/* text_ascii.c - two tcpdump habits of the text renderer:
 *  -A      the packet, from the network header, in ASCII: printable bytes,
 *          tab, space and newline as they are, a CR before LF dropped, any
 *          other byte as '.' (tcpdump's ascii_print);
 *  non-IP  a frame where nothing after the link header is decoded shows its
 *          link header (EtherType, 802.3 length) as tcpdump does without -e,
 *          with tcpdump's hex + ASCII dump of the rest; so does a layer
 *          whose dissector asks for it (raw_dump: an LLC frame with an
 *          unknown SAP). */
#include "ps_render.h"

void ps_render_ascii(struct ps_out *o, const uint8_t *data, uint32_t off, uint32_t len)
{
	/* runs of up to 256 bytes with one bounds check (a byte is one character or none) */
	char scratch[256];

	ps_out_char(o, '\n');
	for (uint32_t run = 0; run < len; run += sizeof scratch) {
		uint32_t end = len - run < sizeof scratch ? len : run + (uint32_t)sizeof scratch;
		char *start = ps_out_put_begin(o, sizeof scratch, scratch), *d = start;
		for (uint32_t i = run; i < end; i++) {
			uint8_t c = data[off + i];
			if (c == '\r') {
				/* tcpdump: a CR is not printed before LF; elsewhere it is a '.' */
				if (len - i - 1 > 1 && data[off + i + 1] != '\n')
					*d++ = '.';
			} else if ((c > 0x20 && c < 0x7f) || c == '\t' || c == ' ' || c == '\n') {
				*d++ = (char)c;
			} else {
				*d++ = '.';
			}
		}
		ps_out_put_done(o, start, d, scratch);
	}
}

bool ps_render_link_only(const struct ps_packet *p)
{
	bool link = false;

	for (unsigned i = 0; i < p->nlayers; i++) {
		const struct ps_dissector *dis = ps_registry_by_proto(p->layers[i].proto);
		if (!dis || p->layers[i].parent >= 0)
			continue;
		if (!(dis->flags & PS_DIS_LINK) && dis->summary)
			return false;
		link = link || (dis->flags & PS_DIS_LINK);
		/* the next header (LLC after 802.3) was due but not one byte of it
		 * was captured: tcpdump prints only its " [|llc]" */
		for (unsigned e = 0; e < p->nevents; e++)
			if (p->events[e].layer == (int)i && p->events[e].code != dis->ev_truncated &&
			    ps_event_kind(p->events[e].code) == PS_EVK_TRUNC)
				return false;
	}
	return link;
}

bool ps_render_raw_dump(const struct ps_packet *p, uint32_t *off, uint32_t *len)
{
	if (ps_render_link_only(p)) {
		/* tcpdump dumps what follows a link header it cannot decode */
		*off = p->payload_off < p->caplen ? p->payload_off : p->caplen;
		*len = p->caplen - *off;
		return true;
	}
	for (unsigned i = p->nlayers; i-- > 0;) {
		const struct ps_dissector *dis = ps_registry_by_proto(p->layers[i].proto);
		if (p->layers[i].parent >= 0 || !dis || !dis->raw_dump)
			continue;
		if (!dis->raw_dump(p, i, off, len))
			return false;
		if (*off > p->caplen)
			*off = p->caplen;
		if (*len > p->caplen - *off)
			*len = p->caplen - *off;
		return true;
	}
	return false;
}
