/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_test.h - helpers shared by the CUnit suites: dissect hand-built bytes,
 * read fields back by their JSON path, sweep every truncation length.
 * Each suite is its own program (a suite can run alone): see PST_MAIN. */
#ifndef PS_TEST_H
#define PS_TEST_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "ps_dissect.h"
#include "ps_linktype.h"
#include "ps_packet.h"

/* Dissect `caplen` bytes (wire length `len`) of link type `linktype` into *p. */
void pst_dissect(struct ps_packet *p, int linktype, const uint8_t *bytes, uint32_t caplen,
		 uint32_t len);

/* The value of one field, by its JSON path, as text: numbers in decimal,
 * booleans "true"/"false", strings without quotes.  Array elements are
 * addressed by index ("vlan.0.id", "tcp.options.1.kind", "tcp.options.3.blocks.0.1").
 * Nested objects by their keys ("icmp.quote.ip.src").  NULL when absent.
 * The pointer is valid until the next pst_* call. */
const char *pst_field(const struct ps_packet *p, const char *path);

/* True when the top-level "events" array (or, for a path like
 * "icmp.quote", that nested object's events) holds `name`. */
bool pst_has_event(const struct ps_packet *p, const char *name);
bool pst_has_event_in(const struct ps_packet *p, const char *obj_path, const char *name);

/* The NDJSON line (without newline) and the one-line text (without the
 * time stamp and newline) the program would print.  Valid until the next call. */
const char *pst_json(const struct ps_packet *p);
const char *pst_text(const struct ps_packet *p, int verbose, bool link);

/* Decode every prefix bytes[0..k) for k in [from, n) with caplen = k and
 * len = n; each must finish without crashing (the suites also run under
 * ASan/UBSan) and render to valid text and JSON.  Returns how many of those
 * prefixes raised `event` (NULL: any event at all). */
unsigned pst_sweep(int linktype, const uint8_t *bytes, uint32_t n, uint32_t from,
		   const char *event);

/* A CUnit main running one suite:  PST_MAIN("tcp", {"valid", test_tcp_valid}, ...) */
struct pst_case {
	const char *name;
	void (*fn)(void);
};
int pst_run(const char *suite, const struct pst_case *cases, unsigned n);
#define PST_MAIN(suite, ...)                                                                       \
	int main(void)                                                                             \
	{                                                                                          \
		static const struct pst_case cases_[] = {__VA_ARGS__};                             \
		return pst_run(suite, cases_, sizeof cases_ / sizeof cases_[0]);                   \
	}

/* Assertions on a `struct ps_packet pkt` in scope (the suites' convention). */
#define ASSERT_FIELD(path, want)                                                                   \
	do {                                                                                       \
		const char *v_ = pst_field(&pkt, (path));                                          \
		CU_ASSERT_PTR_NOT_NULL(v_);                                                        \
		if (v_)                                                                            \
			CU_ASSERT_STRING_EQUAL(v_, (want));                                        \
	} while (0)
#define ASSERT_TEXT(want)                                                                          \
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false), (want))
/* -v text: the network layer's part is not ours to pin down */
#define ASSERT_VTEXT_ENDS(verbose, want)                                                           \
	do {                                                                                       \
		const char *t_ = pst_text(&pkt, (verbose), false);                                 \
		size_t n_ = strlen(t_), w_ = strlen(want);                                         \
		CU_ASSERT_TRUE(n_ >= w_ && !strcmp(t_ + n_ - w_, (want)));                          \
	} while (0)

#endif
