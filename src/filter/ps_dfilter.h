/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_dfilter.h - display filters (-Y) and field output (-T fields -e) in
 * Wireshark's syntax and field names, evaluated on the packet record.
 *
 * A filter is compiled once (lexer -> parser with the semantic check against
 * the field table -> a small tree) and then evaluated on every dissected
 * record; it never looks at JSON text or re-parses packet bytes.  Field names
 * come from one table (df_fields.def), which also generates docs/fields.md.
 */
#ifndef PS_DFILTER_H
#define PS_DFILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "ps_out.h"
#include "ps_packet.h"

struct ps_dfilter;

/* A compile error: a message ("unknown field \"tcp.prot\" (did you mean
 * tcp.port?)"), and the 1-based column and length of the offending text
 * (col 0: no position, e.g. out of memory). */
struct ps_dfilter_err {
	char msg[200];
	char hint[80]; /* a known name close to an unknown one, or "" */
	unsigned col, len;
};

/* Compile `expr`.  0 and *out (owned by the caller: ps_dfilter_free) on
 * success; -1 and *err filled on a syntax or semantic error. */
int ps_dfilter_compile(const char *expr, struct ps_dfilter **out, struct ps_dfilter_err *err);
void ps_dfilter_free(struct ps_dfilter *f);

/* The first field or protocol of f whose value the flow stage sets or
 * changes (NEED STREAM, FLOW or ANALYSIS in df_fields.def): its note
 * (tcp.stream, udp.stream, relative tcp.seq/tcp.ack, tcp.analysis.*) and
 * the layers its stream decoders write (tls, http, dns, quic: records
 * reassembled over segments; frame.protocols, which lists them).  NULL
 * when none: a caller may then evaluate records without running the flow
 * stage (src/cli/run.c does). */
const char *ps_dfilter_flow_field(const struct ps_dfilter *f);
/* The first of them that needs the whole flow stage (NEED FLOW or
 * ANALYSIS: the notes, QUIC's connection state, frame.protocols), NULL
 * when every one reads only layers of the TCP stream decoders (NEED
 * STREAM: dns, http, tls): the caller may then run the stage for the
 * flows that can carry those layers only (src/cli/flow_plan.c). */
const char *ps_dfilter_flow_all_field(const struct ps_dfilter *f);
/* The layers (bit 1 << enum ps_proto) of f's NEED STREAM fields and
 * protocols: the stream decoders they read; 0 when none. */
uint64_t ps_dfilter_stream_reads(const struct ps_dfilter *f);
/* The first of them that reads the flow stage's TCP sequence analysis
 * (tcp.analysis.*: NEED ANALYSIS), NULL when none: the caller may then run
 * the stage without the analysis (src/cli/run.c). */
const char *ps_dfilter_analysis_field(const struct ps_dfilter *f);
/* The first name in the filter that tshark 4.0 knows but pktscope does not
 * decode (it never matches, df_wsnames.h), NULL when none: the caller says
 * so, since a capture may well hold that protocol (src/cli/view.c). */
const char *ps_dfilter_undecoded(const struct ps_dfilter *f);
/* How a literal of f was read when tshark 4.0's reading (which pktscope
 * follows, to select what tshark selects) is likely not what was meant
 * ("\"1.5e-1\" is read as 1.5 seconds: ..."), NULL when none.  Borrowed
 * from f; the caller prints it as a warning (src/cli/view.c, the TUI). */
const char *ps_dfilter_warning(const struct ps_dfilter *f);
/* True when tshark 4.0 knows a protocol or field whose name starts with
 * `prefix` and pktscope does not decode it (such names compile, and are
 * never present): completion says so instead of "no field". */
bool ps_dfilter_undecoded_prefix(const char *prefix);

/* The layers f reads, as a set of protocol tags (bit 1 << enum ps_proto;
 * UINT64_MAX: it may read any layer, frame.protocols): the fields' layers
 * (PROTO in df_fields.def) and the protocols it names.  A run whose records
 * nothing else reads may leave the other application protocols undecoded
 * (ps_dissect_for, src/cli/run.c). */
