/* SPDX-License-Identifier: BSD-2-Clause */
/* cap_afpacket.c - the "packet" source: pktscope's own AF_PACKET socket with
 * a TPACKET_V3 mmap ring (recvmsg when the ring cannot be set up), the BPF
 * filter in the kernel, VLAN tags put back, -i any as LINUX_SLL2 (frames
 * built in afpacket_frame.c, the socket set up in afpacket_setup.c). */
#include <errno.h>
#include <linux/if_ether.h>
#include <net/if.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "afpacket_ring.h"
#include "afpacket_priv.h"
#include "afpacket_setup.h"
#include "bpf_compile.h"
#include "iflist.h"
#include "ps_linktype.h"

#define DEFAULT_SNAPLEN 262144
#define RING_BUDGET 4096 /* packets examined per next() before yielding */
/* the kernel puts a sockaddr_ll after each aligned tpacket3_hdr */
#define SLL_OFF ((sizeof(struct tpacket3_hdr) + 15u) & ~(size_t)15u)

static bool ring_take(struct afp *a, const struct tpacket3_hdr *h, struct ps_frame *f)
{
	struct afp_pkt p;

	p.sll = (const struct sockaddr_ll *)(const void *)((const uint8_t *)h + SLL_OFF);
	p.data = (const uint8_t *)h + h->tp_mac;
	p.snap = h->tp_snaplen;
	p.len = h->tp_len;
	p.vlan = (h->tp_status & TP_STATUS_VLAN_VALID) != 0;
	p.tci = (uint16_t)h->hv1.tp_vlan_tci;
	p.tpid = (h->tp_status & TP_STATUS_VLAN_TPID_VALID) && h->hv1.tp_vlan_tpid != 0
			 ? h->hv1.tp_vlan_tpid
			 : ETH_P_8021Q;
	f->sec = h->tp_sec;
	f->frac = h->tp_nsec / 1000u;
	return afp_build(a, &p, f);
}

/* Wait for the fd; 1 readable, PS_CAP_NONE on timeout or signal,
 * PS_CAP_ERR when the socket reports an error (interface gone or down). */
static int afp_wait(struct afp *a, char *err)
{
	struct pollfd pfd = {.fd = a->fd, .events = POLLIN};
	int r = poll(&pfd, 1, a->timeout_ms);

	if (r == 0 || (r < 0 && errno == EINTR))
		return PS_CAP_NONE;
	if (r < 0) {
		snprintf(err, PS_ERRBUF, "poll: %s", strerror(errno));
		return PS_CAP_ERR;
	}
	if ((pfd.revents & POLLERR) && ps_if_sock_error(a->fd, err) != 0)
		return PS_CAP_ERR;
	return 1;
}

static int afp_next(struct ps_capture *cap, struct ps_frame *f, char *err)
{
	struct afp *a = cap->priv;
	int round, rc, budget;

	for (round = 0; round < 2; round++) {
		if (a->ring.map != NULL) {
			const struct tpacket3_hdr *h;

			for (budget = RING_BUDGET; budget > 0; budget--) {
				if ((h = ps_ring_next(&a->ring)) == NULL)
					break;
				if (ring_take(a, h, f))
					return PS_CAP_FRAME;
			}
			if (budget == 0)
				return PS_CAP_NONE; /* all filtered out: let the loop breathe */
		} else if ((rc = afp_recv(a, f, err)) != 0) {
			return rc;
		}
		if (round == 0 && (rc = afp_wait(a, err)) <= 0)
			return rc;
	}
	return PS_CAP_NONE;
}

static int afp_fd(struct ps_capture *cap)
{
	return ((struct afp *)cap->priv)->fd;
}

/* PACKET_STATISTICS resets the kernel's counters: accumulate them. */
static int afp_stats(struct ps_capture *cap, struct ps_capture_stats *st)
{
	struct afp *a = cap->priv;
	struct tpacket_stats_v3 k;
	socklen_t len = sizeof k;

	memset(&k, 0, sizeof k);
	if (getsockopt(a->fd, SOL_PACKET, PACKET_STATISTICS, &k, &len) < 0)
		return -1;
	a->acc.received += k.tp_packets; /* the kernel counts its drops in */
	a->acc.dropped += k.tp_drops;
	a->acc.has_received = a->acc.has_dropped = true;
	if (len >= sizeof k) {
		a->acc.freezes += k.tp_freeze_q_cnt;
		a->acc.has_freezes = true;
	}
	*st = a->acc;
	return 0;
}

static void afp_close(struct ps_capture *cap)
{
	struct afp *a = cap->priv;

	if (a == NULL)
		return;
	ps_ring_teardown(&a->ring);
	if (a->fd >= 0)
		close(a->fd);
	if (a->user_filter)
		pcap_freecode(&a->prog);
	free(a->buf);
	free(a->rbuf);
	free(a);
	cap->priv = NULL;
}

static int afp_open(struct ps_capture *cap, const struct ps_capture_opts *o, char *err)
{
	struct afp *a = calloc(1, sizeof *a);
	int rc;

	if (a == NULL) {
		snprintf(err, PS_ERRBUF, "out of memory");
		return PS_CAP_EOPEN;
	}
	a->fd = -1;
	cap->priv = a;
	a->snaplen = o->snaplen > 0 ? (uint32_t)o->snaplen : DEFAULT_SNAPLEN;
	a->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : 100;
	rc = afp_setup(a, o, err);
	if (rc != 0) {
		afp_close(cap);
		return rc;
	}
	cap->linktype = a->cooked ? PS_DLT_LINUX_SLL2 : PS_DLT_EN10MB;
	cap->linktype_name = ps_dlt_name(cap->linktype);
	cap->snaplen = (int)a->snaplen;
	cap->nano = false;
	cap->iface = a->iface;
	snprintf(cap->mechanism, sizeof cap->mechanism, "%s", a->mechanism);
	return 0;
}

const struct ps_capture_ops ps_cap_packet = {
	.name = "packet",
	.open = afp_open,
	.next = afp_next,
	.fd = afp_fd,
	.stats = afp_stats,
	.close = afp_close,
};
