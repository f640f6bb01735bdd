/* SPDX-License-Identifier: BSD-2-Clause */
/* df_get.h - direct getters written as functions (DF_GET rows of
 * df_fields.def): application-layer fields read from their layer structs. */
#ifndef DF_GET_H
#define DF_GET_H

#include "df_int.h"

/* df_get_dns.c */
void df_get_dns_qry_name(const struct ps_packet *p, struct df_vals *o);
void df_get_dns_qry_type(const struct ps_packet *p, struct df_vals *o);
void df_get_dns_response(const struct ps_packet *p, struct df_vals *o);
void df_get_dns_rcode(const struct ps_packet *p, struct df_vals *o);
void df_get_dns_id(const struct ps_packet *p, struct df_vals *o);
void df_get_dns_a(const struct ps_packet *p, struct df_vals *o);
void df_get_dns_aaaa(const struct ps_packet *p, struct df_vals *o);

#endif
