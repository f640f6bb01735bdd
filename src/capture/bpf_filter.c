/* SPDX-License-Identifier: BSD-2-Clause */
/* bpf_filter.c - the opaque compiled filter of bpf_filter.h over bpf_compile.c. */
#include <stdio.h>
#include <stdlib.h>

#include "bpf_compile.h"
#include "bpf_filter.h"

struct ps_bpf {
	struct bpf_program prog;
};

int ps_bpf_new(struct ps_bpf **out, int linktype, int snaplen, const char *expr, char *err)
{
	struct ps_bpf *b = malloc(sizeof *b);

	*out = NULL;
	if (b == NULL) {
		snprintf(err, PS_ERRBUF, "out of memory");
		return PS_CAP_EFILTER;
	}
	int rc = ps_bpf_compile(&b->prog, linktype, snaplen, expr, err);
	if (rc != 0) {
		free(b);
		return rc;
	}
	*out = b;
	return 0;
}

void ps_bpf_free(struct ps_bpf *b)
{
	if (b == NULL)
		return;
	pcap_freecode(&b->prog);
	free(b);
}

bool ps_bpf_run(const struct ps_bpf *b, const struct ps_frame *f)
{
	return ps_bpf_match(&b->prog, f);
}
