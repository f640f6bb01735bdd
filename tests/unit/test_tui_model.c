/* SPDX-License-Identifier: BSD-2-Clause */
/* test_tui_model.c - the TUI model without a terminal: layout, scrolling,
 * selection, the rows and the detail tree, display filter, follow, pause,
 * and the key table's reactions. */
#include <stdio.h>
#include <string.h>

#include "ps_test.h"
#include "tui_keys.h"
#include "tui_model.h"
#include "tui_view.h"

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif

static struct tui_store *st;
static struct tui_model m;

static void wait_for(bool (*done)(void))
{
	for (int i = 0; i < 5000 && !done(); i++)
		tui_sleep_ms(1);
	CU_ASSERT(done());
	tui_model_tick(&m);
}

static bool store_done(void)
{
	return tui_store_state(st) != TUI_ST_LOADING;
}

static bool filter_done(void)
{
	return tui_model_filter_progress(&m) == 1000;
}

static void open_demo(void)
{
	char err[256];
	CU_ASSERT_EQUAL_FATAL(tui_store_open_file(&st, TOP_SRCDIR "/samples/demo.pcap", 0, err,
						  sizeof err), 0);
	CU_ASSERT_EQUAL_FATAL(tui_model_init(&m, st, 0), 0);
	wait_for(store_done);
	tui_model_resize(&m, 24, 80);
}

static void close_demo(void)
{
	tui_model_free(&m);
	tui_store_close(st);
	st = 0;
}

static void test_tui_model_layout(void)
{
	struct tui_layout l;
	tui_layout_compute(&l, 24, 80);
	CU_ASSERT_FALSE(l.too_small);
	CU_ASSERT_EQUAL(l.list_y, 1);
	CU_ASSERT_EQUAL(l.list_h, 8);
	CU_ASSERT_EQUAL(l.tree_y, 10);
	CU_ASSERT_EQUAL(l.tree_h, 6);
	CU_ASSERT_EQUAL(l.hex_y, 17);
	CU_ASSERT_EQUAL(l.hex_h, 6);
	CU_ASSERT_EQUAL(l.status_y, 23);
	CU_ASSERT_EQUAL(l.hex_y + l.hex_h, l.status_y); /* every row used, none twice */
	tui_layout_compute(&l, 40, 120);
	CU_ASSERT_EQUAL(l.list_h + l.tree_h + l.hex_h + 4, 40);
	CU_ASSERT_EQUAL(l.w_addr, 25);
	/* Source/Destination from content: at least 15, at most what leaves
	 * Info a third of the line, at most 39 */
	tui_layout_fit(&l, 17);
	CU_ASSERT_EQUAL(l.w_addr, 17);
	tui_layout_fit(&l, 11);
	CU_ASSERT_EQUAL(l.w_addr, 15);
	tui_layout_fit(&l, 39);
	CU_ASSERT_EQUAL(l.w_addr, 22); /* (120 - 35 - 40) / 2 */
	tui_layout_compute(&l, 24, 80);
	tui_layout_fit(&l, 39);
	CU_ASSERT_EQUAL(l.w_addr, 15);
	tui_layout_compute(&l, 50, 240);
	tui_layout_fit(&l, 45);
	CU_ASSERT_EQUAL(l.w_addr, 39);
	tui_layout_compute(&l, 24, 79);
	CU_ASSERT(l.too_small);
	tui_layout_compute(&l, 23, 200);
	CU_ASSERT(l.too_small);
}

static void test_tui_model_scroll(void)
{
	open_demo();
	CU_ASSERT_EQUAL(m.total, 56);
	CU_ASSERT_EQUAL(m.shown, 56);
	CU_ASSERT_EQUAL(m.sel, 0);
	tui_model_move(&m, 10);
	CU_ASSERT_EQUAL(m.sel, 10);
	CU_ASSERT_EQUAL(m.top, 3); /* the selection is the last of 8 rows */
	tui_model_move(&m, -5);
	CU_ASSERT_EQUAL(m.sel, 5);
	CU_ASSERT_EQUAL(m.top, 3);
	tui_model_page(&m, 1);
	CU_ASSERT_EQUAL(m.sel, 13);
	CU_ASSERT_EQUAL(m.top, 11);
	tui_model_jump(&m, TUI_NONE);
	CU_ASSERT_EQUAL(m.sel, 55);
	CU_ASSERT_EQUAL(m.top, 48);
	tui_model_move(&m, 100);
	CU_ASSERT_EQUAL(m.sel, 55);
	tui_model_page(&m, -1);
	CU_ASSERT_EQUAL(m.sel, 47);
	CU_ASSERT_EQUAL(m.top, 40);
	tui_model_jump(&m, 0);
	CU_ASSERT_EQUAL(m.sel, 0);
	CU_ASSERT_EQUAL(m.top, 0);
	tui_model_move(&m, -3);
	CU_ASSERT_EQUAL(m.sel, 0);
	/* a taller terminal shows more rows: top stays where the rows fit */
	tui_model_jump(&m, TUI_NONE);
	tui_model_resize(&m, 40, 120);
	CU_ASSERT_EQUAL(m.top, 56 - m.lay.list_h);
	close_demo();
}

