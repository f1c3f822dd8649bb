/* Unit tests for the local layer: XDG paths, the config file and its
 * profiles, and the merge of command line, environment and profile. */
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
#include <glib.h>

#include "paths.h"
#include "profile.h"
#include "settings.h"

static char tmpdir[] = "/tmp/b24-test-profile.XXXXXX";

static char *tmp_path(const char *name)
{
	return g_build_filename(tmpdir, name, NULL);
}

static char *write_file(const char *name, const char *text)
{
	char *path = tmp_path(name);

	assert_true(g_file_set_contents(path, text, -1, NULL));
	return path;
}

static char *slurp(const char *path)
{
	char *text = NULL;

	assert_true(g_file_get_contents(path, &text, NULL, NULL));
	return text;
}

static int setup(void **state)
{
	assert_non_null(mkdtemp(tmpdir));
	unsetenv("B24USER_PROFILE");
	unsetenv("B24USER_PORTAL");
	unsetenv("B24USER_AUTH");
	unsetenv("B24USER_CACERT");
	unsetenv("B24USER_TIMEOUT");
	unsetenv("B24USER_OAUTH_SERVER");
	return 0;
}

static int teardown(void **state)
{
	char *cmd = g_strdup_printf("rm -rf '%s'", tmpdir);

	assert_int_equal(system(cmd), 0);
	g_free(cmd);
	return 0;
}

static void paths_follow_xdg(void **state)
{
	char *p;

	setenv("XDG_CONFIG_HOME", "/x/conf/", 1);
	setenv("XDG_STATE_HOME", "/x/state", 1);
	setenv("XDG_RUNTIME_DIR", "/x/run", 1);
	p = paths_config_file();
	assert_string_equal(p, "/x/conf/b24user/config");
	free(p);
	p = paths_state_file("debug.log");
	assert_string_equal(p, "/x/state/b24user/debug.log");
	free(p);
	p = paths_runtime_dir();
	assert_string_equal(p, "/x/run/b24user");
	free(p);
}

static void paths_fall_back_to_home(void **state)
{
	char *p;

	setenv("HOME", "/home/anna", 1);
	setenv("XDG_CONFIG_HOME", "relative/ignored", 1);
	unsetenv("XDG_STATE_HOME");
	unsetenv("XDG_RUNTIME_DIR");
	p = paths_config_file();
	assert_string_equal(p, "/home/anna/.config/b24user/config");
	free(p);
	p = paths_runtime_dir();
	assert_string_equal(p, "/home/anna/.local/state/b24user");
	free(p);
	setenv("B24USER_DATADIR", "/opt/data", 1);
	p = paths_data_file("user-fields.tsv");
	assert_string_equal(p, "/opt/data/user-fields.tsv");
	free(p);
	unsetenv("B24USER_DATADIR");
}

