/* SPDX-License-Identifier: BSD-2-Clause */
/* test_out.c - the output buffer's number and address formatting, checked
 * against the C library (inet_ntop, printf) on many values. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ps_out.h"
#include "ps_packet.h"
#include "ps_render.h"
#include "ps_test.h"

static char buf[256];

static const char *fmt_v6(const uint8_t a[16])
{
	struct ps_out o;
	ps_out_open_mem(&o, buf, sizeof buf);
	ps_out_ipv6(&o, a);
	return ps_out_cstr(&o);
}

/* Every zero/non-zero pattern of the 8 groups, plus mapped/compat forms, must
 * print exactly as glibc's inet_ntop prints them (RFC 5952). */
static void test_out_ipv6_matches_inet_ntop(void)
{
	uint8_t a[16];
	char want[INET6_ADDRSTRLEN];
	for (unsigned mask = 0; mask < 256; mask++) {
		/* group values of 1, 2, 3 and 4 hex digits, with zero nibbles inside */
		static const unsigned base[] = {1, 0xffff, 0xab0, 0x10, 0x1000};
		for (unsigned variant = 0; variant < 5; variant++) {
			memset(a, 0, sizeof a);
			for (unsigned g = 0; g < 8; g++) {
				if (!(mask & (1u << g)))
					continue;
				unsigned v = variant == 1 ? 0xffff : base[variant] + g;
				a[2 * g] = (uint8_t)(v >> 8);
				a[2 * g + 1] = (uint8_t)v;
			}
			inet_ntop(AF_INET6, a, want, sizeof want);
			CU_ASSERT_STRING_EQUAL(fmt_v6(a), want);
			if (strcmp(fmt_v6(a), want))
				fprintf(stderr, "\nmask %u variant %u: got %s want %s\n", mask, variant,
					fmt_v6(a), want);
		}
	}
}

static void test_out_ipv4_and_numbers(void)
{
	struct ps_out o;
	ps_out_open_mem(&o, buf, sizeof buf);
	static const uint8_t v4[] = {0, 10, 100, 255};
	ps_out_ipv4(&o, v4);
	ps_out_char(&o, ' ');
	ps_out_u64(&o, 0);
	ps_out_char(&o, ' ');
	ps_out_u64(&o, UINT64_MAX);
	ps_out_char(&o, ' ');
	ps_out_i64(&o, INT64_MIN);
	ps_out_char(&o, ' ');
	ps_out_hex(&o, 0x800, 4);
	ps_out_char(&o, ' ');
	ps_out_u64_pad(&o, 42, 6, '0');
	static const uint8_t mac[] = {0x02, 0, 0, 0xab, 0xcd, 0xef};
	ps_out_char(&o, ' ');
	ps_out_mac(&o, mac, 6);
	CU_ASSERT_STRING_EQUAL(ps_out_cstr(&o), "0.10.100.255 0 18446744073709551615 "
						 "-9223372036854775808 0800 000042 "
						 "02:00:00:ab:cd:ef");
}

/* ps_out_u64 and ps_out_u64_pad against printf on every decimal width and
 * both sides of each power of ten (the two-digit table's edges) */
