/*
 * The command line: the subcommand table, the global options, and the
 * table-driven parser every subcommand shares.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli-signal.h"
#include "settings.h"

static const struct cli_command commands[] = {
	{ "update", cmd_update,
	  "change fields of one user (user.update)",
	  "Usage: b24user [OPTIONS] update USER_ID [--data JSON|@FILE|-]\n"
	  "        [--set FIELD=VALUE]... [--admin-mode] [--params JSON]\n"
	  "        [--param NAME=VALUE]... [--filter JSON] [--order JSON]\n"
	  "        [--continue-on-fail] [--dry-run] [--allow-unknown-fields]\n"
	  "        [--access-token-stdin]\n"
	  "Change fields of the user USER_ID.  The data is checked against "
	  "the field\ncatalogue before anything is sent.\n\n"
	  "  --data JSON|@FILE|-     user data: a JSON object of field and "
	  "value,\n"
	  "                          given as text, read from FILE, or from "
	  "standard input\n"
	  "  --set FIELD=VALUE       one field, the value as text; repeat "
	  "for more;\n"
	  "                          merged over --data; an empty VALUE "
	  "clears the field\n"
	  "  --admin-mode            send ADMIN_MODE=Y with the update and "
	  "the reads\n"
	  "  --params JSON           custom parameters merged into the "
	  "request\n"
	  "  --param NAME=VALUE      one custom parameter (text); repeat "
	  "for more;\n"
	  "                          neither may replace ID or the "
	  "credentials\n"
	  "  --filter JSON           FILTER object passed through\n"
	  "  --order JSON            {\"FIELD\": \"ASC\"|\"DESC\"}, sent as "
	  "SORT and ORDER\n"
	  "                          (Filter and Order matter for searches; "
	  "the portal\n"
	  "                          ignores them on writes)\n"
	  "  --continue-on-fail      report a failure as an output item "
	  "and exit 0\n"
	  "  --dry-run               check everything and print the request "
	  "(secrets\n"
	  "                          masked); reads are allowed, nothing is "
	  "written\n"
	  "  --allow-unknown-fields  send field names the catalogue does "
	  "not know\n"
	  "  --access-token-stdin    use the first line of standard input "
	  "as a one-off\n"
	  "                          access token (not with --data -)\n" },
	{ "get", cmd_get,
	  "show one user's fields (user.get)",
	  "Usage: b24user [OPTIONS] get USER_ID\n"
	  "Show the fields of the user USER_ID with their labels; with "
	  "--json the\nportal's answer as an output item.\n" },
	{ "fields", cmd_fields,
	  "list the user fields and their labels",
	  "Usage: b24user [OPTIONS] fields\n"
	  "List the user fields b24user knows, with labels in the portal's "
	  "language\nwhen credentials are available, and the portal's custom "
	  "UF_USR_* fields.\n" },
	{ "auth", cmd_auth,
	  "sign in, check or sign out a profile's credentials",
	  "Usage: b24user [OPTIONS] auth login [--profile NAME]\n"
	  "   or: b24user [OPTIONS] auth status [--profile NAME] [--json]\n"
	  "   or: b24user [OPTIONS] auth logout [--profile NAME]\n"
	  "login   asks for the webhook URL (hidden on a terminal; one line "
	  "of standard\n"
	  "        input otherwise), checks it against the portal, saves "
	  "the profile in\n"
	  "        the config file and keeps the URL in the profile's "
	  "secret store\n"
	  "status  one line per check (OK, WARN, FAIL) and what to do: "
	  "profile, secret\n"
	  "        store, credentials, TLS, account, scopes, user.update, "
	  "clock, time\n"
	  "        budget; exit status 3 when a check fails\n"
	  "logout  removes the profile's secrets from its store\n"
	  "Secrets are kept in the desktop keyring, else its session "
	  "collection, else in\n"
	  "memory for this run only; secret_store=file in the profile "
	  "keeps them in a\n"
	  "plain-text file of mode 0600 instead.\n" },
	{ NULL, NULL, NULL, NULL },
};

static const char global_options_help[] =
	"Options (before or after the command):\n"
	"  --profile NAME        use the profile NAME of the config file\n"
	"  --portal URL          the portal, https://HOST[:PORT]\n"
	"  --auth METHOD         webhook, oauth or apikey\n"
	"  --cacert FILE         trust exactly the CA certificates in FILE\n"
	"  --oauth-server URL    the OAuth 2.0 authorization server\n"
	"  --json                print output items as JSON\n"
	"  --timeout SEC         give up on a request after SEC seconds\n"
	"  --verbose             write a redacted debug log and say where\n"
	"  --help                show this help and exit\n"
	"  --version             show the version and exit\n";

static const char environment_help[] =
	"Environment:\n"
	"  B24USER_WEBHOOK_URL   the inbound webhook (alone enough for "
	"update)\n"
	"  B24USER_TOKEN_OVERRIDE  a one-off access token for this run\n"
	"  B24USER_PROFILE, B24USER_PORTAL, B24USER_AUTH, B24USER_CACERT,\n"
	"  B24USER_OAUTH_SERVER, B24USER_TIMEOUT   like the options above\n"
	"  B24USER_LOG           write the debug log to this file\n"
	"\n"
	"Exit status: 0 ok, 1 the portal refused, 2 bad input or usage "
	"(nothing sent),\n"
	"3 credentials, 4 network/TLS/timeout, 5 rate limit, 6 stopped on "
	"purpose,\n"
	"7 written but unverified or outcome unknown, 130 interrupted.\n"
	"\nSee b24user(1) and b24user.conf(5).\n";

const struct cli_command *cli_find_command(const char *name)
{
	const struct cli_command *c;

	for (c = commands; name && c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void print_main_help(void)
{
	const struct cli_command *c;

	printf("Usage: b24user [OPTIONS]             open the console\n"
	       "   or: b24user [OPTIONS] COMMAND [ARGS]\n"
	       "Update users of a Bitrix24 portal through its REST API.\n\n"
	       "Commands:\n");
	for (c = commands; c->name; c++)
		printf("  %-8s %s\n", c->name, c->summary);
	printf("Run 'b24user COMMAND --help' for a command's options.\n\n"
	       "%s\n%s", global_options_help, environment_help);
}

void cli_print_help(const struct cli *cli)
{
	const struct cli_command *c = cli_find_command(cli->command);

	if (!c) {
		print_main_help();
		return;
	}
	printf("%s\n%s", c->help, global_options_help);
}

static void print_version(void)
{
	printf("b24user %s\n"
	       "Copyright (C) 2026 the b24user authors.\n"
	       "License GPLv3+: GNU GPL version 3 or later "
	       "<https://gnu.org/licenses/gpl.html>.\n"
	       "This is free software: you are free to change and "
	       "redistribute it.\n"
	       "There is NO WARRANTY, to the extent permitted by law.\n",
	       PACKAGE_VERSION);
}

static bool opt_profile(struct cli *cli, void *ctx, const char *value,
			struct b24_error *err)
{
	cli->profile_name = value;
	return true;
}

static bool opt_portal(struct cli *cli, void *ctx, const char *value,
		       struct b24_error *err)
{
	cli->portal = value;
	return true;
}

static bool opt_auth(struct cli *cli, void *ctx, const char *value,
		     struct b24_error *err)
{
	enum auth_method m;

	cli->auth = value;
	if (auth_method_parse(value, &m))
		return true;
	b24_error_set(err, B24_EXIT_USAGE, "bad_option",
		      "--auth must be webhook, oauth or apikey");
	return false;
}

static bool opt_cacert(struct cli *cli, void *ctx, const char *value,
		       struct b24_error *err)
{
	cli->cacert = value;
	return true;
}

static bool opt_oauth_server(struct cli *cli, void *ctx, const char *value,
			     struct b24_error *err)
{
	cli->oauth_server = value;
	return true;
}

static bool opt_json(struct cli *cli, void *ctx, const char *value,
		     struct b24_error *err)
{
	cli->json = true;
	return true;
}

static bool opt_timeout(struct cli *cli, void *ctx, const char *value,
			struct b24_error *err)
{
	int seconds;

	cli->timeout = value;
	if (settings_parse_timeout(value, &seconds))
		return true;
	b24_error_set(err, B24_EXIT_USAGE, "bad_option",
		      "--timeout must be a whole number of seconds from 1 "
		      "to 3600");
	return false;
}

static bool opt_verbose(struct cli *cli, void *ctx, const char *value,
			struct b24_error *err)
{
	cli->verbose = true;
	return true;
}

static const struct cli_option global_options[] = {
	{ "profile", true, opt_profile },
	{ "portal", true, opt_portal },
	{ "auth", true, opt_auth },
	{ "cacert", true, opt_cacert },
	{ "oauth-server", true, opt_oauth_server },
	{ "json", false, opt_json },
	{ "timeout", true, opt_timeout },
	{ "verbose", false, opt_verbose },
	{ NULL, false, NULL },
};

static const struct cli_option *lookup(const struct cli_option *table,
				       const char *name, size_t len)
{
	for (; table && table->name; table++)
		if (strlen(table->name) == len &&
		    strncmp(table->name, name, len) == 0)
			return table;
	return NULL;
}

/* One parse: where it stands in argv and what it knows. */
struct parse {
	struct cli *cli;
	int argc;
	char **argv;
	int i;
	const struct cli_option *table;
	void *ctx;
};

