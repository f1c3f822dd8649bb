/* Unit tests for jsonutil and the debug log: parse positions, number
 * printing, pretty printing, redaction and a seeded-secret log scan. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "jsonutil.h"
#include "log.h"

static void parse_reports_line_and_column(void **state)
{
	static const struct {
		const char *text;
		const char *want;
	} cases[] = {
		{ "{\n  \"a\": 1,\n  \"b\": oops}", "line 3, column 8" },
		{ "{} x", "line 1, column 4: there is more text" },
		{ "   ", "there is no JSON text at all" },
		{ "{\"a\": [1, 2", "not closed" },
		/* Columns count characters, not bytes. */
		{ "{\"имя\": ы}", "line 1, column 9" },
	};
	struct b24_error err;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		b24_error_clear(&err);
		assert_null(json_parse_text(cases[i].text,
					    strlen(cases[i].text), "--data",
					    &err));
		assert_int_equal(err.exit, B24_EXIT_USAGE);
		assert_non_null(strstr(err.message, "--data is not valid"));
		if (!strstr(err.message, cases[i].want))
			fail_msg("case %zu: '%s' lacks '%s'", i, err.message,
				 cases[i].want);
	}
}

/* cJSON stops one past a bad name and "ends too early" was said of any
 * mistake at the last character: each mistake is placed and named. */
static void parse_names_the_mistake(void **state)
{
	static const struct {
		const char *text;
		int line, column;
		const char *why;
	} cases[] = {
		{ "{\"NAME\": \"x\",}", 1, 13, "a trailing comma" },
		{ "[1, 2,\n]", 1, 6, "a trailing comma" },
		{ "{NAME: \"x\"}", 1, 2, "the name NAME needs double quotes" },
		{ "{,", 1, 2, "a name in double quotes is missing" },
		{ "{zz", 1, 2, "the name zz needs double quotes" },
		{ "{\n  \"a\" 1}", 2, 7, "a colon (:) is missing" },
		{ "{\"a\": 1 \"b\": 2}", 1, 9, "a comma is missing" },
		{ "{'a': 1}", 1, 2, "not single quotes" },
		{ "{\"a\": True}", 1, 7, "true in small letters" },
		{ "{\"a\": yes}", 1, 7, "double quotes: \"yes\"" },
		{ "{\"a\": }", 1, 7, "a value is missing after the colon" },
		{ "[1,,2]", 1, 4, "a value is missing before this comma" },
		{ "[1}", 1, 3, "does not match the [ at line 1, column 1" },
		{ "{\"a\": \"x", 1, 7, "quoted text is not closed" },
		{ "{\"a\": \"\\q\"}", 1, 8, "\\q is not an escape" },
		{ "[\"\\udc00\"]", 1, 3, "without its first half" },
		{ "[\"\\ud83d\"]", 1, 3, "without its second half" },
		{ "[-]", 1, 2, "a minus sign without a number" },
		{ "[1e]", 1, 3, "exponent" },
		{ "{\"a\": [1, 2", 1, 12,
		  "ends too early: the [ at line 1, column 7 is not closed" },
		{ "{\"имя\": 1,}", 1, 10, "a trailing comma" },
	};
	struct b24_error err;
	char want[64];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		b24_error_clear(&err);
		assert_null(json_parse_text(cases[i].text,
					    strlen(cases[i].text), "--data",
					    &err));
		snprintf(want, sizeof want, "line %d, column %d: ",
			 cases[i].line, cases[i].column);
		if (!strstr(err.message, want) ||
		    !strstr(err.message, cases[i].why))
			fail_msg("case %zu: '%s' lacks '%s%s'", i, err.message,
				 want, cases[i].why);
		assert_null(strstr(err.message, cases[i].column == 12 ?
				   "unexpected" : "ends too early"));
	}
}

