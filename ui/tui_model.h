/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_model.h - everything the TUI shows, with no curses in it.
 *
 * The model owns the display list (all packets, or those a filter scan has
 * accepted so far), the selection and scroll position, follow and pause,
 * the rows visible now (dissected on demand, cached), the selected packet
 * with its detail tree, and the statistics and save jobs.  Views draw from
 * a const model after tui_model_prepare() has filled what they need; key
 * actions call the functions below and return reaction flags.
 */
#ifndef TUI_MODEL_H
#define TUI_MODEL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ps_packet.h"
#include "tui_cols.h"
#include "tui_conv.h"
#include "tui_follow.h"
#include "tui_packet.h"
#include "tui_replay.h"
#include "tui_scan.h"
#include "tui_stage.h"
#include "tui_stats.h"
#include "tui_store.h"
#include "tui_tree.h"

#define TUI_MIN_W 80u
#define TUI_MIN_H 24u
#define TUI_ROWCACHE 512u
#define TUI_NONE UINT64_MAX

enum tui_pane { TUI_PANE_LIST = 0, TUI_PANE_TREE, TUI_PANE_HEX, TUI_PANE__N };
enum tui_screen { TUI_SCR_MAIN = 0, TUI_SCR_STATS, TUI_SCR_HELP, TUI_SCR_CONV, TUI_SCR_FOLLOW,
		  TUI_SCR_PROBE };
/* colour classes of rows */
enum tui_cls { TUI_C_OTHER = 0, TUI_C_TCP, TUI_C_UDP, TUI_C_ICMP, TUI_C_ARP, TUI_C_BAD, TUI_C__N };

struct tui_row {
	uint64_t pkt; /* packet index, TUI_NONE = empty slot */
	char no[16], time[24], src[48], dst[48], proto[12], len[12], info[256];
	uint8_t cls;  /* enum tui_cls */
	bool wait;    /* the frame alone: the conversations scan had not reached it */
};

/* Screen areas (rows).  The list has a header line at list_y - 1. */
struct tui_layout {
	unsigned h, w;
	bool too_small;
	unsigned list_y, list_h, tree_y, tree_h, hex_y, hex_h, status_y;
	unsigned w_no, w_time, w_addr, w_proto, w_len; /* column widths; Info takes the rest */
};

struct tui_fjob; /* filter scan, tui_model.c */
struct tui_sjob; /* statistics scan, tui_jobs.c */
struct tui_wjob; /* save scan, tui_jobs.c */
struct tui_cjob; /* conversations scan, tui_flowjob.c */
struct tui_pjob; /* probe statistics scan, tui_probejob.c */
struct ps_probe_stats;
#define TUI_PROBE_STREAMS 1024 /* probe streams tracked; later ones are untracked */

