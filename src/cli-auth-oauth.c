/*
 * auth login for OAuth 2.0 (the portal's authorize address, a pasted
 * code, exchanged at once) and for an API key (a pasted access token with
 * an optional refresh token), and the token line of auth status.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli-auth.h"
#include "cli-prompt.h"
#include "cli-signal.h"
#include "jsonutil.h"
#include "log.h"
#include "oauth.h"
#include "paths.h"
#include "refresh.h"
#include "strbuf.h"
#include "xalloc.h"

/* What a sign-in collects before it is saved. */
struct login {
	enum auth_method method;
	char *client_id;
	char *token_url;
	struct secret *client_secret;
	struct secret *access_token;
	struct secret *refresh_token;
	struct oauth_tokens answer;
	struct strbuf account;
};

static void login_clear(struct login *l)
{
	free(l->client_id);
	free(l->token_url);
	secret_free(l->client_secret);
	secret_free(l->access_token);
	secret_free(l->refresh_token);
	oauth_tokens_clear(&l->answer);
	sb_free(&l->account);
}

static bool need_portal(const struct cli *cli, struct b24_error *err)
{
	if (cli->profile.portal && cli->profile.name)
		return true;
	b24_error_set(err, B24_EXIT_USAGE, "no_portal", "Profile \"%s\" has "
		      "no portal address.", cli->profile.name ?
		      cli->profile.name : "");
	b24_error_hint(err, "Give it with --portal https://HOST, e.g. "
		       "\"b24user auth login --profile NAME --portal URL "
		       "--auth %s\".", auth_method_name(cli->profile.auth));
	return false;
}

static void find_client_id(const struct cli *cli, struct login *l)
{
	const struct secret *env = creds_env("B24USER_CLIENT_ID");

	if (env)
		l->client_id = xstrdup(secret_reveal(env));
	else if (cli->profile.client_id && *cli->profile.client_id)
		l->client_id = xstrdup(cli->profile.client_id);
}

static bool need_client_id(const struct login *l, struct b24_error *err)
{
	if (l->client_id)
		return true;
	b24_error_set(err, B24_EXIT_USAGE, "no_client_id", "The "
		      "application's client id is not known.");
	b24_error_hint(err, "Set client_id=local.... in the profile of the "
		       "config file, or B24USER_CLIENT_ID, then run auth login "
		       "again.");
	return false;
}

/* Keep what the store already has when the person just presses Enter. */
static bool ask_client_secret(struct cli *cli, struct login *l,
			      bool optional, struct b24_error *err)
{
	const struct secret *env = creds_env("B24USER_CLIENT_SECRET");
	struct secret *kept = NULL;
	bool ok;

	if (env) {
		l->client_secret = secret_dup(env);
		return true;
	}
	(void)cred_store_get(cli->store, cli->profile.name,
			     cli->profile.portal, SECRET_CLIENT_SECRET, &kept,
			     err);
	b24_error_clear(err);
	ok = cli_prompt_secret(kept ? "Client secret of the application "
			       "(hidden; Enter keeps the stored one): " :
			       optional ? "Client secret of the application "
			       "(hidden; Enter for none): " : "Client secret "
			       "of the application (hidden): ",
			       kept || optional, &l->client_secret, err);
	if (ok && !l->client_secret)
		l->client_secret = kept;
	else
		secret_free(kept);
	if (l->client_secret)
		log_add_secret(secret_reveal(l->client_secret));
	return ok;
}

static bool ask_code(struct cli *cli, const struct login *l,
		     struct secret **code, struct b24_error *err)
{
	char *state = oauth_new_state();
	char *url = oauth_authorize_url(cli->profile.portal, l->client_id,
					state);
	struct secret *pasted = NULL;
	bool ok;

	printf("Open this address in a browser where you are signed in to "
	       "the portal:\n  %s\nAllow access; the browser then goes to "
	       "the application's address.\nCopy the code from it (or the "
	       "whole address) and paste it here at once:\na code works "
	       "for 30 seconds.\n", url);
	fflush(stdout);
	ok = cli_prompt_secret("Code or address (hidden): ", false, &pasted,
			       err) &&
	     oauth_parse_code(secret_reveal(pasted), state,
			      cli->profile.portal + strlen("https://"), code,
			      err);
	secret_free(pasted);
	free(state);
	free(url);
	return ok;
}