uint64_t ps_dfilter_reads(const struct ps_dfilter *f);

/* True when the flow stage writes or rewrites layers of this JSON name
 * ("tls", "http", "dns", "quic": NEED STREAM or FLOW in df_fields.def): without it,
 * counts of such layers are not the same. */
bool ps_dfilter_layer_needs_flow(const char *json);

/* True when the dissected record p matches.  Not thread-safe: a "matches"
 * test uses match data stored in the filter. */
bool ps_dfilter_match(const struct ps_dfilter *f, const struct ps_packet *p);

/* Format err as the one-line message main prints after "pktscope: -Y: "
 * ("unknown field \"tcp.prot\" at 1 (did you mean tcp.port?)") and, in
 * caret (may be NULL), a line to print under the expression ("   ^~~~"). */
void ps_dfilter_err_format(const struct ps_dfilter_err *err, char *line, size_t linelen,
			   char *caret, size_t caretlen);

/* ---- -T fields ---- */
enum ps_dfield_occ { PS_OCC_ALL = 0, PS_OCC_FIRST, PS_OCC_LAST };
enum ps_dfield_quote { PS_QUOTE_NONE = 0, PS_QUOTE_DOUBLE, PS_QUOTE_SINGLE };

struct ps_dfields_opts {
	char separator;  /* between fields: '\t' (default), ',', ' ', ... */
	char aggregator; /* between occurrences of one field: ',' */
	bool header;     /* print the field names first */
	enum ps_dfield_occ occurrence;
	enum ps_dfield_quote quote;
};

struct ps_dfields;
/* Resolve the -e names (n of them).  0 ok; -1 with err (the unknown name). */
int ps_dfields_new(const char *const *names, unsigned n, const struct ps_dfields_opts *o,
		   struct ps_dfields **out, struct ps_dfilter_err *err);
void ps_dfields_free(struct ps_dfields *d);
/* As ps_dfilter_flow_field, for the -e fields: the first that needs the
 * flow stage, NULL when none. */
const char *ps_dfields_flow_field(const struct ps_dfields *d);
/* ... the first that needs the whole stage, and the stream decoders the
 * rest read (ps_dfilter_flow_all_field, ps_dfilter_stream_reads). */
const char *ps_dfields_flow_all_field(const struct ps_dfields *d);
uint64_t ps_dfields_stream_reads(const struct ps_dfields *d);
/* ... and the first that needs the TCP sequence analysis, NULL when none. */
const char *ps_dfields_analysis_field(const struct ps_dfields *d);
/* As ps_dfilter_reads, for the -e fields. */
uint64_t ps_dfields_reads(const struct ps_dfields *d);
/* ... and the first that pktscope does not decode (printed empty), NULL when none. */
const char *ps_dfields_undecoded(const struct ps_dfields *d);
/* The header line (when asked for) and one line per packet, as tshark. */
void ps_dfields_header(const struct ps_dfields *d, struct ps_out *o);
void ps_dfields_line(const struct ps_dfields *d, const struct ps_packet *p, struct ps_out *o);
/* Parse one -E option ("separator=,", "header=y", "occurrence=f",
 * "aggregator=/s", "quote=d").  0 ok, -1 unknown or invalid. */
int ps_dfields_eopt(struct ps_dfields_opts *o, const char *arg);

/* ---- the field table (docs, completion) ---- */
struct ps_dfield_info {
	const char *name;
	const char *type; /* "uint", "ipv4", ... */
	const char *source; /* "record" or the JSON path it reads */
	const char *doc;
};
/* The i-th field of the table, false past the last. */
bool ps_dfield_info(unsigned i, struct ps_dfield_info *out);
/* "NAME OP VALUE" for the field at JSON path `path` ("tcp.dport", "ip.ttl")
 * or Wireshark name, with Wireshark's name and a string value quoted:
 * "apply as filter" from a detail tree.  0 ok; -1 when no field has that
 * name or out is too small. */
int ps_dfilter_field_expr(const char *path, const char *op, const char *value, char *out,
			  size_t n);

#endif
