/* SPDX-License-Identifier: BSD-2-Clause */
/* iflist.c - interface lookup (index, flags, link type), the default capture
 * interface, and the -D listing with each interface's addresses. */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "iflist.h"
#include "ps_capture.h"

/* ioctl() on a throw-away datagram socket: needs no privilege. */
static int if_ioctl(int fd, unsigned long req, const char *name, struct ifreq *ifr)
{
	memset(ifr, 0, sizeof *ifr);
	memcpy(ifr->ifr_name, name, strlen(name) + 1);
	return ioctl(fd, req, ifr);
}

int ps_if_lookup(const char *name, struct ps_ifinfo *info, char *err)
{
	struct ifreq ifr;
	int fd, rc = PS_CAP_EOPEN;

	memset(info, 0, sizeof *info);
	if (strlen(name) >= IFNAMSIZ || strchr(name, '/') != NULL) {
		snprintf(err, PS_ERRBUF, "no such device");
		return PS_CAP_EOPEN;
	}
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, PS_ERRBUF, "socket: %s", strerror(errno));
		return PS_CAP_EOPEN;
	}
	if (if_ioctl(fd, SIOCGIFINDEX, name, &ifr) < 0) {
		if (errno == ENODEV)
			snprintf(err, PS_ERRBUF, "no such device");
		else
			snprintf(err, PS_ERRBUF, "%s", strerror(errno));
		goto out;
	}
	info->index = ifr.ifr_ifindex;
	if (if_ioctl(fd, SIOCGIFFLAGS, name, &ifr) < 0)
		goto fail;
	info->flags = (unsigned)ifr.ifr_flags & 0xffffu;
	if (if_ioctl(fd, SIOCGIFHWADDR, name, &ifr) < 0)
		goto fail;
	info->hatype = ifr.ifr_hwaddr.sa_family;
	if (if_ioctl(fd, SIOCGIFMTU, name, &ifr) < 0)
		goto fail;
	info->mtu = ifr.ifr_mtu;
	if (!(info->flags & IFF_UP)) {
		snprintf(err, PS_ERRBUF, "interface is down");
		goto out;
	}
	rc = 0;
	goto out;
fail:
	snprintf(err, PS_ERRBUF, "%s", strerror(errno));
out:
	close(fd);
	return rc;
}

int ps_if_sock_error(int fd, char *err)
{
	int soerr = 0;
	socklen_t len = sizeof soerr;

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0)
		soerr = errno;
	if (soerr == 0)
		return 0;
	if (soerr == ENETDOWN)
		snprintf(err, PS_ERRBUF, "the interface went down");
	else if (soerr == ENODEV || soerr == ENXIO)
		snprintf(err, PS_ERRBUF, "the interface went away");
	else
		snprintf(err, PS_ERRBUF, "%s", strerror(soerr));
	return PS_CAP_ERR;
}

int ps_if_gone(int fd, const char *name, char *err)
{
	struct ifreq ifr;

	if (strlen(name) >= IFNAMSIZ)
		return 0;
	if (if_ioctl(fd, SIOCGIFFLAGS, name, &ifr) < 0) {
		if (errno != ENODEV && errno != ENXIO)
			return 0; /* cannot tell: the capture goes on */
		snprintf(err, PS_ERRBUF, "the interface went away");
		return PS_CAP_ERR;
	}
	if (ifr.ifr_flags & IFF_UP)
		return 0;
	snprintf(err, PS_ERRBUF, "the interface went down");
	return PS_CAP_ERR;
}

int ps_if_default(char *name, size_t size, char *err)
{
	struct if_nameindex *all = if_nameindex(), *it;
	int best = 0, best_up = 0;
	char best_name[IF_NAMESIZE] = "", up_name[IF_NAMESIZE] = "";

	if (all == NULL) {
		snprintf(err, PS_ERRBUF, "cannot list interfaces: %s", strerror(errno));
		return PS_CAP_EOPEN;
	}
	for (it = all; it->if_index != 0; it++) {
		struct ps_ifinfo info;
		char ignore[PS_ERRBUF];
		int idx = (int)it->if_index;

		if (ps_if_lookup(it->if_name, &info, ignore) != 0)
			continue; /* down or vanished */
		if (!(info.flags & IFF_LOOPBACK) && (info.flags & IFF_RUNNING) &&
		    (best == 0 || idx < best)) {
			best = idx;
			snprintf(best_name, sizeof best_name, "%s", it->if_name);
		}
		if (best_up == 0 || idx < best_up) {
			best_up = idx;
			snprintf(up_name, sizeof up_name, "%s", it->if_name);
		}
	}
	if_freenameindex(all);
	if (best == 0 && best_up == 0) {
		snprintf(err, PS_ERRBUF, "no interface is up (use -i to choose one)");
		return PS_CAP_EOPEN;
	}
	snprintf(name, size, "%s", best ? best_name : up_name);
	return 0;
}

