/* SPDX-License-Identifier: BSD-2-Clause */
/* render_text.c - the tcpdump-like one-line renderer (docs/text-format.md).
 *
 * Time stamp, then each top-level layer's summary in wire order (link layers
 * only with -e), then " [|proto]" when the capture ended inside a header,
 * as tcpdump marks truncation.  A reassembled datagram's layers are not
 * printed: tcpdump prints every fragment as it came.
 */
#include <time.h>

#include "ps_render.h"

/* "HH:MM:SS" of sec into the cache: localtime_r once per distinct second,
 * as packets come in bursts */
static void cache_hms(struct ps_time_cache *tc, int64_t sec)
{
	time_t t = (time_t)sec;
	struct tm tm;
	if (!localtime_r(&t, &tm))
		memset(&tm, 0, sizeof tm);
	char *d = ps_put_u32_fixed(tc->hms, (unsigned)tm.tm_hour % 100, 2);
	*d++ = ':';
	d = ps_put_u32_fixed(d, (unsigned)tm.tm_min % 100, 2);
	*d++ = ':';
	ps_put_u32_fixed(d, (unsigned)tm.tm_sec % 100, 2);
	tc->sec = sec;
	tc->valid = true;
}

/* "HH:MM:SS.ffffff" / epoch / nothing, per opts, with a trailing space. */
static void render_time(struct ps_renderer *r, const struct ps_packet *p)
{
	struct ps_out *o = r->out;
	unsigned digits = p->ts_nano ? 9 : 6;

	switch (r->opts->time_fmt) {
	case PS_TIME_NONE:
		return;
	case PS_TIME_DELTA:
	case PS_TIME_DATE:
	case PS_TIME_SINCE_FIRST:
		ps_render_time_more(r, p);
		return;
	case PS_TIME_EPOCH:
		ps_out_i64(o, p->ts_sec);
		break;
	case PS_TIME_LOCAL:
		if (!r->tc.valid || r->tc.sec != p->ts_sec)
			cache_hms(&r->tc, p->ts_sec);
		/* every line starts so: one reserve for all of it (a fraction
		 * too large for its digits takes the general path below) */
		char *start = ps_out_reserve(o, 8 + 1 + 9 + 1);
		if (start && p->ts_frac < (p->ts_nano ? 1000000000u : 1000000u)) {
			char *d = ps_put_mem(start, r->tc.hms, 8);
			*d++ = '.';
			d = ps_put_u32_fixed(d, p->ts_frac, digits);
			*d++ = ' ';
			ps_out_commit(o, (size_t)(d - start));
			return;
		}
		ps_out_mem(o, r->tc.hms, 8);
		break;
	}
	ps_out_char(o, '.');
	ps_out_u64_pad(o, p->ts_frac, digits, '0');
	ps_out_char(o, ' ');
}

/* The first top-level truncation event gives tcpdump's "[|proto]" marker. */
static void trunc_marker(const struct ps_packet *p, struct ps_out *o)
{
	for (unsigned i = 0; i < p->nevents; i++) {
		const struct ps_event *ev = &p->events[i];
		if (ps_event_kind(ev->code) != PS_EVK_TRUNC ||
		    (ev->layer >= 0 && p->layers[ev->layer].parent >= 0))
			continue;
		const struct ps_dissector *dis =
			ev->layer >= 0 ? ps_registry_by_proto(p->layers[ev->layer].proto) : 0;
		if (dis && (dis->flags & PS_DIS_OWN_TRUNC))
			continue;
		const char *name = ps_event_name(ev->code);
		const char *dot = strchr(name, '.');
		PS_OUT_LIT(o, " [|");
		ps_out_mem(o, name, dot ? (size_t)(dot - name) : strlen(name));
		ps_out_char(o, ']');
		return;
	}
}

/* What text_body saw among the top-level layers, for text_packet's
 * choice of a raw dump (ps_render_raw_dump) */
enum {
	SAW_NET = 1,     /* a non-link layer with a summary: not "link only" */
	SAW_RAW_DUMP = 2 /* a layer whose dissector may ask for a raw dump */
};

static unsigned text_body(const struct ps_packet *p, const struct ps_text_opts *t,
			  struct ps_out *o)
{
	bool any = false;
	unsigned saw = 0;

