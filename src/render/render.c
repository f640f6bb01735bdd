/* SPDX-License-Identifier: BSD-2-Clause */
/* render.c - the renderers by name: one table, so a front end picks an
 * output format without knowing the renderers. */
#include <stddef.h>
#include <string.h>

#include "ps_render.h"

static const struct ps_renderer_ops *const renderers[] = {
	&ps_render_text,
	&ps_render_json,
	&ps_render_ek,
};

const struct ps_renderer_ops *ps_render_find(const char *name)
{
	for (size_t i = 0; i < sizeof renderers / sizeof renderers[0]; i++)
		if (strcmp(renderers[i]->name, name) == 0)
			return renderers[i];
	return NULL;
}
