/* Unit tests for an edit: user IDs, the user.update request, and which
 * fields really change. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "diff.h"
#include "edit.h"

static struct field_catalog *cat;

static int load_catalogue(void **state)
{
	struct b24_error err;
	const char *dir = getenv("B24_TESTDIR");
	char path[4096];

	snprintf(path, sizeof path, "%s/../data", dir ? dir : "tests");
	setenv("B24USER_DATADIR", path, 1);
	cat = fields_catalog_load(&err);
	return cat ? 0 : -1;
}

static int free_catalogue(void **state)
{
	fields_catalog_free(cat);
	return 0;
}

static void user_ids_are_positive_integers(void **state)
{
	const char *bad[] = { "0", "-1", "abc", "", "4 2", "+4", "042",
			      "1.0", "99999999999999999999", " 7" };
	struct b24_error err;
	size_t i;

	assert_true(edit_check_user_id("42", &err));
	assert_true(edit_check_user_id("1", &err));
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		b24_error_clear(&err);
		assert_false(edit_check_user_id(bad[i], &err));
		assert_int_equal(err.exit, B24_EXIT_USAGE);
		assert_string_equal(err.code, "bad_user_id");
	}
	assert_false(edit_check_user_id(NULL, &err));
}

/* Blanks around an ID go wherever it is given; inside they stay. */
static void ids_are_trimmed(void **state)
{
	char a[] = "  7  ", b[] = "\t42\n", c[] = "4 2", d[] = " ", e[] = "5";
	struct b24_error err;

	assert_string_equal(edit_trim_id(a), "7");
	assert_string_equal(edit_trim_id(b), "42");
	assert_string_equal(edit_trim_id(c), "4 2");
	assert_string_equal(edit_trim_id(d), "");
	assert_string_equal(edit_trim_id(e), "5");
	assert_null(edit_trim_id(NULL));
	assert_true(edit_check_user_id(a, &err));
	assert_false(edit_check_user_id(c, &err));
}

/* Build with JSON texts for the options (NULL: not given); returns the
 * request as compact JSON or "ERR code". */
static char *build(const char *id, const char *data, bool admin,
		   const char *params, const char *filter, const char *order,
		   unsigned flags)
{
	struct update_options opt = {
		.admin_mode = admin,
		.params = params ? cJSON_Parse(params) : NULL,
		.filter = filter ? cJSON_Parse(filter) : NULL,
		.order = order ? cJSON_Parse(order) : NULL,
		.field_flags = flags,
	};
	cJSON *d = data ? cJSON_Parse(data) : NULL;
	struct b24_error err;
	cJSON *req;
	char *text, *out;

	b24_error_clear(&err);
	req = edit_build_update(id, d, &opt, cat, &err);
	if (req) {
		text = cJSON_PrintUnformatted(req);
		out = strdup(text);
		cJSON_free(text);
	} else {
		assert_int_equal(err.exit, B24_EXIT_USAGE);
		assert_true(err.message[0] && err.hint[0]);
		out = malloc(strlen(err.code) + 5);
		sprintf(out, "ERR %s", err.code);
	}
	cJSON_Delete(req);
	cJSON_Delete(d);
	cJSON_Delete(opt.params);
	cJSON_Delete(opt.filter);
	cJSON_Delete(opt.order);
	return out;
}

static void expect_build(char *got, const char *want)
{
	assert_string_equal(got, want);
	free(got);
}

static void update_carries_id_data_and_options(void **state)
{
	expect_build(build("7", "{\"ACTIVE\":true,\"NAME\":\"Анна\"}",
			   false, NULL, NULL, NULL, 0),
		     "{\"ID\":\"7\",\"ACTIVE\":\"Y\",\"NAME\":\"Анна\"}");
	expect_build(build("7", "{\"NAME\":null}", true,
			   "{\"LANG\":\"de\"}", "{\"ACTIVE\":true}",
			   "{\"LAST_NAME\":\"desc\"}", 0),
		     "{\"ID\":\"7\",\"NAME\":\"\",\"ADMIN_MODE\":\"Y\","
		     "\"FILTER\":{\"ACTIVE\":true},\"SORT\":\"LAST_NAME\","
		     "\"ORDER\":\"DESC\",\"LANG\":\"de\"}");
	expect_build(build("7", "{}", false, "{\"NAME\":\"x\"}", NULL, NULL,
			   0), "{\"ID\":\"7\",\"NAME\":\"x\"}");
}

static void bad_input_sends_nothing(void **state)
{
	expect_build(build("x", "{\"NAME\":\"a\"}", false, NULL, NULL, NULL,
			   0), "ERR bad_user_id");
	expect_build(build("7", "{}", false, NULL, NULL, NULL, 0),
		     "ERR no_data");
	expect_build(build("7", NULL, false, NULL, NULL, NULL, 0),
		     "ERR no_data");
	expect_build(build("7", "[]", false, NULL, NULL, NULL, 0),
		     "ERR data_not_object");
	expect_build(build("7", "{\"ID\":\"8\"}", false, NULL, NULL, NULL,
			   0), "ERR readonly_field");
	expect_build(build("7", "{\"EMAIL\":\"x\"}", false, NULL, NULL, NULL,
			   0), "ERR invalid_field_value");
	expect_build(build("7", "{\"auth\":\"x\"}", false, NULL, NULL, NULL,
			   FIELDS_ALLOW_UNKNOWN), "ERR param_refused");
}

