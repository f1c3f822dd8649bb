/*
 * The command line: global options, the subcommand table, the shared
 * set-up (config, settings, log, credentials, signals) and the output
 * helpers every subcommand uses.
 */
#ifndef B24_CLI_H
#define B24_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <cJSON.h>

#include "creds.h"
#include "error.h"
#include "fields.h"
#include "http.h"
#include "profile.h"
#include "rest.h"

struct refresher;

/* Everything a subcommand needs; filled by main() and cli_setup(). */
struct cli {
	const char *command;	/* the subcommand running, NULL: console */
	/* Global options as given on the command line (NULL: not given). */
	const char *profile_name;	/* --profile */
	const char *portal;		/* --portal */
	const char *auth;		/* --auth */
	const char *cacert;		/* --cacert */
	const char *oauth_server;	/* --oauth-server */
	const char *timeout;		/* --timeout */
	const char *allow_write;	/* --allow-write HOST (guard.h) */
	bool json;			/* --json */
	bool verbose;			/* --verbose */
	/* Set by a command before cli_setup: a --profile NAME missing from
	 * the file starts a new profile instead of failing (auth login). */
	bool allow_new_profile;

	/* After cli_setup(): */
	struct config config;	/* the config file as loaded */
	struct profile profile;	/* effective: command line > env > file */
	bool from_file;		/* profile came from a [profile NAME] group */
	struct http_options http;
	char *log_path;		/* debug log in use, or NULL */

	/* After cli_open_session(): */
	struct cred_store *store;	/* NULL until needed */
	enum cred_source cred_source;
	struct rest_session *session;
	struct refresher *refresher;	/* token profiles: renews tokens */
};

/* A subcommand: argv[0] is its name; returns the exit status. */
typedef int (*cli_command_fn)(struct cli *cli, int argc, char **argv);

struct cli_command {
	const char *name;
	cli_command_fn run;
	const char *summary;	/* one line for b24user --help */
	const char *help;	/* b24user NAME --help: usage and options */
};

/* One option of a parse table: "--name VALUE" / "--name=VALUE" / "--flag". */
typedef bool (*cli_option_fn)(struct cli *cli, void *ctx, const char *value,
			      struct b24_error *err);
struct cli_option {
	const char *name;	/* without the leading "--" */
	bool takes_value;
	cli_option_fn apply;
};

/* Define fn, a cli_option_fn for a flag that sets the bool member field
 * of the command's own argument struct (type). */
#define CLI_FLAG(fn, type, field)					\
	static bool fn(struct cli *cli, void *ctx, const char *value,	\
		       struct b24_error *err)				\
	{								\
		((type *)ctx)->field = true;				\
		return true;						\
	}
/* Define fn, a cli_option_fn for "--name VALUE" given at most once, the
 * value kept in the const char * member field of type. */
#define CLI_VALUE_ONCE(fn, type, field, name)				\
	static bool fn(struct cli *cli, void *ctx, const char *value,	\
		       struct b24_error *err)				\
	{								\
		return cli_option_once(&((type *)ctx)->field, value,	\
				       name, err);			\
	}
/* value into *slot; false with err (exit USAGE) when --name already
 * filled it. */
bool cli_option_once(const char **slot, const char *value, const char *name,
		     struct b24_error *err);
/* "--option NAME=VALUE" into obj as a string, a later NAME replacing an
 * earlier one; false with err (exit USAGE) when there is no NAME=. */
bool cli_option_pair(cJSON *obj, const char *value, const char *option,
		     struct b24_error *err);
/* Whether argv, up to a "--", holds "--name" or "--name=VALUE": the
 * commands that are two commands in one choose by it before parsing. */
bool cli_has_option(int argc, char **argv, const char *name);
/* A positional argument; false with err (exit USAGE) to refuse it. */
typedef bool (*cli_positional_fn)(struct cli *cli, void *ctx,
				  const char *arg, struct b24_error *err);

