/* SPDX-License-Identifier: BSD-2-Clause */
/* Socket helpers for pktscope-gen: address parsing, listeners, connects. */
#include "gen_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* Splits "host:port" / "[v6]:port" / ":port" / "port" into host and port. */
static int split_hostport(const char *spec, char *host, size_t hlen, char *port,
                          size_t plen)
{
	const char *colon;
	size_t n;

	host[0] = '\0';
	if (spec[0] == '[') {
		const char *end = strchr(spec, ']');
		if (!end || end[1] != ':' || !end[2])
			return -1;
		n = (size_t)(end - spec - 1);
		if (n == 0 || n >= hlen)
			return -1;
		memcpy(host, spec + 1, n);
		host[n] = '\0';
		snprintf(port, plen, "%s", end + 2);
		return 0;
	}
	colon = strrchr(spec, ':');
	if (!colon) { /* bare port */
		snprintf(port, plen, "%s", spec);
		return 0;
	}
	if (strchr(spec, ':') != colon) /* v6 without brackets */
		return -1;
	n = (size_t)(colon - spec);
	if (n >= hlen || !colon[1])
		return -1;
	memcpy(host, spec, n);
	host[n] = '\0';
	snprintf(port, plen, "%s", colon + 1);
	return 0;
}

static int port_valid(const char *port)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(port, &end, 10);
	return *port && !*end && errno == 0 && v >= 0 && v <= 65535;
}

int gen_addr_parse(const char *spec, int passive, struct gen_addr *out,
                   char *err, size_t errlen)
{
	char host[256], port[16];
	struct addrinfo hints, *res = NULL;
	int rc;

	if (!spec || split_hostport(spec, host, sizeof host, port, sizeof port) < 0) {
		snprintf(err, errlen, "bad address '%s': expected HOST:PORT or [IPV6]:PORT",
		         spec ? spec : "");
		return -1;
	}
	if (!port_valid(port)) {
		snprintf(err, errlen, "bad address '%s': expected HOST:PORT with a port 0..65535", spec);
		return -1;
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0);
	hints.ai_socktype = SOCK_STREAM;
	if (!host[0] && passive)
		snprintf(host, sizeof host, "::");
	rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
	if (rc != 0) {
		snprintf(err, errlen, "bad address '%s': %s", spec, gai_strerror(rc));
		return -1;
	}
	memset(out, 0, sizeof *out);
	memcpy(&out->ss, res->ai_addr, res->ai_addrlen);
	out->len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

const char *gen_addr_format(const struct sockaddr *sa, socklen_t len, char *buf,
                            size_t buflen)
{
	char host[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];

	if (sa->sa_family == AF_UNIX) {
		const struct sockaddr_un *un = (const struct sockaddr_un *)sa;
		snprintf(buf, buflen, "%s", len > sizeof(sa_family_t) && un->sun_path[0]
		         ? un->sun_path : "unix:(unnamed)");
		return buf;
	}
	if (getnameinfo(sa, len, host, sizeof host, NULL, 0, NI_NUMERICHOST) != 0) {
		snprintf(buf, buflen, "(family %d)", sa->sa_family);
		return buf;
	}
	if (sa->sa_family == AF_INET6)
		snprintf(buf, buflen, "[%s]:%u", host,
		         ntohs(((const struct sockaddr_in6 *)sa)->sin6_port));
	else
		snprintf(buf, buflen, "%s:%u", host,
		         ntohs(((const struct sockaddr_in *)sa)->sin_port));
	return buf;
}

int gen_local_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
		return -1;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return -1;
}

int gen_set_nonblock(int fd, int on)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0)
		return -1;
	fl = on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK;
	return fcntl(fd, F_SETFL, fl);
}

int gen_set_nodelay(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	int one = 1, type = 0;
	socklen_t tlen = sizeof type;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0 ||
	    getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tlen) < 0)
		return -1;
	if ((ss.ss_family != AF_INET && ss.ss_family != AF_INET6) || type != SOCK_STREAM)
		return 0;
	return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

/* One line for a bind() failure, with the hint people need. */
static void bind_error(const char *where, int e, char *err, size_t errlen)
{
	if (e == EADDRINUSE)
		snprintf(err, errlen, "%s: address already in use (port in use)", where);
	else if (e == EACCES || e == EPERM)
		snprintf(err, errlen, "%s: permission denied (ports < 1024 need "
		         "CAP_NET_BIND_SERVICE; UNIX paths need write access)", where);
	else if (e == EADDRNOTAVAIL)
		snprintf(err, errlen, "%s: address not available on this host", where);
	else
		snprintf(err, errlen, "%s: bind: %s", where, strerror(e));
}

