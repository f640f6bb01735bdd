/* SPDX-License-Identifier: BSD-2-Clause */
/* test_gen_net.c - address parsing/formatting, listeners' one-line errors,
 * stale UNIX sockets, duration and size parsing. */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "gen_net.h"
#include "gen_server.h"

static const char *fmt(const struct gen_addr *a)
{
	static char buf[GEN_ADDR_STRLEN];

	return gen_addr_format((const struct sockaddr *)&a->ss, a->len, buf, sizeof buf);
}

static void test_gen_net_addr_parse_valid(void)
{
	/* spec, passive, expected formatted form */
	static const char *const ok[][2] = {
		{ "127.0.0.1:5566", "127.0.0.1:5566" },
		{ "[::1]:80", "[::1]:80" },
		{ "[::]:0", "[::]:0" },
		{ "0.0.0.0:65535", "0.0.0.0:65535" },
		{ "[::ffff:10.0.0.1]:7", "[::ffff:10.0.0.1]:7" },
		{ "localhost:22", NULL }, /* a name: resolves to 127.0.0.1 or ::1 */
	};
	struct gen_addr a;
	char err[160];

	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		CU_ASSERT_EQUAL_FATAL(gen_addr_parse(ok[i][0], 1, &a, err, sizeof err), 0);
		if (ok[i][1])
			CU_ASSERT_STRING_EQUAL(fmt(&a), ok[i][1]);
	}
	/* ":PORT" and "PORT" mean any address when passive. */
	CU_ASSERT_EQUAL(gen_addr_parse(":9000", 1, &a, err, sizeof err), 0);
	CU_ASSERT(strstr(fmt(&a), ":9000") != NULL);
	CU_ASSERT_EQUAL(gen_addr_parse("9001", 1, &a, err, sizeof err), 0);
	CU_ASSERT(strstr(fmt(&a), ":9001") != NULL);
	/* Scoped link-local keeps its interface. */
	CU_ASSERT_EQUAL(gen_addr_parse("[fe80::1%lo]:80", 0, &a, err, sizeof err), 0);
	CU_ASSERT_STRING_EQUAL(fmt(&a), "[fe80::1%lo]:80");
}

static void test_gen_net_addr_parse_invalid(void)
{
	static const char *const bad[] = {
		"", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1",
		"::1:80", "[::1]80", "[::1]:", "[]:80", "1.2.3.4:http", "256.1.1.1:80",
		"[::1:80", "host.invalid:80",
	};
	struct gen_addr a;
	char err[160];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		CU_ASSERT_EQUAL(gen_addr_parse(bad[i], 0, &a, err, sizeof err), -1);
		CU_ASSERT(strncmp(err, "bad address", 11) == 0);
		CU_ASSERT(strchr(err, '\n') == NULL);
	}
}

static void test_gen_net_port_in_use(void)
{
	struct gen_addr a;
	char err[160], spec[40];
	int fd1, fd2;

	CU_ASSERT_EQUAL_FATAL(gen_addr_parse("127.0.0.1:0", 1, &a, err, sizeof err), 0);
	fd1 = gen_listen_ip(&a, SOCK_STREAM, 0, 16, err, sizeof err);
	CU_ASSERT_FATAL(fd1 >= 0);
	snprintf(spec, sizeof spec, "127.0.0.1:%d", gen_local_port(fd1));
	CU_ASSERT_EQUAL_FATAL(gen_addr_parse(spec, 1, &a, err, sizeof err), 0);
	fd2 = gen_listen_ip(&a, SOCK_STREAM, 0, 16, err, sizeof err);
	CU_ASSERT_EQUAL(fd2, -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "address already in use"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, spec));
	close(fd1);
	/* An address that is not on this host. */
	CU_ASSERT_EQUAL_FATAL(gen_addr_parse("192.0.2.1:0", 1, &a, err, sizeof err), 0);
	CU_ASSERT_EQUAL(gen_listen_ip(&a, SOCK_STREAM, 0, 16, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "not available"));
}

static void test_gen_net_dual_stack(void)
{
	struct gen_addr a, c;
	char err[160], spec[40];
	int lfd, cfd, one = -1;
	socklen_t len = sizeof one;

	if (gen_addr_parse("[::]:0", 1, &a, err, sizeof err) < 0 ||
	    (lfd = gen_listen_ip(&a, SOCK_STREAM, 0, 16, err, sizeof err)) < 0) {
		printf("\n  SKIP: no IPv6 on this host (%s)\n", err);
		return;
	}
	CU_ASSERT_EQUAL(getsockopt(lfd, IPPROTO_IPV6, IPV6_V6ONLY, &one, &len), 0);
	CU_ASSERT_EQUAL(one, 0);
	/* An IPv4 client reaches the [::] listener. */
	snprintf(spec, sizeof spec, "127.0.0.1:%d", gen_local_port(lfd));
	CU_ASSERT_EQUAL_FATAL(gen_addr_parse(spec, 0, &c, err, sizeof err), 0);
	cfd = gen_connect_start((struct sockaddr *)&c.ss, c.len, SOCK_STREAM, err, sizeof err);
	CU_ASSERT_FATAL(cfd >= 0);
	usleep(50000);
	CU_ASSERT_EQUAL(gen_connect_result(cfd, err, sizeof err), 0);
	close(cfd);
	close(lfd);
	/* --v6only turns it on. */
	lfd = gen_listen_ip(&a, SOCK_STREAM, 1, 16, err, sizeof err);
	CU_ASSERT_FATAL(lfd >= 0);
	CU_ASSERT_EQUAL(getsockopt(lfd, IPPROTO_IPV6, IPV6_V6ONLY, &one, &len), 0);
	CU_ASSERT_EQUAL(one, 1);
	close(lfd);
}

