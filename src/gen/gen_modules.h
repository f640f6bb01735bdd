/* SPDX-License-Identifier: BSD-2-Clause */
/* Entry points of the pktscope-gen subcommands, dispatched by gen_main.c.
 *
 * Each takes the argv of its subcommand (argv[0] is the subcommand name,
 * getopt-ready) and returns an exit code; modules never call exit() and
 * print their own one-line errors to stderr as "pktscope-gen NAME: ...".
 */
#ifndef PS_GEN_MODULES_H
#define PS_GEN_MODULES_H

/* Exit codes shared by every subcommand (documented in docs/pktscope-gen.md). */
#define GEN_EXIT_OK 0      /* success, including a graceful stop on SIGINT/SIGTERM */
#define GEN_EXIT_RUNTIME 1 /* environment or runtime failure (bind, connect, I/O, verify) */
#define GEN_EXIT_USAGE 2   /* bad command line */

/* gen-core helper: src/gen/gen_*.c */
int gen_echo_main(int argc, char **argv);     /* gen_echo.c */
int gen_udp_send_main(int argc, char **argv); /* gen_udp_send.c */
int gen_sendfile_main(int argc, char **argv); /* gen_sendfile.c */
int gen_load_main(int argc, char **argv);     /* gen_load.c */
int gen_resolve_main(int argc, char **argv);  /* gen_resolve.c */
int gen_info_main(int argc, char **argv);     /* gen_resolve.c */
int gen_recv_main(int argc, char **argv);     /* gen_recv.c: probe stamp receiver */
int gen_socketpair_main(int argc, char **argv); /* gen_socketpair.c */
int gen_selftest_main(int argc, char **argv);   /* gen_selftest*.c: needs root */

/* gen-tls helper */
int gen_tls_echo_main(int argc, char **argv); /* gen_tls_echo.c */
int gen_crypto_main(int argc, char **argv);   /* gen_crypto*.c */

#endif
