/* SPDX-License-Identifier: BSD-2-Clause */
/* df_path.c - the generic getter: run a layer's `fields` op through a
 * collecting emitter and keep the values found at a JSON path.
 *
 * This is how every field a dissector emits becomes filterable without a
 * getter of its own: the application-layer rows of df_fields.def are one
 * line each (Wireshark name -> JSON path).  "[]" in a path takes every
 * element of an array, which gives Wireshark's "any occurrence" semantics
 * (every DNS query name).  Slower than a direct getter (the op emits the
 * whole layer), so the hot L2-L4 fields have direct ones.
 */
#include <string.h>

#include "df_int.h"
#include "ps_dissect.h"

#define PATH_MAX_DEPTH 32

struct collector {
	const struct df_field *f;
	struct df_vals *out;
	const struct df_comp *c;
	int nc;
	int depth;
	int match[PATH_MAX_DEPTH]; /* components matched by the open containers, -1 off path */
	bool arr[PATH_MAX_DEPTH];  /* that container is an array */
};

static int split(const char *path, struct df_comp *c)
{
	int n = 0;
	const char *s = path;
	while (*s && n < DF_PATH_COMPS) {
		size_t len = strcspn(s, ".[|");
		if (len)
			c[n++] = (struct df_comp){s, len};
		s += len;
		if (s[0] == '[' && s[1] == ']' && n < DF_PATH_COMPS) {
			c[n++] = (struct df_comp){0, 0};
			s += 2;
		}
		if (*s == '.')
			s++;
		else if (*s && *s != '[') /* '|': the next alternative */
			break;
	}
	return n;
}

/* Components matched after stepping into `key` (NULL: an array element). */
static int step(const struct collector *k, const char *key)
{
	if (k->depth >= PATH_MAX_DEPTH)
		return -1;
	int m = k->match[k->depth];
	if (m < 0 || m >= k->nc)
		return -1;
	const struct df_comp *c = &k->c[m];
	if (k->arr[k->depth])
		return !key && !c->s ? m + 1 : -1;
	/* the first byte inline (most keys differ there), then strncmp, which
	 * stops at the key's end: no strlen per emitted key */
	if (!key || !c->s || key[0] != c->s[0] || strncmp(key, c->s, c->n) != 0 || key[c->n])
		return -1;
	return m + 1;
}

static void open_(struct ps_emit *e, const char *key, bool arr)
{
	struct collector *k = e->ctx;
	int m = step(k, key);
	if (k->depth + 1 < PATH_MAX_DEPTH) {
		k->depth++;
		k->match[k->depth] = m;
		k->arr[k->depth] = arr;
	} else {
		k->depth++; /* too deep: off path until it closes */
	}
}

static void close_(struct ps_emit *e)
{
	struct collector *k = e->ctx;
	if (k->depth > 0)
		k->depth--;
}

static bool wanted(struct ps_emit *e, const char *key)
{
	struct collector *k = e->ctx;
	return step(k, key) == k->nc;
}

static void c_begin_obj(struct ps_emit *e, const char *key) { open_(e, key, false); }
static void c_begin_arr(struct ps_emit *e, const char *key) { open_(e, key, true); }
static void c_end(struct ps_emit *e) { close_(e); }

static void c_u64(struct ps_emit *e, const char *key, uint64_t v)
{
	struct collector *k = e->ctx;
	if (wanted(e, key))
		df_put_u(k->out, k->f->type == DF_T_BOOL ? DF_T_BOOL : DF_T_UINT, v);
}

static void c_i64(struct ps_emit *e, const char *key, int64_t v)
{
	struct collector *k = e->ctx;
	if (!wanted(e, key))
		return;
	struct df_val *d = df_vals_add(k->out, DF_T_INT);
	if (d)
		d->v.i = v;
}

static void c_bool(struct ps_emit *e, const char *key, bool v)
{
	struct collector *k = e->ctx;
	if (wanted(e, key))
		df_put_u(k->out, DF_T_BOOL, v);
}

