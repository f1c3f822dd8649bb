/*
 * b24user auth login | status | logout: signing a profile in (check the
 * credentials against the portal, save the profile, store the secret),
 * the troubleshooting report, and signing out.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli-auth.h"
#include "cli-prompt.h"
#include "cli-signal.h"
#include "jsonutil.h"
#include "log.h"
#include "oauth.h"
#include "paths.h"
#include "strbuf.h"
#include "xalloc.h"

void auth_webhook_hint(const struct secret *url, char *out, size_t len)
{
	const char *s = strstr(secret_reveal(url), "/rest/");
	const char *code, *end;
	struct secret *part;

	snprintf(out, len, "(not a webhook URL)");
	if (!s)
		return;
	code = strchr(s + 6, '/');
	if (!code)
		return;
	code++;
	end = strchr(code, '/');
	part = secret_new_len(code, end ? (size_t)(end - code) : strlen(code));
	secret_hint(part, out, len);
	secret_free(part);
}

/* What the portal says about the account, for one line of output. */
static void describe_account(const cJSON *profile, struct strbuf *sb)
{
	const char *name = json_get_string(profile, "NAME");
	const char *last = json_get_string(profile, "LAST_NAME");
	char *id = json_scalar_text(json_get(profile, "ID"));
	const cJSON *admin = json_get(profile, "ADMIN");

	sb_printf(sb, "%s%s%s (user %s, %s)", name ? name : "",
		  name && last && *last ? " " : "", last ? last : "",
		  id ? id : "?", cJSON_IsTrue(admin) ? "administrator" :
		  "not an administrator");
	free(id);
}

static bool check_webhook(struct cli *cli, const char *portal,
			  const struct secret *url, struct strbuf *account,
			  struct b24_error *err)
{
	struct rest_creds creds = { .method = AUTH_WEBHOOK };
	struct rest_reply reply;
	bool ok;

	creds.portal = xstrdup(portal);
	creds.webhook = secret_dup(url);
	cli->session = rest_session_new(&cli->http, &creds);
	cli_signal_watch(cli->session);
	memset(&reply, 0, sizeof reply);
	ok = rest_call(cli->session, "profile", NULL, REST_READ, &reply, err);
	if (ok && !json_get(reply.result, "ID")) {
		b24_error_set(err, B24_EXIT_AUTH, "inactive_user",
			      "The portal accepted the webhook, but its user "
			      "is not active.");
		b24_error_hint(err, "Make a webhook as an active user.");
		ok = false;
	}
	if (ok)
		describe_account(reply.result, account);
	rest_reply_free(&reply);
	return ok;
}

static bool ask_webhook(struct cli *cli, struct secret **url,
			char **portal, struct b24_error *err)
{
	struct strbuf q;
	long user_id;
	bool ok;

	sb_init(&q);
	sb_printf(&q, "Webhook URL for profile \"%s\" "
		  "(https://PORTAL/rest/USER/CODE/, typing is hidden): ",
		  cli->profile.name);
	ok = cli_prompt_secret(q.buf, false, url, err);
	sb_free(&q);
	if (!ok)
		return false;
	log_add_secret(secret_reveal(*url));
	if (!webhook_parse(secret_reveal(*url), portal, &user_id, err))
		return false;
	if (cli->portal && strcmp(cli->profile.portal, *portal) != 0) {
		b24_error_set(err, B24_EXIT_USAGE, "portal_mismatch",
			      "The webhook is for %s, not for %s (--portal).",
			      *portal, cli->profile.portal);
		return false;
	}
	return true;
}

static bool save_profile(struct cli *cli, const char *portal,
			 struct profile *saved, struct b24_error *err)
{
	char *path = cli->config.path ? xstrdup(cli->config.path) :
		     paths_config_file();
	bool ok;

	profile_copy(saved, &cli->profile);
	free(saved->portal);
	saved->portal = xstrdup(portal);
	saved->auth = AUTH_WEBHOOK;
	ok = config_save_profile(path, saved, err);
	if (ok)
		printf("Profile \"%s\" saved in %s.\n", saved->name, path);
	free(path);
	return ok;
}

