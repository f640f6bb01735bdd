/* SPDX-License-Identifier: BSD-2-Clause */
/* df_expr.c - the values of an operand expression (df_expr.h): slices,
 * layer selection, arithmetic, max/min/abs/string, with tshark 4.0's rules. */
#include <string.h>

#include "df_expr.h"
#include "ps_out.h"

static void vals_reset(struct df_vals *o)
{
	o->n = 0;
	o->cut = false;
	o->text_used = 0;
}

static void put_val(struct df_vals *o, const struct df_val *v)
{
	if (v->type == DF_T_STR || v->type == DF_T_BYTES) {
		df_put_text(o, (enum df_type)v->type, v->v.s.p, v->v.s.n);
		return;
	}
	struct df_val *d = df_vals_add(o, (enum df_type)v->type);
	if (d)
		*d = *v;
}

/* The size tshark's len() gives a value of field f: its bytes (an integer
 * field's width), 0 for booleans, times and labels. */
static uint64_t value_len(const struct df_field *f, const struct df_val *v)
{
	switch (v->type) {
	case DF_T_STR: case DF_T_BYTES: return v->v.s.n;
	case DF_T_IPV4: return 4;
	case DF_T_IPV6: return 16;
	case DF_T_MAC: return 6;
	case DF_T_UINT: return f->bits / 8u;
	default: return 0;
	}
}

/* count(), len(), upper(), lower() on the values of f, in place (count:
 * none when the field is absent, as tshark). */
void df_apply_fn(enum df_fn fn, const struct df_field *f, struct df_vals *v)
{
	if (fn == DF_FN_COUNT && v->n) {
		unsigned n = v->n;
		v->n = 0;
		df_put_u(v, DF_T_UINT, n);
	} else if (fn == DF_FN_UPPER || fn == DF_FN_LOWER) {
		for (unsigned i = 0; i < v->n; i++) { /* the text is this buffer's own copy */
			char *t = v->text + (v->v[i].v.s.p - v->text);
			for (uint32_t k = 0; k < v->v[i].v.s.n; k++)
				if (fn == DF_FN_UPPER && t[k] >= 'a' && t[k] <= 'z')
					t[k] = (char)(t[k] - 'a' + 'A');
				else if (fn == DF_FN_LOWER && t[k] >= 'A' && t[k] <= 'Z')
					t[k] = (char)(t[k] - 'A' + 'a');
		}
	} else if (fn == DF_FN_LEN) {
		for (unsigned i = 0; i < v->n; i++) {
			uint64_t len = value_len(f, &v->v[i]);
			v->v[i].type = DF_T_UINT;
			v->v[i].v.u = len;
		}
	}
}

/* tshark's unary minus on each value of a field: an unsigned one becomes
 * signed (32 bits, 64 for a 64-bit field); a value that does not fit is
 * dropped.  The parser let only integer fields be negated. */
void df_negate(struct df_vals *b, unsigned bits)
{
	unsigned k = 0;
	uint64_t max = bits == 64 ? (uint64_t)INT64_MAX : (uint64_t)INT32_MAX;
	for (unsigned j = 0; j < b->n; j++) {
		struct df_val v = b->v[j];
		if (v.type == DF_T_UINT) {
			if (v.v.u > max)
				continue;
			v.type = DF_T_INT;
			v.v.i = -(int64_t)v.v.u;
		} else if (v.type == DF_T_INT) {
			if (v.v.i == INT64_MIN)
				continue;
			v.v.i = -v.v.i;
		} else if (v.type == DF_T_TIME) { /* -0.5 s is -1 s + 0.5e9 ns */
			if (v.v.t.sec <= -INT64_MAX)
				continue;
			v.v.t.sec = v.v.t.ns ? -v.v.t.sec - 1 : -v.v.t.sec;
			v.v.t.ns = v.v.t.ns ? 1000000000u - v.v.t.ns : 0;
		}
		b->v[k++] = v;
	}
	b->n = k;
}

/* ---- ranges (Wireshark's drange over a length, or over layer numbers) ---- */

