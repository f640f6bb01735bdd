/* SPDX-License-Identifier: BSD-2-Clause */
/* pcapng_asm.c - hand-built capture files for the unit suites (pcapng_asm.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "pcapng_asm.h"

void pst_put(struct pst_asm *a, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		a->b[a->n++] = (uint8_t)(v >> (8 * i));
}

void pst_begin(struct pst_asm *a, uint32_t type)
{
	a->block = a->n;
	pst_put(a, type, 4);
	pst_put(a, 0, 4); /* total length, patched by end() */
}

void pst_end(struct pst_asm *a)
{
	while (a->n % 4)
		a->b[a->n++] = 0;
	uint32_t total = (uint32_t)(a->n - a->block + 4);
	memcpy(a->b + a->block + 4, &total, 4); /* the tests run little-endian */
	pst_put(a, total, 4);
}

void pst_shb(struct pst_asm *a)
{
	pst_begin(a, 0x0A0D0D0A);
	pst_put(a, 0x1A2B3C4D, 4);
	pst_put(a, 1, 2);                   /* version 1.0 */
	pst_put(a, 0, 2);
	pst_put(a, UINT64_MAX, 8);          /* section length unknown */
	pst_end(a);
}

/* An Ethernet interface; tsresol < 0 and tsoffset_opt false leave them out. */
void pst_idb(struct pst_asm *a, int tsresol, bool tsoffset_opt, uint64_t tsoffset)
{
	pst_begin(a, 1);
	pst_put(a, 1, 2);
	pst_put(a, 0, 2);
	pst_put(a, 0, 4); /* snaplen: none */
	if (tsresol >= 0) {
		pst_put(a, 9, 2);
		pst_put(a, 1, 2);
		pst_put(a, (uint64_t)tsresol, 4); /* value byte + 3 padding */
	}
	if (tsoffset_opt) {
		pst_put(a, 14, 2);
		pst_put(a, 8, 2);
		pst_put(a, tsoffset, 8);
	}
	pst_put(a, 0, 4); /* opt_endofopt */
	pst_end(a);
}

void pst_epb(struct pst_asm *a, uint32_t ifc, uint64_t ts, uint32_t caplen)
{
	pst_begin(a, 6);
	pst_put(a, ifc, 4);
	pst_put(a, ts >> 32, 4);
	pst_put(a, ts & 0xffffffffu, 4);
	pst_put(a, caplen, 4);
	pst_put(a, caplen, 4);
	for (uint32_t i = 0; i < caplen; i++)
		pst_put(a, 0xA0 + i, 1);
	pst_end(a);
}

const char *pst_write_tmp(const struct pst_asm *a)
{
	static char path[64];
	snprintf(path, sizeof path, "/tmp/pst_asm-XXXXXX");
	int fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_FATAL(write(fd, a->b, a->n) == (ssize_t)a->n);
	close(fd);
	return path;
}

/* Open the bytes as a file (a memfd-like temporary, unlinked at once). */
struct ps_pcapfile *pst_open_bytes(const struct pst_asm *a, unsigned flags, char *err)
{
	char path[] = "/tmp/test_pcapfile-XXXXXX";
	int fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	unlink(path);
	CU_ASSERT_FATAL(write(fd, a->b, a->n) == (ssize_t)a->n);
	CU_ASSERT_FATAL(lseek(fd, 0, SEEK_SET) == 0);
	struct ps_pcapfile *pf = 0;
	if (ps_pcapfile_open_fd(&pf, fd, flags, err, 256))
		return 0;
	return pf;
}

