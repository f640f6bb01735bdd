/* SPDX-License-Identifier: BSD-2-Clause */
/* test_gen_loop.c - ps_loop on every backend: file events, masks, unwatch
 * during dispatch, timers, stop flag, fd-table growth, select's limit. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "loop.h"

struct rec {
	int calls;
	int last_mask;
	int unwatch_fd; /* fd to unwatch from inside the handler, or -1 */
	char buf[64];
	ssize_t got;
};

static void rec_io(struct ps_loop *l, int fd, int mask, void *ctx)
{
	struct rec *r = ctx;

	r->calls++;
	r->last_mask = mask;
	if (mask & PS_LOOP_READ)
		r->got = read(fd, r->buf, sizeof r->buf);
	if (r->unwatch_fd >= 0)
		ps_loop_unwatch(l, r->unwatch_fd);
}

static struct ps_loop *new_loop(const char *name)
{
	char err[160];
	struct ps_loop *l = ps_loop_new(name, err, sizeof err);

	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_STRING_EQUAL(ps_loop_backend(l), name);
	return l;
}

static void each_backend(void (*fn)(const char *name))
{
	for (int i = 0; ps_loop_backend_names[i]; i++)
		fn(ps_loop_backend_names[i]);
}

static void read_event_one(const char *name)
{
	struct ps_loop *l = new_loop(name);
	struct rec r = { .unwatch_fd = -1 };
	char err[160];
	int sv[2];

	CU_ASSERT_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CU_ASSERT_EQUAL(ps_loop_watch(l, sv[0], PS_LOOP_READ, rec_io, &r, err, sizeof err), 0);
	CU_ASSERT_EQUAL(ps_loop_once(l, 0, err, sizeof err), 0); /* nothing yet */
	CU_ASSERT_EQUAL(write(sv[1], "hello", 5), 5);
	CU_ASSERT_EQUAL(ps_loop_once(l, 1000, err, sizeof err), 1);
	CU_ASSERT_EQUAL(r.calls, 1);
	CU_ASSERT_EQUAL(r.last_mask, PS_LOOP_READ);
	CU_ASSERT_EQUAL(r.got, 5);
	/* A closed peer is reported as readable; read() then returns 0. */
	close(sv[1]);
	CU_ASSERT_EQUAL(ps_loop_once(l, 1000, err, sizeof err), 1);
	CU_ASSERT_EQUAL(r.got, 0);
	ps_loop_unwatch(l, sv[0]);
	close(sv[0]);
	ps_loop_free(l);
}

static void test_gen_loop_read_event(void)
{
	each_backend(read_event_one);
}

static void masks_one(const char *name)
{
	struct ps_loop *l = new_loop(name);
	struct rec r = { .unwatch_fd = -1 };
	char err[160];
	int sv[2];

	CU_ASSERT_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CU_ASSERT_EQUAL(ps_loop_watch(l, sv[0], PS_LOOP_WRITE, rec_io, &r, err, sizeof err), 0);
	CU_ASSERT_EQUAL(ps_loop_mask(l, sv[0]), PS_LOOP_WRITE);
	CU_ASSERT_EQUAL(ps_loop_once(l, 1000, err, sizeof err), 1);
	CU_ASSERT_EQUAL(r.last_mask, PS_LOOP_WRITE);
	/* NONE: registered but silent, even with data waiting. */
	CU_ASSERT_EQUAL(write(sv[1], "x", 1), 1);
	CU_ASSERT_EQUAL(ps_loop_set_mask(l, sv[0], PS_LOOP_NONE), 0);
	CU_ASSERT_EQUAL(ps_loop_once(l, 0, err, sizeof err), 0);
	CU_ASSERT_EQUAL(ps_loop_mask(l, sv[0]), PS_LOOP_NONE);
	CU_ASSERT_EQUAL(ps_loop_set_mask(l, sv[0], PS_LOOP_READ | PS_LOOP_WRITE), 0);
	CU_ASSERT_EQUAL(ps_loop_once(l, 1000, err, sizeof err), 1);
	CU_ASSERT_EQUAL(r.last_mask, PS_LOOP_READ | PS_LOOP_WRITE);
	ps_loop_unwatch(l, sv[0]);
	CU_ASSERT_EQUAL(ps_loop_mask(l, sv[0]), -1);
	CU_ASSERT_EQUAL(ps_loop_set_mask(l, sv[0], PS_LOOP_READ), -1);
	CU_ASSERT_EQUAL(ps_loop_once(l, 0, err, sizeof err), 0);
	close(sv[0]);
	close(sv[1]);
	ps_loop_free(l);
}

