/* b24user get USER_ID: one user's fields, labelled, or the portal's
 * answer as an output item. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "edit.h"
#include "jsonutil.h"

struct get_args {
	const char *user_id;
	bool admin_mode;
};

static bool opt_admin_mode(struct cli *cli, void *ctx, const char *value,
			   struct b24_error *err)
{
	((struct get_args *)ctx)->admin_mode = true;
	return true;
}

static const struct cli_option get_options[] = {
	{ "admin-mode", false, opt_admin_mode },
	{ NULL, false, NULL },
};

static bool take_user_id(struct cli *cli, void *ctx, const char *arg,
			 struct b24_error *err)
{
	struct get_args *g = ctx;

	if (g->user_id) {
		b24_error_set(err, B24_EXIT_USAGE, "usage",
			      "get takes one USER_ID, '%s' is one too many",
			      arg);
		return false;
	}
	/* argv's strings are the program's to change. */
	g->user_id = edit_trim_id((char *)arg);
	return true;
}

/* The portal may ignore the filter and answer with a page of everyone:
 * only the user with this ID counts. */
static const cJSON *find_user(const cJSON *result, const char *user_id)
{
	const cJSON *u;
	const char *id;

	cJSON_ArrayForEach(u, result) {
		id = json_get_string(u, "ID");
		if (id && strcmp(id, user_id) == 0)
			return u;
	}
	return NULL;
}

static bool load(struct cli *cli, const struct get_args *g,
		 struct rest_reply *reply, const cJSON **user,
		 struct b24_error *err)
{
	cJSON *params = cJSON_CreateObject();
	bool ok;

	cJSON_AddStringToObject(params, "ID", g->user_id);
	if (g->admin_mode)
		cJSON_AddStringToObject(params, "ADMIN_MODE", "Y");
	ok = rest_call(cli->session, "user.get", params, REST_READ, reply,
		       err);
	cJSON_Delete(params);
	if (!ok)
		return false;
	*user = find_user(reply->result, g->user_id);
	if (*user)
		return true;
	b24_error_set(err, B24_EXIT_REFUSED, "user_not_found",
		      "There is no user with ID %s on this portal",
		      g->user_id);
	b24_error_hint(err, "Check the ID in the user's profile.%s",
		       g->admin_mode ? "" : " Extranet users may need "
		       "--admin-mode.");
	return false;
}

static bool is_empty(const cJSON *item)
{
	return cJSON_IsNull(item) ||
	       (cJSON_IsString(item) && !item->valuestring[0]) ||
	       (cJSON_IsArray(item) && !item->child);
}

static void print_field(const struct field_catalog *cat, const cJSON *item)
{
	const struct field_def *def = fields_find(cat, item->string);
	char *value = json_scalar_text(item);

	if (!value)
		value = json_compact(item);
	if (def && def->label && strcmp(def->label, item->string) != 0) {
		cli_put_text(stdout, def->label);
		fputs(" (", stdout);
		cli_put_text(stdout, item->string);
		fputs(")", stdout);
	} else {
		cli_put_text(stdout, item->string);
	}
	fputs(": ", stdout);
	cli_put_text(stdout, value);
	fputc('\n', stdout);
	free(value);
}

/* A custom field's label comes from user.userfield.list: asked only
 * when the user has one. */
static bool has_custom(const cJSON *user)
{
	const cJSON *item;

	cJSON_ArrayForEach(item, user)
		if (item->string && strncmp(item->string, "UF_USR_", 7) == 0)
			return true;
	return false;
}

/* Labels in the portal's language when it tells us, else the built-in
 * English ones; empty fields are counted, not listed.  Without the right
 * to list custom fields, the other labels are still worth showing. */
static void print_user(struct cli *cli, const cJSON *user)
{
	struct field_catalog *cat = NULL;
	struct b24_error err;
	const cJSON *item;
	int empty = 0;

	if (!(has_custom(user) &&
	      cli_catalog(cli, CLI_CATALOG_LABELS | CLI_CATALOG_CUSTOM, &cat,
			  &err)) &&
	    !cli_catalog(cli, CLI_CATALOG_LABELS, &cat, &err))
		cli_catalog(cli, CLI_CATALOG_LOCAL, &cat, &err);
	cJSON_ArrayForEach(item, user) {
		if (is_empty(item))
			empty++;
		else
			print_field(cat, item);
	}
	if (empty)
		printf("(%d empty field%s not shown)\n", empty,
		       empty == 1 ? "" : "s");
	fields_catalog_free(cat);
}

static void print_json(struct rest_reply *reply)
{
	cJSON *items = cJSON_CreateArray();

	cJSON_AddItemToArray(items, cli_item(reply->envelope));
	reply->envelope = NULL;
	reply->result = NULL;
	cli_print_items(items);
}

int cmd_get(struct cli *cli, int argc, char **argv)
{
	struct get_args g = { NULL, false };
	struct rest_reply reply;
	const cJSON *user = NULL;
	struct b24_error err;
	int rc = cli_parse(cli, argc, argv, get_options, &g, take_user_id);

	if (rc >= 0)
		return rc;
	if (!g.user_id)
		return cli_usage_error(cli, "get needs a USER_ID");
	if (!cli_setup(cli, &err) || !edit_check_user_id(g.user_id, &err) ||
	    !cli_open_session(cli, NULL, &err))
		return cli_report(cli, &err);
	memset(&reply, 0, sizeof reply);
	if (!load(cli, &g, &reply, &user, &err)) {
		rest_reply_free(&reply);
		return cli_report(cli, &err);
	}
	if (cli->json)
		print_json(&reply);
	else
		print_user(cli, user);
	rest_reply_free(&reply);
	return 0;
}
