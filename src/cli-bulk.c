/*
 * b24user update --from FILE: read and check every row, read the users,
 * show the plan, have it accepted (a terminal's answer or --yes), then
 * run it paced, resumable, with a result per row.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <glib.h>

#include "bulk-fetch.h"
#include "bulk-run.h"
#include "cli-bulk.h"
#include "cli-signal.h"
#include "cli-update.h"
#include "now.h"
#include "paths.h"
#include "plural.h"
#include "xalloc.h"

/* Columns the built-in list does not know send us to the portal's own
 * catalogue (an export has UF_USR_* and portal-only fields). */
bool cli_bulk_load_catalog(struct bulk_cli *b, struct b24_error *err)
{
	struct field_catalog *local = NULL;
	const cJSON *it;
	unsigned what = CLI_CATALOG_LOCAL;
	size_t i;

	if (!cli_catalog(b->cli, CLI_CATALOG_LOCAL, &local, err))
		return false;
	for (i = 0; i < b->in.count && what == CLI_CATALOG_LOCAL; i++)
		cJSON_ArrayForEach(it, b->in.records[i].data)
			if (!fields_find(local, it->string))
				what = CLI_CATALOG_LABELS |
				       CLI_CATALOG_CUSTOM;
	fields_catalog_free(local);
	if (what != CLI_CATALOG_LOCAL &&
	    !cli_open_session(b->cli, b->token, err))
		return false;
	return cli_catalog(b->cli, what, &b->cat, err);
}

/* The profile's rate and time_budget, then the command line's. */
static bool pace_setup(struct bulk_cli *b, struct b24_error *err)
{
	const struct profile *p = &b->cli->profile;
	struct bulk_args *a = b->a;

	bulk_pace_init(&b->pace);
	if (p->rate_size > 0 && p->rate_drain > 0) {
		b->pace.size = p->rate_size;
		b->pace.drain = p->rate_drain;
	}
	if (p->time_budget > 0)
		b->pace.budget = p->time_budget;
	return (!a->rate || bulk_pace_parse_rate(&b->pace, a->rate, err)) &&
	       (!a->budget || bulk_pace_parse_budget(&b->pace, a->budget,
						     err));
}

static bool read_input(struct bulk_cli *b, struct b24_error *err)
{
	enum bulk_empty empty = BULK_EMPTY_KEEP;
	struct bulk_args *a = b->a;

	if (!pace_setup(b, err))
		return false;
	if (b->source)
		return b->source(b, err);
	if (a->empty && !bulk_empty_parse(a->empty, &empty, err))
		return false;
	if (a->u.token_stdin && strcmp(a->from, "-") == 0) {
		b24_error_set(err, B24_EXIT_USAGE, "usage",
			      "--access-token-stdin and --from - cannot both "
			      "read standard input");
		return false;
	}
	if (a->u.token_stdin && !update_read_token(&b->token, err))
		return false;
	return bulk_read_file(a->from, empty, &b->in, err) &&
	       update_read_options(&a->u, &b->opt, err) &&
	       cli_bulk_load_catalog(b, err);
}

static bool invalid_rows(struct bulk_cli *b, struct b24_error *err)
{
	char *text = bulk_plan_problems(&b->plan);
	struct bulk_totals t;

	if (!text)
		return false;
	bulk_plan_totals(&b->plan, &t);
	fprintf(stderr, "b24user: %zu of %zu %s of %s cannot be used; "
		"nothing was sent:\n", t.invalid, t.rows,
		plural(t.rows, "row", "rows"), b->what);
	cli_bulk_put_lines(stderr, text);
	free(text);
	b24_error_set(err, B24_EXIT_USAGE, "invalid_rows",
		      "%zu invalid %s; nothing was sent", t.invalid,
		      plural(t.invalid, "row", "rows"));
	b24_error_hint(err, "Correct those lines and run the command "
		       "again.");
	return true;
}

static void state_setup(struct bulk_cli *b)
{
	struct bulk_state_ctx *st = &b->st;

	st->profile = b->cli->profile.name;
	st->portal = rest_session_creds(b->cli->session)->portal;
	st->checkpoint_path = b->cp_path = bulk_checkpoint_path(b->in.digest,
								st->portal);
	st->operator = g_get_user_name();
	st->file = b->what;
	st->digest = b->in.digest;
	snprintf(st->run, sizeof st->run, "%s-%.12s-%ld", b->kind,
		 b->in.digest, (long)time(NULL));
}

