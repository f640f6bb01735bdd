/* SPDX-License-Identifier: BSD-2-Clause */
/* cap_file.c - capture source: pcap and pcapng files (or stdin).
 *
 * Records come from our own reader (pcapfile.c: libpcap's refuses pcapng
 * files whose interfaces differ in link type or snap length).  The BPF
 * filter is still libpcap's: compiled once per link type seen (pcapng
 * interfaces may differ) and run with pcap_offline_filter.  With
 * o->readahead (and two cores) the reader reads ahead on a thread of its
 * own (PS_PCAPFILE_READAHEAD); frames stay borrowed until the next call.
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ps_capture.h"
#include "ps_linktype.h"
#include "ps_pcapfile.h"

#define MAX_FILTERS 8 /* distinct link types with a compiled filter */

struct compiled {
	int linktype;
	struct bpf_program prog;
};

struct file_priv {
	struct ps_pcapfile *pf;
	const char *filter;
	uint32_t snaplen;
	unsigned nprog;
	struct compiled progs[MAX_FILTERS];
};

/* The compiled filter for a link type, compiling it on first sight.
 * NULL with err filled when it does not compile. */
static const struct bpf_program *filter_for(struct file_priv *fp, int dlt, char *err)
{
	for (unsigned i = 0; i < fp->nprog; i++)
		if (fp->progs[i].linktype == dlt)
			return &fp->progs[i].prog;
	if (fp->nprog == MAX_FILTERS) {
		snprintf(err, PS_ERRBUF, "too many different link types for one filter");
		return 0;
	}
	pcap_t *dead = pcap_open_dead(dlt, (int)(fp->snaplen ? fp->snaplen : 262144));
	if (!dead) {
		snprintf(err, PS_ERRBUF, "out of memory");
		return 0;
	}
	struct compiled *c = &fp->progs[fp->nprog];
	if (pcap_compile(dead, &c->prog, fp->filter, 1, PCAP_NETMASK_UNKNOWN) < 0) {
		snprintf(err, PS_ERRBUF, "%s", pcap_geterr(dead));
		pcap_close(dead);
		return 0;
	}
	pcap_close(dead);
	c->linktype = dlt;
	fp->nprog++;
	return &c->prog;
}

static void file_close(struct ps_capture *cap)
{
	struct file_priv *fp = cap->priv;
	if (fp) {
		for (unsigned i = 0; i < fp->nprog; i++)
			pcap_freecode(&fp->progs[i].prog);
		ps_pcapfile_close(fp->pf);
		free(fp);
	}
	cap->priv = 0;
}

static int file_open(struct ps_capture *cap, const struct ps_capture_opts *o, char *err)
{
	struct file_priv *fp = calloc(1, sizeof *fp);
	if (!fp) {
		snprintf(err, PS_ERRBUF, "out of memory");
		return PS_CAP_EOPEN;
	}
	cap->priv = fp;
	/* read-ahead only with a second core to run it on (it is a copy loop
	 * beside the dissection, not less work) */
	unsigned flags = o->readahead && sysconf(_SC_NPROCESSORS_ONLN) >= 2
				 ? PS_PCAPFILE_READAHEAD : 0;
	if (ps_pcapfile_open(&fp->pf, o->path ? o->path : "-", flags, err, PS_ERRBUF)) {
		file_close(cap);
		return PS_CAP_EOPEN;
	}
	fp->snaplen = ps_pcapfile_snaplen(fp->pf);
	cap->linktype = ps_pcapfile_dlt(fp->pf);
	cap->linktype_name = ps_dlt_name(cap->linktype);
	cap->snaplen = (int)fp->snaplen;
	cap->nano = ps_pcapfile_nano(fp->pf);
	cap->iface = 0;
	fp->filter = o->filter && *o->filter ? o->filter : 0;
	/* compile now, so a bad filter is an error even on an empty file */
	if (fp->filter && !filter_for(fp, cap->linktype, err)) {
		file_close(cap);
		return PS_CAP_EFILTER;
	}
	snprintf(cap->mechanism, sizeof cap->mechanism, "%s%s reader, %s time stamps",
		 ps_pcapfile_is_ng(fp->pf) ? "pcapng" : "pcap",
		 ps_pcapfile_swapped(fp->pf) ? " big-endian" : "",
		 cap->nano ? "nanosecond" : "microsecond");
	return 0;
}

static int file_next(struct ps_capture *cap, struct ps_frame *f, char *err)
{
	struct file_priv *fp = cap->priv;
	struct ps_pcaprec r;
	for (;;) {
		int rc = ps_pcapfile_next(fp->pf, &r, err, PS_ERRBUF);
		if (rc == 0)
			return PS_CAP_EOF;
		if (rc < 0)
			return PS_CAP_ERR;
		int dlt = r.dlt;
		if (fp->filter) {
			const struct bpf_program *prog = filter_for(fp, dlt, err);
			if (!prog)
				return PS_CAP_ERR;
			struct pcap_pkthdr h = {.caplen = r.caplen, .len = r.len};
			if (!pcap_offline_filter(prog, &h, r.data))
				continue;
		}
		/* pcapng interfaces may differ: the handle follows the current frame */
		if (dlt != cap->linktype) {
			cap->linktype = dlt;
			cap->linktype_name = r.linktype_name;
		}
		f->data = r.data;
		f->caplen = r.caplen;
		f->len = r.len;
		f->sec = r.sec;
		f->frac = r.frac;
		f->ifindex = 0;
		f->direction = -1;
		return PS_CAP_FRAME;
	}
}

const struct ps_capture_ops ps_cap_file = {
	.name = "file",
	.open = file_open,
	.next = file_next,
	.close = file_close,
};
