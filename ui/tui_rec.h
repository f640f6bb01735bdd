/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_rec.h - one stored packet's metadata, and the 8-byte index entry
 * that finds it again.
 *
 * File mode: an entry packs the reader's position of the record (see
 * ps_pcapfile.h): file offset (48 bits), interface over all sections (14
 * bits: PS_PCAP_MAX_IFACES) and record kind (2 bits).  Live mode: the
 * offset in the spill stream, the direction + 1 in the interface bits.
 */
#ifndef TUI_REC_H
#define TUI_REC_H

#include <stdbool.h>
#include <stdint.h>

#include "ps_pcapfile.h"

#define TUI_ENTRY(off, ifc, kind)                                                                  \
	((uint64_t)(off) | ((uint64_t)(ifc) << 48) | ((uint64_t)(kind) << 62))
#define TUI_ENTRY_OFF(e) ((e) & ((UINT64_C(1) << 48) - 1))
#define TUI_ENTRY_IFACE(e) ((unsigned)(((e) >> 48) & 0x3fffu))
#define TUI_ENTRY_KIND(e) ((unsigned)((e) >> 62))

/* One packet record's metadata. */
struct tui_rec {
	int64_t sec;
	uint32_t frac;   /* µs, or ns when nano (the interface's own precision) */
	bool nano;
	uint32_t caplen; /* bytes of data in the record (clipped to the caller's buffer by reads) */
	uint32_t len;    /* bytes on the wire */
	uint32_t hdr;    /* bytes of the record before the packet data */
	int linktype;    /* DLT_* */
	const char *linktype_name;
	int8_t direction; /* -1 unknown, 0 in, 1 out (live spill only) */
};

#endif
