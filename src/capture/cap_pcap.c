/* SPDX-License-Identifier: BSD-2-Clause */
/* cap_pcap.c - the "pcap" source (the default live source): libpcap live
 * capture in non-blocking mode, waited on with poll so that signals and the
 * caller's timeout always get through. */
#include <errno.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "iflist.h"
#include "ps_capture.h"
#include "ps_linktype.h"

#define DEFAULT_SNAPLEN 262144
#define PCAP_TIMEOUT_MS 50 /* libpcap's TPACKET_V3 block timeout */

struct pc {
	pcap_t *p;
	int fd;
	int timeout_ms;
	char iface[IF_NAMESIZE];
};

static int pc_activate_error(struct pc *c, int rc, char *err)
{
	const char *msg = pcap_geterr(c->p);

	switch (rc) {
	case PCAP_ERROR_NO_SUCH_DEVICE:
		snprintf(err, PS_ERRBUF, "no such device");
		break;
	case PCAP_ERROR_PERM_DENIED:
	case PCAP_ERROR_PROMISC_PERM_DENIED:
		snprintf(err, PS_ERRBUF,
			 "permission denied (capturing needs root or the CAP_NET_RAW capability)");
		break;
	case PCAP_ERROR_IFACE_NOT_UP:
		snprintf(err, PS_ERRBUF, "interface is down");
		break;
	default:
		snprintf(err, PS_ERRBUF, "%s", msg != NULL && *msg != '\0' ? msg : pcap_statustostr(rc));
	}
	return PS_CAP_EOPEN;
}

static int pc_configure(struct pc *c, const struct ps_capture_opts *o, char *err)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	int rc;

	if ((c->p = pcap_create(c->iface, ebuf)) == NULL) {
		snprintf(err, PS_ERRBUF, "%s", ebuf);
		return PS_CAP_EOPEN;
	}
	if (pcap_set_snaplen(c->p, o->snaplen > 0 ? o->snaplen : DEFAULT_SNAPLEN) != 0 ||
	    pcap_set_promisc(c->p, o->promisc) != 0 ||
	    pcap_set_timeout(c->p, o->immediate ? 1 : PCAP_TIMEOUT_MS) != 0 ||
	    pcap_set_immediate_mode(c->p, o->immediate) != 0 ||
	    (o->buffer_kib > 0 && pcap_set_buffer_size(c->p, o->buffer_kib * 1024) != 0)) {
		snprintf(err, PS_ERRBUF, "%s", pcap_geterr(c->p));
		return PS_CAP_EOPEN;
	}
	rc = pcap_activate(c->p);
	if (rc < 0)
		return pc_activate_error(c, rc, err);
	/* "any": the same cooked v2 header as the packet source */
	if (pcap_datalink(c->p) == PS_DLT_LINUX_SLL)
		(void)pcap_set_datalink(c->p, PS_DLT_LINUX_SLL2);
	return 0;
}

static int pc_filter(struct pc *c, const char *expr, char *err)
{
	struct bpf_program prog;
	int rc = 0;

	/* compiled on the live handle: libpcap then knows the kernel
	 * strips VLAN tags and generates the matching code */
	if (pcap_compile(c->p, &prog, expr != NULL ? expr : "", 1, PCAP_NETMASK_UNKNOWN) < 0) {
		snprintf(err, PS_ERRBUF, "%s", pcap_geterr(c->p));
		return PS_CAP_EFILTER;
	}
	if (pcap_setfilter(c->p, &prog) < 0) {
		snprintf(err, PS_ERRBUF, "%s", pcap_geterr(c->p));
		rc = PS_CAP_EFILTER;
	}
	pcap_freecode(&prog);
	return rc;
}

static void pc_close(struct ps_capture *cap)
{
	struct pc *c = cap->priv;

	if (c == NULL)
		return;
	if (c->p != NULL)
		pcap_close(c->p);
	free(c);
	cap->priv = NULL;
}

