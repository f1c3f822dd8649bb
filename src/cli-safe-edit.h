/* One safe edit on the command line, shared by update and undo: the diff,
 * the questions, the conflict check and the result (internal to cli*.c). */
#ifndef B24_CLI_SAFE_EDIT_H
#define B24_CLI_SAFE_EDIT_H

#include <stdbool.h>
#include <cJSON.h>

#include "cli.h"
#include "safe-edit.h"

struct cli_edit_flags {
	bool confirm;	/* --confirm: ask on the terminal before sending */
	bool yes;	/* --yes: every yes/no question answered yes */
	bool dry_run;	/* show and check, send nothing */
};

/* The journal's view of who writes where: profile, portal (never a
 * webhook), operator (the local account).  Call after cli_open_session. */
void cli_edit_journal_setup(const struct cli *cli, struct safe_edit *se);

/*
 * After safe_edit_prepare (and not when there is nothing to do): print
 * the diff, refuse to dismiss the credentials' own account without --yes
 * or a yes, ask when --confirm, check expect and conflicts (a person at a
 * terminal chooses which values to keep), and commit.  true when every
 * field took (or, with dry_run, when all checks passed).  Otherwise err:
 * exit 6 when stopped before sending, 7 when written but unverified
 * (cli_edit_written() is then true) or when the outcome is unknown.
 */
bool cli_safe_edit(struct cli *cli, struct safe_edit *se,
		   const cJSON *expect, const struct cli_edit_flags *f,
		   struct b24_error *err);

/* The write went through but not every field took, or the read-back
 * failed: the item still describes a write. */
bool cli_edit_written(const struct safe_edit *se,
		      const struct b24_error *err);

/* "Changes to user 3:" and the diff lines, on stdout (stderr with
 * --json, where stdout carries only the items). */
void cli_edit_print_diff(const struct cli *cli, const struct safe_edit *se);

/* After cli_safe_edit failed with a write behind it: the warning on
 * stderr (what did not take and why, or that the outcome is unknown,
 * with the journal entry).  Returns the exit status. */
int cli_edit_warn(const struct cli *cli, const struct safe_edit *se,
		  const struct b24_error *err);

#endif