/* Range r over a value of len bytes: [*from, *to) or false when it reaches
 * outside (tshark drops the whole slice then). */
static bool range_bytes(const struct df_range *r, int64_t len, int64_t *from, int64_t *to)
{
	int64_t s = r->start;
	if (s >= 0 ? s > len : (s += len) < 0)
		return false;
	int64_t e;
	switch (r->kind) {
	case DF_R_ONE: e = s + 1; break;
	case DF_R_LEN: e = s + r->arg; break;
	case DF_R_TO:
		e = r->arg >= 0 ? r->arg : r->arg + len;
		if (e < s || e >= len)
			return false;
		e++;
		break;
	default: e = len; break;
	}
	if (e > len)
		return false;
	*from = s;
	*to = e;
	return true;
}

/* Layer number k (1-based) of max is in one of the ranges ("#[-1]" is the last). */
static bool layer_in(const struct df_x *x, int64_t k, int64_t max)
{
	for (unsigned i = 0; i < x->nlayer; i++) {
		const struct df_range *r = &x->layer[i];
		int64_t s = r->start < 0 ? max + 1 + r->start : r->start, e;
		switch (r->kind) {
		case DF_R_ONE: e = s; break;
		case DF_R_LEN: e = s + r->arg - 1; break;
		case DF_R_TO: e = r->arg < 0 ? max + 1 + r->arg : r->arg; break;
		default: e = max; break;
		}
		if (k >= s && k <= e)
			return true;
	}
	return false;
}

/* The slice of n bytes at s into o (dropped when a range reaches outside). */
static void put_slice(const struct df_x *x, struct df_vals *o, const uint8_t *s, uint32_t n)
{
	int64_t from[DF_X_RANGES], to[DF_X_RANGES];
	uint64_t total = 0;
	for (unsigned i = 0; i < x->nslice; i++) {
		if (!range_bytes(&x->slice[i], n, &from[i], &to[i]))
			return;
		total += (uint64_t)(to[i] - from[i]);
	}
	if (total > DF_TEXT_BYTES - o->text_used) {
		o->cut = true;
		return;
	}
	struct df_val *v = df_vals_add(o, DF_T_BYTES);
	if (!v)
		return;
	char *d = o->text + o->text_used;
	v->v.s.p = d;
	v->v.s.n = (uint32_t)total;
	for (unsigned i = 0; i < x->nslice; i++) {
		memcpy(d, s + from[i], (size_t)(to[i] - from[i]));
		d += to[i] - from[i];
	}
	o->text_used += (uint32_t)total;
}

/* A value's bytes as Wireshark slices them (addresses in network order). */
static void slice_val(const struct df_x *x, struct df_vals *o, const struct df_val *v)
{
	uint8_t a[4];
	switch (v->type) {
	case DF_T_MAC: put_slice(x, o, v->v.a, 6); break;
	case DF_T_IPV6: put_slice(x, o, v->v.a, 16); break;
	case DF_T_IPV4:
		for (unsigned i = 0; i < 4; i++)
			a[i] = (uint8_t)(v->v.u >> (24 - 8 * i));
		put_slice(x, o, a, 4);
		break;
	default: put_slice(x, o, (const uint8_t *)v->v.s.p, v->v.s.n); break;
	}
}

/* ---- fields and protocols ---- */

static void get(const struct df_x *x, const struct ps_packet *p, struct df_vals *o)
{
	if (!x->pp) {
		df_field_values(x->f, p, o);
		return;
	}
	vals_reset(o);
	df_path_run(x->f, x->pp, p, o);
}

/* The values of the field's layers that "#" selects: the getter runs on
 * the record cut after each selected layer and keeps what that layer
 * added (getters emit values in layer order).  The record is cut by
 * lowering nlayers for the call and restoring it: evaluation owns the
 * record it is given (ps_dfilter_match is not thread-safe either). */
