/* SPDX-License-Identifier: BSD-2-Clause */
/* afpacket_setup.c - the "packet" source's socket: create it unbound, attach
 * the filter, map the TPACKET_V3 ring (else fall back to recvmsg), join
 * promiscuous mode, then bind; plus the recvmsg receive path. */
#include <errno.h>
#include <net/if_arp.h>
#include <linux/if_ether.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "afpacket_priv.h"
#include "afpacket_setup.h"
#include "iflist.h"
#include "ps_linktype.h"

#define TOV_MS 50          /* block timeout: latency bound on a quiet link */
#define TOV_IMMEDIATE_MS 1 /* --immediate */

static int sys_fail(const char *what, char *err)
{
	int e = errno;

	if (e == EPERM || e == EACCES)
		snprintf(err, PS_ERRBUF, "%s: %s (capturing needs root or the CAP_NET_RAW capability)",
			 what, strerror(e));
	else if (e == ENETDOWN)
		snprintf(err, PS_ERRBUF, "interface is down");
	else if (e == ENODEV || e == ENXIO)
		snprintf(err, PS_ERRBUF, "no such device");
	else
		snprintf(err, PS_ERRBUF, "%s: %s", what, strerror(e));
	return PS_CAP_EOPEN;
}

/* Name the interface and pick SOCK_RAW (Ethernet-like link header) or
 * SOCK_DGRAM (any other link type, and "any": cooked SLL2). */
static int afp_iface(struct afp *a, const struct ps_capture_opts *o, int *ifindex, char *err)
{
	struct ps_ifinfo info;
	const char *name = o->iface;
	int rc;

	if (name == NULL) {
		if ((rc = ps_if_default(a->iface, sizeof a->iface, err)) != 0)
			return rc;
		name = a->iface;
	} else {
		snprintf(a->iface, sizeof a->iface, "%s", name);
	}
	if (strcmp(name, "any") == 0) {
		*ifindex = 0;
		a->cooked = true;
		return 0;
	}
	if ((rc = ps_if_lookup(name, &info, err)) != 0)
		return rc;
	*ifindex = info.index;
	a->cooked = info.hatype != ARPHRD_ETHER && info.hatype != ARPHRD_LOOPBACK;
	return 0;
}

/* Compile once; attach in the kernel, translated for SOCK_DGRAM when
 * cooked, else keep the program for user space and attach only the snap. */
static int afp_filter(struct afp *a, const char *expr, char *err)
{
	int lt = a->cooked ? PS_DLT_LINUX_SLL2 : PS_DLT_EN10MB;
	int rc = ps_bpf_compile(&a->prog, lt, (int)a->snaplen, expr, err);

	if (rc != 0)
		return rc;
	if (a->cooked && !ps_bpf_uncook_sll2(&a->prog)) {
		struct bpf_program snap;

		/* the kernel still applies the snap length */
		pcap_freecode(&a->prog);
		if ((rc = ps_bpf_compile(&a->prog, lt, (int)a->snaplen, expr, err)) != 0)
			return rc;
		a->user_filter = true; /* from here on close() frees prog */
		if ((rc = ps_bpf_compile(&snap, lt, (int)a->snaplen, NULL, err)) != 0)
			return rc;
		(void)ps_bpf_uncook_sll2(&snap);
		rc = ps_bpf_attach(a->fd, &snap, err);
		pcap_freecode(&snap);
		return rc;
	}
	rc = ps_bpf_attach(a->fd, &a->prog, err);
	pcap_freecode(&a->prog);
	return rc;
}

/* The recvmsg path: aux data carries the VLAN tag, cmsg the time stamp. */
static int afp_norring(struct afp *a, const struct ps_capture_opts *o, const char *why, char *err)
{
	int one = 1, bytes = o->buffer_kib > 0 ? o->buffer_kib * 1024 : 0;

	if (setsockopt(a->fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof one) < 0 ||
	    setsockopt(a->fd, SOL_SOCKET, SO_TIMESTAMP, &one, sizeof one) < 0)
		return sys_fail("setsockopt", err);
	if (bytes > 0 && setsockopt(a->fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) < 0 &&
	    setsockopt(a->fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes) < 0)
		return sys_fail("SO_RCVBUF", err);
	a->rbuf_size = a->snaplen;
	if ((a->rbuf = malloc(a->rbuf_size)) == NULL)
		return sys_fail("malloc", err);
	snprintf(a->mechanism, sizeof a->mechanism, "AF_PACKET recvmsg (no TPACKET_V3 ring: %s)", why);
	return 0;
}

static int afp_ring(struct afp *a, const struct ps_capture_opts *o, char *err)
{
	char why[PS_ERRBUF];
	size_t bytes = o->buffer_kib > 0 ? (size_t)o->buffer_kib * 1024 : PS_RING_DEFAULT_BYTES;
	unsigned tov = o->immediate ? TOV_IMMEDIATE_MS : TOV_MS;
	const char *off = getenv("PKTSCOPE_PACKET_NORING"); /* test aid: force the fallback */

	if (off != NULL && *off != '\0')
		return afp_norring(a, o, "PKTSCOPE_PACKET_NORING is set", err);
	if (ps_ring_setup(&a->ring, a->fd, bytes, tov, why) < 0)
		return afp_norring(a, o, why, err);
	snprintf(a->mechanism, sizeof a->mechanism, "AF_PACKET TPACKET_V3 ring %u x %u KiB, %u ms",
		 a->ring.block_nr, a->ring.block_size / 1024, tov);
	return 0;
}

