/*
 * b24user update USER_ID: check the data against the field catalogue,
 * build user.update with the seed's options for the fields that really
 * change, then send it as a safe edit or (with --dry-run) show it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli-bulk.h"
#include "cli-safe-edit.h"
#include "cli-update.h"
#include "log.h"

#define VALUE_OPTION(fn, field)						\
	CLI_VALUE_ONCE(fn, struct update_args, field, #field)
#define FLAG_OPTION(fn, field) CLI_FLAG(fn, struct update_args, field)
/* A repeatable NAME=VALUE option, collected in the cJSON member field. */
#define PAIR_OPTION(fn, field, name)					\
	static bool fn(struct cli *cli, void *ctx, const char *value,	\
		       struct b24_error *err)				\
	{								\
		struct update_args *a = ctx;				\
									\
		return cli_option_pair(a->field, value, name, err);	\
	}

VALUE_OPTION(opt_data, data)
VALUE_OPTION(opt_params, params)
VALUE_OPTION(opt_filter, filter)
VALUE_OPTION(opt_order, order)
PAIR_OPTION(opt_set, sets, "set")
PAIR_OPTION(opt_param, param_pairs, "param")
PAIR_OPTION(opt_expect, expect, "expect")

FLAG_OPTION(opt_admin_mode, admin_mode)
FLAG_OPTION(opt_continue_on_fail, continue_on_fail)
FLAG_OPTION(opt_dry_run, dry_run)
FLAG_OPTION(opt_allow_unknown, allow_unknown)
FLAG_OPTION(opt_token_stdin, token_stdin)
FLAG_OPTION(opt_confirm, confirm)
FLAG_OPTION(opt_yes, yes)

static const struct cli_option update_options[] = {
	{ "data", true, opt_data },
	{ "set", true, opt_set },
	{ "admin-mode", false, opt_admin_mode },
	{ "params", true, opt_params },
	{ "param", true, opt_param },
	{ "filter", true, opt_filter },
	{ "order", true, opt_order },
	{ "continue-on-fail", false, opt_continue_on_fail },
	{ "dry-run", false, opt_dry_run },
	{ "allow-unknown-fields", false, opt_allow_unknown },
	{ "access-token-stdin", false, opt_token_stdin },
	{ "expect", true, opt_expect },
	{ "confirm", false, opt_confirm },
	{ "yes", false, opt_yes },
	{ NULL, false, NULL },
};

static bool take_user_id(struct cli *cli, void *ctx, const char *arg,
			 struct b24_error *err)
{
	struct update_args *a = ctx;

	if (a->user_id) {
		b24_error_set(err, B24_EXIT_USAGE, "usage",
			      "update takes one USER_ID, '%.40s' is one too "
			      "many", arg);
		return false;
	}
	/* argv's strings are the program's to change. */
	a->user_id = edit_trim_id((char *)arg);
	return true;
}

/* One edit in the making: what was read, what was built. */
struct update_run {
	struct cli *cli;
	struct update_args *args;
	struct secret *token;
	cJSON *data;
	struct update_options opt;
	struct field_catalog *cat;
	struct safe_edit se;
};

static bool has_unknown(const struct field_catalog *cat, const cJSON *data,
			bool *custom)
{
	const cJSON *it;
	bool unknown = false;

	*custom = false;
	cJSON_ArrayForEach(it, data) {
		if (fields_find(cat, it->string))
			continue;
		unknown = true;
		if (strncmp(it->string, "UF_", 3) == 0)
			*custom = true;
	}
	return unknown;
}

/* The portal is asked only about names the built-in list does not know,
 * so a plain edit checks offline and sends exactly one request. */
static bool load_catalog(struct update_run *r, struct b24_error *err)
{
	unsigned what = CLI_CATALOG_LOCAL;
	bool custom;

	if (!r->args->allow_unknown) {
		struct field_catalog *local = NULL;

		if (!cli_catalog(r->cli, CLI_CATALOG_LOCAL, &local, err))
			return false;
		if (has_unknown(local, r->data, &custom))
			what = CLI_CATALOG_LABELS |
			       (custom ? CLI_CATALOG_CUSTOM : 0);
		fields_catalog_free(local);
	}
	if (what != CLI_CATALOG_LOCAL &&
	    !cli_open_session(r->cli, r->token, err))
		return false;
	return cli_catalog(r->cli, what, &r->cat, err);
}

static bool prepare(struct update_run *r, struct b24_error *err)
{
	struct update_args *a = r->args;

	if (a->token_stdin && !update_read_token(&r->token, err))
		return false;
	if (!edit_check_user_id(a->user_id, err) ||
	    !update_read_data(a, &r->data, err) ||
	    !update_read_options(a, &r->opt, err) ||
	    !load_catalog(r, err) ||
	    !cli_open_session(r->cli, r->token, err))
		return false;
	cli_edit_journal_setup(r->cli, &r->se);
	r->se.user_id = a->user_id;
	r->se.opt = &r->opt;
	r->se.cat = r->cat;
	return safe_edit_prepare(r->cli->session, &r->se, r->data, err);
}

