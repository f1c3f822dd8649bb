/*
 * b24user undo [SEQ]: put back the before-values of a journal entry
 * (the newest undoable one by default) as a safe edit of its own, which
 * refuses when the user was changed since and is journalled with undo_of.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-bulk.h"
#include "cli-journal.h"
#include "cli-safe-edit.h"
#include "diff.h"
#include "guard.h"
#include "journal.h"
#include "log.h"
#include "strbuf.h"
#include "undo-pick.h"

struct undo_args {
	const char *seq;
	bool admin_mode, confirm, yes, dry_run;
};

#define FLAG_OPTION(fn, field) CLI_FLAG(fn, struct undo_args, field)

FLAG_OPTION(opt_admin_mode, admin_mode)
FLAG_OPTION(opt_confirm, confirm)
FLAG_OPTION(opt_yes, yes)
FLAG_OPTION(opt_dry_run, dry_run)

static const struct cli_option undo_options[] = {
	{ "admin-mode", false, opt_admin_mode },
	{ "confirm", false, opt_confirm },
	{ "yes", false, opt_yes },
	{ "dry-run", false, opt_dry_run },
	{ NULL, false, NULL },
};

static bool take_seq(struct cli *cli, void *ctx, const char *arg,
		     struct b24_error *err)
{
	struct undo_args *a = ctx;
	char *end = NULL;

	/* argv's strings are the program's to change. */
	arg = edit_trim_id((char *)arg);
	if (a->seq) {
		b24_error_set(err, B24_EXIT_USAGE, "usage",
			      "undo takes one SEQ, '%.40s' is one too many",
			      arg);
		return false;
	}
	if (strtol(arg, &end, 10) <= 0 || !end || *end) {
		b24_error_set(err, B24_EXIT_USAGE, "usage",
			      "'%.40s' is not a journal entry number", arg);
		b24_error_hint(err, "'b24user journal' lists the entries "
			       "with their numbers.");
		return false;
	}
	a->seq = arg;
	return true;
}

/* One undo in the making. */
struct undo_run {
	struct cli *cli;
	struct undo_args *args;
	struct journal_list list;
	const struct journal_entry *e;
	struct field_catalog *cat;
	struct update_options opt;
	cJSON *data, *expect;
	struct safe_edit se;
};

static bool pick(struct undo_run *r, struct b24_error *err)
{
	char *path = journal_default_path();
	bool ok = journal_read(path, &r->list, err);
	char note[300];

	free(path);
	if (!ok)
		return false;
	if (!r->args->seq) {
		const char *here = rest_session_creds(r->cli->session)->portal;

		r->e = undo_pick_newest(r->cli->session, &r->list, here,
					r->args->admin_mode, note, sizeof(note),
					err);
		if (note[0])
			cli_warn("%s", note);
		return r->e != NULL;
	}
	r->e = journal_find(&r->list, atol(r->args->seq));
	if (r->e)
		return true;
	b24_error_set(err, B24_EXIT_USAGE, "no_such_entry",
		      "The journal has no entry %s", r->args->seq);
	b24_error_hint(err, "'b24user journal' lists the entries.");
	return false;
}

/* An entry of another portal must not be replayed on this one. */
static bool same_portal(const struct undo_run *r, struct b24_error *err)
{
	const char *here = rest_session_creds(r->cli->session)->portal;

	if (!r->e->portal || !here || strcmp(r->e->portal, here) == 0)
		return true;
	b24_error_set(err, B24_EXIT_USAGE, "other_portal",
		      "Journal entry %ld was made on %s, and these "
		      "credentials are for %s; nothing was sent",
		      r->e->seq, r->e->portal, here);
	b24_error_hint(err, "Choose that portal's profile with --profile.");
	return false;
}

/* Custom fields need the portal's catalogue; the rest is built in. */
static bool load_catalog(struct undo_run *r, struct b24_error *err)
{
	const cJSON *it;
	bool known = true;

	if (!cli_catalog(r->cli, CLI_CATALOG_LOCAL, &r->cat, err))
		return false;
	cJSON_ArrayForEach(it, r->e->fields)
		known = known && fields_find(r->cat, it->string);
	if (known)
		return true;
	fields_catalog_free(r->cat);
	r->cat = NULL;
	return cli_catalog(r->cli, CLI_CATALOG_LABELS | CLI_CATALOG_CUSTOM,
			   &r->cat, err);
}

