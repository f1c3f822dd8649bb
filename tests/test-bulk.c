/* Unit tests for the bulk reader and pacing: CSV with a BOM, ';', quotes
 * and line breaks in cells, JSON Lines, empty cells, other encodings
 * refused, the figures of the request bucket and time budget, and the
 * journal's batch append. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "bulk-pace.h"
#include "bulk-read.h"
#include "bulk-state.h"
#include "journal.h"
#include "jsonutil.h"

static struct bulk_input in;
static struct b24_error err;

static bool read_text(const char *text, enum bulk_empty empty)
{
	bulk_input_free(&in);
	b24_error_clear(&err);
	return bulk_read_text(text, strlen(text), empty, &in, &err);
}

static const char *value(size_t rec, const char *field)
{
	assert_true(rec < in.count);
	return json_get_string(in.records[rec].data, field);
}

static void test_csv_comma(void **state)
{
	assert_true(read_text("ID,NAME,EMAIL\r\n5,Anna,a@b.example\r\n"
			      "7,Tom,\r\n", BULK_EMPTY_KEEP));
	assert_string_equal(in.format, "csv");
	assert_int_equal(in.delimiter, ',');
	assert_int_equal(in.count, 2);
	assert_int_equal(in.records[0].line, 2);
	assert_string_equal(value(0, "ID"), "5");
	assert_string_equal(value(0, "NAME"), "Anna");
	assert_string_equal(value(1, "NAME"), "Tom");
	/* An empty cell leaves the field alone. */
	assert_null(json_get(in.records[1].data, "EMAIL"));
	assert_int_equal(strlen(in.digest), 64);
}

static void test_csv_bom_semicolon(void **state)
{
	assert_true(read_text("\xEF\xBB\xBFID;UF_DEPARTMENT;NAME\n"
			      "5;\"1;5\";\xD0\x90\xD0\xBD\xD0\xBD\xD0\xB0\n",
			      BULK_EMPTY_KEEP));
	assert_int_equal(in.delimiter, ';');
	assert_int_equal(in.count, 1);
	assert_string_equal(value(0, "ID"), "5");
	assert_string_equal(value(0, "UF_DEPARTMENT"), "1;5");
	assert_string_equal(value(0, "NAME"), "Анна");
}

static void test_csv_quotes_newlines(void **state)
{
	assert_true(read_text("ID,WORK_POSITION,NAME\n"
			      "5,\"Lead, \"\"night\"\" shift\",A\n"
			      "6,\"two\r\nlines\",B\n"
			      "\n"
			      "7,x,C", BULK_EMPTY_KEEP));
	assert_int_equal(in.count, 3);
	assert_string_equal(value(0, "WORK_POSITION"),
			    "Lead, \"night\" shift");
	assert_string_equal(value(1, "WORK_POSITION"), "two\r\nlines");
	assert_int_equal(in.records[1].line, 3);
	/* The record after a line break in a cell starts two lines on;
	 * the blank line is skipped and still counted. */
	assert_int_equal(in.records[2].line, 6);
	assert_string_equal(value(2, "NAME"), "C");
}

static void test_csv_row_problems(void **state)
{
	assert_true(read_text("ID,NAME\n5,A,extra\n,B\n6,\"open\n",
			      BULK_EMPTY_KEEP));
	assert_int_equal(in.count, 3);
	assert_non_null(strstr(in.records[0].problem, "3 cells"));
	assert_null(in.records[0].data);
	assert_non_null(strstr(in.records[1].problem, "no user ID"));
	assert_non_null(strstr(in.records[2].problem, "not closed"));
}

/* An unclosed quote takes the rest of the file into one cell, so the
 * cells are too few as well: the quote is what gets named. */
static void test_csv_unclosed_quote_named(void **state)
{
	assert_true(read_text("ID,NAME,EMAIL\n5,\"open,x\n6,B,b@c.example\n",
			      BULK_EMPTY_KEEP));
	assert_int_equal(in.count, 1);
	assert_non_null(strstr(in.records[0].problem, "not closed"));
	assert_null(strstr(in.records[0].problem, "cells"));
	assert_int_equal(in.records[0].line, 2);
}

