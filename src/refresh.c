/*
 * The REST session's refresh hook: on expired_token, take the profile's
 * lock, use what another process stored meanwhile, else spend the
 * refresh token once and store the new pair before the call goes again.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "log.h"
#include "oauth.h"
#include "refresh.h"
#include "xalloc.h"

struct refresher {
	struct profile profile;
	struct cred_store *store;	/* borrowed */
	enum cred_source source;
	struct http_options http;
	char *ca_file;
	char *forced_server;
	struct http_client *client;	/* made on first use */
	refresh_note_fn note;
	void *note_ctx;
	bool noted;
	int count;
};

struct refresher *refresher_new(const struct profile *p,
				struct cred_store *st,
				enum cred_source source,
				const struct http_options *http,
				const char *forced_server)
{
	struct refresher *r = xcalloc(1, sizeof *r);

	if (p)
		profile_copy(&r->profile, p);
	r->store = st;
	r->source = source;
	if (http) {
		r->http = *http;
		r->ca_file = http->ca_file ? xstrdup(http->ca_file) : NULL;
		r->http.ca_file = r->ca_file;
	}
	if (forced_server)
		r->forced_server = xstrdup(forced_server);
	return r;
}

void refresher_free(struct refresher *r)
{
	if (!r)
		return;
	profile_clear(&r->profile);
	http_client_free(r->client);
	free(r->ca_file);
	free(r->forced_server);
	free(r);
}

void refresher_set_note(struct refresher *r, refresh_note_fn fn, void *ctx)
{
	r->note = fn;
	r->note_ctx = ctx;
}

void refresher_install(struct refresher *r, struct rest_session *s)
{
	rest_session_set_refresh(s, refresh_tokens, r);
}

int refresher_count(const struct refresher *r)
{
	return r->count;
}

static const char *name_of(const struct refresher *r)
{
	return r->profile.name ? r->profile.name : "NAME";
}

/* Only a store that outlives this process can keep the new pair. */
static bool persistent(const struct refresher *r)
{
	enum cred_source k = r->store ? cred_store_kind(r->store) : CRED_NONE;

	return r->source != CRED_ENV && r->profile.name &&
	       (k == CRED_KEYRING || k == CRED_SESSION || k == CRED_FILE);
}

static void note(struct refresher *r, const char *message)
{
	if (r->noted)
		return;
	r->noted = true;
	log_debug("%s", message);
	if (r->note)
		r->note(message, r->note_ctx);
	else
		fprintf(stderr, "b24user: %s\n", message);
}

static void note_spent(struct refresher *r, const char *why)
{
	char msg[768];

	snprintf(msg, sizeof msg, "the access token was renewed for this run "
		 "only: %s. The old refresh token%s is now spent, and the new "
		 "one is forgotten when b24user exits. To keep it, run "
		 "\"b24user auth login --profile %s\" with a lasting store "
		 "(the desktop keyring, or secret_store=file).", why,
		 r->source == CRED_ENV ? " in B24USER_REFRESH_TOKEN" : "",
		 name_of(r));
	note(r, msg);
}

static void replace(struct secret **slot, struct secret *value)
{
	secret_free(*slot);
	*slot = value;
	if (value)
		log_add_secret(secret_reveal(value));
}

/* Another process refreshed while we waited: its pair is in the store. */
static bool adopt_stored(struct refresher *r, struct rest_creds *c)
{
	struct secret *access = NULL, *refresh = NULL;
	struct b24_error e;

	b24_error_clear(&e);
	if (!cred_store_get(r->store, r->profile.name, r->profile.portal,
			    SECRET_ACCESS_TOKEN, &access, &e) || !access ||
	    secret_equal(access, c->access_token)) {
		secret_free(access);
		return false;
	}
	(void)cred_store_get(r->store, r->profile.name, r->profile.portal,
			     SECRET_REFRESH_TOKEN, &refresh, &e);
	replace(&c->access_token, access);
	if (refresh)
		replace(&c->refresh_token, refresh);
	log_debug("another b24user process renewed the tokens: using them");
	return true;
}

static bool cannot_refresh(const struct refresher *r,
			   const struct rest_creds *c, struct b24_error *err)
{
	bool no_refresh = !c->refresh_token;

	b24_error_set(err, B24_EXIT_AUTH, "expired_token",
		      "The access token has expired, and %s.", no_refresh ?
		      "there is no refresh token to renew it" :
		      "it cannot be renewed without the application's "
		      "client id and client secret");
	b24_error_hint(err, "Run \"b24user auth login --profile %s\" to "
		       "paste a new API key (access token)%s.", name_of(r),
		       no_refresh ? " with its refresh token" :
		       ", or set client_id in the profile and "
		       "B24USER_CLIENT_ID / B24USER_CLIENT_SECRET");
	return false;
}

