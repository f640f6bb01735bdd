/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_vec.c - the append-only chunked array (see tui_vec.h). */
#include <stdlib.h>

#include "tui_vec.h"

int tui_vec_init(struct tui_vec *v, unsigned esize)
{
	v->esize = esize == 4 ? 4 : 8;
	v->wcount = 0;
	atomic_init(&v->count, 0);
	/* calloc of the directory: untouched pages cost no resident memory */
	v->dir = calloc(TUI_VEC_DIR, sizeof *v->dir);
	return v->dir ? 0 : -1;
}

void tui_vec_free(struct tui_vec *v)
{
	if (!v->dir)
		return;
	for (unsigned i = 0; i < TUI_VEC_DIR && v->dir[i]; i++)
		free(v->dir[i]);
	free(v->dir);
	v->dir = 0;
	v->wcount = 0;
	atomic_store(&v->count, 0);
}

int tui_vec_push(struct tui_vec *v, uint64_t x)
{
	uint64_t i = v->wcount;
	uint64_t c = i >> TUI_VEC_CHUNK_BITS;
	if (c >= TUI_VEC_DIR)
		return -1;
	if (!v->dir[c]) {
		v->dir[c] = malloc((size_t)TUI_VEC_CHUNK * v->esize);
		if (!v->dir[c])
			return -1;
	}
	size_t k = (size_t)(i & (TUI_VEC_CHUNK - 1));
	if (v->esize == 4)
		((uint32_t *)v->dir[c])[k] = (uint32_t)x;
	else
		((uint64_t *)v->dir[c])[k] = x;
	v->wcount = i + 1;
	return 0;
}

void tui_vec_publish(struct tui_vec *v)
{
	atomic_store_explicit(&v->count, v->wcount, memory_order_release);
}
