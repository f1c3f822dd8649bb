/* Unit tests for the output formats of search: CSV quoting and values,
 * JSON Lines and JSON items read back unchanged, the table's display
 * widths, and the checks on --filter, --order and --fields. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "export.h"
#include "jsonutil.h"
#include "search.h"

static char *cell(const char *text)
{
	struct strbuf sb;

	sb_init(&sb);
	export_csv_cell(&sb, text);
	return sb_steal(&sb);
}

static void assert_cell(const char *in, const char *want)
{
	char *got = cell(in);

	assert_string_equal(got, want);
	free(got);
}

static void test_csv_cell(void **state)
{
	assert_cell("plain", "plain");
	assert_cell("", "");
	assert_cell("a,b", "\"a,b\"");
	assert_cell("say \"hi\"", "\"say \"\"hi\"\"\"");
	assert_cell("two\nlines", "\"two\nlines\"");
	assert_cell("cr\r\nlf", "\"cr\r\nlf\"");
	assert_cell("1;5", "\"1;5\"");
	assert_cell("Ольга Смирнова", "Ольга Смирнова");
	assert_cell("Бухгалтерия, \"Главная\"",
		    "\"Бухгалтерия, \"\"Главная\"\"\"");
}

static void assert_value(const char *json, const char *want)
{
	cJSON *v = cJSON_Parse(json);
	char *got = export_csv_value(v);

	assert_string_equal(got, want);
	free(got);
	cJSON_Delete(v);
}

static void test_csv_value(void **state)
{
	assert_value("[1, 5]", "1;5");
	assert_value("[]", "");
	assert_value("true", "Y");
	assert_value("false", "N");
	assert_value("null", "");
	assert_value("\"9007199254740993\"", "9007199254740993");
	assert_value("42", "42");
	assert_value("{\"a\":1}", "{\"a\":1}");
	assert_value("\"Иван\"", "Иван");
}

/* Runs an export of the users in json (an array) and returns what it
 * wrote. */
static char *export_text(const struct export_options *opt, const char *json)
{
	cJSON *users = cJSON_Parse(json);
	const cJSON *u;
	struct export *ex;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(users);
	ex = export_new(f, opt);
	cJSON_ArrayForEach(u, users)
		export_user(ex, u);
	assert_int_equal(export_end(ex), 0);
	fclose(f);
	cJSON_Delete(users);
	return buf;
}

static const char two_users[] =
	"[{\"NAME\": \"Ольга\", \"ID\": \"4\", \"LAST_NAME\": \"Смирнова\","
	" \"EMAIL\": \"olga@acme.example\", \"ACTIVE\": true,"
	" \"UF_DEPARTMENT\": [6, 2], \"WORK_NOTES\": \"a, \\\"b\\\"\\nc\"},"
	" {\"NAME\": \"Liam\", \"ID\": \"11\", \"LAST_NAME\": \"O'Brien\","
	" \"EMAIL\": \"liam@acme.example\", \"ACTIVE\": false,"
	" \"UF_DEPARTMENT\": [7], \"WORK_NOTES\": \"\"}]";

static void test_csv_export(void **state)
{
	struct export_options opt = { .format = EXPORT_CSV };
	char *out = export_text(&opt, two_users);

	assert_string_equal(out,
		"ID,NAME,LAST_NAME,EMAIL,ACTIVE,UF_DEPARTMENT,WORK_NOTES\r\n"
		"4,Ольга,Смирнова,olga@acme.example,Y,\"6;2\","
		"\"a, \"\"b\"\"\nc\"\r\n"
		"11,Liam,O'Brien,liam@acme.example,N,7,\r\n");
	free(out);
}

