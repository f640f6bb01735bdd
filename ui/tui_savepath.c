/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_savepath.c - the file name the w prompt means: the default when
 * nothing was typed, "~" and "~user" expanded as a shell would (the TUI has
 * no shell between the user and the name). */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui_model.h"

static const char *home_of(const char *user, size_t ulen)
{
	char name[256];
	struct passwd *pw;

	if (ulen == 0) {
		const char *h = getenv("HOME");
		if (h && *h)
			return h;
		pw = getpwuid(getuid());
		return pw ? pw->pw_dir : NULL;
	}
	if (ulen >= sizeof name)
		return NULL;
	memcpy(name, user, ulen);
	name[ulen] = '\0';
	pw = getpwnam(name);
	return pw ? pw->pw_dir : NULL;
}

int tui_save_path(const char *typed, char *out, size_t n, char *err, size_t errlen)
{
	if (!*typed)
		typed = TUI_SAVE_DEFAULT;
	if (typed[0] != '~') {
		if (snprintf(out, n, "%s", typed) >= (int)n)
			goto too_long;
		return 0;
	}
	const char *rest = strchr(typed, '/');
	size_t ulen = rest ? (size_t)(rest - typed - 1) : strlen(typed + 1);
	const char *home = home_of(typed + 1, ulen);
	if (!home) {
		snprintf(err, errlen, "%.*s: no such user", (int)(ulen + 1 < 200 ? ulen + 1 : 200), typed);
		return -1;
	}
	if (snprintf(out, n, "%s%s", home, rest ? rest : "") >= (int)n)
		goto too_long;
	return 0;
too_long:
	snprintf(err, errlen, "file name too long");
	return -1;
}