/* An earlier run of the same file that stopped: go on only when asked. */
static bool checkpoint_check(struct bulk_cli *b, struct b24_error *err)
{
	b->checkpoint = bulk_checkpoint_load(b->cp_path);
	if (b->a->resume && !bulk_checkpoint_unfinished(b->checkpoint)) {
		b24_error_set(err, B24_EXIT_USAGE, "nothing_to_resume",
			      "No interrupted run of %s to resume", b->what);
		b24_error_hint(err, "Run it without --resume.");
		return false;
	}
	if (!b->a->resume && bulk_checkpoint_unfinished(b->checkpoint) &&
	    !b->a->u.dry_run) {
		b24_error_set(err, B24_EXIT_STOPPED, "unfinished_run",
			      "An earlier run of %s stopped before its end; "
			      "nothing was sent", b->what);
		b24_error_hint(err, "Add --resume to go on without repeating "
			       "a write, or delete %s to start over.",
			       b->cp_path);
		return false;
	}
	if (b->a->resume)
		bulk_checkpoint_apply(b->checkpoint, &b->plan, &b->st);
	return true;
}

/* Dismissing the account the credentials act as locks them out: such a
 * row is refused unless --yes-dismiss-self says it is meant. */
static bool guard_self(struct bulk_cli *b, struct b24_error *err)
{
	char *me = NULL;
	size_t i;

	if (!bulk_plan_dismisses_any(&b->plan))
		return true;
	if (!bulk_fetch_self(b->cli->session, &b->pace, &me, err))
		return false;
	bulk_plan_guard_self(&b->plan, me, b->a->dismiss_self);
	for (i = 0; me && b->a->dismiss_self && i < b->plan.count; i++)
		if (bulk_plan_row_dismisses(&b->plan.rows[i], me))
			cli_warn("%s %ld: user %s is the account these "
				 "credentials act as; dismissing it locks "
				 "b24user and its webhooks out of the portal",
				 bulk_row_where(&b->plan.rows[i]),
				 b->plan.rows[i].line, me);
	free(me);
	return true;
}

/* Rows the local checks refused: the users of the other rows are still
 * read (nothing is written), so one report names every row to correct.
 * When the portal cannot be read, the local problems are reported. */
static bool refuse_invalid(struct bulk_cli *b, struct b24_error *err)
{
	struct b24_error rerr;

	b24_error_clear(&rerr);
	if (!cli_open_session(b->cli, b->token, &rerr) ||
	    !bulk_plan_read(b->cli->session, &b->pace, &b->plan, &rerr) ||
	    !guard_self(b, &rerr))
		cli_warn("the users of the other rows could not be read, so "
			 "more rows may be invalid: %s", rerr.message);
	invalid_rows(b, err);
	return false;
}

static bool plan(struct bulk_cli *b, struct b24_error *err)
{
	size_t i, bad;

	bad = bulk_plan_check(&b->in, b->cat, &b->opt, &b->plan);
	/* undo --run: each row's line is the entry it undoes. */
	for (i = 0; b->expect && i < b->plan.count; i++)
		b->plan.rows[i].undo_of = b->plan.rows[i].line;
	if (bad)
		return refuse_invalid(b, err);
	if (!cli_open_session(b->cli, b->token, err))
		return false;
	state_setup(b);
	if (!checkpoint_check(b, err) ||
	    !bulk_plan_read(b->cli->session, &b->pace, &b->plan, err))
		return false;
	if (b->a->resume)
		bulk_checkpoint_settle(&b->st, &b->plan);
	if (b->expect)
		bulk_plan_expect(&b->plan, b->expect);
	if (!guard_self(b, err) || invalid_rows(b, err))
		return false;
	cli_bulk_print_plan(b->cli, &b->plan);
	return true;
}

/* A terminal's answer; nothing is in flight, so Ctrl-C ends at once. */
static bool accepted(struct bulk_cli *b, size_t todo)
{
	char line[32] = "";

	if (b->a->yes)
		return true;
	if (!isatty(STDIN_FILENO) ||
	    (b->a->from && strcmp(b->a->from, "-") == 0))
		return false;
	cli_signal_asking();
	fprintf(stderr, "Send %zu %s to %s? [y/N] ", todo,
		plural(todo, "update", "updates"),
		b->st.portal ? b->st.portal : "the portal");
	fflush(stderr);
	if (!fgets(line, sizeof line, stdin))
		line[0] = '\0';
	cli_signal_watch(b->cli->session);
	return line[0] == 'y' || line[0] == 'Y';
}

static int not_accepted(struct bulk_cli *b)
{
	struct b24_error err;

	b24_error_set(&err, B24_EXIT_STOPPED, "not_accepted",
		      "The plan was not accepted; nothing was sent");
	/* y cannot be answered where standard input is the file or no
	 * terminal: only --yes is left. */
	if (b->a->from && strcmp(b->a->from, "-") == 0)
		b24_error_hint(&err, "Review the plan, then run the same "
			       "command with --yes: standard input holds the "
			       "file, so there is no terminal to answer y "
			       "on.");
	else if (!isatty(STDIN_FILENO))
		b24_error_hint(&err, "Review the plan, then run the same "
			       "command with --yes (standard input is not a "
			       "terminal, so no question was asked).");
	else
		b24_error_hint(&err, "Review the plan, then run the same "
			       "command with --yes (or answer y on a "
			       "terminal).");
	return cli_report(b->cli, &err);
}

