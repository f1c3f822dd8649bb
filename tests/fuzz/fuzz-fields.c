/* Fuzz target: user data as given with --data or from a file, checked
 * by fields_check_data against the built-in catalogue; the same JSON as
 * a portal's field list added to the catalogue first. */
#include "config.h"

#include "fields.h"
#include "fuzz.h"
#include "jsonutil.h"

static struct field_catalog *builtin;

int FUZZ_INIT(fields)(int *argc, char ***argv)
{
	struct b24_error err;

	b24_error_clear(&err);
	builtin = fields_catalog_load_file(B24_SRCDATADIR "/user-fields.tsv",
					   &err);
	if (!builtin) {
		fprintf(stderr, "%s\n", err.message);
		exit(1);
	}
	return 0;
}

/* Checking normalised data again accepts it and changes nothing. */
static void check_again(const struct field_catalog *cat, cJSON *data,
			unsigned flags)
{
	char *before = json_compact(data), *after;
	struct b24_error err;

	b24_error_clear(&err);
	FUZZ_ASSERT(fields_check_data(cat, data, flags, &err));
	after = json_compact(data);
	FUZZ_ASSERT(strcmp(before, after) == 0);
	free(before);
	free(after);
}

static void check(const struct field_catalog *cat, const uint8_t *data,
		  size_t size, unsigned flags)
{
	struct b24_error err;
	cJSON *json;

	b24_error_clear(&err);
	json = json_parse_text((const char *)data, size, "The user data",
			       &err);
	if (!json) {
		FUZZ_ASSERT(err.exit == B24_EXIT_USAGE && err.message[0]);
		return;
	}
	if (fields_check_data(cat, json, flags, &err)) {
		check_again(cat, json, flags);
	} else {
		FUZZ_ASSERT(err.exit == B24_EXIT_USAGE);
		FUZZ_ASSERT(err.code[0] && err.message[0] && err.hint[0]);
	}
	cJSON_Delete(json);
}

/* What the portal says about fields never loosens a built-in check. */
static void keeps_checks(const struct field_catalog *cat)
{
	const struct field_def *mine, *now;
	size_t i;

	for (i = 0; i < fields_count(builtin); i++) {
		mine = fields_at(builtin, i);
		now = fields_find(cat, mine->code);
		FUZZ_ASSERT(now && now->type == mine->type);
		FUZZ_ASSERT(now->custom == mine->custom);
	}
}

/* The input read as user.fields (an object) or user.userfield.list (a
 * list), as the console does after loading a portal's fields. */
static struct field_catalog *with_portal_fields(const uint8_t *data,
						size_t size)
{
	struct field_catalog *cat;
	struct b24_error err;
	cJSON *json;

	b24_error_clear(&err);
	json = json_parse_text((const char *)data, size, "fields", &err);
	if (!json)
		return NULL;
	cat = fields_catalog_load_file(B24_SRCDATADIR "/user-fields.tsv",
				       &err);
	FUZZ_ASSERT(cat != NULL);
	if (cJSON_IsArray(json))
		fields_catalog_add_custom(cat, json);
	else
		fields_catalog_add_labels(cat, json);
	cJSON_Delete(json);
	keeps_checks(cat);
	return cat;
}

int FUZZ_ONE(fields)(const uint8_t *data, size_t size)
{
	struct field_catalog *cat;

	check(builtin, data, size, 0);
	check(builtin, data, size, FIELDS_ALLOW_UNKNOWN | FIELDS_ALLOW_FILES);
	cat = with_portal_fields(data, size);
	if (cat) {
		check(cat, data, size, FIELDS_ALLOW_UNKNOWN);
		fields_catalog_free(cat);
	}
	return 0;
}
