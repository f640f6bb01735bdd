/* SPDX-License-Identifier: BSD-2-Clause */
/* pktscope-gen selftest: every generator module across a network namespace
 * pair, captured by the real pktscope and checked from what pktscope
 * decoded; one pass/fail/skip row per check. Needs root. */
#include "gen_modules.h"
#include "gen_net.h"
#include "gen_selftest.h"
#include "gen_signal.h"

#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char st_usage[] =
	"usage: pktscope-gen selftest [--timeout T] [--step-timeout T] [--pktscope PATH]\n"
	"         [--only NAME] [--keep] [-v]\n"
	"Create two network namespaces joined by a veth pair, run every generator\n"
	"module across them while pktscope captures, check what pktscope decoded,\n"
	"print one row per check and remove everything. Needs root.\n"
	"  --timeout T        bound of the whole run (default 120s); checks not run\n"
	"                     in time fail\n"
	"  --step-timeout T   bound of one step: a client run, a server start (default 15s)\n"
	"  --pktscope PATH    the pktscope binary (default: next to pktscope-gen)\n"
	"  --only NAME        run only the checks whose group name contains NAME\n"
	"                     (echo, unix, tls, probe, broadcast, sendfile, resolve,\n"
	"                     crypto, local)\n"
	"  --keep             keep the scratch directory (captures, outputs) made\n"
	"                     under $TMPDIR (default /tmp)\n"
	"  -v, --verbose      print each command as it starts\n"
	"exit status: 0 every check passed (skips allowed), 1 a check failed or the\n"
	"run was interrupted, 2 usage error, 77 cannot run here (not root, no ip(8),\n"
	"no network namespaces)\n";

struct st_case {
	const char *name;
	void (*run)(struct st_env *e);
};

static const struct st_case st_cases[] = {
	{ "echo", st_case_echo },         { "unix", st_case_unix },
	{ "tls", st_case_tls },           { "probe", st_case_probe },
	{ "broadcast", st_case_broadcast }, { "sendfile", st_case_sendfile },
	{ "resolve", st_case_resolve },   { "crypto", st_case_crypto },
	{ "local", st_case_local },       { NULL, NULL },
};

static int st_rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(path);
}

/* Everything the run made, in reverse: children, namespaces, scratch files. */
static void st_cleanup(struct st_env *e)
{
	e->deadline = 0;
	st_kill_all(e);
	st_ns_down(e);
	if (e->dir[0] && !e->keep)
		nftw(e->dir, st_rm, 16, FTW_DEPTH | FTW_PHYS);
}

static int st_table_print(const struct st_env *e, int64_t ms)
{
	size_t pass = 0, fail = 0, skip = 0;

	printf("%-6s %-56s %s\n", "result", "check", "detail");
	for (size_t i = 0; i < e->nrows; i++) {
		const struct st_row *r = &e->rows[i];
		const char *s = r->status == ST_PASS ? "pass" : r->status == ST_FAIL ? "FAIL" : "skip";

		printf("%-6s %-56s %s\n", s, r->name, r->reason);
		pass += r->status == ST_PASS;
		fail += r->status == ST_FAIL;
		skip += r->status == ST_SKIP;
	}
	printf("selftest: %zu passed, %zu failed, %zu skipped in %.1f s\n", pass, fail, skip,
	       (double)ms / 1000.0);
	return fail ? GEN_EXIT_RUNTIME : GEN_EXIT_OK;
}