int gen_listen_ip(const struct gen_addr *a, int type, int v6only, int backlog,
                  char *err, size_t errlen)
{
	char where[GEN_ADDR_STRLEN];
	int fd, one = 1, e;

	gen_addr_format((const struct sockaddr *)&a->ss, a->len, where, sizeof where);
	fd = socket(a->ss.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "%s: socket: %s", where, strerror(errno));
		return -1;
	}
	if (type == SOCK_STREAM)
		(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (a->ss.ss_family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only) < 0) {
		snprintf(err, errlen, "%s: IPV6_V6ONLY: %s", where, strerror(errno));
		goto fail;
	}
	if (bind(fd, (const struct sockaddr *)&a->ss, a->len) < 0) {
		bind_error(where, errno, err, errlen);
		goto fail;
	}
	if (type == SOCK_STREAM && listen(fd, backlog) < 0) {
		snprintf(err, errlen, "%s: listen: %s", where, strerror(errno));
		goto fail;
	}
	return fd;
fail:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

/* A socket file nobody accepts on is stale: connect() gets ECONNREFUSED. */
static int unix_is_stale(const struct sockaddr_un *un, int type)
{
	int fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0), stale;

	if (fd < 0)
		return 0;
	stale = connect(fd, (const struct sockaddr *)un, sizeof *un) < 0 &&
	        errno == ECONNREFUSED;
	close(fd);
	return stale;
}

int gen_listen_unix(const char *path, int type, int backlog, char *err, size_t errlen)
{
	struct sockaddr_un un;
	struct stat st;
	int fd;

	memset(&un, 0, sizeof un);
	un.sun_family = AF_UNIX;
	if (!path[0] || strlen(path) >= sizeof un.sun_path) {
		snprintf(err, errlen, "bad address '%s': UNIX path must be 1..%zu bytes",
		         path, sizeof un.sun_path - 1);
		return -1;
	}
	memcpy(un.sun_path, path, strlen(path));
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			snprintf(err, errlen, "%s: exists and is not a socket; refusing to replace it", path);
			return -1;
		}
		if (unix_is_stale(&un, type) && unlink(path) < 0) {
			snprintf(err, errlen, "%s: cannot remove stale socket: %s", path, strerror(errno));
			return -1;
		}
	}
	fd = socket(AF_UNIX, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "%s: socket: %s", path, strerror(errno));
		return -1;
	}
	if (bind(fd, (struct sockaddr *)&un, sizeof un) < 0) {
		bind_error(path, errno, err, errlen);
		close(fd);
		return -1;
	}
	if (type == SOCK_STREAM && listen(fd, backlog) < 0) {
		snprintf(err, errlen, "%s: listen: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	return fd;
}

int gen_connect_start(const struct sockaddr *sa, socklen_t len, int type,
                      char *err, size_t errlen)
{
	char where[GEN_ADDR_STRLEN];
	int fd = socket(sa->sa_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	if (connect(fd, sa, len) < 0 && errno != EINPROGRESS && errno != EAGAIN) {
		snprintf(err, errlen, "connect %s: %s",
		         gen_addr_format(sa, len, where, sizeof where), strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int gen_connect_result(int fd, char *err, size_t errlen)
{
	int e = 0;
	socklen_t len = sizeof e;

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0)
		e = errno;
	if (e) {
		snprintf(err, errlen, "connect: %s", strerror(e));
		return -1;
	}
	return 0;
}

long long gen_parse_ms(const char *s)
{
	char *end;
	double v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || v < 0 || v > 1e12)
		return -1;
	if (strcmp(end, "ms") == 0)
		return (long long)v;
	if (*end == '\0' || strcmp(end, "s") == 0)
		return (long long)(v * 1000.0);
	if (strcmp(end, "m") == 0)
		return (long long)(v * 60000.0);
	if (strcmp(end, "h") == 0)
		return (long long)(v * 3600000.0);
	return -1;
}

int gen_parse_u64(const char *s, int binary, unsigned long long *out)
{
	unsigned long long v, mul = 1, k = binary ? 1024 : 1000;
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	if (*end == 'k' || *end == 'K')
		mul = k;
	else if (*end == 'M')
		mul = k * k;
	else if (*end == 'G')
		mul = k * k * k;
	else if (*end)
		return -1;
	if (mul > 1 && end[1])
		return -1;
	if (v > ~0ULL / mul)
		return -1;
	*out = v * mul;
	return 0;
}

int gen_accept_nb(int lfd, struct sockaddr_storage *ss, socklen_t *len, const char *who)
{
	for (;;) {
		*len = sizeof *ss;
		int fd = accept4(lfd, (struct sockaddr *)ss, len, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd >= 0)
			return fd;
		if (errno == EINTR || errno == ECONNABORTED)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			int e = errno;
			fprintf(stderr, "pktscope-gen %s: accept: %s\n", who, strerror(e));
			errno = e;
		}
		return -1;
	}
}