static void parse_accepts_a_length_without_nul(void **state)
{
	const char buf[] = "{\"ID\":\"7\"}garbage";
	struct b24_error err;
	cJSON *j = json_parse_text(buf, 10, "body", &err);

	assert_non_null(j);
	assert_string_equal(json_get_string(j, "ID"), "7");
	cJSON_Delete(j);
}

static void lookups_are_case_sensitive(void **state)
{
	struct b24_error err;
	cJSON *j = json_parse_text("{\"Email\":\"a@b.c\"}", 17, "x", &err);

	assert_null(json_get(j, "email"));
	assert_null(json_get_string(j, "EMAIL"));
	assert_string_equal(json_get_string(j, "Email"), "a@b.c");
	assert_null(json_get(NULL, "Email"));
	cJSON_Delete(j);
}

static void scalars_print_without_exponent(void **state)
{
	static const struct {
		const char *json;
		const char *want;
	} cases[] = {
		{ "3000000000", "3000000000" },
		{ "9007199254740992", "9007199254740992" },
		{ "-42", "-42" },
		{ "1.5", "1.5" },
		{ "0.1", "0.1" },
		{ "1e-7", "0.0000001" },
		{ "-1.25e-7", "-0.000000125" },
		{ "123456.789", "123456.789" },
		{ "\"9007199254740993\"", "9007199254740993" },
		{ "true", "true" },
		{ "false", "false" },
	};
	struct b24_error err;
	size_t i;
	cJSON *j;
	char *text;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		j = json_parse_text(cases[i].json, strlen(cases[i].json), "x",
				    &err);
		assert_non_null(j);
		text = json_scalar_text(j);
		assert_string_equal(text, cases[i].want);
		free(text);
		cJSON_Delete(j);
	}
	j = cJSON_CreateNull();
	assert_null(json_scalar_text(j));
	cJSON_Delete(j);
	j = cJSON_CreateObject();
	assert_null(json_scalar_text(j));
	cJSON_Delete(j);
}

static void pretty_uses_two_spaces(void **state)
{
	const char *in = "{\"a\":[1,2],\"b\":{},\"c\":\"q\\\"\\n\\u0001\","
			 "\"d\":null,\"e\":[]}";
	struct b24_error err;
	cJSON *j = json_parse_text(in, strlen(in), "x", &err);
	char *pretty = json_pretty(j), *compact = json_compact(j);

	assert_string_equal(pretty,
			    "{\n  \"a\": [\n    1,\n    2\n  ],\n"
			    "  \"b\": {},\n  \"c\": \"q\\\"\\n\\u0001\",\n"
			    "  \"d\": null,\n  \"e\": []\n}");
	assert_string_equal(compact, in);
	free(pretty);
	free(compact);
	cJSON_Delete(j);
}

static void redact_masks_the_shapes_secrets_take(void **state)
{
	static const struct {
		const char *in;
		const char *want;
	} cases[] = {
		{ "POST /rest/1/abc123def456/user.get.json HTTP/1.1",
		  "POST /rest/1/***/user.get.json HTTP/1.1" },
		{ "https://h/rest/12/k9/ and /rest/7/z",
		  "https://h/rest/12/***/ and /rest/7/***" },
		{ "/rest/user.get.json?auth=tok123&x=1",
		  "/rest/user.get.json?auth=***&x=1" },
		{ "access_token=AAA; REFRESH_TOKEN=BBB",
		  "access_token=***; REFRESH_TOKEN=***" },
		{ "client_secret=s3&grant_type=refresh_token",
		  "client_secret=***&grant_type=refresh_token" },
		{ "{\"auth\": \"tok\", \"x\": 1}",
		  "{\"auth\": \"***\", \"x\": 1}" },
		{ "{\"access_token\":\"a\\\"b\",\"y\":2}",
		  "{\"access_token\":\"***\",\"y\":2}" },
		{ "Authorization: Bearer xyz\r\nHost: h",
		  "Authorization: ***\r\nHost: h" },
		{ "proxy-authorization: Basic dXNlcg==",
		  "proxy-authorization: ***" },
		{ "author=joe oauth=1 /rest/user.get.json",
		  "author=joe oauth=1 /rest/user.get.json" },
	};
	size_t i;
	char *out;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		out = redact_text(cases[i].in);
		assert_string_equal(out, cases[i].want);
		free(out);
	}
}

