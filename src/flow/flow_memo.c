/* SPDX-License-Identifier: BSD-2-Clause */
/* flow_memo.c - what the table remembers of ended conversations: a
 * direct-mapped cache keyed by the tuple's hash, so a conversation that
 * comes back after an idle timeout or an eviction keeps its stream number,
 * its relative-number bases and its sequence analysis (tshark and tcpdump
 * remember a tuple forever; we, boundedly: the cache overwrites).
 */
#include <string.h>

#include "flow_int.h"

/* The tuple's hash for this cache, computed only as a flow begins or
 * ends.  Not the buckets' hash: which remembered tuples a direct-mapped
 * cache overwrites decides stream numbers, and those stay as they were. */
static uint64_t memo_hash(const struct ps_flow_key *k)
{
	uint64_t w[sizeof *k / 8], h = 0x243f6a8885a308d3ULL;
	memcpy(w, k, sizeof w);
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
		h ^= w[i] * 0x87c37b91114253d5ULL;
		h = (h << 31 | h >> 33) * 0x4cf5ad432745937fULL;
	}
	h ^= h >> 33; /* murmur3's finalizer */
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 33);
}

void ps_ft_remember(struct ps_flow_table *t, const struct ps_flow *f)
{
	uint64_t h = memo_hash(&f->key);
	struct ps_ft_memo *m = &t->memo[h & t->cmask];
	m->hash = h | 1;
	m->stream = f->stream;
	for (unsigned side = 0; side < 2; side++) {
		unsigned dir = side == f->orig_is_b ? 0 : 1; /* key side -> flow direction */
		m->base[side] = f->tcp.base[dir];
		m->base_set[side] = f->tcp.base_set[dir];
		m->td_base[side] = f->tcp.td_base[dir];
		m->anl[side] = f->tcp.anl[dir];
		m->ws[side] = f->tcp.ws[dir];
		const struct ps_tcp_stream *rs = &f->re.rs[dir];
		m->ropen[side] = f->kind == PS_FK_TCP && rs->state == PS_TCPS_OPEN;
		m->rnext[side] = rs->next;
	}
	m->first_from_b = f->first_from_b;
	m->td_valid = f->tcp.td_valid;
	m->syn_ns = f->tcp.syn_ns;
	m->rtt_ns = f->tcp.rtt_ns;
	m->synack = f->tcp.synack;
}

/* A tuple seen before: its stream number (unless a new connection starts
 * now: `fresh`, or a pure SYN whose seq is not the remembered base of its
 * side, tshark's rule) and, for TCP, the relative-number bases and the
 * sequence analysis tshark and tcpdump would still be using. */
void ps_ft_recall(struct ps_flow_table *t, struct ps_flow *f, bool fresh,
		  const struct ps_tcp *syn)
{
	uint64_t h = memo_hash(&f->key);
	struct ps_ft_memo *m = &t->memo[h & t->cmask];
	bool hit = m->hash == (h | 1);
	if (hit && syn) {
		unsigned side = f->orig_is_b; /* the SYN's sender is orig */
		fresh = fresh || !m->base_set[side] || m->base[side] != syn->seq;
	}
	if (!hit || fresh) {
		f->stream = t->next_stream[f->kind];
		t->next_stream[f->kind] += t->cfg.stream_step;
	} else {
		f->stream = m->stream;
		f->first_from_b = m->first_from_b;
		for (unsigned side = 0; side < 2; side++) {
			unsigned dir = side == f->orig_is_b ? 0 : 1;
			f->tcp.base[dir] = m->base[side];
			f->tcp.base_set[dir] = m->base_set[side];
			f->tcp.anl[dir] = m->anl[side];
			f->tcp.ws[dir] = m->ws[side];
			if (f->kind == PS_FK_TCP && m->ropen[side]) {
				f->re.rs[dir].state = PS_TCPS_OPEN;
				f->re.rs[dir].next = m->rnext[side];
			}
		}
		f->tcp.syn_ns = m->syn_ns;
		f->tcp.rtt_ns = m->rtt_ns;
		f->tcp.synack = m->synack;
	}
	if (hit && f->kind == PS_FK_TCP) { /* tcpdump never forgets a tuple */
		for (unsigned side = 0; side < 2; side++)
			f->tcp.td_base[side == f->orig_is_b ? 0 : 1] = m->td_base[side];
		f->tcp.td_valid = m->td_valid;
	}
	m->hash = 0;
}