static void test_csv_header(void **state)
{
	assert_false(read_text("NAME,EMAIL\nA,a@b.example\n",
			       BULK_EMPTY_KEEP));
	assert_int_equal(err.exit, B24_EXIT_USAGE);
	assert_non_null(strstr(err.message, "no ID column"));
	assert_false(read_text("ID,NAME,NAME\n1,a,b\n", BULK_EMPTY_KEEP));
	assert_non_null(strstr(err.message, "twice"));
	assert_false(read_text("ID,,NAME\n1,a,b\n", BULK_EMPTY_KEEP));
	assert_non_null(strstr(err.message, "without a name"));
	assert_false(read_text("  \n", BULK_EMPTY_KEEP));
	assert_non_null(strstr(err.message, "empty"));
}

static void test_empty_clear(void **state)
{
	assert_true(read_text("ID,NAME,EMAIL\n5,,x@y.example\n",
			      BULK_EMPTY_CLEAR));
	assert_string_equal(value(0, "NAME"), "");
	assert_true(read_text("{\"ID\": 5, \"NAME\": null, \"UF_DEPARTMENT\":"
			      " []}\n", BULK_EMPTY_CLEAR));
	assert_string_equal(value(0, "NAME"), "");
	assert_string_equal(value(0, "UF_DEPARTMENT"), "");
	assert_true(read_text("{\"ID\": 5, \"NAME\": null, \"UF_DEPARTMENT\":"
			      " []}\n", BULK_EMPTY_KEEP));
	assert_null(json_get(in.records[0].data, "NAME"));
	assert_null(json_get(in.records[0].data, "UF_DEPARTMENT"));
}

static void test_jsonl(void **state)
{
	assert_true(read_text("{\"ID\": 5, \"ACTIVE\": true}\n"
			      "\n"
			      "{\"ID\": \"6\", "
			      "\"NAME\": \"\xF0\x9F\x8E\x89\"}\r\n"
			      "[1, 2]\n"
			      "{\"NAME\": \"no id\"}\n"
			      "{\"ID\": 7} trailing\n", BULK_EMPTY_KEEP));
	assert_string_equal(in.format, "jsonl");
	assert_int_equal(in.count, 5);
	assert_string_equal(value(0, "ID"), "5");
	assert_true(cJSON_IsTrue(json_get(in.records[0].data, "ACTIVE")));
	assert_int_equal(in.records[1].line, 3);
	assert_string_equal(value(1, "NAME"), "🎉");
	assert_non_null(strstr(in.records[2].problem, "JSON object"));
	assert_int_equal(in.records[2].line, 4);
	assert_non_null(strstr(in.records[3].problem, "no user ID"));
	assert_non_null(in.records[4].problem);
}

static void test_encodings_refused(void **state)
{
	/* Latin-1 "é" in line 2. */
	assert_false(read_text("ID,NAME\n5,Ren\xE9\n", BULK_EMPTY_KEEP));
	assert_int_equal(err.exit, B24_EXIT_USAGE);
	assert_non_null(strstr(err.message, "not UTF-8: line 2"));
	/* Windows-1251 "Анна". */
	assert_false(read_text("ID,NAME\n5,\xC0\xED\xED\xE0\n",
			       BULK_EMPTY_KEEP));
	assert_non_null(strstr(err.message, "not UTF-8"));
	/* UTF-16 with its byte order mark. */
	bulk_input_free(&in);
	assert_false(bulk_read_text("\xFF\xFEI\0D\0", 6, BULK_EMPTY_KEEP,
				    &in, &err));
	assert_non_null(strstr(err.message, "UTF-16"));
	/* Overlong and surrogate forms are not UTF-8 either. */
	assert_false(read_text("ID,NAME\n5,\xC0\xAF\n", BULK_EMPTY_KEEP));
	assert_false(read_text("ID,NAME\n5,\xED\xA0\x80\n", BULK_EMPTY_KEEP));
}

static void test_empty_parse(void **state)
{
	enum bulk_empty e;

	assert_true(bulk_empty_parse("clear", &e, &err));
	assert_int_equal(e, BULK_EMPTY_CLEAR);
	assert_true(bulk_empty_parse("keep", &e, &err));
	assert_int_equal(e, BULK_EMPTY_KEEP);
	assert_false(bulk_empty_parse("drop", &e, &err));
	assert_int_equal(err.exit, B24_EXIT_USAGE);
}

/* The console's resume line works when pasted: the profile the run used,
 * and a file name a shell would split quoted. */