static int usage_from(struct parse *p, const struct b24_error *err)
{
	return cli_usage_error(p->cli, "%s", err->message);
}

/* "--name", "--name=value" or "--name value"; -1 to go on. */
static int parse_option(struct parse *p, const char *arg)
{
	const char *name = arg + 2;
	const char *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct cli_option *o = lookup(p->table, name, len);
	const char *value = eq ? eq + 1 : NULL;
	struct b24_error err;

	if (!o)
		o = lookup(global_options, name, len);
	if (!o)
		return cli_usage_error(p->cli, "unknown option '--%.*s'",
				       (int)len, name);
	if (o->takes_value && !value) {
		if (p->i + 1 >= p->argc)
			return cli_usage_error(p->cli, "option '--%s' needs "
					       "a value", o->name);
		value = p->argv[++p->i];
	} else if (!o->takes_value && value) {
		return cli_usage_error(p->cli, "option '--%s' takes no "
				       "value", o->name);
	}
	b24_error_clear(&err);
	return o->apply(p->cli, p->ctx, value, &err) ? -1 : usage_from(p, &err);
}

static int parse_word(struct parse *p, const char *arg, bool options_done,
		      cli_positional_fn positional)
{
	struct b24_error err;

	if (!options_done && strcmp(arg, "--help") == 0) {
		cli_print_help(p->cli);
		return 0;
	}
	if (!options_done && strcmp(arg, "--version") == 0) {
		print_version();
		return 0;
	}
	if (!options_done && strncmp(arg, "--", 2) == 0)
		return parse_option(p, arg);
	if (!options_done && arg[0] == '-' && arg[1])
		return cli_usage_error(p->cli, "unknown option '%s'", arg);
	if (!positional)
		return cli_usage_error(p->cli, "unexpected argument '%s'",
				       arg);
	b24_error_clear(&err);
	return positional(p->cli, p->ctx, arg, &err) ? -1
						     : usage_from(p, &err);
}