static void get_layers(const struct df_x *x, const struct ps_packet *p, struct df_vals *o)
{
	unsigned idx[PS_MAX_LAYERS], nl = 0, lim = df_nlayers(p);
	for (unsigned i = 0; x->tag && i < lim; i++)
		if (p->layers[i].proto == x->tag)
			idx[nl++] = i;
	vals_reset(o);
	struct df_vals t;
	struct ps_packet *w = (struct ps_packet *)p;
	uint8_t keep = w->nlayers;
	for (unsigned k = 0; k < nl; k++) {
		if (!layer_in(x, k + 1, nl))
			continue;
		w->nlayers = (uint8_t)idx[k];
		get(x, w, &t);
		unsigned before = t.n;
		w->nlayers = (uint8_t)(idx[k] + 1);
		get(x, w, &t);
		w->nlayers = keep;
		for (unsigned i = before; i < t.n; i++)
			put_val(o, &t.v[i]);
	}
	w->nlayers = keep;
}

static bool field_values(const struct df_x *x, const struct ps_packet *p, struct df_vals *o)
{
	struct df_vals t, *src = x->nslice ? &t : o;
	if (x->nlayer && !x->frame)
		get_layers(x, p, src);
	else if (x->nlayer && !layer_in(x, 1, 1)) /* frame.* has one layer */
		vals_reset(src);
	else
		get(x, p, src);
	if (!x->nslice)
		return o->n > 0;
	vals_reset(o);
	for (unsigned i = 0; i < t.n; i++)
		slice_val(x, o, &t.v[i]);
	return t.n > 0;
}

/* Where the payload of the IP layer before layer li ends (its total or
 * payload length; end when there is none or it is 0: TSO, jumbograms). */
static uint32_t ip_end(const struct ps_packet *p, unsigned li, uint32_t end)
{
	int ni = ps_packet_net_before(p, li);
	if (ni < 0)
		return end;
	const struct ps_layer *n = &p->layers[ni];
	uint32_t e = end;
	if (n->proto == PS_P_IPV4 && n->u.ipv4.len)
		e = n->off + n->u.ipv4.len;
	else if (n->proto == PS_P_IPV6 && n->u.ipv6.plen)
		e = n->off + 40u + n->u.ipv6.plen;
	return e < end ? e : end;
}

/* A protocol's bytes: its header (ip, tcp, udp, eth ...) or, for those
 * Wireshark adds to the tree up to the end (icmp, icmpv6), the rest of the
 * IP payload; all of the frame for "frame". */
static bool proto_values(const struct df_x *x, const struct ps_packet *p, struct df_vals *o,
			 bool lens)
{
	uint32_t end = ps_packet_bytes(p);
	unsigned nl = 0, lim = df_nlayers(p), k = 0;
	bool present = false;
	vals_reset(o);
	if (x->frame) {
		if (x->nlayer && !layer_in(x, 1, 1))
			return false;
		if (lens)
			df_put_u(o, DF_T_UINT, p->caplen);
		else if (x->nslice)
			put_slice(x, o, p->data, p->caplen);
		else
			df_put_text(o, DF_T_BYTES, (const char *)p->data, 0);
		return true;
	}
	for (unsigned i = 0; i < lim; i++)
		nl += p->layers[i].proto == x->tag;
	for (unsigned i = 0; x->tag && i < lim; i++) {
		const struct ps_layer *l = &p->layers[i];
		if (l->proto != x->tag || l->off > end)
			continue;
		k++;
		if (x->nlayer && !layer_in(x, k, nl))
			continue;
		present = true; /* with a slice out of its range: present, no value */
		uint32_t e = x->to_end ? ip_end(p, i, end) : end;
		if (e < l->off) {
			if (lens) /* the layer is there: counted, no bytes */
				df_put_u(o, DF_T_UINT, 0);
			continue;
		}
		uint32_t hl = l->hdr_len;
		if (l->proto == PS_P_IPV4 && e > l->off) /* its header length field, even when
							   * the version is bogus (as Wireshark) */
			hl = (p->data[l->off] & 0x0fu) * 4u;
		uint32_t n = x->to_end || hl > e - l->off ? e - l->off : hl;
		if (lens) /* an IPv4 item keeps its header length when the capture cuts it */
			df_put_u(o, DF_T_UINT, l->proto == PS_P_IPV4 ? hl : n);
		else if (x->nslice)
			put_slice(x, o, p->data + l->off, n);
		else
			df_put_text(o, DF_T_BYTES, (const char *)p->data + l->off, 0);
	}
	return present;
}

