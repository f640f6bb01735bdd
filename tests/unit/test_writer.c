/* SPDX-License-Identifier: BSD-2-Clause */
/* test_writer.c - the pcap writer: file format, size/time/count rotation and
 * its file names, -U, errors, -C size parsing. */
#include <dirent.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ps_test.h"
#include "writer.h"

/* a 60-byte Ethernet frame: broadcast ARP-ish bytes, content irrelevant */
static const uint8_t frame60[60] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0x77, 0, 1, 0x08, 0x06};

static char dir[64];

static void mkdir_tmp(void)
{
	snprintf(dir, sizeof dir, "/tmp/pstw.XXXXXX");
	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
}

static void rm_tmp(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	CU_ASSERT(system(cmd) == 0);
}

static void wopts(struct ps_writer_opts *o, const char *name, char *path, size_t n)
{
	snprintf(path, n, "%s/%s", dir, name);
	memset(o, 0, sizeof *o);
	o->path = path;
	o->linktype = PS_DLT_EN10MB;
	o->snaplen = 65535;
	o->owner_uid = (uid_t)-1;
	o->owner_gid = (gid_t)-1;
}

static struct ps_frame mkframe(uint32_t sec)
{
	struct ps_frame f = {.data = frame60, .caplen = 60, .len = 60, .sec = sec, .frac = 123456};

	return f;
}

static long fsize(const char *name)
{
	char p[128];
	struct stat st;

	snprintf(p, sizeof p, "%s/%s", dir, name);
	return stat(p, &st) == 0 ? (long)st.st_size : -1;
}

/* packets libpcap reads back from dir/name, -1 if it cannot open it */
static int pcap_count(const char *name, int *linktype)
{
	char p[128], ebuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *d;
	pcap_t *pc;
	int n = 0;

	snprintf(p, sizeof p, "%s/%s", dir, name);
	if ((pc = pcap_open_offline(p, ebuf)) == NULL)
		return -1;
	while (pcap_next_ex(pc, &h, &d) == 1)
		n++;
	if (linktype)
		*linktype = pcap_datalink(pc);
	pcap_close(pc);
	return n;
}

static void test_writer_format(void)
{
	struct ps_writer_opts o;
	struct ps_writer *w;
	struct ps_frame f = mkframe(1700000000);
	char path[96], err[PS_ERRBUF];
	uint8_t b[24 + 16];
	FILE *fp;
	uint32_t v;
	int lt = 0;

	mkdir_tmp();
	wopts(&o, "raw.pcap", path, sizeof path);
	o.linktype = PS_DLT_RAW;
	CU_ASSERT_FATAL(ps_writer_open(&w, &o, err) == 0);
	CU_ASSERT(ps_writer_write(w, &f, err) == 0);
	CU_ASSERT(ps_writer_close(w, err) == 0);
	CU_ASSERT(fsize("raw.pcap") == 24 + 16 + 60);
	fp = fopen(path, "rb");
	CU_ASSERT_FATAL(fp != NULL);
	CU_ASSERT(fread(b, 1, sizeof b, fp) == sizeof b);
	fclose(fp);
	memcpy(&v, b, 4);
	CU_ASSERT(v == 0xa1b2c3d4u); /* microseconds, writer's byte order */
	memcpy(&v, b + 16, 4);
	CU_ASSERT(v == 65535);
	memcpy(&v, b + 20, 4);
	CU_ASSERT(v == 101); /* DLT_RAW (12) is LINKTYPE_RAW (101) in files */
	memcpy(&v, b + 24, 4);
	CU_ASSERT(v == 1700000000u);
	memcpy(&v, b + 28, 4);
	CU_ASSERT(v == 123456);
	memcpy(&v, b + 32, 4);
	CU_ASSERT(v == 60);
	CU_ASSERT(pcap_count("raw.pcap", &lt) == 1);
	CU_ASSERT(lt == DLT_RAW);
	rm_tmp();
}

static void test_writer_nano(void)
{
	struct ps_writer_opts o;
	struct ps_writer *w;
	char path[96], err[PS_ERRBUF];
	uint32_t v = 0;
	FILE *fp;

	mkdir_tmp();
	wopts(&o, "n.pcap", path, sizeof path);
	o.nano = true;
	CU_ASSERT_FATAL(ps_writer_open(&w, &o, err) == 0);
	CU_ASSERT(ps_writer_close(w, err) == 0);
	fp = fopen(path, "rb");
	CU_ASSERT_FATAL(fp != NULL);
	CU_ASSERT(fread(&v, 1, 4, fp) == 4);
	fclose(fp);
	CU_ASSERT(v == 0xa1b23c4du);
	rm_tmp();
}

/* -C 200: 24 + 2 x 76 = 176 fits, a third record would not */
static void test_writer_size_rotation(void)
{
	struct ps_writer_opts o;
	struct ps_writer *w;
	struct ps_frame f = mkframe(1);
	char path[96], err[PS_ERRBUF];
	int i;

	mkdir_tmp();
	wopts(&o, "s.pcap", path, sizeof path);
	o.rotate_bytes = 200;
	CU_ASSERT_FATAL(ps_writer_open(&w, &o, err) == 0);
	for (i = 0; i < 5; i++)
		CU_ASSERT(ps_writer_write(w, &f, err) == 0);
	CU_ASSERT(ps_writer_close(w, err) == 0);
	CU_ASSERT(fsize("s.pcap") == 176);
	CU_ASSERT(fsize("s.pcap1") == 176);
	CU_ASSERT(fsize("s.pcap2") == 100);
	CU_ASSERT(fsize("s.pcap3") == -1);
	CU_ASSERT(pcap_count("s.pcap", NULL) == 2);
	CU_ASSERT(pcap_count("s.pcap2", NULL) == 1);
	rm_tmp();
}

