/* SPDX-License-Identifier: BSD-2-Clause */
/* emit.c - walks a dissected record through an emitter (JSON, TUI tree, tests).
 *
 * The shape is SCHEMA.md's: schema, frame, one object per top-level layer
 * (consecutive array-style layers such as VLAN tags form one array), payload,
 * events.  A layer's nested chains ("quote", "inner") follow its own fields,
 * with the events raised inside them.
 */
#include "ps_dissect.h"

static const char *const nest_names[] = {[PS_NEST_NONE] = "", [PS_NEST_INNER] = "inner",
					  [PS_NEST_QUOTE] = "quote"};

static void emit_chain(const struct ps_packet *p, int parent, unsigned nest, bool nested,
		       struct ps_emit *e);

static bool in_group(const struct ps_packet *p, int li, int parent, unsigned nest)
{
	if (li < 0)
		return parent < 0;
	const struct ps_layer *l = &p->layers[li];
	return l->parent == parent && (parent < 0 || l->nest == nest);
}

static void emit_events(const struct ps_packet *p, int parent, unsigned nest, struct ps_emit *e)
{
	bool open = false;
	for (unsigned i = 0; i < p->nevents; i++) {
		if (!in_group(p, p->events[i].layer, parent, nest))
			continue;
		if (!open) {
			e->ops->begin_arr(e, "events");
			open = true;
		}
		ps_emit_str_static(e, 0, ps_event_name(p->events[i].code));
	}
	if (open)
		e->ops->end_arr(e);
}

/* Whether some layer sits under another (rare): if none, no layer needs
 * the search for nested chains below */
static bool any_nested(const struct ps_packet *p)
{
	for (unsigned j = 0; j < p->nlayers; j++)
		if (p->layers[j].parent >= 0)
			return true;
	return false;
}

/* The nests (a bit per enum ps_nest) that layers under layer li use, in
 * one pass over the later layers */
static unsigned child_nests(const struct ps_packet *p, unsigned li)
{
	unsigned nests = 0;
	for (unsigned j = li + 1; j < p->nlayers; j++)
		if (p->layers[j].parent == (int)li)
			nests |= 1u << p->layers[j].nest;
	return nests;
}

/* ps_emit_layer with the layer's dissector (emit_chain has it at hand);
 * inline there, where it runs for every layer of every packet */
__attribute__((always_inline)) static inline void emit_layer(const struct ps_packet *p, unsigned li,
							     const struct ps_dissector *dis,
							     bool nested, struct ps_emit *e)
{
	if (dis && dis->fields)
		dis->fields(p, li, e);
	if (p->flow.id && p->flow.tcp_layer == (int)li) {
		/* tshark's relative numbers, from the flow table */
		static const struct ps_emit_field rel[] = {{"seq_rel", 4, 4, PS_EMIT_K_U64},
							   {"ack_rel", 8, 4, PS_EMIT_K_U64}};
		const uint64_t v[] = {p->flow.seq_rel, p->flow.ack_rel};
		ps_emit_fields(e, p->layers[li].off, UINT32_MAX, rel, v, 2);
	}
	if (p->defrag.on && p->defrag.ip == li) {
		/* the layers after this fragment's header are the whole datagram's */
		e->ops->begin_obj(e, "reassembled");
		ps_emit_span(e, 0, 0);
		e->ops->u64(e, "len", p->defrag.len);
		e->ops->end_obj(e);
	}
	if (e->extra)
		e->extra(e, p, (int)li);
	unsigned nests = nested ? child_nests(p, li) : 0;
	for (unsigned nest = PS_NEST_INNER; nests && nest <= PS_NEST_QUOTE; nest++) {
		if (!(nests & 1u << nest))
			continue;
		e->ops->begin_obj(e, nest_names[nest]);
		emit_chain(p, (int)li, nest, true, e);
		emit_events(p, (int)li, nest, e);
		e->ops->end_obj(e);
	}
}

