/* The arguments of b24user update and turning them into the data and
 * options of an edit (internal to cli-update*.c). */
#ifndef B24_CLI_UPDATE_H
#define B24_CLI_UPDATE_H

#include <stdbool.h>
#include <cJSON.h>

#include "edit.h"
#include "error.h"
#include "secret.h"

struct update_args {
	const char *user_id;
	const char *data;	/* --data: JSON, @FILE or - */
	cJSON *sets;		/* --set FIELD=VALUE, in order */
	const char *params;	/* --params JSON */
	cJSON *param_pairs;	/* --param NAME=VALUE */
	const char *filter;	/* --filter JSON */
	const char *order;	/* --order JSON */
	cJSON *expect;		/* --expect FIELD=VALUE */
	bool admin_mode;
	bool continue_on_fail;
	bool dry_run;
	bool allow_unknown;
	bool token_stdin;
	bool confirm;		/* --confirm */
	bool yes;		/* --yes */
};

/* The user data: --data (text, file or standard input) with the --set
 * values merged over it.  Exit USAGE with line and column on bad JSON. */
bool update_read_data(const struct update_args *a, cJSON **data,
		      struct b24_error *err);
/* --params with --param over it, --filter, --order: parsed into opt. */
bool update_read_options(const struct update_args *a,
			 struct update_options *opt, struct b24_error *err);
void update_options_free(struct update_options *opt);
/* The first line of standard input as a one-off token. */
bool update_read_token(struct secret **token, struct b24_error *err);

#endif