static void test_tui_model_rows(void)
{
	open_demo();
	tui_model_prepare(&m);
	const struct tui_row *r = tui_model_row(&m, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_STRING_EQUAL(r->no, "1");
	CU_ASSERT_STRING_EQUAL(r->time, "0.000000");
	CU_ASSERT_STRING_EQUAL(r->src, "fe80::ff:fe00:a");
	CU_ASSERT_STRING_EQUAL(r->dst, "ff02::16");
	CU_ASSERT_STRING_EQUAL(r->proto, "ICMPv6");
	CU_ASSERT_STRING_EQUAL(r->len, "110");
	CU_ASSERT_EQUAL(r->cls, TUI_C_ICMP);
	CU_ASSERT_PTR_NULL(tui_model_row(&m, 30)); /* not visible: not dissected */
	tui_model_jump(&m, 21); /* frame 22: the IPv4 TCP SYN */
	tui_model_prepare(&m);
	r = tui_model_row(&m, 21);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_STRING_EQUAL(r->time, "1.192970"); /* tshark frame.time_relative */
	CU_ASSERT_STRING_EQUAL(r->src, "192.0.2.1");
	CU_ASSERT_STRING_EQUAL(r->proto, "TCP");
	CU_ASSERT_EQUAL(r->cls, TUI_C_TCP);
	static const char syn[] = "55148 > 7000 Flags [S], seq 2967806125, win 64240, options";
	CU_ASSERT_EQUAL(strncmp(r->info, syn, sizeof syn - 1), 0);
	tui_model_jump(&m, 4); /* frame 5: ARP, no IP: Ethernet addresses */
	tui_model_prepare(&m);
	r = tui_model_row(&m, 4);
	CU_ASSERT_STRING_EQUAL(r->src, "02:00:00:00:00:0a");
	CU_ASSERT_STRING_EQUAL(r->dst, "ff:ff:ff:ff:ff:ff");
	CU_ASSERT_STRING_EQUAL(r->info, "ARP, Request who-has 192.0.2.2 tell 192.0.2.1, length 28");
	tui_model_jump(&m, 6); /* frame 7: ICMP echo, addresses dropped from Info */
	tui_model_prepare(&m);
	CU_ASSERT_STRING_EQUAL(tui_model_row(&m, 6)->info,
			       "ICMP echo request, id 8758, seq 1, length 64");
	close_demo();
}

static int find_label(const struct tui_tree *t, const char *label)
{
	uint16_t lines[TUI_TREE_MAX];
	unsigned n = tui_tree_lines(t, lines, TUI_TREE_MAX);
	for (unsigned i = 0; i < n; i++)
		if (!strcmp(tui_tree_label(t, lines[i]), label))
			return (int)i;
	return -1;
}

static void test_tui_model_tree(void)
{
	open_demo();
	tui_model_jump(&m, 6); /* frame 7: eth / ip / icmp / payload */
	tui_model_prepare(&m);
	CU_ASSERT(m.sel_ok);
	CU_ASSERT_EQUAL(m.sel_pkt, 6);
	struct tui_tree *t = m.tree;
	uint16_t lines[TUI_TREE_MAX];
	CU_ASSERT_EQUAL(tui_tree_lines(t, lines, TUI_TREE_MAX), 5); /* all collapsed */
	CU_ASSERT_EQUAL(find_label(t, "frame"), 0);
	CU_ASSERT_EQUAL(find_label(t, "eth"), 1);
	CU_ASSERT_EQUAL(find_label(t, "ip"), 2);
	CU_ASSERT_EQUAL(find_label(t, "icmp"), 3);
	CU_ASSERT_EQUAL(find_label(t, "payload"), 4);
	CU_ASSERT_EQUAL(find_label(t, "src: 192.0.2.1"), -1);
	tui_tree_move(t, 2, m.lay.tree_h); /* cursor on ip, expand it */
	CU_ASSERT(tui_tree_toggle(t));
	int at = find_label(t, "src: 192.0.2.1");
	CU_ASSERT_EQUAL(at, 14); /* ip's 13th field, after its other 11 */
	CU_ASSERT_EQUAL(find_label(t, "ttl: 64"), 11);
	/* each field knows its bytes: ip.src is frame bytes 26..29 */
	tui_tree_move(t, at - 2, m.lay.tree_h);
	const struct tui_node *n = &t->nodes[t->cursor];
	CU_ASSERT_STRING_EQUAL(tui_tree_label(t, t->cursor), "src: 192.0.2.1");
	CU_ASSERT_EQUAL(n->span_off, 26);
	CU_ASSERT_EQUAL(n->span_len, 4);
	CU_ASSERT_EQUAL(t->nodes[n->parent].span_off, 14); /* ip covers its header */
	CU_ASSERT_EQUAL(t->nodes[n->parent].span_len, 20);
	/* another packet: ip stays open and the cursor stays on ip.src */
	tui_model_move(&m, 1);
	tui_model_prepare(&m);
	CU_ASSERT_EQUAL(m.sel_pkt, 7);
	CU_ASSERT_STRING_EQUAL(tui_tree_label(t, t->cursor), "src: 192.0.2.2");
	/* collapsing puts the cursor back on a visible node */
	tui_tree_set_all(t, false);
	CU_ASSERT_EQUAL(tui_tree_lines(t, lines, TUI_TREE_MAX), 5);
	CU_ASSERT_STRING_EQUAL(tui_tree_label(t, t->cursor), "ip");
	/* frame covers all captured bytes */
	CU_ASSERT_EQUAL(t->nodes[lines[0]].span_off, 0);
	CU_ASSERT_EQUAL(t->nodes[lines[0]].span_len, 98);
	close_demo();
}

static void test_tui_model_filter(void)
{
	char err[256];
	open_demo();
	tui_model_move(&m, 20);
	CU_ASSERT_EQUAL(tui_model_set_filter(&m, "bpf:icmp", err, sizeof err), 0);
	wait_for(filter_done);
	CU_ASSERT_STRING_EQUAL(tui_model_filter(&m), "bpf:icmp");
	CU_ASSERT_EQUAL(m.shown, 9); /* tcpdump -r demo.pcap icmp | wc -l */
	CU_ASSERT_EQUAL(m.total, 56);
	CU_ASSERT_EQUAL(m.sel, 0);
	CU_ASSERT_EQUAL(tui_model_pkt_at(&m, 0), 6);
	CU_ASSERT_EQUAL(tui_model_pkt_at(&m, 8), 48);
	tui_model_prepare(&m);
	CU_ASSERT_STRING_EQUAL(tui_model_row(&m, 0)->no, "7");
	for (uint64_t r = 0; r < 8; r++)
		CU_ASSERT_EQUAL(tui_model_row(&m, r)->cls == TUI_C_ICMP ||
					!strcmp(tui_model_row(&m, r)->proto, "IPv4"),
				1);
	CU_ASSERT_EQUAL(tui_model_set_filter(&m, "bpf:tcp and port 7000", err, sizeof err), 0);
	wait_for(filter_done);
	CU_ASSERT_EQUAL(m.shown, 22);
	/* a bad expression keeps the filter there was */
	CU_ASSERT_EQUAL(tui_model_set_filter(&m, "bpf:port port", err, sizeof err), -1);
	CU_ASSERT(strlen(err) > 0);
	CU_ASSERT_STRING_EQUAL(tui_model_filter(&m), "bpf:tcp and port 7000");
	CU_ASSERT_EQUAL(m.shown, 22);
	/* without the prefix: a display filter (tshark -Y 'tcp.port == 7000': 22) */
	CU_ASSERT_EQUAL(tui_model_set_filter(&m, "tcp.port == 7000", err, sizeof err), 0);
	wait_for(filter_done);
	CU_ASSERT_EQUAL(m.shown, 22);
	CU_ASSERT_EQUAL(tui_model_set_filter(&m, "tcp.port == 7000 && frame.number > 40", err,
						sizeof err), 0);
	wait_for(filter_done);
	CU_ASSERT_EQUAL(m.shown, 3); /* tshark -Y the same: 3 */
	CU_ASSERT_EQUAL(tui_model_set_filter(&m, "tcp.prot == 1", err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "did you mean tcp.port?"));
	CU_ASSERT_STRING_EQUAL(tui_model_filter(&m), "tcp.port == 7000 && frame.number > 40");
	CU_ASSERT_PTR_NULL(tui_model_filter_undecoded(&m));
	/* a name tshark knows and pktscope does not decode: it compiles, with
	 * -Y's warning (1), and the applied filter keeps saying so */
	CU_ASSERT_EQUAL(tui_model_check_filter(&m, "tcp || sip.Method == \"INVITE\"", err,
					       sizeof err), 1);
	CU_ASSERT_STRING_EQUAL(err, "pktscope does not decode \"sip.Method\": it is never present");
	CU_ASSERT_EQUAL(tui_model_check_filter(&m, "tcp", err, sizeof err), 0);
	/* a literal read as tshark reads it, not as written: the same yellow */
	CU_ASSERT_EQUAL(tui_model_check_filter(&m, "frame.time_delta > 1.5e-1", err, sizeof err), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "\"1.5e-1\" is read as 1.5 s"));
	CU_ASSERT_EQUAL(tui_model_check_filter(&m, "sip.Methodzz", err, sizeof err), -1);
	CU_ASSERT_EQUAL(tui_model_check_filter(&m, "bpf:tcp", err, sizeof err), 0);
	CU_ASSERT_EQUAL(tui_model_set_filter(&m, "sip", err, sizeof err), 0);
	wait_for(filter_done);
	CU_ASSERT_EQUAL(m.shown, 0);
	CU_ASSERT_STRING_EQUAL(tui_model_filter_undecoded(&m), "sip");
	CU_ASSERT_EQUAL(tui_model_set_filter(&m, "", err, sizeof err), 0);
	CU_ASSERT_EQUAL(m.shown, 56);
	CU_ASSERT_STRING_EQUAL(tui_model_filter(&m), "");
	close_demo();
}

