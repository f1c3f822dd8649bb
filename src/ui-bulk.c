/* The console's bulk update: a file path, its plan to review, the run
 * with a progress line, and the results in the log pane. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plural.h"
#include "ui-bulk.h"
#include "xalloc.h"

static void bulk_release(struct bulkui *b)
{
	free(b->path);
	free(b->profile);
	free(b->portal);
	free(b->cp_path);
	bulk_input_free(&b->in);
	opts_release(&b->opt);
	bulk_plan_free(&b->plan);
	if (b->cat)
		fields_catalog_free(b->cat);
	pthread_mutex_destroy(&b->lock);
	close(b->wake[0]);
	close(b->wake[1]);
	free(b);
}

/* Not while a job owns it: the job's end frees it then. */
void bulk_free(struct console *c)
{
	if (c->bulk && !c->bulk->running)
		bulk_release(c->bulk);
	c->bulk = NULL;
}

static struct bulkui *bulk_new(struct console *c, char *path)
{
	struct bulkui *b = xcalloc(1, sizeof(*b));

	b->c = c;
	b->path = path;
	b->profile = c->prof.name ? xstrdup(c->prof.name) : NULL;
	b24_error_clear(&b->err);
	pthread_mutex_init(&b->lock, NULL);
	if (pipe2(b->wake, O_CLOEXEC | O_NONBLOCK) != 0)
		b->wake[0] = b->wake[1] = -1;
	bulk_pace_init(&b->pace);
	if (c->prof.rate_size > 0 && c->prof.rate_drain > 0) {
		b->pace.size = c->prof.rate_size;
		b->pace.drain = c->prof.rate_drain;
	}
	if (c->prof.time_budget > 0)
		b->pace.budget = c->prof.time_budget;
	return b;
}

/* F4: ask for the file. */
void bulk_start(struct console *c)
{
	if (c->bulk && c->bulk->running) {
		ui_message(c, true, "A bulk update is still running; Esc "
			   "stops it after the batch in flight.");
		return;
	}
	dlg_text(c, "Bulk update from a file", "Path of a CSV or JSON Lines "
		 "file (a header of field codes with an ID column, as "
		 "'search --format csv' writes), then Enter. Nothing is sent "
		 "before you have seen the plan and answered y.");
	c->dlg.kind = D_BULK_PATH;
}

/* Read and plan the file on the request thread (path is taken). */
static void plan_file(struct console *c, char *path, enum bulk_empty empty)
{
	struct secret *token = NULL;
	struct b24_error err;
	struct bulkui *b;
	char *line;

	dlg_close(c);
	bulk_free(c);
	b = bulk_new(c, path);
	b->empty = empty;
	b24_error_clear(&err);
	if (!opts_get(c, &b->opt, &token, &err)) {
		secret_free(token);
		bulk_release(b);
		ui_error(c, &err);
		return;
	}
	secret_free(token);
	c->bulk = b;
	b->running = true;
	line = xmalloc(strlen(path) + 64);
	sprintf(line, "bulk plan of %s (user.get, batched)", path);
	jobs_log_start(c, "bulk plan", line);
	free(line);
	bulk_jobs_plan(c, b);
}

static void path_entered(struct console *c)
{
	char *path = le_get(&c->dlg.input);

	if (!*path || !jobs_can_start(c)) {
		free(path);
		return;
	}
	plan_file(c, path, BULK_EMPTY_KEEP);
}

/* c on the plan: the same file planned again, its empty cells now
 * clearing their fields (or leaving them, when they cleared). */
void bulk_replan_empty(struct console *c)
{
	struct bulkui *b = c->bulk;

	if (!b || b->running || !jobs_can_start(c))
		return;
	plan_file(c, xstrdup(b->path), b->empty == BULK_EMPTY_KEEP ?
		  BULK_EMPTY_CLEAR : BULK_EMPTY_KEEP);
}

bool bulk_key(struct console *c, const struct keyev *ev)
{
	bool handled;

	if (ev->act == A_CANCEL)
		dlg_close(c);
	else if (!ev->is_key && (ev->ch == '\r' || ev->ch == '\n'))
		path_entered(c);
	else
		le_key(&c->dlg.input, ev->is_key ? ev->key : 0, ev->ch,
		       &handled);
	return true;
}