static void redact_masks_registered_secrets(void **state)
{
	char *out;

	log_add_secret("abc");		/* too short: ignored */
	log_add_secret("S3cretValue");
	log_add_secret("S3cretValueLonger");
	out = redact_text("x S3cretValueLonger y S3cretValue abc");
	assert_string_equal(out, "x *** y *** abc");
	free(out);
	log_forget_secrets();
	out = redact_text("S3cretValue");
	assert_string_equal(out, "S3cretValue");
	free(out);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 1 << 20);
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, (1 << 20) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void random_secret(char *out, size_t len)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	FILE *f = fopen("/dev/urandom", "r");
	size_t i;

	assert_non_null(f);
	for (i = 0; i + 1 < len; i++)
		out[i] = set[(unsigned)fgetc(f) % (sizeof set - 1)];
	out[len - 1] = '\0';
	fclose(f);
}

/* Seed secrets, log them in every shape, then scan the file for them. */
static void log_file_never_holds_a_secret(void **state)
{
	char path[] = "/tmp/b24-test-log.XXXXXX";
	char code[17], token[71], other[33], *text;
	struct stat st;
	struct b24_error err;
	int fd = mkstemp(path), lines = 0;
	const char *p;

	assert_true(fd >= 0);
	close(fd);
	chmod(path, 0644);
	random_secret(code, sizeof code);
	random_secret(token, sizeof token);
	random_secret(other, sizeof other);
	assert_true(log_open(path, &err));
	assert_true(log_enabled());
	log_add_secret(other);
	log_debug("> POST /rest/1/%s/user.update.json HTTP/1.1", code);
	log_debug("body {\"auth\":\"%s\",\"ID\":\"1\"}", token);
	log_debug("query auth=%s&x=1", token);
	log_debug("Authorization: Bearer %s", token);
	log_debug("refresh_token=%s", other);
	log_debug("plain %s in text", other);
	log_debug("escape \x1b[31mred\nsecond line\r\t");
	log_close();
	assert_false(log_enabled());
	log_debug("not written");

	text = read_file(path);
	assert_null(strstr(text, code));
	assert_null(strstr(text, token));
	assert_null(strstr(text, other));
	assert_non_null(strstr(text, "\\x1b[31mred\\nsecond line\\r\\t"));
	assert_null(strstr(text, "not written"));
	for (p = text; (p = strchr(p, '\n')) != NULL; p++)
		lines++;
	assert_int_equal(lines, 7);
	/* 2026-12-04T17:10:49.123Z at the start of a line */
	assert_true(text[4] == '-' && text[10] == 'T' && text[23] == 'Z');
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(text);
	unlink(path);
	log_forget_secrets();
}

static void log_open_reports_failure(void **state)
{
	struct b24_error err;

	b24_error_clear(&err);
	assert_true(log_open(NULL, &err));
	assert_false(log_enabled());
	assert_false(log_open("/nonexistent-dir/x/debug.log", &err));
	assert_string_equal(err.code, "log_open_failed");
	assert_non_null(strstr(err.message, "/nonexistent-dir/x/debug.log"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_reports_line_and_column),
		cmocka_unit_test(parse_names_the_mistake),
		cmocka_unit_test(parse_accepts_a_length_without_nul),
		cmocka_unit_test(lookups_are_case_sensitive),
		cmocka_unit_test(scalars_print_without_exponent),
		cmocka_unit_test(pretty_uses_two_spaces),
		cmocka_unit_test(redact_masks_the_shapes_secrets_take),
		cmocka_unit_test(redact_masks_registered_secrets),
		cmocka_unit_test(log_file_never_holds_a_secret),
		cmocka_unit_test(log_open_reports_failure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
