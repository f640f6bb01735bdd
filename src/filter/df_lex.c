/* SPDX-License-Identifier: BSD-2-Clause */
/* df_lex.c - display-filter tokens, as Wireshark 4.0 spells them. */
#include <arpa/inet.h>
#include <string.h>

#include "df_lex.h"
#include "ps_hex.h"

static const struct {
	const char *s;
	enum df_tok t;
} symbols[] = {
	/* longest first */
	{"===", TK_ALL_EQ}, {"!==", TK_ANY_NE}, {"==", TK_EQ}, {"!=", TK_NE}, {"~=", TK_ANY_NE},
	{"<=", TK_LE},	    {">=", TK_GE},	{"&&", TK_AND},	 {"||", TK_OR},	 {"..", TK_RANGE},
	{"<", TK_LT},	    {">", TK_GT},	{"!", TK_NOT},	 {"~", TK_MATCHES}, {"(", TK_LPAREN},
	{")", TK_RPAREN},   {"{", TK_LBRACE},	{"}", TK_RBRACE}, {",", TK_COMMA},
	{"&", TK_BITAND},   {"[", TK_LBRACKET}, {"]", TK_RBRACKET}, {"#", TK_HASH},
	{"*", TK_STAR},	    {"/", TK_SLASH},	{"%", TK_PERCENT},
};

static const struct {
	const char *s;
	enum df_tok t;
} keywords[] = {
	{"and", TK_AND},	 {"or", TK_OR},		 {"not", TK_NOT},	{"eq", TK_EQ},
	{"ne", TK_NE},		 {"lt", TK_LT},		 {"le", TK_LE},		{"gt", TK_GT},
	{"ge", TK_GE},		 {"contains", TK_CONTAINS}, {"matches", TK_MATCHES}, {"in", TK_IN},
	{"any_eq", TK_EQ},	 {"all_ne", TK_NE},	 {"all_eq", TK_ALL_EQ}, {"any_ne", TK_ANY_NE},
	{"any", TK_ANY},	 {"all", TK_ALL},
};

static bool word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.' || c == ':';
}

/* Does the "." at s[i] belong to a word, as in tshark 4.0's scanner?  Only
 * before another word character: a word ends before ".." (the range
 * operator: 1..5) and never ends with a dot ("1." is "1" and a stray "."). */
static bool dot_joins(const char *s, size_t i, size_t left)
{
	return i + 1 < left && word_char(s[i + 1]) && s[i + 1] != '.';
}

/* A dotted quad of decimal octets without leading zeros (Wireshark 4.0's
 * IPv4address in its scanner). */
static bool ipv4_quad(const char *s, size_t n)
{
	unsigned parts = 0;
	size_t i = 0;
	while (i < n) {
		size_t d = 0;
		unsigned v = 0;
		while (i + d < n && s[i + d] >= '0' && s[i + d] <= '9' && d < 4)
			v = v * 10 + (unsigned)(s[i + d++] - '0');
		if (!d || d > 3 || v > 255 || (d > 1 && s[i] == '0'))
			return false;
		i += d;
		parts++;
		if (i < n && (s[i] != '.' || ++i == n))
			return false;
	}
	return parts == 4;
}

/* The digits of a CIDR prefix after word s (n bytes) at s[n] == '/': as
 * tshark 4.0's scanner, only after an IPv4 address (1 or 2 digits) or an
 * IPv6 one (1 to 3); 0 when none, and the "/" is the division. */
static size_t cidr_digits(const char *s, size_t n, size_t left)
{
	size_t max = 0;
	char buf[INET6_ADDRSTRLEN + 1];
	struct in6_addr a6;
	if (ipv4_quad(s, n))
		max = 2;
	else if (n < sizeof buf && memchr(s, ':', n)) {
		memcpy(buf, s, n);
		buf[n] = 0;
		if (inet_pton(AF_INET6, buf, &a6) == 1)
			max = 3;
	}
	size_t d = 0;
	while (d < max && n + 1 + d < left && s[n + 1 + d] >= '0' && s[n + 1 + d] <= '9')
		d++;
	return d;
}

static int octal(char c)
{
	return c >= '0' && c <= '7' ? c - '0' : -1;
}

/* One escape after the backslash at src[*i]; -1 when invalid. */
static int unescape(const char *src, size_t len, size_t *i)
{
	static const char from[] = "abfnrtv\\\"'", to[] = "\a\b\f\n\r\t\v\\\"'";
	char c = src[*i];
	const char *k = c ? strchr(from, c) : 0;
	if (k) {
		(*i)++;
		return (unsigned char)to[k - from];
	}
	if (c == 'x' && *i + 1 < len && ps_hexval(src[*i + 1]) >= 0) {
		int v = ps_hexval(src[++*i]);
		(*i)++;
		if (*i < len && ps_hexval(src[*i]) >= 0)
			v = v * 16 + ps_hexval(src[(*i)++]);
		return v;
	}
	if (octal(c) >= 0) {
		int v = 0;
		for (int k2 = 0; k2 < 3 && *i < len && octal(src[*i]) >= 0; k2++)
			v = v * 8 + octal(src[(*i)++]);
		return v > 255 ? -1 : v;
	}
	return -1;
}

