/* SPDX-License-Identifier: BSD-2-Clause */
/* cap_inet.c - the "inet" source: raw AF_INET SOCK_RAW sockets, one per
 * protocol (tcp, udp, icmp; "all" polls the three), giving the IPv4
 * datagrams this host receives, without link layer (link type RAW).  The
 * filter runs in user space on the RAW link type.
 *
 * What it sees: incoming IPv4 datagrams of those protocols addressed to this
 * host (on every interface, or the one -i names), including segments no
 * socket listens for.  What it cannot see: outgoing packets, other link
 * types and protocols (ARP, IPv6, ...), link headers, frames for other
 * hosts (no promiscuous mode).
 */
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "bpf_compile.h"
#include "iflist.h"
#include "ps_capture.h"
#include "ps_linktype.h"

#define INET_MAX 3
#define INET_MAXDGRAM 65535u
#define INET_BUDGET 256 /* datagrams examined per next() before yielding */

struct inet_sock {
	int fd;
	int proto;
	uint32_t drops; /* SO_RXQ_OVFL: the socket's running count */
};

struct inet {
	struct inet_sock s[INET_MAX];
	unsigned n, rr; /* rr: socket read first, for fairness */
	int epfd;       /* "all": one pollable fd for the three */
	bool filter;
	struct bpf_program prog;
	uint8_t *buf;
	size_t buf_size;
	uint64_t received;
	int timeout_ms;
	char iface[IF_NAMESIZE];
};

static int inet_protos(const char *name, int *protos, unsigned *n, char *err)
{
	static const struct {
		const char *name;
		int proto;
	} tab[] = {{"tcp", IPPROTO_TCP}, {"udp", IPPROTO_UDP}, {"icmp", IPPROTO_ICMP}};
	unsigned i;

	*n = 0;
	for (i = 0; i < INET_MAX; i++)
		if (name == NULL || strcmp(name, "all") == 0 || strcmp(name, tab[i].name) == 0)
			protos[(*n)++] = tab[i].proto;
	if (*n == 0) {
		snprintf(err, PS_ERRBUF, "--inet-proto %s: expected tcp, udp, icmp or all", name);
		return PS_CAP_EOPEN;
	}
	return 0;
}

static int inet_socket(struct inet *a, const struct ps_capture_opts *o, int proto, char *err)
{
	int one = 1, fd, bytes = o->buffer_kib > 0 ? o->buffer_kib * 1024 : 0;
	const char *what = "setsockopt";

	fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, proto);
	if (fd < 0) {
		int e = errno;

		snprintf(err, PS_ERRBUF, "raw AF_INET socket: %s%s", strerror(e),
			 e == EPERM || e == EACCES ? " (capturing needs root or the CAP_NET_RAW capability)"
						   : "");
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMP, &one, sizeof one) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof one) < 0 ||
	    setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof one) < 0)
		goto fail;
	what = "SO_RCVBUF";
	if (bytes > 0 && setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) < 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes) < 0)
		goto fail;
	what = "SO_BINDTODEVICE";
	if (a->iface[0] != '\0' &&
	    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, a->iface, (socklen_t)strlen(a->iface)) < 0)
		goto fail;
	return fd;
fail:
	snprintf(err, PS_ERRBUF, "raw AF_INET socket: %s: %s", what, strerror(errno));
	close(fd);
	return -1;
}