/* ---- arithmetic and functions ---- */

static bool as_i64(const struct df_val *v, int64_t *out)
{
	if (v->type == DF_T_INT) {
		*out = v->v.i;
		return true;
	}
	if (v->v.u > (uint64_t)INT64_MAX)
		return false;
	*out = (int64_t)v->v.u;
	return true;
}

static void put_int(struct df_vals *o, int64_t r, bool is_signed)
{
	if (is_signed || r < 0) {
		struct df_val *v = df_vals_add(o, DF_T_INT);
		if (v)
			v->v.i = r;
	} else {
		df_put_u(o, DF_T_UINT, (uint64_t)r);
	}
}

/* a OP b; false when tshark's result fails (division by zero, overflow) */
static bool arith(unsigned op, int64_t a, int64_t b, int64_t *r)
{
	switch (op) {
	case '+': return !__builtin_add_overflow(a, b, r);
	case '-': return !__builtin_sub_overflow(a, b, r);
	case '*': return !__builtin_mul_overflow(a, b, r);
	case '/': if (!b || (a == INT64_MIN && b == -1)) return false; *r = a / b; return true;
	default: if (!b || (a == INT64_MIN && b == -1)) return false; *r = a % b; return true;
	}
}

/* Relative times a + b or a - b (x->op); false on overflow. */
static bool time_arith(unsigned op, const struct df_val *a, const struct df_val *b,
		       struct df_val *r)
{
	int64_t sec;
	int64_t ns = op == '+' ? (int64_t)a->v.t.ns + b->v.t.ns : (int64_t)a->v.t.ns - b->v.t.ns;
	if (op == '+' ? __builtin_add_overflow(a->v.t.sec, b->v.t.sec, &sec)
		      : __builtin_sub_overflow(a->v.t.sec, b->v.t.sec, &sec))
		return false;
	int64_t carry = ns >= 1000000000 ? 1 : ns < 0 ? -1 : 0;
	if (__builtin_add_overflow(sec, carry, &sec))
		return false;
	*r = *a;
	r->v.t.sec = sec;
	r->v.t.ns = (uint32_t)(ns - carry * 1000000000);
	return true;
}

static bool arith_values(const struct df_x *x, const struct ps_packet *p, struct df_vals *o)
{
	struct df_vals a, b;
	bool pa = df_x_values(x->arg[0], p, &a), pb = df_x_values(x->arg[1], p, &b);
	vals_reset(o);
	if (!pa || !pb)
		return false;
	/* tshark combines operands of one type only: "ip.ttl + -1" has no value */
	if (x->arg[0]->type != x->arg[1]->type)
		return true;
	for (unsigned j = 0; j < b.n; j++)
		for (unsigned i = 0; i < a.n; i++) {
			struct df_val t;
			if (x->type == DF_T_TIME) {
				if (time_arith(x->op, &a.v[i], &b.v[j], &t))
					put_val(o, &t);
				continue;
			}
			int64_t l, r, res;
			if (as_i64(&a.v[i], &l) && as_i64(&b.v[j], &r) && arith(x->op, l, r, &res))
				put_int(o, res, x->type == DF_T_INT);
		}
	return true;
}

/* max(), min(): the one greatest (least) value of all the arguments' values;
 * an absent argument is left out, absent when all are. */
static bool extreme(const struct df_x *x, const struct ps_packet *p, struct df_vals *o)
{
	struct df_vals t, best;
	vals_reset(&best);
	bool any = false;
	for (unsigned k = 0; k < x->nargs; k++) {
		if (!df_x_values(x->arg[k], p, &t))
			continue;
		for (unsigned i = 0; i < t.n; i++) {
			int c = any ? df_val_cmp(&t.v[i], &best.v[0]) : 0;
			if (!any || (x->fn == DF_XFN_MAX ? c > 0 : c < 0)) {
				vals_reset(&best);
				put_val(&best, &t.v[i]);
				any = true;
			}
		}
	}
	vals_reset(o);
	if (any)
		put_val(o, &best.v[0]);
	return any;
}

