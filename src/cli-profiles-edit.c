/*
 * b24user profiles add / remove: one [profile NAME] group of the config
 * file written or taken out, comments and other profiles left alone.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>

#include "cli-auth.h"
#include "cli-profiles.h"
#include "paths.h"
#include "profile-show.h"
#include "rest.h"
#include "settings.h"
#include "xalloc.h"

/* What 'profiles add' was told besides the global options (--portal,
 * --auth, --cacert, --oauth-server and --timeout, read from cli). */
struct add_args {
	const char *name;
	const char *client_id;
	const char *secret_store;
	const char *color;
	bool read_only;
	bool make_default;
};

#define TEXT_OPTION(fn, field)						\
	static bool fn(struct cli *cli, void *ctx, const char *value,	\
		       struct b24_error *err)				\
	{								\
		((struct add_args *)ctx)->field = value;		\
		return true;						\
	}

#define FLAG_OPTION(fn, field) CLI_FLAG(fn, struct add_args, field)

TEXT_OPTION(opt_client_id, client_id)
TEXT_OPTION(opt_secret_store, secret_store)
TEXT_OPTION(opt_color, color)
FLAG_OPTION(opt_read_only, read_only)
FLAG_OPTION(opt_default, make_default)

static const struct cli_option add_options[] = {
	{ "client-id", true, opt_client_id },
	{ "secret-store", true, opt_secret_store },
	{ "color", true, opt_color },
	{ "read-only", false, opt_read_only },
	{ "default", false, opt_default },
	{ NULL, false, NULL },
};

static bool take_name(struct cli *cli, void *ctx, const char *arg,
		      struct b24_error *err)
{
	const char **name = ctx;	/* first member of either struct */

	if (*name) {
		b24_error_set(err, B24_EXIT_USAGE, "usage", "one profile "
			      "NAME only; '%.40s' is one too many", arg);
		return false;
	}
	*name = arg;
	return true;
}

static bool bad(struct b24_error *err, const char *what)
{
	b24_error_set(err, B24_EXIT_USAGE, "bad_option", "%s", what);
	return false;
}

/* A URL option: https only, normalised, never a webhook URL. */
static bool url_option(const char *value, const char *option, char **out,
		       struct b24_error *err)
{
	if (!value)
		return true;
	if (portal_url_parse(value, out, err))
		return true;
	err->exit = B24_EXIT_USAGE;
	b24_error_hint(err, "Give %s as https://HOST[:PORT]; a webhook URL "
		       "is a secret and goes to 'b24user auth login'.",
		       option);
	return false;
}

/* A relative CA file is kept as an absolute path: the config file
 * would read it relative to its own folder. */
static char *absolute(const char *path)
{
	char *cwd, *full, *out;

	if (path[0] == '/')
		return xstrdup(path);
	cwd = g_get_current_dir();
	full = g_build_filename(cwd, path, NULL);
	out = xstrdup(full);
	g_free(full);
	g_free(cwd);
	return out;
}

static bool fill_choices(const struct add_args *a, struct profile *p,
			 struct b24_error *err)
{
	int color = profile_color_index(a->color);

	if (a->secret_store &&
	    !store_choice_parse(a->secret_store, &p->secret_store))
		return bad(err, "--secret-store must be keyring, session, "
			   "memory or file");
	if (a->color && color < 0) {
		b24_error_set(err, B24_EXIT_USAGE, "bad_option", "--color "
			      "must be %s", profile_color_names());
		return false;
	}
	if (a->color)
		p->color = g_ascii_strdown(a->color, -1);
	p->client_id = a->client_id && *a->client_id
		       ? xstrdup(a->client_id) : NULL;
	p->read_only = a->read_only;
	return true;
}

static bool fill_profile(const struct cli *cli, const struct add_args *a,
			 struct profile *p, struct b24_error *err)
{
	if (!cli->portal)
		return bad(err, "profiles add needs --portal URL");
	if (!cli->auth || !auth_method_parse(cli->auth, &p->auth))
		return bad(err, "profiles add needs --auth "
			   "webhook|oauth|apikey");
	p->name = xstrdup(a->name);
	if (!url_option(cli->portal, "--portal", &p->portal, err) ||
	    !url_option(cli->oauth_server, "--oauth-server",
			&p->oauth_server, err) ||
	    !fill_choices(a, p, err))
		return false;
	if (cli->timeout && !settings_parse_timeout(cli->timeout,
						    &p->timeout))
		return bad(err, "--timeout must be a whole number of "
			   "seconds from 1 to 3600");
	if (cli->cacert) {
		p->ca_file = absolute(cli->cacert);
		if (access(p->ca_file, R_OK) != 0)
			cli_warn("the CA file %s cannot be read now; it is "
				 "saved all the same", p->ca_file);
	}
	return true;
}

