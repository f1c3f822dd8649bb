/*
 * One safe edit of one user, in the steps the console and the command line
 * share: prepare (load, check the data, find what really changes), check
 * (--expect, and a conflict check against a fresh read), commit (journal,
 * write and read-back in one batch, journal again).  Showing the diff and
 * asking for confirmation happen between the steps, in the caller.
 */
#ifndef B24_SAFE_EDIT_H
#define B24_SAFE_EDIT_H

#include <stdbool.h>
#include <cJSON.h>

#include "edit.h"
#include "journal.h"

struct safe_edit {
	/* Given by the caller (borrowed). */
	const char *user_id;
	const struct update_options *opt;	/* may be NULL */
	const struct field_catalog *cat;
	struct field_catalog *learn;	/* when set: prepare reads the
					 * portal's labels and UF_USR_* fields
					 * into it in the same request as the
					 * user, and uses it as cat */
	const char *journal_path;	/* NULL: journal_default_path() */
	const char *profile;		/* for the journal */
	const char *portal;		/* https://host, never a webhook */
	const char *operator;
	long undo_of;			/* when this edit undoes an entry */

	/* Filled by the steps (owned; safe_edit_free). */
	cJSON *loaded;		/* the user as prepare read it */
	cJSON *now;		/* the user as check read it, or NULL */
	cJSON *changed;		/* fields that differ, normalised */
	cJSON *params;		/* user.update parameters, or NULL */
	cJSON *mismatches;	/* failed --expect: {F: {expected, now}} */
	cJSON *conflicts;	/* {F: {loaded, now, yours}} */
	cJSON *response;	/* user.update's answer, for --json */
	cJSON *dropped;		/* verify_dropped; NULL when unverified */
	long seq;		/* journal entry; 0 before commit */
	enum journal_outcome outcome;
};

/*
 * Load the user, check data (exit 2 on bad input, nothing sent; without
 * learn it is checked before the first request), and work out changed
 * and params.  Fields whose value already is the wanted one
 * are left out; when none is left and there are no custom parameters,
 * safe_edit_nothing_to_do() is true and there is nothing to commit.
 */
bool safe_edit_prepare(struct rest_session *s, struct safe_edit *se,
		       const cJSON *data, struct b24_error *err);
bool safe_edit_nothing_to_do(const struct safe_edit *se);

/*
 * Just before writing: with reread, read the user again and stop (exit 6,
 * code "conflict") if a changed field moved since prepare; then check
 * expect ({"FIELD": "VALUE"} from --expect, may be NULL) and stop (exit 6,
 * code "expect_failed") on a mismatch.  The message lists the values.
 */
bool safe_edit_check(struct rest_session *s, struct safe_edit *se,
		     const cJSON *expect, bool reread, struct b24_error *err);

/*
 * After a conflict, the person's choices: go on from the fresh read
 * (the user as check read it becomes the baseline, fields that already
 * have our value drop out), or give up one field (keep the portal's
 * value).  Both rebuild params; call safe_edit_check again before commit.
 * false with err when nothing is left to send (exit 6).
 */
bool safe_edit_accept_now(struct safe_edit *se, struct b24_error *err);
bool safe_edit_drop_field(struct safe_edit *se, const char *field,
			  struct b24_error *err);

/*
 * Journal the change as pending (fsync'ed; if that fails nothing is sent),
 * send it with the read-back, and complete the journal entry.  true when
 * every field took.  Otherwise err: exit 7 "unverified" with dropped set
 * (the message names the fields and why) or NULL (read-back failed); exit 7
 * "outcome_unknown" when the write may have run; other exits when the
 * portal refused (outcome refused, nothing changed).
 */
bool safe_edit_commit(struct rest_session *s, struct safe_edit *se,
		      struct b24_error *err);

/* The request sets ACTIVE to N, as a field or a custom parameter. */
bool safe_edit_dismisses(const struct safe_edit *se);
/* True when the edit would dismiss the account the credentials act as
 * (self_id): the console would lock itself out. */
bool safe_edit_dismisses_self(const struct safe_edit *se,
			      const char *self_id);

/* The --json item: {"json": response, "verified": bool, "dropped": [..]}
 * ("dropped" only when some did not take). */
cJSON *safe_edit_item(const struct safe_edit *se);

void safe_edit_free(struct safe_edit *se);

#endif
