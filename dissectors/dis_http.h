/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_http.h - the HTTP/1.x layer of the packet record (read by
 * protocols.def's headers section, so it includes nothing of pktscope's).
 * Strings stay in the frame (frame-absolute offsets); the header list is
 * in the side area (ps_http_hdrs() in dis_http.c's users: dis_http_out.c).
 */
#ifndef DIS_HTTP_H
#define DIS_HTTP_H

#include <stdbool.h>
#include <stdint.h>

struct ps_http_str {
	uint32_t off;
	uint16_t len;
};

/* one "Name: value" line: name as on the wire, value without the spaces
 * and tabs around it */
struct ps_http_hdr {
	struct ps_http_str name, value;
};

enum ps_http_kind { PS_HTTP_REQUEST = 1, PS_HTTP_RESPONSE = 2 };

/* part[] by kind: request: method, uri, version; response: version,
 * status digits, reason.  A part is valid when its `len` is non-zero, or
 * for the reason when `line_whole` (it may be empty). */
struct ps_http {
	uint8_t kind;         /* enum ps_http_kind */
	bool line_whole;      /* the start line ended (CRLF or LF) in this segment */
	bool hdrs_whole;      /* ... and so did the header block (empty line) */
	bool has_status;
	bool has_clen;        /* a Content-Length header with a valid number */
	bool side;            /* offsets are into the side area (a block joined
			       * from several segments), not the frame */
	bool hidden;          /* a stream message's earlier segment: no object
			       * (the frame completing the block has it) */
	uint16_t status;
	uint16_t nhdrs;       /* header lines: nhdrs ps_http_hdr in the side area at hdrs_at */
	uint16_t hdrs_at;
	struct ps_http_str part[3];
	uint64_t clen;        /* Content-Length */
};

#endif