/* Finds pktscope next to this binary unless --pktscope named it. */
static int st_find_binaries(struct st_env *e, const char *pktscope, char *err, size_t errlen)
{
	char dir[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", e->self, sizeof e->self - 1);

	if (n < 0) {
		snprintf(err, errlen, "/proc/self/exe: %s", strerror(errno));
		return -1;
	}
	e->self[n] = '\0';
	snprintf(dir, sizeof dir, "%s", e->self);
	if (pktscope)
		snprintf(e->pktscope, sizeof e->pktscope, "%s", pktscope);
	else
		snprintf(e->pktscope, sizeof e->pktscope, "%s/pktscope", dirname(dir));
	if (access(e->pktscope, X_OK) < 0) {
		snprintf(err, errlen, "%.400s: %s (give --pktscope PATH)", e->pktscope, strerror(errno));
		return -1;
	}
	return 0;
}

/* Root, ip(8): what the run cannot do without. 0, or -1 (err: skip). */
static int st_can_run(char *err, size_t errlen)
{
	if (geteuid() != 0) {
		snprintf(err, errlen, "needs root (network namespaces, veth, live capture); exit %d = skipped",
			 ST_EXIT_SKIP);
		return -1;
	}
	if (system("command -v ip >/dev/null 2>&1") != 0) {
		snprintf(err, errlen, "ip(8) (iproute2) not found; exit %d = skipped", ST_EXIT_SKIP);
		return -1;
	}
	return 0;
}

static void st_names(struct st_env *e)
{
	long pid = (long)getpid();

	/* the project's rule: names unique to this run, prefixed by the branch */
	snprintf(e->ns[ST_CLIENT], sizeof e->ns[0], "selftest-%ld-c", pid);
	snprintf(e->ns[ST_SERVER], sizeof e->ns[0], "selftest-%ld-s", pid);
	snprintf(e->veth[ST_CLIENT], sizeof e->veth[0], "st%ldc", pid % 10000000);
	snprintf(e->veth[ST_SERVER], sizeof e->veth[0], "st%lds", pid % 10000000);
	snprintf(e->addr[ST_CLIENT], sizeof e->addr[0], "10.199.0.1");
	snprintf(e->addr[ST_SERVER], sizeof e->addr[0], "10.199.0.2");
	snprintf(e->bcast, sizeof e->bcast, "10.199.0.255");
	snprintf(e->etc, sizeof e->etc, "/etc/netns/%s", e->ns[ST_CLIENT]);
}

static void st_run_cases(struct st_env *e, const char *only)
{
	for (const struct st_case *c = st_cases; c->name; c++) {
		if (only && !strstr(c->name, only))
			continue;
		if (st_stopping(e)) {
			st_row(e, ST_FAIL, c->name, "not run: %s",
			       gen_signal_stopping() ? "interrupted" : "--timeout reached");
			continue;
		}
		c->run(e);
	}
}

enum { OPT_TIMEOUT = 0x400, OPT_STEP, OPT_PKTSCOPE, OPT_ONLY, OPT_KEEP, OPT_HELP };

static const struct option st_longopts[] = {
	{ "timeout", 1, NULL, OPT_TIMEOUT }, { "step-timeout", 1, NULL, OPT_STEP },
	{ "pktscope", 1, NULL, OPT_PKTSCOPE }, { "only", 1, NULL, OPT_ONLY },
	{ "keep", 0, NULL, OPT_KEEP }, { "verbose", 0, NULL, 'v' }, { "help", 0, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

struct st_opts {
	long long timeout_ms, step_ms;
	const char *pktscope, *only;
	int keep, verbose;
};

/* 0 ok, 1 --help printed, -1 usage error (printed). */
static int st_parse(int argc, char **argv, struct st_opts *o)
{
	int c;

	while ((c = getopt_long(argc, argv, "v", st_longopts, NULL)) != -1) {
		switch (c) {
		case OPT_TIMEOUT:
		case OPT_STEP: {
			long long ms = gen_parse_ms(optarg);

			if (ms <= 0) {
				fprintf(stderr, "pktscope-gen selftest: bad duration '%s'\n", optarg);
				return -1;
			}
			*(c == OPT_TIMEOUT ? &o->timeout_ms : &o->step_ms) = ms;
			break;
		}
		case OPT_PKTSCOPE: o->pktscope = optarg; break;
		case OPT_ONLY: o->only = optarg; break;
		case OPT_KEEP: o->keep = 1; break;
		case 'v': o->verbose = 1; break;
		case OPT_HELP: fputs(st_usage, stdout); return 1;
		default: fputs(st_usage, stderr); return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "pktscope-gen selftest: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	return 0;
}

/* The run itself, on a zeroed environment owned by the caller. */
static int st_main(struct st_env *e, const struct st_opts *o)
{
	int64_t t0 = st_now_ms();
	const char *tmpdir;
	char err[512];

	e->step_ms = o->step_ms;
	e->verbose = o->verbose;
	e->keep = o->keep;
	if (st_can_run(err, sizeof err) < 0) {
		fprintf(stderr, "pktscope-gen selftest: %s\n", err);
		return ST_EXIT_SKIP;
	}
	if (st_find_binaries(e, o->pktscope, err, sizeof err) < 0) {
		fprintf(stderr, "pktscope-gen selftest: %s\n", err);
		return GEN_EXIT_RUNTIME;
	}
	tmpdir = getenv("TMPDIR");
	snprintf(e->dir, sizeof e->dir, "%.3900s/pktscope-selftest.XXXXXX",
		 tmpdir && tmpdir[0] == '/' ? tmpdir : "/tmp");
	if (!mkdtemp(e->dir)) {
		fprintf(stderr, "pktscope-gen selftest: mkdtemp: %s\n", strerror(errno));
		return GEN_EXIT_RUNTIME;
	}
	st_names(e);
	e->deadline = t0 + o->timeout_ms;
	if (st_ns_up(e, err, sizeof err) < 0) {
		st_cleanup(e);
		fprintf(stderr, "pktscope-gen selftest: cannot create the namespace pair: %s; exit %d = skipped\n",
			err, ST_EXIT_SKIP);
		return ST_EXIT_SKIP;
	}
	st_row(e, ST_PASS, "netns pair + veth", "%s %s/24 <-> %s %s/24", e->ns[ST_CLIENT],
	       e->addr[ST_CLIENT], e->ns[ST_SERVER], e->addr[ST_SERVER]);
	st_run_cases(e, o->only);
	if (gen_signal_stopping())
		st_row(e, ST_FAIL, "interrupted", "stopped by a signal; namespaces removed");
	if (e->keep)
		fprintf(stderr, "pktscope-gen selftest: scratch directory kept: %s\n", e->dir);
	st_cleanup(e);
	return st_table_print(e, st_now_ms() - t0);
}

int gen_selftest_main(int argc, char **argv)
{
	struct st_opts o = { .timeout_ms = 120000, .step_ms = 15000 };
	struct st_env *e;
	int rc;

	if ((rc = st_parse(argc, argv, &o)) != 0)
		return rc > 0 ? GEN_EXIT_OK : GEN_EXIT_USAGE;
	/* ~30 KiB of rows and paths: off the stack, owned here */
	if (!(e = calloc(1, sizeof *e))) {
		fprintf(stderr, "pktscope-gen selftest: out of memory\n");
		return GEN_EXIT_RUNTIME;
	}
	rc = st_main(e, &o);
	free(e);
	return rc;
}
