/* The safe edit's requests on the request thread: the re-read and the
 * write with its read-back (journalled), and planning an undo from the
 * journal; their answers go to the log pane. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "jsonutil.h"
#include "ui.h"
#include "undo-pick.h"
#include "xalloc.h"

struct editjob {
	struct console *c;
	struct sendedit *e;
	bool ran, ok;
	char *profile;
	bool admin;
	struct b24_error err;
	struct timespec t0;
	double secs;
	struct rest_stats stats;
	char note[300];		/* undo: how an unknown outcome settled */
};

static struct editjob *job_new(struct console *c, struct sendedit *e)
{
	struct editjob *j = xcalloc(1, sizeof(*j));

	j->c = c;
	j->e = e;
	j->profile = c->prof.name ? xstrdup(c->prof.name) : NULL;
	b24_error_clear(&j->err);
	e->running = true;
	return j;
}

/* Back on the main thread: the edit is the console's again. */
static struct sendedit *job_end(struct editjob *j)
{
	struct console *c = j->c;
	struct sendedit *e = j->e;

	c->busy = false;
	e->running = false;
	e->se.profile = NULL;
	e->se.portal = NULL;
	if (j->ran) {
		c->stats = j->stats;
		c->have_stats = true;
	}
	free(j->profile);
	free(j);
	return e;
}

static void job_begin(struct rest_session *s, struct editjob *j)
{
	j->ran = true;
	clock_gettime(CLOCK_MONOTONIC, &j->t0);
	j->e->se.profile = j->profile;
	j->e->se.portal = rest_session_creds(s)->portal;
	j->e->se.operator = g_get_user_name();
}

static void job_stop(struct rest_session *s, struct editjob *j)
{
	j->secs = ui_elapsed(&j->t0);
	rest_session_stats(s, &j->stats);
}

/* The Options form's one-off token for this job's requests; the session
 * owns its copy until it is cleared. */
static void one_off(struct rest_session *s, struct sendedit *e, bool on)
{
	if (e->token)
		rest_session_set_token_override(s, on ? secret_dup(e->token)
							: NULL);
}

static void run_commit(struct rest_session *s, void *arg)
{
	struct editjob *j = arg;
	struct sendedit *e = j->e;

	job_begin(s, j);
	one_off(s, e, true);
	j->ok = safe_edit_check(s, &e->se, e->expect, true, &j->err) &&
		safe_edit_commit(s, &e->se, &j->err);
	one_off(s, e, false);
	job_stop(s, j);
}

static void log_line(struct console *c, const char *what, const char *more)
{
	struct strbuf sb;
	char when[16];

	ui_clock(when, sizeof(when));
	sb_init(&sb);
	sb_printf(&sb, "%s <- user.update %s", when, what);
	if (more && *more)
		sb_printf(&sb, "\n%s", more);
	log_pane_add(&c->log, sb.buf);
	sb_free(&sb);
}

/* Show the user as the portal has it now. */
static void reload(struct console *c, const char *id)
{
	if (!c->user_id || strcmp(c->user_id, id) != 0)
		return;
	user_set_id(c, id);
	c->quiet_load = true;
	jobs_load(c, id, c->edit ? c->edit->opt.admin_mode : false,
		  c->edit && c->edit->token ? secret_dup(c->edit->token) :
		  NULL);
}

static void committed(struct console *c, struct sendedit *e, double secs)
{
	char *pretty = e->se.response ? json_pretty(e->se.response) : NULL;
	bool again = e->se.undo_of || e->settled;
	char what[200];

	snprintf(what, sizeof(what), "OK, user %s, %.2f s, journal entry "
		 "%ld: read back, every field took", e->user_id, secs,
		 e->se.seq);
	log_line(c, what, pretty);
	free(pretty);
	if (e->se.undo_of)
		ui_message(c, false, "Undone: journal entry %ld of user %s "
			   "is reversed (entry %ld).", e->se.undo_of,
			   e->user_id, e->se.seq);
	else
		ui_message(c, false, "Sent: the portal accepted the update of "
			   "user %s; every field took.", e->user_id);
	if (again)
		reload(c, e->user_id);
	else
		fields_view_commit(c);
}

static void not_all_took(struct console *c, struct sendedit *e,
			 const struct b24_error *err, double secs)
{
	struct strbuf sb;
	char what[200];

	snprintf(what, sizeof(what), "sent to user %s (%.2f s, journal "
		 "entry %ld), but not all of it took", e->user_id, secs,
		 e->se.seq);
	sb_init(&sb);
	sb_printf(&sb, "   WARNING: %s", err->message);
	if (err->hint[0])
		sb_printf(&sb, "\n   what to do: %s", err->hint);
	log_line(c, what, sb.buf);
	sb_free(&sb);
	ui_message(c, true, "Sent, but not all of it took: see the log pane "
		   "(F8).");
	reload(c, e->user_id);
}

static void unknown(struct console *c, struct sendedit *e)
{
	char text[400];

	snprintf(text, sizeof(text), "   The outcome is unknown: the write "
		 "may have run. Journal entry %ld records it. Reload user %s "
		 "to see whether it took.", e->se.seq, e->user_id);
	log_pane_add(&c->log, text);
	dlg_text(c, "Outcome unknown", text);
	c->dlg.kind = D_RELOAD;
}

