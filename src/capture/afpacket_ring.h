/* SPDX-License-Identifier: BSD-2-Clause */
/* afpacket_ring.h - the AF_PACKET TPACKET_V3 receive ring: sizing, setup,
 * and the kernel/user ownership handshake on its blocks.
 *
 * Sizing (ps_ring_size): the buffer B (-B KiB, default 4 MiB) is cut into
 * blocks of the largest power of two <= B/16, at least one page and at most
 * 1 MiB; the count is B / block size, at least 2.  So the default ring is
 * 16 x 256 KiB, -B 65536 gives 64 x 1 MiB, -B 16 gives 4 x 4 KiB.  Many
 * blocks matter: the kernel fills one while user space reads the others,
 * and a block goes back to the kernel only once all its packets are read.
 * A packet larger than a block (minus its 48-byte descriptor and the frame
 * header) is truncated by the kernel.  The kernel hands a block to user space when
 * it is full or when the block timeout expires (1 ms with --immediate,
 * 50 ms otherwise): that timeout bounds the latency of a quiet link.
 */
#ifndef PS_AFPACKET_RING_H
#define PS_AFPACKET_RING_H

#include <linux/if_packet.h>
#include <stddef.h>
#include <stdint.h>

#define PS_RING_DEFAULT_BYTES (4u << 20)

struct ps_ring {
	uint8_t *map;          /* the mmapped blocks, NULL when not set up */
	size_t map_len;
	unsigned block_size, block_nr;
	unsigned cur;          /* index of the block read next */
	struct tpacket_block_desc *blk; /* block owned by user space, NULL none */
	uint32_t left;         /* packets not yet returned from blk */
	const uint8_t *pkt;    /* next packet header in blk */
};

/* Block size and count for a buffer of `bytes` (rules above). */
void ps_ring_size(size_t bytes, unsigned *block_size, unsigned *block_nr);

/* Switch fd to TPACKET_V3 and map a receive ring of `bytes` with a block
 * timeout of tov_ms.  0 ok; -1 with the failing step in err (the caller may
 * fall back to recvmsg and say why). */
int ps_ring_setup(struct ps_ring *r, int fd, size_t bytes, unsigned tov_ms, char *err);

/* The next packet header (struct tpacket3_hdr), or NULL when the kernel
 * still owns the next block.  The previous packet's memory is returned to
 * the kernel by this call: a header is valid until the next call. */
const struct tpacket3_hdr *ps_ring_next(struct ps_ring *r);

/* Unmap (the socket's close frees the ring itself). */
void ps_ring_teardown(struct ps_ring *r);

#endif
