/* SPDX-License-Identifier: BSD-2-Clause */
/* pktscope-gen udp-send: paced UDP datagrams carrying a sequence number and
 * a send timestamp (layout in gen_udp_send.h).
 *
 * Packet k is due at t0 + k * period on CLOCK_MONOTONIC, computed exactly
 * from 64-bit counters, so the schedule never drifts; when the sender falls
 * behind it sends what is due without sleeping and catches up. Each report
 * interval prints the achieved rate next to the requested one.  With
 * --stamp the payload is a probe stamp instead (docs/probe-format.md), and
 * --drop-every K skips sequence numbers so receivers can be checked for
 * the loss they report. */
#include "gen_udp_send.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gen_modules.h"
#include "gen_net.h"
#include "gen_signal.h"
#include "loop.h"
#include "ps_stamp.h"

struct us_opts {
	const char *to;
	int broadcast, json;
	uint64_t num, den;   /* period = num/den ns; den == 0: unpaced */
	double req_pps;
	unsigned long long count; /* 0 = unlimited */
	size_t size;
	int64_t duration_ns; /* 0 = unlimited */
	int64_t report_ns;
	uint32_t id;
	int stamp;
	unsigned long long drop_every; /* 0 = none; else skip seq % K == K - 1 */
	const char *text;              /* payload text instead of the fill */
};

struct us_stats {
	uint64_t sent, bytes, errors, skipped;
	uint64_t last_sent;
	int64_t t0, t_last;          /* start, last report */
	int64_t t_first, t_lastsend; /* first and last successful send */
};

void gen_udp_put_header(unsigned char *b, uint32_t stream, uint64_t seq, uint64_t tx_ns)
{
	memcpy(b, GEN_UDP_MAGIC, 4);
	for (int i = 0; i < 4; i++)
		b[4 + i] = (unsigned char)(stream >> (24 - 8 * i));
	for (int i = 0; i < 8; i++) {
		b[8 + i] = (unsigned char)(seq >> (56 - 8 * i));
		b[16 + i] = (unsigned char)(tx_ns >> (56 - 8 * i));
	}
}

void gen_udp_fill(unsigned char *buf, size_t len)
{
	for (size_t i = GEN_UDP_HDR_LEN; i < len; i++)
		buf[i] = (unsigned char)(i & 0xff);
}

int gen_udp_get_header(const unsigned char *b, size_t len, uint32_t *stream,
                       uint64_t *seq, uint64_t *tx_ns)
{
	if (len < GEN_UDP_HDR_LEN || memcmp(b, GEN_UDP_MAGIC, 4) != 0)
		return -1;
	*stream = 0;
	*seq = *tx_ns = 0;
	for (int i = 0; i < 4; i++)
		*stream = *stream << 8 | b[4 + i];
	for (int i = 0; i < 8; i++) {
		*seq = *seq << 8 | b[8 + i];
		*tx_ns = *tx_ns << 8 | b[16 + i];
	}
	return 0;
}

int64_t gen_udp_sched(int64_t t0_ns, uint64_t k, uint64_t num, uint64_t den)
{
	unsigned __int128 off = (unsigned __int128)k * num / den;

	return off > (unsigned __int128)(INT64_MAX - t0_ns) ? INT64_MAX : t0_ns + (int64_t)off;
}

static uint64_t realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void sleep_until(int64_t t_ns)
{
	struct timespec ts = { (time_t)(t_ns / 1000000000LL), (long)(t_ns % 1000000000LL) };

	/* EINTR (a stop signal) just returns: the caller checks the flag. */
	(void)clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
}

