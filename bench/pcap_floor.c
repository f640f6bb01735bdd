/* SPDX-License-Identifier: BSD-2-Clause */
/* pcap_floor.c - the libpcap read floor: pcap_next_ex over a file, touching nothing but the header.
 *
 * No tool that reads captures through libpcap can be faster than this loop,
 * so replay-bench.sh measures `pktscope -q` against it.  It sums caplen and
 * len so the compiler cannot drop the loop, and prints the totals.
 * Build: cc -O2 -o pcap_floor pcap_floor.c -lpcap
 */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	uint64_t n = 0, caplen = 0, len = 0, first = 0;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE\n", argv[0]);
		return 2;
	}
	pcap_t *p = pcap_open_offline(argv[1], err);
	if (!p) {
		fprintf(stderr, "pcap_floor: %s\n", err);
		return 1;
	}
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		n++;
		caplen += h->caplen;
		len += h->len;
		if (h->caplen) /* one byte of each frame, as any reader needs at least that */
			first += data[0];
	}
	if (rc == PCAP_ERROR)
		fprintf(stderr, "pcap_floor: %s\n", pcap_geterr(p));
	pcap_close(p);
	printf("%llu packets, %llu captured bytes, %llu wire bytes (%llu)\n",
	       (unsigned long long)n, (unsigned long long)caplen, (unsigned long long)len,
	       (unsigned long long)first);
	return rc == PCAP_ERROR ? 1 : 0;
}