/* string(): each value as tshark writes it (integers in decimal). */
static void stringify(struct df_vals *o, const struct df_vals *t)
{
	for (unsigned i = 0; i < t->n; i++) {
		const struct df_val *v = &t->v[i];
		if (v->type == DF_T_STR) {
			put_val(o, v);
			continue;
		}
		char buf[64];
		struct ps_out w;
		ps_out_open_mem(&w, buf, sizeof buf);
		df_val_format(v, v->type == DF_T_UINT || v->type == DF_T_INT ? DF_F_DEC : DF_F_ADDR, &w);
		df_put_str(o, buf, w.len);
	}
}

static bool fn_values(const struct df_x *x, const struct ps_packet *p, struct df_vals *o)
{
	if (x->fn == DF_XFN_MAX || x->fn == DF_XFN_MIN)
		return extreme(x, p, o);
	struct df_vals t;
	if (x->arg[0]->kind == DF_X_PROTO) { /* count(ip), len(ip): one length per layer */
		bool present = proto_values(x->arg[0], p, o, true);
		if (x->fn == DF_FN_COUNT && o->n) {
			unsigned n = o->n;
			vals_reset(o);
			df_put_u(o, DF_T_UINT, n);
		}
		return present && o->n;
	}
	bool present = df_x_values(x->arg[0], p, &t);
	vals_reset(o);
	if (x->fn == DF_XFN_STRING) {
		stringify(o, &t);
		return present;
	}
	for (unsigned i = 0; i < t.n; i++)
		put_val(o, &t.v[i]);
	if (x->fn == DF_XFN_ABS) {
		for (unsigned i = 0; i < o->n; i++)
			if (o->v[i].type == DF_T_INT && o->v[i].v.i < 0 && o->v[i].v.i != INT64_MIN)
				o->v[i].v.i = -o->v[i].v.i;
		return present;
	}
	df_apply_fn((enum df_fn)x->fn, x->arg[0]->f, o);
	return o->n > 0 || x->fn != DF_FN_COUNT ? present : false;
}

bool df_x_values(const struct df_x *x, const struct ps_packet *p, struct df_vals *out)
{
	switch (x->kind) {
	case DF_X_FIELD: return field_values(x, p, out);
	case DF_X_PROTO: return proto_values(x, p, out, false);
	case DF_X_LIT:
		vals_reset(out);
		put_val(out, &x->lit.v);
		return true;
	case DF_X_ARITH: return arith_values(x, p, out);
	case DF_X_NEG: {
		bool present = df_x_values(x->arg[0], p, out);
		df_negate(out, x->f ? x->f->bits : 32);
		return present;
	}
	default: return fn_values(x, p, out);
	}
}

/* v within lo..hi, in the left operand's type (incomparable: not). */
static bool within(const struct df_val *v, const struct df_val *lo, const struct df_val *hi)
{
	return !df_incomparable(v, lo) && !df_incomparable(v, hi) && df_val_cmp(v, lo) >= 0 &&
	       df_val_cmp(v, hi) <= 0;
}

bool df_in_range(const struct df_node *n, const struct ps_packet *p)
{
	struct df_vals a, lo, hi;
	if (!df_x_values(n->x[1], p, &lo) || lo.n != 1 || !df_x_values(n->x_hi, p, &hi) ||
	    hi.n != 1)
		return false;
	if (n->x[0]) {
		if (!df_x_values(n->x[0], p, &a))
			return false;
	} else {
		df_field_values(n->f, p, &a);
		if (n->fn[0])
			df_apply_fn((enum df_fn)n->fn[0], n->f, &a);
	}
	for (unsigned i = 0; i < a.n; i++)
		if (within(&a.v[i], &lo.v[0], &hi.v[0]))
			return true;
	return false;
}