static unsigned mask_bits(const struct sockaddr *sa)
{
	const uint8_t *b;
	size_t n, i;
	unsigned bits = 0;

	if (sa == NULL)
		return 0;
	if (sa->sa_family == AF_INET) {
		b = (const uint8_t *)&((const struct sockaddr_in *)(const void *)sa)->sin_addr;
		n = 4;
	} else {
		b = ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr;
		n = 16;
	}
	for (i = 0; i < n; i++)
		bits += (unsigned)__builtin_popcount(b[i]);
	return bits;
}

/* One address of an interface: MAC for AF_PACKET, "addr/prefix" for IP. */
static void print_addr(FILE *out, const struct ifaddrs *a)
{
	char buf[INET6_ADDRSTRLEN];
	const void *src;
	int fam = a->ifa_addr->sa_family;

	if (fam == AF_PACKET) {
		const struct sockaddr_ll *ll = (const struct sockaddr_ll *)(const void *)a->ifa_addr;
		static const uint8_t zero[6];

		if (ll->sll_halen == 6 && memcmp(ll->sll_addr, zero, 6) != 0)
			fprintf(out, " %02x:%02x:%02x:%02x:%02x:%02x", ll->sll_addr[0], ll->sll_addr[1],
				ll->sll_addr[2], ll->sll_addr[3], ll->sll_addr[4], ll->sll_addr[5]);
		return;
	}
	if (fam == AF_INET)
		src = &((const struct sockaddr_in *)(const void *)a->ifa_addr)->sin_addr;
	else if (fam == AF_INET6)
		src = &((const struct sockaddr_in6 *)(const void *)a->ifa_addr)->sin6_addr;
	else
		return;
	if (inet_ntop(fam, src, buf, sizeof buf) != NULL)
		fprintf(out, " %s/%u", buf, mask_bits(a->ifa_netmask));
}

static void print_one(FILE *out, const struct if_nameindex *it, const struct ifaddrs *addrs)
{
	struct ps_ifinfo info;
	char why[PS_ERRBUF];
	const struct ifaddrs *a;
	const char *state;

	/* the lookup fills index and flags even for an interface that is down */
	(void)ps_if_lookup(it->if_name, &info, why);
	state = info.index == 0 ? "?" : (info.flags & IFF_UP) ? "up" : "down";
	fprintf(out, "%u %s [%s", it->if_index, it->if_name, state);
	if (info.flags & IFF_RUNNING)
		fputs(", running", out);
	if (info.flags & IFF_LOOPBACK)
		fputs(", loopback", out);
	if (info.flags & IFF_PROMISC)
		fputs(", promisc", out);
	fputc(']', out);
	for (a = addrs; a != NULL; a = a->ifa_next)
		if (a->ifa_addr != NULL && strcmp(a->ifa_name, it->if_name) == 0)
			print_addr(out, a);
	fputc('\n', out);
}

static int by_index(const void *x, const void *y)
{
	unsigned a = ((const struct if_nameindex *)x)->if_index;
	unsigned b = ((const struct if_nameindex *)y)->if_index;

	return (a > b) - (a < b);
}

int ps_iflist_print(FILE *out, char *err)
{
	struct if_nameindex *all = if_nameindex();
	struct ifaddrs *addrs = NULL;
	size_t n = 0, i;

	if (all == NULL || getifaddrs(&addrs) < 0) {
		snprintf(err, PS_ERRBUF, "cannot list interfaces: %s", strerror(errno));
		if (all != NULL)
			if_freenameindex(all);
		return -1;
	}
	while (all[n].if_index != 0)
		n++;
	qsort(all, n, sizeof all[0], by_index);
	for (i = 0; i < n; i++)
		print_one(out, &all[i], addrs);
	fputs("- any [pseudo-device: every interface, cooked link layer (LINUX_SLL2)]\n", out);
	freeifaddrs(addrs);
	if_freenameindex(all);
	return 0;
}
