/* SPDX-License-Identifier: BSD-2-Clause */
/* privdrop.h - -Z USER: give up root once the capture handle and output
 * files are open. */
#ifndef PS_PRIVDROP_H
#define PS_PRIVDROP_H

#include <sys/types.h>

struct ps_user {
	uid_t uid;
	gid_t gid;
	char name[64];
};

/* Look the user up (before anything is opened, so that a typo fails
 * early).  0 ok; -1 with "-Z NAME: unknown user" in err (PS_ERRBUF). */
int ps_priv_lookup(const char *name, struct ps_user *u, char *err);

/* Drop the supplementary groups (keeping only the user's primary group),
 * then the gid, then the uid, and check that root cannot be regained.
 * Open descriptors (capture socket, files) stay usable.
 * 0 ok; -1 with the failing step in err. */
int ps_priv_drop(const struct ps_user *u, char *err);

#endif
