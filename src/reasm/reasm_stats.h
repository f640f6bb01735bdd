/* SPDX-License-Identifier: BSD-2-Clause */
/* reasm_stats.h - the reassembly and defragmentation counters in -q. */
#ifndef PS_REASM_STATS_H
#define PS_REASM_STATS_H

#include "dis_dns_stream.h"
#include "dis_http_stream.h"
#include "dis_tls_stream.h"
#include "ip_defrag.h"
#include "ps_out.h"
#include "tcp_reasm.h"

/* Two lines, "tcp reassembly: ..." and "ip defragmentation: ...", each only
 * when its engine saw something (NULL: not running).  The memory figures
 * are the peaks against the limits. */
void ps_reasm_stats_print(const struct ps_tcp_budget *tcp, const struct ps_defrag *defrag,
			  struct ps_out *o);

/* "tls streams: ..." when the TLS stream decoder read a stream (NULL: not
 * running): records listed, the streams' record boundaries found and lost,
 * records not decoded for the stream cap or the budget, partial records
 * released with their flow, and the buffer's peak against its limit. */
void ps_tls_stream_stats_print(const struct ps_tls_sbudget *b, struct ps_out *o);
void ps_http_stream_stats_print(const struct ps_http_sbudget *b, struct ps_out *o);
void ps_dns_stream_stats_print(const struct ps_dns_sbudget *b, struct ps_out *o);

#endif