static void test_out_u64_matches_printf(void)
{
	char want[64];
	int bad = 0;
	uint64_t p = 1;
	for (int e = 0; e < 20; e++, p *= 10) {
		const uint64_t vals[] = {p - 1, p, p + 1, p * 9 / 10 * 10 + 9, p + p / 2};
		for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
			struct ps_out o;
			ps_out_open_mem(&o, buf, sizeof buf);
			ps_out_u64(&o, vals[i]);
			ps_out_char(&o, ' ');
			ps_out_u64_pad(&o, vals[i], 12, ' ');
			snprintf(want, sizeof want, "%llu %12llu", (unsigned long long)vals[i],
				 (unsigned long long)vals[i]);
			bad += strcmp(ps_out_cstr(&o), want) != 0;
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static void test_out_memory_mode_truncates(void)
{
	char small[8];
	struct ps_out o;
	ps_out_open_mem(&o, small, sizeof small);
	ps_out_str(&o, "0123456789");
	CU_ASSERT_TRUE(o.overflow);
	CU_ASSERT_STRING_EQUAL(ps_out_cstr(&o), "0123456");
}

static void test_out_fd_mode_flushes_everything(void)
{
	FILE *tmp = tmpfile();
	CU_ASSERT_FATAL(tmp != NULL);
	struct ps_out o;
	CU_ASSERT_EQUAL_FATAL(ps_out_open_fd(&o, fileno(tmp), 16), 0);
	char big[100];
	memset(big, 'x', sizeof big);
	ps_out_str(&o, "abc");
	ps_out_mem(&o, big, sizeof big); /* larger than the buffer: written through */
	for (int i = 0; i < 50; i++)
		ps_out_char(&o, 'y');
	ps_out_close(&o);
	CU_ASSERT_EQUAL(o.err, 0);
	CU_ASSERT_EQUAL(ftell(tmp) >= 0 ? 0 : 1, 0);
	fseek(tmp, 0, SEEK_END);
	CU_ASSERT_EQUAL(ftell(tmp), 3 + 100 + 50);
	fclose(tmp);
}

/* The escaping of one byte b in a JSON string among plain letters: itself,
 * \" or \\, \u00XX for control bytes and DEL, U+FFFD for a lone byte
 * >= 0x80 (never a well-formed UTF-8 sequence here) */
static void want_escaped(char *w, unsigned b)
{
	if (b == '"' || b == '\\')
		sprintf(w, "\\%c", (char)b);
	else if (b < 0x20 || b == 0x7f)
		sprintf(w, "\\u%04x", b);
	else if (b >= 0x80)
		strcpy(w, "\\ufffd");
	else
		sprintf(w, "%c", (char)b);
}

/* Every byte value at every position of strings of several lengths, so that
 * the word-at-a-time copy of plain runs meets each byte in each lane and in
 * the byte-by-byte tail. */
static void test_json_string_every_byte(void)
{
	static char line[512];
	int bad = 0;
	for (unsigned len = 1; len <= 19; len += 9)
		for (unsigned pos = 0; pos < len; pos++)
			for (unsigned b = 1; b < 256; b++) {
				char s[32], esc[8], want[96];
				memset(s, 'a', len);
				s[len] = '\0';
				s[pos] = (char)b;
				want_escaped(esc, b);
				snprintf(want, sizeof want, "\"iface\":\"%.*s%s%s\"", (int)pos, s, esc,
					 s + pos + 1);
				struct ps_packet p;
				memset(&p, 0, sizeof p);
				p.direction = -1;
				p.iface = s;
				struct ps_out o;
				ps_out_open_mem(&o, line, sizeof line);
				ps_render_json_line(&p, &o);
				bad += strstr(ps_out_cstr(&o), want) == NULL;
			}
	CU_ASSERT_EQUAL(bad, 0);
}

/* An fd-mode output remembers formatted addresses: more addresses than its
 * memo has slots, each printed twice, IPv4 next to the IPv6 and MAC address
 * with the same leading bytes, must all read back as inet_ntop (and
 * printf, for the MAC) print them. */
static void test_out_address_memo(void)
{
	FILE *tmp = tmpfile();
	CU_ASSERT_FATAL(tmp != NULL);
	struct ps_out o;
	CU_ASSERT_EQUAL_FATAL(ps_out_open_fd(&o, fileno(tmp), 4096), 0);
	CU_ASSERT_PTR_NOT_NULL(o.memo);
	static char want[1 << 18];
	size_t wl = 0;
	for (unsigned pass = 0; pass < 2; pass++)
		for (unsigned i = 0; i < 3 * PS_ADDR_MEMO_SLOTS; i++) {
			uint8_t a6[16] = {0x20, 0x01, 0x0d, 0xb8};
			uint8_t a4[4] = {1, 2, (uint8_t)(i >> 8), (uint8_t)i};
			a6[15] = (uint8_t)i;
			a6[14] = (uint8_t)(i >> 8);
			uint8_t s6[16] = {1, 2, (uint8_t)(i >> 8), (uint8_t)i}; /* a4's bytes first */
			const uint8_t *v6[] = {a6, s6};
			ps_out_ipv4(&o, a4);
			ps_out_char(&o, ' ');
			inet_ntop(AF_INET, a4, want + wl, 64);
			wl += strlen(want + wl);
			want[wl++] = ' ';
			for (unsigned k = 0; k < 2; k++) {
				ps_out_ipv6(&o, v6[k]);
				ps_out_char(&o, ' ');
				inet_ntop(AF_INET6, v6[k], want + wl, 64);
				wl += strlen(want + wl);
				want[wl++] = ' ';
			}
			const uint8_t mac[6] = {1, 2, (uint8_t)(i >> 8), (uint8_t)i, 0, 0};
			ps_out_mac(&o, mac, 6); /* a4's bytes first too */
			ps_out_char(&o, ' ');
			wl += (size_t)sprintf(want + wl, "01:02:%02x:%02x:00:00 ", (i >> 8) & 0xff,
					      i & 0xff);
		}
	ps_out_close(&o);
	CU_ASSERT_EQUAL_FATAL(o.err, 0);
	static char got[1 << 18];
	rewind(tmp);
	size_t gl = fread(got, 1, sizeof got, tmp);
	fclose(tmp);
	CU_ASSERT_EQUAL(gl, wl);
	CU_ASSERT(gl == wl && !memcmp(got, want, wl));
}


/* The digit writers against printf: every width's edges, a spread of
 * 32-bit values (each multiply-shift case of ps_put_u32), 64-bit values
 * above 2^32, and the fixed widths with their leading zeros */
static void test_out_put_digits(void)
{
	char got[32], want[32];
	int bad = 0;
	uint64_t p = 1;
	for (int e = 0; e < 20; e++, p *= 10) {
		const uint64_t vals[] = {p - 1, p, p + 1, p * 9 + p / 3};
		for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
			*ps_put_u64(got, vals[i]) = 0;
			snprintf(want, sizeof want, "%llu", (unsigned long long)vals[i]);
			bad += strcmp(got, want) != 0;
		}
	}
	for (uint64_t v = 0; v <= UINT32_MAX; v += 9973 + (v >> 7)) {
		*ps_put_u32(got, (uint32_t)v) = 0;
		snprintf(want, sizeof want, "%u", (unsigned)v);
		bad += strcmp(got, want) != 0;
	}
	*ps_put_u32(got, UINT32_MAX) = 0;
	bad += strcmp(got, "4294967295") != 0;
	for (uint64_t v = UINT64_MAX; v > UINT32_MAX; v = v / 3 * 2) {
		*ps_put_u64(got, v) = 0;
		snprintf(want, sizeof want, "%llu", (unsigned long long)v);
		bad += strcmp(got, want) != 0;
	}
	const unsigned widths[] = {1, 2, 3, 6, 9, 10};
	for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++)
		for (uint64_t v = 0; v < 10000000000u && v <= UINT32_MAX; v = v * 7 + 1) {
			uint64_t lim = 1;
			for (unsigned k = 0; k < widths[w]; k++)
				lim *= 10;
			if (v >= lim)
				break;
			char *end = ps_put_u32_fixed(got, (uint32_t)v, widths[w]);
			*end = 0;
			snprintf(want, sizeof want, "%0*u", (int)widths[w], (unsigned)v);
			bad += end != got + widths[w] || strcmp(got, want) != 0;
		}
	CU_ASSERT_EQUAL(bad, 0);
}

