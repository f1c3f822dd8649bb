/*
 * The table-driven option parser every subcommand shares: its own
 * options, then the global ones, "--opt value" and "--opt=value".
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli-parse.h"
#include "settings.h"
#include "suggest.h"
#include "xalloc.h"

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

static bool opt_allow_write(struct cli *cli, void *ctx, const char *value,
			    struct b24_error *err)
{
	cli->allow_write = value;
	return true;
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
	{ "allow-write", true, opt_allow_write },
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

static int unknown_option(const struct parse *p, const char *name,
			  size_t len)
{
	char *typed = xstrndup(name, len);
	const struct cli_option *o;
	const char *best[1];
	struct suggest sg;
	int rc;

	suggest_init(&sg, typed, best, 1);
	/* Short words: only a slip of a key or two, not any word. */
	sg.limit = strlen(typed) / 3 + 1;
	for (o = p->table; o && o->name; o++)
		suggest_offer(&sg, o->name);
	for (o = global_options; o->name; o++)
		suggest_offer(&sg, o->name);
	if (sg.n)
		rc = cli_usage_error(p->cli, "unknown option '--%s' (did you "
				     "mean '--%s'?)", typed, best[0]);
	else
		rc = cli_usage_error(p->cli, "unknown option '--%s'", typed);
	free(typed);
	return rc;
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
		return unknown_option(p, name, len);
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
		cli_print_version();
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

bool cli_option_once(const char **slot, const char *value, const char *name,
		     struct b24_error *err)
{
	if (*slot) {
		b24_error_set(err, B24_EXIT_USAGE, "usage",
			      "--%s may be given only once", name);
		return false;
	}
	*slot = value;
	return true;
}

bool cli_option_pair(cJSON *obj, const char *value, const char *option,
		     struct b24_error *err)
{
	const char *eq = strchr(value, '=');
	char *name;

	if (!eq || eq == value) {
		b24_error_set(err, B24_EXIT_USAGE, "usage",
			      "--%s needs NAME=VALUE, not '%.60s'", option,
			      value);
		return false;
	}
	name = xstrndup(value, (size_t)(eq - value));
	cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
	cJSON_AddStringToObject(obj, name, eq + 1);
	free(name);
	return true;
}

bool cli_has_option(int argc, char **argv, const char *name)
{
	size_t len = strlen(name);
	const char *a;
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		a = argv[i];
		if (strncmp(a, "--", 2) == 0 &&
		    strncmp(a + 2, name, len) == 0 &&
		    (a[2 + len] == '\0' || a[2 + len] == '='))
			return true;
	}
	return false;
}

/* Where the command word stands: after the global options before it. */
int cli_command_index(int argc, char **argv)
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
