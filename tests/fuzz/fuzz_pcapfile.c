/* SPDX-License-Identifier: BSD-2-Clause */
/* fuzz_pcapfile.c - libFuzzer entry point: whole capture files through the
 * pcap/pcapng reader (src/capture/pcapfile.c, pcapng.c), sequentially and by
 * random access.
 *
 * Input: the bytes of a file (seeds: ../shared/pcaps and samples/ whole).
 * They go into a memfd (a real regular-file descriptor, so read_at's pread
 * runs as on disk); the reader walks every record, then reads a sample of
 * them again by position and must find the same record; positions next to
 * real ones (a byte off, another interface) must fail cleanly or parse.
 * The parity of the size picks the time-stamp precision mode, so both the
 * -r and the TUI paths of set_ts run.  Besides "no crash, no sanitizer
 * report", the harness checks what ps_pcapfile.h promises (record bounds,
 * saturated seconds, fraction ranges, header length per kind).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ps_pcapfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_RECORDS 20000u /* bound the walk: a tiny-block file has many */
#define SAMPLE 32u         /* records read again by position */

struct seen {
	struct ps_pcappos pos;
	uint32_t caplen, len, frac, sum;
	int64_t sec;
};

static void check(int cond)
{
	if (!cond)
		__builtin_trap();
}

/* Touch every byte (ASan checks the span) and summarize them. */
static uint32_t sum(const uint8_t *d, uint32_t n)
{
	uint32_t s = 0;
	for (uint32_t i = 0; i < n; i++)
		s = s * 31u + d[i];
	return s;
}

static void check_rec(const struct ps_pcapfile *pf, const struct ps_pcaprec *r)
{
	check(r->caplen <= PS_PCAP_MAX_RECORD);
	check(r->sec >= PS_PCAP_SEC_MIN && r->sec <= PS_PCAP_SEC_MAX);
	check(r->hdr == ps_pcapfile_hdr_len(r->pos.kind));
	check(r->pos.iface < ps_pcapfile_ifaces(pf));
	check(r->linktype_name != NULL);
	if (r->pos.kind != PS_PCAP_K_PCAP) /* pcap stores its fraction raw */
		check(r->frac < (r->nano ? 1000000000u : 1000000u));
}

static void reread(const struct ps_pcapfile *pf, const struct seen *s, unsigned n)
{
	char err[256];
	for (unsigned i = 0; i < n; i++) {
		struct ps_pcaprec r;
		uint8_t *buf = malloc(s[i].caplen ? s[i].caplen : 1); /* exact size for ASan */
		check(buf != NULL);
		check(ps_pcapfile_read_at(pf, &s[i].pos, &r, buf, s[i].caplen, err, sizeof err) == 1);
		check(r.caplen == s[i].caplen && r.len == s[i].len && r.sec == s[i].sec &&
		      r.frac == s[i].frac && sum(r.data, r.caplen) == s[i].sum);
		/* a smaller buffer clips */
		uint32_t half = s[i].caplen / 2;
		check(ps_pcapfile_read_at(pf, &s[i].pos, &r, buf, half, err, sizeof err) == 1);
		check(r.caplen == half);
		free(buf);
		/* near misses: must not crash; an unknown interface must fail */
		struct ps_pcappos p = s[i].pos;
		p.offset += 4;
		if (ps_pcapfile_read_at(pf, &p, &r, 0, 0, err, sizeof err) == 1)
			check(r.caplen == 0);
		p = s[i].pos;
		p.iface = ps_pcapfile_ifaces(pf);
		check(ps_pcapfile_read_at(pf, &p, &r, 0, 0, err, sizeof err) < 0);
		p = s[i].pos;
		p.kind = (p.kind + 1) & 3u;
		(void)ps_pcapfile_read_at(pf, &p, &r, 0, 0, err, sizeof err);
	}
}

static int memfd_with(const uint8_t *data, size_t size)
{
	static int mfd = -1;
	if (mfd < 0)
		mfd = memfd_create("fuzz_pcapfile", MFD_CLOEXEC);
	check(mfd >= 0);
	check(ftruncate(mfd, 0) == 0);
	check(pwrite(mfd, data, size, 0) == (ssize_t)size);
	check(lseek(mfd, 0, SEEK_SET) == 0);
	int fd = dup(mfd); /* the reader owns and closes its descriptor */
	check(fd >= 0);
	return fd;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct seen seen[SAMPLE];
	char err[256];
	struct ps_pcapfile *pf;
	unsigned flags = size & 1 ? PS_PCAPFILE_IFACE_PRECISION : 0;
	if (ps_pcapfile_open_fd(&pf, memfd_with(data, size), flags, err, sizeof err)) {
		check(pf == NULL && err[0]);
		return 0;
	}
	unsigned n = 0, kept = 0;
	struct ps_pcaprec r;
	int rc;
	while (n < MAX_RECORDS && (rc = ps_pcapfile_next(pf, &r, err, sizeof err)) == 1) {
		check_rec(pf, &r);
		check(r.pos.offset + r.hdr + r.caplen <= size);
		uint32_t s = sum(r.data, r.caplen);
		if (kept < SAMPLE || n % 7 == 0) /* the first ones, then a spread */
			seen[kept < SAMPLE ? kept++ : (n / 7) % SAMPLE] =
				(struct seen){r.pos, r.caplen, r.len, r.frac, s, r.sec};
		n++;
	}
	reread(pf, seen, kept);
	ps_pcapfile_close(pf);
	return 0;
}