static void us_report(const struct us_opts *o, struct us_stats *s, int64_t now, int final)
{
	double t = (double)(now - s->t0) / 1e9;
	double secs = final ? t : (double)(now - s->t_last) / 1e9;
	uint64_t n = final ? s->sent : s->sent - s->last_sent;
	double pps = secs > 0 ? (double)n / secs : 0.0;

	/* Overall: N datagrams span N-1 periods from the first to the last. */
	if (final && s->sent > 1 && s->t_lastsend > s->t_first)
		pps = (double)(s->sent - 1) * 1e9 / (double)(s->t_lastsend - s->t_first);
	double mbit = pps * (double)o->size * 8 / 1e6;
	char req[32];

	if (o->den)
		snprintf(req, sizeof req, "%.3f", o->req_pps);
	else
		snprintf(req, sizeof req, o->json ? "null" : "max");
	if (o->json)
		printf("{\"type\":\"%s\",\"t\":%.3f,\"seconds\":%.3f,\"sent\":%llu,\"interval_sent\":%llu,"
		       "\"bytes\":%llu,\"rate_pps\":%.3f,\"requested_pps\":%s,\"mbit_s\":%.3f,"
		       "\"errors\":%llu,\"skipped\":%llu,\"stream\":%u}\n", final ? "summary" : "interval",
		       t, secs, (unsigned long long)s->sent, (unsigned long long)n,
		       (unsigned long long)s->bytes, pps, req, mbit, (unsigned long long)s->errors,
		       (unsigned long long)s->skipped, o->id);
	else
		printf("udp-send: %s t=%.3fs sent=%llu (+%llu) rate=%.3f pps requested=%s pps "
		       "%.3f Mbit/s errors=%llu skipped=%llu\n", final ? "total" : "interval", t,
		       (unsigned long long)s->sent, (unsigned long long)n, pps, req, mbit,
		       (unsigned long long)s->errors, (unsigned long long)s->skipped);
	fflush(stdout);
	s->last_sent = s->sent;
	s->t_last = now;
}

/* Sends one datagram; 0 ok (or counted error), -1 fatal (err filled). */
static int us_send_one(const struct us_opts *o, int fd, const struct gen_addr *a, uint64_t seq,
                       unsigned char *buf, struct us_stats *s, char *err, size_t errlen)
{
	if (o->stamp) {
		struct ps_stamp st = { .version = PS_STAMP_VERSION, .stream = o->id,
		                       .msg_len = (uint32_t)o->size, .seq = seq };
		st.flags = o->text ? 0 : PS_STAMP_F_PATTERN;
		st.send_ns = realtime_ns();
		ps_stamp_encode(buf, &st);
	} else if (!o->text) {
		gen_udp_put_header(buf, o->id, seq, realtime_ns());
	}
	if (sendto(fd, buf, o->size, 0, (const struct sockaddr *)&a->ss, a->len) == (ssize_t)o->size) {
		s->t_lastsend = ps_loop_now_ns();
		if (!s->sent)
			s->t_first = s->t_lastsend;
		s->sent++;
		s->bytes += o->size;
		return 0;
	}
	if (errno == EACCES || errno == EPERM) {
		snprintf(err, errlen, "%s: permission denied%s", o->to, o->broadcast ? "" :
		         " (a broadcast address needs --broadcast)");
		return -1;
	}
	if (errno == EMSGSIZE) {
		snprintf(err, errlen, "%s: --size %zu is too large for this path", o->to, o->size);
		return -1;
	}
	if (s->errors++ == 0)
		fprintf(stderr, "pktscope-gen udp-send: sendto %s: %s (counting further errors)\n",
		        o->to, strerror(errno));
	return 0;
}

/* The payload after the header: the fill pattern, or --text repeated
 * (alone when there is no header). */
static void us_fill(const struct us_opts *o, unsigned char *buf)
{
	size_t hdr = o->stamp ? PS_STAMP_LEN : o->text ? 0 : GEN_UDP_HDR_LEN, tl;

	if (!o->text) {
		if (o->stamp)
			ps_stamp_pad(buf, o->size);
		else
			gen_udp_fill(buf, o->size);
		return;
	}
	tl = strlen(o->text);
	for (size_t i = hdr; i < o->size; i++)
		buf[i] = (unsigned char)o->text[(i - hdr) % tl];
}

/* The paced send loop; returns 0, or -1 with err filled. */
static int us_loop(const struct us_opts *o, int fd, const struct gen_addr *a,
                   struct us_stats *s, char *err, size_t errlen)
{
	unsigned char *buf = malloc(o->size);
	int64_t next_report, now;
	uint64_t k = 0;
	int rc = 0;

