/* Reading a bulk run's writes back: after every batch (inside the
 * next one), at the end, and when a batch's answer was lost. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "bulk-fetch.h"
#include "bulk-run-internal.h"
#include "journal.h"
#include "jsonutil.h"
#include "log.h"
#include "verify.h"
#include "xalloc.h"

const char *const *bulk_run_ids(struct bulk_row **rows, size_t n)
{
	const char **ids = xcalloc(n ? n : 1, sizeof *ids);
	size_t i;

	for (i = 0; i < n; i++)
		ids[i] = rows[i]->user_id;
	return ids;
}

/* Compare rows with the users read back, and journal what showed. */
static void verify_users(struct run *r, struct bulk_row **rows, size_t n,
			 const cJSON *users)
{
	const cJSON *u;
	cJSON *dropped;
	struct b24_error err;
	size_t i;

	for (i = 0; i < n; i++) {
		u = cJSON_GetObjectItemCaseSensitive(users, rows[i]->user_id);
		if (!u)
			continue;
		dropped = verify_dropped(u, rows[i]->changed);
		rows[i]->verified = !dropped->child;
		if (dropped->child)
			rows[i]->dropped = verify_dropped_names(dropped);
		cJSON_Delete(dropped);
	}
	if (!bulk_journal_finish(r->st, rows, n, &err))
		log_debug("journal not completed: %s", err.message);
}

/* Read-back: user.update answers true even when fields were dropped.
 * The rows are read 2 500 to a request and journalled once more with
 * what the read showed. */
static void verify_chunk(struct run *r, struct bulk_row **rows, size_t n)
{
	const char *const *ids = bulk_run_ids(rows, n);
	struct b24_error err;
	cJSON *users;

	if (!bulk_fetch_users(r->s, r->pace, ids, n, r->o->admin_mode,
			      &users, &err)) {
		log_debug("read-back failed: %s", err.message);
		free((void *)ids);
		return;
	}
	verify_users(r, rows, n, users);
	cJSON_Delete(users);
	free((void *)ids);
}

void bulk_verify_all(struct run *r)
{
	struct bulk_row **rows = xcalloc(BULK_FETCH_PER_CALL, sizeof *rows);
	struct bulk_row *row;
	size_t i, n = 0;

	for (i = 0; i < r->plan->count; i++) {
		row = &r->plan->rows[i];
		if (row->state != BULK_DONE || row->verified != -1 ||
		    !row->response)
			continue;
		rows[n++] = row;
		if (n == BULK_FETCH_PER_CALL) {
			verify_chunk(r, rows, n);
			n = 0;
		}
	}
	if (n)
		verify_chunk(r, rows, n);
	free(rows);
}

/* The read-back could not be done (cancelled, or the portal is out of
 * reach): the batch may have run, so its rows are unknown, never "not
 * sent", and the error says so; going on reads them back first. */
static bool left_unknown(struct run *r, struct b24_error *err)
{
	bool cancelled = strcmp(err->code, "cancelled") == 0;
	char why[320];
	size_t i, n = 0;

	for (i = 0; i < r->n; i++) {
		if (r->rows[i]->state != BULK_SENT)
			continue;
		r->rows[i]->state = BULK_UNKNOWN;
		free(r->rows[i]->problem);
		r->rows[i]->problem = xstrdup(
			"sent, but the run stopped before its answer came: "
			"it may have been written; going on reads it back "
			"first");
		n++;
	}
	if (cancelled)
		snprintf(why, sizeof why, "Stopped while a batch of %zu "
			 "update%s was on its way", n, n == 1 ? "" : "s");
	else
		snprintf(why, sizeof why, "The answer to a batch of %zu "
			 "update%s was lost and reading back failed (%.200s)",
			 n, n == 1 ? "" : "s", err->message);
	b24_error_set(err, cancelled ? B24_EXIT_INTERRUPTED :
		      B24_EXIT_UNVERIFIED, cancelled ? "cancelled" :
		      "outcome_unknown", "%s: the portal may have written "
		      "%s. Going on reads %s back before anything is sent "
		      "again", why, n == 1 ? "it" : "them",
		      n == 1 ? "that user" : "those users");
	err->reached_portal = true;
	return false;
}

/* Old values after no answer at all (a timeout, a connection cut
 * before any reply, a gateway's 504): the portal may still be carrying
 * the batch out, so sending it again could write twice. */
static void still_running(struct bulk_row *row)
{
	row->state = BULK_UNKNOWN;
	free(row->problem);
	row->problem = xstrdup("no answer came (timeout or broken "
			       "connection) and the user still has the old "
			       "values: the portal may still be writing it; "
			       "run the file again later and the plan shows "
			       "what is left");
}

static void settle_row(struct bulk_row *row, const cJSON *users,
		       bool no_answer)
{
	struct journal_entry e;
	enum journal_outcome o;
	const cJSON *u;

	memset(&e, 0, sizeof e);
	e.fields = row->fields;
	u = cJSON_GetObjectItemCaseSensitive(users, row->user_id);
	o = u ? journal_settle(&e, u) : JOURNAL_UNKNOWN;
	row->state = o == JOURNAL_DONE ? BULK_DONE :
		     o == JOURNAL_REFUSED ? BULK_TODO : BULK_UNKNOWN;
	row->verified = o == JOURNAL_DONE ? 1 : -1;
	if (o == JOURNAL_UNKNOWN)
		row->problem = xstrdup("the answer was lost and the user now "
				       "matches neither the old nor the new "
				       "values; check it by hand");
	else if (o == JOURNAL_REFUSED && no_answer)
		still_running(row);
}

/* The answer was lost: read back before anything is sent again. */
bool bulk_settle_lost(struct run *r, struct b24_error *err)
{
	const char *const *ids = bulk_run_ids(r->rows, r->n);
	bool no_answer = err->http_status == 0 || err->http_status == 504;
	cJSON *users;
	size_t i;

	if (!bulk_fetch_users(r->s, r->pace, ids, r->n, r->o->admin_mode,
			      &users, err)) {
		free((void *)ids);
		return left_unknown(r, err);
	}
	for (i = 0; i < r->n; i++)
		if (r->rows[i]->state == BULK_SENT)
			settle_row(r->rows[i], users, no_answer);
	cJSON_Delete(users);
	free((void *)ids);
	return true;
}

/* The previous batch's read-back; when it did not run (the batch halted
 * first), the rows wait for the read-back at the end. */
void bulk_take_check(struct run *r, const cJSON *result)
{
	const cJSON *list, *u;
	cJSON *users;
	struct b24_error err;
	const char *id;

	if (!r->ncheck || !batch_sub_result(result, "check", &list, &err))
		return;
	users = cJSON_CreateObject();
	cJSON_ArrayForEach(u, list) {
		id = json_get_string(u, "ID");
		if (id && !cJSON_GetObjectItemCaseSensitive(users, id))
			cJSON_AddItemReferenceToObject(users, id, (cJSON *)u);
	}
	verify_users(r, r->check, r->ncheck, users);
	cJSON_Delete(users);
}

void bulk_next_check(struct run *r)
{
	size_t i;

	r->ncheck = 0;
	for (i = 0; i < r->n; i++)
		if (r->rows[i]->state == BULK_DONE &&
		    r->rows[i]->verified == -1)
			r->check[r->ncheck++] = r->rows[i];
}
