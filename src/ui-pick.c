/* The pick list: the User field also takes a name, an e-mail or a phone
 * number.  After a pause in typing the request thread searches (the
 * Options form's Filter, Order and Admin mode shape the search) and a
 * list offers the matches; typing on cancels a stale search. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "plural.h"
#include "ui.h"
#include "xalloc.h"

#define PICK_PAUSE_MS 300
#define PICK_BUSY_MS 50		/* another request runs: look again */
#define PICK_MAX 50

struct picklist {
	bool pending;
	struct timespec due;
	char *text;
	unsigned long seq;	/* of the newest search asked for */
	bool running;
	struct search_row *rows;
	size_t n, sel;
};

struct pickjob {
	struct console *c;
	unsigned long seq;
	char *text;
	struct update_options opt;
	struct secret *token;	/* the one-off access token, or NULL */
	bool one_off;		/* ... was given */
	struct search *se;
	bool ran, ok;
	struct b24_error err;
	struct search_row *rows;
	size_t n;
	struct timespec t0;
	double secs;
	struct rest_stats stats;
};

void pick_init(struct console *c)
{
	c->pick = xcalloc(1, sizeof(*c->pick));
}

static void rows_free(struct search_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		search_row_clear(&rows[i]);
	free(rows);
}

static void list_clear(struct picklist *pl)
{
	rows_free(pl->rows, pl->n);
	pl->rows = NULL;
	pl->n = pl->sel = 0;
}

void pick_free(struct console *c)
{
	if (!c->pick)
		return;
	list_clear(c->pick);
	free(c->pick->text);
	free(c->pick);
	c->pick = NULL;
}

/* After worker_free: no search runs, the session is gone. */
void pick_session_gone(struct console *c)
{
	search_free(c->search);
	c->search = NULL;
	if (c->pick)
		c->pick->running = false;
}

static void due_in(struct picklist *pl, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, &pl->due);
	pl->due.tv_nsec += ms * 1000000L;
	pl->due.tv_sec += pl->due.tv_nsec / 1000000000L;
	pl->due.tv_nsec %= 1000000000L;
	pl->pending = true;
}

/* Whatever runs or waits is stale now. */
static void forget(struct console *c)
{
	struct picklist *pl = c->pick;
	struct search *se = __atomic_load_n(&c->search, __ATOMIC_ACQUIRE);

	__atomic_add_fetch(&pl->seq, 1, __ATOMIC_SEQ_CST);
	pl->pending = false;
	if (pl->running && se)
		search_cancel(se);
}

void pick_typed(struct console *c, const char *text)
{
	struct picklist *pl = c->pick;

	forget(c);
	free(pl->text);
	pl->text = NULL;
	if (!text || !*text || strspn(text, "0123456789") == strlen(text))
		return;
	pl->text = xstrdup(text);
	due_in(pl, PICK_PAUSE_MS);
}

int pick_timeout_ms(const struct console *c)
{
	struct timespec now;
	long ms;

	if (!c->pick || !c->pick->pending)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (c->pick->due.tv_sec - now.tv_sec) * 1000 +
	     (c->pick->due.tv_nsec - now.tv_nsec) / 1000000;
	return ms < 0 ? 0 : (int)ms + 1;
}

/* ---- on the request thread ---- */

static bool collect(void *ctx, const cJSON *user)
{
	struct pickjob *j = ctx;

	if (j->n >= PICK_MAX)
		return false;
	search_row_fill(j->se, user, &j->rows[j->n++]);
	return true;
}

