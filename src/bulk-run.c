/* Carrying out a bulk plan, batch by batch, without losing or repeating
 * a write (the reading back is in bulk-verify.c). */
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
#include "xalloc.h"

static void key_of(const struct run *r, const struct bulk_row *row,
		   char prefix, char *key, size_t len)
{
	snprintf(key, len, "%c%zu", prefix, (size_t)(row - r->plan->rows));
}

/* The next rows to send, in file order: rows sent again come first. */
static size_t pick(struct run *r, int room)
{
	size_t i;

	r->n = 0;
	for (i = 0; i < r->plan->count && r->n < (size_t)room; i++)
		if (r->plan->rows[i].state == BULK_TODO)
			r->rows[r->n++] = &r->plan->rows[i];
	return r->n;
}

static void set_state(struct run *r, enum bulk_state from,
		      enum bulk_state to)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->rows[i]->state == from)
			r->rows[i]->state = to;
}

static void fail_row(struct bulk_row *row, const struct b24_error *err)
{
	char text[1200];

	b24_error_format(err, text, sizeof text);
	row->state = BULK_FAILED;
	free(row->problem);
	row->problem = xstrdup(text);
}

/* Each sub-answer to its row: the key says which row it is. */
static bool take_results(struct run *r, const cJSON *result)
{
	const cJSON *res, *times = json_get(result, "result_time");
	struct b24_error err;
	bool limited = false;
	char key[32];
	size_t i;

	for (i = 0; i < r->n; i++) {
		key_of(r, r->rows[i], 'w', key, sizeof key);
		b24_error_clear(&err);
		if (batch_sub_result(result, key, &res, &err)) {
			r->rows[i]->state = BULK_DONE;
			r->rows[i]->response = cJSON_CreateObject();
			cJSON_AddItemToObject(r->rows[i]->response, "result",
					      cJSON_Duplicate(res, true));
			if (json_get(times, key))
				cJSON_AddItemToObject(r->rows[i]->response,
					"time", cJSON_Duplicate(
						json_get(times, key), true));
		} else if (strcmp(err.code, "OPERATION_TIME_LIMIT") == 0) {
			r->rows[i]->state = BULK_TODO;
			limited = true;
		} else if (strcmp(err.code, "batch_not_run") == 0) {
			r->rows[i]->state = BULK_TODO;
		} else {
			fail_row(r->rows[i], &err);
		}
	}
	return limited;
}

static void finish(struct run *r)
{
	struct bulk_row *done[BULK_BATCH_MAX];
	struct b24_error err;
	size_t i, k = 0;

	for (i = 0; i < r->n; i++)
		if (r->rows[i]->state != BULK_SENT)
			done[k++] = r->rows[i];
	if (!bulk_journal_finish(r->st, done, k, &err))
		log_debug("journal not completed: %s", err.message);
}

static bool save(struct run *r, struct b24_error *err)
{
	return bulk_checkpoint_save(r->st, r->plan, false, err);
}

static bool stopped(struct run *r, struct b24_error *err, bool keep_err)
{
	struct b24_error serr;
	char was[sizeof err->hint];

	finish(r);
	r->n = 0;
	bulk_verify_all(r);
	if (!save(r, &serr) && !keep_err)
		*err = serr;
	snprintf(was, sizeof was, "%s", err->hint);
	if (err->exit != B24_EXIT_USAGE)
		b24_error_hint(err, "%s%sRun the same command with --resume "
			       "to go on: rows done are not sent again.",
			       was, was[0] ? " " : "");
	return false;
}

static bool first_failure(struct run *r, struct b24_error *err)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		if (r->rows[i]->state != BULK_FAILED)
			continue;
		b24_error_set(err, B24_EXIT_REFUSED, "row_failed",
			      "%s %ld, user %s was not updated: %s",
			      r->rows[i]->undo_of ? "Journal entry" : "Line",
			      r->rows[i]->line, r->rows[i]->user_id,
			      r->rows[i]->problem);
		b24_error_hint(err, "Rows after it were not sent.  Fix the "
			       "row, or use --continue-on-fail.");
		return true;
	}
	return false;
}

