/*
 * A bulk update as a plan a person can review: every record checked with
 * the rules of a single update, the users' current values read in batches
 * of 50, and per-user diffs with totals.
 */
#ifndef B24_BULK_PLAN_H
#define B24_BULK_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <cJSON.h>

#include "bulk-read.h"
#include "edit.h"
#include "fields.h"
#include "rest.h"

struct bulk_pace;

enum bulk_state {
	BULK_INVALID,	/* refused by the checks: never sent */
	BULK_UNCHANGED,	/* already as the file says: skipped */
	BULK_TODO,	/* to be sent */
	BULK_SENT,	/* sent, answer not settled yet */
	BULK_DONE,	/* the portal answered true */
	BULK_FAILED,	/* the portal refused this row */
	BULK_UNKNOWN,	/* may have run; reading back did not tell */
	BULK_EARLIER,	/* settled by an earlier run (--resume) */
};

struct bulk_row {
	long line;		/* where the record starts in the file */
	char *user_id;
	cJSON *data;		/* checked and normalised */
	cJSON *loaded;		/* the user as read for the plan */
	cJSON *changed;		/* fields that differ */
	cJSON *params;		/* user.update parameters */
	cJSON *fields;		/* journal: {F: {before, after}} */
	char *problem;		/* invalid, failed or unknown: why */
	enum bulk_state state;
	long seq;		/* journal entry, 0 before sending */
	long undo_of;		/* undo --run: the entry this row undoes */
	int verified;		/* 1, 0 (dropped set), -1 not known */
	cJSON *dropped;		/* names of fields that did not take */
	cJSON *response;	/* user.update's answer for --json */
	/* --resume: a row an interrupted run had sent, to settle. */
	cJSON *settle;		/* its journal fields {F: {before, after}} */
	long settle_seq;	/* its journal entry */
};

struct bulk_plan {
	struct bulk_row *rows;
	size_t count;
	const struct field_catalog *cat;	/* borrowed */
	const struct update_options *opt;	/* borrowed */
	cJSON *ignored;		/* read-only and file columns left out */
};

/* Counts by state, and the changed field values of rows to send. */
struct bulk_totals {
	size_t rows, invalid, unchanged, todo, done, failed, unknown;
	size_t earlier, fields;
};

/*
 * Check every record (nothing is sent): the ID, each field as a single
 * update checks it, no user twice.  Read-only and file columns (an
 * export has them) are left out and named in plan->ignored.  Returns the
 * number of invalid rows.
 */
size_t bulk_plan_check(const struct bulk_input *in,
		       const struct field_catalog *cat,
		       const struct update_options *opt,
		       struct bulk_plan *plan);

/*
 * Read the current values of every valid row's user (batches of 50
 * user.get, paced) and work out the diffs: rows that change nothing
 * become UNCHANGED, users the portal does not show become INVALID.
 */
bool bulk_plan_read(struct rest_session *s, struct bulk_pace *pace,
		    struct bulk_plan *plan, struct b24_error *err);

void bulk_plan_totals(const struct bulk_plan *plan, struct bulk_totals *t);
/* What a row's number is, for people: "line" of the file, or "journal
 * entry" for undo --run (its row undoes that entry). */
const char *bulk_row_where(const struct bulk_row *r);
/* "line 7: ..." for each invalid row; NULL when there is none. */
char *bulk_plan_problems(const struct bulk_plan *plan);
/* The diff of the rows to send: "User 5 (line 3):" and a line per field. */
char *bulk_plan_render(const struct bulk_plan *plan);

void bulk_plan_free(struct bulk_plan *plan);

/* Checks once the users are read (bulk-guard.c). */
/* Some row to send sets ACTIVE=N (the guard then needs the own ID). */
bool bulk_plan_dismisses_any(const struct bulk_plan *plan);
/* This row to send sets ACTIVE=N for self_id. */
bool bulk_plan_row_dismisses(const struct bulk_row *r, const char *self_id);
/* Rows that would dismiss self_id become INVALID unless allow; returns
 * how many there are. */
size_t bulk_plan_guard_self(struct bulk_plan *plan, const char *self_id,
			    bool allow);
/*
 * undo --run: expect is {"LINE": {FIELD: after-value}}.  A row to send
 * whose changed fields no longer hold the run's after-values was
 * changed since: it becomes FAILED (seq 0, never sent) with the fields
 * named in its problem.
 */
void bulk_plan_expect(struct bulk_plan *plan, const cJSON *expect);

#endif
