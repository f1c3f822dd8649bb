/*
 * Where a profile's credentials come from: the B24USER_* environment,
 * captured once and removed, else the profile's credential store.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "creds.h"
#include "log.h"
#include "xalloc.h"

/* Captured variables; the last one is not a secret but travels along. */
static const char *const env_names[] = {
	"B24USER_WEBHOOK_URL",
	"B24USER_ACCESS_TOKEN",
	"B24USER_REFRESH_TOKEN",
	"B24USER_CLIENT_SECRET",
	"B24USER_TOKEN_OVERRIDE",
	"B24USER_CLIENT_ID",
};
#define ENV_COUNT (sizeof env_names / sizeof env_names[0])
#define ENV_SECRETS (ENV_COUNT - 1)

static struct secret *env_values[ENV_COUNT];

const char *secret_kind_name(enum secret_kind k)
{
	static const char *const names[] = {
		[SECRET_WEBHOOK] = "webhook",
		[SECRET_ACCESS_TOKEN] = "access token",
		[SECRET_REFRESH_TOKEN] = "refresh token",
		[SECRET_CLIENT_SECRET] = "client secret",
		[SECRET_API_KEY] = "api key",
	};

	if ((unsigned)k < sizeof names / sizeof names[0])
		return names[k];
	return "secret";
}

const char *cred_source_name(enum cred_source s)
{
	static const char *const names[] = {
		[CRED_NONE] = "none",
		[CRED_ENV] = "environment",
		[CRED_KEYRING] = "keyring",
		[CRED_SESSION] = "session keyring",
		[CRED_MEMORY] = "memory",
		[CRED_FILE] = "file",
		[CRED_OVERRIDE] = "token override",
	};

	if ((unsigned)s < sizeof names / sizeof names[0])
		return names[s];
	return "unknown";
}

/* A core file would hold every secret in plain text. */
static void no_core_dumps(void)
{
	struct rlimit none = { 0, 0 };

	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	(void)setrlimit(RLIMIT_CORE, &none);
}

/*
 * unsetenv() only drops the pointer: the bytes stay in the block the
 * kernel shows in /proc/PID/environ, so every copy of the value is
 * overwritten where it lies first.
 */
static void wipe_env_values(const char *name)
{
	size_t len = strlen(name);
	char **e;

	for (e = environ; e && *e; e++)
		if (strncmp(*e, name, len) == 0 && (*e)[len] == '=')
			secret_wipe(*e + len + 1, strlen(*e + len + 1));
}

void creds_capture_env(void)
{
	size_t i;

	no_core_dumps();
	for (i = 0; i < ENV_COUNT; i++) {
		const char *v = getenv(env_names[i]);

		if (v && *v && !env_values[i]) {
			env_values[i] = secret_new(v);
			if (i < ENV_SECRETS)
				log_add_secret(v);
		}
		if (i < ENV_SECRETS)
			wipe_env_values(env_names[i]);
		unsetenv(env_names[i]);
	}
}

const struct secret *creds_env(const char *name)
{
	size_t i;

	for (i = 0; i < ENV_COUNT; i++)
		if (strcmp(env_names[i], name) == 0)
			return env_values[i];
	return NULL;
}

void creds_release_env(void)
{
	size_t i;

	for (i = 0; i < ENV_COUNT; i++) {
		secret_free(env_values[i]);
		env_values[i] = NULL;
	}
}

/* Same portal, ignoring case of the host and a trailing slash. */
static bool same_portal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	while (la && a[la - 1] == '/')
		la--;
	while (lb && b[lb - 1] == '/')
		lb--;
	return la == lb && strncasecmp(a, b, la) == 0;
}

static bool from_webhook(const struct profile *p, const struct secret *url,
			 struct rest_creds *out, struct b24_error *err)
{
	char *portal = NULL;
	long user_id = 0;

	if (!webhook_parse(secret_reveal(url), &portal, &user_id, err))
		return false;
	if (p && p->portal && *p->portal && !same_portal(p->portal, portal)) {
		b24_error_set(err, B24_EXIT_AUTH, "portal_mismatch",
			      "The webhook is for %s, but profile \"%s\" is "
			      "for %s.", portal, p->name, p->portal);
		b24_error_hint(err, "Use the webhook of %s, or run "
			       "\"b24user auth login --profile %s\" to "
			       "change the profile.", p->portal, p->name);
		free(portal);
		return false;
	}
	out->method = AUTH_WEBHOOK;
	out->portal = portal;
	out->webhook = secret_dup(url);
	return true;
}

