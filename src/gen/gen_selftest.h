/* SPDX-License-Identifier: BSD-2-Clause */
/* Internal interface of `pktscope-gen selftest`: the environment (two
 * network namespaces joined by a veth pair, a scratch directory, the child
 * processes), the result table, and the helpers the checks are built from.
 *
 * Ownership: one struct st_env lives in gen_selftest_main(); every child
 * process is recorded in env->procs until it is reaped, so st_cleanup()
 * can kill what is left on any exit path (failure, timeout, SIGINT).
 * Nothing here prints except st_table_print() and the -v trace.
 */
#ifndef PS_GEN_SELFTEST_H
#define PS_GEN_SELFTEST_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ST_MAX_PROCS 16 /* children alive at once (servers, captures, clients) */
#define ST_MAX_ROWS 64  /* rows of the result table */
#define ST_EXIT_SKIP 77 /* cannot run here: not root, no ip(8), no netns */

enum st_status { ST_PASS, ST_FAIL, ST_SKIP };

/* Which network namespace a child runs in. */
enum st_where { ST_HOST = -1, ST_CLIENT = 0, ST_SERVER = 1 };

struct st_row {
	char name[80];
	enum st_status status;
	char reason[200];
};

struct st_proc {
	pid_t pid; /* also its process group: children call setpgid(0, 0) */
	char name[32];
};

struct st_env {
	char ns[2][32];        /* namespace names, unique per run: pstest<pid>c / s */
	char veth[2][16];      /* veth ends (IFNAMSIZ) */
	char addr[2][16];      /* IPv4 addresses, 10.199.0.1 and .2 (/24) */
	char bcast[16];        /* the /24's broadcast address */
	char self[PATH_MAX];   /* this binary, resolved before any exec */
	char pktscope[PATH_MAX];
	char dir[PATH_MAX];    /* scratch directory: outputs, captures, files */
	char etc[PATH_MAX];    /* /etc/netns/<client ns>: hosts and resolv.conf */
	int ns_made[2], veth_made, etc_made;
	int64_t deadline;      /* monotonic ms: the whole run's --timeout */
	long long step_ms;     /* bound of one step (a client run, a wait) */
	int verbose, keep;
	struct st_proc procs[ST_MAX_PROCS];
	size_t nprocs;
	struct st_row rows[ST_MAX_ROWS];
	size_t nrows;
};

