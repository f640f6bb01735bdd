/* SPDX-License-Identifier: BSD-2-Clause */
/* zsplit.c - the -z options by engine (zsplit.h). */
#include <string.h>

#include "errline.h"
#include "ps_probe_z.h"
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

void ps_zprint(const struct ps_options *o, struct ps_zstats *z, int64_t first_ns,
	       const struct ps_probe_stats *probe, int zprobe, struct ps_out *out)
{
	bool probe_first = zprobe == (int)o->nzstats;
	if (zprobe && probe_first)
		ps_probe_table(probe, out);
	ps_zstats_print(z, out, first_ns);
	if (zprobe && !probe_first)
		ps_probe_table(probe, out);
	for (unsigned k = 0; k < PS_Z__COUNT; k++)
		if (z->t[k].dropped)
			ps_errf("-z: %llu rows beyond the %u-row cap not shown",
				(unsigned long long)z->t[k].dropped, PS_ZSTATS_MAX_ROWS);
}
