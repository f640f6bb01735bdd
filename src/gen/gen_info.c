/* SPDX-License-Identifier: BSD-2-Clause */
/* pktscope-gen info: the host name and every interface with its flags,
 * MTU, MAC and IPv4/IPv6 addresses (getifaddrs), as text or --json. */
#include <arpa/inet.h>
#include <getopt.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gen_json.h"
#include "gen_modules.h"

static int prefix_len(const struct sockaddr *mask)
{
	const unsigned char *p;
	int n = 0, len;

	if (!mask)
		return -1;
	if (mask->sa_family == AF_INET) {
		p = (const unsigned char *)&((const struct sockaddr_in *)mask)->sin_addr;
		len = 4;
	} else {
		p = ((const struct sockaddr_in6 *)mask)->sin6_addr.s6_addr;
		len = 16;
	}
	for (int i = 0; i < len; i++)
		n += __builtin_popcount(p[i]);
	return n;
}

static const char *v6_scope(const struct sockaddr_in6 *s6)
{
	const struct in6_addr *a = &s6->sin6_addr;

	if (IN6_IS_ADDR_LOOPBACK(a))
		return "host";
	if (IN6_IS_ADDR_LINKLOCAL(a))
		return "link";
	if (IN6_IS_ADDR_SITELOCAL(a))
		return "site";
	return "global";
}

static int if_mtu(const char *name)
{
	char path[64];
	int mtu = -1;
	FILE *fp;

	snprintf(path, sizeof path, "/sys/class/net/%s/mtu", name);
	fp = fopen(path, "r");
	if (fp) {
		if (fscanf(fp, "%d", &mtu) != 1)
			mtu = -1;
		fclose(fp);
	}
	return mtu;
}

/* The interface's hardware address as the kernel shows it in sysfs (like the
 * MTU above), "" if none; at most 8 bytes, as an AF_PACKET address holds.
 * Read from sysfs rather than getifaddrs' AF_PACKET entries so that only
 * capture code includes <linux/if_packet.h> (docs/layout.md). */
static void if_mac(const char *name, char *buf, size_t len)
{
	char path[64], line[128];
	unsigned byte;
	FILE *fp;
	int off = 0;

	buf[0] = '\0';
	snprintf(path, sizeof path, "/sys/class/net/%s/address", name);
	fp = fopen(path, "r");
	if (!fp)
		return;
	if (fgets(line, sizeof line, fp)) {
		const char *p = line;
		for (int k = 0; k < 8 && sscanf(p, "%2x", &byte) == 1; k++) {
			off += snprintf(buf + off, len - (size_t)off, "%s%02x", k ? ":" : "", byte);
			if (p[2] != ':')
				break;
			p += 3;
		}
	}
	fclose(fp);
}

static void if_flags(unsigned f, char *buf, size_t len)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ IFF_UP, "UP" }, { IFF_LOOPBACK, "LOOPBACK" }, { IFF_BROADCAST, "BROADCAST" },
		{ IFF_POINTOPOINT, "POINTOPOINT" }, { IFF_MULTICAST, "MULTICAST" },
		{ IFF_RUNNING, "RUNNING" }, { IFF_PROMISC, "PROMISC" },
	};
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (f & names[i].bit)
			off += (size_t)snprintf(buf + off, len - off, "%s%s", off ? "," : "", names[i].name);
}

/* One IPv4/IPv6 address of an interface. */
static void info_addr(const struct ifaddrs *i, int json, int *first)
{
	char a[INET6_ADDRSTRLEN + IF_NAMESIZE + 2], brd[INET_ADDRSTRLEN] = "";
	int fam = i->ifa_addr->sa_family;
	socklen_t len = fam == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);

	if (getnameinfo(i->ifa_addr, len, a, sizeof a, NULL, 0, NI_NUMERICHOST) != 0)
		return;
	if (fam == AF_INET && (i->ifa_flags & IFF_BROADCAST) && i->ifa_broadaddr)
		inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_broadaddr)->sin_addr, brd, sizeof brd);
	if (json) {
		printf("%s{\"family\":\"%s\",\"address\":\"%s\",\"prefix\":%d", *first ? "" : ",",
		       fam == AF_INET ? "ipv4" : "ipv6", a, prefix_len(i->ifa_netmask));
		if (brd[0])
			printf(",\"broadcast\":\"%s\"", brd);
		if (fam == AF_INET6)
			printf(",\"scope\":\"%s\"", v6_scope((struct sockaddr_in6 *)i->ifa_addr));
		printf("}");
	} else {
		printf("  %s %s/%d", fam == AF_INET ? "inet " : "inet6", a, prefix_len(i->ifa_netmask));
		if (brd[0])
			printf(" brd %s", brd);
		if (fam == AF_INET6)
			printf(" scope %s", v6_scope((struct sockaddr_in6 *)i->ifa_addr));
		printf("\n");
	}
	*first = 0;
}

static void info_iface(const struct ifaddrs *all, const struct ifaddrs *me, int json, int first_if)
{
	char flags[96], mac[32];
	int first = 1;

	if_flags(me->ifa_flags, flags, sizeof flags);
	if_mac(me->ifa_name, mac, sizeof mac);
	if (json) {
		printf("%s{\"name\":", first_if ? "" : ",");
		gen_json_str(stdout, me->ifa_name);
		printf(",\"index\":%u,\"flags\":\"%s\",\"mtu\":%d,\"mac\":\"%s\",\"addresses\":[",
		       if_nametoindex(me->ifa_name), flags, if_mtu(me->ifa_name), mac);
	} else {
		printf("interface %s (index %u) %s mtu %d%s%s\n", me->ifa_name,
		       if_nametoindex(me->ifa_name), flags, if_mtu(me->ifa_name), mac[0] ? " mac " : "", mac);
	}
	for (const struct ifaddrs *i = all; i; i = i->ifa_next)
		if (i->ifa_addr && strcmp(i->ifa_name, me->ifa_name) == 0 &&
		    (i->ifa_addr->sa_family == AF_INET || i->ifa_addr->sa_family == AF_INET6))
			info_addr(i, json, &first);
	if (json)
		printf("]}");
}

/* 1 if an earlier entry already named this interface. */
static int info_seen(const struct ifaddrs *all, const struct ifaddrs *me)
{
	for (const struct ifaddrs *i = all; i != me; i = i->ifa_next)
		if (strcmp(i->ifa_name, me->ifa_name) == 0)
			return 1;
	return 0;
}

int gen_info_main(int argc, char **argv)
{
	struct ifaddrs *all;
	char host[256];
	int json = 0, first = 1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = 1;
			continue;
		}
		int help = strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0;
		fputs("usage: pktscope-gen info [--json]\n"
		      "Print the host name and every interface: flags, MTU, MAC, addresses.\n",
		      help ? stdout : stderr);
		return help ? GEN_EXIT_OK : GEN_EXIT_USAGE;
	}
	if (gethostname(host, sizeof host) < 0 || getifaddrs(&all) < 0) {
		perror("pktscope-gen info");
		return GEN_EXIT_RUNTIME;
	}
	host[sizeof host - 1] = '\0';
	if (json) {
		printf("{\"hostname\":");
		gen_json_str(stdout, host);
		printf(",\"interfaces\":[");
	} else {
		printf("host %s\n", host);
	}
	for (const struct ifaddrs *i = all; i; i = i->ifa_next)
		if (!info_seen(all, i)) {
			info_iface(all, i, json, first);
			first = 0;
		}
	if (json)
		printf("]}\n");
	freeifaddrs(all);
	fflush(stdout);
	return GEN_EXIT_OK;
}
