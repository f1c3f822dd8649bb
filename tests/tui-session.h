/* The console across a session (tests/tui-session.c): suspended and
 * resumed under a job-control shell, started again with its secret in
 * the keyring. */
#ifndef B24_TUI_SESSION_H
#define B24_TUI_SESSION_H

#include <stdbool.h>

#include "tui-harness.h"

/* The job-control shell's report FIFO (tests/tui-jobctl.c). */
struct jobctl {
	int fd, keep;
	char dir[64], path[96], env[128];
	char buf[512];
	size_t len;
};

bool jobctl_open(struct jobctl *j);
void jobctl_close(struct jobctl *j);
/* Start b24user under the shell; env holds "NAME=value" strings. */
struct tui *jobctl_start(struct jobctl *j, char *const env[]);
/* Wait for a report line that starts with prefix; the rest of the line
 * goes to rest (may be NULL). */
bool jobctl_wait(struct jobctl *j, const char *prefix, char *rest,
		 size_t len);

/* A file's text (free it); "" when it cannot be read. */
char *slurp(const char *path);
/* Whether the bytes the console wrote to the terminal hold text. */
bool output_has(struct tui *t, const char *text);

int scen_suspend(void);
int scen_keyring(void);

#endif
