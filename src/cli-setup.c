/*
 * What every subcommand needs before it talks to a portal: the config,
 * the effective settings, the debug log, the credentials and the REST
 * session.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli-profiles.h"
#include "cli-signal.h"
#include "guard.h"
#include "log.h"
#include "paths.h"
#include "refresh.h"
#include "settings.h"
#include "xalloc.h"

/* One warning per problem line, each marked as a warning. */
static void load_config(struct cli *cli)
{
	char *path = paths_config_file();
	const char *line, *end;

	config_load(path, &cli->config);
	free(path);
	for (line = cli->config.problem; line && *line; line = end) {
		end = strchr(line, '\n');
		end = end ? end : line + strlen(line);
		cli_warn("%.*s", (int)(end - line), line);
		if (*end)
			end++;
	}
}

/* A portal given by hand is checked here, so a typo is a usage error
 * before any credential is looked up. */
static bool check_portal(struct cli *cli, struct b24_error *err)
{
	char *normal = NULL;

	if (!cli->profile.portal)
		return true;
	if (!portal_url_parse(cli->profile.portal, &normal, err)) {
		err->exit = B24_EXIT_USAGE;
		return false;
	}
	free(cli->profile.portal);
	cli->profile.portal = normal;
	return true;
}

static char *log_path(const struct cli *cli)
{
	const char *env = getenv("B24USER_LOG");

	if (env && *env)
		return xstrdup(env);
	return cli->verbose ? paths_state_file("debug.log") : NULL;
}

/* The log goes to a file only; a failure to open it is a warning. */
static void open_log(struct cli *cli)
{
	struct b24_error err;
	char *path = log_path(cli);
	char *dir;

	if (!path)
		return;
	b24_error_clear(&err);
	dir = paths_state_dir();
	if (!getenv("B24USER_LOG"))
		(void)paths_make_dir(dir, &err);
	free(dir);
	if (!log_open(path, &err)) {
		cli_warn("no debug log: %s", err.message);
		free(path);
		return;
	}
	cli->log_path = path;
	fprintf(stderr, "b24user: writing the debug log to %s\n", path);
	log_debug("b24user %s, command %s, profile %s, portal %s",
		  PACKAGE_VERSION, cli->command ? cli->command : "(console)",
		  cli->profile.name ? cli->profile.name : "(none)",
		  cli->profile.portal ? cli->profile.portal : "(not set)");
}

/* "No such profile" or "no credentials" from a config file that could
 * not be read: the file is to blame, and which line to fix is said. */
static bool blame_config(const struct cli *cli, struct b24_error *err)
{
	if (strcmp(err->code, "no_such_profile") == 0 ||
	    strcmp(err->code, "no_credentials") == 0)
		(void)profiles_unusable(&cli->config, err);
	return false;
}

bool cli_setup(struct cli *cli, struct b24_error *err)
{
	struct settings_input in = {
		.profile_name = cli->profile_name,
		.portal = cli->portal,
		.auth = cli->auth,
		.cacert = cli->cacert,
		.oauth_server = cli->oauth_server,
		.timeout = cli->timeout,
		.allow_new_profile = cli->allow_new_profile,
		/* The console lets the person pick; a webhook in the
		 * environment needs no profile at all. */
		.allow_unchosen = cli->command == NULL ||
				  creds_env("B24USER_WEBHOOK_URL") != NULL,
	};

	b24_error_clear(err);
	load_config(cli);
	if (!settings_resolve(&cli->config, &in, &cli->profile, &cli->http,
			      &cli->from_file, err))
		return blame_config(cli, err);
	if (!check_portal(cli, err))
		return false;
	cli->http.ca_file = cli->profile.ca_file;
	open_log(cli);
	return true;
}

int cli_setup_write(struct cli *cli, bool dry_run)
{
	struct b24_error err;

	if (!cli_setup(cli, &err))
		return cli_report(cli, &err);
	if (!dry_run && !guard_allow_write(&cli->profile, cli->allow_write,
					   "--allow-write", NULL, &err))
		return cli_report(cli, &err);
	return -1;
}

/* The environment alone is enough; the store is opened only when it
 * could hold something for this profile. */
