/* Unit tests for the field catalogue and the checks on user data. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "fields.h"

static struct field_catalog *cat;

static int load_catalogue(void **state)
{
	struct b24_error err;
	const char *dir = getenv("B24_TESTDIR");
	char path[4096];

	snprintf(path, sizeof path, "%s/../data", dir ? dir : "tests");
	setenv("B24USER_DATADIR", path, 1);
	b24_error_clear(&err);
	cat = fields_catalog_load(&err);
	if (!cat)
		fprintf(stderr, "# %s\n", err.message);
	return cat ? 0 : -1;
}

static int free_catalogue(void **state)
{
	fields_catalog_free(cat);
	return 0;
}

/* Check value (JSON text) for field code; returns the normalised value
 * as compact JSON, or "ERR: message". */
static char *check(const char *code, const char *json)
{
	struct b24_error err;
	cJSON *obj = cJSON_CreateObject(), *v = cJSON_Parse(json);
	char *out, *res;

	b24_error_clear(&err);
	cJSON_AddItemToObject(obj, code, v);
	cJSON_AddStringToObject(obj, "AFTER", "kept");
	if (fields_check_value(fields_find(cat, code), v, &err)) {
		out = cJSON_PrintUnformatted(cJSON_GetObjectItem(obj, code));
		res = strdup(out);
		cJSON_free(out);
		assert_string_equal(obj->child->string, code);
		assert_string_equal(obj->child->next->valuestring, "kept");
	} else {
		assert_int_equal(err.exit, B24_EXIT_USAGE);
		assert_non_null(strstr(err.message, code));
		assert_true(err.hint[0] != '\0');
		res = malloc(strlen(err.message) + 6);
		sprintf(res, "ERR: %s", err.message);
	}
	cJSON_Delete(obj);
	return res;
}

static void expect(const char *code, const char *json, const char *want)
{
	char *got = check(code, json);

	if (strncmp(want, "ERR", 3) == 0)
		assert_memory_equal(got, "ERR", 3);
	else
		assert_string_equal(got, want);
	free(got);
}

static void catalogue_has_the_documented_fields(void **state)
{
	const struct field_def *d;

	assert_true(fields_count(cat) >= 60);
	d = fields_find(cat, "ACTIVE");
	assert_non_null(d);
	assert_int_equal(d->type, FIELD_YESNO);
	assert_int_equal(fields_find(cat, "UF_DEPARTMENT")->type,
			 FIELD_ID_LIST);
	assert_int_equal(fields_find(cat, "PERSONAL_PHOTO")->type,
			 FIELD_FILE);
	assert_int_equal(fields_find(cat, "WORK_LOGO")->type, FIELD_FILE);
	assert_string_equal(fields_find(cat, "PERSONAL_BIRTHDAY")->label,
			    "Date of birth");
	d = fields_find(cat, "LAST_LOGIN");
	assert_int_equal(d->type, FIELD_READONLY);
	assert_non_null(d->note);
	/* The portal stamps it: the console once offered it for editing. */
	assert_int_equal(fields_find(cat, "TIMESTAMP_X")->type,
			 FIELD_READONLY);
	assert_null(fields_find(cat, "name"));
	assert_string_equal(fields_at(cat, 0)->code, "ID");
	assert_null(fields_at(cat, fields_count(cat)));
}

static void broken_catalogue_is_reported(void **state)
{
	struct b24_error err;
	char path[] = "/tmp/b24-fields-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	fputs("# comment\nNAME\tstring\tFirst name\nACTIVE\tbool\tx\n", f);
	fclose(f);
	b24_error_clear(&err);
	assert_null(fields_catalog_load_file(path, &err));
	assert_non_null(strstr(err.message, "line 3"));
	unlink(path);
	assert_null(fields_catalog_load_file(path, &err));
	assert_string_equal(err.code, "catalogue_missing");
}