static int inet_setup(struct inet *a, const struct ps_capture_opts *o, uint32_t snaplen, char *err)
{
	int protos[INET_MAX], rc;
	unsigned i;

	if ((rc = inet_protos(o->inet_proto, protos, &a->n, err)) != 0)
		return rc;
	if (o->iface != NULL && strcmp(o->iface, "any") != 0) {
		struct ps_ifinfo info;

		if ((rc = ps_if_lookup(o->iface, &info, err)) != 0)
			return rc;
		snprintf(a->iface, sizeof a->iface, "%s", o->iface);
	}
	if ((rc = ps_bpf_compile(&a->prog, PS_DLT_RAW, (int)snaplen, o->filter, err)) != 0)
		return rc;
	a->filter = true;
	for (i = 0; i < a->n; i++) {
		a->s[i].proto = protos[i];
		if ((a->s[i].fd = inet_socket(a, o, protos[i], err)) < 0)
			return PS_CAP_EOPEN;
	}
	if (a->n > 1) {
		if ((a->epfd = epoll_create1(EPOLL_CLOEXEC)) < 0)
			goto fail;
		for (i = 0; i < a->n; i++) {
			struct epoll_event ev = {.events = EPOLLIN, .data.u32 = i};

			if (epoll_ctl(a->epfd, EPOLL_CTL_ADD, a->s[i].fd, &ev) < 0)
				goto fail;
		}
	}
	a->buf_size = snaplen < INET_MAXDGRAM ? snaplen : INET_MAXDGRAM;
	if ((a->buf = malloc(a->buf_size)) == NULL)
		goto fail;
	return 0;
fail:
	snprintf(err, PS_ERRBUF, "inet source: %s", strerror(errno));
	return PS_CAP_EOPEN;
}

static void inet_close(struct ps_capture *cap)
{
	struct inet *a = cap->priv;
	unsigned i;

	if (a == NULL)
		return;
	for (i = 0; i < INET_MAX; i++)
		if (a->s[i].fd >= 0)
			close(a->s[i].fd);
	if (a->epfd >= 0)
		close(a->epfd);
	if (a->filter)
		pcap_freecode(&a->prog);
	free(a->buf);
	free(a);
	cap->priv = NULL;
}

static int inet_open(struct ps_capture *cap, const struct ps_capture_opts *o, char *err)
{
	struct inet *a = calloc(1, sizeof *a);
	uint32_t snaplen = o->snaplen > 0 ? (uint32_t)o->snaplen : 262144u;
	unsigned i;
	int rc;

	if (a == NULL) {
		snprintf(err, PS_ERRBUF, "out of memory");
		return PS_CAP_EOPEN;
	}
	for (i = 0; i < INET_MAX; i++)
		a->s[i].fd = -1;
	a->epfd = -1;
	a->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : 100;
	cap->priv = a;
	if ((rc = inet_setup(a, o, snaplen, err)) != 0) {
		inet_close(cap);
		return rc;
	}
	cap->linktype = PS_DLT_RAW;
	cap->linktype_name = ps_dlt_name(cap->linktype);
	cap->snaplen = (int)snaplen;
	cap->nano = false;
	cap->iface = a->iface[0] != '\0' ? a->iface : "any"; /* frames carry their ifindex */
	snprintf(cap->mechanism, sizeof cap->mechanism, "raw AF_INET socket%s (%s), user-space filter",
		 a->n > 1 ? "s" : "", o->inet_proto != NULL ? o->inet_proto : "all");
	return 0;
}

static void inet_cmsgs(struct msghdr *msg, struct inet_sock *s, struct ps_frame *f)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMP) {
			struct timeval tv;

			memcpy(&tv, CMSG_DATA(c), sizeof tv);
			f->sec = tv.tv_sec;
			f->frac = (uint32_t)tv.tv_usec;
		} else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL) {
			memcpy(&s->drops, CMSG_DATA(c), sizeof s->drops);
		} else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof pi);
			f->ifindex = pi.ipi_ifindex;
		}
	}
}