static void token_extras_from_env(const struct profile *p,
				  struct rest_creds *out)
{
	const struct secret *id = creds_env("B24USER_CLIENT_ID");

	out->refresh_token = secret_dup(creds_env("B24USER_REFRESH_TOKEN"));
	out->client_secret = secret_dup(creds_env("B24USER_CLIENT_SECRET"));
	if (id)
		out->client_id = xstrdup(secret_reveal(id));
	else if (p && p->client_id)
		out->client_id = xstrdup(p->client_id);
	if (p && p->oauth_server)
		out->oauth_server = xstrdup(p->oauth_server);
}

static bool from_env_token(const struct profile *p,
			   const struct secret *token,
			   struct rest_creds *out, struct b24_error *err)
{
	if (!p || !p->portal || !*p->portal) {
		b24_error_set(err, B24_EXIT_AUTH, "no_portal",
			      "B24USER_ACCESS_TOKEN is set, but no profile "
			      "names the portal it is for.");
		b24_error_hint(err, "Choose a profile with a portal "
			       "(--profile NAME), or use "
			       "B24USER_WEBHOOK_URL instead.");
		return false;
	}
	out->method = p->auth == AUTH_OAUTH ? AUTH_OAUTH : AUTH_APIKEY;
	out->portal = xstrdup(p->portal);
	out->access_token = secret_dup(token);
	token_extras_from_env(p, out);
	return true;
}

/* The environment wins over any store: that is how automation works. */
static int resolve_env(const struct profile *p, struct rest_creds *out,
		       struct b24_error *err)
{
	const struct secret *hook = creds_env("B24USER_WEBHOOK_URL");
	const struct secret *token = creds_env("B24USER_ACCESS_TOKEN");

	if (hook)
		return from_webhook(p, hook, out, err) ? 1 : -1;
	if (token)
		return from_env_token(p, token, out, err) ? 1 : -1;
	return 0;
}

static bool get_optional(struct cred_store *st, const struct profile *p,
			 enum secret_kind kind, struct secret **out,
			 struct b24_error *err)
{
	return cred_store_get(st, p->name, p->portal, kind, out, err);
}

/* The app's id and secret may come from the environment even when the
 * tokens are stored: the environment wins, as everywhere. */
static void app_from_env(const struct profile *p, struct rest_creds *out)
{
	const struct secret *id = creds_env("B24USER_CLIENT_ID");
	const struct secret *secret = creds_env("B24USER_CLIENT_SECRET");

	if (secret) {
		secret_free(out->client_secret);
		out->client_secret = secret_dup(secret);
	}
	if (id)
		out->client_id = xstrdup(secret_reveal(id));
	else if (p->client_id)
		out->client_id = xstrdup(p->client_id);
}

static bool resolve_tokens(const struct profile *p, struct cred_store *st,
			   struct rest_creds *out, struct b24_error *err)
{
	if (!get_optional(st, p, SECRET_ACCESS_TOKEN, &out->access_token,
			  err))
		return false;
	if (!out->access_token && p->auth == AUTH_APIKEY &&
	    !get_optional(st, p, SECRET_API_KEY, &out->access_token, err))
		return false;
	if (!out->access_token)
		return true;
	if (!get_optional(st, p, SECRET_REFRESH_TOKEN, &out->refresh_token,
			  err) ||
	    !get_optional(st, p, SECRET_CLIENT_SECRET, &out->client_secret,
			  err))
		return false;
	out->method = p->auth;
	out->portal = xstrdup(p->portal);
	app_from_env(p, out);
	if (p->oauth_server)
		out->oauth_server = xstrdup(p->oauth_server);
	return true;
}

static bool resolve_webhook(const struct profile *p, struct cred_store *st,
			    struct rest_creds *out, struct b24_error *err)
{
	struct secret *url = NULL;
	bool ok;

	if (!cred_store_get(st, p->name, p->portal, SECRET_WEBHOOK, &url,
			    err))
		return false;
	if (!url)
		return true;
	ok = from_webhook(p, url, out, err);
	secret_free(url);
	return ok;
}

/* What the environment takes for this profile's method, for one run. */
static const char *env_words(const struct profile *p)
{
	if (p->auth == AUTH_OAUTH)
		return "B24USER_ACCESS_TOKEN (with B24USER_REFRESH_TOKEN and "
		       "B24USER_CLIENT_SECRET to renew it)";
	if (p->auth == AUTH_APIKEY)
		return "B24USER_ACCESS_TOKEN to the API key (with "
		       "B24USER_REFRESH_TOKEN and B24USER_CLIENT_SECRET to "
		       "renew it)";
	return "B24USER_WEBHOOK_URL";
}

