/* SPDX-License-Identifier: BSD-2-Clause */
/* privdrop.c - -Z USER: supplementary groups, gid, uid, in that order (the
 * uid last: once it is gone the others cannot be changed any more). */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "privdrop.h"
#include "ps_capture.h"

int ps_priv_lookup(const char *name, struct ps_user *u, char *err)
{
	struct passwd *pw;

	memset(u, 0, sizeof *u);
	errno = 0;
	pw = getpwnam(name);
	if (pw == NULL) {
		if (errno != 0 && errno != ENOENT && errno != ESRCH)
			snprintf(err, PS_ERRBUF, "-Z %.64s: %s", name, strerror(errno));
		else
			snprintf(err, PS_ERRBUF, "-Z %.64s: unknown user", name);
		return -1;
	}
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	snprintf(u->name, sizeof u->name, "%s", name);
	return 0;
}

int ps_priv_drop(const struct ps_user *u, char *err)
{
	const char *step;

	step = "setgroups";
	if (setgroups(1, &u->gid) < 0)
		goto fail;
	step = "setresgid";
	if (setresgid(u->gid, u->gid, u->gid) < 0)
		goto fail;
	step = "setresuid";
	if (setresuid(u->uid, u->uid, u->uid) < 0)
		goto fail;
	/* paranoia: a partial drop must not go unnoticed */
	if (u->uid != 0 && (setuid(0) == 0 || seteuid(0) == 0)) {
		snprintf(err, PS_ERRBUF, "-Z %s: root could be regained after the drop", u->name);
		return -1;
	}
	return 0;
fail:
	snprintf(err, PS_ERRBUF, "-Z %s: %s: %s%s", u->name, step, strerror(errno),
		 errno == EPERM ? " (changing user needs root)" : "");
	return -1;
}