struct tui_model {
	struct tui_store *st;
	struct tui_wake *wake;
	struct tui_fjob *fjob; /* NULL: no display filter */
	/* what a display filter's scan runs before it matches, as -Y on the
	 * command line: CLI defaults (tui_model_init), set from the options by
	 * main (--no-defrag, --no-flows, --flow-mem, --reassembly-mem, ...) */
	struct ps_flow_cfg flow_cfg;
	struct tui_stage_cfg stage; /* .flow: &flow_cfg, NULL with --no-flows */
	uint64_t shown, total; /* as of the last tick (frozen while paused) */
	bool shown_final;      /* shown was the finished filter scan's count then */
	uint64_t sel, top;     /* display rows */
	bool follow, paused;
	struct tui_layout lay;
	unsigned addr_seen;    /* widest Source/Destination drawn so far (tui_rows.c) */
	enum tui_pane focus;
	enum tui_screen screen;
	/* the selected packet */
	uint64_t sel_pkt; /* packet index in tree/hex, TUI_NONE none */
	bool sel_ok;      /* it could be read */
	struct tui_rec sel_rec;
	uint8_t *frame;
	struct ps_packet *pkt;
	struct tui_tree *tree;
	unsigned hex_top; /* first hex line shown */
	/* visible rows */
	struct tui_row *rows; /* TUI_ROWCACHE, slot = packet % size */
	uint8_t *rowbuf;
	struct ps_packet *rowpkt;
	bool t0_ok;       /* time of packet 0, for the relative Time column */
	int64_t t0_sec;
	uint32_t t0_ns;
	/* jobs */
	struct tui_sjob *sjob;
	struct tui_wjob *wjob;
	/* Set by tui_jobs.c when it starts a job, so that tui_model_free can stop
	 * the jobs without the model depending on them (they call the model). */
	void (*jobs_free)(struct tui_model *m);
	struct tui_cjob *cjob;
	void (*flows_free)(struct tui_model *m); /* set likewise by tui_flowjob.c */
	struct tui_pjob *pjob;
	void (*probe_free)(struct tui_model *m); /* set likewise by tui_probejob.c */
	unsigned probe_top; /* the probe view: first stream row shown */
	/* Set p->flow (id, stream, dir) of packet index pkt from its conversation
	 * row, the id copied to id: 1 done, 0 it has none, -1 the scan has not
	 * reached it yet (ask again).  Set by tui_flowjob.c, called by
	 * tui_rows.c (which tui_flowjob.c calls: a pointer, not a loop). */
	int (*flow_note)(struct tui_model *m, struct ps_packet *p, uint64_t pkt,
			  char id[PS_FLOW_ID_LEN]);
	/* A copy of the conversation row of packet index pkt (p its record):
	 * 1 found, 0 none, -1 not reached yet.  Set by tui_flowjob.c. */
	int (*conv_of)(struct tui_model *m, const struct ps_packet *p, uint64_t pkt,
		       struct tui_conv_row *out);
	/* The list's columns the stage gives packet index pkt (tui_cols.h): 1
	 * (out set), 0 the frame's own, -1 not reached yet.  Set by
	 * tui_flowjob.c; no lock. */
	int (*cols_of)(const struct tui_model *m, uint64_t pkt, struct tui_cols *out);
	/* the selected packet as the command line's stage leaves it (tui_rows.c) */
	struct tui_replay *replay; /* created at the first selection */
	char sel_note[TUI_REPLAY_MARKS + 1][160]; /* the tree's generated lines */
	/* the stream bytes behind note sel_bytes_note (the replay's, until the
	 * next selection), NULL: none */
	const struct tui_replay_bytes *sel_bytes;
	unsigned sel_bytes_note;
	int sel_bytes_layer; /* the layer rebuilt from them */
	/* the conversations view: selection in the sorted rows */
	unsigned conv_sel, conv_top;
	enum tui_conv_sort conv_sort;
	struct tui_follow *fol; /* the follow-stream view, NULL when closed */
	char sel_flow_id[PS_FLOW_ID_LEN]; /* the selected packet's flow note points here */
	bool note_retry; /* the selected packet's note is not known yet */
	/* rates and health for the status bar */
	uint64_t rate_n, rate_bytes;
	unsigned long long rate_t;
	double pps, bps;
	uint64_t drops, qdrops; /* kernel/ring, and the UI queue */
	bool has_drops;
	size_t rss;
	char msg[256]; /* one-line message, shown until the next key */
};

/* ---- tui_model.c: the display list, selection, filter, messages ---- */

int tui_model_init(struct tui_model *m, struct tui_store *st, struct tui_wake *wake);
void tui_model_free(struct tui_model *m);

/* Take in what the store and scans published.  true when the display changed. */
bool tui_model_tick(struct tui_model *m);
/* Layout for an h x w screen (also sets the list height used by paging). */
void tui_layout_compute(struct tui_layout *l, unsigned h, unsigned w);
/* Size Source/Destination from the widest address drawn (addr columns),
 * between 15 and what leaves Info a third of the line; Info gets the rest. */
void tui_layout_fit(struct tui_layout *l, unsigned addr);
void tui_model_resize(struct tui_model *m, unsigned h, unsigned w);

/* Packet index of display row r (< m->shown). */
uint64_t tui_model_pkt_at(const struct tui_model *m, uint64_t r);
/* Selection: relative move, absolute jump (TUI_NONE = last row), page. */
void tui_model_move(struct tui_model *m, int64_t delta);
void tui_model_jump(struct tui_model *m, uint64_t row);
void tui_model_page(struct tui_model *m, int dir);
void tui_model_set_follow(struct tui_model *m, bool on);
void tui_model_set_pause(struct tui_model *m, bool on);

/* Compile expr as the filter box would, without applying it (live
 * validation).  0 ok (also for ""); 1 it compiles with a warning in err
 * (tui_filter_warning: it names something pktscope does not decode, or a
 * literal reads as tshark 4.0 reads it, not as written); -1 with the
 * reason in err. */
int tui_model_check_filter(const struct tui_model *m, const char *expr, char *err, size_t errlen);
/* Set the display filter ("" clears it).  0 ok; -1 with the reason in err. */
int tui_model_set_filter(struct tui_model *m, const char *expr, char *err, size_t errlen);
const char *tui_model_filter(const struct tui_model *m);
/* The active filter's first name pktscope does not decode, NULL when none
 * (the status line keeps the warning while the filter is applied). */