static bool store_secret(struct cli *cli, const struct profile *p,
			 const struct secret *url, struct b24_error *err)
{
	char hint[sizeof err->hint];
	const char *hint_now;

	cli->store = cred_store_open(p, err);
	if (!cli->store ||
	    !cred_store_put(cli->store, p->name, p->portal, SECRET_WEBHOOK,
			    url, err)) {
		snprintf(hint, sizeof hint, "%s", err->hint);
		b24_error_hint(err, "%s%sThe profile is saved; run \"b24user "
			       "auth login --profile %s\" again once this is "
			       "fixed.", hint, *hint ? " " : "", p->name);
		return false;
	}
	printf("%s\n", cred_store_describe(cli->store));
	/* Exit 0 all the same: the webhook works and memory is a store. */
	if (cred_store_kind(cli->store) == CRED_MEMORY)
		printf("Result: the webhook was checked and works, but it is "
		       "NOT stored: it is kept in memory for this run only.\n");
	fflush(stdout);
	hint_now = cred_store_hint(cli->store);
	if (cred_store_kind(cli->store) == CRED_MEMORY && *hint_now)
		cli_warn("the next run of b24user will not know this webhook. "
			 "To store it, add secret_store = file to [profile %s] "
			 "in %s (a file only you can read; see "
			 "b24user.conf(5)) and run 'b24user auth login "
			 "--profile %s' again, or use a Secret Service. %s",
			 p->name, cli->config.path ? cli->config.path :
			 "the config file", p->name, hint_now);
	return true;
}

/* The portal's hint sends people to auth status, which knows nothing of
 * a profile whose first login failed: point at the URL instead. */
static void login_refused(const struct cli *cli, struct b24_error *err)
{
	if (err->exit != B24_EXIT_AUTH || !strstr(err->hint, "auth status"))
		return;
	b24_error_hint(err, "Nothing was saved. Check the webhook URL: copy "
		       "it again from the portal (Developer resources, "
		       "Inbound webhook; made by an active user), then run "
		       "'b24user auth login --profile %s' again.",
		       cli->profile.name ? cli->profile.name : "NAME");
}

static bool login_webhook(struct cli *cli, struct b24_error *err)
{
	struct secret *url = NULL;
	char *portal = NULL;
	struct strbuf account;
	struct profile saved;
	bool ok;

	sb_init(&account);
	memset(&saved, 0, sizeof saved);
	ok = ask_webhook(cli, &url, &portal, err);
	if (ok && !check_webhook(cli, portal, url, &account, err)) {
		login_refused(cli, err);
		ok = false;
	}
	if (ok)
		printf("The webhook works: %s acts as %s.\n", portal,
		       account.buf);
	ok = ok && save_profile(cli, portal, &saved, err) &&
	     store_secret(cli, &saved, url, err);
	profile_clear(&saved);
	sb_free(&account);
	secret_free(url);
	free(portal);
	return ok;
}

/* One way to sign in per auth method. */
static const struct {
	enum auth_method method;
	bool (*run)(struct cli *cli, struct b24_error *err);
} logins[] = {
	{ AUTH_WEBHOOK, login_webhook },
	{ AUTH_OAUTH, auth_login_oauth },
	{ AUTH_APIKEY, auth_login_apikey },
};

static int auth_login(struct cli *cli, int argc, char **argv)
{
	struct b24_error err;
	enum auth_method m;
	size_t i;
	int rc;

	cli->allow_new_profile = true;
	rc = cli_parse(cli, argc, argv, NULL, NULL, NULL);
	if (rc >= 0)
		return rc;
	if (!cli_setup(cli, &err))
		return cli_report(cli, &err);
	m = cli->profile.auth == AUTH_NONE ? AUTH_WEBHOOK : cli->profile.auth;
	for (i = 0; i < sizeof logins / sizeof logins[0]; i++)
		if (logins[i].method == m)
			return logins[i].run(cli, &err) ? 0 :
			       cli_report(cli, &err);
	return cli_usage_error(cli, "auth login signs in webhook profiles "
			       "only; profile \"%s\" uses %s",
			       cli->profile.name, auth_method_name(m));
}

