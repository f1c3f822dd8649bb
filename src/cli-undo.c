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

/* The newest change made on this portal: the journal is shared by every
 * profile, and another portal's entry must not be the default. */
static const struct journal_entry *newest_here(const struct undo_run *r)
{
	const char *here = rest_session_creds(r->cli->session)->portal;
	const struct journal_entry *e;
	struct journal_list mine = r->list;

	while ((e = journal_newest_undoable(&mine, NULL)) != NULL) {
		if (!e->portal || !here || strcmp(e->portal, here) == 0)
			return e;
		mine.count = (size_t)(e - mine.entries);
	}
	return NULL;
}

/* The newest write sent to this portal, whatever came of it. */
static const struct journal_entry *newest_sent_here(const struct undo_run *r)
{
	const char *here = rest_session_creds(r->cli->session)->portal;
	const struct journal_entry *e;
	size_t i;

	for (i = r->list.count; i-- > 0;) {
		e = &r->list.entries[i];
		if (e->event || !e->user_id || !cJSON_GetArraySize(e->fields) ||
		    e->outcome == JOURNAL_REFUSED)
			continue;
		if (!e->portal || !here || strcmp(e->portal, here) == 0)
			return e;
	}
	return NULL;
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

/* A newer write whose outcome is unknown, and the user changed in a
 * way that neither it nor its absence explains: passing over it could
 * undo the wrong change, so the person decides. */
static bool unknown_refusal(const struct journal_entry *e,
			    struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_STOPPED, "newest_unknown",
		      "The newest change to this portal, journal entry %ld "
		      "(user %s), has an unknown outcome and the user now "
		      "has neither its values nor those from before it, so "
		      "undo did not pick an entry; nothing was sent", e->seq,
		      e->user_id);
	b24_error_hint(err, "Run 'b24user get %s' to see the user now, "
		       "then 'b24user undo %ld' to reverse that change (it "
		       "sends nothing if the user still has the old values); "
		       "'b24user journal' lists the older entries.",
		       e->user_id, e->seq);
	return false;
}

enum settled { SETTLE_TOOK, SETTLE_NOT_TAKEN, SETTLE_UNCLEAR,
	       SETTLE_ERROR };

/* An unknown outcome settled by reading the user now: its after-values
 * mean the write took, its before-values that it did not. */
static enum settled settle_unknown(struct undo_run *r,
				   const struct journal_entry *u,
				   struct b24_error *err)
{
	cJSON *data = NULL, *expect = NULL, *user = NULL, *took, *not_taken;
	enum settled s = SETTLE_ERROR;

	r->e = u;
	if (load_catalog(r, err) &&
	    journal_undo_plan(u, r->cat, &data, &expect, err) &&
	    edit_load_user(r->cli->session, u->user_id,
			   r->args->admin_mode, &user, err)) {
		took = edit_changed_fields(user, expect);
		not_taken = edit_changed_fields(user, data);
		s = !took->child ? SETTLE_TOOK :
		    !not_taken->child ? SETTLE_NOT_TAKEN : SETTLE_UNCLEAR;
		cJSON_Delete(took);
		cJSON_Delete(not_taken);
	}
	cJSON_Delete(data);
	cJSON_Delete(expect);
	cJSON_Delete(user);
	if (r->cat)
		fields_catalog_free(r->cat);
	r->cat = NULL;
	r->e = NULL;
	return s;
}

/* Plain undo and a newest write of unknown outcome: the user as the
 * portal has it says which change is the newest one in effect. */
static bool newest_settled(struct undo_run *r, struct b24_error *err)
{
	const struct journal_entry *u = newest_sent_here(r);

	if (!u || (u->outcome != JOURNAL_UNKNOWN &&
		   u->outcome != JOURNAL_PENDING))
		return true;
	switch (settle_unknown(r, u, err)) {
	case SETTLE_TOOK:
		cli_warn("journal entry %ld (user %s) had an unknown outcome; "
			 "the user has its values, so it took and is the one "
			 "undone", u->seq, u->user_id);
		r->e = u;
		return true;
	case SETTLE_NOT_TAKEN:
		cli_warn("journal entry %ld (user %s) had an unknown outcome; "
			 "the user still has the values from before it, so it "
			 "did not take and undo passes over it", u->seq,
			 u->user_id);
		return true;
	case SETTLE_UNCLEAR:
		return unknown_refusal(u, err);
	default:
		return false;
	}
}

static bool pick(struct undo_run *r, struct b24_error *err)
{
	char *path = journal_default_path();
	bool ok = journal_read(path, &r->list, err);

	free(path);
	if (!ok || (!r->args->seq && !newest_settled(r, err)))
		return false;
	if (!r->e)
		r->e = r->args->seq ?
		       journal_find(&r->list, atol(r->args->seq)) :
		       newest_here(r);
	if (r->e)
		return true;
	if (r->args->seq)
		b24_error_set(err, B24_EXIT_USAGE, "no_such_entry",
			      "The journal has no entry %s", r->args->seq);
	else
		b24_error_set(err, B24_EXIT_USAGE, "nothing_to_undo",
			      "The journal has no change to this portal "
			      "that can be undone");
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
