/* SPDX-License-Identifier: BSD-2-Clause */
/* df_lex.h - the display-filter lexer: Wireshark's tokens (operators in
 * symbols and words, bare words for fields and literals, quoted strings). */
#ifndef DF_LEX_H
#define DF_LEX_H

#include <stdbool.h>
#include <stddef.h>

enum df_tok {
	TK_EOF = 0, TK_ERR,
	TK_LPAREN, TK_RPAREN, TK_LBRACE, TK_RBRACE, TK_COMMA, TK_RANGE,
	TK_AND, TK_OR, TK_NOT,
	TK_EQ, TK_ALL_EQ, TK_NE, TK_ANY_NE, TK_LT, TK_LE, TK_GT, TK_GE,
	TK_CONTAINS, TK_MATCHES, TK_IN,
	TK_BITAND, /* "&": a mask on a field ("tcp.flags & 0x12") */
	TK_ANY, TK_ALL, /* quantifiers before a comparison ("all ip.ttl > 60") */
	TK_MINUS, TK_PLUS, /* a sign before a value ("-1"): tshark's unary minus and plus */
	TK_LBRACKET, TK_RBRACKET, /* a slice ("eth.src[0:3]", df_expr.h) */
	TK_HASH,   /* layer selection ("ip.src#2") */
	TK_STAR, TK_SLASH, TK_PERCENT, /* arithmetic (with TK_PLUS, TK_MINUS) */
	TK_WORD,   /* field name or unquoted literal */
	TK_STRING, /* quoted string, unescaped into the lexer's buffer */
};

struct df_token {
	enum df_tok t;
	size_t pos, len;  /* in the expression (0-based) */
	const char *s;    /* TK_WORD: into the expression; TK_STRING: unescaped text */
	size_t n;
	const char *err;  /* TK_ERR: why */
	/* a character constant ('a', '\x41', '\101'), as a TK_WORD: s is its
	 * value as "0xHH" (n 4), and the character itself follows at s[4] */
	bool chr;
	/* a word after a leading "." (".ip.ttl"): tshark 4.0's explicit field
	 * or protocol, never a literal; s and n leave the dot out, pos and len
	 * cover it */
	bool field;
};

struct df_lexer {
	const char *src;
	size_t len, pos;
	char *buf; /* unescaped strings and character constants: at least 2 * len + 8
		    * bytes (a 3-byte constant takes 5), owned by the caller */
	size_t buf_used;
};

/* The next token; TK_EOF at the end, TK_ERR with `err` on a bad character
 * or string. */
struct df_token df_lex_next(struct df_lexer *lx);

#endif