char *refresh_token_url(const struct refresher *r,
			const struct rest_creds *c, struct b24_error *err)
{
	struct oauth_state st;
	char *url = NULL;

	if (r->forced_server)
		return oauth_token_url(r->forced_server, err);
	if (oauth_state_load(r->profile.name, &st) && st.token_url &&
	    st.portal && c->portal && strcasecmp(st.portal, c->portal) == 0)
		url = xstrdup(st.token_url);
	oauth_state_clear(&st);
	return url ? url : oauth_token_url(c->oauth_server, err);
}

/* The endpoint's refusal, with what to do for this profile. */
static void explain(const struct refresher *r, struct b24_error *err)
{
	const char *env = r->source == CRED_ENV ? " (or set new "
		"B24USER_ACCESS_TOKEN and B24USER_REFRESH_TOKEN)" : "";

	if (strcmp(err->code, "invalid_grant") == 0) {
		b24_error_set(err, B24_EXIT_AUTH, "invalid_grant",
			      "Sign in again: the authorization server no "
			      "longer accepts the refresh token (expired, "
			      "already used or revoked).");
		b24_error_hint(err, "Run \"b24user auth login --profile "
			       "%s\"%s.", name_of(r), env);
	} else if (strcmp(err->code, "invalid_client") == 0) {
		b24_error_hint(err, "Check client_id in profile \"%s\" and "
			       "the client secret in the portal's "
			       "application settings, then run \"b24user "
			       "auth login --profile %s\".", name_of(r),
			       name_of(r));
	}
}

static void save_state(const struct refresher *r, const char *portal,
		       const struct oauth_tokens *t, const char *url)
{
	struct oauth_state st;
	struct b24_error e;
	time_t now = time(NULL);

	b24_error_clear(&e);
	oauth_state_load(r->profile.name, &st);
	oauth_state_update(&st, portal, t, url, now);
	st.refreshed = now;
	if (!oauth_state_save(r->profile.name, &st, &e))
		log_debug("%s", e.message);
	oauth_state_clear(&st);
}

/* Refresh token first: a crash in between leaves a usable pair. */
static bool store_pair(struct refresher *r, const struct oauth_tokens *t,
		       struct b24_error *err)
{
	const char *n = r->profile.name, *portal = r->profile.portal;

	return (!t->refresh_token ||
		cred_store_put(r->store, n, portal, SECRET_REFRESH_TOKEN,
			       t->refresh_token, err)) &&
	       cred_store_put(r->store, n, portal, SECRET_ACCESS_TOKEN,
			      t->access_token, err);
}

static bool spend(struct refresher *r, struct rest_creds *c,
		  struct b24_error *err)
{
	struct oauth_tokens t;
	struct b24_error serr;
	char *url = refresh_token_url(r, c, err);
	bool ok;

	if (!url)
		return false;
	/* Never cancelled: an answer abandoned half-way would lose the
	 * only refresh token that still works. */
	if (!r->client)
		r->client = http_client_new(&r->http);
	log_debug("refreshing the access token at %s", url);
	ok = oauth_refresh(r->client, url, c->client_id, c->client_secret,
			   c->refresh_token, &t, err);
	if (!ok) {
		explain(r, err);
		free(url);
		return false;
	}
	r->count++;
	b24_error_clear(&serr);
	if (!persistent(r))
		note_spent(r, r->source == CRED_ENV ? "the tokens came from "
			   "the environment" : "this profile's secrets are "
			   "kept in memory only");
	else if (!store_pair(r, &t, &serr))
		note_spent(r, serr.message);
	save_state(r, c->portal, &t, url);
	replace(&c->access_token, t.access_token);
	replace(&c->refresh_token, t.refresh_token);
	t.access_token = t.refresh_token = NULL;
	oauth_tokens_clear(&t);
	free(url);
	return true;
}

bool refresh_tokens(void *ctx, struct rest_creds *creds,
		    struct b24_error *err)
{
	struct refresher *r = ctx;
	int fd;
	bool ok;

	if (!creds->refresh_token || !creds->client_id ||
	    !creds->client_secret)
		return cannot_refresh(r, creds, err);
	fd = refresh_lock(r->profile.name, err);
	if (fd < 0)
		return false;
	ok = (persistent(r) && adopt_stored(r, creds)) ||
	     spend(r, creds, err);
	refresh_unlock(fd);
	return ok;
}
