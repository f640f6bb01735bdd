/* SPDX-License-Identifier: BSD-2-Clause */
/* pktscope-gen selftest: captures. The real pktscope captures on the server
 * namespace's veth (live, with the source under test) into a pcap file;
 * the checks then ask pktscope itself what it decoded from that file
 * (-Y/-T fields, --flows, -z probe): the selftest never parses packets. */
#include "gen_selftest.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int st_cap_start(struct st_env *e, struct st_cap *c, const char *name, const char *source,
		 const char *filter, char *err, size_t errlen)
{
	char pcap[PATH_MAX + 40], file[48], buf[512];
	const char *argv[] = { e->pktscope, "-i", e->veth[ST_SERVER], "--source", source, "-v",
			       "-B", "32768", "-w", pcap, filter, NULL };

	snprintf(c->name, sizeof c->name, "%s", name);
	snprintf(file, sizeof file, "%s.pcap", name);
	st_path(e, file, pcap, sizeof pcap);
	c->pid = st_spawn(e, ST_SERVER, name, argv, err, errlen);
	if (c->pid < 0)
		return -1;
	/* -B: TPACKET_V3 blocks are sized from the 256 KiB snap length, so
	 * libpcap's 2 MiB default holds only 4 of them; a reader starved for a
	 * few block timeouts on a busy machine then loses packets.
	 * -v prints "reading from IFACE, link-type ..., snapshot length N"
	 * once the source is open and the filter set: nothing is missed after. */
	if (st_await(e, c->pid, name, ".err", "snapshot length", e->step_ms) == 0)
		return 0;
	st_wait(e, c->pid, 0);
	st_slurp(e, name, ".err", buf, sizeof buf);
	buf[strcspn(buf, "\n")] = '\0';
	snprintf(err, errlen, "pktscope --source %s did not start: %s", source,
		 buf[0] ? buf : "no output");
	c->pid = -1;
	return -1;
}

int st_cap_stop(struct st_env *e, struct st_cap *c, char *err, size_t errlen)
{
	struct timespec drain = { 0, 300 * 1000000L };
	char buf[2048];
	const char *d;
	int rc;

	if (c->pid < 0)
		return -1;
	nanosleep(&drain, NULL); /* the last frames are still in the kernel's queues */
	rc = st_signal_wait(e, c->pid, SIGINT, e->step_ms);
	c->pid = -1;
	if (rc != 0) {
		snprintf(err, errlen, "pktscope exited with %d", rc);
		return -1;
	}
	st_slurp(e, c->name, ".err", buf, sizeof buf);
	if ((d = strstr(buf, " packets dropped by kernel"))) {
		while (d > buf && d[-1] != '\n')
			d--;
		if (strtol(d, NULL, 10) != 0) {
			snprintf(err, errlen, "capture: %ld packets dropped by kernel", strtol(d, NULL, 10));
			return -1;
		}
	}
	return 0;
}

/* Runs pktscope -r on the capture with extra arguments; output in DIR/ana.out.
 * Returns pktscope's exit status (or <0). */
static int st_cap_read(struct st_env *e, const struct st_cap *c, const char *const extra[])
{
	char pcap[PATH_MAX + 40], file[48];
	const char *argv[16] = { e->pktscope, "-r", pcap };
	size_t n = 3;

	snprintf(file, sizeof file, "%s.pcap", c->name);
	st_path(e, file, pcap, sizeof pcap);
	for (size_t i = 0; extra[i] && n < 15; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
	return st_run(e, ST_HOST, "ana", argv);
}

/* Opens DIR/ana.out for reading line by line. */
static FILE *st_ana_open(const struct st_env *e)
{
	char path[PATH_MAX + 16];

	return fopen(st_path(e, "ana.out", path, sizeof path), "r");
}

long st_cap_count(struct st_env *e, const struct st_cap *c, const char *dfilter)
{
	const char *with[] = { "-Y", dfilter, "-T", "fields", "-e", "frame.number", NULL };
	const char *all[] = { "-T", "fields", "-e", "frame.number", NULL };
	char line[256];
	long n = 0;
	FILE *fp;

	if (st_cap_read(e, c, dfilter[0] ? with : all) != 0 || !(fp = st_ana_open(e)))
		return -1;
	while (fgets(line, sizeof line, fp))
		n++;
	fclose(fp);
	return n;
}

int st_cap_field(struct st_env *e, const struct st_cap *c, const char *dfilter,
		 const char *field, char *out, size_t cap)
{
	const char *argv[] = { "-Y", dfilter, "-T", "fields", "-e", field, NULL };
	FILE *fp;
	int rc = -1;

	out[0] = '\0';
	if (st_cap_read(e, c, argv) != 0 || !(fp = st_ana_open(e)))
		return -1;
	if (fgets(out, (int)cap, fp)) {
		out[strcspn(out, "\n")] = '\0';
		rc = 0;
	}
	fclose(fp);
	return rc;
}

long st_cap_json_long(struct st_env *e, const struct st_cap *c, const char *dfilter,
		      const char *object, const char *key)
{
	const char *argv[] = { "-Y", dfilter, "--json", NULL };
	char line[16384], k[64];
	const char *p = NULL;
	FILE *fp;

	if (st_cap_read(e, c, argv) != 0 || !(fp = st_ana_open(e)))
		return -1;
	if (fgets(line, sizeof line, fp)) {
		snprintf(k, sizeof k, "\"%s\":{", object);
		if ((p = strstr(line, k))) {
			snprintf(k, sizeof k, "\"%s\":", key);
			p = strstr(p, k);
		}
	}
	fclose(fp);
	return p ? strtol(p + strlen(k), NULL, 10) : -1;
}

int st_cap_flows(struct st_env *e, const struct st_cap *c, const char *proto,
		 long *n, long *fin)
{
	const char *argv[] = { "-q", "--flows", NULL };
	char line[4096], want[32];
	FILE *fp;

	*n = *fin = 0;
	if (st_cap_read(e, c, argv) != 0 || !(fp = st_ana_open(e)))
		return -1;
	snprintf(want, sizeof want, "\"proto\":\"%s\"", proto);
	while (fgets(line, sizeof line, fp)) {
		if (!strstr(line, "\"type\":\"flow\"") || !strstr(line, want))
			continue;
		(*n)++;
		*fin += strstr(line, "\"end\":\"fin\"") != NULL;
	}
	fclose(fp);
	return 0;
}

int st_cap_probe(struct st_env *e, const struct st_cap *c, uint32_t id,
		 long *received, long *expected, long *lost)
{
	const char *argv[] = { "-q", "-z", "probe", NULL };
	char line[512];
	unsigned long sid;
	int rc = -1;
	FILE *fp;

	if (st_cap_read(e, c, argv) != 0 || !(fp = st_ana_open(e)))
		return -1;
	/* rows: stream received expected lost loss% ... (the header is text) */
	while (fgets(line, sizeof line, fp)) {
		if (sscanf(line, "%lu %ld %ld %ld", &sid, received, expected, lost) == 4 && sid == id) {
			rc = 0;
			break;
		}
	}
	fclose(fp);
	return rc;
}
