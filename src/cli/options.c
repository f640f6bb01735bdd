/* SPDX-License-Identifier: BSD-2-Clause */
/* options.c - command-line parsing (getopt_long), tcpdump-compatible where the
 * flags overlap.  Options only set fields; main decides what runs. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "ps_capture.h"
#include "ps_follow.h"
#include "ps_options.h"

enum {
	OPT_JSON = 256,
	OPT_SOURCE,
	OPT_IMMEDIATE,
	OPT_NO_READAHEAD,
	OPT_INET_PROTO,
	OPT_PRINT,
	OPT_TUI,
	OPT_HELP,
	OPT_VERSION,
	OPT_COUNT_ONLY,
	/* flow tracking */
	OPT_FLOWS,
	OPT_NO_FLOWS,
	OPT_FLOW_MEM,
	OPT_FLOW_TIMEOUT,
	OPT_REASM_MEM,
	OPT_NO_DEFRAG,
	OPT_ALL_STAGES,
};

static const struct option longopts[] = {
	{"json", no_argument, 0, OPT_JSON},
	{"line-buffered", no_argument, 0, 'l'},
	{"source", required_argument, 0, OPT_SOURCE},
	{"immediate", no_argument, 0, OPT_IMMEDIATE},
	{"no-readahead", no_argument, 0, OPT_NO_READAHEAD},
	{"inet-proto", required_argument, 0, OPT_INET_PROTO},
	{"print", no_argument, 0, OPT_PRINT},
	{"tui", no_argument, 0, OPT_TUI},
	{"help", no_argument, 0, OPT_HELP},
	{"version", no_argument, 0, OPT_VERSION},
	{"count", no_argument, 0, OPT_COUNT_ONLY}, /* tcpdump 4.99: print only the count */
	{"read", required_argument, 0, 'r'},
	{"interface", required_argument, 0, 'i'},
	{"write", required_argument, 0, 'w'},
	{"verbose", no_argument, 0, 'v'},
	{"quiet", no_argument, 0, 'q'},
	/* flow tracking */
	{"flows", no_argument, 0, OPT_FLOWS},
	{"no-flows", no_argument, 0, OPT_NO_FLOWS},
	{"flow-mem", required_argument, 0, OPT_FLOW_MEM},
	{"flow-timeout", required_argument, 0, OPT_FLOW_TIMEOUT},
	{"reassembly-mem", required_argument, 0, OPT_REASM_MEM},
	{"no-defrag", no_argument, 0, OPT_NO_DEFRAG},
	{"all-stages", no_argument, 0, OPT_ALL_STAGES},
	{"output", required_argument, 0, PS_OPT_OUTPUT}, /* options_sink.c */
	{"stats-interval", required_argument, 0, PS_OPT_STATS_INTERVAL},
	{"workers", required_argument, 0, PS_OPT_WORKERS}, /* options_workers.c */
	{"fanout-mode", required_argument, 0, PS_OPT_FANOUT_MODE},
	{"cpus", required_argument, 0, PS_OPT_CPUS},
	{"merge", no_argument, 0, PS_OPT_MERGE},
	{"workers-pipeline", no_argument, 0, PS_OPT_WORKERS_PIPELINE},
	{0, 0, 0, 0},
};