static void c_strn(struct ps_emit *e, const char *key, const char *s, size_t n)
{
	struct collector *k = e->ctx;
	if (!wanted(e, key))
		return;
	enum df_type t = (enum df_type)k->f->type;
	if (t == DF_T_IPV4 || t == DF_T_IPV6 || t == DF_T_MAC) {
		/* a decoder that writes an address as text: keep the field's type */
		struct df_lit lit;
		const char *why;
		if (df_lit_parse(t, s, n, true, &lit, &why) == 0) {
			struct df_val *d = df_vals_add(k->out, t);
			if (d)
				*d = lit.v;
		}
		return;
	}
	df_put_str(k->out, s, n);
}

static void c_str(struct ps_emit *e, const char *key, const char *s)
{
	c_strn(e, key, s, strlen(s));
}

static void c_ipv4(struct ps_emit *e, const char *key, const uint8_t a[4])
{
	struct collector *k = e->ctx;
	if (wanted(e, key))
		df_put_ip4(k->out, a);
}

static void c_ipv6(struct ps_emit *e, const char *key, const uint8_t a[16])
{
	struct collector *k = e->ctx;
	if (wanted(e, key))
		df_put_bytes(k->out, DF_T_IPV6, a, 16);
}

static void c_mac(struct ps_emit *e, const char *key, const uint8_t *a, size_t n)
{
	struct collector *k = e->ctx;
	if (wanted(e, key) && n == 6)
		df_put_bytes(k->out, DF_T_MAC, a, 6);
}

static void c_ts(struct ps_emit *e, const char *key, int64_t sec, uint32_t frac, bool nano)
{
	struct collector *k = e->ctx;
	if (!wanted(e, key))
		return;
	struct df_val *d = df_vals_add(k->out, DF_T_TIME);
	if (d) {
		d->v.t.sec = sec;
		d->v.t.ns = nano ? frac : frac * 1000u;
	}
}

static const struct ps_emit_ops collect_ops = {
	.begin_obj = c_begin_obj,
	.end_obj = c_end,
	.begin_arr = c_begin_arr,
	.end_arr = c_end,
	.u64 = c_u64,
	.i64 = c_i64,
	.boolean = c_bool,
	.str = c_str,
	.strn = c_strn,
	.ipv4 = c_ipv4,
	.ipv6 = c_ipv6,
	.mac = c_mac,
	.ts = c_ts,
};

unsigned df_proto_tag(const char *json)
{
	for (unsigned t = 1; t < PS_P__COUNT; t++) {
		const struct ps_dissector *d = ps_registry_by_proto(t);
		if (d && strcmp(d->name, json) == 0)
			return t;
	}
	return 0;
}

void df_path_prepare(const struct df_field *f, struct df_path *out)
{
	memset(out, 0, sizeof *out);
	out->tag = (uint8_t)df_proto_tag(f->proto);
	/* "a|b": every value at a, then every value at b (DNS answers, then
	 * authorities, then additionals: wire order, as Wireshark) */
	for (const char *alt = f->path; alt && out->nalt < DF_PATH_ALTS;
	     alt = strchr(alt, '|') ? strchr(alt, '|') + 1 : 0) {
		out->nc[out->nalt] = (uint8_t)split(alt, out->c[out->nalt]);
		out->nalt++;
	}
}

void df_path_run(const struct df_field *f, const struct df_path *pp, const struct ps_packet *p,
		 struct df_vals *out)
{
	struct collector k = {.f = f, .out = out};
	const struct ps_dissector *dis = pp->tag ? ps_registry_by_proto(pp->tag) : 0;
	if (!dis || !dis->fields)
		return;
	for (unsigned i = 0; i < df_nlayers(p); i++) {
		if (p->layers[i].proto != pp->tag)
			continue;
		for (unsigned a = 0; a < pp->nalt; a++) {
			k.c = pp->c[a];
			k.nc = pp->nc[a];
			k.depth = 0;
			k.match[0] = 0;
			k.arr[0] = false;
			struct ps_emit e = {.ops = &collect_ops, .ctx = &k};
			dis->fields(p, i, &e);
		}
	}
}

void df_path_values(const struct df_field *f, const struct ps_packet *p, struct df_vals *out)
{
	struct df_path pp;
	df_path_prepare(f, &pp);
	df_path_run(f, &pp, p, out);
}