/* gen_selftest_env.c: rows and time */
void st_row(struct st_env *e, enum st_status s, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int64_t st_now_ms(void);
/* Milliseconds left for a step of at most ms: min(ms, until deadline), >= 0. */
long long st_left(const struct st_env *e, long long ms);
/* Non-zero when the run must stop: SIGINT/SIGTERM or the deadline passed. */
int st_stopping(const struct st_env *e);

/* gen_selftest_proc.c: children. argv[0] is a path or a name in PATH; the
 * child runs in `where` (through `ip netns exec`, which also mounts
 * /etc/netns/NS/FILE over /etc/FILE), with stdout/stderr in DIR/NAME.out and
 * DIR/NAME.err and stdin from /dev/null. Returns the pid or -1 (err). */
pid_t st_spawn(struct st_env *e, enum st_where where, const char *name,
	       const char *const argv[], char *err, size_t errlen);
/* Like st_spawn, but the child joins the namespace (setns) and runs fn;
 * fn's return value is the child's exit status. */
pid_t st_spawn_fn(struct st_env *e, enum st_where where, const char *name,
		  int (*fn)(struct st_env *e, void *arg), void *arg, char *err, size_t errlen);
/* Waits at most ms (and the deadline) for pid; on timeout or stop kills its
 * group and reaps it. Returns the exit status, 128+signal, or -1 timeout,
 * -2 interrupted. The child leaves env->procs either way. */
int st_wait(struct st_env *e, pid_t pid, long long ms);
/* Sends sig to pid's group, then st_wait(ms). */
int st_signal_wait(struct st_env *e, pid_t pid, int sig, long long ms);
/* st_spawn + st_wait(step_ms). Returns st_wait's value, or -3 if spawn failed. */
int st_run(struct st_env *e, enum st_where where, const char *name, const char *const argv[]);
/* Waits until DIR/NAME<suffix> contains text (0), the child died or the
 * time ran out (-1). */
int st_await(struct st_env *e, pid_t pid, const char *name, const char *suffix,
	     const char *text, long long ms);
/* Reads DIR/NAME<suffix> into buf (NUL-terminated, truncated to cap-1).
 * Returns the length read or -1. */
long st_slurp(const struct st_env *e, const char *name, const char *suffix, char *buf, size_t cap);
/* DIR/NAME into buf. */
const char *st_path(const struct st_env *e, const char *name, char *buf, size_t cap);
/* Kills and reaps every child still recorded. */
void st_kill_all(struct st_env *e);

/* gen_selftest_ns.c: the namespace pair. 0 or -1 (err). */
int st_ns_up(struct st_env *e, char *err, size_t errlen);
/* Removes what st_ns_up made (each step only if it was made). */
void st_ns_down(struct st_env *e);
/* Writes /etc/netns/<client>/NAME (made on first use, removed by st_ns_down). */
int st_ns_etc_file(struct st_env *e, const char *name, const char *text, char *err, size_t errlen);

/* gen_selftest_cap.c: pktscope captures on the server's veth. */
struct st_cap {
	pid_t pid;
	char name[32];
};
/* Starts pktscope -i <server veth> --source SOURCE -w DIR/NAME.pcap FILTER
 * and waits until it reads. 0 or -1 (err). */
int st_cap_start(struct st_env *e, struct st_cap *c, const char *name, const char *source,
		 const char *filter, char *err, size_t errlen);
/* Stops it (SIGINT after a short drain) and checks it exited 0 with no
 * kernel drop. 0 or -1 (err). */
int st_cap_stop(struct st_env *e, struct st_cap *c, char *err, size_t errlen);
/* Frames of the capture matching the display filter dfilter ("" = all), as
 * pktscope -r -Y decodes them; -1 if pktscope failed. */
long st_cap_count(struct st_env *e, const struct st_cap *c, const char *dfilter);
/* First value of field among frames matching dfilter into out; 0 or -1. */
int st_cap_field(struct st_env *e, const struct st_cap *c, const char *dfilter,
		 const char *field, char *out, size_t cap);
/* Integer value of "object":{... "key":N of the first frame matching
 * dfilter, from pktscope --json; -1 when absent. */
long st_cap_json_long(struct st_env *e, const struct st_cap *c, const char *dfilter,
		      const char *object, const char *key);
/* Flow records (--flows) of proto: how many, and how many ended with fin. -1 on error. */
int st_cap_flows(struct st_env *e, const struct st_cap *c, const char *proto,
		 long *n, long *fin);
/* -z probe row of stream id: received, expected, lost. 0, or -1 (no row). */
int st_cap_probe(struct st_env *e, const struct st_cap *c, uint32_t id,
		 long *received, long *expected, long *lost);

/* gen_selftest_trial.c */
/* First line of DIR/NAME<suffix> into buf ("no output" when empty). */
void st_first_line(const struct st_env *e, const char *name, const char *suffix,
		   char *buf, size_t cap);
/* Spawns a server and waits for ready in its stdout; pid, or -1 (err, the
 * server's first stderr line) after killing it. */
pid_t st_start(struct st_env *e, enum st_where where, const char *name,
	       const char *const argv[], const char *ready, char *err, size_t errlen);

struct st_trial {
	const char *row;                /* the table row on failure */
	const char *name;               /* output files: NAME.pcap, NAME-server.out, ... */
	const char *source, *filter;    /* pktscope --source and BPF filter */
	const char *const *server;      /* argv in the server namespace, or NULL */
	const char *ready;              /* text the server prints when it listens */
	const char *const *client;      /* argv in the client namespace ... */
	int (*client_fn)(struct st_env *e, void *arg); /* ... or a function there */
	void *arg;
	int client_rc;                  /* the client's expected exit status */
};
/* Capture, server, client, server stopped with SIGINT (exit 0 expected),
 * capture stopped. 0 with c stopped and ready to read, or -1 after adding a
 * FAIL row; every process is reaped either way. */
int st_trial_run(struct st_env *e, const struct st_trial *t, struct st_cap *c);

/* gen_selftest_dns.c: a DNS responder for st_spawn_fn() in the server
 * namespace: prints "ready", answers A queries with the server's address. */
int st_dns_serve(struct st_env *e, void *arg);

/* gen_selftest_cases.c, gen_selftest_cases2.c: the checks, each adding rows. */
void st_case_echo(struct st_env *e);
void st_case_unix(struct st_env *e);
void st_case_tls(struct st_env *e);
void st_case_probe(struct st_env *e);
void st_case_broadcast(struct st_env *e);
void st_case_sendfile(struct st_env *e);
void st_case_resolve(struct st_env *e);
void st_case_crypto(struct st_env *e);
void st_case_local(struct st_env *e);

#endif