static void mention_env(void)
{
	if (creds_env("B24USER_WEBHOOK_URL") ||
	    creds_env("B24USER_ACCESS_TOKEN"))
		cli_warn("credentials from B24USER_WEBHOOK_URL or "
			 "B24USER_ACCESS_TOKEN are not in any store: unset "
			 "them in your shell to stop using them");
}

/* Whether the store holds any secret of the profile; true when the
 * store cannot tell (the message then claims nothing it cannot know). */
static bool holds_secrets(struct cli *cli, const struct profile *p)
{
	static const enum secret_kind kinds[] = {
		SECRET_WEBHOOK, SECRET_ACCESS_TOKEN, SECRET_REFRESH_TOKEN,
		SECRET_CLIENT_SECRET, SECRET_API_KEY,
	};
	struct secret *s = NULL;
	struct b24_error err;
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		b24_error_clear(&err);
		if (!cred_store_get(cli->store, p->name, p->portal, kinds[i],
				    &s, &err))
			return true;
		if (s) {
			secret_free(s);
			return true;
		}
	}
	return false;
}

bool auth_forget(struct cli *cli, const struct profile *p, bool *had,
		 struct b24_error *err)
{
	cli->store = cred_store_open(p, err);
	*had = cli->store && holds_secrets(cli, p);
	if (!cli->store || !cred_store_forget(cli->store, p->name, NULL, err))
		return false;
	oauth_state_remove(p->name);
	return true;
}

static int auth_logout(struct cli *cli, int argc, char **argv)
{
	struct b24_error err;
	int rc = cli_parse(cli, argc, argv, NULL, NULL, NULL);
	bool stored;

	if (rc >= 0)
		return rc;
	if (!cli_setup(cli, &err))
		return cli_report(cli, &err);
	if (!cli->profile.name)
		return cli_usage_error(cli, "there is no profile to sign out "
				       "of; name one with --profile NAME");
	if (!auth_forget(cli, &cli->profile, &stored, &err))
		return cli_report(cli, &err);
	if (stored)
		printf("Signed out: the secrets of profile \"%s\" are removed "
		       "from the %s store.\n", cli->profile.name,
		       cred_source_name(cred_store_kind(cli->store)));
	else
		printf("Nothing to sign out of: the %s store holds no secrets "
		       "of profile \"%s\", so nothing was removed.\n",
		       cred_source_name(cred_store_kind(cli->store)),
		       cli->profile.name);
	fflush(stdout);
	/* A locked keyring hides its items: they cannot be removed now. */
	if (cred_store_kind(cli->store) == CRED_SESSION &&
	    *cred_store_hint(cli->store))
		cli_warn("items in the locked login keyring cannot be removed "
			 "until it is unlocked; then run \"b24user auth "
			 "logout --profile %s\" again. %s", cli->profile.name,
			 cred_store_hint(cli->store));
	mention_env();
	return 0;
}

static const struct {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
} subcommands[] = {
	{ "login", auth_login },
	{ "status", auth_status },
	{ "logout", auth_logout },
};

int cmd_auth(struct cli *cli, int argc, char **argv)
{
	size_t i;
	int rc;

	if (argc < 2 || argv[1][0] == '-') {
		rc = cli_parse(cli, argc, argv, NULL, NULL, NULL);
		if (rc >= 0)
			return rc;
		return cli_usage_error(cli, "auth needs a subcommand: login, "
				       "status or logout");
	}
	for (i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
		if (strcmp(argv[1], subcommands[i].name) == 0)
			return subcommands[i].run(cli, argc - 1, argv + 1);
	return cli_usage_error(cli, "unknown auth subcommand '%s'", argv[1]);
}