static void test_resume_command(void **state)
{
	char *c;

	(void)state;
	c = bulk_resume_command("prod", "big.csv");
	assert_string_equal(c, "b24user update --profile prod --from big.csv "
			    "--resume");
	free(c);
	c = bulk_resume_command(NULL, "/tmp/my users's.csv");
	assert_string_equal(c, "b24user update --from '/tmp/my users'\\''s"
			    ".csv' --resume");
	free(c);
}

static void test_pace(void **state)
{
	struct bulk_pace p;

	bulk_pace_init(&p);
	assert_true(p.size == 50 && p.drain == 2 && p.budget == 480);
	assert_true(bulk_pace_parse_rate(&p, "10/2", &err));
	assert_true(p.size == 10 && p.drain == 2);
	assert_false(bulk_pace_parse_rate(&p, "10", &err));
	assert_false(bulk_pace_parse_rate(&p, "0/2", &err));
	assert_false(bulk_pace_parse_rate(&p, "10/2x", &err));
	assert_true(bulk_pace_parse_budget(&p, "60", &err));
	assert_false(bulk_pace_parse_budget(&p, "0", &err));
	/* An empty bucket lets a request go at once; a full one waits
	 * for one to drain. */
	assert_true(bulk_pace_bucket_wait(&p) == 0);
	/* The time budget: unknown lets a whole batch go. */
	assert_int_equal(bulk_pace_room(&p), BULK_BATCH_MAX);
	p.operating = 50;
	p.cost = 1;
	assert_int_equal(bulk_pace_room(&p), 11);
	p.operating = 60;
	assert_int_equal(bulk_pace_room(&p), 1);
	p.operating = 61;
	assert_int_equal(bulk_pace_room(&p), 0);
	p.operating = 1;
	assert_int_equal(bulk_pace_room(&p), BULK_BATCH_MAX);
	/* Used up until a reset still ahead; past it the figure is old
	 * and a whole batch goes. */
	p.operating = 61;
	p.reset_at = (double)time(NULL) + 100;
	assert_int_equal(bulk_pace_room(&p), 0);
	p.reset_at = (double)time(NULL) - 2;
	assert_int_equal(bulk_pace_room(&p), BULK_BATCH_MAX);
}

/* A batch of entries: consecutive seqs after the newest, one line each,
 * a torn last line left on a line of its own and not counted. */
static void test_journal_batch(void **state)
{
	char dir[] = "/tmp/test-bulk-XXXXXX", path[64];
	struct journal_entry e[3];
	struct journal_list l;
	FILE *f;
	size_t i;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/journal.jsonl", dir);
	f = fopen(path, "w");
	fputs("{\"seq\":4,\"outcome\":\"done\",\"fields\":{}}\n"
	      "{\"seq\":9,\"time\":\"2026", f);
	fclose(f);
	memset(e, 0, sizeof e);
	for (i = 0; i < 3; i++) {
		e[i].user_id = (char *)"5";
		e[i].run = (char *)"bulk-abc-1";
	}
	assert_true(journal_append_batch(path, e, 3, true, &err));
	assert_int_equal(e[0].seq, 5);
	assert_int_equal(e[2].seq, 7);
	e[1].outcome = JOURNAL_DONE;
	assert_true(journal_append_batch(path, &e[1], 1, false, &err));
	assert_true(journal_read(path, &l, &err));
	assert_int_equal(l.count, 4);
	assert_int_equal(l.skipped, 1);
	assert_int_equal(journal_find(&l, 6)->outcome, JOURNAL_DONE);
	assert_int_equal(journal_find(&l, 7)->outcome, JOURNAL_PENDING);
	assert_string_equal(journal_find(&l, 7)->run, "bulk-abc-1");
	journal_list_free(&l);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_comma),
		cmocka_unit_test(test_csv_bom_semicolon),
		cmocka_unit_test(test_csv_quotes_newlines),
		cmocka_unit_test(test_csv_row_problems),
		cmocka_unit_test(test_csv_unclosed_quote_named),
		cmocka_unit_test(test_csv_header),
		cmocka_unit_test(test_empty_clear),
		cmocka_unit_test(test_jsonl),
		cmocka_unit_test(test_encodings_refused),
		cmocka_unit_test(test_empty_parse),
		cmocka_unit_test(test_pace),
		cmocka_unit_test(test_resume_command),
		cmocka_unit_test(test_journal_batch),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	bulk_input_free(&in);
	return rc;
}
