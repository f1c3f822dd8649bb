/* A bulk update's work on the request thread: read and plan the file,
 * then run the plan with a progress line posted through a pipe. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <glib.h>

#include "bulk-fetch.h"
#include "log.h"
#include "now.h"
#include "ui-bulk.h"
#include "xalloc.h"

static bool read_into(struct rest_session *s, const char *method,
		      struct field_catalog *cat, struct b24_error *err)
{
	struct rest_reply reply = { 0 };

	if (!rest_call(s, method, NULL, REST_READ, &reply, err)) {
		rest_reply_free(&reply);
		return false;
	}
	if (strcmp(method, "user.fields") == 0)
		fields_catalog_add_labels(cat, reply.result);
	else
		fields_catalog_add_custom(cat, reply.result);
	rest_reply_free(&reply);
	return true;
}

/* Columns the built-in list does not know send us to the portal's own
 * catalogue, as on the command line (an export has UF_USR_* fields). */
static bool catalog(struct rest_session *s, struct bulkui *b)
{
	const cJSON *it;
	bool unknown = false;
	size_t i;

	b->cat = fields_catalog_load(&b->err);
	if (!b->cat)
		return false;
	for (i = 0; i < b->in.count && !unknown; i++)
		cJSON_ArrayForEach(it, b->in.records[i].data)
			if (!fields_find(b->cat, it->string))
				unknown = true;
	return !unknown ||
	       (read_into(s, "user.fields", b->cat, &b->err) &&
		read_into(s, "user.userfield.list", b->cat, &b->err));
}

static void state_setup(struct rest_session *s, struct bulkui *b)
{
	struct bulk_state_ctx *st = &b->st;

	b->portal = xstrdup(rest_session_creds(s)->portal);
	st->profile = b->profile;
	st->portal = b->portal;
	st->checkpoint_path = b->cp_path =
		bulk_checkpoint_path(b->in.digest, b->portal);
	st->operator = g_get_user_name();
	st->file = b->path;
	st->digest = b->in.digest;
	snprintf(st->run, sizeof st->run, "bulk-%.12s-%ld", b->in.digest,
		 (long)time(NULL));
}

/* An earlier run of this file that stopped: the plan goes on from
 * where it stopped (the dialog says so), since starting over could send
 * a write twice.  Rows it settled are skipped; rows whose outcome it did
 * not know are settled from the values read for the plan. */
static void resume_if_unfinished(struct bulkui *b)
{
	cJSON *cp = bulk_checkpoint_load(b->cp_path);

	b->resumed = bulk_checkpoint_unfinished(cp);
	if (b->resumed)
		bulk_checkpoint_apply(cp, &b->plan, &b->st);
	cJSON_Delete(cp);
}

/* Dismissing the account the credentials act as locks them out. */
static bool guard_self(struct rest_session *s, struct bulkui *b)
{
	char *me = NULL;

	if (!bulk_plan_dismisses_any(&b->plan))
		return true;
	if (!bulk_fetch_self(s, &b->pace, &me, &b->err))
		return false;
	bulk_plan_guard_self(&b->plan, me, false);
	free(me);
	return true;
}

static bool plan_steps(struct rest_session *s, struct bulkui *b)
{
	if (!bulk_read_file(b->path, b->empty, &b->in, &b->err) ||
	    !catalog(s, b))
		return false;
	/* Invalid rows: nothing is sent, but the other rows' users are
	 * read, so the plan names every row to correct at once (a user
	 * the portal lacks too).  A failed read leaves the local ones. */
	if (bulk_plan_check(&b->in, b->cat, &b->opt, &b->plan)) {
		struct b24_error rerr;

		b24_error_clear(&rerr);
		if (!bulk_plan_read(s, &b->pace, &b->plan, &rerr))
			log_debug("bulk plan: users not read: %s",
				  rerr.message);
		return true;
	}
	state_setup(s, b);
	resume_if_unfinished(b);
	if (!bulk_plan_read(s, &b->pace, &b->plan, &b->err))
		return false;
	if (b->resumed)
		bulk_checkpoint_settle(&b->st, &b->plan);
	return guard_self(s, b);
}

static void run_plan(struct rest_session *s, void *arg)
{
	struct bulkui *b = arg;

	b->ran = true;
	b->t0 = now_mono();
	b->ok = plan_steps(s, b);
	b->secs = now_mono() - b->t0;
	rest_session_stats(s, &b->stats);
}

/* After every batch (request thread): the line, then a byte. */
static void progress(void *ctx, const struct bulk_plan *plan,
		     const struct bulk_pace *pace)
{
	struct bulkui *b = ctx;
	struct bulk_totals t;
	double secs = now_mono() - b->t0;
	bool stop = __atomic_load_n(&b->stop, __ATOMIC_SEQ_CST);
	size_t settled;
	char eta[32] = "?";
	ssize_t rc;

	(void)pace;
	bulk_plan_totals(plan, &t);
	settled = t.done + t.failed + t.unknown;
	if (settled)
		snprintf(eta, sizeof eta, "%.0f s",
			 secs / (double)settled * (double)t.todo);
	pthread_mutex_lock(&b->lock);
	snprintf(b->line, sizeof b->line, "Bulk update: %zu done, %zu "
		 "failed, %zu remaining, ETA %s%s", t.done, t.failed, t.todo,
		 eta, stop ? " (stopping)" : "");
	pthread_mutex_unlock(&b->lock);
	if (stop)
		rest_session_cancel(b->session);
	rc = write(b->wake[1], "p", 1);
	(void)rc;
}

static void run_send(struct rest_session *s, void *arg)
{
	struct bulkui *b = arg;
	struct bulk_run_options o = { 0 };

	b->ran = true;
	b->session = s;
	o.continue_on_fail = !b->stop_at_failure;
	o.admin_mode = b->opt.admin_mode;
	o.progress = progress;
	o.progress_ctx = b;
	b->t0 = now_mono();
	b->ok = bulk_run(s, &b->pace, &b->plan, &b->st, &o, &b->err);
	b->secs = now_mono() - b->t0;
	rest_session_clear_cancel(s);
	rest_session_stats(s, &b->stats);
}

void bulk_jobs_plan(struct console *c, struct bulkui *b)
{
	b->ran = b->ok = false;
	worker_submit(c->req, run_plan, bulk_planned, b);
}

void bulk_jobs_run(struct console *c, struct bulkui *b)
{
	b->ran = b->ok = false;
	b24_error_clear(&b->err);
	worker_submit(c->req, run_send, bulk_finished, b);
}
