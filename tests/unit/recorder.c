/* SPDX-License-Identifier: BSD-2-Clause */
/* recorder.c - the flattening test emitter. */
#include "recorder.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ps_out.h"

/* The key of the next value: array element index or the given key. */
static void path_of(struct recorder *r, const char *key, char *out, size_t n)
{
	size_t len = 0;
	out[0] = '\0';
	for (unsigned i = 0; i < r->depth; i++)
		len += (size_t)snprintf(out + len, len < n ? n - len : 0, "%s%s", len ? "." : "",
					r->stack[i]);
	char idx[16];
	if (r->depth && r->index[r->depth - 1] >= 0) {
		snprintf(idx, sizeof idx, "%d", r->index[r->depth - 1]++);
		key = idx;
	}
	if (key && len < n)
		snprintf(out + len, n - len, "%s%s", len ? "." : "", key);
}

static void add(struct recorder *r, const char *key, const char *val)
{
	if (r->nrows >= REC_MAX_ROWS)
		return;
	struct rec_row *row = &r->rows[r->nrows++];
	path_of(r, key, row->path, sizeof row->path);
	snprintf(row->val, sizeof row->val, "%s", val);
	row->span_off = r->emit.span_off;
	row->span_len = r->emit.span_len;
}

static void push(struct ps_emit *e, const char *key, int is_array)
{
	struct recorder *r = e->ctx;
	char full[REC_PATH];
	path_of(r, key, full, sizeof full);
	const char *last = strrchr(full, '.');
	if (r->depth < 16) {
		snprintf(r->stack[r->depth], sizeof r->stack[0], "%.47s", last ? last + 1 : full);
		r->index[r->depth] = is_array ? 0 : -1;
		r->depth++;
	}
}

static void pop(struct ps_emit *e)
{
	struct recorder *r = e->ctx;
	if (r->depth)
		r->depth--;
}

static void r_begin_obj(struct ps_emit *e, const char *k) { push(e, k, 0); }
static void r_begin_arr(struct ps_emit *e, const char *k) { push(e, k, 1); }

static void r_u64(struct ps_emit *e, const char *k, uint64_t v)
{
	char b[32];
	snprintf(b, sizeof b, "%" PRIu64, v);
	add(e->ctx, k, b);
}

static void r_i64(struct ps_emit *e, const char *k, int64_t v)
{
	char b[32];
	snprintf(b, sizeof b, "%" PRId64, v);
	add(e->ctx, k, b);
}

static void r_bool(struct ps_emit *e, const char *k, bool v)
{
	add(e->ctx, k, v ? "true" : "false");
}

static void r_str(struct ps_emit *e, const char *k, const char *s)
{
	add(e->ctx, k, s);
}

static void r_strn(struct ps_emit *e, const char *k, const char *s, size_t n)
{
	char b[REC_VAL];
	snprintf(b, sizeof b, "%.*s", (int)(n < sizeof b - 1 ? n : sizeof b - 1), s);
	add(e->ctx, k, b);
}

/* Addresses go through the same formatting as the real output. */
static void fmt_with(struct ps_emit *e, const char *k, void (*f)(struct ps_out *, const void *),
		     const void *a)
{
	char b[REC_VAL];
	struct ps_out o;
	ps_out_open_mem(&o, b, sizeof b);
	f(&o, a);
	add(e->ctx, k, ps_out_cstr(&o));
}

static void out_v4(struct ps_out *o, const void *a) { ps_out_ipv4(o, a); }
static void out_v6(struct ps_out *o, const void *a) { ps_out_ipv6(o, a); }
static void r_ipv4(struct ps_emit *e, const char *k, const uint8_t a[4]) { fmt_with(e, k, out_v4, a); }
static void r_ipv6(struct ps_emit *e, const char *k, const uint8_t a[16]) { fmt_with(e, k, out_v6, a); }

static void r_mac(struct ps_emit *e, const char *k, const uint8_t *a, size_t n)
{
	char b[REC_VAL];
	struct ps_out o;
	ps_out_open_mem(&o, b, sizeof b);
	ps_out_mac(&o, a, n);
	add(e->ctx, k, ps_out_cstr(&o));
}

static void r_ts(struct ps_emit *e, const char *k, int64_t sec, uint32_t frac, bool nano)
{
	char b[48];
	snprintf(b, sizeof b, "%" PRId64 ".%0*u", sec, nano ? 9 : 6, frac);
	add(e->ctx, k, b);
}

static const struct ps_emit_ops rec_ops = {
	.begin_obj = r_begin_obj, .end_obj = pop, .begin_arr = r_begin_arr, .end_arr = pop,
	.u64 = r_u64, .i64 = r_i64, .boolean = r_bool, .str = r_str, .strn = r_strn,
	.ipv4 = r_ipv4, .ipv6 = r_ipv6, .mac = r_mac, .ts = r_ts,
};

void recorder_init(struct recorder *r)
{
	memset(r, 0, sizeof *r);
	r->emit.ops = &rec_ops;
	r->emit.ctx = r;
}

const struct rec_row *recorder_row(const struct recorder *r, const char *path)
{
	for (unsigned i = 0; i < r->nrows; i++)
		if (!strcmp(r->rows[i].path, path))
			return &r->rows[i];
	return 0;
}

const char *recorder_get(const struct recorder *r, const char *path)
{
	const struct rec_row *row = recorder_row(r, path);
	return row ? row->val : 0;
}
