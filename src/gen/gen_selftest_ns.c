/* SPDX-License-Identifier: BSD-2-Clause */
/* pktscope-gen selftest: the network namespace pair. Two namespaces named
 * after our pid, a veth pair created directly inside them (its names never
 * exist in the host's namespace), 10.199.0.1/24 and .2/24 on the ends: the
 * addresses exist only inside the namespaces, so they cannot clash with the
 * host's. ip(8) does the netlink work; each step is undone by st_ns_down()
 * only if it was done. */
#include "gen_selftest.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Runs ip ARGS on the host; 0, or -1 with ip's first stderr line in err. */
static int st_ip(struct st_env *e, const char *const argv[], char *err, size_t errlen)
{
	char buf[512];
	int rc = st_run(e, ST_HOST, "ip", argv);

	if (rc == 0)
		return 0;
	st_slurp(e, "ip", ".err", buf, sizeof buf);
	buf[strcspn(buf, "\n")] = '\0';
	snprintf(err, errlen, "ip %s %s: %s", argv[1], argv[2], buf[0] ? buf : "failed");
	return -1;
}

static int st_ns_links(struct st_env *e, char *err, size_t errlen)
{
	for (int i = 0; i < 2; i++) {
		char cidr[24];
		const char *addr[] = { "ip", "-n", e->ns[i], "addr", "add", cidr, "dev", e->veth[i], NULL };
		const char *up[] = { "ip", "-n", e->ns[i], "link", "set", e->veth[i], "up", NULL };
		const char *lo[] = { "ip", "-n", e->ns[i], "link", "set", "lo", "up", NULL };

		snprintf(cidr, sizeof cidr, "%s/24", e->addr[i]);
		if (st_ip(e, addr, err, errlen) < 0 || st_ip(e, up, err, errlen) < 0 ||
		    st_ip(e, lo, err, errlen) < 0)
			return -1;
	}
	return 0;
}

int st_ns_up(struct st_env *e, char *err, size_t errlen)
{
	const char *link[] = { "ip", "link", "add", e->veth[0], "netns", e->ns[0], "type", "veth",
			       "peer", "name", e->veth[1], "netns", e->ns[1], NULL };

	for (int i = 0; i < 2; i++) {
		const char *add[] = { "ip", "netns", "add", e->ns[i], NULL };

		if (st_ip(e, add, err, errlen) < 0)
			return -1;
		e->ns_made[i] = 1;
	}
	if (st_ip(e, link, err, errlen) < 0)
		return -1;
	e->veth_made = 1;
	return st_ns_links(e, err, errlen);
}

int st_ns_etc_file(struct st_env *e, const char *name, const char *text, char *err, size_t errlen)
{
	char path[PATH_MAX + 64];
	FILE *fp;

	if (!e->etc_made) {
		if (mkdir("/etc/netns", 0755) < 0 && errno != EEXIST)
			goto fail;
		if (mkdir(e->etc, 0755) < 0)
			goto fail;
		e->etc_made = 1;
	}
	snprintf(path, sizeof path, "%s/%s", e->etc, name);
	if (!(fp = fopen(path, "w")))
		goto fail;
	fputs(text, fp);
	if (fclose(fp) != 0)
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "%s: %s", e->etc, strerror(errno));
	return -1;
}

void st_ns_down(struct st_env *e)
{
	char err[160];

	if (e->etc_made) {
		char path[PATH_MAX + 64];

		snprintf(path, sizeof path, "%s/hosts", e->etc);
		unlink(path);
		snprintf(path, sizeof path, "%s/resolv.conf", e->etc);
		unlink(path);
		rmdir(e->etc);
		e->etc_made = 0;
	}
	/* Deleting a namespace destroys the veth end inside it, and with it the pair. */
	for (int i = 1; i >= 0; i--) {
		const char *del[] = { "ip", "netns", "del", e->ns[i], NULL };

		if (e->ns_made[i] && st_ip(e, del, err, sizeof err) == 0)
			e->ns_made[i] = 0;
	}
	e->veth_made = 0;
}