static void test_gen_loop_masks(void)
{
	each_backend(masks_one);
}

/* Two ready fds; whichever handler runs first unwatches the other, which
 * must then not be called in the same round. */
static void unwatch_one(const char *name)
{
	struct ps_loop *l = new_loop(name);
	struct rec a = { 0 }, b = { 0 };
	char err[160];
	int s1[2], s2[2];

	CU_ASSERT_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, s1) == 0);
	CU_ASSERT_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, s2) == 0);
	a.unwatch_fd = s2[0];
	b.unwatch_fd = s1[0];
	CU_ASSERT_EQUAL(ps_loop_watch(l, s1[0], PS_LOOP_WRITE, rec_io, &a, err, sizeof err), 0);
	CU_ASSERT_EQUAL(ps_loop_watch(l, s2[0], PS_LOOP_WRITE, rec_io, &b, err, sizeof err), 0);
	CU_ASSERT_EQUAL(ps_loop_once(l, 1000, err, sizeof err), 1);
	CU_ASSERT_EQUAL(a.calls + b.calls, 1);
	for (int i = 0; i < 2; i++) {
		close(s1[i]);
		close(s2[i]);
	}
	ps_loop_free(l);
}

static void test_gen_loop_unwatch_during_dispatch(void)
{
	each_backend(unwatch_one);
}

struct tctx {
	int fired;
	int rearm_times;
	struct ps_loop *stop_loop;
};

static long long tick(struct ps_loop *l, long long id, void *ctx)
{
	struct tctx *t = ctx;

	(void)id;
	t->fired++;
	if (t->stop_loop && t->fired > t->rearm_times) {
		ps_loop_stop(l);
		return PS_LOOP_NOMORE;
	}
	return t->fired > t->rearm_times ? PS_LOOP_NOMORE : 5;
}

static void timers_one(const char *name)
{
	struct ps_loop *l = new_loop(name);
	struct tctx once = { 0, 0, NULL }, rep = { 0, 3, NULL }, gone = { 0, 0, NULL };
	char err[160];
	long long t0 = ps_loop_now_ms(), id;

	rep.stop_loop = l;
	CU_ASSERT(ps_loop_timer_add(l, 10, tick, &once) > 0);
	CU_ASSERT(ps_loop_timer_add(l, 0, tick, &rep) > 0);
	id = ps_loop_timer_add(l, 1, tick, &gone);
	CU_ASSERT_EQUAL(ps_loop_timer_del(l, id), 0);
	CU_ASSERT_EQUAL(ps_loop_timer_del(l, id), -1);
	CU_ASSERT_EQUAL(ps_loop_run(l, err, sizeof err), 0);
	CU_ASSERT_EQUAL(rep.fired, 4);  /* 0, 5, 10, 15 ms, then stop */
	CU_ASSERT_EQUAL(once.fired, 1);
	CU_ASSERT_EQUAL(gone.fired, 0);
	CU_ASSERT(ps_loop_now_ms() - t0 >= 14);
	CU_ASSERT(ps_loop_now_ms() - t0 < 1000);
	ps_loop_free(l);
}

static void test_gen_loop_timers(void)
{
	each_backend(timers_one);
}

static void stop_flag_one(const char *name)
{
	static volatile sig_atomic_t flag;
	struct ps_loop *l = new_loop(name);
	char err[160];
	long long t0;

	flag = 1;
	ps_loop_stop_on(l, &flag);
	t0 = ps_loop_now_ms();
	CU_ASSERT_EQUAL(ps_loop_run(l, err, sizeof err), 0); /* returns although nothing is watched */
	CU_ASSERT(ps_loop_now_ms() - t0 < 500);
	flag = 0;
	ps_loop_free(l);
}

static void test_gen_loop_stop_flag(void)
{
	each_backend(stop_flag_one);
}

