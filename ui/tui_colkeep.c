/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_colkeep.c - the columns of the packets the stage shows otherwise
 * than their frame alone, kept by the conversations scan (tui_cols.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui_cols.h"
#include "tui_packet.h"

/* What the stage may change of a record, as the frame alone decoded it. */
struct tui_colsnap {
	bool taken;
	uint8_t nlayers;
	bool malformed;
	uint32_t payload_off, payload_len, bytes;
	struct ps_layer layers[PS_MAX_LAYERS];
};

int tui_colkeep_init(struct tui_colkeep *k)
{
	memset(k, 0, sizeof *k);
	k->alone = calloc(1, sizeof *k->alone);
	k->snap = calloc(1, sizeof *k->snap);
	if (!k->alone || !k->snap || tui_vec_init(&k->idx, 8)) {
		tui_colkeep_free(k);
		return -1;
	}
	return 0;
}

void tui_colkeep_free(struct tui_colkeep *k)
{
	tui_vec_free(&k->idx);
	for (unsigned i = 0; i < k->nchunk; i++)
		free(k->chunk[i]);
	free(k->alone);
	free(k->snap);
	memset(k, 0, sizeof *k);
}

/* Can the stage change what the columns show?  Only for a fragment
 * (defragmentation), a TCP segment with data (reassembly and the stream
 * decoders) or a layer over UDP (the flow table's QUIC state). */
static bool may_change(const struct ps_packet *p)
{
	if (p->any_fragment)
		return true;
	for (unsigned i = 0; i < p->nlayers; i++) {
		const struct ps_layer *l = &p->layers[i];
		if (l->proto == PS_P_TCP && l->hdr_len >= 20 && (!l->u.tcp.has_len || l->u.tcp.len))
			return true;
		if (l->proto == PS_P_UDP && i + 1 < p->nlayers)
			return true;
	}
	return false;
}

void tui_colkeep_before(struct tui_colkeep *k, const struct ps_packet *p)
{
	struct tui_colsnap *s = k->snap;
	s->taken = may_change(p);
	if (!s->taken)
		return;
	s->nlayers = p->nlayers;
	s->malformed = p->any_malformed;
	s->payload_off = p->payload_off;
	s->payload_len = p->payload_len;
	s->bytes = ps_packet_bytes(p);
	memcpy(s->layers, p->layers, p->nlayers * sizeof p->layers[0]);
}

static bool same(const struct tui_colsnap *s, const struct ps_packet *p)
{
	return !p->flow.pdu && s->nlayers == p->nlayers && s->malformed == p->any_malformed &&
	       s->payload_off == p->payload_off && s->payload_len == p->payload_len &&
	       s->bytes == ps_packet_bytes(p) &&
	       !memcmp(s->layers, p->layers, p->nlayers * sizeof p->layers[0]);
}

static bool cols_equal(const struct tui_cols *a, const struct tui_cols *b)
{
	return a->cls == b->cls && !strcmp(a->proto, b->proto) && !strcmp(a->src, b->src) &&
	       !strcmp(a->dst, b->dst) && !strcmp(a->info, b->info);
}

/* Room for n bytes of text: the last chunk, or a new one.  NULL: full. */
static char *room(struct tui_colkeep *k, size_t n, uint64_t *ref)
{
	if (!k->nchunk || k->at + n > TUI_COLKEEP_CHUNK) {
		if (k->nchunk == TUI_COLKEEP_CHUNKS || !(k->chunk[k->nchunk] = malloc(TUI_COLKEEP_CHUNK)))
			return 0;
		k->nchunk++;
		k->at = 0;
	}
	*ref = (uint64_t)(k->nchunk - 1) << 16 | k->at;
	char *at = k->chunk[k->nchunk - 1] + k->at;
	k->at += (uint32_t)n;
	return at;
}

/* cls, then proto, src, dst and info, each NUL-terminated. */
static void put(struct tui_colkeep *k, uint64_t pkt, const struct tui_cols *c)
{
	const char *f[4] = {c->proto, c->src, c->dst, c->info};
	size_t len[4], n = 1;
	for (unsigned i = 0; i < 4; i++)
		n += (len[i] = strlen(f[i]) + 1);
	uint64_t ref;
	char *at = room(k, n, &ref);
	if (!at || pkt >= UINT64_C(1) << 40 || tui_vec_push(&k->idx, pkt << 24 | ref)) {
		k->unkept++;
		return;
	}
	*at++ = (char)c->cls;
	for (unsigned i = 0; i < 4; i++) {
		memcpy(at, f[i], len[i]);
		at += len[i];
	}
	tui_vec_publish(&k->idx); /* after the text: readers take no lock */
}

void tui_colkeep_note(struct tui_colkeep *k, struct ps_packet *p, uint64_t pkt,
		      const struct tui_rec *r, const uint8_t *data, const char *iface)
{
	if (!k->snap->taken || same(k->snap, p))
		return;
	struct tui_cols staged, alone;
	tui_cols_of(p, &staged);
	tui_packet_load(k->alone, pkt, r, data, iface);
	tui_cols_of(k->alone, &alone);
	if (!cols_equal(&staged, &alone))
		put(k, pkt, &staged);
}

bool tui_colkeep_get(const struct tui_colkeep *k, uint64_t pkt, struct tui_cols *out)
{
	uint64_t lo = 0, hi = tui_vec_count(&k->idx), e = 0;
	while (lo < hi) { /* entries are in packet order */
		uint64_t mid = lo + (hi - lo) / 2;
		e = tui_vec_get(&k->idx, mid);
		if (e >> 24 == pkt)
			break;
		if (e >> 24 < pkt)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= hi)
		return false;
	const char *at = k->chunk[(e >> 16) & 0xff] + (e & 0xffff);
	char *f[4] = {out->proto, out->src, out->dst, out->info};
	size_t cap[4] = {sizeof out->proto, sizeof out->src, sizeof out->dst, sizeof out->info};
	out->cls = (uint8_t)*at++;
	for (unsigned i = 0; i < 4; i++) {
		size_t n = strlen(at);
		snprintf(f[i], cap[i], "%s", at);
		at += n + 1;
	}
	return true;
}
