/* SPDX-License-Identifier: BSD-2-Clause */
/* Socket helpers shared by the pktscope-gen modules: address parsing and
 * formatting, listeners with one-line errors, non-blocking connects.
 *
 * Every function returns >= 0 on success or -1 with a one-line message in
 * the caller's err buffer, e.g. "127.0.0.1:5566: address already in use",
 * "bad address '1.2.3': ...", "[::1]:80: permission denied (ports < 1024
 * need CAP_NET_BIND_SERVICE)". Returned fds are owned by the caller and are
 * non-blocking and close-on-exec.
 */
#ifndef PS_GEN_NET_H
#define PS_GEN_NET_H

#include <stddef.h>
#include <sys/socket.h>

struct gen_addr {
	struct sockaddr_storage ss;
	socklen_t len;
};

/* Longest text gen_addr_format() writes: "[v6%scope]:port". */
#define GEN_ADDR_STRLEN 80

/* Parses "HOST:PORT", "[V6ADDR]:PORT", "[V6%IFACE]:PORT" or ":PORT"/"PORT"
 * (any address: "[::]" if passive and IPv6 is available, else 0.0.0.0).
 * HOST may be a name (getaddrinfo, first result). passive: for bind. */
int gen_addr_parse(const char *spec, int passive, struct gen_addr *out,
                   char *err, size_t errlen);

/* Formats an address as "1.2.3.4:80", "[::1]:80" or the UNIX path. */
const char *gen_addr_format(const struct sockaddr *sa, socklen_t len,
                            char *buf, size_t buflen);

/* Port of a bound socket (after binding to port 0), or -1. */
int gen_local_port(int fd);

int gen_set_nonblock(int fd, int on);

/* TCP_NODELAY on a TCP socket (no-op for others): request/response
 * latency must not wait for Nagle. Returns 0 or -1. */
int gen_set_nodelay(int fd);

/* Stream or datagram listener on an IP address. v6only: for an IPv6
 * address, 1 sets IPV6_V6ONLY, 0 clears it (dual-stack on [::]). For
 * SOCK_STREAM listen(backlog) is called. */
int gen_listen_ip(const struct gen_addr *a, int type, int v6only, int backlog,
                  char *err, size_t errlen);

/* UNIX listener at path. A stale socket file (nobody accepting) is removed;
 * a live one is "address already in use"; a non-socket file is refused. */
int gen_listen_unix(const char *path, int type, int backlog, char *err, size_t errlen);

/* accept4() a non-blocking, close-on-exec connection from a non-blocking
 * listener, retrying EINTR and ECONNABORTED.  Returns the fd, or -1 when
 * there is nothing (more) to accept; errors other than EAGAIN are printed
 * once as "pktscope-gen WHO: accept: ..." (errno is kept for the caller). */
int gen_accept_nb(int lfd, struct sockaddr_storage *ss, socklen_t *len, const char *who);

/* Starts a non-blocking connect; returns the fd (connect may be pending:
 * wait for writability then call gen_connect_result()). */
int gen_connect_start(const struct sockaddr *sa, socklen_t len, int type,
                      char *err, size_t errlen);

/* 0 if a pending connect succeeded, else -1 with err filled. */
int gen_connect_result(int fd, char *err, size_t errlen);

/* Parses a duration: "250ms", "1s", "1.5", "2m" (bare number = seconds).
 * Returns milliseconds >= 0, or -1 if malformed. */
long long gen_parse_ms(const char *s);

/* Parses an unsigned decimal with optional k/M/G suffix (1000-based for
 * rates, 1024-based if binary is set). Returns 0 and *out, or -1. */
int gen_parse_u64(const char *s, int binary, unsigned long long *out);

#endif
