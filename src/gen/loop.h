/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_loop: a small event loop (file events + timers) over run-time backends.
 *
 * Modelled on redis ae: the loop owns the handler table, timers, EINTR and
 * stop; each backend (select, poll, epoll) only translates masks and states
 * its own limits as errors (select: FD_SETSIZE).
 *
 * Usage:
 *   struct ps_loop *l = ps_loop_new("epoll", err, sizeof err);
 *   ps_loop_watch(l, fd, PS_LOOP_READ, on_io, ctx, err, sizeof err);
 *   ps_loop_timer_add(l, 1000, on_tick, ctx);
 *   ps_loop_run(l);              // until ps_loop_stop() or a stop flag
 *   ps_loop_free(l);
 *
 * One handler per fd receives the fired mask (READ and/or WRITE, plus
 * PS_LOOP_ERR/HUP folded into READ|WRITE as the kernel reports them), so a
 * TLS connection maps SSL_ERROR_WANT_READ/WANT_WRITE to ps_loop_set_mask().
 * A handler may unwatch or close any fd, including its own, and may add new
 * fds or timers: events of fds unwatched during a round are not delivered.
 * Not thread-safe: one loop per thread.
 */
#ifndef PS_GEN_LOOP_H
#define PS_GEN_LOOP_H

#include <signal.h>
#include <stddef.h>

#define PS_LOOP_NONE 0
#define PS_LOOP_READ 1
#define PS_LOOP_WRITE 2

/* Timer callback return value meaning "do not rearm" (the timer is freed). */
#define PS_LOOP_NOMORE (-1)

struct ps_loop;

/* File event handler: mask is the subset of the watched mask that fired. */
typedef void (*ps_loop_file_fn)(struct ps_loop *loop, int fd, int mask, void *ctx);
/* Timer handler: returns the delay in ms to rearm, or PS_LOOP_NOMORE. */
typedef long long (*ps_loop_timer_fn)(struct ps_loop *loop, long long id, void *ctx);

/* Names of the backends ("select", "poll", "epoll"), NULL-terminated. */
extern const char *const ps_loop_backend_names[];

/* 1 if name is a loop backend, else 0 ("thread" is a server engine, not a
 * loop backend: see gen_server.h). */
int ps_loop_backend_known(const char *name);

/* Creates a loop on the named backend (NULL = "epoll"). Returns NULL and
 * fills err on failure (unknown backend, epoll_create1 failing, ...). */
struct ps_loop *ps_loop_new(const char *backend, char *err, size_t errlen);

/* Frees the loop and its timers; does not close watched fds. */
void ps_loop_free(struct ps_loop *loop);

/* Name of the loop's backend; static string. */
const char *ps_loop_backend(const struct ps_loop *loop);

/* Registers fd (or replaces its handler, ctx and mask). mask may be
 * PS_LOOP_NONE: the fd stays registered but gets no events. Returns 0, or
 * <0 with err filled (e.g. select: fd >= FD_SETSIZE). */
int ps_loop_watch(struct ps_loop *loop, int fd, int mask, ps_loop_file_fn fn,
                  void *ctx, char *err, size_t errlen);

/* Changes the mask of a watched fd. Returns 0 or <0 (fd not watched, or
 * the backend refused it). */
int ps_loop_set_mask(struct ps_loop *loop, int fd, int mask);

/* Current mask of fd; -1 if fd is not watched. */
int ps_loop_mask(const struct ps_loop *loop, int fd);

/* Removes fd from the loop; call before close(fd). Unknown fds are ignored. */
void ps_loop_unwatch(struct ps_loop *loop, int fd);

/* Adds a timer firing in ms milliseconds; returns its id (>0) or <0. */
long long ps_loop_timer_add(struct ps_loop *loop, long long ms,
                            ps_loop_timer_fn fn, void *ctx);

/* Deletes a timer; returns 0, or -1 if the id is unknown. */
int ps_loop_timer_del(struct ps_loop *loop, long long id);

/* Makes ps_loop_run() return after the current round. */
void ps_loop_stop(struct ps_loop *loop);

/* Also stop when *flag becomes non-zero (set from a signal handler). The
 * loop sleeps at most 100 ms while a flag is registered, so a signal that
 * lands just before the wait is still seen within that bound. */
void ps_loop_stop_on(struct ps_loop *loop, const volatile sig_atomic_t *flag);

/* One round: waits up to timeout_ms (-1 = until the next timer or forever),
 * dispatches file events then due timers. Returns the number of events
 * processed, or <0 on a backend error (err filled). EINTR counts as 0. */
int ps_loop_once(struct ps_loop *loop, int timeout_ms, char *err, size_t errlen);

/* Runs rounds until stopped. Returns 0 when stopped, <0 on error. */
int ps_loop_run(struct ps_loop *loop, char *err, size_t errlen);

/* Monotonic clock in milliseconds / nanoseconds. */
long long ps_loop_now_ms(void);
long long ps_loop_now_ns(void);

#endif