const char *tui_model_filter_undecoded(const struct tui_model *m);
/* ... as the status line says it */
#define TUI_UNDECODED_FMT "not decoded: %s"
/* The filter's list of packet numbers, NULL when there is no filter. */
const struct tui_vec *tui_model_list(const struct tui_model *m);
/* Per mille of the store the filter scan has examined (1000 when done or none). */
unsigned tui_model_filter_progress(const struct tui_model *m);

/* ---- tui_rows.c: rows and the selected packet (they call the model above) ---- */

/* Dissect the visible rows and the selected packet, so views can draw. */
void tui_model_prepare(struct tui_model *m);
/* A prepared row, NULL when it is not in the cache. */
const struct tui_row *tui_model_row(const struct tui_model *m, uint64_t r);
/* The stream bytes the bytes pane shows for the tree cursor's field (one
 * of a rebuilt layer whose own bytes are not located: TUI_N_PART), NULL
 * when it shows the frame. */
const struct tui_replay_bytes *tui_model_hex_rebuilt(const struct tui_model *m);
/* Where in those bytes the cursor's field is, [*lo, *hi), when the record
 * says (TUI_N_SIDE: a field of an HTTP header block joined from segments;
 * TUI_N_STREAM: a field of a TLS hello rebuilt from segments);
 * false otherwise (the field is somewhere among them). */
bool tui_model_hex_field(const struct tui_model *m, uint32_t *lo, uint32_t *hi);

/* ---- tui_jobs.c: background jobs (they call the model and the rows) ---- */

/* Statistics: start the scan (first use), then read under the lock. */
int tui_model_stats_start(struct tui_model *m);
const struct tui_stats *tui_model_stats_lock(struct tui_model *m);
void tui_model_stats_unlock(struct tui_model *m);
/* Per mille of the store the statistics scan has examined. */
unsigned tui_model_stats_progress(const struct tui_model *m);

/* Save the displayed packets to a pcap file, in the background.  An
 * existing file is overwritten only when overwrite is set: 0 started,
 * 1 the file exists (nothing done: ask first), -1 with the reason in err. */
int tui_model_save(struct tui_model *m, const char *path, bool overwrite, char *err,
		   size_t errlen);

/* The w prompt's text as a file name (tui_savepath.c): TUI_SAVE_DEFAULT
 * when empty, "~" / "~user" expanded.  0 ok; -1 with the reason in err. */
#define TUI_SAVE_DEFAULT "pktscope-saved.pcap"
int tui_save_path(const char *typed, char *out, size_t n, char *err, size_t errlen);
/* Status of the save job: NULL when none, else a short text. */
const char *tui_model_save_status(struct tui_model *m, char *buf, size_t n);

/* ---- tui_flowjob.c: conversations (flow table over the store) ---- */

/* Start the scan (tui_main, once).  rows: capacity of the conversation list.
 * 0 ok; -1 with the reason in err. */
int tui_model_flows_start(struct tui_model *m, const struct ps_flow_cfg *cfg, unsigned rows,
			  char *err, size_t errlen);
/* The rows, under the job's lock (NULL when flows are off); then unlock. */
const struct tui_convs *tui_model_convs_lock(struct tui_model *m);
void tui_model_convs_unlock(struct tui_model *m);
/* Follow the selected packet's TCP/UDP stream (screen TUI_SCR_FOLLOW).
 * 0 ok; -1 with the reason in the status message. */
int tui_model_follow_open(struct tui_model *m);
void tui_model_follow_close(struct tui_model *m);
/* Lines the follow screen shows (between its title/header and the status). */
unsigned tui_follow_rows(const struct tui_model *m);
/* Per mille of the store the conversations scan has examined. */
unsigned tui_model_flows_progress(const struct tui_model *m);

/* ---- tui_probejob.c: probe stamps per stream (the same engine as -z probe) ---- */

/* Start the scan (first use of the probe view).  0 ok, -1 out of memory. */
int tui_model_probe_start(struct tui_model *m);
/* The statistics under the job's lock (NULL before the start); then unlock. */
const struct ps_probe_stats *tui_model_probe_lock(struct tui_model *m);
void tui_model_probe_unlock(struct tui_model *m);
/* Per mille of the store the probe scan has examined. */
unsigned tui_model_probe_progress(const struct tui_model *m);

/* ---- tui_model.c again ---- */

/* A save job is running (its list must not change under it). */
bool tui_model_saving(const struct tui_model *m);

/* Set the status-bar message (printf style). */
void tui_model_msg(struct tui_model *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Live rates: packets/s and bytes/s over the last second; call often. */
void tui_model_rates(struct tui_model *m, unsigned long long now_ns, uint64_t wire_bytes);

/* Resident memory in bytes (from /proc/self/statm), 0 when unknown. */
size_t tui_rss_bytes(void);

#endif
