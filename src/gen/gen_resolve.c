/* SPDX-License-Identifier: BSD-2-Clause */
/* pktscope-gen resolve: getaddrinfo for each HOST, every family and
 * address in numeric forms (scoped IPv6 with its interface); "invalid" and
 * exit 1 when a name does not resolve. */
#include <arpa/inet.h>
#include <getopt.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "gen_json.h"
#include "gen_modules.h"

struct rs_opts {
	int family;  /* AF_UNSPEC, AF_INET, AF_INET6 */
	int reverse; /* also look the address up (PTR) */
	int json;
};

/* The numeric forms of one address. */
struct rs_addr {
	const char *family;       /* "ipv4" / "ipv6" */
	char text[INET6_ADDRSTRLEN + IF_NAMESIZE + 2]; /* as getnameinfo prints it, with %scope */
	char full[48];            /* ipv4: dotted quad; ipv6: 8 groups of 4 hex digits */
	unsigned long integer;    /* ipv4 only */
	unsigned scope;           /* ipv6 scope id, 0 if none */
	char scope_if[IF_NAMESIZE];
	char ptr[NI_MAXHOST];     /* with --reverse */
};

static void rs_fill(const struct rs_opts *o, const struct addrinfo *ai, struct rs_addr *r)
{
	memset(r, 0, sizeof *r);
	if (getnameinfo(ai->ai_addr, ai->ai_addrlen, r->text, sizeof r->text, NULL, 0, NI_NUMERICHOST))
		snprintf(r->text, sizeof r->text, "?");
	if (ai->ai_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)ai->ai_addr;
		r->family = "ipv4";
		r->integer = ntohl(s4->sin_addr.s_addr);
		inet_ntop(AF_INET, &s4->sin_addr, r->full, sizeof r->full);
	} else {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ai->ai_addr;
		size_t off = 0;
		r->family = "ipv6";
		for (int i = 0; i < 16; i += 2)
			off += (size_t)snprintf(r->full + off, sizeof r->full - off, "%s%02x%02x",
			                        i ? ":" : "", s6->sin6_addr.s6_addr[i], s6->sin6_addr.s6_addr[i + 1]);
		r->scope = s6->sin6_scope_id;
		if (r->scope && !if_indextoname(r->scope, r->scope_if))
			snprintf(r->scope_if, sizeof r->scope_if, "?");
	}
	if (o->reverse && getnameinfo(ai->ai_addr, ai->ai_addrlen, r->ptr, sizeof r->ptr, NULL, 0,
	                              NI_NAMEREQD) != 0)
		snprintf(r->ptr, sizeof r->ptr, "(none)");
}

static void rs_text(const struct rs_opts *o, const struct rs_addr *r)
{
	printf("  %s  %s", r->family, r->text);
	if (r->family[3] == '4')
		printf("  integer %lu hex 0x%08lx", r->integer, r->integer);
	else
		printf("  full %s", r->full);
	if (r->scope)
		printf("  scope %u (%s)", r->scope, r->scope_if);
	if (o->reverse)
		printf("  ptr %s", r->ptr);
	printf("\n");
}

static void rs_json(const struct rs_opts *o, const struct rs_addr *r, int first)
{
	printf("%s{\"family\":\"%s\",\"address\":\"%s\",\"full\":\"%s\"", first ? "" : ",",
	       r->family, r->text, r->full);
	if (r->family[3] == '4')
		printf(",\"integer\":%lu", r->integer);
	else
		printf(",\"scope_id\":%u,\"scope_if\":\"%s\"", r->scope, r->scope_if);
	if (o->reverse) {
		printf(",\"ptr\":");
		gen_json_str(stdout, r->ptr);
	}
	printf("}");
}

/* Skips duplicates: getaddrinfo repeats an address per socket type. */
static int rs_seen(const struct addrinfo *res, const struct addrinfo *ai)
{
	for (const struct addrinfo *p = res; p != ai; p = p->ai_next)
		if (p->ai_addrlen == ai->ai_addrlen && memcmp(p->ai_addr, ai->ai_addr, ai->ai_addrlen) == 0)
			return 1;
	return 0;
}

/* Returns 0 if host resolved, 1 if invalid. */
static int rs_one(const struct rs_opts *o, const char *host)
{
	struct addrinfo hints, *res = NULL;
	struct rs_addr r;
	int rc, first = 1;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = o->family;
	hints.ai_flags = AI_CANONNAME;
	rc = getaddrinfo(host, NULL, &hints, &res);
	if (rc != 0) {
		if (o->json) {
			printf("{\"host\":");
			gen_json_str(stdout, host);
			printf(",\"valid\":false,\"error\":\"%s\"}\n", gai_strerror(rc));
		} else
			printf("%s: invalid (%s)\n", host, gai_strerror(rc));
		return 1;
	}
	if (o->json) {
		printf("{\"host\":");
		gen_json_str(stdout, host);
		printf(",\"valid\":true,\"canonical\":");
		gen_json_str(stdout, res->ai_canonname ? res->ai_canonname : "");
		printf(",\"addresses\":[");
	} else
		printf("%s: canonical name %s\n", host, res->ai_canonname ? res->ai_canonname : "-");
	for (const struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		if ((ai->ai_family != AF_INET && ai->ai_family != AF_INET6) || rs_seen(res, ai))
			continue;
		rs_fill(o, ai, &r);
		if (o->json)
			rs_json(o, &r, first);
		else
			rs_text(o, &r);
		first = 0;
	}
	if (o->json)
		printf("]}\n");
	freeaddrinfo(res);
	return 0;
}

int gen_resolve_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ipv4", 0, NULL, '4' }, { "ipv6", 0, NULL, '6' }, { "reverse", 0, NULL, 'r' },
		{ "json", 0, NULL, 'j' }, { "help", 0, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	struct rs_opts o = { AF_UNSPEC, 0, 0 };
	int c, bad = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "46rjh", opts, NULL)) != -1) {
		if (c == '4' || c == '6') {
			o.family = c == '4' ? AF_INET : AF_INET6;
		} else if (c == 'r') {
			o.reverse = 1;
		} else if (c == 'j') {
			o.json = 1;
		} else {
			fputs("usage: pktscope-gen resolve [-4|-6] [--reverse] [--json] HOST...\n"
			      "Resolve each HOST with getaddrinfo: every address with its family and\n"
			      "numeric forms; a name that does not resolve prints \"invalid\" (exit 1).\n",
			      c == 'h' ? stdout : stderr);
			return c == 'h' ? GEN_EXIT_OK : GEN_EXIT_USAGE;
		}
	}
	if (optind == argc) {
		fprintf(stderr, "pktscope-gen resolve: give at least one HOST\n");
		return GEN_EXIT_USAGE;
	}
	for (int i = optind; i < argc; i++)
		bad |= rs_one(&o, argv[i]);
	fflush(stdout);
	return bad ? GEN_EXIT_RUNTIME : GEN_EXIT_OK;
}