	for (unsigned i = 0; i < p->nlayers; i++) {
		const struct ps_layer *l = &p->layers[i];
		if (l->parent >= 0)
			continue;
		const struct ps_dissector *dis = ps_registry_by_proto(l->proto);
		if (!dis)
			continue;
		if (dis->raw_dump)
			saw |= SAW_RAW_DUMP;
		if (!dis->summary)
			continue;
		if (!(dis->flags & PS_DIS_LINK))
			saw |= SAW_NET;
		else if (!t->link)
			continue;
		dis->summary(p, i, t, o);
		any = true;
	}
	if (!any && !t->link && ps_render_link_only(p)) {
		/* non-IP Ethernet, LLC, ...: the link header, as tcpdump shows it */
		struct ps_text_opts lt = *t;
		lt.link = true;
		return text_body(p, &lt, o);
	}
	if (!any && !p->any_truncated) {
		/* nothing we decode: say what it is, as tcpdump does for unknown link types */
		PS_OUT_LIT(o, "unknown linktype ");
		if (p->linktype_name)
			ps_out_str(o, p->linktype_name);
		else
			ps_out_i64(o, p->linktype);
		PS_OUT_LIT(o, ", length ");
		ps_out_u64(o, p->len);
	}
	if (p->any_truncated)
		trunc_marker(p, o);
	return saw;
}

void ps_render_text_body(const struct ps_packet *p, const struct ps_text_opts *t,
			 struct ps_out *o)
{
	text_body(p, t, o);
}

/* tcpdump -x / -X style hex dump of bytes [off, off+len) of the frame.
 * A row is at most 4 + 8 + 2 + 40 + 2 + 16 bytes: one reserve per row. */
static void render_hex(struct ps_out *o, const uint8_t *data, uint32_t off, uint32_t len, bool ascii)
{
	static const char hex[] = "0123456789abcdef";
	char scratch[80];

	for (uint32_t row = 0; row < len; row += 16) {
		uint32_t n = len - row < 16 ? len - row : 16;
		const uint8_t *b = data + off + row;
		char *start = ps_out_put_begin(o, sizeof scratch, scratch);
		char *d = PS_PUT_LIT(start, "\n\t0x");
		unsigned digits = 4; /* the offset: at least 4 hex digits */
		while (digits < 8 && row >> (4 * digits))
			digits++;
		while (digits--)
			*d++ = hex[(row >> (4 * digits)) & 0xf];
		d = PS_PUT_LIT(d, ": ");
		for (uint32_t i = 0; i < 16; i++) {
			if (!(i & 1))
				*d++ = ' ';
			if (i < n) {
				*d++ = hex[b[i] >> 4];
				*d++ = hex[b[i] & 0xf];
			} else if (ascii) {
				d = PS_PUT_LIT(d, "  ");
			}
		}
		if (ascii) {
			d = PS_PUT_LIT(d, "  ");
			/* tcpdump shows only graphic characters: a space is '.' too */
			for (uint32_t i = 0; i < n; i++)
				*d++ = b[i] > 0x20 && b[i] < 0x7f ? (char)b[i] : '.';
		}
		ps_out_put_done(o, start, d, scratch);
	}
}

/* Where -x starts: after the link-layer header unless -e asks for it. */
static uint32_t hex_start(const struct ps_packet *p, const struct ps_text_opts *t)
{
	if (t->link)
		return 0;
	for (unsigned i = 0; i < p->nlayers; i++) {
		const struct ps_dissector *dis = ps_registry_by_proto(p->layers[i].proto);
		if (dis && !(dis->flags & PS_DIS_LINK))
			return p->layers[i].off;
	}
	return p->nlayers ? p->payload_off : 0;
}

static void text_packet(struct ps_renderer *r, const struct ps_packet *p)
{
	/* tcpdump never reassembles: a fragment that completed a datagram is
	 * printed as the fragment alone (docs/text-format.md) */
	if (p->frame_view)
		p = p->frame_view;
	if (r->opts->number) { /* -#, as tcpdump: "%5u  " */
		ps_out_u64_pad(r->out, p->n, 5, ' ');
		PS_OUT_LIT(r->out, "  ");
	}
	render_time(r, p);
	unsigned saw = text_body(p, &r->opts->text, r->out);
	uint32_t off, len;
	/* a line with a network layer and no dissector that asks for a dump
	 * (nearly all) needs no look at ps_render_raw_dump's two conditions */
	bool maybe_raw = !(saw & SAW_NET) || (saw & SAW_RAW_DUMP);
	if (!r->opts->hex && !r->opts->ascii && maybe_raw && ps_render_raw_dump(p, &off, &len))
		render_hex(r->out, p->data, off, len, true);
	if (r->opts->ascii) {
		uint32_t start = hex_start(p, &r->opts->text);
		if (start > p->caplen)
			start = p->caplen;
		ps_render_ascii(r->out, p->data, start, p->caplen - start);
	}
	if (r->opts->hex) {
		uint32_t start = hex_start(p, &r->opts->text);
		if (start > p->caplen)
			start = p->caplen;
		render_hex(r->out, p->data, start, p->caplen - start, r->opts->hex > 1);
	}
	ps_out_char(r->out, '\n');
}

const struct ps_renderer_ops ps_render_text = {.name = "text", .packet = text_packet};
