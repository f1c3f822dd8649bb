/* Unit tests for the pieces of a safe edit that need no portal: the diff,
 * conflicts, --expect, read-back comparison and batch encoding. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "batch.h"
#include "diff.h"
#include "safe-edit.h"
#include "verify.h"

static struct field_catalog *cat;

static int setup(void **state)
{
	struct b24_error err;
	const char *dir = getenv("B24_TESTDIR");
	char path[4096];

	snprintf(path, sizeof path, "%s/../data", dir ? dir : "tests");
	setenv("B24USER_DATADIR", path, 1);
	cat = fields_catalog_load(&err);
	return cat ? 0 : -1;
}

static int teardown(void **state)
{
	fields_catalog_free(cat);
	return 0;
}

static char *compact(cJSON *v)
{
	char *text = cJSON_PrintUnformatted(v), *out = strdup(text);

	cJSON_free(text);
	cJSON_Delete(v);
	return out;
}

static void expect_json(cJSON *got, const char *want)
{
	char *text = compact(got);

	assert_string_equal(text, want);
	free(text);
}

static const char *user = "{\"ID\":\"7\",\"ACTIVE\":true,"
	"\"NAME\":\"Anna\",\"LAST_NAME\":\"Ivanova\",\"UF_DEPARTMENT\":[1],"
	"\"WORK_POSITION\":\"line1\\nline2\\u0007\"}";

static void the_diff_shows_old_and_new(void **state)
{
	cJSON *u = cJSON_Parse(user);
	cJSON *c = cJSON_Parse("{\"LAST_NAME\":\"Petrova\",\"ACTIVE\":\"N\","
			       "\"EMAIL\":\"a@b.cd\",\"WORK_POSITION\":\"\"}");
	char *text = diff_render(u, c, cat);

	assert_string_equal(text,
		"Last name (LAST_NAME): Ivanova \u2192 Petrova\n"
		"Active (ACTIVE): Y \u2192 N\n"
		"E-mail (EMAIL): (empty) \u2192 a@b.cd\n"
		"Position (WORK_POSITION): line1\\nline2? \u2192 (empty)\n");
	free(text);
	cJSON_Delete(u);
	cJSON_Delete(c);
}

static void conflicts_name_three_values(void **state)
{
	cJSON *loaded = cJSON_Parse(user);
	cJSON *now = cJSON_Parse("{\"ID\":\"7\",\"ACTIVE\":\"Y\","
				 "\"NAME\":\"Anya\",\"LAST_NAME\":\"Ivanova\","
				 "\"UF_DEPARTMENT\":[1]}");
	cJSON *mine = cJSON_Parse("{\"NAME\":\"Annie\",\"ACTIVE\":\"N\","
				  "\"LAST_NAME\":\"Petrova\"}");
	cJSON *c = diff_conflicts(loaded, now, mine);
	char *text = diff_render_conflicts(c, cat);

	assert_string_equal(text, "First name (NAME): loaded Anna, now on "
			    "the portal Anya, yours Annie\n");
	free(text);
	expect_json(c, "{\"NAME\":{\"loaded\":\"Anna\",\"now\":\"Anya\","
		    "\"yours\":\"Annie\"}}");
	expect_json(diff_conflicts(loaded, loaded, mine), "{}");
	cJSON_Delete(loaded);
	cJSON_Delete(now);
	cJSON_Delete(mine);
}

static void expectations_are_read_like_data(void **state)
{
	cJSON *now = cJSON_Parse(user);
	cJSON *ok = cJSON_Parse("{\"ACTIVE\":\"yes\",\"NAME\":\"Anna\","
				"\"UF_DEPARTMENT\":\"1\",\"EMAIL\":\"\"}");
	cJSON *bad = cJSON_Parse("{\"ACTIVE\":\"N\",\"NAME\":\"Anna\"}");

	expect_json(diff_expect_mismatches(now, ok, cat), "{}");
	expect_json(diff_expect_mismatches(now, bad, cat),
		    "{\"ACTIVE\":{\"expected\":\"N\",\"now\":true}}");
	cJSON_Delete(now);
	cJSON_Delete(ok);
	cJSON_Delete(bad);
}

static void read_back_names_dropped_fields(void **state)
{
	cJSON *after = cJSON_Parse("{\"ID\":\"7\",\"ACTIVE\":true,"
				   "\"NAME\":\"Anya\",\"UF_DEPARTMENT\":[1],"
				   "\"PERSONAL_BIRTHDAY\":"
				   "\"1990-05-17T03:00:00+03:00\"}");
	cJSON *sent = cJSON_Parse("{\"ACTIVE\":\"N\",\"NAME\":\"Anya\","
				  "\"UF_DEPARTMENT\":[1,5],"
				  "\"PERSONAL_BIRTHDAY\":\"1990-05-17\","
				  "\"UF_USR_GONE\":\"x\"}");
	cJSON *dropped = verify_dropped(after, sent);
	char *text = verify_render(dropped);

	assert_string_equal(text,
		"ACTIVE was not changed: only administrators can dismiss "
		"users\n"
		"UF_DEPARTMENT was not changed: only administrators can move "
		"users between departments\n"
		"UF_USR_GONE was not changed: the portal kept (empty); the "
		"field may not exist or may not be writable with these "
		"credentials\n");
	free(text);
	expect_json(verify_dropped_names(dropped),
		    "[\"ACTIVE\",\"UF_DEPARTMENT\",\"UF_USR_GONE\"]");
	cJSON_Delete(dropped);
	expect_json(verify_dropped(after, cJSON_GetObjectItem(after, "x")),
		    "[]");
	cJSON_Delete(after);
	cJSON_Delete(sent);
}

static void batch_commands_use_php_brackets(void **state)
{
	cJSON *p = cJSON_Parse("{\"ID\":\"7\",\"NAME\":\"Анна & Co\","
			       "\"UF_DEPARTMENT\":[1,5],\"EMPTY\":\"\","
			       "\"GONE\":null,\"FILTER\":{\"ACTIVE\":true},"
			       "\"X\":\"$result[a][0]\"}");
	char *line = batch_command("user.update", p);

	assert_string_equal(line, "user.update?ID=7&NAME=%D0%90%D0%BD%D0%BD"
			    "%D0%B0%20%26%20Co&UF_DEPARTMENT%5B0%5D=1"
			    "&UF_DEPARTMENT%5B1%5D=5&EMPTY=&FILTER%5BACTIVE"
			    "%5D=1&X=%24result%5Ba%5D%5B0%5D");
	free(line);
	cJSON_Delete(p);
}

static void batch_answers_are_picked_apart(void **state)
{
	cJSON *r = cJSON_Parse("{\"result\":{\"update\":true},"
			       "\"result_error\":{\"readback\":{\"error\":"
			       "\"QUERY_LIMIT_EXCEEDED\",\"error_description\":"
			       "\"Too many requests\"}}}");
	cJSON *halted = cJSON_Parse("{\"result\":[],\"result_error\":[]}");
	const cJSON *res;
	struct b24_error err;

	b24_error_clear(&err);
	assert_true(batch_sub_result(r, "update", &res, &err));
	assert_true(cJSON_IsTrue(res));
	assert_false(batch_sub_result(r, "readback", &res, &err));
	assert_string_equal(err.code, "QUERY_LIMIT_EXCEEDED");
	assert_false(batch_sub_result(halted, "update", &res, &err));
	assert_string_equal(err.code, "batch_not_run");
	cJSON_Delete(r);
	cJSON_Delete(halted);
}

static void dismissing_oneself_is_noticed(void **state)
{
	struct safe_edit se = { .user_id = "1" };

	se.changed = cJSON_Parse("{\"ACTIVE\":\"N\"}");
	assert_true(safe_edit_dismisses_self(&se, "1"));
	assert_false(safe_edit_dismisses_self(&se, "2"));
	assert_false(safe_edit_dismisses_self(&se, NULL));
	cJSON_Delete(se.changed);
	se.changed = cJSON_Parse("{\"ACTIVE\":\"Y\",\"NAME\":\"x\"}");
	assert_false(safe_edit_dismisses_self(&se, "1"));
	safe_edit_free(&se);
	assert_null(se.changed);
}

static void the_item_says_verified_and_dropped(void **state)
{
	struct safe_edit se = { .user_id = "1" };

	se.response = cJSON_Parse("{\"result\":true}");
	se.dropped = cJSON_Parse("[]");
	expect_json(safe_edit_item(&se),
		    "{\"json\":{\"result\":true},\"verified\":true}");
	cJSON_Delete(se.dropped);
	se.dropped = cJSON_Parse("[{\"field\":\"ACTIVE\",\"reason\":\"x\"}]");
	expect_json(safe_edit_item(&se),
		    "{\"json\":{\"result\":true},\"verified\":false,"
		    "\"dropped\":[\"ACTIVE\"]}");
	cJSON_Delete(se.dropped);
	se.dropped = NULL;
	expect_json(safe_edit_item(&se),
		    "{\"json\":{\"result\":true},\"verified\":false}");
	safe_edit_free(&se);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_diff_shows_old_and_new),
		cmocka_unit_test(conflicts_name_three_values),
		cmocka_unit_test(expectations_are_read_like_data),
		cmocka_unit_test(read_back_names_dropped_fields),
		cmocka_unit_test(batch_commands_use_php_brackets),
		cmocka_unit_test(batch_answers_are_picked_apart),
		cmocka_unit_test(dismissing_oneself_is_noticed),
		cmocka_unit_test(the_item_says_verified_and_dropped),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
