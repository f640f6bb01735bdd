/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_stream_buf.c - per-direction buffer and record position of the
 * stream decoders (dis_stream_buf.h). */
#include <stdlib.h>
#include <string.h>

#include "dis_stream_buf.h"

void ps_sbuf_release(struct ps_sbuf *m, size_t *used)
{
	if (m->buf) {
		*used -= m->cap;
		free(m->buf);
	}
	m->buf = NULL;
	m->len = m->cap = 0;
}

void ps_srec_sync(struct ps_srec *r, size_t *used, uint64_t *syncs)
{
	ps_sbuf_release(&r->m, used);
	r->synced = true;
	r->nhdr = 0;
	r->left = 0;
	++*syncs;
}

bool ps_srec_take(struct ps_srec *r, const uint8_t **data, uint32_t *len)
{
	uint32_t n = r->left < *len ? r->left : *len;
	if (r->m.buf && n)
		memcpy(r->m.buf + r->m.len, *data, n);
	if (r->m.buf)
		r->m.len += n;
	r->left -= n;
	*data += n;
	*len -= n;
	return !r->left;
}

void ps_srec_next(struct ps_srec *r, size_t *used)
{
	ps_sbuf_release(&r->m, used);
	r->nhdr = 0;
}

void ps_srec_gap(struct ps_srec *r, size_t *used, uint64_t *desyncs)
{
	if (!r->synced)
		return;
	ps_sbuf_release(&r->m, used);
	r->synced = false;
	++*desyncs;
}

void ps_srec_free(struct ps_srec *r, size_t *used, uint64_t *evicted)
{
	if (ps_srec_mid(r))
		++*evicted;
	ps_sbuf_release(&r->m, used);
	r->synced = false;
}
