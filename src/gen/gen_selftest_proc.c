/* SPDX-License-Identifier: BSD-2-Clause */
/* pktscope-gen selftest: child processes. Each child gets its own process
 * group (so one kill reaches anything it forks, and a ^C on the terminal
 * reaches only the selftest, which then stops them in order), its output
 * in the scratch directory, and a bounded wait; every pid is recorded in
 * the environment until it is reaped. */
#include "gen_selftest.h"
#include "gen_signal.h"

#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ST_MAX_ARGS 48

const char *st_path(const struct st_env *e, const char *name, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s/%s", e->dir, name);
	return buf;
}

static int st_redirect(const char *path, int flags, int target)
{
	int fd = open(path, flags, 0600);

	if (fd < 0 || dup2(fd, target) < 0)
		return -1;
	if (fd != target)
		close(fd);
	return 0;
}

/* In the child: its own group, default signals, output files. 0 or -1. */
static int st_child_setup(const struct st_env *e, const char *name)
{
	char path[PATH_MAX + 40];

	setpgid(0, 0);
	/* SIG_IGN survives exec: the generators expect SIGPIPE as a default
	 * disposition they choose themselves, and SIGINT must reach them. */
	signal(SIGPIPE, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	snprintf(path, sizeof path, "%s/%s.out", e->dir, name);
	if (st_redirect("/dev/null", O_RDONLY, 0) < 0 ||
	    st_redirect(path, O_WRONLY | O_CREAT | O_TRUNC, 1) < 0)
		return -1;
	snprintf(path, sizeof path, "%s/%s.err", e->dir, name);
	return st_redirect(path, O_WRONLY | O_CREAT | O_TRUNC, 2);
}

/* In the child: never returns. */
static void st_child(const struct st_env *e, enum st_where where, const char *name,
		     const char *const argv[])
{
	const char *args[ST_MAX_ARGS + 5];
	size_t n = 0;

	if (st_child_setup(e, name) < 0)
		_exit(127);
	if (where != ST_HOST) {
		args[n++] = "ip";
		args[n++] = "netns";
		args[n++] = "exec";
		args[n++] = e->ns[where];
	}
	for (size_t i = 0; argv[i] && i < ST_MAX_ARGS; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	execvp(args[0], (char *const *)args);
	fprintf(stderr, "exec %s: %s\n", args[0], strerror(errno));
	_exit(127);
}

/* In the child: joins the namespace, runs fn, never returns. */
static void st_child_fn(struct st_env *e, enum st_where where, const char *name,
			int (*fn)(struct st_env *e, void *arg), void *arg)
{
	char path[PATH_MAX];
	int fd;

	if (st_child_setup(e, name) < 0)
		_exit(127);
	snprintf(path, sizeof path, "/run/netns/%s", e->ns[where]);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || setns(fd, CLONE_NEWNET) < 0) {
		fprintf(stderr, "setns %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(fd);
	e->nprocs = 0; /* the parent's children are not this process's to kill */
	fflush(stdout);
	_exit(fn(e, arg));
}

/* Records pid as a child of the run. */
static void st_record(struct st_env *e, pid_t pid, const char *name)
{
	setpgid(pid, pid); /* both sides: no window where a kill of the group misses */
	e->procs[e->nprocs].pid = pid;
	snprintf(e->procs[e->nprocs].name, sizeof e->procs[0].name, "%s", name);
	e->nprocs++;
}

pid_t st_spawn_fn(struct st_env *e, enum st_where where, const char *name,
		  int (*fn)(struct st_env *e, void *arg), void *arg, char *err, size_t errlen)
{
	pid_t pid;

	if (e->nprocs == ST_MAX_PROCS) {
		snprintf(err, errlen, "more than %d children at once", ST_MAX_PROCS);
		return -1;
	}
	fflush(stdout);
	if ((pid = fork()) < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0)
		st_child_fn(e, where, name, fn, arg);
	st_record(e, pid, name);
	return pid;
}

pid_t st_spawn(struct st_env *e, enum st_where where, const char *name,
	       const char *const argv[], char *err, size_t errlen)
{
	pid_t pid;

	if (e->nprocs == ST_MAX_PROCS) {
		snprintf(err, errlen, "more than %d children at once", ST_MAX_PROCS);
		return -1;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0)
		st_child(e, where, name, argv);
	st_record(e, pid, name);
	if (e->verbose) {
		fprintf(stderr, "selftest: [%ld] %s:", (long)pid, where == ST_HOST ? "host" : e->ns[where]);
		for (size_t i = 0; argv[i]; i++)
			fprintf(stderr, " %s", argv[i]);
		fputc('\n', stderr);
	}
	return pid;
}

static void st_forget(struct st_env *e, pid_t pid)
{
	for (size_t i = 0; i < e->nprocs; i++) {
		if (e->procs[i].pid != pid)
			continue;
		e->procs[i] = e->procs[--e->nprocs];
		return;
	}
}

static void st_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static int st_status_code(int st)
{
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int st_wait(struct st_env *e, pid_t pid, long long ms)
{
	int64_t end = st_now_ms() + st_left(e, ms);
	int st;

	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r == pid || (r < 0 && errno != EINTR)) {
			st_forget(e, pid);
			return r == pid ? st_status_code(st) : -1;
		}
		if (st_stopping(e) || st_now_ms() >= end)
			break;
		st_sleep_ms(5);
	}
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	st_forget(e, pid);
	return st_now_ms() >= end || !gen_signal_stopping() ? -1 : -2;
}

int st_signal_wait(struct st_env *e, pid_t pid, int sig, long long ms)
{
	kill(-pid, sig);
	return st_wait(e, pid, ms);
}

int st_run(struct st_env *e, enum st_where where, const char *name, const char *const argv[])
{
	char err[160];
	pid_t pid = st_spawn(e, where, name, argv, err, sizeof err);

	if (pid < 0)
		return -3;
	return st_wait(e, pid, e->step_ms);
}

long st_slurp(const struct st_env *e, const char *name, const char *suffix, char *buf, size_t cap)
{
	char path[PATH_MAX + 64];
	size_t n = 0;
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s%s", e->dir, name, suffix);
	buf[0] = '\0';
	if (!(fp = fopen(path, "r")))
		return -1;
	n = fread(buf, 1, cap - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return (long)n;
}

int st_await(struct st_env *e, pid_t pid, const char *name, const char *suffix,
	     const char *text, long long ms)
{
	int64_t end = st_now_ms() + st_left(e, ms);
	char buf[4096];

	for (;;) {
		if (st_slurp(e, name, suffix, buf, sizeof buf) >= 0 && strstr(buf, text))
			return 0;
		siginfo_t si;

		/* WNOWAIT: a dead child stays a zombie for st_wait() to reap. */
		si.si_pid = 0;
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0 || si.si_pid ||
		    st_stopping(e) || st_now_ms() >= end)
			return -1;
		st_sleep_ms(10);
	}
}

void st_kill_all(struct st_env *e)
{
	while (e->nprocs) {
		pid_t pid = e->procs[e->nprocs - 1].pid;

		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		e->nprocs--;
	}
}