/* 300 ready fds grow the fd table past its initial size; all are seen. */
static void many_one(const char *name)
{
	enum { N = 300 };
	struct ps_loop *l = new_loop(name);
	static struct rec r[N];
	static int sv[N][2];
	char err[160];
	int total = 0, calls = 0;

	for (int i = 0; i < N; i++) {
		memset(&r[i], 0, sizeof r[i]);
		r[i].unwatch_fd = -1;
		CU_ASSERT_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, sv[i]) == 0);
		CU_ASSERT_FATAL(ps_loop_watch(l, sv[i][0], PS_LOOP_READ, rec_io, &r[i], err, sizeof err) == 0);
		CU_ASSERT_FATAL(write(sv[i][1], "z", 1) == 1);
	}
	for (int round = 0; round < 10 && total < N; round++)
		total += ps_loop_once(l, 1000, err, sizeof err);
	for (int i = 0; i < N; i++) {
		calls += r[i].calls;
		close(sv[i][0]);
		close(sv[i][1]);
	}
	CU_ASSERT_EQUAL(total, N);
	CU_ASSERT_EQUAL(calls, N);
	ps_loop_free(l);
}

static void test_gen_loop_many_fds(void)
{
	struct rlimit rl;

	CU_ASSERT_FATAL(getrlimit(RLIMIT_NOFILE, &rl) == 0);
	if (rl.rlim_cur < 700) {
		rl.rlim_cur = rl.rlim_max < 700 ? rl.rlim_max : 700;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
	each_backend(many_one);
}

/* select says FD_SETSIZE out loud; poll and epoll take the same fd. */
static void test_gen_loop_select_fd_setsize(void)
{
	struct rlimit rl;
	struct rec r = { .unwatch_fd = -1 };
	char err[160] = "";
	int fd;

	CU_ASSERT_FATAL(getrlimit(RLIMIT_NOFILE, &rl) == 0);
	if (rl.rlim_max <= FD_SETSIZE + 10) {
		printf("\n  SKIP: RLIMIT_NOFILE hard limit %lu is too low to open fd %d\n",
		       (unsigned long)rl.rlim_max, FD_SETSIZE + 5);
		return;
	}
	rl.rlim_cur = FD_SETSIZE + 10;
	CU_ASSERT_FATAL(setrlimit(RLIMIT_NOFILE, &rl) == 0);
	int sv[2];
	CU_ASSERT_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	fd = dup2(sv[0], FD_SETSIZE + 5);
	CU_ASSERT_FATAL(fd == FD_SETSIZE + 5);
	close(sv[0]);
	close(sv[1]);
	for (int i = 0; ps_loop_backend_names[i]; i++) {
		struct ps_loop *l = new_loop(ps_loop_backend_names[i]);
		int rc = ps_loop_watch(l, fd, PS_LOOP_READ, rec_io, &r, err, sizeof err);
		if (strcmp(ps_loop_backend_names[i], "select") == 0) {
			CU_ASSERT_EQUAL(rc, -1);
			CU_ASSERT_PTR_NOT_NULL(strstr(err, "FD_SETSIZE"));
		} else {
			CU_ASSERT_EQUAL(rc, 0);
		}
		ps_loop_free(l);
	}
	close(fd);
}

static void test_gen_loop_unknown_backend(void)
{
	char err[160] = "";

	CU_ASSERT_PTR_NULL(ps_loop_new("kqueue", err, sizeof err));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "unknown engine 'kqueue'"));
	CU_ASSERT_TRUE(ps_loop_backend_known("poll"));
	CU_ASSERT_FALSE(ps_loop_backend_known("thread"));
}

int main(void)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} cases[] = {
		{ "read_event", test_gen_loop_read_event },
		{ "masks", test_gen_loop_masks },
		{ "unwatch_during_dispatch", test_gen_loop_unwatch_during_dispatch },
		{ "timers", test_gen_loop_timers },
		{ "stop_flag", test_gen_loop_stop_flag },
		{ "many_fds", test_gen_loop_many_fds },
		{ "select_fd_setsize", test_gen_loop_select_fd_setsize },
		{ "unknown_backend", test_gen_loop_unknown_backend },
	};
	CU_pSuite s;
	unsigned fails;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("gen_loop", NULL, NULL);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		CU_add_test(s, cases[i].name, cases[i].fn);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	fails = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return fails ? 1 : 0;
}