void ps_usage(FILE *f)
{
	fputs("usage: pktscope [-r FILE | -i IFACE] [options] [BPF filter expression]\n"
	      "  -r FILE          read a pcap/pcapng file (- for stdin)\n"
	      "  -i IFACE         capture live on IFACE (any = every interface)\n"
	      "  --source NAME    capture mechanism: file, pcap, packet (AF_PACKET ring), inet (raw AF_INET)\n"
	      "  --inet-proto P   with --source inet: tcp, udp, icmp or all\n"
	      "  -D               list interfaces\n"
	      "  -c N             stop after N packets\n"
	      "  --json           one JSON object per packet (NDJSON, see SCHEMA.md)\n"
	      "  -q               no per-packet output; print a summary at the end\n"
	      "  -v               more detail (repeat for more)\n"
	      "  -e               print link-layer headers\n"
	      "  -x / -X          hex dump of each packet (-X adds ASCII)\n"
	      "  -t / -tt         no time stamp / seconds since the epoch\n"
	      "  -ttt / -tttt / -ttttt   delta from the previous packet / date and time / delta from the first\n"
	      "  -A               print each packet (from the network header) in ASCII\n"
	      "  -#               print the packet number at the start of each line\n"
	      "  --count          print only the number of packets\n"
	      "  -Q in|out|inout  only packets received / sent / both (when the source knows)\n"
	      "  -l               line-buffered output\n"
	      "  -n, -nn          accepted for tcpdump habits: output is always numeric\n"
	      "  -S               absolute TCP sequence numbers in the text (default: relative, as tcpdump)\n"
	      "  --flows          one NDJSON record per conversation when it ends (with --json: interleaved)\n"
	      "  --no-flows       no flow tracking (no flow object, absolute seq/ack): fastest\n"
	      "  --all-stages     run the whole flow stage even when no output needs it (-q, --count, -w\n"
	      "                   and -T fields with a -Y and -e that need no flow state skip it, and\n"
	      "                   with only DNS/HTTP/TLS fields run it for their TCP flows only)\n"
	      "  --flow-mem MIB   flow table memory cap, LRU eviction beyond it (default 64)\n"
	      "  --flow-timeout T idle timeouts, seconds: N, or tcp=300,syn=30,closed=5,udp=60,icmp=60,other=60\n"
	      "  -z STAT          conv,tcp|udp|ip|ipv6|eth  endpoints,ip|tcp|udp  follow,tcp|udp,ascii|hex|raw,N\n"
	      "                   (tshark's tables), probe (stamps: loss, delay); with -q only the tables\n"
	      "  --reassembly-mem MIB  TCP reassembly memory, oldest buffered data dropped beyond it (default 64)\n"
	      "  --no-defrag      no IP defragmentation (tshark -o ip.defragment:FALSE): protocols above\n"
	      "                   IP are not decoded from reassembled datagrams\n"
	      "  -w FILE          write packets to a pcap file (--print to print them too)\n"
	      "  -C MB / -G SEC / -W N   rotate -w files by size, time, and keep N files\n"
	      "  -U               flush -w output after every packet\n"
	      "  -Z USER          drop privileges to USER after opening the capture\n"
	      "  -B KIB / -s LEN / -p / --immediate   buffer size, snap length, no promiscuous mode, low latency\n"
	      "  --no-readahead   -r: read the file on the dissecting thread (default: a second thread\n"
	      "                   reads ahead when there are 2+ cores)\n"
	      "  -Y EXPR          display filter, Wireshark syntax (docs/fields.md): applied after the BPF filter\n"
	      "  -T fields -e F   print fields F (Wireshark names), one line per packet; -E separator=,|/t|/s\n"
	      "                   -E header=y -E occurrence=f|l|a -E aggregator=,|/s -E quote=d|s|n\n"
	      "  -T json|ek       output format: json (= --json), ek (Elasticsearch bulk NDJSON)\n"
	      "  --output URL     ship records to redis://[[USER]:PASSWORD@]HOST[:PORT]/KEY[?maxlen=N&db=N]\n"
	      "                   (password also from PKTSCOPE_REDIS_PASSWORD),\n"
	      "                   kafka://BROKER[,BROKER...]/TOPIC or file:PATH\n"
	      "                   instead of stdout (--print: both); repeatable\n"
	      "  -X NAME=VALUE    a librdkafka property for kafka:// outputs (repeatable)\n"
	      "  --stats-interval SEC   a JSON line of capture and sink counters on stderr every SEC\n"
	      "  --workers N      N threads: -r FILE (same output as one), or live with --source packet\n"
	      "                   (PACKET_FANOUT, -w FILE -> FILE.W.pcap per worker); docs/workers.md\n"
	      "  --fanout-mode M  live workers: hash (flows stay on one worker), lb, cpu or qm\n"
	      "  --cpus LIST      live workers: pin them to these CPUs (0,2 or 4-7)\n"
	      "  --merge          live workers: one -w file for all of them\n"
	      "  --workers-pipeline  -r: the N threads even where one worker with read-ahead is\n"
	      "                   faster (2 usable cores or fewer, light output; docs/workers.md)\n"
	      "  --tui            interactive ncurses view\n"
	      "  --help / --version\n"
	      "exit status: 0 ok, 1 runtime error (unreadable or truncated input, write error), 2 usage or filter error\n",
	      f);
}