	if (!buf) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	us_fill(o, buf);
	s->t0 = s->t_last = ps_loop_now_ns();
	next_report = s->t0 + o->report_ns;
	while (!gen_signal_stopping() && (!o->count || k < o->count)) {
		int64_t due = o->den ? gen_udp_sched(s->t0, k, o->num, o->den) : s->t0;
		if (o->duration_ns && due - s->t0 >= o->duration_ns)
			break;
		now = ps_loop_now_ns();
		if (now >= next_report) {
			us_report(o, s, now, 0);
			next_report += o->report_ns;
			continue;
		}
		if (now < due) {
			sleep_until(due < next_report ? due : next_report);
			continue;
		}
		if (o->duration_ns && now - s->t0 >= o->duration_ns)
			break;
		if (o->drop_every && k % o->drop_every == o->drop_every - 1) {
			s->skipped++; /* its time slot stays empty, like a loss */
			k++;
			continue;
		}
		if ((rc = us_send_one(o, fd, a, k, buf, s, err, errlen)) < 0)
			break;
		k++;
	}
	free(buf);
	return rc;
}

static const char us_usage[] =
	"usage: pktscope-gen udp-send --to ADDR [--rate PPS | --interval T] [options]\n"
	"Send UDP datagrams carrying a sequence number and a send timestamp.\n"
	"  --to ADDR        destination HOST:PORT or [IPV6]:PORT\n"
	"  --broadcast      allow a broadcast destination (SO_BROADCAST)\n"
	"  --rate PPS       datagrams per second (0 = as fast as possible)\n"
	"  --interval T     one datagram every T (default 1s when no --rate)\n"
	"  --count N        stop after N datagrams\n"
	"  --duration T     stop after T\n"
	"  --size B         datagram size, 24..65507 (32.. with --stamp; default 64,\n"
	"                   or the text's length with --text)\n"
	"  --stamp          a probe stamp as header (docs/probe-format.md)\n"
	"  --drop-every K   skip every K-th sequence number (seq % K == K-1): a known loss\n"
	"  --text STRING    payload text: alone, or after --stamp's header, repeated to --size\n"
	"  --report T       print achieved vs requested rate every T (default 1s)\n"
	"  --id N           stream id written into each datagram (default: random)\n"
	"  --json           NDJSON interval lines and summary\n";

enum { U_TO = 0x300, U_BCAST, U_RATE, U_INTERVAL, U_COUNT, U_DURATION, U_SIZE, U_REPORT,
       U_ID, U_JSON, U_HELP, U_STAMP, U_DROP, U_TEXT };

static int us_rate(struct us_opts *o, const char *arg)
{
	char *end;
	double r = strtod(arg, &end);

	if (end == arg || *end || r < 0 || r > 1e9)
		return -1;
	o->req_pps = r;
	o->den = (uint64_t)(r * 1000.0 + 0.5); /* milli-pps: period = 1e12/den ns */
	o->num = 1000000000000ULL;
	if (r > 0 && o->den == 0)
		return -1;
	return 0;
}

static int us_opt(struct us_opts *o, int c, const char *arg)
{
	unsigned long long v;
	long long ms;

	switch (c) {
	case U_TO: o->to = arg; return 0;
	case U_BCAST: o->broadcast = 1; return 0;
	case U_JSON: o->json = 1; return 0;
	case U_STAMP: o->stamp = 1; return 0;
	case U_TEXT: o->text = arg; return *arg ? 0 : -1;
	case U_DROP: return gen_parse_u64(arg, 0, &o->drop_every) < 0 || o->drop_every < 2 ? -1 : 0;
	case U_RATE: return us_rate(o, arg);
	case U_INTERVAL:
		if ((ms = gen_parse_ms(arg)) <= 0)
			return -1;
		o->num = (uint64_t)ms * 1000000ULL;
		o->den = 1;
		o->req_pps = 1000.0 / (double)ms;
		return 0;
	case U_COUNT: return gen_parse_u64(arg, 0, &o->count) < 0 || !o->count ? -1 : 0;
	case U_DURATION: case U_REPORT:
		if ((ms = gen_parse_ms(arg)) <= 0)
			return -1;
		*(c == U_DURATION ? &o->duration_ns : &o->report_ns) = ms * 1000000LL;
		return 0;
	case U_SIZE:
		if (gen_parse_u64(arg, 0, &v) < 0 || v < 1 || v > 65507)
			return -1;
		o->size = (size_t)v;
		return 0;
	case U_ID:
		if (gen_parse_u64(arg, 0, &v) < 0 || v > 0xffffffffULL)
			return -1;
		o->id = (uint32_t)v;
		return 0;
	default:
		return -1;
	}
}

static int us_check_size(struct us_opts *o, int sized);