static void test_csv_fields(void **state)
{
	cJSON *fields = cJSON_Parse("[\"EMAIL\", \"ID\", \"PERSONAL_CITY\"]");
	struct export_options opt = { .format = EXPORT_CSV,
				      .fields = fields };
	char *out = export_text(&opt, two_users);

	assert_string_equal(out, "ID,EMAIL,PERSONAL_CITY\r\n"
			    "4,olga@acme.example,\r\n"
			    "11,liam@acme.example,\r\n");
	free(out);
	out = export_text(&opt, "[]");
	assert_string_equal(out, "ID,EMAIL,PERSONAL_CITY\r\n");
	free(out);
	cJSON_Delete(fields);
}

/* Every line is one object, and reads back as exactly the user. */
static void test_jsonl(void **state)
{
	struct export_options opt = { .format = EXPORT_JSONL };
	cJSON *users = cJSON_Parse(two_users);
	char *out = export_text(&opt, two_users);
	char *rest = out, *line;
	struct b24_error err;
	cJSON *back;
	int n = 0;

	while ((line = strsep(&rest, "\n")) != NULL && *line) {
		back = json_parse_text(line, strlen(line), "line", &err);
		assert_non_null(back);
		assert_true(cJSON_Compare(back,
					  cJSON_GetArrayItem(users, n), true));
		cJSON_Delete(back);
		n++;
	}
	assert_int_equal(n, 2);
	assert_null(rest);
	assert_non_null(strstr(out, "\"Ольга\""));
	free(out);
	cJSON_Delete(users);
}

static void test_jsonl_fields(void **state)
{
	cJSON *fields = cJSON_Parse("[\"UF_DEPARTMENT\"]");
	struct export_options opt = { .format = EXPORT_JSONL,
				      .fields = fields };
	char *out = export_text(&opt, two_users);

	assert_string_equal(out, "{\"ID\":\"4\",\"UF_DEPARTMENT\":[6,2]}\n"
			    "{\"ID\":\"11\",\"UF_DEPARTMENT\":[7]}\n");
	free(out);
	cJSON_Delete(fields);
}

static void test_json_items(void **state)
{
	struct export_options opt = { .format = EXPORT_JSON };
	cJSON *users = cJSON_Parse(two_users);
	char *out = export_text(&opt, two_users);
	cJSON *back = cJSON_Parse(out);

	assert_non_null(back);
	assert_int_equal(cJSON_GetArraySize(back), 2);
	assert_true(cJSON_Compare(json_get(cJSON_GetArrayItem(back, 1),
					   "json"),
				  cJSON_GetArrayItem(users, 1), true));
	cJSON_Delete(back);
	free(out);
	out = export_text(&opt, "[]");
	assert_string_equal(out, "[]\n");
	free(out);
	cJSON_Delete(users);
}

/* Columns of a terminal before p: one per character here (Cyrillic is
 * one column wide, two bytes long). */
static int column_of(const char *line, const char *p)
{
	int col = 0;

	for (; line < p; line++)
		if (((unsigned char)*line & 0xc0) != 0x80)
			col++;
	return col;
}

/* Columns line up by what a terminal shows, not by bytes. */
static void test_table(void **state)
{
	struct export_options opt = { .format = EXPORT_TABLE, .width = 80 };
	char *out = export_text(&opt,
		"[{\"ID\": \"4\", \"NAME\": \"Ольга\", \"LAST_NAME\": "
		"\"Смирнова\", \"EMAIL\": \"o@x\", \"ACTIVE\": true},"
		" {\"ID\": \"11\", \"NAME\": \"Liam\", \"LAST_NAME\": "
		"\"O'Brien\", \"EMAIL\": \"l@x\", \"ACTIVE\": false,"
		" \"WORK_POSITION\": \"a\\u001b[31mred and a very long "
		"position indeed\"}]");
	char *copy = strdup(out), *rest = copy;
	char *head = strsep(&rest, "\n");
	char *row1 = strsep(&rest, "\n");
	char *row2 = strsep(&rest, "\n");
	int col = column_of(head, strstr(head, "E-mail"));

	assert_int_equal(column_of(row1, strstr(row1, "o@x")), col);
	assert_int_equal(column_of(row2, strstr(row2, "l@x")), col);
	assert_int_equal(column_of(head, strstr(head, "Active")),
			 column_of(row1, strstr(row1, "yes")));
	assert_int_equal(column_of(head, strstr(head, "Active")),
			 column_of(row2, strstr(row2, "no")));
	free(copy);
	assert_null(strchr(out, '\033'));
	assert_non_null(strstr(out, "a?[31mred"));
	assert_non_null(strstr(out, "\xe2\x80\xa6"));
	assert_non_null(strstr(out, "(2 users)\n"));
	free(out);
}