static bool need_store(const struct cli *cli)
{
	if (creds_env("B24USER_WEBHOOK_URL") ||
	    creds_env("B24USER_ACCESS_TOKEN"))
		return false;
	return cli->profile.name && cli->profile.portal &&
	       cli->profile.auth != AUTH_NONE;
}

static const struct profile *profile_or_null(const struct cli *cli)
{
	const struct profile *p = &cli->profile;

	return p->name || p->portal || p->auth ? p : NULL;
}

/* A one-off token needs only the portal: without other credentials it
 * is used on the profile's portal. */
static bool creds_for_override(const struct cli *cli, struct rest_creds *c,
			       struct b24_error *err)
{
	if (!cli->profile.portal)
		return false;
	memset(c, 0, sizeof *c);
	c->method = cli->profile.auth == AUTH_OAUTH ? AUTH_OAUTH : AUTH_APIKEY;
	c->portal = xstrdup(cli->profile.portal);
	b24_error_clear(err);
	return true;
}

static bool resolve(struct cli *cli, bool have_override,
		    struct rest_creds *creds, struct b24_error *err)
{
	if (need_store(cli) && !cli->store) {
		cli->store = cred_store_open(&cli->profile, err);
		if (!cli->store)
			return false;
	}
	if (creds_resolve(profile_or_null(cli), cli->store, creds,
			  &cli->cred_source, err))
		return true;
	if (have_override && err->exit == B24_EXIT_AUTH &&
	    creds_for_override(cli, creds, err)) {
		cli->cred_source = CRED_OVERRIDE;
		return true;
	}
	return false;
}

/* A missing CA file is bad input, told before anything is sent, rather
 * than a TLS failure from deep inside curl. */
static bool check_ca_file(const struct cli *cli, struct b24_error *err)
{
	const char *path = cli->http.ca_file;

	if (!path || access(path, R_OK) == 0)
		return true;
	b24_error_set(err, B24_EXIT_USAGE, "ca_file_unreadable",
		      "The CA file %s cannot be read: %s", path,
		      strerror(errno));
	b24_error_hint(err, "Give the certificate of the portal's "
		       "certificate authority (PEM) with --cacert FILE or "
		       "ca_file in the profile.  Nothing was sent.");
	return false;
}

bool cli_open_session(struct cli *cli, const struct secret *token_override,
		      struct b24_error *err)
{
	const struct secret *token = token_override
		? token_override : creds_env("B24USER_TOKEN_OVERRIDE");
	struct rest_creds creds;

	b24_error_clear(err);
	if (cli->session)
		return true;
	if (!check_ca_file(cli, err))
		return false;
	if (!resolve(cli, token != NULL, &creds, err))
		return blame_config(cli, err);
	if (!cli->profile.portal && creds.portal)
		cli->profile.portal = xstrdup(creds.portal);
	log_debug("credentials from %s for %s",
		  cred_source_name(cli->cred_source),
		  creds.portal ? creds.portal : "(no portal)");
	if (creds.method == AUTH_OAUTH || creds.method == AUTH_APIKEY)
		cli->refresher = refresher_new(&cli->profile, cli->store,
					       cli->cred_source, &cli->http,
					       cli->oauth_server);
	cli->session = rest_session_new(&cli->http, &creds);
	rest_session_set_profile(cli->session, cli->profile.name);
	if (cli->refresher)
		refresher_install(cli->refresher, cli->session);
	/* --timeout bounds the waiting for rate limits too. */
	if (cli->profile.timeout > 0)
		rest_session_set_wait_budget(cli->session,
					     cli->profile.timeout);
	if (token) {
		log_add_secret(secret_reveal(token));
		rest_session_set_token_override(cli->session,
						secret_dup(token));
		cli->cred_source = CRED_OVERRIDE;
	}
	cli_signal_watch(cli->session);
	return true;
}

void cli_cleanup(struct cli *cli)
{
	cli_signal_watch(NULL);
	if (cli->session)
		rest_session_free(cli->session);
	refresher_free(cli->refresher);
	if (cli->store)
		cred_store_free(cli->store);
	profile_clear(&cli->profile);
	config_free(&cli->config);
	if (cli->log_path)
		log_close();
	free(cli->log_path);
	cli->session = NULL;
	cli->refresher = NULL;
	cli->store = NULL;
	cli->log_path = NULL;
}
