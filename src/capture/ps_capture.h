/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_capture.h - the capture-source interface: files, libpcap live, AF_PACKET
 * TPACKET_V3 ring, raw AF_INET sockets.  One backend per file (cap_*.c);
 * src/capture.c holds the table of backends and picks one by name.
 *
 * A handle is an ops table plus the backend's private data.  Errors go into
 * the caller's buffer; the caller (main) prints and chooses the exit code.
 * An absent optional op means "not supported", never a crash.
 */
#ifndef PS_CAPTURE_H
#define PS_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* next() results */
#define PS_CAP_FRAME 1  /* *f is filled; borrowed until the next next()/close() */
#define PS_CAP_NONE 0   /* nothing yet (timeout): poll the fd or call again */
#define PS_CAP_ERR (-1) /* error: message in err (e.g. a file truncated mid-record) */
#define PS_CAP_EOF (-2) /* end of the file */

/* open() results besides 0 */
#define PS_CAP_EOPEN (-1)   /* cannot open: no such file/device, permission, not a capture */
#define PS_CAP_EFILTER (-3) /* the BPF filter does not compile (libpcap's message) */

#define PS_ERRBUF 512

struct ps_frame {
	const uint8_t *data; /* borrowed */
	uint32_t caplen, len;
	int64_t sec;
	uint32_t frac;     /* µs, or ns when the capture is nanosecond */
	int ifindex;       /* live: interface index, 0 unknown */
	int8_t direction;  /* 0 incoming, 1 outgoing, -1 unknown */
};

struct ps_capture_stats {
	uint64_t received;   /* packets the mechanism saw (after the filter when it filters in kernel) */
	uint64_t dropped;    /* dropped by the kernel / ring */
	uint64_t if_dropped; /* dropped by the interface/driver, when known */
	uint64_t freezes;    /* TPACKET_V3 queue freezes */
	bool has_received, has_dropped, has_if_dropped, has_freezes;
};

struct ps_capture_opts {
	const char *path;    /* file source: path or "-" for stdin */
	const char *iface;   /* live sources: interface name ("any"), NULL = default */
	const char *filter;  /* BPF expression, NULL = none */
	int snaplen;         /* 0 = 262144 */
	int buffer_kib;      /* -B, 0 = backend default */
	bool promisc;        /* false with -p */
	bool immediate;      /* --immediate */
	int timeout_ms;      /* how long next() may block before PS_CAP_NONE (live) */
	const char *inet_proto; /* --inet-proto: tcp|udp|icmp|all */
	/* "packet" source: join PACKET_FANOUT group fanout_group (0: none) in
	 * mode fanout_mode ("hash" when NULL, "lb", "cpu", "qm") */
	unsigned fanout_group;
	const char *fanout_mode;
	int verbose;
	/* file source: read ahead on a second thread when there is a core
	 * for it (--no-readahead turns it off; cap_file.c) */
	bool readahead;
};

struct ps_capture;

struct ps_capture_ops {
	const char *name; /* "file", "pcap", "packet", "inet" */
	int (*open)(struct ps_capture *cap, const struct ps_capture_opts *o, char *err);
	int (*next)(struct ps_capture *cap, struct ps_frame *f, char *err);
	int (*fd)(struct ps_capture *cap);                      /* pollable fd, -1 none */
	int (*stats)(struct ps_capture *cap, struct ps_capture_stats *st); /* 0 ok */
	void (*close)(struct ps_capture *cap);
};

struct ps_capture {
	const struct ps_capture_ops *ops;
	void *priv;                /* owned by the backend, freed by close */
	int linktype;              /* DLT_* */
	const char *linktype_name; /* libpcap name ("EN10MB"); static */
	int snaplen;
	bool nano;                 /* frame timestamps are nanoseconds */
	const char *iface;         /* name for frame.iface, NULL for files */
	char mechanism[96];        /* what runs, for -v ("TPACKET_V3 ring 4 x 1 MiB") */
};

/* Open the named source ("file", "pcap", "packet", "inet").
 * 0 ok; PS_CAP_EOPEN / PS_CAP_EFILTER with the reason in err. */
int ps_capture_open(struct ps_capture *cap, const char *source, const struct ps_capture_opts *o,
		    char *err);
void ps_capture_close(struct ps_capture *cap);

/* Set f->direction (and f->ifindex) from a LINUX_SLL/SLL2 header; -1/0
 * for other link types or a header cut short. */
void ps_frame_cooked_meta(int linktype, struct ps_frame *f);

#endif
