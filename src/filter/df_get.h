/* SPDX-License-Identifier: BSD-2-Clause */
/* df_get.h - direct getters written as functions (DF_GET rows of
 * df_fields.def): application-layer fields read from their layer structs. */
#ifndef DF_GET_H
#define DF_GET_H

#include "df_int.h"

/* df_get_dns.c */
void df_get_dns_qry_name(const struct ps_packet *p, struct df_vals *o);
/* "dns.qry.name contains S" without collecting the names into values:
 * the same names, each tested as it is written (df_eval.c). */
bool df_dns_qry_name_contains(const struct ps_packet *p, const char *s, uint32_t sn);
/* The same test for a needle df_dns_needle_plain() accepts (one that can
 * only match inside one label's bytes): no name is written out. */
bool df_dns_needle_plain(const char *s, uint32_t sn);
bool df_dns_qry_name_contains_plain(const struct ps_packet *p, const char *s, uint32_t sn);
void df_get_dns_qry_type(const struct ps_packet *p, struct df_vals *o);
void df_get_dns_response(const struct ps_packet *p, struct df_vals *o);
void df_get_dns_flags(const struct ps_packet *p, struct df_vals *o);
void df_get_dns_qry_name_len(const struct ps_packet *p, struct df_vals *o);
void df_get_dns_count_labels(const struct ps_packet *p, struct df_vals *o);
void df_get_dns_rcode(const struct ps_packet *p, struct df_vals *o);
void df_get_dns_id(const struct ps_packet *p, struct df_vals *o);
void df_get_dns_a(const struct ps_packet *p, struct df_vals *o);
void df_get_dns_aaaa(const struct ps_packet *p, struct df_vals *o);

/* df_get_http.c */
void df_get_http_request(const struct ps_packet *p, struct df_vals *o);
void df_get_http_response(const struct ps_packet *p, struct df_vals *o);
void df_get_http_full_uri(const struct ps_packet *p, struct df_vals *o);
void df_get_http_cookie(const struct ps_packet *p, struct df_vals *o);
void df_get_http_accept_encoding(const struct ps_packet *p, struct df_vals *o);

/* df_get_frame.c */
void df_get_frame_time_relative(const struct ps_packet *p, struct df_vals *o);
void df_get_frame_time_delta(const struct ps_packet *p, struct df_vals *o);
void df_get_frame_time_delta_displayed(const struct ps_packet *p, struct df_vals *o);
void df_get_frame_protocols(const struct ps_packet *p, struct df_vals *o);

/* df_get_tcp.c */
void df_get_tcp_len(const struct ps_packet *p, struct df_vals *o);
void df_get_tcp_nxtseq(const struct ps_packet *p, struct df_vals *o);
void df_get_tcp_window_size(const struct ps_packet *p, struct df_vals *o);
void df_get_tcp_window_scalefactor(const struct ps_packet *p, struct df_vals *o);
void df_get_tcp_options(const struct ps_packet *p, struct df_vals *o);
void df_get_tcp_flags_str(const struct ps_packet *p, struct df_vals *o);
void df_get_tcp_mss_val(const struct ps_packet *p, struct df_vals *o);
void df_get_tcp_wscale_shift(const struct ps_packet *p, struct df_vals *o);
void df_get_tcp_wscale_mult(const struct ps_packet *p, struct df_vals *o);
void df_get_tcp_tsval(const struct ps_packet *p, struct df_vals *o);
void df_get_tcp_tsecr(const struct ps_packet *p, struct df_vals *o);
void df_get_tcp_opt_mss(const struct ps_packet *p, struct df_vals *o);
void df_get_tcp_opt_wscale(const struct ps_packet *p, struct df_vals *o);
void df_get_tcp_opt_sack_perm(const struct ps_packet *p, struct df_vals *o);
void df_get_tcp_opt_timestamp(const struct ps_packet *p, struct df_vals *o);
void df_get_tcp_sack_le(const struct ps_packet *p, struct df_vals *o);
void df_get_tcp_sack_re(const struct ps_packet *p, struct df_vals *o);
void df_get_tcp_option_kind(const struct ps_packet *p, struct df_vals *o);
void df_get_tcp_option_len(const struct ps_packet *p, struct df_vals *o);
void df_get_tcp_payload(const struct ps_packet *p, struct df_vals *o);
void df_get_udp_payload(const struct ps_packet *p, struct df_vals *o);

/* df_get_addr.c */
void df_get_ip_host(const struct ps_packet *p, struct df_vals *o);
void df_get_ip_src_host(const struct ps_packet *p, struct df_vals *o);
void df_get_ip_dst_host(const struct ps_packet *p, struct df_vals *o);
void df_get_ipv6_host(const struct ps_packet *p, struct df_vals *o);
void df_get_ipv6_src_host(const struct ps_packet *p, struct df_vals *o);
void df_get_ipv6_dst_host(const struct ps_packet *p, struct df_vals *o);
void df_get_eth_dst_resolved(const struct ps_packet *p, struct df_vals *o);
void df_get_eth_src_resolved(const struct ps_packet *p, struct df_vals *o);
void df_get_eth_addr_resolved(const struct ps_packet *p, struct df_vals *o);

#endif