static void print_dry_run(struct update_run *r)
{
	char *text = rest_describe(r->cli->session, "user.update",
				   r->se.params, false);
	cJSON *items, *item;

	if (!r->cli->json) {
		printf("Dry run: nothing was sent.  The request would be:\n"
		       "%s\n", text);
		free(text);
		return;
	}
	/* Nothing answered, so "json" is null; the request goes beside it,
	 * as data and as the masked text a person would read. */
	items = cJSON_CreateArray();
	item = cli_item(NULL);
	cJSON_AddBoolToObject(item, "dry_run", true);
	cJSON_AddStringToObject(item, "method", "user.update");
	cJSON_AddItemToObject(item, "params",
			      cJSON_Duplicate(r->se.params, true));
	cJSON_AddStringToObject(item, "request", text);
	cJSON_AddItemToArray(items, item);
	cli_print_items(items);
	free(text);
}

/* "User 5 updated: NAME, EMAIL." (the fields sent) */
static void print_summary(const struct update_run *r, const char *how)
{
	const cJSON *it;
	const char *sep = ": ";

	printf("User %s %s", r->args->user_id, how);
	cJSON_ArrayForEach(it, r->se.changed) {
		printf("%s", sep);
		cli_put_text(stdout, it->string);
		sep = ", ";
	}
	printf(".\n");
}

/* The item has "verified" beside "json"; without --json, a summary. */
static void print_result(struct update_run *r, const char *how)
{
	cJSON *items;

	log_debug("user %s %s", r->args->user_id, how);
	if (!r->cli->json) {
		print_summary(r, how);
		return;
	}
	items = cJSON_CreateArray();
	cJSON_AddItemToArray(items, safe_edit_item(&r->se));
	cli_print_items(items);
}

/* The user already has every value: nothing is sent, and that is fine. */
static void print_nothing(struct update_run *r)
{
	cJSON *items, *item;

	if (!r->cli->json) {
		printf("User %s already has these values; nothing was "
		       "sent.\n", r->args->user_id);
		return;
	}
	items = cJSON_CreateArray();
	item = cli_item(NULL);
	cJSON_AddBoolToObject(item, "verified", true);
	cJSON_AddBoolToObject(item, "unchanged", true);
	cJSON_AddItemToArray(items, item);
	cli_print_items(items);
}

/* With --continue-on-fail a failure is an output item and exit 0, as the
 * seed does; an interruption still stops with its own status. */
static int failed(struct update_run *r, const struct b24_error *err)
{
	char text[1200];
	cJSON *items;
	int rc = cli_report(r->cli, err);

	if (!r->args->continue_on_fail || cli_interrupted())
		return rc;
	b24_error_format(err, text, sizeof text);
	if (!r->cli->json) {
		printf("User %s not updated: %s\n", r->args->user_id, text);
		return 0;
	}
	items = cJSON_CreateArray();
	cJSON_AddItemToArray(items, cli_error_item(text, "user"));
	cli_print_items(items);
	return 0;
}

static int run(struct update_run *r)
{
	struct cli_edit_flags f = { .confirm = r->args->confirm,
				    .yes = r->args->yes,
				    .dry_run = r->args->dry_run };
	struct b24_error err;
	int rc;

	b24_error_clear(&err);
	if (!prepare(r, &err))
		return failed(r, &err);
	if (safe_edit_nothing_to_do(&r->se)) {
		if (!safe_edit_check(r->cli->session, &r->se,
				     r->args->expect, false, &err))
			return failed(r, &err);
		print_nothing(r);
		return 0;
	}
	if (cli_safe_edit(r->cli, &r->se, r->args->expect, &f, &err)) {
		if (r->args->dry_run)
			print_dry_run(r);
		else
			print_result(r, "updated");
		return 0;
	}
	if (!cli_edit_written(&r->se, &err))
		return failed(r, &err);
	/* Written, but not all of it took: a warning and exit 7, and the
	 * item says so beside json. */
	rc = cli_edit_warn(r->cli, &r->se, &err);
	print_result(r, "updated, not all of it took");
	return rc;
}

static void run_free(struct update_run *r)
{
	secret_free(r->token);
	cJSON_Delete(r->data);
	update_options_free(&r->opt);
	fields_catalog_free(r->cat);
	safe_edit_free(&r->se);
}

static int check_args(struct cli *cli, const struct update_args *a)
{
	if (!a->user_id)
		return cli_usage_error(cli, "update needs a USER_ID");
	if (a->token_stdin && a->data && strcmp(a->data, "-") == 0)
		return cli_usage_error(cli, "--access-token-stdin and "
				       "--data - cannot both read standard "
				       "input");
	return -1;
}

int cmd_update(struct cli *cli, int argc, char **argv)
{
	struct update_args a = { 0 };
	struct update_run r = { 0 };
	int rc;

	if (cli_has_option(argc, argv, "from"))
		return cmd_update_bulk(cli, argc, argv);
	a.sets = cJSON_CreateObject();
	a.param_pairs = cJSON_CreateObject();
	a.expect = cJSON_CreateObject();
	rc = cli_parse(cli, argc, argv, update_options, &a, take_user_id);
	if (rc < 0)
		rc = check_args(cli, &a);
	if (rc < 0)
		rc = cli_setup_write(cli, a.dry_run);
	if (rc < 0) {
		r.cli = cli;
		r.args = &a;
		rc = run(&r);
		run_free(&r);
	}
	cJSON_Delete(a.sets);
	cJSON_Delete(a.param_pairs);
	cJSON_Delete(a.expect);
	return rc;
}