static struct df_token string_tok(struct df_lexer *lx, size_t start, bool raw)
{
	struct df_token tk = {.t = TK_STRING, .pos = start};
	size_t i = lx->pos;
	char *out = lx->buf + lx->buf_used;
	size_t n = 0;
	while (i < lx->len && lx->src[i] != '"') {
		if (lx->src[i] == '\\' && i + 1 < lx->len) {
			if (raw) { /* r"..": a backslash escapes nothing but keeps a quote inside */
				out[n++] = lx->src[i++];
				out[n++] = lx->src[i++];
				continue;
			}
			i++;
			int v = unescape(lx->src, lx->len, &i);
			if (v < 0) {
				tk.t = TK_ERR;
				tk.pos = i - 1;
				tk.len = 2;
				tk.err = "invalid escape sequence in string";
				return tk;
			}
			out[n++] = (char)v;
			continue;
		}
		out[n++] = lx->src[i++];
	}
	if (i >= lx->len) {
		tk.t = TK_ERR;
		tk.len = lx->len - start;
		tk.err = "unterminated string";
		lx->pos = lx->len;
		return tk;
	}
	lx->pos = i + 1;
	lx->buf_used += n;
	tk.len = lx->pos - start;
	tk.s = out;
	tk.n = n;
	return tk;
}

/* A character constant after its opening quote at start, as tshark 4.0
 * reads one: one printable character or one escape ('\\', '\'', '\x41',
 * '\101'), its value as the word "0xHH" (df_lex.h). */
static struct df_token char_tok(struct df_lexer *lx, size_t start)
{
	struct df_token tk = {.t = TK_ERR, .pos = start};
	size_t i = lx->pos, end = i;
	while (end < lx->len && lx->src[end] != '\'') /* the closing quote, for messages */
		end += lx->src[end] == '\\' && end + 1 < lx->len ? 2 : 1;
	tk.len = (end < lx->len ? end + 1 : lx->len) - start;
	lx->pos = start + tk.len;
	if (end >= lx->len) {
		tk.err = "unterminated character constant";
		return tk;
	}
	int v = -1;
	if (i == end) {
		tk.err = "Empty character constant.";
		return tk;
	}
	if (lx->src[i] == '\\') {
		i++;
		bool oct = octal(lx->src[i]) >= 0;
		v = unescape(lx->src, end, &i);
		if (v < 0) {
			tk.err = oct ? "too large to be a valid character constant"
				     : "invalid escape sequence in character constant";
			return tk;
		}
	} else {
		v = (unsigned char)lx->src[i++];
		if (v < 0x20 || v >= 0x7f) {
			tk.err = "Non-printable value in character constant.";
			return tk;
		}
	}
	if (i != end) {
		tk.err = "too long to be a valid character constant";
		return tk;
	}
	char *out = lx->buf + lx->buf_used;
	static const char hex[] = "0123456789abcdef";
	out[0] = '0';
	out[1] = 'x';
	out[2] = hex[(unsigned)v >> 4];
	out[3] = hex[(unsigned)v & 15u];
	out[4] = (char)v;
	lx->buf_used += 5;
	tk.t = TK_WORD;
	tk.s = out;
	tk.n = 4;
	tk.chr = true;
	return tk;
}

struct df_token df_lex_next(struct df_lexer *lx)
{
	struct df_token tk = {0};
	while (lx->pos < lx->len && strchr(" \t\r\n", lx->src[lx->pos]))
		lx->pos++;
	tk.pos = lx->pos;
	if (lx->pos >= lx->len)
		return tk;
	const char *s = lx->src + lx->pos;
	size_t left = lx->len - lx->pos;
	if (s[0] == '"') {
		lx->pos++;
		return string_tok(lx, tk.pos, false);
	}
	if (s[0] == '\'') {
		lx->pos++;
		return char_tok(lx, tk.pos);
	}
	if ((s[0] == 'r' || s[0] == 'R') && left > 1 && s[1] == '"') {
		lx->pos += 2;
		return string_tok(lx, tk.pos, true);
	}
	if (s[0] == '-' || s[0] == '+') { /* a sign: only inside a word is it a character ("1-2") */
		lx->pos++;
		tk.t = s[0] == '-' ? TK_MINUS : TK_PLUS;
		tk.len = 1;
		return tk;
	}
	/* "/" and "+" are operators ("ip.ttl/2", "ip.ttl+1"), as in tshark 4.0;
	 * "/8" of a CIDR block belongs to its address ("10.0.0.0/8") */
	if (word_char(s[0]) && !(s[0] == '.' && !dot_joins(s, 0, left))) {
		size_t n = 0;
		while (n < left && word_char(s[n]) && !(s[n] == '.' && !dot_joins(s, n, left)))
			n++;
		size_t d = n < left && s[n] == '/' ? cidr_digits(s, n, left) : 0;
		if (d)
			n += 1 + d;
		lx->pos += n;
		tk.len = n;
		tk.s = s;
		tk.n = n;
		tk.t = TK_WORD;
		if (s[0] == '.') { /* ".ip.ttl": a field, whatever its name looks like */
			tk.field = true;
			tk.s++;
			tk.n--;
			return tk;
		}
		for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++)
			if (strlen(keywords[k].s) == n && memcmp(keywords[k].s, s, n) == 0)
				tk.t = keywords[k].t;
		return tk;
	}
	for (size_t k = 0; k < sizeof symbols / sizeof symbols[0]; k++) {
		size_t n = strlen(symbols[k].s);
		if (n <= left && memcmp(symbols[k].s, s, n) == 0) {
			lx->pos += n;
			tk.t = symbols[k].t;
			tk.len = n;
			return tk;
		}
	}
	tk.t = TK_ERR;
	tk.len = 1;
	tk.err = "unexpected character";
	return tk;
}