void ps_emit_fields_each(struct ps_emit *e, uint32_t off, uint32_t hdr_len,
			 const struct ps_emit_field *f, const uint64_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (hdr_len < (uint32_t)f[i].at + f[i].len)
			continue;
		switch (f[i].kind) {
		case PS_EMIT_K_OBJ:
			e->ops->begin_obj(e, f[i].key);
			continue;
		case PS_EMIT_K_END:
			e->ops->end_obj(e);
			continue;
		default:
			break;
		}
		ps_emit_span(e, off + f[i].at, f[i].len);
		if (f[i].kind == PS_EMIT_K_BOOL)
			e->ops->boolean(e, f[i].key, v[i] != 0);
		else if (f[i].kind == PS_EMIT_K_CONST)
			ps_emit_str_static(e, f[i].key, f[i].s);
		else
			e->ops->u64(e, f[i].key, v[i]);
	}
}

void ps_emit_layer(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	emit_layer(p, li, ps_registry_by_proto(p->layers[li].proto), any_nested(p), e);
}

static void emit_chain(const struct ps_packet *p, int parent, unsigned nest, bool nested,
		       struct ps_emit *e)
{
	uint32_t seen = 0; /* protos already emitted in this object: first one wins */
	int open_arr = -1; /* proto of the open array, -1 none */

	for (unsigned i = 0; i < p->nlayers; i++) {
		const struct ps_layer *l = &p->layers[i];
		if (!in_group(p, (int)i, parent, nest))
			continue;
		const struct ps_dissector *dis = ps_registry_by_proto(l->proto);
		if (!dis || (dis->has_object && !dis->has_object(p, i)))
			continue;
		if (open_arr >= 0 && open_arr != l->proto) {
			e->ops->end_arr(e);
			open_arr = -1;
		}
		if (dis->flags & PS_DIS_ARRAY) {
			if (open_arr < 0) {
				if (seen & (1u << l->proto))
					continue;
				e->ops->begin_arr(e, dis->name);
				open_arr = l->proto;
			}
			e->ops->begin_obj(e, 0);
		} else {
			if (seen & (1u << l->proto))
				continue;
			e->ops->begin_obj(e, dis->name);
		}
		seen |= 1u << l->proto;
		emit_layer(p, i, dis, nested, e);
		e->ops->end_obj(e);
	}
	if (open_arr >= 0)
		e->ops->end_arr(e);
}

void ps_emit_packet(const struct ps_packet *p, struct ps_emit *e)
{
	/* runs (ps_emit_fields) for the fields every packet has; their
	 * values span no particular bytes (0, 0) */
	static const struct ps_emit_field head[] = {{"schema", 0, 0, PS_EMIT_K_U64},
						    {"frame", 0, 0, PS_EMIT_K_OBJ},
						    {"n", 0, 0, PS_EMIT_K_U64}};
	static const struct ps_emit_field lens[] = {{"caplen", 0, 0, PS_EMIT_K_U64},
						    {"len", 0, 0, PS_EMIT_K_U64}};
	const uint64_t head_v[] = {1, 0, p->n}, lens_v[] = {p->caplen, p->len};

	ps_emit_fields(e, 0, UINT32_MAX, head, head_v, 3);
	e->ops->ts(e, "ts", p->ts_sec, p->ts_frac, p->ts_nano);
	ps_emit_fields(e, 0, UINT32_MAX, lens, lens_v, 2);
	if (p->linktype_name)
		ps_emit_str_static(e, "linktype", p->linktype_name);
	else
		e->ops->i64(e, "linktype", p->linktype);
	if (p->iface)
		e->ops->str(e, "iface", p->iface);
	if (p->direction >= 0)
		ps_emit_str_static(e, "direction", p->direction ? "out" : "in");
	if (e->extra)
		e->extra(e, p, PS_EMIT_AT_FRAME);
	e->ops->end_obj(e);
	emit_chain(p, -1, PS_NEST_NONE, any_nested(p), e);
	if (p->flow.id) {
		e->ops->begin_obj(e, "flow");
		ps_emit_span(e, 0, 0);
		e->ops->str(e, "id", p->flow.id);
		e->ops->u64(e, "stream", p->flow.stream);
		ps_emit_str_static(e, "dir", p->flow.dir ? "resp" : "orig");
		e->ops->end_obj(e);
	}
	if (p->payload_len) {
		e->ops->begin_obj(e, "payload");
		ps_emit_span(e, p->payload_off, p->payload_len);
		e->ops->u64(e, "len", p->payload_len);
		if (e->extra)
			e->extra(e, p, PS_EMIT_AT_PAYLOAD);
		e->ops->end_obj(e);
	}
	emit_events(p, -1, PS_NEST_NONE, e);
}