static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9') /* strtoull takes " -1" and "+1": we do not */
		return -1;
	if (errno || end == s || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

/* The filter is the remaining arguments joined by spaces, as tcpdump does. */
static int join_filter(struct ps_options *o, int argc, char **argv, int first)
{
	size_t n = 0;
	for (int i = first; i < argc; i++)
		n += strlen(argv[i]) + 1;
	if (!n)
		return 0;
	o->filter = malloc(n);
	if (!o->filter)
		return -1;
	o->filter[0] = '\0';
	for (int i = first; i < argc; i++) {
		if (i > first)
			strcat(o->filter, " ");
		strcat(o->filter, argv[i]);
	}
	return 0;
}

#define NUM_ARG(field, max, what)                                                                  \
	do {                                                                                       \
		uint64_t v_;                                                                       \
		if (parse_u64(optarg, (max), &v_)) {                                               \
			snprintf(err, errlen, "invalid %s '%s'", (what), optarg);                  \
			return -1;                                                                 \
		}                                                                                  \
		(field) = v_;                                                                      \
	} while (0)

/* -Y, -T, -e, -E: the display filter and field output (tshark's letters). */
static int view_option(struct ps_options *o, int c, char *err, size_t errlen)
{
	switch (c) {
	case 'Y':
		o->display_filter = optarg;
		return 0;
	case 'T':
		if (strcmp(optarg, "fields") != 0) /* json, ek, text: options_sink.c */
			return ps_options_sink(o, c, optarg, err, errlen);
		o->fields = true;
		return 0;
	case 'e':
		if (o->nfield_names == PS_MAX_FIELDS) {
			snprintf(err, errlen, "-e: at most %d fields", PS_MAX_FIELDS);
			return -1;
		}
		o->field_names[o->nfield_names++] = optarg;
		return 0;
	default:
		if (ps_dfields_eopt(&o->field_opts, optarg)) {
			snprintf(err, errlen, "-E: invalid option '%s'", optarg);
			return -1;
		}
		return 0;
	}
}

/* tcpdump's -e (link headers) and tshark's -e FIELD share a letter: with
 * -T fields anywhere on the line, -e takes a field name (as in tshark). */
static bool wants_fields(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (!strcmp(argv[i], "-Tfields") ||
		    (!strcmp(argv[i], "-T") && i + 1 < argc && !strcmp(argv[i + 1], "fields")))
			return true;
	return false;
}

/* After all options: -T fields needs -e, and no other output format. */
static int view_check(const struct ps_options *o, char *err, size_t errlen)
{
	if (o->fields && !o->nfield_names) {
		snprintf(err, errlen, "-T fields needs at least one -e FIELD");
		return -1;
	}
	if (o->fields && (o->quiet || strcmp(o->format, "text") != 0)) {
		snprintf(err, errlen, "-T fields cannot be used with -q or --json");
		return -1;
	}
	if (o->tui && o->fields) {
		snprintf(err, errlen, "-T fields is not available with --tui (its '/' takes -Y's filters)");
		return -1;
	}
	return 0;
}

/* Flow tracking options (-S, -z, --flows, --no-flows, --flow-mem, --flow-timeout). */
static const char *const zstat_names[] = {"conv,tcp", "conv,udp", "conv,ip", "conv,ipv6",
					  "conv,eth", "endpoints,ip", "endpoints,tcp",
					  "endpoints,udp", "probe"};

static int parse_zstat(struct ps_options *o, char *err, size_t errlen)
{
	struct ps_follow fl; /* follow,tcp|udp,ascii|hex|raw,N: kept as given */
	const char *name = ps_follow_parse(&fl, optarg) ? 0 : optarg;
	for (size_t i = 0; !name && i < sizeof zstat_names / sizeof zstat_names[0]; i++)
		if (!strcmp(optarg, zstat_names[i]))
			name = zstat_names[i];
	if (!name) {
		snprintf(err, errlen, "invalid -z argument '%s' (conv,tcp|udp|ip|ipv6|eth, "
			 "endpoints,ip|tcp|udp, follow,tcp|udp,ascii|hex|raw,N, probe)", optarg);
		return -1;
	}
	if (o->nzstats == PS_MAX_ZSTATS) {
		snprintf(err, errlen, "too many -z options (at most %d)", PS_MAX_ZSTATS);
		return -1;
	}
	o->zstats[o->nzstats++] = name;
	return 0;
}

/* A memory size in MiB (1..1048576) into *bytes. */
static int parse_mib(const char *what, uint64_t *bytes, char *err, size_t errlen)
{
	uint64_t mib;
	if (parse_u64(optarg, 1u << 20, &mib) || !mib) {
		snprintf(err, errlen, "invalid %s memory '%s' (MiB, 1..1048576)", what, optarg);
		return -1;
	}
	*bytes = mib << 20;
	return 0;
}

static int parse_flow_opt(struct ps_options *o, int c, char *err, size_t errlen)
{
	switch (c) {
	case 'S': o->flow.text_rel = false; break;
	case 'z': return parse_zstat(o, err, errlen);
	case OPT_FLOWS: o->flow_records = true; break;
	case OPT_NO_FLOWS: o->no_flows = true; break;
	case OPT_NO_DEFRAG: o->no_defrag = true; break;
	case OPT_ALL_STAGES: o->all_stages = true; break;
	case OPT_FLOW_MEM: return parse_mib("flow", &o->flow.mem_bytes, err, errlen);
	case OPT_REASM_MEM: return parse_mib("reassembly", &o->flow.reasm_mem, err, errlen);
	case OPT_FLOW_TIMEOUT:
		if (ps_flow_parse_timeouts(&o->flow, optarg)) {
			snprintf(err, errlen, "invalid flow timeout '%s'", optarg);
			return -1;
		}
		break;
	default: snprintf(err, errlen, "unknown or incomplete option"); return -1;
	}
	return 0;
}

static int parse_one(struct ps_options *o, int c, char *err, size_t errlen)
{
	switch (c) {
	case 'r': o->read_file = optarg; break;
	case 'i': o->iface = optarg; break;
	case 'c': NUM_ARG(o->count, UINT64_MAX, "count"); if (!o->count) { snprintf(err, errlen, "invalid count '0'"); return -1; } break;
	case 'v': o->render.text.verbose++; break;
	case 'e': if (o->fields) return view_option(o, c, err, errlen); o->render.text.link = true; break;
	case 'x': if (o->render.hex < 1) o->render.hex = 1; break;
	case 'X': o->render.hex = 2; break;
	case 'q': o->quiet = true; break;
	case 't': /* tcpdump counts them: -t none, -tt epoch, -ttt delta, -tttt date, -ttttt since first */
		o->render.time_fmt = o->render.time_fmt == PS_TIME_LOCAL ? PS_TIME_NONE
				     : o->render.time_fmt < PS_TIME_SINCE_FIRST ? o->render.time_fmt + 1
										 : PS_TIME_SINCE_FIRST;
		break;
	case 'l': o->line_buffered = true; break;
	case 'n': break;
	case 'D': o->list_ifaces = true; break;
	case 'w': o->write_file = optarg; break;
	case 'C': NUM_ARG(o->rotate_mb, 1000000, "file size"); o->rotate_mb_zero = !o->rotate_mb; break;
	case 'G': NUM_ARG(o->rotate_seconds, 100000000, "rotation seconds"); break;
	case 'W': NUM_ARG(o->file_count, 1000000, "file count"); o->file_count_zero = !o->file_count; break;
	case 'U': o->packet_buffered = true; break;
	case 'Z': o->user = optarg; break;
	case 'B': NUM_ARG(o->buffer_kib, 16 * 1024 * 1024, "buffer size"); break;
	case 's': NUM_ARG(o->snaplen, 262144, "snap length"); break;
	case 'p': o->promisc = false; break;
	case OPT_JSON: o->format = "json"; break;
	case OPT_SOURCE: o->source = optarg; break;
	case OPT_IMMEDIATE: o->immediate = true; break;
	case OPT_NO_READAHEAD: o->no_readahead = true; break;
	case OPT_INET_PROTO: o->inet_proto = optarg; break;
	case OPT_PRINT: o->print = true; break;
	case OPT_TUI: o->tui = true; break;
	case OPT_HELP: o->help = true; break;
	case OPT_VERSION: o->version = true; break;
	case OPT_COUNT_ONLY: o->count_only = true; break;
	case 'A': o->render.ascii = true; break;
	case '#': o->render.number = true; break;
	case 'Q': return ps_options_direction(o, optarg, err, errlen);
	case 'Y': case 'T': case 'E': return view_option(o, c, err, errlen);
	default: /* --output, --stats-interval: options_sink.c */
		if (c >= PS_OPT_WORKERS)
			return ps_options_workers(o, c, optarg, err, errlen);
		return c >= PS_OPT_OUTPUT ? ps_options_sink(o, c, optarg, err, errlen)
					 : parse_flow_opt(o, c, err, errlen);
	}
	return 0;
}

int ps_options_parse(struct ps_options *o, int argc, char **argv, char *err, size_t errlen)
{
	memset(o, 0, sizeof *o);
	o->direction = -1;
	o->promisc = true;
	o->format = "text";
	o->field_opts = (struct ps_dfields_opts){.separator = '\t', .aggregator = ','};
	ps_flow_cfg_defaults(&o->flow);
	opterr = 0;
	optind = 1;
	int c;
	o->fields = wants_fields(argc, argv);
	const char *optstring = o->fields ? "r:i:c:ve:xXqtlnSDw:C:G:W:UZ:B:s:pA#Q:z:Y:T:E:"
					  : "r:i:c:vexXqtlnSDw:C:G:W:UZ:B:s:pA#Q:z:Y:T:E:";
	while ((c = getopt_long(argc, argv, optstring, longopts, 0)) != -1) {
		if (c == '?' || c == ':') {
			if (optopt && optopt < 256)
				snprintf(err, errlen, "unknown option or missing argument: -%c", optopt);
			else
				snprintf(err, errlen, "unknown option or missing argument: %s",
					 argv[optind - 1]);
			return -1;
		}
		if (c == 'X' && optind < argc && ps_options_is_sink_prop(argv[optind])) {
			/* -X NAME=VALUE: a Kafka property, kcat's letter (options_sink.c) */
			if (ps_options_sink(o, PS_OPT_SINK_PROP, argv[optind++], err, errlen))
				return -1;
			continue;
		}
		if (parse_one(o, c, err, errlen))
			return -1;
	}
	if (o->read_file && o->iface) {
		snprintf(err, errlen, "-r and -i cannot be used together");
		return -1;
	}
	if (strcmp(o->format, "text") != 0 && o->quiet) {
		snprintf(err, errlen, "--json and -q cannot be used together");
		return -1;
	}
	if (view_check(o, err, errlen))
		return -1;
	if (o->no_flows && (o->flow_records || o->nzstats)) {
		snprintf(err, errlen, "--no-flows cannot be used with --flows or -z");
		return -1;
	}
	if (ps_options_check(o, err, errlen))
		return -2; /* the options are fine one by one: no usage text */
	if (join_filter(o, argc, argv, optind)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* a file's list has one filter; live, BPF is the capture's and -Y the list's */
	if (o->tui && o->display_filter && o->read_file && o->filter) {
		snprintf(err, errlen, "--tui -r takes a BPF filter or -Y, not both (the list has one filter)");
		return -1;
	}
	return 0;
}

void ps_options_free(struct ps_options *o)
{
	free(o->filter);
	o->filter = 0;
	for (unsigned i = 0; i < PS_MAX_OUTPUTS; i++) {
		if (o->owned_outputs[i]) /* it holds a password */
			explicit_bzero(o->owned_outputs[i], strlen(o->owned_outputs[i]));
		free(o->owned_outputs[i]);
		o->owned_outputs[i] = NULL;
	}
	for (unsigned i = 0; i < PS_SINK_MAX_PROPS; i++) {
		if (o->owned_props[i])
			explicit_bzero(o->owned_props[i], strlen(o->owned_props[i]));
		free(o->owned_props[i]);
		o->owned_props[i] = NULL;
	}
}

/* next() returns PS_CAP_NONE after at most this long without a packet: it
 * bounds how late the run loop sees SIGINT/-c and the TUI's capture thread
 * sees "quit" on an idle link, and costs ten wakeups a second when idle.
 * Packets themselves are not delayed by it (the kernel's block timeout and
 * --immediate decide that).  The CLI used 200 ms and the TUI 100 ms; 100 ms
 * is also what every backend takes when given 0. */
#define CAPTURE_TIMEOUT_MS 100

const char *ps_options_capture(const struct ps_options *o, struct ps_capture_opts *co)
{
	*co = (struct ps_capture_opts){
		.path = o->read_file,
		.iface = o->iface,
		.filter = o->filter,
		.snaplen = o->snaplen,
		.buffer_kib = o->buffer_kib,
		.promisc = o->promisc,
		.immediate = o->immediate,
		.timeout_ms = CAPTURE_TIMEOUT_MS,
		.inet_proto = o->inet_proto,
		.verbose = o->render.text.verbose,
		/* also for --workers N: the read stage then takes frames from the
		 * ring instead of copying the file itself (docs/workers.md) */
		.readahead = !o->no_readahead,
	};
	return o->source ? o->source : o->read_file ? "file" : "pcap";
}