static void portal_labels_and_custom_fields_join(void **state)
{
	struct b24_error err;
	struct field_catalog *c;
	cJSON *labels = cJSON_Parse("{\"NAME\":\"Имя\",\"XML_ID\":\"Ext\","
				    "\"LAST_LOGIN\":\"Last\"}");
	cJSON *uf = cJSON_Parse("[{\"FIELD_NAME\":\"UF_USR_BADGE\","
				"\"USER_TYPE_ID\":\"string\","
				"\"EDIT_FORM_LABEL\":{\"de\":\"Ausweis\","
				"\"en\":\"Badge\"}},"
				"{\"FIELD_NAME\":\"UF_USR_START\","
				"\"USER_TYPE_ID\":\"date\"}]");

	b24_error_clear(&err);
	c = fields_catalog_load(&err);
	fields_catalog_add_labels(c, labels);
	fields_catalog_add_custom(c, uf);
	assert_string_equal(fields_find(c, "NAME")->label, "Имя");
	assert_int_equal(fields_find(c, "XML_ID")->type, FIELD_STRING);
	assert_int_equal(fields_find(c, "LAST_LOGIN")->type, FIELD_READONLY);
	assert_string_equal(fields_find(c, "UF_USR_BADGE")->label, "Badge");
	assert_true(fields_find(c, "UF_USR_BADGE")->custom);
	assert_int_equal(fields_find(c, "UF_USR_START")->type, FIELD_DATE);
	assert_string_equal(fields_find(c, "UF_USR_START")->label,
			    "UF_USR_START");
	cJSON_Delete(labels);
	cJSON_Delete(uf);
	fields_catalog_free(c);
}

static void suggestions_come_closest_first(void **state)
{
	const char *out[3];

	assert_int_equal(fields_suggest(cat, "NAMES", out, 3) >= 1, 1);
	assert_string_equal(out[0], "NAME");
	assert_true(fields_suggest(cat, "name", out, 3) >= 1);
	assert_string_equal(out[0], "NAME");
	assert_true(fields_suggest(cat, "BIRTHDAY", out, 1) == 1);
	assert_string_equal(out[0], "PERSONAL_BIRTHDAY");
	assert_true(fields_suggest(cat, "EMAL", out, 3) >= 1);
	assert_string_equal(out[0], "EMAIL");
	assert_int_equal(fields_suggest(cat, "QQQQQQQQQQQQQQQQ", out, 3), 0);
}

static void active_becomes_y_or_n(void **state)
{
	expect("ACTIVE", "true", "\"Y\"");
	expect("ACTIVE", "false", "\"N\"");
	expect("ACTIVE", "\"Y\"", "\"Y\"");
	expect("ACTIVE", "\"n\"", "\"N\"");
	expect("ACTIVE", "\"yes\"", "\"Y\"");
	expect("ACTIVE", "\"No\"", "\"N\"");
	expect("ACTIVE", "1", "\"Y\"");
	expect("ACTIVE", "0", "\"N\"");
	expect("ACTIVE", "\"1\"", "\"Y\"");
	expect("ACTIVE", "\"\"", "ERR");
	expect("ACTIVE", "null", "ERR");
	expect("ACTIVE", "2", "ERR");
	expect("ACTIVE", "\"maybe\"", "ERR");
	expect("ACTIVE", "[true]", "ERR");
}

/* Only an empty ACTIVE is told it would dismiss the user. */
static void active_errors_fit_the_value(void **state)
{
	char *empty = check("ACTIVE", "\"\""), *maybe = check("ACTIVE",
							  "\"maybe\"");

	assert_non_null(strstr(empty, "an empty value would dismiss"));
	assert_null(strstr(maybe, "empty"));
	assert_non_null(strstr(maybe, "must be yes or no"));
	free(empty);
	free(maybe);
}

static void email_is_checked(void **state)
{
	expect("EMAIL", "\"anna@example.com\"", "\"anna@example.com\"");
	expect("EMAIL", "\"\"", "\"\"");
	expect("EMAIL", "null", "\"\"");
	expect("EMAIL", "\"anna\"", "ERR");
	expect("EMAIL", "\"anna@example\"", "ERR");
	expect("EMAIL", "\"an na@example.com\"", "ERR");
	expect("EMAIL", "\"a@b@example.com\"", "ERR");
	expect("EMAIL", "\"anna@.com\"", "ERR");
	expect("EMAIL", "\"anna@example..com\"", "ERR");
}

