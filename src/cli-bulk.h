/* b24user update --from FILE: many users from CSV or JSON Lines
 * (internal to the cli files). */
#ifndef B24_CLI_BULK_H
#define B24_CLI_BULK_H

#include <stdbool.h>
#include <stdio.h>

#include "bulk-pace.h"
#include "bulk-plan.h"
#include "bulk-state.h"
#include "cli.h"
#include "cli-update.h"

/* The options of update --from (cli-bulk-args.c). */
struct bulk_args {
	struct update_args u;
	const char *from;
	const char *empty;
	const char *rate;
	const char *budget;
	const char *results;
	const char *run;	/* undo --run ID */
	bool yes;
	bool resume;
	bool dismiss_self;	/* --yes-dismiss-self */
};
extern const struct cli_option cli_bulk_options[];
/* A positional argument: refused, the IDs come from the file. */
bool cli_bulk_no_user_id(struct cli *cli, void *ctx, const char *arg,
			 struct b24_error *err);

/* Everything a bulk run holds, freed in one place (cli-bulk.c). */
struct bulk_cli {
	struct cli *cli;
	struct bulk_args *a;
	/* Fills in (and opens the session when it needs it); NULL: the
	 * file --from names. */
	bool (*source)(struct bulk_cli *b, struct b24_error *err);
	const char *what;	/* "FILE" or "run ID", for messages */
	const char *kind;	/* run id prefix: "bulk" or "undo" */
	cJSON *expect;		/* undo: {"LINE": {F: after}}, or NULL */
	struct secret *token;
	struct bulk_input in;
	struct update_options opt;
	struct field_catalog *cat;
	struct bulk_plan plan;
	struct bulk_pace pace;
	struct bulk_state_ctx st;
	cJSON *checkpoint;
	char *cp_path;
	char *results;
	double started;
};

/* Columns the built-in list does not know: the portal's catalogue. */
bool cli_bulk_load_catalog(struct bulk_cli *b, struct b24_error *err);
/* Plan, question, run and output of b; the exit status. */
int cli_bulk_execute(struct bulk_cli *b);
void cli_bulk_free(struct bulk_cli *b);

/* undo --run ID (cli-bulk-undo.c): argv[0] is "undo". */
int cmd_undo_run(struct cli *cli, int argc, char **argv);

/* update --from FILE ...: argv[0] is "update". */
int cmd_update_bulk(struct cli *cli, int argc, char **argv);

/* Output parts (cli-bulk-output.c). */
/* Text a line at a time, control characters escaped (text is cut up). */
void cli_bulk_put_lines(FILE *out, char *text);
/* Totals, ignored columns and the diff; to stderr with --json. */
void cli_bulk_print_plan(const struct cli *cli,
			 const struct bulk_plan *plan);
/* One item per row, for --json and the results file. */
cJSON *cli_bulk_items(const struct bulk_plan *plan, bool dry_run);
/* The items as JSON Lines to path; false with err. */
bool cli_bulk_write_results(const char *path, const cJSON *items,
			    struct b24_error *err);
/* The progress line on a terminal (stdout), and clearing it. */
void cli_bulk_progress(void *ctx, const struct bulk_plan *plan,
		       const struct bulk_pace *pace);
void cli_bulk_progress_end(void);
/* "Done: ..." with the counts and where the results are. */
void cli_bulk_print_summary(const struct cli *cli,
			    const struct bulk_plan *plan,
			    const struct bulk_pace *pace, double seconds,
			    const char *results);

#endif