static bool exchange(struct cli *cli, struct login *l, struct b24_error *err)
{
	struct http_client *http = http_client_new(&cli->http);
	struct secret *code = NULL;
	bool ok = ask_code(cli, l, &code, err) &&
		  oauth_exchange_code(http, l->token_url, l->client_id,
				      l->client_secret, code, &l->answer,
				      err);

	secret_free(code);
	http_client_free(http);
	if (!ok)
		return false;
	l->access_token = secret_dup(l->answer.access_token);
	l->refresh_token = secret_dup(l->answer.refresh_token);
	return true;
}

static void quiet(const char *message, void *ctx)
{
	(void)message;
	(void)ctx;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* The portal answers "profile" with these tokens; an expired API key is
 * renewed on the way when it came with a refresh token. */
static bool check_tokens(struct cli *cli, struct login *l,
			 struct b24_error *err)
{
	struct rest_creds c = { .method = l->method };
	struct refresher *r;
	struct rest_reply reply;
	const struct rest_creds *now;
	bool ok;

	c.portal = xstrdup(cli->profile.portal);
	c.access_token = secret_dup(l->access_token);
	c.refresh_token = secret_dup(l->refresh_token);
	c.client_secret = secret_dup(l->client_secret);
	c.client_id = l->client_id ? xstrdup(l->client_id) : NULL;
	c.oauth_server = cli->profile.oauth_server ?
			 xstrdup(cli->profile.oauth_server) : NULL;
	r = refresher_new(&cli->profile, NULL, CRED_MEMORY, &cli->http,
			  cli->oauth_server);
	refresher_set_note(r, quiet, NULL);
	cli->session = rest_session_new(&cli->http, &c);
	rest_session_set_profile(cli->session, cli->profile.name);
	refresher_install(r, cli->session);
	cli_signal_watch(cli->session);
	ok = rest_call(cli->session, "profile", NULL, REST_READ, &reply, err);
	if (ok && !json_get(reply.result, "ID")) {
		b24_error_set(err, B24_EXIT_AUTH, "inactive_user", "The portal "
			      "accepted the token, but its user is not "
			      "active.");
		ok = false;
	}
	if (ok) {
		char *id = json_scalar_text(json_get(reply.result, "ID"));

		sb_printf(&l->account, "%s %s (user %s)",
			  or_empty(json_get_string(reply.result, "NAME")),
			  or_empty(json_get_string(reply.result, "LAST_NAME")),
			  or_empty(id));
		free(id);
	}
	now = rest_session_creds(cli->session);
	if (ok && refresher_count(r) > 0) {
		secret_free(l->access_token);
		secret_free(l->refresh_token);
		l->access_token = secret_dup(now->access_token);
		l->refresh_token = secret_dup(now->refresh_token);
		printf("The access token had expired; it was renewed.\n");
	}
	rest_reply_free(&reply);
	rest_session_set_refresh(cli->session, NULL, NULL);
	refresher_free(r);
	return ok;
}

static bool save_profile(struct cli *cli, const struct login *l,
			 struct b24_error *err)
{
	char *path = cli->config.path ? xstrdup(cli->config.path) :
		     paths_config_file();
	struct profile saved;
	bool ok;

	profile_copy(&saved, &cli->profile);
	saved.auth = l->method;
	if (l->client_id) {
		free(saved.client_id);
		saved.client_id = xstrdup(l->client_id);
	}
	ok = config_save_profile(path, &saved, err);
	if (ok)
		printf("Profile \"%s\" saved in %s.\n", saved.name, path);
	profile_clear(&saved);
	free(path);
	return ok;
}

static bool put(struct cli *cli, enum secret_kind kind,
		const struct secret *value, struct b24_error *err)
{
	return !value || cred_store_put(cli->store, cli->profile.name,
					cli->profile.portal, kind, value, err);
}

/* Old secrets go first: a stale refresh token must not outlive a new
 * access token that came without one. */
static bool store_secrets(struct cli *cli, const struct login *l,
			  struct b24_error *err)
{
	bool ok = cred_store_forget(cli->store, cli->profile.name, NULL,
				    err) &&
		  put(cli, SECRET_CLIENT_SECRET, l->client_secret, err) &&
		  put(cli, SECRET_REFRESH_TOKEN, l->refresh_token, err) &&
		  put(cli, SECRET_ACCESS_TOKEN, l->access_token, err);

	if (!ok) {
		b24_error_hint(err, "The profile is saved; run \"b24user auth "
			       "login --profile %s\" again once the store "
			       "works.", cli->profile.name);
		return false;
	}
	printf("%s\n", cred_store_describe(cli->store));
	fflush(stdout);
	if (cred_store_kind(cli->store) == CRED_MEMORY)
		cli_warn("the next run of b24user will not know these tokens. "
			 "%s", cred_store_hint(cli->store));
	return true;
}

static void save_state(const struct cli *cli, const struct login *l)
{
	struct oauth_state st;
	struct b24_error e;
	time_t now = time(NULL);

	memset(&st, 0, sizeof st);
	b24_error_clear(&e);
	oauth_state_update(&st, cli->profile.portal, &l->answer,
			   l->token_url, now);
	if (!l->answer.access_token)
		st.expires = 0;
	st.signed_in = now;
	if (!oauth_state_save(cli->profile.name, &st, &e))
		cli_warn("%s", e.message);
	oauth_state_clear(&st);
}

static bool finish(struct cli *cli, struct login *l, struct b24_error *err)
{
	if (!check_tokens(cli, l, err))
		return false;
	printf("The %s works: %s acts as %s.\n", l->method == AUTH_OAUTH ?
	       "sign-in" : "API key (access token)", cli->profile.portal,
	       l->account.buf);
	if (!save_profile(cli, l, err) || !store_secrets(cli, l, err))
		return false;
	save_state(cli, l);
	return true;
}

static bool open_store(struct cli *cli, struct login *l,
		       enum auth_method m, struct b24_error *err)
{
	memset(l, 0, sizeof *l);
	sb_init(&l->account);
	l->method = m;
	cli->profile.auth = m;
	if (!need_portal(cli, err))
		return false;
	find_client_id(cli, l);
	l->token_url = oauth_token_url(cli->oauth_server ? cli->oauth_server :
				       cli->profile.oauth_server, err);
	if (!l->token_url)
		return false;
	cli->store = cred_store_open(&cli->profile, err);
	return cli->store != NULL;
}

bool auth_login_oauth(struct cli *cli, struct b24_error *err)
{
	struct login l;
	bool ok = open_store(cli, &l, AUTH_OAUTH, err) &&
		  need_client_id(&l, err) &&
		  ask_client_secret(cli, &l, false, err) &&
		  exchange(cli, &l, err) && finish(cli, &l, err);

	login_clear(&l);
	return ok;
}

static bool ask_api_key(struct cli *cli, struct login *l,
			struct b24_error *err)
{
	struct strbuf q;
	bool ok;

	sb_init(&q);
	sb_printf(&q, "API key (access token) for profile \"%s\" (hidden): ",
		  cli->profile.name);
	ok = cli_prompt_secret(q.buf, false, &l->access_token, err) &&
	     cli_prompt_secret("Refresh token (hidden; Enter for none): ",
			       true, &l->refresh_token, err) &&
	     ask_client_secret(cli, l, true, err);
	sb_free(&q);
	if (ok) {
		log_add_secret(secret_reveal(l->access_token));
		if (l->refresh_token)
			log_add_secret(secret_reveal(l->refresh_token));
	}
	if (ok && l->refresh_token && (!l->client_id || !l->client_secret))
		cli_warn("without the application's client id and client "
			 "secret the refresh token cannot be used: the API key "
			 "stops working when it expires");
	return ok;
}

bool auth_login_apikey(struct cli *cli, struct b24_error *err)
{
	struct login l;
	bool ok = open_store(cli, &l, AUTH_APIKEY, err) &&
		  ask_api_key(cli, &l, err) && finish(cli, &l, err);

	login_clear(&l);
	return ok;
}
