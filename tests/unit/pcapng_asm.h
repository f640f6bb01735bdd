/* SPDX-License-Identifier: BSD-2-Clause */
/* pcapng_asm.h - hand-built capture files for the unit suites: a
 * little-endian byte assembler with pcapng block framing, and a way to open
 * the bytes with the capture-file reader. */
#ifndef PCAPNG_ASM_H
#define PCAPNG_ASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ps_pcapfile.h"

struct pst_asm {
	uint8_t b[1024];
	size_t n, block; /* bytes so far; start of the open block */
};

/* v as `bytes` little-endian bytes. */
void pst_put(struct pst_asm *a, uint64_t v, unsigned bytes);
/* A block of `type`: its body goes between begin and end (which pads it
 * to 32 bits and writes both total lengths). */
void pst_begin(struct pst_asm *a, uint32_t type);
void pst_end(struct pst_asm *a);
/* A section header (version 1.0, length unknown). */
void pst_shb(struct pst_asm *a);
/* An Ethernet interface; tsresol < 0 and !tsoffset_opt leave those options out. */
void pst_idb(struct pst_asm *a, int tsresol, bool tsoffset_opt, uint64_t tsoffset);
/* An Enhanced Packet Block of caplen bytes 0xA0, 0xA1, ... */
void pst_epb(struct pst_asm *a, uint32_t ifc, uint64_t ts, uint32_t caplen);
/* The bytes in an unlinked temporary file, opened by the reader (NULL with
 * err filled, 256 bytes, when the reader refuses them). */
struct ps_pcapfile *pst_open_bytes(const struct pst_asm *a, unsigned flags, char *err);
/* The bytes in a temporary file; its path (static) for the caller to unlink. */
const char *pst_write_tmp(const struct pst_asm *a);

#endif