static char *plan_text(struct bulkui *b, const struct bulk_totals *t)
{
	char *problems = bulk_plan_problems(&b->plan);
	char *diff = t->invalid ? NULL : bulk_plan_render(&b->plan);
	struct strbuf sb;

	sb_init(&sb);
	/* The path on a line of its own: the totals never wrap with it. */
	sb_printf(&sb, "File: %s\n", b->path);
	if (t->invalid)
		sb_printf(&sb, "%zu %s; %zu invalid. Nothing was sent.\n\n",
			  t->rows, plural(t->rows, "row", "rows"), t->invalid);
	else
		sb_printf(&sb, "%zu %s; %zu %s to update, %zu %s; %zu "
			  "unchanged %s skipped; 0 invalid.\n\n", t->rows,
			  plural(t->rows, "row", "rows"), t->todo,
			  plural(t->todo, "user", "users"), t->fields,
			  plural(t->fields, "field", "fields"), t->unchanged,
			  plural(t->unchanged, "row", "rows"));
	if (problems)
		sb_printf(&sb, "Rows that cannot be used (nothing can be sent "
			  "until they are corrected):\n%s\n", problems);
	else if (!t->todo)
		sb_append(&sb, "Nothing to send: the portal already has "
			  "these values.\n");
	if (b->resumed && !t->invalid)
		sb_printf(&sb, "An earlier run of this file stopped before "
			  "its end: this plan goes on from there. %zu %s it "
			  "settled %s skipped; nothing is sent twice. (To "
			  "start over instead, delete %s.)\n\n", t->earlier,
			  plural(t->earlier, "row", "rows"),
			  plural(t->earlier, "is", "are"), b->cp_path);
	if (!t->invalid && t->todo)
		sb_append(&sb, "y sends and stops at the first row the portal "
			  "refuses; a sends every row and lists the refused "
			  "ones at the end.\n\n");
	if (!t->invalid && t->todo)
		sb_append(&sb, b->empty == BULK_EMPTY_KEEP ?
		  "Empty cells leave their fields as they are (c: plan "
		  "again with empty cells clearing their fields).\n\n" :
		  "Empty cells CLEAR their fields (c: plan again with empty "
		  "cells leaving their fields as they are).\n\n");
	if (diff)
		sb_append(&sb, diff);
	free(problems);
	free(diff);
	return sb_steal(&sb);
}

void bulk_planned(void *arg)
{
	struct bulkui *b = arg;
	struct console *c = b->c;
	struct bulk_totals t;
	char *text, *plain;

	b->running = false;
	c->busy = false;
	if (b->ran) {
		c->stats = b->stats;
		c->have_stats = true;
	}
	if (!b->ran || c->bulk != b) {
		if (c->bulk != b)
			bulk_release(b);
		return;
	}
	if (!b->ok) {
		jobs_log_error(c, "bulk plan", b->secs, &b->err);
		return;
	}
	bulk_plan_totals(&b->plan, &t);
	plain = plan_text(b, &t);
	/* Row problems come from the core, worded for the command line. */
	text = ui_console_terms(plain);
	free(plain);
	log_pane_add(&c->log, text);
	dlg_text(c, t.invalid ? "Bulk plan: invalid rows, nothing sent" :
		 "Bulk plan", text);
	if (!t.invalid && t.todo)
		c->dlg.kind = D_BULK_PLAN;
	free(text);
}

/* y or a on the plan: the read-only guard first. */
void bulk_confirmed(struct console *c, bool all)
{
	dlg_close(c);
	if (!c->bulk)
		return;
	c->bulk->stop_at_failure = !all;
	if (!guard_gate(c, A_BULK_RUN))
		return;
	bulk_run_now(c);
}

void bulk_run_now(struct console *c)
{
	struct bulkui *b = c->bulk;
	char *line;

	if (!b || b->running || !jobs_can_start(c))
		return;
	b->running = b->sending = true;
	__atomic_store_n(&b->stop, 0, __ATOMIC_SEQ_CST);
	snprintf(b->line, sizeof b->line, "Bulk update: sending ...");
	line = xmalloc(strlen(b->path) + 64);
	sprintf(line, "bulk update of %s (user.update, batched)", b->path);
	jobs_log_start(c, "bulk update", line);
	free(line);
	ui_message(c, false, "%s", b->line);
	bulk_jobs_run(c, b);
}

void bulk_discard(struct console *c)
{
	log_pane_add(&c->log, "Bulk plan not accepted; nothing was sent.");
	ui_message(c, false, "Bulk plan not accepted; nothing was sent.");
	bulk_free(c);
}

static const char *const state_word[] = {
	[BULK_FAILED] = "failed", [BULK_UNKNOWN] = "outcome unknown",
	[BULK_DONE] = "done",
};