/* Follow and pause need a growing store: a live one fed by hand. */
static void feed(struct tui_store *lst, const struct tui_store *src, uint64_t from, uint64_t n)
{
	static uint8_t buf[TUI_FRAME_MAX];
	for (uint64_t i = from; i < from + n; i++) {
		struct tui_rec r;
		CU_ASSERT_EQUAL(tui_store_read((struct tui_store *)src, i, &r, buf, sizeof buf), 0);
		tui_store_append(lst, &r, buf);
	}
	tui_store_publish(lst);
}

static void test_tui_model_follow_pause(void)
{
	char err[256];
	struct tui_store *src = 0, *lst = 0;
	CU_ASSERT_EQUAL_FATAL(tui_store_open_file(&src, TOP_SRCDIR "/samples/demo.pcap", 0, err,
						  sizeof err), 0);
	for (int i = 0; i < 5000 && tui_store_state(src) == TUI_ST_LOADING; i++)
		tui_sleep_ms(1);
	CU_ASSERT_EQUAL_FATAL(tui_store_open_live(&lst, "lo", 1, 262144, false, 1u << 20, err,
						  sizeof err), 0);
	CU_ASSERT_EQUAL_FATAL(tui_model_init(&m, lst, 0), 0);
	tui_model_resize(&m, 24, 80);
	feed(lst, src, 0, 10);
	CU_ASSERT(tui_model_tick(&m));
	CU_ASSERT_EQUAL(m.sel, 0);
	tui_model_set_follow(&m, true);
	CU_ASSERT_EQUAL(m.sel, 9);
	feed(lst, src, 10, 20);
	tui_model_tick(&m);
	CU_ASSERT_EQUAL(m.total, 30);
	CU_ASSERT_EQUAL(m.sel, 29);
	CU_ASSERT_EQUAL(m.top, 22);
	tui_model_set_pause(&m, true);
	feed(lst, src, 30, 10);
	CU_ASSERT_FALSE(tui_model_tick(&m));
	CU_ASSERT_EQUAL(m.total, 30); /* frozen; the capture went on */
	CU_ASSERT_EQUAL(tui_store_count(lst), 40);
	tui_model_set_pause(&m, false);
	CU_ASSERT_EQUAL(m.total, 40);
	CU_ASSERT_EQUAL(m.sel, 39);
	tui_model_move(&m, -1); /* looking back ends follow */
	CU_ASSERT_FALSE(m.follow);
	feed(lst, src, 40, 5);
	tui_model_tick(&m);
	CU_ASSERT_EQUAL(m.sel, 38);
	/* a filter on a live store follows new packets too */
	CU_ASSERT_EQUAL(tui_model_set_filter(&m, "ipv6", err, sizeof err), 0);
	for (int i = 0; i < 2000 && (tui_model_tick(&m), m.shown < 22); i++)
		tui_sleep_ms(1);
	CU_ASSERT_EQUAL(m.shown, 22); /* tshark -Y ipv6: 22 of frames 1-45 */
	feed(lst, src, 45, 11);
	for (int i = 0; i < 2000 && (tui_model_tick(&m), m.shown < 29); i++)
		tui_sleep_ms(1);
	CU_ASSERT_EQUAL(m.shown, 29); /* and 7 of frames 46-56 */
	char status[512];
	tui_status_text(&m, status, sizeof status);
	CU_ASSERT_PTR_NOT_NULL(strstr(status, "live lo | 56 packets | shown 29 | filter: ipv6 |"));
	CU_ASSERT_PTR_NULL(strstr(status, "%)")); /* live: no percentage, the count follows */
	tui_model_free(&m);
	tui_store_close(lst);
	tui_store_close(src);
}