static int pc_prepare(struct pc *c, const struct ps_capture_opts *o, char *err)
{
	struct ps_ifinfo info;
	char ebuf[PCAP_ERRBUF_SIZE];
	int rc;

	if (o->iface == NULL) {
		if ((rc = ps_if_default(c->iface, sizeof c->iface, err)) != 0)
			return rc;
	} else {
		/* the same one-line errors as the other sources */
		if (strcmp(o->iface, "any") != 0 && (rc = ps_if_lookup(o->iface, &info, err)) != 0)
			return rc;
		snprintf(c->iface, sizeof c->iface, "%s", o->iface);
	}
	if ((rc = pc_configure(c, o, err)) != 0 || (rc = pc_filter(c, o->filter, err)) != 0)
		return rc;
	if (pcap_setnonblock(c->p, 1, ebuf) < 0) {
		snprintf(err, PS_ERRBUF, "%s", ebuf);
		return PS_CAP_EOPEN;
	}
	c->fd = pcap_get_selectable_fd(c->p);
	return 0;
}

static int pc_open(struct ps_capture *cap, const struct ps_capture_opts *o, char *err)
{
	struct pc *c = calloc(1, sizeof *c);
	int rc, dlt;

	if (c == NULL) {
		snprintf(err, PS_ERRBUF, "out of memory");
		return PS_CAP_EOPEN;
	}
	cap->priv = c;
	c->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : 100;
	if ((rc = pc_prepare(c, o, err)) != 0) {
		pc_close(cap);
		return rc;
	}
	dlt = pcap_datalink(c->p);
	cap->linktype = dlt;
	cap->linktype_name = ps_dlt_name(dlt);
	cap->snaplen = pcap_snapshot(c->p);
	cap->nano = false;
	cap->iface = c->iface;
	snprintf(cap->mechanism, sizeof cap->mechanism, "%s%s", pcap_lib_version(),
		 o->immediate ? ", immediate mode" : "");
	return 0;
}

static int pc_next(struct ps_capture *cap, struct ps_frame *f, char *err)
{
	struct pc *c = cap->priv;
	struct pcap_pkthdr *h;
	const u_char *data;
	int round, rc;

	for (round = 0; round < 2; round++) {
		rc = pcap_next_ex(c->p, &h, &data);
		if (rc == 1) {
			f->data = data;
			f->caplen = h->caplen;
			f->len = h->len;
			f->sec = h->ts.tv_sec;
			f->frac = (uint32_t)h->ts.tv_usec;
			ps_frame_cooked_meta(cap->linktype, f);
			return PS_CAP_FRAME;
		}
		if (rc < 0) {
			snprintf(err, PS_ERRBUF, "%s", pcap_geterr(c->p));
			return PS_CAP_ERR;
		}
		if (round == 0) {
			struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
			int r = poll(&pfd, 1, c->timeout_ms);

			/* an idle wait also asks whether the interface is still
			 * up: libpcap reads (and so clears) the socket's ENETDOWN
			 * itself when the event comes during its own poll */
			if (r == 0 && strcmp(c->iface, "any") != 0 &&
			    ps_if_gone(c->fd, c->iface, err) != 0)
				return PS_CAP_ERR;
			if (r == 0 || (r < 0 && errno == EINTR))
				return PS_CAP_NONE;
			if (r < 0) {
				snprintf(err, PS_ERRBUF, "poll: %s", strerror(errno));
				return PS_CAP_ERR;
			}
			/* non-blocking libpcap leaves socket errors to us */
			if ((pfd.revents & POLLERR) && ps_if_sock_error(c->fd, err) != 0)
				return PS_CAP_ERR;
		}
	}
	return PS_CAP_NONE;
}

static int pc_fd(struct ps_capture *cap)
{
	return ((struct pc *)cap->priv)->fd;
}

static int pc_stats(struct ps_capture *cap, struct ps_capture_stats *st)
{
	struct pc *c = cap->priv;
	struct pcap_stat ps;

	memset(st, 0, sizeof *st);
	if (pcap_stats(c->p, &ps) < 0)
		return -1;
	st->received = ps.ps_recv;
	st->dropped = ps.ps_drop;
	st->if_dropped = ps.ps_ifdrop;
	st->has_received = st->has_dropped = st->has_if_dropped = true;
	return 0;
}

const struct ps_capture_ops ps_cap_pcap = {
	.name = "pcap",
	.open = pc_open,
	.next = pc_next,
	.fd = pc_fd,
	.stats = pc_stats,
	.close = pc_close,
};
