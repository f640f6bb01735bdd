/* SPDX-License-Identifier: BSD-2-Clause */
/* afpacket_ring.c - TPACKET_V3 ring: sizing, setup and the block ownership
 * handshake (block_status TP_STATUS_USER = ours, TP_STATUS_KERNEL = theirs). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "afpacket_ring.h"
#include "ps_capture.h"

#define RING_MAX_BLOCK (1u << 20)

void ps_ring_size(size_t bytes, unsigned *block_size, unsigned *block_nr)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t bs = RING_MAX_BLOCK, n;

	if (bytes == 0)
		bytes = PS_RING_DEFAULT_BYTES;
	while (bs > page && bs > bytes / 16)
		bs >>= 1;
	n = bytes / bs;
	if (n < 2)
		n = 2;
	if (n > 65536)
		n = 65536; /* 64 GiB: far beyond any sane -B */
	*block_size = (unsigned)bs;
	*block_nr = (unsigned)n;
}

int ps_ring_setup(struct ps_ring *r, int fd, size_t bytes, unsigned tov_ms, char *err)
{
	struct tpacket_req3 req;
	int ver = TPACKET_V3;
	void *m;

	memset(r, 0, sizeof *r);
	if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &ver, sizeof ver) < 0) {
		snprintf(err, PS_ERRBUF, "PACKET_VERSION TPACKET_V3: %s", strerror(errno));
		return -1;
	}
	memset(&req, 0, sizeof req);
	ps_ring_size(bytes, &req.tp_block_size, &req.tp_block_nr);
	/* in V3 frames are variable-sized inside a block; the kernel only
	 * checks that frame_size * frame_nr covers the blocks */
	req.tp_frame_size = req.tp_block_size;
	req.tp_frame_nr = req.tp_block_nr;
	req.tp_retire_blk_tov = tov_ms;
	if (setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req) < 0) {
		snprintf(err, PS_ERRBUF, "PACKET_RX_RING %u x %u: %s", req.tp_block_nr,
			 req.tp_block_size, strerror(errno));
		return -1;
	}
	r->map_len = (size_t)req.tp_block_size * req.tp_block_nr;
	m = mmap(NULL, r->map_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
	if (m == MAP_FAILED) {
		snprintf(err, PS_ERRBUF, "mmap of the ring (%zu bytes): %s", r->map_len,
			 strerror(errno));
		r->map_len = 0;
		return -1;
	}
	r->map = m;
	r->block_size = req.tp_block_size;
	r->block_nr = req.tp_block_nr;
	return 0;
}

static struct tpacket_block_desc *ring_block(const struct ps_ring *r, unsigned i)
{
	return (struct tpacket_block_desc *)(void *)(r->map + (size_t)i * r->block_size);
}

/* Hand the block back; the release store orders our reads before it. */
static void ring_release(struct ps_ring *r)
{
	__atomic_store_n(&r->blk->hdr.bh1.block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
	r->blk = NULL;
	r->cur = (r->cur + 1) % r->block_nr;
}

const struct tpacket3_hdr *ps_ring_next(struct ps_ring *r)
{
	const struct tpacket3_hdr *h;

	if (r->blk != NULL && r->left == 0)
		ring_release(r);
	while (r->blk == NULL) {
		struct tpacket_block_desc *b = ring_block(r, r->cur);

		/* acquire: the packets are visible once the status says so */
		if (!(__atomic_load_n(&b->hdr.bh1.block_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER))
			return NULL;
		r->blk = b;
		r->left = b->hdr.bh1.num_pkts;
		r->pkt = (const uint8_t *)b + b->hdr.bh1.offset_to_first_pkt;
		if (r->left == 0)
			ring_release(r); /* an empty block: give it straight back */
	}
	h = (const struct tpacket3_hdr *)(const void *)r->pkt;
	r->left--;
	r->pkt += h->tp_next_offset;
	return h;
}

void ps_ring_teardown(struct ps_ring *r)
{
	if (r->map != NULL)
		munmap(r->map, r->map_len);
	memset(r, 0, sizeof *r);
}
