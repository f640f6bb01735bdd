/* SPDX-License-Identifier: BSD-2-Clause */
/* Private side of ps_loop: the loop state and the backend ops table. Only
 * loop.c and the loop_<backend>.c files include this. */
#ifndef PS_GEN_LOOP_INT_H
#define PS_GEN_LOOP_INT_H

#include "loop.h"

struct ps_loop_file {
	int mask;            /* PS_LOOP_READ|WRITE, or NONE */
	ps_loop_file_fn fn;  /* NULL = not watched */
	void *ctx;
};

struct ps_loop_fired {
	int fd;
	int mask;
};

struct ps_loop_timer {
	long long id;        /* 0 once deleted, freed at the end of the round */
	long long when_ms;
	ps_loop_timer_fn fn;
	void *ctx;
	struct ps_loop_timer *next;
};

/* A backend only translates masks. update() moves fd from oldmask to
 * newmask (either may be NONE: NONE -> x registers, x -> NONE removes);
 * wait() fills loop->fired[0..n) and returns n, or -1 with errno. resize()
 * is told the new size of the fd table before fds up to cap-1 appear. */
struct ps_loop_ops {
	const char *name;
	int (*create)(struct ps_loop *loop, char *err, size_t errlen);
	void (*destroy)(struct ps_loop *loop);
	int (*resize)(struct ps_loop *loop, int cap, char *err, size_t errlen);
	int (*update)(struct ps_loop *loop, int fd, int oldmask, int newmask,
	              char *err, size_t errlen);
	int (*wait)(struct ps_loop *loop, int timeout_ms);
};

struct ps_loop {
	const struct ps_loop_ops *ops;
	void *bstate;                  /* backend private state */
	struct ps_loop_file *files;    /* indexed by fd, cap entries */
	struct ps_loop_fired *fired;   /* cap entries */
	int cap;
	int maxfd;                     /* highest watched fd, -1 if none */
	struct ps_loop_timer *timers;
	long long next_timer_id;
	int stop;
	const volatile sig_atomic_t *stop_flag;
};

extern const struct ps_loop_ops ps_loop_select;
extern const struct ps_loop_ops ps_loop_poll;
extern const struct ps_loop_ops ps_loop_epoll;

#endif