/* -C 200 -W 12: names padded to two digits, the ring wraps to 00 */
static void test_writer_ring(void)
{
	struct ps_writer_opts o;
	struct ps_writer *w;
	struct ps_frame f = mkframe(1);
	char path[96], err[PS_ERRBUF];
	int i;

	mkdir_tmp();
	wopts(&o, "r.pcap", path, sizeof path);
	o.rotate_bytes = 200;
	o.max_files = 12;
	CU_ASSERT_FATAL(ps_writer_open(&w, &o, err) == 0);
	for (i = 0; i < 25; i++) /* 13 files' worth: 00 is rewritten with the 25th */
		CU_ASSERT(ps_writer_write(w, &f, err) == 0);
	CU_ASSERT(ps_writer_close(w, err) == 0);
	CU_ASSERT(fsize("r.pcap") == -1);
	CU_ASSERT(pcap_count("r.pcap00", NULL) == 1);
	CU_ASSERT(pcap_count("r.pcap01", NULL) == 2);
	CU_ASSERT(pcap_count("r.pcap11", NULL) == 2);
	CU_ASSERT(fsize("r.pcap12") == -1);
	rm_tmp();
}

/* -G 1 -W 2: a second file after a second, then the budget is spent */
static void test_writer_time_rotation(void)
{
	struct ps_writer_opts o;
	struct ps_writer *w;
	struct ps_frame f = mkframe(1);
	char path[96], err[PS_ERRBUF];
	struct dirent *e;
	DIR *d;
	int files = 0;

	mkdir_tmp();
	wopts(&o, "t-%s.pcap", path, sizeof path); /* %s: seconds since the epoch */
	o.rotate_secs = 1;
	o.max_files = 2;
	CU_ASSERT_FATAL(ps_writer_open(&w, &o, err) == 0);
	CU_ASSERT(ps_writer_write(w, &f, err) == 0);
	sleep(1);
	CU_ASSERT(ps_writer_write(w, &f, err) == 0);
	sleep(1);
	CU_ASSERT(ps_writer_write(w, &f, err) == PS_WRITER_DONE);
	CU_ASSERT(ps_writer_close(w, err) == 0);
	d = opendir(dir);
	CU_ASSERT_FATAL(d != NULL);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		files++;
		CU_ASSERT(strncmp(e->d_name, "t-1", 3) == 0);
		CU_ASSERT(pcap_count(e->d_name, NULL) == 1);
	}
	closedir(d);
	CU_ASSERT(files == 2);
	rm_tmp();
}

static void test_writer_packet_buffered(void)
{
	struct ps_writer_opts o;
	struct ps_writer *w;
	struct ps_frame f = mkframe(1);
	char path[96], err[PS_ERRBUF];

	mkdir_tmp();
	wopts(&o, "u.pcap", path, sizeof path);
	o.packet_buffered = true;
	CU_ASSERT_FATAL(ps_writer_open(&w, &o, err) == 0);
	CU_ASSERT(fsize("u.pcap") == 24);
	CU_ASSERT(ps_writer_write(w, &f, err) == 0);
	CU_ASSERT(fsize("u.pcap") == 24 + 76); /* on disk before close */
	CU_ASSERT(ps_writer_close(w, err) == 0);
	rm_tmp();
}

static void test_writer_errors(void)
{
	struct ps_writer_opts o;
	struct ps_writer *w = NULL;
	char err[PS_ERRBUF] = "";

	memset(&o, 0, sizeof o);
	o.owner_uid = (uid_t)-1;
	o.path = "/nonexistent-ps-dir/x.pcap";
	CU_ASSERT(ps_writer_open(&w, &o, err) == -1);
	CU_ASSERT(w == NULL);
	CU_ASSERT(strstr(err, "/nonexistent-ps-dir") != NULL);
	CU_ASSERT(strstr(err, "No such file") != NULL);
	o.path = "-";
	o.rotate_bytes = 1000;
	CU_ASSERT(ps_writer_open(&w, &o, err) == -1);
	CU_ASSERT(strstr(err, "-C and -G") != NULL);
	o.path = "/tmp/";
	o.rotate_bytes = 0;
	CU_ASSERT(ps_writer_open(&w, &o, err) == -1);
	CU_ASSERT(strstr(err, "not a usable file name") != NULL);
}

static void test_writer_parse_size(void)
{
	uint64_t b = 0;

	CU_ASSERT(ps_writer_parse_size("1", &b) == 0 && b == 1000000);
	CU_ASSERT(ps_writer_parse_size("0.5", &b) == 0 && b == 500000);
	CU_ASSERT(ps_writer_parse_size("64k", &b) == 0 && b == 65536);
	CU_ASSERT(ps_writer_parse_size("2M", &b) == 0 && b == 2097152);
	CU_ASSERT(ps_writer_parse_size("1g", &b) == 0 && b == 1073741824);
	CU_ASSERT(ps_writer_parse_size("0", &b) == -1);
	CU_ASSERT(ps_writer_parse_size("-3", &b) == -1);
	CU_ASSERT(ps_writer_parse_size("x", &b) == -1);
	CU_ASSERT(ps_writer_parse_size("1q", &b) == -1);
	CU_ASSERT(ps_writer_parse_size("", &b) == -1);
}

PST_MAIN("writer", {"format", test_writer_format}, {"nano", test_writer_nano},
	 {"size_rotation", test_writer_size_rotation}, {"ring", test_writer_ring},
	 {"time_rotation", test_writer_time_rotation},
	 {"packet_buffered", test_writer_packet_buffered}, {"errors", test_writer_errors},
	 {"parse_size", test_writer_parse_size})
