/* SPDX-License-Identifier: BSD-2-Clause */
/* pcapng.c - pcapng interfaces, their options and packet blocks (the
 * reader's block-level half; the stream is in pcapfile.c).
 *
 * pcapng (draft-ietf-opsawg-pcapng): a file is blocks of
 *   +---------------------------------------------------------------+
 *   |                          Block Type                           |
 *   |                      Block Total Length                       |
 *   /                          Block Body                           /
 *   |                      Block Total Length                       |
 *   +---------------------------------------------------------------+
 * Interface Description Block body: LinkType(16) Reserved(16) SnapLen(32)
 * options; an option is Code(16) Length(16) Value padded to 32 bits.
 * Enhanced Packet Block body: Interface(32) Timestamp(hi 32, lo 32)
 * CapturedLen(32) OriginalLen(32) data; the obsolete Packet Block has
 * Interface(16) Drops(16) in the first word; the Simple Packet Block only
 * OriginalLen(32) data (no time stamp, interface 0).
 */
#include <stdio.h>
#include <stdlib.h>

#include "pcapfile_int.h"
#include "ps_linktype.h"

#define OPT_TSRESOL 9
#define OPT_TSOFFSET 14

const struct pf_iface *pf_iface(const struct ps_pcapfile *pf, uint32_t g)
{
	uint32_t n = atomic_load_explicit(&((struct ps_pcapfile *)pf)->nifaces,
					  memory_order_acquire);
	if (g >= n)
		return 0;
	return &pf->ifchunk[g / PF_IFACE_CHUNK][g % PF_IFACE_CHUNK];
}

struct pf_iface *pf_iface_new(struct ps_pcapfile *pf)
{
	uint32_t g = atomic_load_explicit(&pf->nifaces, memory_order_relaxed);
	if (g >= PS_PCAP_MAX_IFACES)
		return 0;
	struct pf_iface **c = &pf->ifchunk[g / PF_IFACE_CHUNK];
	if (!*c && !(*c = calloc(PF_IFACE_CHUNK, sizeof **c)))
		return 0;
	struct pf_iface *ifc = &(*c)[g % PF_IFACE_CHUNK];
	ifc->units = 1000000;
	return ifc;
}

/* The interface pf_iface_new returned is complete: make it visible. */
void pf_iface_publish(struct ps_pcapfile *pf)
{
	uint32_t g = atomic_load_explicit(&pf->nifaces, memory_order_relaxed);
	atomic_store_explicit(&pf->nifaces, g + 1, memory_order_release);
}

void pf_ifaces_free(struct ps_pcapfile *pf)
{
	for (size_t i = 0; i < sizeof pf->ifchunk / sizeof pf->ifchunk[0]; i++)
		free(pf->ifchunk[i]);
}

/* if_tsresol: 10^-e or (top bit) 2^-e seconds.  Like libpcap, a unit finer
 * than a 64-bit count can express (10^-20, 2^-64) is an error. */
static int tsresol(struct pf_iface *ifc, uint8_t v, char *err, size_t errlen)
{
	unsigned e = v & 0x7fu;
	bool two = v & 0x80u;
	if (e > (two ? 63u : 19u)) {
		snprintf(err, errlen, "pcapng if_tsresol %s^-%u is too fine", two ? "2" : "10", e);
		return -1;
	}
	uint64_t u = 1;
	for (unsigned i = 0; i < e; i++)
		u *= two ? 2 : 10;
	ifc->units = u;
	ifc->nano = u > 1000000;
	return 0;
}

static int idb_options(struct ps_pcapfile *pf, struct pf_iface *ifc, const uint8_t *b,
		       uint32_t blen, char *err, size_t errlen)
{
	/* options from offset 16 to the trailing length; a damaged option
	 * list ends the walk (the interface stays usable, as in libpcap) */
	for (uint32_t o = 16; o + 4 <= blen - 4;) {
		uint16_t code = pf_rd16(pf->be, b + o), len = pf_rd16(pf->be, b + o + 2);
		if (code == 0 || (uint32_t)len > blen - 4 - o - 4)
			break;
		const uint8_t *v = b + o + 4;
		if (code == OPT_TSRESOL && len >= 1 && tsresol(ifc, v[0], err, errlen))
			return -1;
		if (code == OPT_TSOFFSET && len >= 8) {
			uint64_t hi = pf_rd32(pf->be, v + (pf->be ? 0 : 4));
			uint64_t lo = pf_rd32(pf->be, v + (pf->be ? 4 : 0));
			ifc->tsoffset = (int64_t)(hi << 32 | lo);
		}
		o += 4 + ((len + 3u) & ~3u);
	}
	return 0;
}