int cli_parse(struct cli *cli, int argc, char **argv,
	      const struct cli_option *table, void *ctx,
	      cli_positional_fn positional)
{
	struct parse p = { cli, argc, argv, 1, table, ctx };
	bool options_done = false;
	int rc;

	for (; p.i < argc; p.i++) {
		if (!options_done && strcmp(argv[p.i], "--") == 0) {
			options_done = true;
			continue;
		}
		rc = parse_word(&p, argv[p.i], options_done, positional);
		if (rc >= 0)
			return rc;
	}
	return -1;
}

/* Where the command word stands: after the global options before it. */
static int command_index(int argc, char **argv)
{
	const struct cli_option *o;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0)
			return i + 1 < argc ? i + 1 : argc;
		if (a[0] != '-' || !a[1])
			return i;
		o = strncmp(a, "--", 2) == 0 && !strchr(a, '=')
		    ? lookup(global_options, a + 2, strlen(a + 2)) : NULL;
		if (o && o->takes_value)
			i++;
	}
	return argc;
}

int cli_run(struct cli *cli, int argc, char **argv)
{
	int at = command_index(argc, argv);
	const struct cli_command *c;
	int rc;

	rc = cli_parse(cli, at, argv, NULL, NULL, NULL);
	if (rc >= 0)
		return rc;
	if (at >= argc)
		return -1;
	c = cli_find_command(argv[at]);
	if (!c)
		return cli_usage_error(cli, "unknown command '%s'", argv[at]);
	cli->command = c->name;
	cli_signal_start();
	return c->run(cli, argc - at, argv + at);
}