/* A long ID is shown whole and the columns after it still line up:
 * the name cell after it gives up the room. */
static void test_table_wide_id(void **state)
{
	struct export_options opt = { .format = EXPORT_TABLE, .width = 120 };
	char *out = export_text(&opt,
		"[{\"ID\": \"4\", \"NAME\": \"Ольга\", \"EMAIL\": \"o@x\"},"
		" {\"ID\": \"9007199254740993\", \"NAME\": \"Big\", "
		"\"LAST_NAME\": \"Identifier\", \"EMAIL\": \"b@x\"}]");
	char *copy = strdup(out), *rest = copy;
	char *head = strsep(&rest, "\n");
	char *row1 = strsep(&rest, "\n");
	char *row2 = strsep(&rest, "\n");
	int col = column_of(head, strstr(head, "E-mail"));

	assert_non_null(strstr(row2, "9007199254740993  Big Identifier"));
	assert_int_equal(column_of(row1, strstr(row1, "o@x")), col);
	assert_int_equal(column_of(row2, strstr(row2, "b@x")), col);
	assert_int_equal(column_of(head, strstr(head, "Active")),
			 column_of(row2, strstr(row2, "yes")));
	free(copy);
	free(out);
	(void)state;
}

static void test_format_parse(void **state)
{
	enum export_format f;
	struct b24_error err;

	assert_true(export_format_parse("jsonl", &f, &err));
	assert_int_equal(f, EXPORT_JSONL);
	assert_false(export_format_parse("xml", &f, &err));
	assert_int_equal(err.exit, B24_EXIT_USAGE);
}

static void test_parse_options(void **state)
{
	struct b24_error err;
	cJSON *v;

	v = search_parse_filter("{\"%NAME\": \"Ol\",\n \"@ID\": [1 2]}", &err);
	assert_null(v);
	assert_int_equal(err.exit, B24_EXIT_USAGE);
	assert_non_null(strstr(err.message, "--filter is not valid JSON: "
			       "line 2, column 12"));
	assert_null(search_parse_filter("[1]", &err));
	v = search_parse_order("{\"LAST_NAME\": \"desc\"}", &err);
	assert_string_equal(json_get_string(v, "LAST_NAME"), "DESC");
	cJSON_Delete(v);
	assert_null(search_parse_order("{\"A\": \"UP\"}", &err));
	assert_null(search_parse_order("{\"A\": \"ASC\", \"B\": \"ASC\"}",
				       &err));
	assert_null(search_parse_order("{\"last_name\": \"ASC\"}", &err));
	v = search_parse_fields("NAME, EMAIL,NAME", &err);
	assert_int_equal(cJSON_GetArraySize(v), 2);
	cJSON_Delete(v);
	assert_null(search_parse_fields("NAME,,EMAIL", &err));
	assert_null(search_parse_fields("name", &err));
	assert_non_null(strstr(err.hint, "capitals"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_cell),
		cmocka_unit_test(test_csv_value),
		cmocka_unit_test(test_csv_export),
		cmocka_unit_test(test_csv_fields),
		cmocka_unit_test(test_jsonl),
		cmocka_unit_test(test_jsonl_fields),
		cmocka_unit_test(test_json_items),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_table_wide_id),
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_parse_options),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
