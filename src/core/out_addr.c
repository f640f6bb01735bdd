/* SPDX-License-Identifier: BSD-2-Clause */
/* out_addr.c - IPv4 and IPv6 addresses into the output buffer, as glibc's
 * inet_ntop prints them, and link addresses, through the output's memo of
 * recent addresses (struct ps_addr_memo): every packet line and JSON object
 * prints two addresses, and a capture repeats a few hosts. */
#include "ps_out.h"

static const char hexdig[] = "0123456789abcdef";

/* a.b.c.d at w; returns its length (at most 15) */
static unsigned ipv4_text(char *w, const uint8_t a[4])
{
	unsigned n = 0;
	for (unsigned k = 0; k < 4; k++) {
		unsigned v = a[k];
		if (v >= 100)
			w[n++] = (char)('0' + v / 100);
		if (v >= 10)
			w[n++] = (char)('0' + v / 10 % 10);
		w[n++] = (char)('0' + v % 10);
		w[n++] = '.';
	}
	return n - 1;
}

/* The first longest run (>= 2) of zero groups in the 8-bit mask zm (bit i:
 * group i is zero): its start in *best (-1 when none) and its length.
 * Each step keeps the groups that start a run one longer (x & x >> 1), so
 * the last non-empty mask holds the starts of the longest runs. */
static int zero_run(unsigned zm, int *best)
{
	*best = -1;
	if (!(zm & zm >> 1)) /* no two adjacent zero groups: the usual case */
		return 0;
	unsigned starts = zm, len = 0;
	for (unsigned x = zm; x; x &= x >> 1, len++)
		starts = x;
	*best = __builtin_ctz(starts);
	return (int)len;
}

/* Group hi:lo in hex without leading zeros at w; returns its length. */
static unsigned v6_group(char *w, unsigned hi, unsigned lo)
{
	unsigned n = 0;
	if (hi) {
		if (hi >= 0x10)
			w[n++] = hexdig[hi >> 4];
		w[n++] = hexdig[hi & 0xf];
		w[n++] = hexdig[lo >> 4];
	} else if (lo >= 0x10) {
		w[n++] = hexdig[lo >> 4];
	}
	w[n++] = hexdig[lo & 0xf];
	return n;
}

/* RFC 5952 as glibc's inet_ntop prints it at w (at most 45 bytes):
 * lowercase, no leading zeros, the first longest run (>= 2) of zero groups
 * as "::", and the IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible
 * (::a.b.c.d) forms.  Returns the length. */
static unsigned ipv6_text(char *w, const uint8_t a[16])
{
	unsigned zm = 0;
	for (unsigned i = 0; i < 8; i++)
		zm |= (unsigned)((a[2 * i] | a[2 * i + 1]) == 0) << i;
	int best;
	int best_len = zero_run(zm, &best);
	if (best == 0 && (best_len == 6 || (best_len == 5 && a[10] == 0xff && a[11] == 0xff))) {
		unsigned n = best_len == 5 ? 7 : 2;
		memcpy(w, "::ffff:", n);
		return n + ipv4_text(w + n, a + 12);
	}
	unsigned n = 0;
	for (int i = 0; i < 8; i++) {
		if (i == best) {
			w[n++] = ':';
			i += best_len - 1;
			continue;
		}
		if (i)
			w[n++] = ':';
		n += v6_group(w + n, a[2 * i], a[2 * i + 1]);
	}
	if (best >= 0 && best + best_len == 8)
		w[n++] = ':';
	return n;
}

/* The memo slot of an address (w1 = 0 for IPv4), or NULL without a memo */
static struct ps_addr_memo_slot *memo_slot(struct ps_out *o, uint64_t w0, uint64_t w1)
{
	if (!o->memo)
		return 0;
	uint64_t h = (w0 * 0x9e3779b97f4a7c15u) ^ (w1 * 0xc2b2ae3d27d4eb4fu);
	return &o->memo->slot[(h >> 56) % PS_ADDR_MEMO_SLOTS];
}

/* The remembered text of m when it is the address (fam, w0, w1): one
 * fixed-size copy into the buffer.  False: format it. */
static bool memo_hit(struct ps_out *o, const struct ps_addr_memo_slot *m, unsigned fam,
		     uint64_t w0, uint64_t w1)
{
	if (!m || m->fam != fam || m->w[0] != w0 || m->w[1] != w1)
		return false;
	char *d = ps_out_reserve(o, sizeof m->text);
	if (!d)
		return false;
	memcpy(d, m->text, sizeof m->text);
	ps_out_commit(o, m->len);
	return true;
}

/* Write the n bytes of text t, remembering them in m (if any). */
static void memo_put(struct ps_out *o, struct ps_addr_memo_slot *m, unsigned fam, uint64_t w0,
		     uint64_t w1, const char *t, unsigned n)
{
	if (m) {
		m->fam = (uint8_t)fam;
		m->w[0] = w0;
		m->w[1] = w1;
		m->len = (uint8_t)n;
		memcpy(m->text, t, n);
	}
	ps_out_mem(o, t, n);
}

void ps_out_ipv4(struct ps_out *o, const uint8_t a[4])
{
	uint32_t v;
	memcpy(&v, a, 4);
	struct ps_addr_memo_slot *m = memo_slot(o, v, 0);
	if (memo_hit(o, m, 4, v, 0))
		return;
	char t[16];
	memo_put(o, m, 4, v, 0, t, ipv4_text(t, a));
}

void ps_out_ipv6(struct ps_out *o, const uint8_t a[16])
{
	uint64_t w[2];
	memcpy(w, a, 16);
	struct ps_addr_memo_slot *m = memo_slot(o, w[0], w[1]);
	if (memo_hit(o, m, 6, w[0], w[1]))
		return;
	char t[48];
	memo_put(o, m, 6, w[0], w[1], t, ipv6_text(t, a));
}

/* aa:bb:cc:dd:ee:ff (any length: colon-separated hex) at w, at most 3 * 32
 * - 1 bytes; returns the length */
static unsigned mac_text(char *w, const uint8_t *a, size_t n)
{
	unsigned k = 0;
	for (size_t i = 0; i < n && i < 32; i++) {
		w[k++] = hexdig[a[i] >> 4];
		w[k++] = hexdig[a[i] & 0xf];
		w[k++] = ':';
	}
	return k ? k - 1 : 0;
}

void ps_out_mac(struct ps_out *o, const uint8_t *a, size_t n)
{
	char t[3 * 32];
	if (n != 6) {
		ps_out_mem(o, t, mac_text(t, a, n));
		return;
	}
	uint64_t v = 0;
	memcpy(&v, a, 6);
	struct ps_addr_memo_slot *m = memo_slot(o, v, 0);
	if (memo_hit(o, m, 48, v, 0))
		return;
	memo_put(o, m, 48, v, 0, t, mac_text(t, a, 6));
}

void ps_out_memo_keep(struct ps_out *o, const uint64_t key[5], const struct ps_text_memo_mark *mark)
{
	struct ps_text_memo_slot *m = mark->slot;
	if (!m || o->len < mark->from || o->len - mark->from > sizeof m->text)
		return;
	memcpy(m->key, key, sizeof m->key);
	m->len = (uint8_t)(o->len - mark->from);
	memcpy(m->text, o->buf + mark->from, m->len);
}
