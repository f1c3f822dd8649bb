/* Unit tests for the production guard, its journal entries, the line
 * editor of the config file and how a profile shows itself. */
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
#include <glib.h>

#include "guard.h"
#include "journal.h"
#include "profile-file.h"
#include "profile-show.h"

static char tmpdir[] = "/tmp/b24-test-guard.XXXXXX";

static int setup(void **state)
{
	assert_non_null(mkdtemp(tmpdir));
	return 0;
}

static int teardown(void **state)
{
	char *cmd = g_strdup_printf("rm -rf '%s'", tmpdir);

	assert_int_equal(system(cmd), 0);
	g_free(cmd);
	return 0;
}

static struct profile prod(const char *portal, bool read_only)
{
	struct profile p = { 0 };

	p.name = (char *)"prod";
	p.portal = (char *)portal;
	p.auth = AUTH_WEBHOOK;
	p.read_only = read_only;
	return p;
}

static void host_and_match(void **state)
{
	struct profile p = prod("https://Example.Bitrix24.com", true);
	struct profile q = prod("https://127.0.0.1:8443", true);
	char *host = guard_host(&q);

	assert_string_equal(host, "127.0.0.1:8443");
	free(host);
	assert_true(guard_host_matches(&p, "example.bitrix24.com"));
	assert_true(guard_host_matches(&p, "https://example.bitrix24.com/"));
	assert_false(guard_host_matches(&p, "example.bitrix24.co"));
	assert_false(guard_host_matches(&p, "bitrix24.com"));
	assert_false(guard_host_matches(&p, ""));
	assert_false(guard_host_matches(&p, NULL));
	assert_true(guard_host_matches(&q, "127.0.0.1"));
	assert_true(guard_host_matches(&q, "127.0.0.1:8443"));
	assert_false(guard_host_matches(&q, "127.0.0.1:8444"));
	q.portal = NULL;
	assert_null(guard_host(&q));
	assert_false(guard_host_matches(&q, "127.0.0.1"));
}

static void check_write(void **state)
{
	struct profile open = prod("https://a.example.com", false);
	struct profile ro = prod("https://a.example.com", true);
	struct b24_error err;

	assert_true(guard_check_write(&open, NULL, &err));
	assert_true(guard_check_write(&open, "a.example.com", &err));
	assert_false(guard_check_write(&open, "b.example.com", &err));
	assert_int_equal(err.exit, B24_EXIT_STOPPED);
	assert_string_equal(err.code, "allow_write_mismatch");
	assert_non_null(strstr(err.message, "b.example.com"));
	assert_non_null(strstr(err.message, "a.example.com"));

	assert_false(guard_check_write(&ro, NULL, &err));
	assert_int_equal(err.exit, B24_EXIT_STOPPED);
	assert_string_equal(err.code, "read_only");
	assert_non_null(strstr(err.hint, "--allow-write a.example.com"));
	assert_true(guard_check_write(&ro, "A.EXAMPLE.COM", &err));
	assert_false(guard_check_write(&ro, "evil.example.com", &err));
	assert_string_equal(err.code, "allow_write_mismatch");

	ro.portal = NULL;
	assert_false(guard_check_write(&ro, NULL, &err));
	assert_non_null(strstr(err.hint, "names no portal"));
	assert_false(guard_check_write(&ro, "a.example.com", &err));
}

static void unlock_is_journalled(void **state)
{
	char *path = g_build_filename(tmpdir, "journal.jsonl", NULL);
	struct profile ro = prod("https://a.example.com", true);
	struct profile open = prod("https://a.example.com", false);
	struct journal_list l;
	struct b24_error err;
	cJSON *data, *expect;
	char *text;

	assert_true(guard_allow_write(&open, NULL, "--allow-write", path,
				      &err));
	assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
	assert_false(guard_allow_write(&ro, NULL, "--allow-write", path,
				       &err));
	assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
	assert_true(guard_allow_write(&ro, "a.example.com", "--allow-write",
				      path, &err));
	assert_true(guard_record_unlock(&ro, "console", path, &err));

	assert_true(journal_read(path, &l, &err));
	assert_int_equal(l.count, 2);
	assert_int_equal(l.entries[0].seq, 1);
	assert_string_equal(l.entries[0].event, "unlock");
	assert_string_equal(l.entries[0].via, "--allow-write");
	assert_string_equal(l.entries[0].profile, "prod");
	assert_string_equal(l.entries[0].portal, "https://a.example.com");
	assert_int_equal(l.entries[0].outcome, JOURNAL_DONE);
	assert_null(l.entries[0].user_id);
	assert_string_equal(l.entries[1].via, "console");
	assert_null(journal_newest_undoable(&l, NULL));
	assert_false(journal_undo_plan(&l.entries[1], NULL, &data, &expect,
				       &err));
	text = journal_entry_text(&l.entries[1]);
	assert_non_null(strstr(text, "profile prod unlock"));
	assert_non_null(strstr(text, "by console"));
	free(text);
	journal_list_free(&l);
	g_free(path);
}