/* A message's later lines (its hint) under the row they belong to. */
static void put_indented(struct strbuf *sb, const char *text)
{
	const char *nl;

	while ((nl = strchr(text, '\n')) != NULL) {
		sb_printf(sb, "%.*s\n      ", (int)(nl - text), text);
		text = nl + 1;
	}
	sb_append(sb, text);
}

/* A stopped run: why, then how to go on (before the rows, so a folded
 * log entry still shows it). */
static void how_to_go_on(struct strbuf *sb, const struct bulkui *b)
{
	char *cmd = bulk_resume_command(b->profile, b->path);

	if (strcmp(b->err.code, "row_failed") == 0)
		sb_append(sb, "\n   The portal refused a row (below); the "
			  "rows after it were not sent.");
	else
		sb_printf(sb, "\n   %s [%s]", b->err.message, b->err.code);
	sb_printf(sb, "\n   F4 with the same file goes on from there; "
		  "nothing is sent twice, a refused row not again.  What was "
		  "sent is in the journal.  Command line: %s", cmd);
	free(cmd);
}

/* Failed and unknown rows with their line; fields that did not take. */
static void row_results(struct strbuf *sb, const struct bulk_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->count; i++) {
		const struct bulk_row *r = &plan->rows[i];
		char *dropped;

		if (r->state == BULK_FAILED || r->state == BULK_UNKNOWN) {
			sb_printf(sb, "\n   line %ld, user %s: %s: ",
				  r->line, r->user_id, state_word[r->state]);
			put_indented(sb, r->problem ? r->problem : "");
		}
		if (r->state != BULK_DONE || !r->dropped ||
		    !cJSON_GetArraySize(r->dropped))
			continue;
		dropped = cJSON_PrintUnformatted(r->dropped);
		sb_printf(sb, "\n   line %ld, user %s: these fields did not "
			  "take: %s", r->line, r->user_id, dropped);
		free(dropped);
	}
}

static void log_results(struct console *c, struct bulkui *b)
{
	struct bulk_totals t;
	struct strbuf sb;
	char when[16], unknown[48];

	bulk_plan_totals(&b->plan, &t);
	ui_clock(when, sizeof(when));
	sb_init(&sb);
	sb_printf(&sb, "%s <- bulk update %s after %.1f s: %zu done, %zu "
		  "failed, %zu unknown, %zu not sent", when,
		  b->ok ? "finished" : "stopped", b->secs, t.done, t.failed,
		  t.unknown, t.todo);
	if (!b->ok)
		how_to_go_on(&sb, b);
	row_results(&sb, &b->plan);
	log_pane_add(&c->log, sb.buf);
	sb_free(&sb);
	snprintf(unknown, sizeof unknown, ", %zu outcome unknown",
		 t.unknown);
	ui_message(c, !b->ok || t.failed || t.unknown, "Bulk update %s: %zu "
		   "done, %zu failed%s, %zu remaining (details in the log).",
		   b->ok ? "finished" : "stopped", t.done, t.failed,
		   t.unknown ? unknown : "", t.todo);
}

void bulk_finished(void *arg)
{
	struct bulkui *b = arg;
	struct console *c = b->c;

	b->running = false;
	c->busy = false;
	if (c->bulk != b) {
		bulk_release(b);
		return;
	}
	if (b->ran) {
		c->stats = b->stats;
		c->have_stats = true;
		log_results(c, b);
	}
	bulk_free(c);
}

/* Esc while a run goes: stop after the batch in flight (true); a
 * second Esc cancels at once (false: the caller cancels the request). */
bool bulk_cancel(struct console *c)
{
	struct bulkui *b = c->bulk;

	if (!b || !b->running || !b->sending ||
	    __atomic_load_n(&b->stop, __ATOMIC_SEQ_CST))
		return false;
	__atomic_store_n(&b->stop, 1, __ATOMIC_SEQ_CST);
	ui_message(c, false, "Stopping the bulk update after the batch in "
		   "flight; Esc again cancels at once.");
	return true;
}

bool bulk_running(const struct console *c)
{
	return c->bulk && c->bulk->running;
}

int bulk_wake_fd(const struct console *c)
{
	return c->bulk && c->bulk->running ? c->bulk->wake[0] : -1;
}

/* Main thread: the newest progress line onto the message line. */
void bulk_drain(struct console *c)
{
	struct bulkui *b = c->bulk;
	char buf[64];

	if (!b || b->wake[0] < 0)
		return;
	if (read(b->wake[0], buf, sizeof buf) <= 0)
		return;
	while (read(b->wake[0], buf, sizeof buf) > 0)
		continue;
	pthread_mutex_lock(&b->lock);
	ui_message(c, false, "%s", b->line);
	pthread_mutex_unlock(&b->lock);
}