static void test_tui_model_keys(void)
{
	open_demo();
	CU_ASSERT_EQUAL(tui_key_dispatch(&m, 'j'), TUI_R_REDRAW);
	CU_ASSERT_EQUAL(m.sel, 1);
	tui_key_dispatch(&m, 'G');
	CU_ASSERT_EQUAL(m.sel, 55);
	tui_key_dispatch(&m, 'k');
	CU_ASSERT_EQUAL(m.sel, 54);
	tui_key_dispatch(&m, 'g');
	CU_ASSERT_EQUAL(m.sel, 0);
	CU_ASSERT_EQUAL(tui_key_dispatch(&m, '/'), TUI_R_FILTER);
	CU_ASSERT_EQUAL(tui_key_dispatch(&m, 'w'), TUI_R_SAVE);
	tui_key_dispatch(&m, 'f');
	CU_ASSERT(m.follow);
	CU_ASSERT_EQUAL(m.sel, 55);
	tui_key_dispatch(&m, 'p');
	CU_ASSERT(m.paused);
	tui_key_dispatch(&m, 'p');
	CU_ASSERT_FALSE(m.paused);
	tui_model_prepare(&m);
	tui_key_dispatch(&m, '\r'); /* Enter on the list: into the tree */
	CU_ASSERT_EQUAL(m.focus, TUI_PANE_TREE);
	tui_key_dispatch(&m, 'j');
	CU_ASSERT_EQUAL(m.sel, 55); /* j now moves in the tree */
	CU_ASSERT_STRING_EQUAL(tui_tree_label(m.tree, m.tree->cursor), "eth");
	tui_key_dispatch(&m, ' ');
	CU_ASSERT(m.tree->nodes[m.tree->cursor].flags & TUI_N_OPEN);
	tui_key_dispatch(&m, '\t');
	CU_ASSERT_EQUAL(m.focus, TUI_PANE_HEX);
	tui_key_dispatch(&m, '\t');
	CU_ASSERT_EQUAL(m.focus, TUI_PANE_LIST);
	CU_ASSERT_EQUAL(tui_key_dispatch(&m, 's'), TUI_R_REDRAW);
	CU_ASSERT_EQUAL(m.screen, TUI_SCR_STATS);
	CU_ASSERT_EQUAL(tui_key_dispatch(&m, 'q'), TUI_R_REDRAW); /* q leaves statistics */
	CU_ASSERT_EQUAL(m.screen, TUI_SCR_MAIN);
	tui_key_dispatch(&m, '?');
	CU_ASSERT_EQUAL(m.screen, TUI_SCR_HELP);
	tui_key_dispatch(&m, 'x'); /* any key leaves help */
	CU_ASSERT_EQUAL(m.screen, TUI_SCR_MAIN);
	CU_ASSERT_EQUAL(tui_key_dispatch(&m, 'x'), TUI_R_NONE);
	CU_ASSERT_EQUAL(tui_key_dispatch(&m, 'q'), TUI_R_QUIT);
	close_demo();
}

PST_MAIN("tui_model", {"layout", test_tui_model_layout}, {"scroll", test_tui_model_scroll},
	 {"rows", test_tui_model_rows}, {"tree", test_tui_model_tree},
	 {"filter", test_tui_model_filter}, {"follow_pause", test_tui_model_follow_pause},
	 {"keys", test_tui_model_keys})
