/* SPDX-License-Identifier: BSD-2-Clause */
/* capture.c - the table of capture sources and the by-name open. */
#include <stdio.h>
#include <string.h>

#include "ps_capture.h"
#include "ps_linktype.h"

extern const struct ps_capture_ops ps_cap_file;
extern const struct ps_capture_ops ps_cap_pcap, ps_cap_packet, ps_cap_inet;

static const struct ps_capture_ops *const sources[] = {
	&ps_cap_file,
	&ps_cap_pcap,
	&ps_cap_packet,
	&ps_cap_inet,
};

int ps_capture_open(struct ps_capture *cap, const char *source, const struct ps_capture_opts *o,
		    char *err)
{
	memset(cap, 0, sizeof *cap);
	for (unsigned i = 0; i < sizeof sources / sizeof sources[0]; i++) {
		if (strcmp(sources[i]->name, source))
			continue;
		cap->ops = sources[i];
		int rc = cap->ops->open(cap, o, err);
		if (rc)
			cap->ops = 0;
		return rc;
	}
	snprintf(err, PS_ERRBUF, "unknown capture source '%s'", source);
	return PS_CAP_EOPEN;
}

void ps_capture_close(struct ps_capture *cap)
{
	if (cap->ops && cap->ops->close)
		cap->ops->close(cap);
	cap->ops = 0;
}

/* Cooked headers say where the packet went (and SLL2 on which interface). */
void ps_frame_cooked_meta(int linktype, struct ps_frame *f)
{
	f->direction = -1;
	f->ifindex = 0;
	if (linktype == PS_DLT_LINUX_SLL2 && f->caplen >= 20) {
		f->direction = f->data[10] == 4 ? 1 : 0; /* PACKET_OUTGOING */
		f->ifindex = (int)((uint32_t)f->data[4] << 24 | (uint32_t)f->data[5] << 16 |
				   (uint32_t)f->data[6] << 8 | f->data[7]);
	} else if (linktype == PS_DLT_LINUX_SLL && f->caplen >= 16) {
		f->direction = f->data[1] == 4 ? 1 : 0;
	}
}