/* The subcommands: update, get, fields, auth (credentials issue). */
int cmd_update(struct cli *cli, int argc, char **argv);
int cmd_get(struct cli *cli, int argc, char **argv);
int cmd_fields(struct cli *cli, int argc, char **argv);
int cmd_auth(struct cli *cli, int argc, char **argv);
int cmd_profiles(struct cli *cli, int argc, char **argv);

const struct cli_command *cli_find_command(const char *name);

/*
 * Parse the global options before the command word and run the command.
 * Returns its exit status, or -1 when no command was given (the
 * console's turn).
 */
int cli_run(struct cli *cli, int argc, char **argv);
/* --help of the current command (or of b24user itself) on stdout. */
void cli_print_help(const struct cli *cli);

/*
 * Parse argv[1..argc-1] of a subcommand: its own options from table
 * (NULL-name terminated, may be NULL), then the global ones, positionals
 * through positional; "--" ends the options.  --help prints the current
 * command's help.  Returns -1 to go on, or the exit status to return
 * now: 0 after --help/--version, 2 after a usage error (printed).
 */
int cli_parse(struct cli *cli, int argc, char **argv,
	      const struct cli_option *table, void *ctx,
	      cli_positional_fn positional);

/*
 * Load the config (a problem is printed as a warning), choose the
 * profile, merge command line > environment > profile into cli->profile
 * and cli->http, open the debug log when asked.  False with err when a
 * named profile is missing or a setting is invalid.
 */
bool cli_setup(struct cli *cli, struct b24_error *err);
/*
 * cli_setup for a command that writes, then the production guard
 * (guard.h) before anything is read or sent; a dry run writes nothing
 * and needs no unlock.  -1 to go on, else the exit status (reported).
 */
int cli_setup_write(struct cli *cli, bool dry_run);
/*
 * Credentials (creds_resolve), the REST session, the one-off token
 * (B24USER_TOKEN_OVERRIDE or token_stdin), and Ctrl-C cancelling the
 * request in progress.  Call after cli_setup().
 */
bool cli_open_session(struct cli *cli, const struct secret *token_override,
		      struct b24_error *err);
/* Free what cli_setup and cli_open_session made. */
void cli_cleanup(struct cli *cli);

/* What cli_catalog asks the portal for besides the built-in list. */
enum cli_catalog_parts {
	CLI_CATALOG_LOCAL = 0,
	CLI_CATALOG_LABELS = 1 << 0,	/* user.fields */
	CLI_CATALOG_CUSTOM = 1 << 1,	/* user.userfield.list */
};
/* The field catalogue; opens the session when the portal is asked. */
bool cli_catalog(struct cli *cli, unsigned what, struct field_catalog **out,
		 struct b24_error *err);

/* 130 / 128+N when a signal stopped the run, else 0. */
int cli_interrupted(void);
/*
 * fn(arg) runs (on the signal thread) before a signal ends the run while
 * no request is in flight, e.g. to restore a terminal mode a prompt
 * changed; NULL clears it.
 */
void cli_on_signal(void (*fn)(void *arg), void *arg);

/* "b24user: message [CODE]\nhint" on stderr; returns err->exit (or the
 * signal status when interrupted). */
int cli_report(const struct cli *cli, const struct b24_error *err);
/* "b24user: what is wrong; try 'b24user [COMMAND] --help'"; returns 2. */
int cli_usage_error(const struct cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A warning line on stderr: "b24user: warning: ..." */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Text from the portal for a terminal: control characters escaped. */
void cli_put_text(FILE *out, const char *text);

/* {"json": envelope} (takes ownership of envelope). */
cJSON *cli_item(cJSON *envelope);
/* {"json": {"error": message, "resource": resource, "timestamp": now}} */
cJSON *cli_error_item(const char *message, const char *resource);
/* Print an item array (pretty, to stdout) and delete it. */
void cli_print_items(cJSON *items);

#endif
