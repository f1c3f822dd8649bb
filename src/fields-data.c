/* Checking a whole user-data object: names known, values valid. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "fields.h"
#include "strbuf.h"

static bool not_an_object(const cJSON *data, struct b24_error *err)
{
	const char *what = cJSON_IsArray(data) ? "a list" :
			   cJSON_IsString(data) ? "a text" :
			   cJSON_IsNumber(data) ? "a number" :
			   cJSON_IsBool(data) ? "true/false" : "null";

	b24_error_set(err, B24_EXIT_USAGE, "data_not_object",
		      "The user data must be a JSON object of field and "
		      "value, but it is %s", what);
	b24_error_hint(err, "Write it like {\"NAME\": \"Anna\", "
		       "\"WORK_POSITION\": \"Accountant\"}.");
	return false;
}

static bool unknown_field(const struct field_catalog *cat, const char *code,
			  struct b24_error *err)
{
	const char *best[3];
	size_t n = fields_suggest(cat, code, best, 3), i;
	struct strbuf sb;

	sb_init(&sb);
	for (i = 0; i < n; i++)
		sb_printf(&sb, "%s%s", i ? ", " : "", best[i]);
	b24_error_set(err, B24_EXIT_USAGE, "unknown_field",
		      "%s is not a user field this portal knows%s%s%s", code,
		      n ? " (did you mean " : "", sb.buf, n ? "?)" : "");
	b24_error_hint(err, "The portal silently ignores unknown fields. "
		       "Run 'b24user fields' for the list, or add "
		       "--allow-unknown-fields to send it anyway.");
	sb_free(&sb);
	return false;
}

static bool duplicate(const cJSON *data, const cJSON *item,
		      struct b24_error *err)
{
	const cJSON *it;

	for (it = data->child; it != item; it = it->next) {
		if (strcmp(it->string, item->string) == 0) {
			b24_error_set(err, B24_EXIT_USAGE, "duplicate_field",
				      "%s is given twice in the user data",
				      item->string);
			b24_error_hint(err, "Keep only the value you mean.");
			return true;
		}
	}
	return false;
}

static bool file_not_chosen(const struct field_def *def,
			    struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_USAGE, "file_not_chosen",
		      "%s is sent only when a new file is chosen on "
		      "purpose: a wrong value deletes the current one",
		      def->code);
	b24_error_hint(err, "Remove %s from the data, or choose the new "
		       "file explicitly.", def->code);
	return false;
}

static bool bad_name(const char *name, struct b24_error *err)
{
	size_t n = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			  "abcdefghijklmnopqrstuvwxyz0123456789_");

	if (name[0] && name[n] == '\0')
		return false;
	b24_error_set(err, B24_EXIT_USAGE, "bad_field_name",
		      "\"%.60s\" is not a field name: names use only "
		      "letters, digits and _", name);
	b24_error_hint(err, "Run 'b24user fields' for the list of fields.");
	return true;
}

/* The portal upper-cases names, so "active" would reach ACTIVE without
 * its checks: such names are refused even with --allow-unknown-fields. */
static bool wrong_case(const struct field_catalog *cat, const char *name,
		       struct b24_error *err)
{
	char upper[128];
	size_t i;

	for (i = 0; name[i] && i + 1 < sizeof upper; i++)
		upper[i] = (char)toupper((unsigned char)name[i]);
	upper[i] = '\0';
	if (name[i] || !fields_find(cat, upper))
		return false;
	b24_error_set(err, B24_EXIT_USAGE, "unknown_field",
		      "%s is not a field name: field names are upper case",
		      name);
	b24_error_hint(err, "Write it as %s.", upper);
	return true;
}

static bool check_member(const struct field_catalog *cat, cJSON *item,
			 unsigned flags, struct b24_error *err)
{
	const struct field_def *def = fields_find(cat, item->string);
	struct field_def loose = { .code = item->string, .label = "",
				   .type = FIELD_STRING, .custom = true };

	if (!def && (bad_name(item->string, err) ||
		     wrong_case(cat, item->string, err)))
		return false;
	if (!def && !(flags & FIELDS_ALLOW_UNKNOWN))
		return unknown_field(cat, item->string, err);
	if (!def)
		def = &loose;
	if (def->type == FIELD_FILE && !(flags & FIELDS_ALLOW_FILES))
		return file_not_chosen(def, err);
	return fields_check_value(def, item, err);
}

bool fields_check_data(const struct field_catalog *cat, cJSON *data,
		       unsigned flags, struct b24_error *err)
{
	cJSON *item;

	if (!cJSON_IsObject(data))
		return not_an_object(data, err);
	cJSON_ArrayForEach(item, data) {
		if (duplicate(data, item, err))
			return false;
		if (!check_member(cat, item, flags, err))
			return false;
	}
	return true;
}
