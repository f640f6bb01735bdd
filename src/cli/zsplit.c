/* SPDX-License-Identifier: BSD-2-Clause */
/* zsplit.c - the -z options by engine (zsplit.h). */
#include <string.h>

#include "zsplit.h"

unsigned ps_zsplit(const struct ps_options *o, struct ps_follow_set *follow, const char **names,
		   int *probe)
{
	struct ps_follow scratch;
	unsigned n = 0;
	*probe = 0;
	for (unsigned i = 0; i < o->nzstats; i++) {
		const char *z = o->zstats[i];
		if (!strcmp(z, "probe")) {
			*probe = (int)i + 1;
		} else if (follow ? !ps_follow_set_add(follow, z) : !ps_follow_parse(&scratch, z)) {
			if (!follow)
				ps_follow_free(&scratch);
		} else {
			names[n++] = z;
		}
	}
	return n;
}
