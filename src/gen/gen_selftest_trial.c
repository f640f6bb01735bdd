/* SPDX-License-Identifier: BSD-2-Clause */
/* pktscope-gen selftest: one trial = capture on the server's veth, a server
 * in the server namespace, a client in the client namespace, then the
 * server stopped with SIGINT (its graceful exit is part of the check) and
 * the capture stopped. The checks of each case then read the capture. */
#include "gen_selftest.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

void st_first_line(const struct st_env *e, const char *name, const char *suffix,
		   char *buf, size_t cap)
{
	st_slurp(e, name, suffix, buf, cap);
	buf[strcspn(buf, "\n")] = '\0';
	if (!buf[0])
		snprintf(buf, cap, "no output");
}

pid_t st_start(struct st_env *e, enum st_where where, const char *name,
	       const char *const argv[], const char *ready, char *err, size_t errlen)
{
	pid_t pid = st_spawn(e, where, name, argv, err, errlen);
	char line[256];

	if (pid < 0)
		return -1;
	if (st_await(e, pid, name, ".out", ready, e->step_ms) == 0)
		return pid;
	st_wait(e, pid, 0);
	st_first_line(e, name, ".err", line, sizeof line);
	snprintf(err, errlen, "%s did not start: %s", argv[1] ? argv[1] : argv[0], line);
	return -1;
}

/* The client: a command or a function; 0 when it exited as expected. */
static int st_trial_client(struct st_env *e, const struct st_trial *t, char *err, size_t errlen)
{
	char name[48], line[256];
	pid_t pid;
	int rc;

	snprintf(name, sizeof name, "%s-client", t->name);
	if (t->client_fn)
		pid = st_spawn_fn(e, ST_CLIENT, name, t->client_fn, t->arg, err, errlen);
	else
		pid = st_spawn(e, ST_CLIENT, name, t->client, err, errlen);
	if (pid < 0)
		return -1;
	rc = st_wait(e, pid, e->step_ms);
	if (rc == t->client_rc)
		return 0;
	st_first_line(e, name, ".err", line, sizeof line);
	snprintf(err, errlen, "client exit %d (want %d)%s: %s", rc, t->client_rc,
		 rc == -1 ? " [timed out]" : rc == -2 ? " [interrupted]" : "", line);
	return -1;
}

int st_trial_run(struct st_env *e, const struct st_trial *t, struct st_cap *c)
{
	char err[400], name[48];
	pid_t srv = -1;
	int rc;

	c->pid = -1;
	if (t->source && st_cap_start(e, c, t->name, t->source, t->filter, err, sizeof err) < 0)
		goto fail;
	snprintf(name, sizeof name, "%s-server", t->name);
	if (t->server && (srv = st_start(e, ST_SERVER, name, t->server, t->ready, err, sizeof err)) < 0)
		goto fail;
	if (st_trial_client(e, t, err, sizeof err) < 0)
		goto fail;
	if (srv > 0 && (rc = st_signal_wait(e, srv, SIGINT, e->step_ms)) != 0) {
		srv = -1;
		snprintf(err, sizeof err, "server: exit %d after SIGINT (want 0)", rc);
		goto fail;
	}
	srv = -1;
	if (t->source && st_cap_stop(e, c, err, sizeof err) < 0)
		goto fail;
	return 0;
fail:
	if (srv > 0)
		st_wait(e, srv, 0);
	if (c->pid > 0)
		st_wait(e, c->pid, 0);
	c->pid = -1;
	st_row(e, ST_FAIL, t->row, "%s", err);
	return -1;
}