/* Returns -1 to go on, else an exit code. */
static int us_parse(int argc, char **argv, struct us_opts *o)
{
	static const struct option opts[] = {
		{ "to", 1, NULL, U_TO }, { "broadcast", 0, NULL, U_BCAST }, { "rate", 1, NULL, U_RATE },
		{ "interval", 1, NULL, U_INTERVAL }, { "count", 1, NULL, U_COUNT },
		{ "duration", 1, NULL, U_DURATION }, { "size", 1, NULL, U_SIZE },
		{ "report", 1, NULL, U_REPORT }, { "id", 1, NULL, U_ID }, { "json", 0, NULL, U_JSON },
		{ "help", 0, NULL, U_HELP }, { "stamp", 0, NULL, U_STAMP },
		{ "drop-every", 1, NULL, U_DROP }, { "text", 1, NULL, U_TEXT }, { NULL, 0, NULL, 0 },
	};
	int c, paced = 0, sized = 0;

	memset(o, 0, sizeof *o);
	o->size = 64;
	o->report_ns = 1000000000LL;
	o->id = (uint32_t)(realtime_ns() ^ (uint64_t)getpid() << 16);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == U_HELP || c == 'h') {
			fputs(us_usage, stdout);
			return GEN_EXIT_OK;
		}
		if (c == '?' || us_opt(o, c, optarg) < 0) {
			if (c != '?')
				fprintf(stderr, "pktscope-gen udp-send: bad value '%s' for --%s\n", optarg,
				        opts[c - U_TO].name);
			else
				fputs(us_usage, stderr);
			return GEN_EXIT_USAGE;
		}
		paced |= c == U_RATE || c == U_INTERVAL;
		sized |= c == U_SIZE;
	}
	if (!o->to || optind != argc) {
		fprintf(stderr, "pktscope-gen udp-send: give --to ADDR (and no other arguments)\n");
		return GEN_EXIT_USAGE;
	}
	if (!paced)
		us_opt(o, U_INTERVAL, "1s");
	return us_check_size(o, sized);
}

/* The size each payload kind needs; -1 ok, else GEN_EXIT_USAGE. */
static int us_check_size(struct us_opts *o, int sized)
{
	size_t hdr = o->stamp ? PS_STAMP_LEN : o->text ? 0 : GEN_UDP_HDR_LEN;

	if (!sized && o->text)
		o->size = hdr + strlen(o->text) > 65507 ? 65507 : hdr + strlen(o->text);
	if (o->size < hdr) {
		fprintf(stderr, "pktscope-gen udp-send: --size %zu is below the %zu-byte header\n",
		        o->size, hdr);
		return GEN_EXIT_USAGE;
	}
	return -1;
}

int gen_udp_send_main(int argc, char **argv)
{
	struct us_opts o;
	struct us_stats s;
	struct gen_addr a;
	char err[200], where[GEN_ADDR_STRLEN];
	int rc, fd;

	if ((rc = us_parse(argc, argv, &o)) >= 0)
		return rc;
	if (gen_addr_parse(o.to, 0, &a, err, sizeof err) < 0) {
		fprintf(stderr, "pktscope-gen udp-send: %s\n", err);
		return GEN_EXIT_USAGE;
	}
	fd = socket(a.ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || (o.broadcast && setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &o.broadcast,
	                                         sizeof o.broadcast) < 0)) {
		fprintf(stderr, "pktscope-gen udp-send: socket: %s\n", strerror(errno));
		return GEN_EXIT_RUNTIME;
	}
	if (!o.json)
		printf("udp-send: to %s, %zu bytes, stream %u\n",
		       gen_addr_format((struct sockaddr *)&a.ss, a.len, where, sizeof where), o.size, o.id);
	memset(&s, 0, sizeof s);
	rc = us_loop(&o, fd, &a, &s, err, sizeof err);
	close(fd);
	if (rc < 0)
		fprintf(stderr, "pktscope-gen udp-send: %s\n", err);
	us_report(&o, &s, ps_loop_now_ns(), 1);
	if (rc == 0 && s.sent == 0 && s.errors != 0) {
		/* every datagram failed: that is not a success */
		fprintf(stderr, "pktscope-gen udp-send: nothing was sent (%llu errors)\n",
		        (unsigned long long)s.errors);
		rc = -1;
	}
	return rc < 0 ? GEN_EXIT_RUNTIME : GEN_EXIT_OK;
}
