/* Ctrl-C and SIGTERM on the command line: cancel the request in progress
 * and leave with 130 / 128+N (internal to the cli files). */
#ifndef B24_CLI_SIGNAL_H
#define B24_CLI_SIGNAL_H

#include "rest.h"

/*
 * Block SIGINT, SIGTERM, SIGHUP and SIGQUIT in the calling thread (and
 * so in every thread started later) and start a thread that waits for
 * them.  Call before anything starts threads (credential store, curl).
 */
void cli_signal_start(void);
/* The session to cancel on a signal; NULL: a signal ends the run at
 * once (nothing is being sent). */
void cli_signal_watch(struct rest_session *s);
/* A [y/N] question waits: a signal ends the run at once, saying that
 * nothing was sent.  cli_signal_watch after the answer ends this. */
void cli_signal_asking(void);

#endif
