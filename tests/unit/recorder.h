/* SPDX-License-Identifier: BSD-2-Clause */
/* recorder.h - a test emitter that flattens fields into "a.b.0.c" = "value" rows. */
#ifndef PS_RECORDER_H
#define PS_RECORDER_H

#include "ps_emit.h"

#define REC_MAX_ROWS 512
#define REC_PATH 128
#define REC_VAL 64

struct rec_row {
	char path[REC_PATH];
	char val[REC_VAL];
	uint32_t span_off, span_len;
};

struct recorder {
	struct rec_row rows[REC_MAX_ROWS];
	unsigned nrows;
	/* path stack: component and, for arrays, the next index */
	char stack[16][48];
	int index[16]; /* -1: object, >= 0: array with this many elements so far */
	unsigned depth;
	struct ps_emit emit;
};

void recorder_init(struct recorder *r);
const char *recorder_get(const struct recorder *r, const char *path);
const struct rec_row *recorder_row(const struct recorder *r, const char *path);

#endif
