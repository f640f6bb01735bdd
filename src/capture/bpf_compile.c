/* SPDX-License-Identifier: BSD-2-Clause */
/* bpf_compile.c - compile a filter once with libpcap; translate cooked (SLL2)
 * programs for the kernel; attach with SO_ATTACH_FILTER; match in user space. */
#include <errno.h>
#include <linux/filter.h>
#include <string.h>
#include <sys/socket.h>

#include "bpf_compile.h"

#define SLL2_HDR_LEN 20u

int ps_bpf_compile(struct bpf_program *prog, int linktype, int snaplen, const char *expr,
		   char *err)
{
	pcap_t *dead = pcap_open_dead(linktype, snaplen);
	int rc = 0;

	memset(prog, 0, sizeof *prog);
	if (dead == NULL) {
		snprintf(err, PS_ERRBUF, "cannot create a libpcap handle");
		return PS_CAP_EFILTER;
	}
	if (pcap_compile(dead, prog, expr != NULL ? expr : "", 1, PCAP_NETMASK_UNKNOWN) < 0) {
		snprintf(err, PS_ERRBUF, "%s", pcap_geterr(dead));
		rc = PS_CAP_EFILTER;
	}
	pcap_close(dead);
	return rc;
}

/* A load from the cooked header maps to an ancillary load only when it reads
 * exactly that field with its width. */
static bool uncook_header_load(struct bpf_insn *in)
{
	unsigned size = BPF_SIZE(in->code);

	if (BPF_MODE(in->code) != BPF_ABS || BPF_CLASS(in->code) != BPF_LD)
		return false;
	if (in->k == 0 && size == BPF_H)
		in->k = (uint32_t)(SKF_AD_OFF + SKF_AD_PROTOCOL);
	else if (in->k == 4 && size == BPF_W)
		in->k = (uint32_t)(SKF_AD_OFF + SKF_AD_IFINDEX);
	else if (in->k == 8 && size == BPF_H)
		in->k = (uint32_t)(SKF_AD_OFF + SKF_AD_HATYPE);
	else if (in->k == 10 && size == BPF_B)
		in->k = (uint32_t)(SKF_AD_OFF + SKF_AD_PKTTYPE);
	else
		return false;
	return true;
}

bool ps_bpf_uncook_sll2(struct bpf_program *prog)
{
	unsigned i;

	for (i = 0; i < prog->bf_len; i++) {
		struct bpf_insn *in = &prog->bf_insns[i];
		unsigned cls = BPF_CLASS(in->code), mode = BPF_MODE(in->code);

		if (cls == BPF_RET && BPF_RVAL(in->code) == BPF_K) {
			/* the accept value is the snap length: the kernel
			 * counts it from the network header */
			if (in->k > SLL2_HDR_LEN)
				in->k -= SLL2_HDR_LEN;
			continue;
		}
		if (cls != BPF_LD && cls != BPF_LDX)
			continue;
		if (mode == BPF_LEN)
			return false; /* the kernel's length lacks the header */
		if (mode != BPF_ABS && mode != BPF_IND && mode != BPF_MSH)
			continue;
		if (in->k >= (uint32_t)SKF_AD_OFF)
			continue; /* already ancillary */
		if (in->k >= SLL2_HDR_LEN)
			in->k -= SLL2_HDR_LEN;
		else if (!uncook_header_load(in))
			return false;
	}
	return true;
}

int ps_bpf_attach(int fd, const struct bpf_program *prog, char *err)
{
	struct sock_fprog fp;

	/* struct bpf_insn and struct sock_filter share one layout (code,
	 * jt, jf, k): libpcap's programs are the kernel's classic BPF */
	fp.len = (unsigned short)prog->bf_len;
	fp.filter = (struct sock_filter *)(void *)prog->bf_insns;
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof fp) < 0) {
		snprintf(err, PS_ERRBUF, "filter: SO_ATTACH_FILTER: %s", strerror(errno));
		return PS_CAP_EOPEN;
	}
	return 0;
}

bool ps_bpf_match(const struct bpf_program *prog, const struct ps_frame *f)
{
	struct pcap_pkthdr h;

	memset(&h, 0, sizeof h);
	h.caplen = f->caplen;
	h.len = f->len;
	return pcap_offline_filter(prog, &h, f->data) != 0;
}
