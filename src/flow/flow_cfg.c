/* SPDX-License-Identifier: BSD-2-Clause */
/* flow_cfg.c - the flow table's defaults and the --flow-timeout syntax. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ps_flow.h"

void ps_flow_cfg_defaults(struct ps_flow_cfg *c)
{
	memset(c, 0, sizeof *c);
	/* Zeek's inactivity timeouts (tcp 5 min, udp and icmp 1 min) and its
	 * 5 s close delay; half-open TCP gets Suricata's 30 s "new" timeout so a
	 * SYN flood drains quickly. */
	c->timeout[PS_FT_TCP_SYN] = 30;
	c->timeout[PS_FT_TCP] = 300;
	c->timeout[PS_FT_TCP_CLOSED] = 5;
	c->timeout[PS_FT_UDP] = 60;
	c->timeout[PS_FT_ICMP] = 60;
	c->timeout[PS_FT_OTHER] = 60;
	c->mem_bytes = 64u << 20;
	c->text_rel = true;
	c->community_id = true;
	c->tcp_analysis = true;
	c->history = true;
	c->counters = true;
}

static const struct {
	const char *name;
	unsigned cls;
} tnames[] = {
	{"syn", PS_FT_TCP_SYN}, {"tcp", PS_FT_TCP},   {"closed", PS_FT_TCP_CLOSED},
	{"udp", PS_FT_UDP},	{"icmp", PS_FT_ICMP}, {"other", PS_FT_OTHER},
};

static int parse_secs(const char *s, size_t n, uint32_t *out)
{
	char buf[16];
	if (!n || n >= sizeof buf || *s == '-')
		return -1;
	memcpy(buf, s, n);
	buf[n] = 0;
	char *end;
	errno = 0;
	unsigned long v = strtoul(buf, &end, 10);
	if (errno || *end || v > 86400UL * 365)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int ps_flow_parse_timeouts(struct ps_flow_cfg *c, const char *spec)
{
	uint32_t v;
	if (!strchr(spec, '=')) { /* one number: every idle timeout but the close delay */
		if (parse_secs(spec, strlen(spec), &v))
			return -1;
		for (unsigned i = 0; i < PS_FT__COUNT; i++)
			if (i != PS_FT_TCP_CLOSED)
				c->timeout[i] = v;
		return 0;
	}
	for (const char *s = spec; *s;) {
		size_t n = strcspn(s, ",");
		const char *eq = memchr(s, '=', n);
		if (!eq)
			return -1;
		unsigned i = 0;
		for (; i < sizeof tnames / sizeof tnames[0]; i++)
			if (strlen(tnames[i].name) == (size_t)(eq - s) &&
			    !memcmp(tnames[i].name, s, (size_t)(eq - s)))
				break;
		if (i == sizeof tnames / sizeof tnames[0] ||
		    parse_secs(eq + 1, n - (size_t)(eq + 1 - s), &v))
			return -1;
		c->timeout[tnames[i].cls] = v;
		s += n;
		if (*s == ',')
			s++;
	}
	return 0;
}