/* ps_out_put_begin in a memory-mode buffer without room: the writes land in
 * the scratch and are appended, truncated, as ps_out_mem would */
static void test_out_put_scratch_truncates(void)
{
	char small[8], scratch[32];
	struct ps_out o;
	ps_out_open_mem(&o, small, sizeof small);
	char *start = ps_out_put_begin(&o, sizeof scratch, scratch);
	CU_ASSERT_PTR_EQUAL(start, scratch);
	char *d = PS_PUT_LIT(start, "win ");
	d = ps_put_u32(d, 1234567);
	ps_out_put_done(&o, start, d, scratch);
	CU_ASSERT_STRING_EQUAL(ps_out_cstr(&o), "win 123");
	CU_ASSERT(o.overflow);
	char big[64];
	ps_out_open_mem(&o, big, sizeof big);
	start = ps_out_put_begin(&o, 16, scratch);
	CU_ASSERT_PTR_EQUAL(start, big);
	d = ps_put_u32(PS_PUT_LIT(start, "ack "), 42);
	ps_out_put_done(&o, start, d, scratch);
	CU_ASSERT_STRING_EQUAL(ps_out_cstr(&o), "ack 42");
}

/* The text memo: more keys than slots, all differing in their last word
 * only, each text written on a miss and kept, then looked up again; a text
 * too long to keep is written each time.  The file must hold exactly what
 * was written. */
static void test_out_text_memo(void)
{
	FILE *tmp = tmpfile();
	CU_ASSERT_FATAL(tmp != NULL);
	struct ps_out o;
	CU_ASSERT_EQUAL_FATAL(ps_out_open_fd(&o, fileno(tmp), 1024), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(o.memo);
	static char want[1 << 18];
	size_t wl = 0;
	unsigned hits = 0;
	char text[PS_TEXT_MEMO_MAX + 40];
	for (unsigned pass = 0; pass < 3; pass++)
		for (unsigned i = 0; i < 2 * PS_TEXT_MEMO_SLOTS; i++) {
			uint64_t key[5] = {7, 0, 7, 0, i}; /* all differ in the last word only */
			/* every 16th text is longer than the memo keeps */
			size_t n = (size_t)snprintf(text, sizeof text, "<%u:%u>", i, i * 7919u);
			if (i % 16 == 5) {
				memset(text + n, 'x', PS_TEXT_MEMO_MAX);
				n += PS_TEXT_MEMO_MAX;
			}
			struct ps_text_memo_mark mark;
			if (ps_out_memo_text(&o, key, &mark)) {
				hits++;
			} else {
				ps_out_mem(&o, text, n);
				ps_out_memo_keep(&o, key, &mark);
			}
			memcpy(want + wl, text, n);
			wl += n;
		}
	ps_out_close(&o);
	CU_ASSERT(hits > 0);
	static char got[1 << 18];
	rewind(tmp);
	size_t gl = fread(got, 1, sizeof got, tmp);
	fclose(tmp);
	CU_ASSERT_EQUAL(gl, wl);
	CU_ASSERT(gl == wl && !memcmp(got, want, wl));
}

PST_MAIN("out", {"put digits", test_out_put_digits}, {"put scratch truncates", test_out_put_scratch_truncates},
	 {"text memo", test_out_text_memo}, {"address memo", test_out_address_memo}, {"json string every byte", test_json_string_every_byte}, {"ipv6 matches inet_ntop", test_out_ipv6_matches_inet_ntop},
	 {"ipv4 and numbers", test_out_ipv4_and_numbers},
	 {"u64 matches printf", test_out_u64_matches_printf},
	 {"memory mode truncates", test_out_memory_mode_truncates},
	 {"fd mode flushes everything", test_out_fd_mode_flushes_everything})