int afp_setup(struct afp *a, const struct ps_capture_opts *o, char *err)
{
	struct sockaddr_ll sll;
	int ifindex, rc, type;

	if ((rc = afp_iface(a, o, &ifindex, err)) != 0)
		return rc;
	type = a->cooked ? SOCK_DGRAM : SOCK_RAW;
	/* protocol 0: nothing is queued before the filter and ring are in */
	if ((a->fd = socket(AF_PACKET, type | SOCK_CLOEXEC, 0)) < 0)
		return sys_fail("AF_PACKET socket", err);
	/* a fanout member drops everything until it has joined: between bind
	 * and the join it would see the packets the group hands to others */
	rc = o->fanout_group ? afp_fanout_hold(a->fd, err) : afp_filter(a, o->filter, err);
	if (rc != 0 || (rc = afp_ring(a, o, err)) != 0)
		return rc;
	if (o->promisc && ifindex != 0) {
		struct packet_mreq mr = {.mr_ifindex = ifindex, .mr_type = PACKET_MR_PROMISC};

		if (setsockopt(a->fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof mr) < 0)
			return sys_fail("PACKET_ADD_MEMBERSHIP", err);
	}
	memset(&sll, 0, sizeof sll);
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = ifindex;
	if (bind(a->fd, (struct sockaddr *)&sll, sizeof sll) < 0)
		return sys_fail("bind", err);
	if (o->fanout_group &&
	    ((rc = afp_fanout_join(a->fd, o->fanout_group, o->fanout_mode, err)) != 0 ||
	     (rc = afp_filter(a, o->filter, err)) != 0))
		return rc;
	a->buf_size = a->snaplen + AFP_SLL2_LEN + AFP_VLAN_LEN;
	if ((a->buf = malloc(a->buf_size)) == NULL)
		return sys_fail("malloc", err);
	if (a->cooked || a->user_filter) {
		size_t l = strlen(a->mechanism);

		snprintf(a->mechanism + l, sizeof a->mechanism - l, "%s%s",
			 a->cooked ? ", cooked" : "", a->user_filter ? ", user filter" : "");
	}
	if (o->fanout_group) {
		size_t l = strlen(a->mechanism);
		snprintf(a->mechanism + l, sizeof a->mechanism - l, ", fanout %s",
			 o->fanout_mode ? o->fanout_mode : "hash");
	}
	return 0;
}

static void afp_cmsgs(struct msghdr *msg, struct afp_pkt *p, struct ps_frame *f)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c)) {
		if (c->cmsg_level == SOL_PACKET && c->cmsg_type == PACKET_AUXDATA) {
			struct tpacket_auxdata aux;

			memcpy(&aux, CMSG_DATA(c), sizeof aux);
			p->vlan = (aux.tp_status & TP_STATUS_VLAN_VALID) != 0;
			p->tci = aux.tp_vlan_tci;
			p->tpid = (aux.tp_status & TP_STATUS_VLAN_TPID_VALID) && aux.tp_vlan_tpid
					  ? aux.tp_vlan_tpid
					  : ETH_P_8021Q;
		} else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMP) {
			struct timeval tv;

			memcpy(&tv, CMSG_DATA(c), sizeof tv);
			f->sec = tv.tv_sec;
			f->frac = (uint32_t)tv.tv_usec;
		}
	}
}

int afp_recv(struct afp *a, struct ps_frame *f, char *err)
{
	struct sockaddr_ll from;
	union {
		char b[CMSG_SPACE(sizeof(struct tpacket_auxdata)) + CMSG_SPACE(sizeof(struct timeval))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = {.iov_base = a->rbuf, .iov_len = a->rbuf_size};
	struct msghdr msg;
	struct afp_pkt p;
	ssize_t n;
	int budget;

	for (budget = 4096; budget > 0; budget--) {
		memset(&msg, 0, sizeof msg);
		msg.msg_name = &from;
		msg.msg_namelen = sizeof from;
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = ctl.b;
		msg.msg_controllen = sizeof ctl.b;
		n = recvmsg(a->fd, &msg, MSG_TRUNC | MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return 0;
			snprintf(err, PS_ERRBUF, "recvmsg: %s", strerror(errno));
			return PS_CAP_ERR;
		}
		memset(&p, 0, sizeof p);
		p.sll = &from;
		p.data = a->rbuf;
		p.len = (uint32_t)n; /* MSG_TRUNC: the real length */
		p.snap = (size_t)n < a->rbuf_size ? (uint32_t)n : (uint32_t)a->rbuf_size;
		afp_cmsgs(&msg, &p, f);
		if (afp_build(a, &p, f))
			return PS_CAP_FRAME;
	}
	return 0; /* all filtered out so far: let the caller's loop run */
}