/* Secrets of the profile's method kept under another portal string (a
 * typo, or localhost for 127.0.0.1): the store keys them by both. */
static bool stored_elsewhere(const struct profile *p, struct cred_store *st)
{
	enum secret_kind k = p->auth == AUTH_WEBHOOK ? SECRET_WEBHOOK :
			     p->auth == AUTH_APIKEY ? SECRET_API_KEY :
			     SECRET_REFRESH_TOKEN;
	struct secret *found = NULL;
	struct b24_error e;
	bool any;

	if (!st || !p->name || !p->portal)
		return false;
	b24_error_clear(&e);
	any = cred_store_get(st, p->name, NULL, k, &found, &e) && found;
	secret_free(found);
	return any;
}

static void nothing_found(const struct profile *p, struct cred_store *st,
			  struct b24_error *err)
{
	const char *name = p && p->name ? p->name : "NAME";
	bool token;

	if (!p) {
		b24_error_set(err, B24_EXIT_AUTH, "no_credentials",
			      "No profile is set up and B24USER_WEBHOOK_URL "
			      "is not set.");
		b24_error_hint(err, "Run \"b24user auth login --profile "
			       "NAME\" to set one up.");
		return;
	}
	token = p->auth == AUTH_OAUTH || p->auth == AUTH_APIKEY;
	b24_error_set(err, B24_EXIT_AUTH, "no_credentials",
		      "No credentials for profile \"%s\" were found.%s%s",
		      name, st ? " " : "", st ? cred_store_describe(st) : "");
	/* Signing in again cannot help where nothing outlives the process;
	 * each method names only the variables it reads. */
	if (st && cred_store_kind(st) == CRED_MEMORY && token)
		b24_error_hint(err, "For this shell: read -rs "
			       "B24USER_ACCESS_TOKEN && export "
			       "B24USER_ACCESS_TOKEN (paste the %s), likewise "
			       "B24USER_REFRESH_TOKEN and "
			       "B24USER_CLIENT_SECRET to renew it; or keep "
			       "them for good with "
			       "secret_store=file in the profile "
			       "(b24user.conf(5)) or a keyring, then "
			       "\"b24user auth login --profile %s\".",
			       p->auth == AUTH_OAUTH ? "access token" :
			       "API key", name);
	else if (st && cred_store_kind(st) == CRED_MEMORY)
		b24_error_hint(err, "For this shell: read -rs "
			       "B24USER_WEBHOOK_URL && export "
			       "B24USER_WEBHOOK_URL (paste the webhook URL); "
			       "or keep it for good with a keyring or "
			       "secret_store=file in the profile, then "
			       "\"b24user auth login --profile %s\".", name);
	else
		b24_error_hint(err, "%s \"b24user auth login --profile %s\", "
			       "or set %s for this run.",
			       p->auth == AUTH_OAUTH ? "Sign in with" : "Run",
			       name, env_words(p));
}

bool creds_resolve(const struct profile *p, struct cred_store *st,
		   struct rest_creds *out, enum cred_source *source,
		   struct b24_error *err)
{
	int env;
	bool ok = true;

	memset(out, 0, sizeof *out);
	*source = CRED_NONE;
	env = resolve_env(p, out, err);
	if (env != 0) {
		*source = env > 0 ? CRED_ENV : CRED_NONE;
		return env > 0;
	}
	if (p && st && p->portal && p->auth == AUTH_WEBHOOK)
		ok = resolve_webhook(p, st, out, err);
	else if (p && st && p->portal && p->auth != AUTH_NONE)
		ok = resolve_tokens(p, st, out, err);
	if (!ok) {
		rest_creds_clear(out);
		return false;
	}
	if (out->method == AUTH_NONE) {
		nothing_found(p, st, err);
		if (p && stored_elsewhere(p, st))
			b24_error_hint(err, "Secrets for profile \"%s\" are "
				       "stored for another portal address than "
				       "%s: write the Portal URL exactly as "
				       "when they were stored (host name and "
				       "port), or run \"b24user auth login "
				       "--profile %s\" for this one.",
				       p->name, p->portal, p->name);
		return false;
	}
	*source = cred_store_kind(st);
	return true;
}