static void refused(struct console *c, struct sendedit *e,
		    struct b24_error *err, double secs)
{
	if (strcmp(err->code, "expect_failed") == 0) {
		char *why = xstrdup(err->message);

		b24_error_set(err, B24_EXIT_STOPPED, "changed_since",
			      "User %s was changed after journal entry %ld; "
			      "undoing it would overwrite that, so nothing "
			      "was sent.%s", e->user_id, e->se.undo_of,
			      strchr(why, '\n') ? strchr(why, '\n') : "");
		free(why);
	}
	jobs_log_error(c, "user.update", secs, err);
}

static void done_commit(void *arg)
{
	struct editjob *j = arg;
	struct console *c = j->c;
	bool ran = j->ran, ok = j->ok;
	struct b24_error err = j->err;
	double secs = j->secs;
	struct sendedit *e = job_end(j);

	if (!ran) {
		send_free(c);
		return;
	}
	if (e->token)
		jobs_one_off_refused(&err);
	if (ok) {
		committed(c, e, secs);
	} else if (strcmp(err.code, "conflict") == 0) {
		jobs_log_error(c, "user.get (re-read)", secs, &err);
		conflict_open(c);
		return;
	} else if (e->se.seq > 0 && e->se.outcome == JOURNAL_DONE) {
		not_all_took(c, e, &err, secs);
	} else if (e->se.seq > 0 && e->se.outcome != JOURNAL_REFUSED) {
		jobs_log_error(c, "user.update", secs, &err);
		unknown(c, e);
	} else {
		refused(c, e, &err, secs);
	}
	send_free(c);
}

void edit_jobs_commit(struct console *c)
{
	struct sendedit *e = c->edit;
	struct strbuf sb;
	char *body;

	/* Another request runs: this edit is dropped, the form keeps it. */
	if (!jobs_can_start(c)) {
		send_free(c);
		return;
	}
	body = json_compact(e->se.params);
	sb_init(&sb);
	sb_printf(&sb, "user.update user %s%s (re-read, write, read back)"
		  "\n   fields to send: %s", e->user_id, e->token ?
		  " (one-off access token)" : "", body);
	jobs_log_start(c, "user.update", sb.buf);
	sb_free(&sb);
	free(body);
	worker_submit(c->req, run_commit, done_commit, job_new(c, e));
}

/* ---- undo ---- */

static bool plan(struct editjob *j, const struct journal_entry *je,
		 cJSON **data)
{
	struct sendedit *e = j->e;

	e->own_cat = fields_catalog_load(&j->err);
	if (!e->own_cat ||
	    !journal_undo_plan(je, e->own_cat, data, &e->expect, &j->err))
		return false;
	e->user_id = xstrdup(je->user_id);
	e->opt.admin_mode = j->admin;
	/* The names were accepted when the entry was written. */
	e->opt.field_flags = FIELDS_ALLOW_UNKNOWN;
	e->se.user_id = e->user_id;
	e->se.opt = &e->opt;
	e->se.cat = e->own_cat;
	e->se.undo_of = je->seq;
	return true;
}

static void run_undo(struct rest_session *s, void *arg)
{
	struct editjob *j = arg;
	struct journal_list list = { 0 };
	const struct journal_entry *je = NULL;
	char *path = journal_default_path();
	cJSON *data = NULL;

	job_begin(s, j);
	one_off(s, j->e, true);
	if (journal_read(path, &list, &j->err))
		je = undo_pick_newest(s, &list, j->e->se.portal, j->admin,
				      j->note, sizeof(j->note), &j->err);
	j->ok = je && plan(j, je, &data) &&
		safe_edit_prepare(s, &j->e->se, data, &j->err);
	one_off(s, j->e, false);
	cJSON_Delete(data);
	journal_list_free(&list);
	free(path);
	job_stop(s, j);
}

static void done_undo(void *arg)
{
	struct editjob *j = arg;
	struct console *c = j->c;
	bool ran = j->ran, ok = j->ok;
	struct b24_error err = j->err;
	double secs = j->secs;
	char note[sizeof(j->note) + 4];
	struct sendedit *e;
	char title[160];

	snprintf(note, sizeof(note), "   %s", j->note);
	e = job_end(j);
	if (note[3])
		log_pane_add(&c->log, note);
	if (e->token)
		jobs_one_off_refused(&err);
	if (ran && !ok)
		jobs_log_error(c, "undo", secs, &err);
	if (!ran || !ok || safe_edit_nothing_to_do(&e->se)) {
		if (ok)
			ui_message(c, false, "Journal entry %ld needs no undo: "
				   "user %s already has the values from "
				   "before it.", e->se.undo_of, e->user_id);
		send_free(c);
		return;
	}
	snprintf(title, sizeof(title), "Undo journal entry %ld: user %s "
		 "(old %s new):", e->se.undo_of, e->user_id,
		 c->utf8 ? "\u2192" : "->");
	send_confirm_edit(c, title);
}

void edit_jobs_undo(struct console *c)
{
	struct update_options o;
	struct b24_error err;
	struct editjob *j;

	if (!jobs_can_start(c))
		return;
	b24_error_clear(&err);
	c->edit = xcalloc(1, sizeof(*c->edit));
	j = job_new(c, c->edit);
	opts_get(c, &o, &c->edit->token, &err);
	j->admin = o.admin_mode;
	opts_release(&o);
	jobs_log_start(c, "undo", "undo: the newest change to this portal "
		       "in the journal");
	worker_submit(c->req, run_undo, done_undo, j);
}
