/*
 * b24user undo --run ID: put back the before-values of every done write
 * of a bulk run, as a bulk plan of its own (diff, plan, --yes,
 * --dry-run, pacing, checkpoint, journal), refusing the users changed
 * since the run.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "cli-bulk.h"
#include "journal.h"
#include "xalloc.h"

#define VALUE_OPTION(fn, field)						\
	static bool fn(struct cli *cli, void *ctx, const char *value,	\
		       struct b24_error *err)				\
	{								\
		((struct bulk_args *)ctx)->field = value;		\
		return true;						\
	}
#define FLAG_OPTION(fn, field) CLI_FLAG(fn, struct bulk_args, field)

VALUE_OPTION(opt_run, run)
VALUE_OPTION(opt_rate, rate)
VALUE_OPTION(opt_budget, budget)
VALUE_OPTION(opt_results, results)
FLAG_OPTION(opt_yes, yes)
FLAG_OPTION(opt_resume, resume)
FLAG_OPTION(opt_dismiss_self, dismiss_self)
FLAG_OPTION(opt_admin_mode, u.admin_mode)
FLAG_OPTION(opt_continue, u.continue_on_fail)
FLAG_OPTION(opt_dry_run, u.dry_run)

static const struct cli_option undo_run_options[] = {
	{ "run", true, opt_run },
	{ "yes", false, opt_yes },
	{ "resume", false, opt_resume },
	{ "yes-dismiss-self", false, opt_dismiss_self },
	{ "rate", true, opt_rate },
	{ "time-budget", true, opt_budget },
	{ "results", true, opt_results },
	{ "admin-mode", false, opt_admin_mode },
	{ "continue-on-fail", false, opt_continue },
	{ "dry-run", false, opt_dry_run },
	{ NULL, false, NULL },
};

static bool no_seq(struct cli *cli, void *ctx, const char *arg,
		   struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_USAGE, "usage",
		      "undo --run takes no SEQ, not '%.40s'", arg);
	return false;
}

/* One record per done write of the run: line = its journal entry. */
static void add_record(struct bulk_cli *b, const struct journal_entry *e,
		       cJSON *data, cJSON *expect)
{
	struct bulk_record *rec;
	char key[32];

	b->in.records = xrealloc(b->in.records,
				 (b->in.count + 1) * sizeof *rec);
	rec = &b->in.records[b->in.count++];
	memset(rec, 0, sizeof *rec);
	rec->line = e->seq;
	cJSON_AddStringToObject(data, "ID", e->user_id);
	rec->data = data;
	snprintf(key, sizeof key, "%ld", e->seq);
	cJSON_AddItemToObject(b->expect, key, expect);
}

static bool wrong_portal(const struct journal_entry *e, const char *here,
			 struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_USAGE, "other_portal",
		      "Run %s was made on %s, and these credentials are for "
		      "%s; nothing was sent", e->run, e->portal, here);
	b24_error_hint(err, "Choose that portal's profile with --profile.");
	return false;
}

/* The done writes of the run, newest entry per seq. */
static bool take_entries(struct bulk_cli *b, const struct journal_list *l,
			 struct b24_error *err)
{
	const char *here = rest_session_creds(b->cli->session)->portal;
	const struct journal_entry *e;
	struct b24_error skip;
	cJSON *data, *expect;
	size_t i, seen = 0;

	for (i = 0; i < l->count; i++) {
		e = &l->entries[i];
		if (!e->run || strcmp(e->run, b->a->run) != 0)
			continue;
		seen++;
		if (e->portal && here && strcmp(e->portal, here) != 0)
			return wrong_portal(e, here, err);
		if (e->outcome != JOURNAL_DONE ||
		    !journal_undo_plan(e, b->cat, &data, &expect, &skip))
			continue;
		add_record(b, e, data, expect);
	}
	if (b->in.count)
		return true;
	b24_error_set(err, B24_EXIT_USAGE, seen ? "nothing_to_undo" :
		      "no_such_run", seen ? "Run %s changed nothing that "
		      "can be undone" : "The journal has no run %s",
		      b->a->run);
	b24_error_hint(err, "'b24user journal --runs' lists the runs.");
	return false;
}

/* A digest of the run id: the checkpoint of this undo, for --resume. */
static void digest_of(struct bulk_cli *b)
{
	char *key = g_strdup_printf("undo\n%s", b->a->run);
	gchar *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, key, -1);

	snprintf(b->in.digest, sizeof b->in.digest, "%s", sum);
	g_free(sum);
	g_free(key);
}

static bool from_journal(struct bulk_cli *b, struct b24_error *err)
{
	char *path = journal_default_path();
	struct journal_list l = { 0 };
	bool ok;

	b->a->u.allow_unknown = true;	/* accepted when written */
	b->expect = cJSON_CreateObject();
	b->in.format = "journal";
	digest_of(b);
	ok = cli_open_session(b->cli, NULL, err) &&
	     update_read_options(&b->a->u, &b->opt, err) &&
	     journal_read(path, &l, err) &&
	     cli_catalog(b->cli, CLI_CATALOG_LABELS | CLI_CATALOG_CUSTOM,
			 &b->cat, err) &&
	     take_entries(b, &l, err);
	journal_list_free(&l);
	free(path);
	return ok;
}

int cmd_undo_run(struct cli *cli, int argc, char **argv)
{
	struct bulk_args a = { 0 };
	struct bulk_cli b = { 0 };
	char what[96];
	int rc;

	a.u.sets = cJSON_CreateObject();
	a.u.param_pairs = cJSON_CreateObject();
	rc = cli_parse(cli, argc, argv, undo_run_options, &a, no_seq);
	if (rc < 0)
		rc = cli_setup_write(cli, a.u.dry_run);
	if (rc < 0) {
		snprintf(what, sizeof what, "undo of run %s", a.run);
		b.cli = cli;
		b.a = &a;
		b.what = what;
		b.kind = "undo";
		b.source = from_journal;
		rc = cli_bulk_execute(&b);
		cli_bulk_free(&b);
	}
	cJSON_Delete(a.u.sets);
	cJSON_Delete(a.u.param_pairs);
	return rc;
}
