/* SPDX-License-Identifier: BSD-2-Clause */
/* df_vstr.c - value names of integer and boolean fields (df_vstr.h), read
 * at compile time only: a filter's literal is looked up once, evaluation
 * sees the number. */
#include <string.h>

#include "df_vstr.h"

struct df_vs_field {
	const char *name; /* the field, df_fields.def's name */
	char kind;        /* 'V', 'T', 'R' (df_vstr_kind) */
	uint16_t first;   /* its first entry in df_vs_values */
	uint16_t n;       /* entries */
	uint32_t off;     /* its first name in df_vs_names */
};

#include "df_vstr.inc"

static const struct df_vs_field *find(const char *field)
{
	size_t lo = 0, hi = sizeof df_vs_fields / sizeof df_vs_fields[0];
	while (lo < hi) { /* the generator sorts the rows by name */
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(field, df_vs_fields[mid].name);
		if (!c)
			return &df_vs_fields[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

char df_vstr_kind(const char *field)
{
	const struct df_vs_field *f = find(field);
	return f ? f->kind : 0;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* g_ascii_strcasecmp's equality: ASCII letters fold, other bytes compare as they are */
static bool same(const char *name, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!name[i] || lower(name[i]) != lower(s[i]))
			return false;
	return name[n] == '\0';
}

bool df_vstr_lookup(const char *field, const char *s, size_t n, bool quoted, uint64_t *out)
{
	const struct df_vs_field *f = find(field);
	const char *name = f ? df_vs_names + f->off : 0;
	/* each name starts with 'b' (tshark takes it as a word too) or 'q' (quoted only) */
	for (unsigned i = 0; f && i < f->n; i++, name += strlen(name) + 1)
		if ((quoted || name[0] == 'b') && same(name + 1, s, n)) {
			*out = df_vs_values[f->first + i];
			return true;
		}
	return false;
}
