/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_follow_render.h - print a follow collector (src/flow/ps_follow.h) as
 * tshark 4.0's -z follow does. */
#ifndef PS_FOLLOW_RENDER_H
#define PS_FOLLOW_RENDER_H

#include "ps_follow.h"
#include "ps_out.h"

void ps_follow_print(const struct ps_follow *fl, struct ps_out *o);

#endif