static void paths_make_dir_is_private(void **state)
{
	char *dir = tmp_path("a/b/c");
	char *mid = tmp_path("a/b");
	struct b24_error err;
	struct stat st;

	b24_error_clear(&err);
	assert_true(paths_make_dir(dir, &err));
	assert_true(paths_make_dir(dir, &err));	/* exists: fine */
	assert_int_equal(stat(mid, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	g_free(dir);
	g_free(mid);
}

static const char good_config[] =
	"# my portals\n"
	"[general]\n"
	"default_profile = sandbox\n"
	"\n"
	"[profile prod]\n"
	"# production: careful\n"
	"portal = https://prod.example.com/\n"
	"auth = oauth\n"
	"client_id = local.abc\n"
	"oauth_server = https://oauth.example.com\n"
	"secret_store = keyring\n"
	"color = red\n"
	"read_only = true\n"
	"timeout = 30\n"
	"\n"
	"[profile sandbox]\n"
	"portal = https://sb.example.com\n"
	"auth = webhook\n"
	"ca_file = certs/ca.pem\n"
	"read_only = false\n";

static void config_reads_profiles(void **state)
{
	char *path = write_file("good", good_config);
	struct config cfg;
	struct profile *p;

	config_load(path, &cfg);
	assert_null(cfg.problem);
	assert_int_equal(cfg.count, 2);
	assert_string_equal(cfg.default_profile, "sandbox");
	p = config_find(&cfg, "prod");
	assert_non_null(p);
	assert_string_equal(p->portal, "https://prod.example.com");
	assert_int_equal(p->auth, AUTH_OAUTH);
	assert_string_equal(p->client_id, "local.abc");
	assert_int_equal(p->secret_store, STORE_KEYRING);
	assert_string_equal(p->color, "red");
	assert_true(p->read_only);
	assert_int_equal(p->timeout, 30);
	p = config_find(&cfg, "sandbox");
	assert_false(p->read_only);
	assert_int_equal(p->auth, AUTH_WEBHOOK);
	config_free(&cfg);
	g_free(path);
}

static void config_missing_file_is_empty(void **state)
{
	char *path = tmp_path("nothing-here");
	struct config cfg;
	struct b24_error err;

	config_load(path, &cfg);
	assert_null(cfg.problem);
	assert_int_equal(cfg.count, 0);
	b24_error_clear(&err);
	assert_null(config_choose(&cfg, NULL, &err));
	assert_int_equal(err.exit, B24_EXIT_OK);
	config_free(&cfg);
	g_free(path);
}

static void config_malformed_names_file_and_line(void **state)
{
	char *path = write_file("broken", "[profile a]\nportal = x\n"
				"https://hook.example/rest/1/SECRETCODE/\n");
	struct config cfg;

	config_load(path, &cfg);
	assert_non_null(cfg.problem);
	assert_non_null(strstr(cfg.problem, path));
	assert_non_null(strstr(cfg.problem, "line 3"));
	assert_null(strstr(cfg.problem, "SECRETCODE"));
	assert_int_equal(cfg.count, 0);
	config_free(&cfg);
	g_free(path);
}

static void config_bad_values_fail_closed(void **state)
{
	char *path = write_file("values", "[profile a]\nread_only = yes\n"
				"auth = password\ntimeout = soon\n"
				"webhook = https://x/rest/1/abc/\n");
	struct config cfg;
	struct profile *p;

	config_load(path, &cfg);
	p = config_find(&cfg, "a");
	assert_non_null(p);
	assert_true(p->read_only);
	assert_int_equal(p->auth, AUTH_NONE);
	assert_int_equal(p->timeout, 0);
	assert_non_null(strstr(cfg.problem, "line 2: [profile a] "
			       "read_only"));
	assert_non_null(strstr(cfg.problem, "line 3"));
	assert_non_null(strstr(cfg.problem, "secrets do not belong"));
	assert_null(strstr(cfg.problem, "abc"));
	config_free(&cfg);
	g_free(path);
}

static void choose_follows_the_order(void **state)
{
	char *path = write_file("choose", good_config);
	struct config cfg;
	struct b24_error err;
	struct profile *p;

	config_load(path, &cfg);
	b24_error_clear(&err);
	p = config_choose(&cfg, NULL, &err);
	assert_string_equal(p->name, "sandbox");	/* default_profile */
	setenv("B24USER_PROFILE", "prod", 1);
	p = config_choose(&cfg, NULL, &err);
	assert_string_equal(p->name, "prod");		/* environment */
	p = config_choose(&cfg, "sandbox", &err);
	assert_string_equal(p->name, "sandbox");	/* --profile */
	assert_null(config_choose(&cfg, "nope", &err));
	assert_int_equal(err.exit, B24_EXIT_USAGE);
	assert_string_equal(err.code, "no_such_profile");
	unsetenv("B24USER_PROFILE");
	config_free(&cfg);
	g_free(path);
}

static void choose_the_only_profile(void **state)
{
	char *path = write_file("one", "[profile only]\nportal=https://a\n"
				"[profile other]\n");
	struct config cfg;
	struct b24_error err;

	config_load(path, &cfg);
	b24_error_clear(&err);
	assert_null(config_choose(&cfg, NULL, &err));
	assert_string_equal(err.code, "which_profile");
	config_free(&cfg);
	g_free(path);
	path = write_file("one", "[profile only]\nportal=https://a\n");
	config_load(path, &cfg);
	b24_error_clear(&err);
	assert_string_equal(config_choose(&cfg, NULL, &err)->name, "only");
	config_free(&cfg);
	g_free(path);
}

static void save_keeps_comments_and_others(void **state)
{
	char *path = write_file("save", good_config);
	struct profile p = { 0 };
	struct b24_error err;
	struct config cfg;
	struct stat st;
	char *text;

	p.name = "new-one";
	p.portal = "https://new.example.com";
	p.auth = AUTH_WEBHOOK;
	p.secret_store = STORE_SESSION;
	assert_true(config_save_profile(path, &p, &err));
	text = slurp(path);
	assert_non_null(strstr(text, "# production: careful"));
	assert_non_null(strstr(text, "# my portals"));
	assert_non_null(strstr(text, "[profile new-one]"));
	g_free(text);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	config_load(path, &cfg);
	assert_int_equal(cfg.count, 3);
	assert_int_equal(config_find(&cfg, "new-one")->secret_store,
			 STORE_SESSION);
	assert_int_equal(config_find(&cfg, "prod")->timeout, 30);
	config_free(&cfg);
	assert_true(config_remove_profile(path, "sandbox", &err));
	assert_false(config_remove_profile(path, "sandbox", &err));
	config_load(path, &cfg);
	assert_int_equal(cfg.count, 2);
	assert_null(cfg.default_profile);	/* it named the removed one */
	config_free(&cfg);
	g_free(path);
}

/* GKeyFile reads the last of two equal keys while an edit changed the
 * first (found by fuzzing): such files, and NUL bytes, are refused. */
static void repeats_and_nul_bytes_are_refused(void **state)
{
	static const char *const texts[] = {
		"[profile a]\nportal=https://a.example\n"
		"portal=https://b.example\n",
		"[profile a]\nportal=https://a.example\n[profile a]\n"
		"auth=webhook\n",
	};
	struct profile p = { .name = "a", .portal = "https://c.example" };
	struct b24_error err;
	struct config cfg;
	char *path, *text;
	size_t i;

	for (i = 0; i < 2; i++) {
		path = write_file("repeat", texts[i]);
		config_load(path, &cfg);
		assert_non_null(cfg.problem);
		assert_non_null(strstr(cfg.problem, "line 3"));
		config_free(&cfg);
		assert_false(config_save_profile(path, &p, &err));
		assert_string_equal(err.code, "config_malformed");
		text = slurp(path);
		assert_string_equal(text, texts[i]);	/* untouched */
		g_free(text);
		g_free(path);
	}
	path = write_file("nul", "[profile a]\nportal=x\n");
	assert_true(g_file_set_contents(path, "[profile a]\n\0\n[profile b]"
					"\n", 26, NULL));
	config_load(path, &cfg);
	assert_non_null(cfg.problem);
	assert_non_null(strstr(cfg.problem, "NUL byte"));
	config_free(&cfg);
	assert_false(config_save_profile(path, &p, &err));
	g_free(path);
}

static void save_refuses_bad_names_and_broken_files(void **state)
{
	char *path = write_file("broken2", "no group here\n");
	struct profile p = { 0 };
	struct b24_error err;
	char *text;

	p.name = "a]b";
	assert_false(config_save_profile(path, &p, &err));
	assert_string_equal(err.code, "bad_profile_name");
	/* A pasted webhook URL must never become a group name. */
	p.name = "https://x.example/rest/1/s3cr3tcode/";
	assert_false(config_save_profile(path, &p, &err));
	assert_string_equal(err.code, "bad_profile_name");
	assert_null(strstr(err.message, "s3cr3t"));
	p.name = " padded";
	assert_false(config_save_profile(path, &p, &err));
	/* Hints print the name unquoted: one word, as the console asks. */
	p.name = "bad name";
	assert_false(config_save_profile(path, &p, &err));
	assert_string_equal(err.code, "bad_profile_name");
	assert_false(profile_name_check("Пётр", &err));
	assert_false(profile_name_check("", &err));
	assert_true(profile_name_check("prod-eu_2.old", &err));
	p.name = "fine";
	assert_false(config_save_profile(path, &p, &err));
	assert_string_equal(err.code, "config_malformed");
	text = slurp(path);
	assert_string_equal(text, "no group here\n");	/* untouched */
	g_free(text);
	g_free(path);
}

static void settings_merge_order(void **state)
{
	char *path = write_file("merge", good_config);
	struct settings_input in = { 0 };
	struct http_options http;
	struct profile eff;
	struct b24_error err;
	struct config cfg;
	bool from_file;
	char *ca;

	config_load(path, &cfg);
	assert_true(settings_resolve(&cfg, &in, &eff, &http, &from_file,
				     &err));
	assert_true(from_file);
	assert_string_equal(eff.name, "sandbox");
	ca = tmp_path("certs/ca.pem");	/* relative to the file */
	assert_string_equal(eff.ca_file, ca);
	assert_ptr_equal(http.ca_file, eff.ca_file);
	g_free(ca);
	profile_clear(&eff);

	setenv("B24USER_PORTAL", "https://env.example.com/", 1);
	setenv("B24USER_TIMEOUT", "12", 1);
	assert_true(settings_resolve(&cfg, &in, &eff, &http, &from_file,
				     &err));
	assert_string_equal(eff.portal, "https://env.example.com");
	assert_int_equal(http.timeout_s, 12);
	profile_clear(&eff);

	in.portal = "https://cli.example.com";
	in.timeout = "7";
	in.auth = "apikey";
	assert_true(settings_resolve(&cfg, &in, &eff, &http, &from_file,
				     &err));
	assert_string_equal(eff.portal, "https://cli.example.com");
	assert_int_equal(eff.timeout, 7);
	assert_int_equal(eff.auth, AUTH_APIKEY);
	profile_clear(&eff);
	unsetenv("B24USER_PORTAL");
	unsetenv("B24USER_TIMEOUT");
	config_free(&cfg);
	g_free(path);
}

static void settings_errors(void **state)
{
	char *path = write_file("merge2", good_config);
	struct settings_input in = { 0 };
	struct http_options http;
	struct profile eff;
	struct b24_error err;
	struct config cfg;
	bool from_file;

	config_load(path, &cfg);
	setenv("B24USER_TIMEOUT", "0", 1);
	assert_false(settings_resolve(&cfg, &in, &eff, &http, &from_file,
				      &err));
	assert_int_equal(err.exit, B24_EXIT_USAGE);
	assert_non_null(strstr(err.message, "B24USER_TIMEOUT"));
	unsetenv("B24USER_TIMEOUT");
	in.profile_name = "new";
	assert_false(settings_resolve(&cfg, &in, &eff, &http, &from_file,
				      &err));
	in.allow_new_profile = true;
	assert_true(settings_resolve(&cfg, &in, &eff, &http, &from_file,
				     &err));
	assert_false(from_file);
	assert_string_equal(eff.name, "new");
	profile_clear(&eff);
	config_free(&cfg);
	g_free(path);
}

static void names_round_trip(void **state)
{
	enum auth_method m;
	enum store_choice s;

	assert_true(auth_method_parse("apikey", &m));
	assert_string_equal(auth_method_name(m), "apikey");
	assert_false(auth_method_parse("none", &m));
	assert_false(auth_method_parse("Webhook", &m));
	assert_true(store_choice_parse("file", &s));
	assert_string_equal(store_choice_name(s), "file");
	assert_false(store_choice_parse("plaintext", &s));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(paths_follow_xdg),
		cmocka_unit_test(paths_fall_back_to_home),
		cmocka_unit_test(paths_make_dir_is_private),
		cmocka_unit_test(config_reads_profiles),
		cmocka_unit_test(config_missing_file_is_empty),
		cmocka_unit_test(config_malformed_names_file_and_line),
		cmocka_unit_test(config_bad_values_fail_closed),
		cmocka_unit_test(choose_follows_the_order),
		cmocka_unit_test(choose_the_only_profile),
		cmocka_unit_test(save_keeps_comments_and_others),
		cmocka_unit_test(save_refuses_bad_names_and_broken_files),
		cmocka_unit_test(repeats_and_nul_bytes_are_refused),
		cmocka_unit_test(settings_merge_order),
		cmocka_unit_test(settings_errors),
		cmocka_unit_test(names_round_trip),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