static void dates_must_exist(void **state)
{
	expect("PERSONAL_BIRTHDAY", "\"1990-05-17\"", "\"1990-05-17\"");
	expect("PERSONAL_BIRTHDAY", "\"2024-02-29\"", "\"2024-02-29\"");
	expect("PERSONAL_BIRTHDAY", "\"\"", "\"\"");
	expect("PERSONAL_BIRTHDAY", "null", "\"\"");
	expect("PERSONAL_BIRTHDAY", "\"2023-02-29\"", "ERR");
	expect("PERSONAL_BIRTHDAY", "\"1900-02-29\"", "ERR");
	expect("PERSONAL_BIRTHDAY", "\"1990-13-01\"", "ERR");
	expect("PERSONAL_BIRTHDAY", "\"1990-04-31\"", "ERR");
	expect("PERSONAL_BIRTHDAY", "\"17.05.1990\"", "ERR");
	expect("PERSONAL_BIRTHDAY", "\"1990-05-17x\"", "ERR");
	expect("PERSONAL_BIRTHDAY", "19900517", "ERR");
}

static void departments_become_lists(void **state)
{
	expect("UF_DEPARTMENT", "5", "[5]");
	expect("UF_DEPARTMENT", "\"5\"", "[5]");
	expect("UF_DEPARTMENT", "\"1;5\"", "[1,5]");
	expect("UF_DEPARTMENT", "\"1, 5\"", "[1,5]");
	expect("UF_DEPARTMENT", "[1,\"5\"]", "[1,5]");
	expect("UF_DEPARTMENT", "\"\"", "\"\"");
	expect("UF_DEPARTMENT", "null", "\"\"");
	expect("UF_DEPARTMENT", "0", "ERR");
	expect("UF_DEPARTMENT", "-3", "ERR");
	expect("UF_DEPARTMENT", "1.5", "ERR");
	expect("UF_DEPARTMENT", "\"sales\"", "ERR");
	expect("UF_DEPARTMENT", "\"1;x\"", "ERR");
	expect("UF_DEPARTMENT", "[1,0]", "ERR");
	expect("UF_DEPARTMENT", "[[1]]", "ERR");
	expect("UF_DEPARTMENT", "true", "ERR");
	expect("UF_DEPARTMENT", "\";\"", "ERR");
}

static void gender_and_strings(void **state)
{
	expect("PERSONAL_GENDER", "\"M\"", "\"M\"");
	expect("PERSONAL_GENDER", "\"f\"", "\"F\"");
	expect("PERSONAL_GENDER", "\"\"", "\"\"");
	expect("PERSONAL_GENDER", "\"X\"", "ERR");
	expect("WORK_PHONE", "42", "\"42\"");
	expect("WORK_PHONE", "1.5", "\"1.5\"");
	expect("NAME", "null", "\"\"");
	expect("NAME", "\"Анна\"", "\"Анна\"");
	expect("NAME", "true", "ERR");
	expect("NAME", "[\"a\"]", "ERR");
	expect("NAME", "{\"a\":1}", "ERR");
	expect("NAME", "1e400", "ERR");
}

static void invalid_utf8_is_refused(void **state)
{
	const char *bad[] = { "\xC3\x28", "\xC0\xAF", "\xED\xA0\x80",
			      "\xF4\x90\x80\x80", "abc\xE2\x82" };
	struct b24_error err;
	cJSON *v;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		v = cJSON_CreateString(bad[i]);
		assert_false(fields_check_value(fields_find(cat, "NAME"), v,
						&err));
		assert_non_null(strstr(err.message, "UTF-8"));
		cJSON_Delete(v);
	}
	v = cJSON_CreateString("\xF0\x9F\x98\x80 ok");
	assert_true(fields_check_value(fields_find(cat, "NAME"), v, &err));
	cJSON_Delete(v);
}