/* One datagram from socket k: 1 frame, 0 none queued, PS_CAP_ERR. */
static int inet_read(struct inet *a, struct inet_sock *s, struct ps_frame *f, char *err)
{
	union {
		char b[CMSG_SPACE(sizeof(struct timeval)) + CMSG_SPACE(sizeof(uint32_t)) +
		       CMSG_SPACE(sizeof(struct in_pktinfo))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = {.iov_base = a->buf, .iov_len = a->buf_size};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	ssize_t n;

	msg.msg_control = ctl.b;
	msg.msg_controllen = sizeof ctl.b;
	n = recvmsg(s->fd, &msg, MSG_TRUNC);
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return 0;
		snprintf(err, PS_ERRBUF, "raw AF_INET socket: recvmsg: %s", strerror(errno));
		return PS_CAP_ERR;
	}
	a->received++;
	f->data = a->buf;
	f->len = (uint32_t)n; /* MSG_TRUNC: the datagram's real length */
	f->caplen = (size_t)n < a->buf_size ? (uint32_t)n : (uint32_t)a->buf_size;
	f->direction = 0; /* raw sockets only see what arrives */
	f->ifindex = 0;
	inet_cmsgs(&msg, s, f);
	return 1;
}

static int inet_poll(struct inet *a, char *err)
{
	struct pollfd pfd[INET_MAX];
	unsigned i;
	int r;

	for (i = 0; i < a->n; i++) {
		pfd[i].fd = a->s[i].fd;
		pfd[i].events = POLLIN;
	}
	r = poll(pfd, a->n, a->timeout_ms);
	if (r == 0 || (r < 0 && errno == EINTR))
		return PS_CAP_NONE;
	if (r < 0) {
		snprintf(err, PS_ERRBUF, "raw AF_INET socket: poll: %s", strerror(errno));
		return PS_CAP_ERR;
	}
	return 1;
}

static int inet_next(struct ps_capture *cap, struct ps_frame *f, char *err)
{
	struct inet *a = cap->priv;
	int round, rc, budget = INET_BUDGET;
	unsigned i;

	for (round = 0; round < 2; round++) {
		for (i = 0; i < a->n; i++) {
			unsigned k = (a->rr + i) % a->n;

			while (budget-- > 0 && (rc = inet_read(a, &a->s[k], f, err)) != 0) {
				if (rc < 0)
					return rc;
				if (ps_bpf_match(&a->prog, f)) {
					a->rr = (k + 1) % a->n;
					return PS_CAP_FRAME;
				}
			}
		}
		if (budget <= 0)
			return PS_CAP_NONE;
		if (round == 0 && (rc = inet_poll(a, err)) <= 0)
			return rc;
	}
	return PS_CAP_NONE;
}

static int inet_fd(struct ps_capture *cap)
{
	struct inet *a = cap->priv;

	return a->n > 1 ? a->epfd : a->s[0].fd;
}

/* SO_RXQ_OVFL tells a socket's drops only with the next datagram read;
 * /proc/net/raw (this namespace's) also knows those after the last one. */
static void inet_proc_drops(struct inet *a)
{
	unsigned long ino[INET_MAX];
	char line[512];
	unsigned i;
	FILE *fp;

	for (i = 0; i < a->n; i++) {
		struct stat st;

		ino[i] = fstat(a->s[i].fd, &st) == 0 ? (unsigned long)st.st_ino : 0;
	}
	if ((fp = fopen("/proc/net/raw", "re")) == NULL)
		return;
	while (fgets(line, sizeof line, fp) != NULL) {
		unsigned long inode;
		unsigned long long drops;

		/* sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops */
		if (sscanf(line, "%*s %*s %*s %*s %*s %*s %*s %*s %*s %lu %*s %*s %llu", &inode,
			   &drops) != 2)
			continue;
		for (i = 0; i < a->n; i++)
			if (ino[i] != 0 && ino[i] == inode && drops > a->s[i].drops)
				a->s[i].drops = (uint32_t)drops;
	}
	fclose(fp);
}

static int inet_stats(struct ps_capture *cap, struct ps_capture_stats *st)
{
	struct inet *a = cap->priv;
	unsigned i;

	memset(st, 0, sizeof *st);
	inet_proc_drops(a);
	for (i = 0; i < a->n; i++)
		st->dropped += a->s[i].drops;
	/* like AF_PACKET, "received" counts what reached the sockets */
	st->received = a->received + st->dropped;
	st->has_received = st->has_dropped = true;
	return 0;
}

const struct ps_capture_ops ps_cap_inet = {
	.name = "inet",
	.open = inet_open,
	.next = inet_next,
	.fd = inet_fd,
	.stats = inet_stats,
	.close = inet_close,
};
