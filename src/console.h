/* The interactive console: the entry point main() calls without a
 * subcommand.  Everything it needs arrives resolved in console_args. */
#ifndef B24_CONSOLE_H
#define B24_CONSOLE_H

#include "http.h"
#include "profile.h"

struct console_args {
	struct config *config;	/* loaded config: the profile list */
	/* The effective profile (command line > environment > file); its
	 * fields may be empty when nothing is configured yet. */
	struct profile *profile;
	const char *config_path;
	struct http_options http; /* CA file, timeouts */
	bool verbose;
	/* --allow-write HOST: unlock a read-only profile (guard.h) */
	const char *allow_write;
};

/* Run until the person quits; returns the exit status. */
int console_run(struct console_args *args);

#endif