static void readonly_fields_say_why(void **state)
{
	struct b24_error err;
	cJSON *v = cJSON_CreateString("7");

	assert_false(fields_check_value(fields_find(cat, "ID"), v, &err));
	assert_string_equal(err.code, "readonly_field");
	assert_non_null(strstr(err.message, "USER_ID"));
	assert_false(fields_check_value(fields_find(cat, "LOGIN"), v, &err));
	assert_non_null(strstr(err.message, "login"));
	cJSON_Delete(v);
}

static bool check_data(const char *json, unsigned flags, char **out,
		       struct b24_error *err)
{
	cJSON *data = cJSON_Parse(json);
	bool ok;

	assert_non_null(data);
	b24_error_clear(err);
	ok = fields_check_data(cat, data, flags, err);
	*out = cJSON_PrintUnformatted(data);
	cJSON_Delete(data);
	return ok;
}

static void data_is_checked_as_a_whole(void **state)
{
	struct b24_error err;
	char *out;

	assert_true(check_data("{\"ACTIVE\":true,\"NAME\":null,"
			       "\"UF_DEPARTMENT\":\"3\"}", 0, &out, &err));
	assert_string_equal(out, "{\"ACTIVE\":\"Y\",\"NAME\":\"\","
			    "\"UF_DEPARTMENT\":[3]}");
	cJSON_free(out);

	assert_false(check_data("[1]", 0, &out, &err));
	assert_string_equal(err.code, "data_not_object");
	cJSON_free(out);

	assert_false(check_data("{\"NAEM\":\"x\"}", 0, &out, &err));
	assert_string_equal(err.code, "unknown_field");
	assert_non_null(strstr(err.message, "did you mean NAME"));
	cJSON_free(out);

	assert_true(check_data("{\"NAEM\":null}", FIELDS_ALLOW_UNKNOWN, &out,
			       &err));
	assert_string_equal(out, "{\"NAEM\":\"\"}");
	cJSON_free(out);

	assert_false(check_data("{\"active\":\"\"}", FIELDS_ALLOW_UNKNOWN,
				&out, &err));
	assert_string_equal(err.code, "unknown_field");
	assert_non_null(strstr(err.hint, "ACTIVE"));
	cJSON_free(out);

	assert_false(check_data("{\"NA ME\":\"x\"}", FIELDS_ALLOW_UNKNOWN,
				&out, &err));
	assert_string_equal(err.code, "bad_field_name");
	cJSON_free(out);

	assert_false(check_data("{\"NAME\":\"a\",\"NAME\":\"b\"}", 0, &out,
				&err));
	assert_string_equal(err.code, "duplicate_field");
	cJSON_free(out);
}

static void files_only_on_purpose(void **state)
{
	struct b24_error err;
	char *out;

	assert_false(check_data("{\"PERSONAL_PHOTO\":[\"a.jpg\",\"QUJD\"]}",
				0, &out, &err));
	assert_string_equal(err.code, "file_not_chosen");
	cJSON_free(out);
	assert_true(check_data("{\"PERSONAL_PHOTO\":[\"a.jpg\",\"QUJD\"]}",
			       FIELDS_ALLOW_FILES, &out, &err));
	cJSON_free(out);
	assert_false(check_data("{\"PERSONAL_PHOTO\":\"\"}",
				FIELDS_ALLOW_FILES, &out, &err));
	assert_string_equal(err.code, "invalid_field_value");
	cJSON_free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(catalogue_has_the_documented_fields),
		cmocka_unit_test(broken_catalogue_is_reported),
		cmocka_unit_test(portal_labels_and_custom_fields_join),
		cmocka_unit_test(suggestions_come_closest_first),
		cmocka_unit_test(active_becomes_y_or_n),
		cmocka_unit_test(active_errors_fit_the_value),
		cmocka_unit_test(email_is_checked),
		cmocka_unit_test(dates_must_exist),
		cmocka_unit_test(departments_become_lists),
		cmocka_unit_test(gender_and_strings),
		cmocka_unit_test(invalid_utf8_is_refused),
		cmocka_unit_test(readonly_fields_say_why),
		cmocka_unit_test(data_is_checked_as_a_whole),
		cmocka_unit_test(files_only_on_purpose),
	};

	return cmocka_run_group_tests(tests, load_catalogue, free_catalogue);
}