static bool prepare(struct undo_run *r, struct b24_error *err)
{
	const struct undo_args *a = r->args;

	if (!a->dry_run && !guard_allow_write(&r->cli->profile,
					      r->cli->allow_write,
					      "--allow-write", NULL, err))
		return false;
	if (!cli_open_session(r->cli, NULL, err) || !pick(r, err) ||
	    !same_portal(r, err) || !load_catalog(r, err) ||
	    !journal_undo_plan(r->e, r->cat, &r->data, &r->expect, err))
		return false;
	r->opt.admin_mode = a->admin_mode;
	/* The names were accepted when the entry was written. */
	r->opt.field_flags = FIELDS_ALLOW_UNKNOWN;
	cli_edit_journal_setup(r->cli, &r->se);
	r->se.user_id = r->e->user_id;
	r->se.opt = &r->opt;
	r->se.cat = r->cat;
	r->se.undo_of = r->e->seq;
	return safe_edit_prepare(r->cli->session, &r->se, r->data, err);
}

/* The after-values no longer hold: someone changed the user since. */
static void changed_since(const struct undo_run *r, struct b24_error *err)
{
	struct strbuf sb;
	const cJSON *it;
	char *was, *is;

	sb_init(&sb);
	cJSON_ArrayForEach(it, r->se.mismatches) {
		was = diff_value_text(cJSON_GetObjectItemCaseSensitive(
			it, "expected"));
		is = diff_value_text(cJSON_GetObjectItemCaseSensitive(
			it, "now"));
		sb_printf(&sb, "\n%s is %s now, entry %ld left %s",
			  it->string, is, r->e->seq, was);
		free(was);
		free(is);
	}
	b24_error_set(err, B24_EXIT_STOPPED, "changed_since",
		      "User %s was changed after journal entry %ld; undoing "
		      "it would overwrite that, so nothing was sent:%s",
		      r->se.user_id, r->e->seq, sb.buf);
	b24_error_hint(err, "Check the user (b24user get %s) and change "
		       "it with 'b24user update' instead.", r->se.user_id);
	sb_free(&sb);
}

static void print_result(struct undo_run *r, const char *how)
{
	cJSON *items, *item;

	if (!r->cli->json) {
		printf("User %s: journal entry %ld %s", r->se.user_id,
		       r->e->seq, how);
		if (r->se.seq > 0)
			printf(" (entry %ld)", r->se.seq);
		printf(".\n");
		return;
	}
	items = cJSON_CreateArray();
	item = r->se.response || r->se.seq > 0 ? safe_edit_item(&r->se)
					       : cli_item(NULL);
	if (r->se.seq > 0)
		cJSON_AddNumberToObject(item, "seq", (double)r->se.seq);
	cJSON_AddNumberToObject(item, "undo_of", (double)r->e->seq);
	if (r->args->dry_run)
		cJSON_AddBoolToObject(item, "dry_run", true);
	cJSON_AddItemToArray(items, item);
	cli_print_items(items);
}

static int run(struct undo_run *r)
{
	struct cli_edit_flags f = { .confirm = r->args->confirm,
				    .yes = r->args->yes,
				    .dry_run = r->args->dry_run };
	struct b24_error err;
	int rc;

	b24_error_clear(&err);
	if (!prepare(r, &err))
		return cli_report(r->cli, &err);
	if (safe_edit_nothing_to_do(&r->se)) {
		print_result(r, "needs no undo: the user already has the "
			     "values from before it");
		return 0;
	}
	if (cli_safe_edit(r->cli, &r->se, r->expect, &f, &err)) {
		print_result(r, r->args->dry_run ? "would be undone" :
			     "undone");
		return 0;
	}
	if (strcmp(err.code, "expect_failed") == 0)
		changed_since(r, &err);
	if (!cli_edit_written(&r->se, &err))
		return cli_report(r->cli, &err);
	rc = cli_edit_warn(r->cli, &r->se, &err);
	print_result(r, "undone, not all of it took");
	return rc;
}

static void run_free(struct undo_run *r)
{
	safe_edit_free(&r->se);
	cJSON_Delete(r->data);
	cJSON_Delete(r->expect);
	fields_catalog_free(r->cat);
	journal_list_free(&r->list);
}

int cmd_undo(struct cli *cli, int argc, char **argv)
{
	struct undo_args a = { 0 };
	struct undo_run r = { 0 };
	struct b24_error err;
	int rc;

	if (cli_has_option(argc, argv, "run"))
		return cmd_undo_run(cli, argc, argv);
	rc = cli_parse(cli, argc, argv, undo_options, &a, take_seq);
	if (rc >= 0)
		return rc;
	if (!cli_setup(cli, &err))
		return cli_report(cli, &err);
	r.cli = cli;
	r.args = &a;
	rc = run(&r);
	log_debug("undo finished with %d", rc);
	run_free(&r);
	return rc;
}