static const char config_text[] =
	"# top comment\n"
	"\n"
	"[general]\n"
	"default_profile = prod\n"
	"\n"
	"# production: careful\n"
	"[profile prod]\n"
	"portal = https://a.example.com\n"
	"read_only = true\n"
	"\n"
	"# the sandbox\n"
	"[profile sandbox]\n"
	"portal=https://b.example.com\n";

static void edit_set_keeps_lines(void **state)
{
	static const char *const keys[] = { "portal", "color", "read_only" };
	static const char *const values[] = { "https://c.example.com", "red",
					      NULL };
	char *out = profile_edit_set(config_text, "profile prod", keys,
				     values, 3, false);

	assert_string_equal(out,
		"# top comment\n"
		"\n"
		"[general]\n"
		"default_profile = prod\n"
		"\n"
		"# production: careful\n"
		"[profile prod]\n"
		"portal = https://c.example.com\n"
		"color=red\n"
		"\n"
		"# the sandbox\n"
		"[profile sandbox]\n"
		"portal=https://b.example.com\n");
	free(out);
	out = profile_edit_set(config_text, "profile new", keys, values, 2,
			       false);
	assert_non_null(strstr(out, "portal=https://b.example.com\n\n"
			       "[profile new]\nportal=https://c.example.com\n"
			       "color=red\n"));
	assert_int_equal(strncmp(out, config_text, strlen(config_text)), 0);
	free(out);
}

static void edit_remove_group(void **state)
{
	char *out = profile_edit_remove_group(config_text, "profile prod");

	assert_string_equal(out,
		"# top comment\n"
		"\n"
		"[general]\n"
		"default_profile = prod\n"
		"\n"
		"# the sandbox\n"
		"[profile sandbox]\n"
		"portal=https://b.example.com\n");
	free(out);
	out = profile_edit_remove_group(config_text, "profile sandbox");
	assert_non_null(strstr(out, "read_only = true\n"));
	assert_null(strstr(out, "sandbox"));
	assert_int_equal(out[strlen(out) - 2], 'e');	/* no blank tail */
	free(out);
	assert_null(profile_edit_remove_group(config_text, "profile x"));
}

static void edit_general_on_top(void **state)
{
	static const char *const key[] = { "default_profile" };
	static const char *const value[] = { "sandbox" };
	char *out = profile_edit_set("# mine\n\n# about a\n[profile a]\n"
				     "portal=https://a.example.com\n",
				     "general", key, value, 1, true);

	assert_string_equal(out, "# mine\n\n[general]\n"
			    "default_profile=sandbox\n\n# about a\n"
			    "[profile a]\nportal=https://a.example.com\n");
	free(out);
	out = profile_edit_set("", "general", key, value, 1, true);
	assert_string_equal(out, "[general]\ndefault_profile=sandbox\n");
	free(out);
}

static void show(void **state)
{
	struct profile p = prod("https://a.example.com", true);
	char *text;

	assert_int_equal(profile_color_index("red"), 1);
	assert_int_equal(profile_color_index("WHITE"), 7);
	assert_int_equal(profile_color_index("black"), 0);
	assert_int_equal(profile_color_index("orange"), -1);
	assert_int_equal(profile_color_index(NULL), -1);
	text = profile_marker(&p, false);
	assert_string_equal(text, "[prod, read-only]");
	free(text);
	text = profile_marker(&p, true);
	assert_string_equal(text, "[prod, unlocked]");
	free(text);
	p.read_only = false;
	text = profile_marker(&p, false);
	assert_string_equal(text, "[prod]");
	free(text);
	text = profile_marker(NULL, false);
	assert_string_equal(text, "[no profile]");
	free(text);
	p.secret_store = STORE_FILE;
	text = profile_secret_place(&p, "/home/x/.config/b24user/config");
	assert_string_equal(text, "file /home/x/.config/b24user/credentials");
	free(text);
	p.secret_store = STORE_AUTO;
	text = profile_secret_place(&p, NULL);
	assert_non_null(strstr(text, "not checked"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(host_and_match),
		cmocka_unit_test(check_write),
		cmocka_unit_test(unlock_is_journalled),
		cmocka_unit_test(edit_set_keeps_lines),
		cmocka_unit_test(edit_remove_group),
		cmocka_unit_test(edit_general_on_top),
		cmocka_unit_test(show),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
