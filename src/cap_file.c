/* SPDX-License-Identifier: BSD-2-Clause */
/* cap_file.c - capture source: pcap and pcapng files (or stdin) through libpcap.
 *
 * Nanosecond pcap files are opened at nanosecond precision so no digit is
 * lost; everything else is read at microsecond precision.  libpcap reports a
 * record cut short at the end of the file as an error, which the caller
 * prints after every complete packet has been rendered.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ps_capture.h"

struct file_priv {
	pcap_t *pc;
};

/* True when `path` starts with the nanosecond pcap magic (either byte order). */
static bool is_nano_pcap(const char *path)
{
	if (!strcmp(path, "-"))
		return false; /* stdin cannot be peeked without consuming it */
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	unsigned char m[4];
	bool nano = fread(m, 1, 4, f) == 4 &&
		    ((m[0] == 0xa1 && m[1] == 0xb2 && m[2] == 0x3c && m[3] == 0x4d) ||
		     (m[0] == 0x4d && m[1] == 0x3c && m[2] == 0xb2 && m[3] == 0xa1));
	fclose(f);
	return nano;
}

static int apply_filter(pcap_t *pc, const char *filter, char *err)
{
	struct bpf_program prog;
	if (pcap_compile(pc, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) < 0) {
		snprintf(err, PS_ERRBUF, "%s", pcap_geterr(pc));
		return PS_CAP_EFILTER;
	}
	int rc = pcap_setfilter(pc, &prog);
	pcap_freecode(&prog);
	if (rc < 0) {
		snprintf(err, PS_ERRBUF, "%s", pcap_geterr(pc));
		return PS_CAP_EFILTER;
	}
	return 0;
}

static int file_open(struct ps_capture *cap, const struct ps_capture_opts *o, char *err)
{
	char pcerr[PCAP_ERRBUF_SIZE] = "";
	const char *path = o->path ? o->path : "-";
	bool nano = is_nano_pcap(path);
	pcap_t *pc = pcap_open_offline_with_tstamp_precision(
		path, nano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO, pcerr);
	if (!pc) {
		snprintf(err, PS_ERRBUF, "%s", pcerr);
		return PS_CAP_EOPEN;
	}
	if (o->filter && *o->filter) {
		int rc = apply_filter(pc, o->filter, err);
		if (rc) {
			pcap_close(pc);
			return rc;
		}
	}
	struct file_priv *fp = calloc(1, sizeof *fp);
	if (!fp) {
		pcap_close(pc);
		snprintf(err, PS_ERRBUF, "out of memory");
		return PS_CAP_EOPEN;
	}
	fp->pc = pc;
	cap->priv = fp;
	cap->linktype = pcap_datalink(pc);
	cap->linktype_name = pcap_datalink_val_to_name(cap->linktype);
	cap->snaplen = pcap_snapshot(pc);
	cap->nano = nano;
	cap->iface = 0;
	snprintf(cap->mechanism, sizeof cap->mechanism, "libpcap %s reader (%s)",
		 pcap_is_swapped(pc) ? "byte-swapped" : "native",
		 nano ? "nanosecond" : "microsecond");
	return 0;
}

static int file_next(struct ps_capture *cap, struct ps_frame *f, char *err)
{
	struct file_priv *fp = cap->priv;
	struct pcap_pkthdr *h;
	const u_char *data;
	int rc = pcap_next_ex(fp->pc, &h, &data);
	if (rc == 1) {
		f->data = data;
		f->caplen = h->caplen;
		f->len = h->len;
		f->sec = (int64_t)h->ts.tv_sec;
		f->frac = (uint32_t)h->ts.tv_usec;
		f->ifindex = 0;
		f->direction = -1;
		return PS_CAP_FRAME;
	}
	if (rc == PCAP_ERROR_BREAK)
		return PS_CAP_EOF;
	snprintf(err, PS_ERRBUF, "%s", pcap_geterr(fp->pc));
	return PS_CAP_ERR;
}

static void file_close(struct ps_capture *cap)
{
	struct file_priv *fp = cap->priv;
	if (fp) {
		pcap_close(fp->pc);
		free(fp);
	}
	cap->priv = 0;
}

const struct ps_capture_ops ps_cap_file = {
	.name = "file",
	.open = file_open,
	.next = file_next,
	.close = file_close,
};