static void custom_params_cannot_take_over(void **state)
{
	const char *refused[] = {
		"{\"ID\":\"8\"}", "{\"id\":\"8\"}", "{\"auth\":\"t\"}",
		"{\"access_token\":\"t\"}", "{\"NAME\":\"b\"}",
		"{\"name\":\"b\"}", "{\"ADMIN_MODE\":\"N\"}",
		"{\"SORT\":\"ID\"}", "{\"FILTER\":{}}",
	};
	size_t i;

	for (i = 0; i < sizeof refused / sizeof *refused; i++)
		expect_build(build("7", "{\"NAME\":\"a\"}", true, refused[i],
				   "{}", "{\"ID\":\"ASC\"}", 0),
			     "ERR param_refused");
	expect_build(build("7", "{\"NAME\":\"a\"}", false, "[1]", NULL,
			   NULL, 0), "ERR params_not_object");
	/* A known field given as a parameter is checked like data. */
	expect_build(build("7", "{}", false, "{\"ACTIVE\":true}", NULL,
			   NULL, 0), "{\"ID\":\"7\",\"ACTIVE\":\"Y\"}");
	expect_build(build("7", "{}", false, "{\"EMAIL\":\"x\"}", NULL,
			   NULL, 0), "ERR invalid_field_value");
	expect_build(build("7", "{}", false, "{\"active\":true}", NULL,
			   NULL, 0), "ERR unknown_field");
	expect_build(build("7", "{}", false, "{\"LANG\":true,\"X\":{}}",
			   NULL, NULL, 0),
		     "{\"ID\":\"7\",\"LANG\":true,\"X\":{}}");
}

static void filter_and_order_are_objects(void **state)
{
	const char *bad_orders[] = {
		"{}", "{\"NAME\":\"ASC\",\"ID\":\"DESC\"}",
		"{\"NAME\":\"UP\"}", "{\"NAME\":1}",
		"\"{\\\"NAME\\\":\\\"ASC\\\"}\"",
		"[\"NAME\"]", "{\"NAME; DROP\":\"ASC\"}",
	};
	size_t i;

	for (i = 0; i < sizeof bad_orders / sizeof *bad_orders; i++)
		expect_build(build("7", "{\"NAME\":\"a\"}", false, NULL, NULL,
				   bad_orders[i], 0), "ERR bad_order");
	expect_build(build("7", "{\"NAME\":\"a\"}", false, NULL,
			   "\"{\\\"ACTIVE\\\":true}\"", NULL, 0),
		     "ERR filter_not_object");
}

static char *changed(const char *loaded, const char *edited)
{
	cJSON *l = cJSON_Parse(loaded), *e = cJSON_Parse(edited);
	cJSON *c = edit_changed_fields(l, e);
	char *text = cJSON_PrintUnformatted(c), *out = strdup(text);

	cJSON_free(text);
	cJSON_Delete(l);
	cJSON_Delete(e);
	cJSON_Delete(c);
	return out;
}

static void unchanged_values_are_not_reported(void **state)
{
	const char *user = "{\"ID\":\"7\",\"ACTIVE\":true,\"NAME\":\"Anna\","
		"\"UF_DEPARTMENT\":[1,5],\"PERSONAL_BIRTHDAY\":"
		"\"1990-05-17T00:00:00+03:00\",\"EMAIL\":\"\","
		"\"WORK_PHONE\":\"42\",\"UF_USR_X\":null}";
	char *got;

	got = changed(user, "{\"ACTIVE\":\"Y\",\"NAME\":\"Anna\","
		      "\"UF_DEPARTMENT\":[5,1],\"PERSONAL_BIRTHDAY\":"
		      "\"1990-05-17\",\"EMAIL\":\"\",\"WORK_PHONE\":42,"
		      "\"UF_USR_X\":\"\",\"SECOND_NAME\":\"\"}");
	assert_string_equal(got, "{}");
	free(got);
	got = changed(user, "{\"ACTIVE\":\"N\",\"NAME\":\"Anna\","
		      "\"UF_DEPARTMENT\":[5],\"PERSONAL_BIRTHDAY\":"
		      "\"1990-05-18\",\"EMAIL\":\"a@b.cd\"}");
	assert_string_equal(got, "{\"ACTIVE\":\"N\",\"UF_DEPARTMENT\":[5],"
			    "\"PERSONAL_BIRTHDAY\":\"1990-05-18\","
			    "\"EMAIL\":\"a@b.cd\"}");
	free(got);
}

static void values_read_as_text(void **state)
{
	cJSON *v = cJSON_Parse("[1,5]");
	char *t = diff_value_text(v);

	assert_string_equal(t, "[1,5]");
	free(t);
	cJSON_Delete(v);
	t = diff_value_text(NULL);
	assert_string_equal(t, "(empty)");
	free(t);
	v = cJSON_CreateTrue();
	t = diff_value_text(v);
	assert_string_equal(t, "Y");
	free(t);
	assert_false(diff_values_equal(NULL, v));
	cJSON_Delete(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(user_ids_are_positive_integers),
		cmocka_unit_test(ids_are_trimmed),
		cmocka_unit_test(update_carries_id_data_and_options),
		cmocka_unit_test(bad_input_sends_nothing),
		cmocka_unit_test(custom_params_cannot_take_over),
		cmocka_unit_test(filter_and_order_are_objects),
		cmocka_unit_test(unchanged_values_are_not_reported),
		cmocka_unit_test(values_read_as_text),
	};

	return cmocka_run_group_tests(tests, load_catalogue, free_catalogue);
}