static void run_pick(struct rest_session *s, void *arg)
{
	struct pickjob *j = arg;
	struct console *c = j->c;
	struct search_query q = { .text = j->text, .filter = j->opt.filter,
				  .order = j->opt.order,
				  .admin_mode = j->opt.admin_mode,
				  .limit = PICK_MAX };

	j->ran = true;
	clock_gettime(CLOCK_MONOTONIC, &j->t0);
	j->se = __atomic_load_n(&c->search, __ATOMIC_ACQUIRE);
	if (!j->se) {
		j->se = search_new(s);
		__atomic_store_n(&c->search, j->se, __ATOMIC_RELEASE);
	}
	search_clear_cancel(j->se);
	j->rows = xcalloc(PICK_MAX, sizeof(*j->rows));
	/* Typed on while this waited in the queue: nothing to ask. */
	if (j->seq != __atomic_load_n(&c->pick->seq, __ATOMIC_SEQ_CST)) {
		b24_error_set(&j->err, B24_EXIT_INTERRUPTED, "cancelled",
			      "stale search");
	} else {
		/* The session owns the token until it is cleared. */
		if (j->token)
			rest_session_set_token_override(s, j->token);
		search_load_departments(j->se);
		j->ok = search_run(j->se, &q, collect, j, &j->err);
		if (j->token)
			rest_session_set_token_override(s, NULL);
		j->token = NULL;
	}
	j->secs = ui_elapsed(&j->t0);
	rest_session_stats(s, &j->stats);
}

/* ---- back on the main thread ---- */

static void log_found(struct console *c, struct pickjob *j)
{
	const char *why = search_department_note(j->se);
	char when[16], line[700];

	ui_clock(when, sizeof(when));
	snprintf(line, sizeof(line), "%s <- search \"%s\": %zu %s%s, "
		 "%.2f s%s%s", when, j->text, j->n,
		 plural(j->n, "user", "users"),
		 j->n >= PICK_MAX ? " (the first ones)" : "", j->secs,
		 why ? "\n   " : "", why ? why : "");
	log_pane_add(&c->log, line);
}

static void job_free(struct pickjob *j)
{
	rows_free(j->rows, j->n);
	free(j->text);
	opts_release(&j->opt);
	secret_free(j->token);
	free(j);
}

static void pick_show(struct console *c);

static void done_pick(void *arg)
{
	struct pickjob *j = arg;
	struct console *c = j->c;
	struct picklist *pl = c->pick;

	c->busy = false;
	pl->running = false;
	if (j->ran) {
		c->stats = j->stats;
		c->have_stats = true;
	}
	if (!j->ran || j->seq != pl->seq) {
		if (j->ran)
			log_pane_add(&c->log, "   search cancelled: the text "
				     "changed while it ran");
	} else if (!j->ok) {
		if (j->one_off)
			jobs_one_off_refused(&j->err);
		jobs_log_error(c, "search", j->secs, &j->err);
	} else {
		log_found(c, j);
		list_clear(pl);
		pl->rows = j->rows;
		pl->n = j->n;
		j->rows = NULL;
		j->n = 0;
		pick_show(c);
	}
	job_free(j);
}

static void fire(struct console *c)
{
	struct picklist *pl = c->pick;
	struct pickjob *j;
	struct b24_error err;
	char line[300];

	if (!c->req) {
		pl->pending = false;
		ui_message(c, true, "Not connected yet: the search needs the "
			   "portal (Connection form, F2).");
		return;
	}
	if (c->busy) {
		due_in(pl, PICK_BUSY_MS);
		return;
	}
	pl->pending = false;
	j = xcalloc(1, sizeof(*j));
	j->c = c;
	j->seq = pl->seq;
	j->text = xstrdup(pl->text);
	b24_error_clear(&err);
	b24_error_clear(&j->err);
	if (!opts_get(c, &j->opt, &j->token, &err)) {
		ui_error(c, &err);
		job_free(j);
		return;
	}
	j->one_off = j->token != NULL;
	snprintf(line, sizeof(line), "search \"%s\"%s%s", j->text,
		 j->opt.filter ? " with the Options filter" : "",
		 j->opt.admin_mode ? " (ADMIN_MODE)" : "");
	jobs_log_start(c, "search", line);
	pl->running = true;
	worker_submit(c->req, run_pick, done_pick, j);
}

void pick_tick(struct console *c)
{
	if (pick_timeout_ms(c) == 0)
		fire(c);
}

void pick_now(struct console *c, const char *text)
{
	pick_typed(c, text);
	if (c->pick->pending)
		fire(c);
}

/* ---- the list ---- */

