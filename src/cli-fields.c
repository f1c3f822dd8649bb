/* b24user fields: the user-field catalogue, with the portal's labels and
 * custom fields when credentials are at hand. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "log.h"

static bool read_into(struct cli *cli, const char *method,
		      struct field_catalog *cat, struct b24_error *err)
{
	struct rest_reply reply;

	memset(&reply, 0, sizeof reply);
	if (!rest_call(cli->session, method, NULL, REST_READ, &reply, err))
		return false;
	if (strcmp(method, "user.fields") == 0)
		fields_catalog_add_labels(cat, reply.result);
	else
		fields_catalog_add_custom(cat, reply.result);
	rest_reply_free(&reply);
	return true;
}

bool cli_catalog(struct cli *cli, unsigned what, struct field_catalog **out,
		 struct b24_error *err)
{
	struct field_catalog *cat = fields_catalog_load(err);

	*out = NULL;
	if (!cat)
		return false;
	if ((what & (CLI_CATALOG_LABELS | CLI_CATALOG_CUSTOM)) &&
	    !cli_open_session(cli, NULL, err))
		goto fail;
	if ((what & CLI_CATALOG_LABELS) &&
	    !read_into(cli, "user.fields", cat, err))
		goto fail;
	if ((what & CLI_CATALOG_CUSTOM) &&
	    !read_into(cli, "user.userfield.list", cat, err))
		goto fail;
	*out = cat;
	return true;
fail:
	fields_catalog_free(cat);
	return false;
}

static const char *type_name(enum field_type t)
{
	static const char *const names[] = {
		[FIELD_STRING] = "text",
		[FIELD_YESNO] = "Y/N",
		[FIELD_DATE] = "date",
		[FIELD_EMAIL] = "e-mail",
		[FIELD_GENDER] = "M/F",
		[FIELD_ID_LIST] = "ID list",
		[FIELD_FILE] = "file",
		[FIELD_READONLY] = "read-only",
	};

	return (size_t)t < sizeof names / sizeof names[0] ? names[t] : "";
}

static void print_table(const struct field_catalog *cat)
{
	size_t i, n = fields_count(cat);
	const struct field_def *d;

	for (i = 0; i < n; i++) {
		d = fields_at(cat, i);
		printf("%-28s %-10s ", d->code, type_name(d->type));
		cli_put_text(stdout, d->label ? d->label : "");
		printf("%s\n", d->custom ? " (custom)" : "");
	}
}

static cJSON *catalog_json(const struct field_catalog *cat)
{
	cJSON *result = cJSON_CreateObject();
	cJSON *one;
	size_t i, n = fields_count(cat);
	const struct field_def *d;

	for (i = 0; i < n; i++) {
		d = fields_at(cat, i);
		one = cJSON_AddObjectToObject(result, d->code);
		cJSON_AddStringToObject(one, "label", d->label ? d->label : "");
		cJSON_AddStringToObject(one, "type", type_name(d->type));
		cJSON_AddBoolToObject(one, "custom", d->custom);
	}
	return result;
}

/* Online when credentials can be found; otherwise the built-in list with
 * a note on stderr, since a catalogue is still useful offline. */
static struct field_catalog *offline(const struct b24_error *why,
				     struct b24_error *err)
{
	char text[1200];

	b24_error_format(why, text, sizeof text);
	cli_warn("showing the built-in field list: %s", text);
	return fields_catalog_load(err);
}

/* Custom fields need more rights than labels: without them the list is
 * still worth showing. */
static bool add_custom(struct cli *cli, struct field_catalog *cat,
		       struct b24_error *err)
{
	char text[1200];

	if (read_into(cli, "user.userfield.list", cat, err))
		return true;
	if (cli_interrupted())
		return false;
	b24_error_format(err, text, sizeof text);
	cli_warn("custom fields are not listed: %s", text);
	return true;
}

static struct field_catalog *load(struct cli *cli, struct b24_error *err)
{
	struct field_catalog *cat = NULL;

	if (!cli_catalog(cli, CLI_CATALOG_LABELS, &cat, err)) {
		if (cli->session || cli_interrupted())
			return NULL;
		return offline(err, err);
	}
	if (!add_custom(cli, cat, err)) {
		fields_catalog_free(cat);
		return NULL;
	}
	return cat;
}

int cmd_fields(struct cli *cli, int argc, char **argv)
{
	struct b24_error err;
	struct field_catalog *cat;
	cJSON *items;
	int rc = cli_parse(cli, argc, argv, NULL, NULL, NULL);

	if (rc >= 0)
		return rc;
	if (!cli_setup(cli, &err))
		return cli_report(cli, &err);
	cat = load(cli, &err);
	if (!cat)
		return cli_report(cli, &err);
	if (cli->json) {
		items = cJSON_CreateArray();
		cJSON_AddItemToArray(items, cli_item(catalog_json(cat)));
		cli_print_items(items);
	} else {
		print_table(cat);
	}
	fields_catalog_free(cat);
	return 0;
}