static bool exists(const struct config *cfg, const char *name,
		   struct b24_error *err)
{
	if (!config_find(cfg, name))
		return false;
	b24_error_set(err, B24_EXIT_USAGE, "profile_exists",
		      "There already is a profile named \"%s\" in %s", name,
		      cfg->path);
	b24_error_hint(err, "Choose another name, or remove it first with "
		       "'b24user profiles remove %s'.", name);
	return true;
}

static bool save(const struct config *cfg, const struct add_args *a,
		 const struct profile *p, struct b24_error *err)
{
	if (exists(cfg, p->name, err) ||
	    !config_save_profile(cfg->path, p, err))
		return false;
	return !a->make_default || config_set_default(cfg->path, p->name, err);
}

int profiles_add(struct cli *cli, int argc, char **argv)
{
	struct add_args a = { 0 };
	struct profile p = { 0 };
	struct config cfg;
	struct b24_error err;
	int rc = cli_parse(cli, argc, argv, add_options, &a, take_name);

	if (rc >= 0)
		return rc;
	if (!a.name)
		return cli_usage_error(cli, "profiles add needs a NAME");
	b24_error_clear(&err);
	if (!profile_name_check(a.name, &err))
		return cli_report(cli, &err);
	if (!fill_profile(cli, &a, &p, &err)) {
		profile_clear(&p);
		return err.code[0] && strcmp(err.code, "bad_option") == 0
		       ? cli_usage_error(cli, "%s", err.message)
		       : cli_report(cli, &err);
	}
	profiles_load(&cfg);
	rc = save(&cfg, &a, &p, &err) ? 0 : cli_report(cli, &err);
	if (rc == 0)
		printf("Profile \"%s\" added to %s%s.\nStore its "
		       "credentials with 'b24user auth login --profile "
		       "%s'.\n", p.name, cfg.path,
		       a.make_default ? " as the default" : "", p.name);
	config_free(&cfg);
	profile_clear(&p);
	return rc;
}

/* Once the profile is gone no command can reach its secrets (auth
 * logout needs the profile to find its store), so they go first; if they
 * cannot, the profile stays. */
static int forget_then_remove(struct cli *cli, const struct config *cfg,
			      const char *name, struct b24_error *err)
{
	const struct profile *p = config_find(cfg, name);
	const char *store;
	bool had = false;

	if (p && !auth_forget(cli, p, &had, err)) {
		b24_error_hint(err, "The profile is kept.  Make its secret "
			       "store reachable, then run 'b24user profiles "
			       "remove %s' again.", name);
		return cli_report(cli, err);
	}
	if (!config_remove_profile(cfg->path, name, err))
		return cli_report(cli, err);
	printf("Profile \"%s\" removed from %s", name, cfg->path);
	if (!cli->store) {
		printf(".\n");
		return 0;
	}
	store = cred_source_name(cred_store_kind(cli->store));
	if (had)
		printf(";\nits secrets were removed from the %s store.\n",
		       store);
	else
		printf(";\nit had no secrets in the %s store.\n", store);
	/* The auto store fell back to memory: a keyring out of reach now may
	 * still hold them. */
	if (p->secret_store == STORE_AUTO &&
	    cred_store_kind(cli->store) == CRED_MEMORY)
		cli_warn("no keyring was reachable, so none was cleared; if "
			 "one holds secrets of \"%s\", add the profile again "
			 "with the same name and portal and run 'b24user auth "
			 "logout --profile %s' where the keyring works", name,
			 name);
	return 0;
}

int profiles_remove(struct cli *cli, int argc, char **argv)
{
	const char *name = NULL;
	struct config cfg;
	struct b24_error err;
	int rc = cli_parse(cli, argc, argv, NULL, &name, take_name);

	if (rc >= 0)
		return rc;
	if (!name)
		return cli_usage_error(cli, "profiles remove needs a NAME");
	profiles_load(&cfg);
	rc = forget_then_remove(cli, &cfg, name, &err);
	config_free(&cfg);
	return rc;
}
