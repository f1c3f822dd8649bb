/* Unit tests for the command-line parser and the output helpers. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli.h"
#include "cli-parse.h"
#include "jsonutil.h"

/* The help texts live with the command table in cli.c; here they only
 * count how often they were asked for. */
static int help_calls, version_calls;

void cli_print_help(const struct cli *cli)
{
	help_calls++;
}

void cli_print_version(void)
{
	version_calls++;
}

struct seen {
	const char *positional[4];
	int npositional;
	const char *set[4];
	int nset;
	bool dry_run;
};

static bool take_set(struct cli *cli, void *ctx, const char *value,
		     struct b24_error *err)
{
	struct seen *s = ctx;

	s->set[s->nset++] = value;
	return true;
}

static bool take_dry_run(struct cli *cli, void *ctx, const char *value,
			 struct b24_error *err)
{
	((struct seen *)ctx)->dry_run = true;
	return true;
}

static bool take_positional(struct cli *cli, void *ctx, const char *arg,
			    struct b24_error *err)
{
	struct seen *s = ctx;

	if (s->npositional == 2) {
		b24_error_set(err, B24_EXIT_USAGE, "usage", "too many");
		return false;
	}
	s->positional[s->npositional++] = arg;
	return true;
}

static const struct cli_option table[] = {
	{ "set", true, take_set },
	{ "dry-run", false, take_dry_run },
	{ NULL, false, NULL },
};

static int parse(struct cli *cli, struct seen *s, char **argv)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	memset(cli, 0, sizeof *cli);
	memset(s, 0, sizeof *s);
	cli->command = "update";
	return cli_parse(cli, argc, argv, table, s, take_positional);
}

static void global_and_own_options_mix(void **state)
{
	char *argv[] = { "update", "--profile", "prod", "5", "--set",
			 "NAME=x", "--portal=https://a.example", "--json",
			 "--set=EMAIL=a@b.c", "--timeout", "30", "--verbose",
			 "--auth", "oauth", "--dry-run", "--cacert", "ca.pem",
			 "--oauth-server", "https://o.example", NULL };
	struct cli cli;
	struct seen s;

	assert_int_equal(parse(&cli, &s, argv), -1);
	assert_string_equal(cli.profile_name, "prod");
	assert_string_equal(cli.portal, "https://a.example");
	assert_string_equal(cli.timeout, "30");
	assert_string_equal(cli.auth, "oauth");
	assert_string_equal(cli.cacert, "ca.pem");
	assert_string_equal(cli.oauth_server, "https://o.example");
	assert_true(cli.json);
	assert_true(cli.verbose);
	assert_true(s.dry_run);
	assert_int_equal(s.npositional, 1);
	assert_string_equal(s.positional[0], "5");
	assert_int_equal(s.nset, 2);
	assert_string_equal(s.set[0], "NAME=x");
	assert_string_equal(s.set[1], "EMAIL=a@b.c");
}

static void values_may_start_with_a_dash(void **state)
{
	char *argv[] = { "update", "--set", "-x", "--", "--json", "-", NULL };
	struct cli cli;
	struct seen s;

	assert_int_equal(parse(&cli, &s, argv), -1);
	assert_string_equal(s.set[0], "-x");
	assert_false(cli.json);		/* after --: an argument */
	assert_string_equal(s.positional[0], "--json");
	assert_string_equal(s.positional[1], "-");
}

static void usage_errors_return_2(void **state)
{
	char *unknown[] = { "update", "--frob", NULL };
	char *no_value[] = { "update", "--set", NULL };
	char *flag_value[] = { "update", "--dry-run=1", NULL };
	char *bad_auth[] = { "update", "--auth", "basic", NULL };
	char *bad_timeout[] = { "update", "--timeout=-4", NULL };
	char *short_opt[] = { "update", "-q", NULL };
	char *too_many[] = { "update", "1", "2", "3", NULL };
	char *prefix[] = { "update", "--dry", NULL };
	struct cli cli;
	struct seen s;

	assert_int_equal(parse(&cli, &s, unknown), 2);
	assert_int_equal(parse(&cli, &s, no_value), 2);
	assert_int_equal(parse(&cli, &s, flag_value), 2);
	assert_int_equal(parse(&cli, &s, bad_auth), 2);
	assert_int_equal(parse(&cli, &s, bad_timeout), 2);
	assert_int_equal(parse(&cli, &s, short_opt), 2);
	assert_int_equal(parse(&cli, &s, too_many), 2);
	assert_int_equal(parse(&cli, &s, prefix), 2);	/* no abbreviations */
}

static void help_and_version_stop_with_0(void **state)
{
	char *help[] = { "update", "5", "--help", "--frob", NULL };
	char *version[] = { "update", "--version", NULL };
	struct cli cli;
	struct seen s;

	help_calls = version_calls = 0;
	assert_int_equal(parse(&cli, &s, help), 0);
	assert_int_equal(help_calls, 1);
	assert_int_equal(parse(&cli, &s, version), 0);
	assert_int_equal(version_calls, 1);
}

static void command_word_is_found(void **state)
{
	char *a[] = { "b24user", "--profile", "p", "--json", "update", "5",
		      NULL };
	char *b[] = { "b24user", "--profile=p", "get", NULL };
	char *c[] = { "b24user", "--json", "--timeout", "5", NULL };
	char *d[] = { "b24user", "--frob", "fields", NULL };

	assert_int_equal(cli_command_index(6, a), 4);
	assert_int_equal(cli_command_index(3, b), 2);
	assert_int_equal(cli_command_index(4, c), 4);
	assert_int_equal(cli_command_index(3, d), 2);
}

static void items_have_the_seed_shape(void **state)
{
	cJSON *item = cli_error_item("It broke", "user");
	cJSON *inner = json_get(item, "json");
	const char *stamp = json_get_string(inner, "timestamp");

	assert_string_equal(json_get_string(inner, "error"), "It broke");
	assert_string_equal(json_get_string(inner, "resource"), "user");
	assert_non_null(stamp);
	assert_int_equal(strlen(stamp), 24);	/* 2026-12-04T17:11:28.123Z */
	assert_int_equal(stamp[10], 'T');
	assert_int_equal(stamp[23], 'Z');
	cJSON_Delete(item);
	item = cli_item(cJSON_Parse("{\"result\": true}"));
	assert_true(cJSON_IsTrue(json_get(json_get(item, "json"), "result")));
	cJSON_Delete(item);
}

static void terminal_text_is_escaped(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cli_put_text(f, "a\033[31m\nb\xc2\x9b" "c\xd0\x98");
	fclose(f);
	assert_string_equal(buf, "a\\x1b[31m\\nb\\x9bc\xd0\x98");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(global_and_own_options_mix),
		cmocka_unit_test(values_may_start_with_a_dash),
		cmocka_unit_test(usage_errors_return_2),
		cmocka_unit_test(help_and_version_stop_with_0),
		cmocka_unit_test(command_word_is_found),
		cmocka_unit_test(items_have_the_seed_shape),
		cmocka_unit_test(terminal_text_is_escaped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