/* text cut or padded to width columns */
static void cell(struct strbuf *sb, const char *text, int width)
{
	int used = 0;

	while (text && *text) {
		wchar_t wc;
		size_t len = utf8_next(text, &wc);
		int w = ui_wcwidth(wc);

		if (used + w > width - 1)
			break;
		sb_printf(sb, "%.*s", (int)len, text);
		used += w;
		text += len;
	}
	sb_printf(sb, "%*s", width - used, "");
}

static void render(struct console *c)
{
	struct picklist *pl = c->pick;
	struct strbuf sb;

	/* 66 columns: the dialog's inside at 80x24, so no row wraps. */
	sb_init(&sb);
	sb_append(&sb, "  ");
	cell(&sb, "ID", 7);
	cell(&sb, "Name", 20);
	cell(&sb, "Position", 17);
	cell(&sb, "Department", 14);
	sb_append(&sb, "Active\n");
	for (size_t i = 0; i < pl->n; i++) {
		const struct search_row *r = &pl->rows[i];

		sb_printf(&sb, "%s ", i == pl->sel ? ">" : " ");
		cell(&sb, r->id, 7);
		cell(&sb, r->name, 20);
		cell(&sb, r->position, 17);
		cell(&sb, r->department, 14);
		sb_printf(&sb, "%s\n", r->active ? "yes" : "no");
	}
	free(c->dlg.text);
	c->dlg.text = sb_steal(&sb);
	/* Keep the chosen row in sight (the first line is the heading). */
	if (pl->sel + 1 < c->dlg.top)
		c->dlg.top = pl->sel + 1;
	else if (pl->sel + 2 > c->dlg.top + (size_t)(c->rows - 8))
		c->dlg.top = pl->sel + 2 - (size_t)(c->rows - 8);
}

static void pick_show(struct console *c)
{
	struct picklist *pl = c->pick;
	char title[160];

	if (pl->n == 0) {
		ui_message(c, true, "No user matches \"%s\".", pl->text);
		return;
	}
	if (c->dlg.kind != D_NONE && c->dlg.kind != D_PICK) {
		ui_message(c, false, "%zu %s \"%s\"; close the dialog "
			   "and press F2 to see them.", pl->n,
			   plural(pl->n, "user matches", "users match"),
			   pl->text);
		return;
	}
	snprintf(title, sizeof(title), "Users matching \"%s\" (%zu)",
		 pl->text, pl->n);
	/* A "no user matches" from an earlier search must not linger. */
	ui_message(c, false, "%zu %s \"%s\".", pl->n,
		   plural(pl->n, "user matches", "users match"), pl->text);
	dlg_text(c, title, "");
	c->dlg.kind = D_PICK;
	render(c);
}

static void choose(struct console *c)
{
	struct picklist *pl = c->pick;
	char *id = pl->sel < pl->n ? xstrdup(pl->rows[pl->sel].id) : NULL;

	dlg_close(c);
	list_clear(pl);
	if (!id)
		return;
	forget(c);
	user_set_id(c, id);
	user_load(c);
	free(id);
}

static bool move_key(struct picklist *pl, int key)
{
	if (key == KEY_UP && pl->sel > 0)
		pl->sel--;
	else if (key == KEY_DOWN && pl->sel + 1 < pl->n)
		pl->sel++;
	else if (key == KEY_PPAGE)
		pl->sel = pl->sel > 10 ? pl->sel - 10 : 0;
	else if (key == KEY_NPAGE)
		pl->sel = pl->sel + 10 < pl->n ? pl->sel + 10 :
			  (pl->n ? pl->n - 1 : 0);
	else
		return false;
	return true;
}

/* Other keys close the list and go on to the field, so typing on
 * simply refines the search. */
bool pick_key(struct console *c, const struct keyev *ev)
{
	if (ev->act == A_CANCEL) {
		dlg_close(c);
		return true;
	}
	if (!ev->is_key && (ev->ch == '\r' || ev->ch == '\n')) {
		choose(c);
		return true;
	}
	if (ev->is_key && move_key(c->pick, ev->key)) {
		render(c);
		return true;
	}
	dlg_close(c);
	return false;
}
