/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_tree.c - the detail tree: an emitter (struct ps_emit_ops) that builds
 * nodes, and the expand/collapse and cursor logic over them. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ps_dissect.h"
#include "ps_out.h"
#include "tui_tree.h"

static uint32_t hash_str(uint32_t h, const char *s)
{
	h = (h ^ '/') * 16777619u;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

static bool is_open(const struct tui_tree *t, uint32_t path)
{
	for (unsigned i = 0; i < t->nopen; i++)
		if (t->open[i] == path)
			return true;
	return false;
}

static void set_open(struct tui_tree *t, uint32_t path, bool open)
{
	for (unsigned i = 0; i < t->nopen; i++) {
		if (t->open[i] != path)
			continue;
		if (!open)
			t->open[i] = t->open[--t->nopen];
		return;
	}
	if (!open)
		return;
	if (t->nopen == TUI_TREE_OPEN) /* forget the oldest */
		memmove(t->open, t->open + 1, (TUI_TREE_OPEN - 1) * sizeof t->open[0]);
	else
		t->nopen++;
	t->open[t->nopen - 1] = path;
}

/* Add a node labelled `text` under the open container; -1 when full. */
static int add_node(struct tui_tree *t, const char *key, const char *text, bool container,
		    const struct ps_emit *e)
{
	size_t len = strlen(text) + 1;
	if (t->skip || t->n == TUI_TREE_MAX || len > TUI_TREE_POOL - t->pool_len) {
		t->overflow = true;
		return -1;
	}
	struct tui_node *par = t->cur >= 0 ? &t->nodes[t->cur] : 0;
	char idx[16];
	if (!key)
		snprintf(idx, sizeof idx, "%u", par ? par->nchild : 0);
	struct tui_node *n = &t->nodes[t->n];
	memset(n, 0, sizeof *n);
	n->parent = (int16_t)t->cur;
	n->depth = par ? (uint8_t)(par->depth + 1) : 0;
	n->path = hash_str(par ? par->path : 2166136261u, key ? key : idx);
	n->flags = container ? (uint8_t)(TUI_N_CONTAINER | (is_open(t, n->path) ? TUI_N_OPEN : 0))
			     : 0;
	n->label = t->pool_len;
	memcpy(t->pool + t->pool_len, text, len);
	t->pool_len += (uint32_t)len;
	n->span_off = e->span_off;
	n->span_len = e->span_len;
	if (e->span_side) { /* not frame bytes */
		n->side_off = n->span_off;
		n->side_len = n->span_len;
		n->span_off = n->span_len = 0;
		n->flags |= n->side_len ? TUI_N_SIDE : 0;
	} else if (e->span_stream) { /* not the record's bytes */
		n->stream_off = (int32_t)n->span_off;
		n->stream_len = n->span_len;
		n->span_off = n->span_len = 0;
		n->flags |= n->stream_len ? TUI_N_STREAM : 0;
	} else if (n->span_len && n->span_off >= t->caplen) { /* reassembled bytes of other frames */
		n->away_off = n->span_off;
		n->away_len = n->span_len;
		n->span_len = n->span_off = 0;
		n->flags |= TUI_N_AWAY;
	} else if (n->span_len > t->caplen - n->span_off) {
		n->span_len = t->caplen - n->span_off;
	}
	if (par)
		par->nchild++;
	return (int)t->n++;
}

static void value(struct ps_emit *e, const char *key, const char *v)
{
	struct tui_tree *t = e->ctx;
	char text[320];
	if (t->cur < 0 && key && !strcmp(key, "schema"))
		return; /* the schema version is not about the packet */
	if (key)
		snprintf(text, sizeof text, "%s: %s", key, v);
	else
		snprintf(text, sizeof text, "%s", v);
	add_node(t, key, text, false, e);
	ps_emit_span(e, 0, 0); /* a span describes only the value after it */
}

static void begin(struct ps_emit *e, const char *key)
{
	struct tui_tree *t = e->ctx;
	char idx[16];
	if (!key) /* an array element is labelled by its index */
		snprintf(idx, sizeof idx, "[%u]", t->cur >= 0 ? t->nodes[t->cur].nchild : 0);
	int n = add_node(t, key, key ? key : idx, true, e);
	if (n < 0) {
		t->skip++;
		return;
	}
	t->cur = n;
	ps_emit_span(e, 0, 0);
}

/* A container covers the bytes of its children unless it said otherwise. */
static void end(struct ps_emit *e)
{
	struct tui_tree *t = e->ctx;
	if (t->skip) {
		t->skip--;
		return;
	}
	struct tui_node *c = &t->nodes[t->cur];
	if (!c->span_len) {
		uint32_t lo = UINT32_MAX, hi = 0;
		for (unsigned i = (unsigned)t->cur + 1; i < t->n; i++) {
			const struct tui_node *k = &t->nodes[i];
			if (k->depth > c->depth && (k->flags & TUI_N_AWAY)) {
				uint32_t a = c->away_len ? c->away_off : k->away_off;
				uint32_t z = c->away_off + c->away_len;
				if (k->away_off + k->away_len > z)
					z = k->away_off + k->away_len;
				c->flags |= TUI_N_AWAY;
				c->away_off = a < k->away_off ? a : k->away_off;
				c->away_len = z - c->away_off;
			}
			if (!k->span_len || k->depth <= c->depth)
				continue;
			lo = k->span_off < lo ? k->span_off : lo;
			hi = k->span_off + k->span_len > hi ? k->span_off + k->span_len : hi;
		}
		if (hi > lo) {
			c->span_off = lo;
			c->span_len = hi - lo;
			c->flags &= (uint8_t)~TUI_N_AWAY;
		}
	}
	if (c->depth == 0 && !strcmp(t->pool + c->label, "frame")) {
		c->span_off = 0; /* the frame is all of it */
		c->span_len = t->caplen;
	}
	t->cur = c->parent;
}

static void op_u64(struct ps_emit *e, const char *key, uint64_t v)
{
	char b[24];
	snprintf(b, sizeof b, "%" PRIu64, v);
	value(e, key, b);
}

static void op_i64(struct ps_emit *e, const char *key, int64_t v)
{
	char b[24];
	snprintf(b, sizeof b, "%" PRId64, v);
	value(e, key, b);
}

static void op_bool(struct ps_emit *e, const char *key, bool v)
{
	value(e, key, v ? "true" : "false");
}

static void op_str(struct ps_emit *e, const char *key, const char *s)
{
	value(e, key, s);
}

/* Bytes from the packet: printable ASCII as is, the rest as '.'. */
static void op_strn(struct ps_emit *e, const char *key, const char *s, size_t n)
{
	char b[200];
	size_t k = n < sizeof b - 1 ? n : sizeof b - 1;
	for (size_t i = 0; i < k; i++)
		b[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '.';
	b[k] = 0;
	value(e, key, b);
}

static void with_out(struct ps_emit *e, const char *key, int kind, const uint8_t *a, size_t n)
{
	char buf[128];
	struct ps_out o;
	ps_out_open_mem(&o, buf, sizeof buf);
	if (kind == 4)
		ps_out_ipv4(&o, a);
	else if (kind == 6)
		ps_out_ipv6(&o, a);
	else
		ps_out_mac(&o, a, n);
	value(e, key, ps_out_cstr(&o));
}

static void op_ipv4(struct ps_emit *e, const char *key, const uint8_t a[4])
{
	with_out(e, key, 4, a, 4);
}

static void op_ipv6(struct ps_emit *e, const char *key, const uint8_t a[16])
{
	with_out(e, key, 6, a, 16);
}

static void op_mac(struct ps_emit *e, const char *key, const uint8_t *a, size_t n)
{
	with_out(e, key, 0, a, n);
}

static void op_ts(struct ps_emit *e, const char *key, int64_t sec, uint32_t frac, bool nano)
{
	char b[40];
	snprintf(b, sizeof b, nano ? "%" PRId64 ".%09u" : "%" PRId64 ".%06u", sec, frac);
	value(e, key, b);
}

static void op_end(struct ps_emit *e)
{
	end(e);
}

static const struct ps_emit_ops tree_ops = {
	.begin_obj = begin,
	.end_obj = op_end,
	.begin_arr = begin,
	.end_arr = op_end,
	.u64 = op_u64,
	.i64 = op_i64,
	.boolean = op_bool,
	.str = op_str,
	.strn = op_strn,
	.ipv4 = op_ipv4,
	.ipv6 = op_ipv6,
	.mac = op_mac,
	.ts = op_ts,
};

void tui_tree_init(struct tui_tree *t)
{
	memset(t, 0, sizeof *t);
	t->cur = -1;
}

void tui_tree_clear(struct tui_tree *t)
{
	t->n = 0;
	t->pool_len = 0;
	t->overflow = false;
	t->cursor = 0;
}

struct notes {
	const struct tui_tree_note *v;
	unsigned n;
};

/* Layer `at` was rebuilt from several frames' segments (note `k` lists
 * them): its fields so far whose bytes the decoder could not locate get
 * this frame's part of the layer, [off, off + len), as TUI_N_PART.  Not
 * for an IP layer (a datagram's fields are its header's, in the frame). */
static void part_fields(struct tui_tree *t, const struct ps_packet *p, int at, unsigned k,
			uint32_t off, uint32_t len)
{
	unsigned proto = p->layers[at].proto;
	if (t->cur < 0 || proto == PS_P_IPV4 || proto == PS_P_IPV6 || !len)
		return;
	/* the open container is the layer's object: every node after it is its */
	for (unsigned i = (unsigned)t->cur + 1; i < t->n; i++) {
		struct tui_node *nd = &t->nodes[i];
		if (nd->span_len || (nd->flags & (TUI_N_AWAY | TUI_N_GEN)))
			continue;
		nd->span_off = off;
		nd->span_len = len;
		nd->flags |= TUI_N_PART;
		nd->note = (uint8_t)k;
	}
}

/* The generated lines of layer `at`, highlighting the layer's frame bytes. */
static void add_notes(struct ps_emit *e, const struct ps_packet *p, int at)
{
	const struct notes *ns = e->extra_ctx;
	struct tui_tree *t = e->ctx;
	for (unsigned i = 0; i < ns->n; i++) {
		if (ns->v[i].layer != at || at < 0 || at >= p->nlayers)
			continue;
		uint32_t off = p->layers[at].off;
		if (ns->v[i].rebuilt)
			part_fields(t, p, at, i, off, off < p->caplen ? p->caplen - off : 0);
		ps_emit_span(e, off, off < p->caplen ? p->caplen - off : 0);
		unsigned k = t->n;
		value(e, 0, ns->v[i].text);
		if (t->n > k)
			t->nodes[k].flags |= TUI_N_GEN;
	}
}

void tui_tree_build(struct tui_tree *t, const struct ps_packet *p)
{
	tui_tree_build_notes(t, p, 0, 0);
}

void tui_tree_build_notes(struct tui_tree *t, const struct ps_packet *p,
			  const struct tui_tree_note *notes, unsigned n)
{
	tui_tree_clear(t);
	t->cur = -1;
	t->skip = 0;
	t->caplen = p->caplen;
	struct notes ns = {notes, n};
	struct ps_emit e = {.ops = &tree_ops, .ctx = t, .extra = n ? add_notes : 0,
			    .extra_ctx = &ns};
	ps_emit_packet(p, &e);
	for (unsigned i = 0; i < t->n; i++) /* stay on the same field */
		if (t->nodes[i].path == t->cursor_path) {
			t->cursor = i;
			break;
		}
	/* the remembered field may be inside a closed container: climb out */
	while (t->n && t->nodes[t->cursor].parent >= 0 &&
	       !(t->nodes[t->nodes[t->cursor].parent].flags & TUI_N_OPEN))
		t->cursor = (unsigned)t->nodes[t->cursor].parent;
}

static bool visible(const struct tui_tree *t, unsigned i)
{
	for (int p = t->nodes[i].parent; p >= 0; p = t->nodes[p].parent)
		if (!(t->nodes[p].flags & TUI_N_OPEN))
			return false;
	return true;
}

unsigned tui_tree_lines(const struct tui_tree *t, uint16_t *out, unsigned max)
{
	unsigned k = 0;
	for (unsigned i = 0; i < t->n && k < max; i++)
		if (visible(t, i))
			out[k++] = (uint16_t)i;
	return k;
}

/* Index of the cursor's node among the visible lines. */
static unsigned cursor_line(const struct tui_tree *t)
{
	unsigned k = 0;
	for (unsigned i = 0; i < t->n && i < t->cursor; i++)
		k += visible(t, i);
	return k;
}

void tui_tree_move(struct tui_tree *t, int delta, unsigned rows)
{
	uint16_t lines[TUI_TREE_MAX];
	unsigned n = tui_tree_lines(t, lines, TUI_TREE_MAX);
	if (!n)
		return;
	long cur = (long)cursor_line(t) + delta;
	cur = cur < 0 ? 0 : cur >= (long)n ? (long)n - 1 : cur;
	t->cursor = lines[cur];
	t->cursor_path = t->nodes[t->cursor].path;
	if ((unsigned)cur < t->top)
		t->top = (unsigned)cur;
	if (rows && (unsigned)cur >= t->top + rows)
		t->top = (unsigned)cur - rows + 1;
	if (t->top + rows > n)
		t->top = n > rows ? n - rows : 0;
}

bool tui_tree_toggle(struct tui_tree *t)
{
	if (!t->n)
		return false;
	struct tui_node *c = &t->nodes[t->cursor];
	if (!(c->flags & TUI_N_CONTAINER) || !c->nchild)
		return false;
	c->flags ^= TUI_N_OPEN;
	set_open(t, c->path, (c->flags & TUI_N_OPEN) != 0);
	t->cursor_path = c->path;
	return true;
}

void tui_tree_set_all(struct tui_tree *t, bool open)
{
	for (unsigned i = 0; i < t->n; i++) {
		struct tui_node *c = &t->nodes[i];
		if (c->depth || !(c->flags & TUI_N_CONTAINER))
			continue;
		c->flags = (uint8_t)(open ? c->flags | TUI_N_OPEN : c->flags & ~TUI_N_OPEN);
		set_open(t, c->path, open);
	}
	if (!open && t->n)
		while (t->nodes[t->cursor].parent >= 0)
			t->cursor = (unsigned)t->nodes[t->cursor].parent;
}

/* Prepend "label." to path (len bytes used); false when it does not fit. */
static bool prepend(char *path, size_t pn, size_t *len, const char *label, size_t ll)
{
	size_t dot = *len ? 1 : 0;
	if (*len + ll + dot + 1 > pn)
		return false;
	memmove(path + ll + dot, path, *len + 1);
	memcpy(path, label, ll);
	if (dot)
		path[ll] = '.';
	*len += ll + dot;
	return true;
}

bool tui_tree_field(const struct tui_tree *t, unsigned node, char *path, size_t pn, char *val,
		    size_t vn)
{
	if (node >= t->n || !pn || !vn)
		return false;
	const struct tui_node *nd = &t->nodes[node];
	const char *label = tui_tree_label(t, node), *colon = strstr(label, ": ");
	size_t len = 0;
	if (nd->flags & TUI_N_GEN)
		return false;
	path[0] = 0;
	if (nd->flags & TUI_N_CONTAINER) { /* a protocol: presence */
		if (nd->depth || snprintf(path, pn, "%s", label) >= (int)pn)
			return false;
		val[0] = 0;
		return true;
	}
	if (snprintf(val, vn, "%s", colon ? colon + 2 : label) >= (int)vn)
		return false;
	if (colon && !prepend(path, pn, &len, label, (size_t)(colon - label)))
		return false;
	for (int p = nd->parent; p >= 0; p = t->nodes[p].parent) {
		const char *pl = tui_tree_label(t, (unsigned)p);
		if (!strcmp(pl, "inner") || !strcmp(pl, "quote"))
			break; /* a nested header's fields have its protocol's names */
		if (pl[0] != '[' && !prepend(path, pn, &len, pl, strlen(pl)))
			return false;
	}
	return len > 0;
}