static cJSON *update_cmds(struct run *r)
{
	cJSON *cmd = cJSON_CreateObject();
	const char *const *ids;
	char key[32], *line;
	size_t i;

	for (i = 0; i < r->n; i++) {
		key_of(r, r->rows[i], 'w', key, sizeof key);
		line = batch_command("user.update", r->rows[i]->params);
		cJSON_AddStringToObject(cmd, key, line);
		free(line);
	}
	if (r->ncheck) {
		ids = bulk_run_ids(r->check, r->ncheck);
		cJSON_AddItemToObject(cmd, "check", bulk_fetch_command(
			ids, r->ncheck, r->o->admin_mode));
		free((void *)ids);
	}
	return cmd;
}

static bool send_batch(struct run *r, bool *limited, struct b24_error *err)
{
	struct rest_reply reply;
	cJSON *cmd = update_cmds(r);
	bool ok;

	ok = bulk_pace_batch(r->pace, r->s, cmd, !r->o->continue_on_fail,
			     REST_WRITE, &reply, err);
	cJSON_Delete(cmd);
	if (ok) {
		*limited = take_results(r, reply.result);
		bulk_take_check(r, reply.result);
		rest_reply_free(&reply);
		bulk_next_check(r);
		return true;
	}
	/* Cancelled or cut off after sending: it may have run (rest_call
	 * turns a write cancelled in flight into outcome_unknown, so
	 * "cancelled" means before sending, or while waiting after a
	 * refusal). */
	if (strcmp(err->code, "cancelled") == 0 ||
	    (strcmp(err->code, "outcome_unknown") != 0 &&
	     !err->reached_portal)) {
		set_state(r, BULK_SENT, BULK_TODO);	/* never ran */
		if (strcmp(err->code, "cancelled") == 0)
			b24_error_set(err, B24_EXIT_INTERRUPTED, "cancelled",
				      "Stopped before the next batch went "
				      "out: the rows left were not sent");
		return stopped(r, err, true);
	}
	log_debug("batch answer lost (%s): reading back", err->message);
	if (!bulk_settle_lost(r, err))
		return stopped(r, err, true);
	return true;
}

static bool one_batch(struct run *r, struct b24_error *err)
{
	bool limited = false;
	int room;

	r->n = 0;
	if (!bulk_pace_budget_wait(r->pace, r->s, err))
		return stopped(r, err, true);
	room = bulk_pace_room(r->pace);
	if (r->ncheck && room == BULK_BATCH_MAX)
		room--;
	if (!pick(r, room))
		return true;
	set_state(r, BULK_TODO, BULK_SENT);
	if (!bulk_journal_begin(r->st, r->rows, r->n, err)) {
		set_state(r, BULK_SENT, BULK_TODO);
		return false;
	}
	if (!save(r, err) || !send_batch(r, &limited, err))
		return false;
	finish(r);
	if (!save(r, err))
		return false;
	if (r->o->progress)
		r->o->progress(r->o->progress_ctx, r->plan, r->pace);
	if (!r->o->continue_on_fail && first_failure(r, err)) {
		r->n = 0;
		return stopped(r, err, true);
	}
	r->n = 0;
	return !limited || bulk_pace_blocked_wait(r->pace, r->s, err) ||
	       stopped(r, err, true);
}

static bool any_todo(const struct bulk_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->count; i++)
		if (plan->rows[i].state == BULK_TODO)
			return true;
	return false;
}

bool bulk_run(struct rest_session *s, struct bulk_pace *pace,
	      struct bulk_plan *plan, struct bulk_state_ctx *state,
	      const struct bulk_run_options *o, struct b24_error *err)
{
	struct run r = { s, pace, plan, state, o, { NULL }, 0, { NULL }, 0 };

	if (!bulk_checkpoint_save(state, plan, false, err))
		return false;
	while (any_todo(plan))
		if (!one_batch(&r, err))
			return false;
	bulk_verify_all(&r);
	return bulk_checkpoint_save(state, plan, true, err);
}