int pf_ng_idb(struct ps_pcapfile *pf, const uint8_t *b, uint32_t blen, char *err, size_t errlen)
{
	if (blen < 20) {
		snprintf(err, errlen, "malformed pcapng interface block (length %u)", blen);
		return -1;
	}
	struct pf_iface *ifc = pf_iface_new(pf);
	if (!ifc) {
		snprintf(err, errlen, "more than %u pcapng interfaces (or out of memory)",
			 PS_PCAP_MAX_IFACES);
		return -1;
	}
	ifc->dlt = ps_linktype_to_dlt(pf_rd16(pf->be, b + 8));
	ifc->name = ps_dlt_name(ifc->dlt);
	ifc->snaplen = pf_rd32(pf->be, b + 12);
	ifc->be = pf->be;
	if (idb_options(pf, ifc, b, blen, err, errlen))
		return -1;
	pf_iface_publish(pf);
	if (pf->dlt < 0) {
		pf->dlt = ifc->dlt;
		pf->snaplen = ifc->snaplen;
	}
	return 0;
}

int pf_ng_kind(uint32_t type)
{
	switch (type) {
	case PF_EPB: return PS_PCAP_K_EPB;
	case PF_SPB: return PS_PCAP_K_SPB;
	case PF_PB: return PS_PCAP_K_PB;
	default: return -1;
	}
}

/* A time stamp of `units` per second -> seconds (+ if_tsoffset, saturated:
 * see PS_PCAP_SEC_MAX) and the fraction in the precision asked for. */
static void set_ts(const struct ps_pcapfile *pf, const struct pf_iface *ifc, uint64_t ts,
		   struct ps_pcaprec *r)
{
	r->nano = pf->iface_prec ? ifc->nano : pf->nano;
	__int128 s = (__int128)(ts / ifc->units) + ifc->tsoffset;
	r->sec = s > PS_PCAP_SEC_MAX ? PS_PCAP_SEC_MAX
	       : s < PS_PCAP_SEC_MIN ? PS_PCAP_SEC_MIN
				     : (int64_t)s;
	unsigned __int128 rem = ts % ifc->units;
	r->frac = (uint32_t)(rem * (r->nano ? 1000000000u : 1000000u) / ifc->units);
}

int pf_ng_packet(const struct ps_pcapfile *pf, const struct pf_iface *ifc, uint32_t type,
		 const uint8_t *b, uint32_t blen, struct ps_pcaprec *r, char *err, size_t errlen)
{
	bool be = ifc->be;
	if (type == PF_SPB) {
		if (blen < 16)
			goto bad;
		r->len = pf_rd32(be, b + 8);
		r->hdr = 12;
		r->caplen = r->len < blen - 16 ? r->len : blen - 16;
		if (ifc->snaplen && r->caplen > ifc->snaplen)
			r->caplen = ifc->snaplen;
		/* no time stamp: the epoch, as libpcap reports it */
		r->sec = 0;
		r->frac = 0;
		r->nano = pf->iface_prec ? ifc->nano : pf->nano;
	} else {
		if (blen < 32)
			goto bad;
		set_ts(pf, ifc, (uint64_t)pf_rd32(be, b + 12) << 32 | pf_rd32(be, b + 16), r);
		r->caplen = pf_rd32(be, b + 20);
		r->len = pf_rd32(be, b + 24);
		r->hdr = 28;
		if (r->caplen > blen - 32) {
			snprintf(err, errlen, "malformed pcapng packet block: %u captured bytes in a "
					      "%u-byte block", r->caplen, blen);
			return -1;
		}
	}
	r->dlt = ifc->dlt;
	r->linktype_name = ifc->name;
	return 0;
bad:
	snprintf(err, errlen, "malformed pcapng packet block (length %u)", blen);
	return -1;
}