static void test_gen_net_unix_stale_and_live(void)
{
	char dir[] = "/tmp/gennetXXXXXX", path[64], err[200];
	int fd, fd2;
	FILE *fp;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/s", dir);
	fd = gen_listen_unix(path, SOCK_STREAM, 4, err, sizeof err);
	CU_ASSERT_FATAL(fd >= 0);
	/* Live: a second server must not steal it. */
	CU_ASSERT_EQUAL(gen_listen_unix(path, SOCK_STREAM, 4, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "already in use"));
	/* Stale: the socket file of a dead server is replaced. */
	close(fd);
	fd2 = gen_listen_unix(path, SOCK_STREAM, 4, err, sizeof err);
	CU_ASSERT(fd2 >= 0);
	close(fd2);
	unlink(path);
	/* A regular file is never removed. */
	fp = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fclose(fp);
	CU_ASSERT_EQUAL(gen_listen_unix(path, SOCK_STREAM, 4, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "not a socket"));
	unlink(path);
	/* Permission: a directory we cannot write (skipped as root). */
	if (geteuid() != 0) {
		CU_ASSERT_EQUAL(gen_listen_unix("/proc/x.sock", SOCK_STREAM, 4, err, sizeof err), -1);
	}
	rmdir(dir);
}

static void test_gen_net_parse_numbers(void)
{
	unsigned long long v;

	CU_ASSERT_EQUAL(gen_parse_ms("250ms"), 250);
	CU_ASSERT_EQUAL(gen_parse_ms("2s"), 2000);
	CU_ASSERT_EQUAL(gen_parse_ms("1.5"), 1500);
	CU_ASSERT_EQUAL(gen_parse_ms("2m"), 120000);
	CU_ASSERT_EQUAL(gen_parse_ms("0"), 0);
	CU_ASSERT_EQUAL(gen_parse_ms("-1"), -1);
	CU_ASSERT_EQUAL(gen_parse_ms("1x"), -1);
	CU_ASSERT_EQUAL(gen_parse_ms(""), -1);
	CU_ASSERT_EQUAL(gen_parse_u64("64k", 1, &v), 0);
	CU_ASSERT_EQUAL(v, 65536);
	CU_ASSERT_EQUAL(gen_parse_u64("10k", 0, &v), 0);
	CU_ASSERT_EQUAL(v, 10000);
	CU_ASSERT_EQUAL(gen_parse_u64("1G", 1, &v), 0);
	CU_ASSERT_EQUAL(v, 1ULL << 30);
	CU_ASSERT_EQUAL(gen_parse_u64("18446744073709551615", 0, &v), 0);
	CU_ASSERT_EQUAL(v, ~0ULL);
	CU_ASSERT_EQUAL(gen_parse_u64("18446744073709551616", 0, &v), -1);
	CU_ASSERT_EQUAL(gen_parse_u64("99999999999999G", 0, &v), -1);
	CU_ASSERT_EQUAL(gen_parse_u64("-5", 0, &v), -1);
	CU_ASSERT_EQUAL(gen_parse_u64("5kk", 0, &v), -1);
}

static void test_gen_net_server_opts(void)
{
	struct gen_srv_opts o;
	char err[160];

	gen_srv_opts_init(&o);
	CU_ASSERT_STRING_EQUAL(o.engine, "epoll");
	CU_ASSERT_EQUAL(gen_srv_opt(&o, GEN_OPT_ENGINE, "thread", err, sizeof err), 1);
	CU_ASSERT_EQUAL(gen_srv_opt(&o, GEN_OPT_ENGINE, "kqueue", err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "unknown engine"));
	CU_ASSERT_EQUAL(gen_srv_opt(&o, GEN_OPT_MAXCONNS, "0", err, sizeof err), -1);
	CU_ASSERT_EQUAL(gen_srv_opt(&o, GEN_OPT_IDLE, "3s", err, sizeof err), 1);
	CU_ASSERT_EQUAL(o.idle_ms, 3000);
	CU_ASSERT_EQUAL(gen_srv_opt(&o, GEN_OPT_BUFFER, "1k", err, sizeof err), 1);
	CU_ASSERT_EQUAL(o.bufsize, 1024);
	CU_ASSERT_EQUAL(gen_srv_opt(&o, 'x', NULL, err, sizeof err), 0);
}

int main(void)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} cases[] = {
		{ "addr_parse_valid", test_gen_net_addr_parse_valid },
		{ "addr_parse_invalid", test_gen_net_addr_parse_invalid },
		{ "port_in_use", test_gen_net_port_in_use },
		{ "dual_stack", test_gen_net_dual_stack },
		{ "unix_stale_and_live", test_gen_net_unix_stale_and_live },
		{ "parse_numbers", test_gen_net_parse_numbers },
		{ "server_opts", test_gen_net_server_opts },
	};
	CU_pSuite s;
	unsigned fails;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("gen_net", NULL, NULL);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		CU_add_test(s, cases[i].name, cases[i].fn);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	fails = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return fails ? 1 : 0;
}
