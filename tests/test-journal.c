/* Unit tests for the change journal: appends, a torn last line, secrets,
 * and undo plans. */
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

#include "journal.h"
#include "log.h"

static struct field_catalog *cat;
static char dir[] = "/tmp/b24-journal-XXXXXX";
static char path[256];

static int setup(void **state)
{
	struct b24_error err;
	const char *tdir = getenv("B24_TESTDIR");
	char data[4096];

	snprintf(data, sizeof data, "%s/../data", tdir ? tdir : "tests");
	setenv("B24USER_DATADIR", data, 1);
	cat = fields_catalog_load(&err);
	if (!mkdtemp(dir))
		return -1;
	return cat ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[300];

	fields_catalog_free(cat);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A fresh journal path in a folder that does not exist yet. */
static const char *fresh(const char *name)
{
	snprintf(path, sizeof path, "%s/%s/state/journal.jsonl", dir, name);
	return path;
}

static void entry(struct journal_entry *e, const char *uid,
		  const char *fields)
{
	memset(e, 0, sizeof *e);
	e->profile = strdup("main");
	e->portal = strdup("https://example.bitrix24.com");
	e->user_id = strdup(uid);
	e->operator = strdup("1 Anna Admin");
	e->fields = cJSON_Parse(fields);
}

static void write_entry(const char *p, const char *uid, const char *fields,
			enum journal_outcome outcome, int verified,
			long *seq)
{
	struct journal_entry e;
	struct b24_error err;

	entry(&e, uid, fields);
	assert_true(journal_begin(p, &e, &err));
	e.outcome = outcome;
	e.verified = verified;
	if (verified == 0)
		e.dropped = cJSON_Parse("[\"ACTIVE\"]");
	assert_true(journal_finish(p, &e, &err));
	if (seq)
		*seq = e.seq;
	journal_entry_clear(&e);
}

static char *file_text(const char *p)
{
	FILE *f = fopen(p, "r");
	static char buf[8192];
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void fields_keep_sendable_before_values(void **state)
{
	cJSON *user = cJSON_Parse("{\"ID\":\"7\",\"ACTIVE\":true,"
		"\"PERSONAL_BIRTHDAY\":\"1990-05-17T03:00:00+03:00\","
		"\"NAME\":\"Anna\",\"PERSONAL_PHOTO\":\"/upload/a.jpg\"}");
	cJSON *changed = cJSON_Parse("{\"ACTIVE\":\"N\","
		"\"PERSONAL_BIRTHDAY\":\"\",\"NAME\":\"Anya\","
		"\"WORK_PHONE\":\"42\","
		"\"PERSONAL_PHOTO\":[\"b.jpg\",\"QUJD\"]}");
	cJSON *f = journal_fields(user, changed, cat);
	char *text = cJSON_PrintUnformatted(f);

	assert_string_equal(text,
		"{\"ACTIVE\":{\"before\":\"Y\",\"after\":\"N\"},"
		"\"PERSONAL_BIRTHDAY\":{\"before\":\"1990-05-17\","
		"\"after\":\"\"},"
		"\"NAME\":{\"before\":\"Anna\",\"after\":\"Anya\"},"
		"\"WORK_PHONE\":{\"before\":\"\",\"after\":\"42\"},"
		"\"PERSONAL_PHOTO\":{\"before\":\"/upload/a.jpg\","
		"\"after\":\"b.jpg\"}}");
	cJSON_free(text);
	cJSON_Delete(f);
	cJSON_Delete(user);
	cJSON_Delete(changed);
}

static void entries_are_pending_then_complete(void **state)
{
	const char *p = fresh("a");
	struct journal_entry e;
	struct journal_list l;
	struct b24_error err;
	struct stat st;

	entry(&e, "7", "{\"NAME\":{\"before\":\"Anna\",\"after\":\"Anya\"}}");
	assert_true(journal_begin(p, &e, &err));
	assert_int_equal(e.seq, 1);
	assert_int_equal(strlen(e.time), 20);
	assert_true(journal_read(p, &l, &err));
	assert_int_equal(l.count, 1);
	assert_int_equal(l.entries[0].outcome, JOURNAL_PENDING);
	assert_int_equal(l.entries[0].verified, -1);
	journal_list_free(&l);

	e.outcome = JOURNAL_DONE;
	e.verified = 1;
	assert_true(journal_finish(p, &e, &err));
	journal_entry_clear(&e);
	assert_true(journal_read(p, &l, &err));
	assert_int_equal(l.count, 1);
	assert_int_equal(l.skipped, 0);
	assert_int_equal(l.entries[0].outcome, JOURNAL_DONE);
	assert_int_equal(l.entries[0].verified, 1);
	assert_string_equal(l.entries[0].user_id, "7");
	assert_string_equal(l.entries[0].operator, "1 Anna Admin");
	journal_list_free(&l);

	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	*strrchr(path, '/') = '\0';
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
}

static void every_line_has_the_contract_keys(void **state)
{
	const char *keys[] = { "seq", "time", "profile", "portal", "user_id",
			       "operator", "fields", "outcome", "verified" };
	const char *p = fresh("keys");
	char *text, *nl;
	cJSON *obj;
	size_t i, lines = 0;

	write_entry(p, "7", "{\"NAME\":{\"before\":\"\",\"after\":\"x\"}}",
		    JOURNAL_DONE, 0, NULL);
	text = file_text(p);
	for (; (nl = strchr(text, '\n')); text = nl + 1, lines++) {
		*nl = '\0';
		obj = cJSON_Parse(text);
		assert_non_null(obj);
		for (i = 0; i < sizeof keys / sizeof *keys; i++)
			assert_non_null(cJSON_GetObjectItemCaseSensitive(
				obj, keys[i]));
		cJSON_Delete(obj);
	}
	assert_int_equal(lines, 2);
}

static void a_torn_last_line_is_tolerated(void **state)
{
	const char *p = fresh("torn");
	struct journal_list l;
	struct b24_error err;
	long seq;
	FILE *f;

	write_entry(p, "7", "{\"NAME\":{\"before\":\"a\",\"after\":\"b\"}}",
		    JOURNAL_DONE, 1, &seq);
	write_entry(p, "8", "{\"NAME\":{\"before\":\"c\",\"after\":\"d\"}}",
		    JOURNAL_DONE, 1, &seq);
	f = fopen(p, "a");
	fputs("{\"seq\":3,\"time\":\"2026-12-04T17:00:00Z\",\"prof", f);
	fclose(f);

	assert_true(journal_read(p, &l, &err));
	assert_int_equal(l.count, 2);
	assert_int_equal(l.skipped, 1);
	journal_list_free(&l);

	write_entry(p, "9", "{\"NAME\":{\"before\":\"e\",\"after\":\"f\"}}",
		    JOURNAL_DONE, 1, &seq);
	assert_int_equal(seq, 3);
	assert_true(journal_read(p, &l, &err));
	assert_int_equal(l.count, 3);
	assert_int_equal(l.skipped, 1);
	assert_string_equal(journal_find(&l, 3)->user_id, "9");
	journal_list_free(&l);
}

static void a_missing_journal_is_empty(void **state)
{
	struct journal_list l;
	struct b24_error err;

	assert_true(journal_read(fresh("none"), &l, &err));
	assert_int_equal(l.count, 0);
	assert_null(journal_newest_undoable(&l, NULL));
}

static void secrets_never_reach_the_journal(void **state)
{
	const char *p = fresh("secret");
	const char *secret = "s3cr3t-webhook-code-1234";
	char fields[256];

	log_add_secret(secret);
	snprintf(fields, sizeof fields,
		 "{\"PERSONAL_NOTES\":{\"before\":\"\",\"after\":\"%s\"}}",
		 secret);
	write_entry(p, "7", fields, JOURNAL_DONE, 1, NULL);
	assert_null(strstr(file_text(p), secret));
	assert_non_null(strstr(file_text(p), "withheld"));
}

static void outcomes_follow_the_error(void **state)
{
	struct b24_error err;

	b24_error_clear(&err);
	b24_error_set(&err, B24_EXIT_UNVERIFIED, "outcome_unknown", "x");
	assert_int_equal(journal_outcome_of(&err), JOURNAL_UNKNOWN);
	b24_error_set(&err, B24_EXIT_NETWORK, "timeout", "x");
	err.reached_portal = true;
	assert_int_equal(journal_outcome_of(&err), JOURNAL_UNKNOWN);
	err.reached_portal = false;
	assert_int_equal(journal_outcome_of(&err), JOURNAL_REFUSED);
	b24_error_set(&err, B24_EXIT_REFUSED, "ERROR_CORE", "x");
	assert_int_equal(journal_outcome_of(&err), JOURNAL_REFUSED);
}

static char *plan_text(const struct journal_entry *e, bool want_expect)
{
	struct b24_error err;
	cJSON *data, *expect;
	char *text, *out;

	if (!journal_undo_plan(e, cat, &data, &expect, &err))
		return strdup(err.code);
	text = cJSON_PrintUnformatted(want_expect ? expect : data);
	out = strdup(text);
	cJSON_free(text);
	cJSON_Delete(data);
	cJSON_Delete(expect);
	return out;
}

static void undo_plans_and_undo_of_undo(void **state)
{
	const char *p = fresh("undo");
	struct journal_list l;
	struct b24_error err;
	const struct journal_entry *e;
	char *t;

	write_entry(p, "7",
		    "{\"NAME\":{\"before\":\"Anna\",\"after\":\"Anya\"},"
		    "\"ACTIVE\":{\"before\":\"Y\",\"after\":\"N\"}}",
		    JOURNAL_DONE, 0, NULL);
	write_entry(p, "8", "{\"NAME\":{\"before\":\"B\",\"after\":\"C\"}}",
		    JOURNAL_REFUSED, -1, NULL);
	write_entry(p, "7",
		    "{\"NAME\":{\"before\":\"Anya\",\"after\":\"Anna\"}}",
		    JOURNAL_DONE, 1, NULL);
	assert_true(journal_read(p, &l, &err));

	e = journal_newest_undoable(&l, NULL);
	assert_int_equal(e->seq, 3);
	assert_int_equal(journal_newest_undoable(&l, "7")->seq, 3);
	assert_null(journal_newest_undoable(&l, "8"));

	/* Entry 1 dropped ACTIVE: only NAME goes back. */
	t = plan_text(journal_find(&l, 1), false);
	assert_string_equal(t, "{\"NAME\":\"Anna\"}");
	free(t);
	t = plan_text(journal_find(&l, 1), true);
	assert_string_equal(t, "{\"NAME\":\"Anya\"}");
	free(t);
	/* Entry 3 undid entry 1; undoing it re-applies "Anya". */
	t = plan_text(e, false);
	assert_string_equal(t, "{\"NAME\":\"Anya\"}");
	free(t);
	t = plan_text(journal_find(&l, 2), false);
	assert_string_equal(t, "nothing_to_undo");
	free(t);
	journal_list_free(&l);
}

static void entries_round_trip(void **state)
{
	struct journal_entry e, back;
	cJSON *obj;

	entry(&e, "7", "{\"NAME\":{\"before\":\"a\",\"after\":\"b\"}}");
	e.seq = 12;
	e.outcome = JOURNAL_UNKNOWN;
	e.verified = 0;
	e.undo_of = 4;
	e.dropped = cJSON_Parse("[\"UF_DEPARTMENT\"]");
	obj = journal_entry_to_json(&e);
	assert_true(journal_entry_from_json(obj, &back));
	assert_int_equal(back.seq, 12);
	assert_int_equal(back.outcome, JOURNAL_UNKNOWN);
	assert_int_equal(back.verified, 0);
	assert_int_equal(back.undo_of, 4);
	assert_string_equal(cJSON_GetArrayItem(back.dropped, 0)->valuestring,
			    "UF_DEPARTMENT");
	cJSON_Delete(obj);
	journal_entry_clear(&e);
	journal_entry_clear(&back);
	obj = cJSON_Parse("{\"seq\":1,\"outcome\":\"maybe\"}");
	assert_false(journal_entry_from_json(obj, &back));
	cJSON_Delete(obj);
}

static void unknown_outcomes_are_settled(void **state)
{
	struct journal_entry e;
	cJSON *done = cJSON_Parse("{\"NAME\":\"Anya\",\"ACTIVE\":false}");
	cJSON *never = cJSON_Parse("{\"NAME\":\"Anna\",\"ACTIVE\":true}");
	cJSON *mixed = cJSON_Parse("{\"NAME\":\"Anya\",\"ACTIVE\":true}");
	cJSON *other = cJSON_Parse("{\"NAME\":\"Olga\",\"ACTIVE\":false}");

	entry(&e, "7", "{\"NAME\":{\"before\":\"Anna\",\"after\":\"Anya\"},"
	      "\"ACTIVE\":{\"before\":\"Y\",\"after\":\"N\"}}");
	e.outcome = JOURNAL_UNKNOWN;
	assert_int_equal(journal_settle(&e, done), JOURNAL_DONE);
	assert_int_equal(journal_settle(&e, never), JOURNAL_REFUSED);
	assert_int_equal(journal_settle(&e, mixed), JOURNAL_UNKNOWN);
	assert_int_equal(journal_settle(&e, other), JOURNAL_UNKNOWN);
	journal_entry_clear(&e);
	cJSON_Delete(done);
	cJSON_Delete(never);
	cJSON_Delete(mixed);
	cJSON_Delete(other);
}

static void entries_read_as_one_line(void **state)
{
	struct journal_entry e;
	char *t;

	entry(&e, "7", "{\"NAME\":{\"before\":\"Anna\",\"after\":\"Anya\"},"
	      "\"ACTIVE\":{\"before\":\"Y\",\"after\":\"N\"}}");
	e.seq = 12;
	strcpy(e.time, "2026-12-04T17:00:00Z");
	e.outcome = JOURNAL_DONE;
	e.verified = 0;
	e.dropped = cJSON_Parse("[\"ACTIVE\"]");
	e.undo_of = 3;
	t = journal_entry_text(&e);
	assert_string_equal(t, "12 2026-12-04T17:00:00Z user 7 done, "
			    "unverified, undoes 3: NAME Anna \u2192 Anya, "
			    "ACTIVE Y \u2192 N (not taken)");
	free(t);
	journal_entry_clear(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fields_keep_sendable_before_values),
		cmocka_unit_test(entries_are_pending_then_complete),
		cmocka_unit_test(every_line_has_the_contract_keys),
		cmocka_unit_test(a_torn_last_line_is_tolerated),
		cmocka_unit_test(a_missing_journal_is_empty),
		cmocka_unit_test(secrets_never_reach_the_journal),
		cmocka_unit_test(outcomes_follow_the_error),
		cmocka_unit_test(undo_plans_and_undo_of_undo),
		cmocka_unit_test(entries_round_trip),
		cmocka_unit_test(unknown_outcomes_are_settled),
		cmocka_unit_test(entries_read_as_one_line),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