static int outputs(struct bulk_cli *b, bool dry_run)
{
	cJSON *items = cli_bulk_items(&b->plan, dry_run);
	struct b24_error err;
	const char *base;
	char name[64];

	if (!dry_run) {
		base = strrchr(b->cp_path, '/') + 1;
		snprintf(name, sizeof name, "%.*s.results.jsonl",
			 (int)(strlen(base) - strlen(".json")), base);
		b->results = b->a->results ? xstrdup(b->a->results)
					   : paths_state_file(name);
		if (!cli_bulk_write_results(b->results, items, &err)) {
			cli_warn("%s", err.message);
			free(b->results);
			b->results = NULL;
		}
		cli_bulk_print_summary(b->cli, &b->plan, &b->pace,
				       now_mono() - b->started, b->results);
	}
	if (b->cli->json)
		cli_print_items(items);
	else
		cJSON_Delete(items);
	return 0;
}

/* undo --run: rows changed since the run were left as they are. */
static int changed_since(struct bulk_cli *b, size_t n)
{
	struct b24_error err;

	b24_error_set(&err, B24_EXIT_STOPPED, "changed_since",
		      "%zu user%s changed after the run and %s left as %s; "
		      "the rest was undone", n, n == 1 ? " was" : "s were",
		      n == 1 ? "was" : "were", n == 1 ? "it is" : "they are");
	b24_error_hint(&err, "The plan names them; check them with "
		       "'b24user get ID' and change them with 'b24user "
		       "update'.");
	return cli_report(b->cli, &err);
}

static int exit_status(struct bulk_cli *b)
{
	struct bulk_totals t;
	size_t i, refused = 0;

	bulk_plan_totals(&b->plan, &t);
	for (i = 0; b->expect && i < b->plan.count; i++)
		refused += b->plan.rows[i].state == BULK_FAILED &&
			   b->plan.rows[i].seq == 0;
	if (refused)
		return changed_since(b, refused);
	if (t.unknown)
		return B24_EXIT_UNVERIFIED;
	for (i = 0; i < b->plan.count; i++)
		if (b->plan.rows[i].state == BULK_DONE &&
		    b->plan.rows[i].verified == 0)
			return B24_EXIT_UNVERIFIED;
	return 0;
}

int cli_bulk_execute(struct bulk_cli *b)
{
	struct bulk_run_options o = { 0 };
	struct b24_error err;
	struct bulk_totals t;
	double begun = now_mono();
	bool settled;
	int rc;

	b24_error_clear(&err);
	if (!read_input(b, &err) || !plan(b, &err))
		return cli_report(b->cli, &err);
	bulk_plan_totals(&b->plan, &t);
	if (b->a->u.dry_run || !t.todo) {
		if (!b->cli->json)
			printf("%s\n", t.todo ? "Dry run: nothing was sent." :
			       "Nothing to send.");
		/* A resume that settled every row: the results file of the
		 * run that stopped still says its answers were awaited. */
		settled = b->a->resume && !b->a->u.dry_run;
		b->started = begun;
		outputs(b, !settled);
		return b->expect && !b->a->u.dry_run ? exit_status(b) : 0;
	}
	if (!accepted(b, t.todo))
		return not_accepted(b);
	o.continue_on_fail = b->a->u.continue_on_fail;
	o.admin_mode = b->opt.admin_mode;
	if (isatty(STDOUT_FILENO) && !b->cli->json)
		o.progress = cli_bulk_progress;
	b->started = now_mono();
	rc = bulk_run(b->cli->session, &b->pace, &b->plan, &b->st, &o, &err);
	cli_bulk_progress_end();
	outputs(b, false);
	return rc ? exit_status(b) : cli_report(b->cli, &err);
}

void cli_bulk_free(struct bulk_cli *b)
{
	secret_free(b->token);
	bulk_input_free(&b->in);
	update_options_free(&b->opt);
	bulk_plan_free(&b->plan);
	fields_catalog_free(b->cat);
	cJSON_Delete(b->checkpoint);
	free(b->cp_path);
	free(b->results);
	cJSON_Delete(b->expect);
}

int cmd_update_bulk(struct cli *cli, int argc, char **argv)
{
	struct bulk_args a = { 0 };
	struct bulk_cli b = { 0 };
	int rc;

	a.u.sets = cJSON_CreateObject();
	a.u.param_pairs = cJSON_CreateObject();
	rc = cli_parse(cli, argc, argv, cli_bulk_options, &a,
		       cli_bulk_no_user_id);
	if (rc < 0)
		rc = cli_setup_write(cli, a.u.dry_run);
	if (rc < 0) {
		b.cli = cli;
		b.a = &a;
		b.what = a.from;
		b.kind = "bulk";
		rc = cli_bulk_execute(&b);
		cli_bulk_free(&b);
	}
	cJSON_Delete(a.u.sets);
	cJSON_Delete(a.u.param_pairs);
	return rc;
}
