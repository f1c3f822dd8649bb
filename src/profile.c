/* Profiles and the config: the names of the auth methods and secret
 * stores, choosing the profile to use, copying and freeing
 * (profile-read.c reads the file). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "xalloc.h"

static const char *const auth_names[] = {
	[AUTH_NONE] = "none",
	[AUTH_WEBHOOK] = "webhook",
	[AUTH_OAUTH] = "oauth",
	[AUTH_APIKEY] = "apikey",
};

static const char *const store_names[] = {
	[STORE_AUTO] = "auto",
	[STORE_KEYRING] = "keyring",
	[STORE_SESSION] = "session",
	[STORE_MEMORY] = "memory",
	[STORE_FILE] = "file",
};

#define N_ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))

bool profile_name_check(const char *name, struct b24_error *err)
{
	size_t n = name ? strlen(name) : 0;

	if (n > 0 && n <= 64 &&
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		   "0123456789._-") == n)
		return true;
	b24_error_set(err, B24_EXIT_USAGE, "bad_profile_name",
		      "A profile name is one word of letters, digits, . _ or "
		      "- (up to 64)");
	b24_error_hint(err, "Use a short name such as prod or office.");
	return false;
}

const char *auth_method_name(enum auth_method m)
{
	return (size_t)m < N_ELEMENTS(auth_names) ? auth_names[m] : "none";
}

bool auth_method_parse(const char *text, enum auth_method *out)
{
	size_t i;

	for (i = AUTH_WEBHOOK; text && i < N_ELEMENTS(auth_names); i++) {
		if (strcmp(text, auth_names[i]) == 0) {
			*out = (enum auth_method)i;
			return true;
		}
	}
	return false;
}

const char *store_choice_name(enum store_choice s)
{
	return (size_t)s < N_ELEMENTS(store_names) ? store_names[s] : "auto";
}

bool store_choice_parse(const char *text, enum store_choice *out)
{
	size_t i;

	for (i = 0; text && i < N_ELEMENTS(store_names); i++) {
		if (strcmp(text, store_names[i]) == 0) {
			*out = (enum store_choice)i;
			return true;
		}
	}
	return false;
}

void config_free(struct config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->count; i++)
		profile_clear(&cfg->profiles[i]);
	free(cfg->profiles);
	free(cfg->path);
	free(cfg->default_profile);
	free(cfg->problem);
	memset(cfg, 0, sizeof *cfg);
}

struct profile *config_find(const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; name && i < cfg->count; i++)
		if (strcmp(cfg->profiles[i].name, name) == 0)
			return &cfg->profiles[i];
	return NULL;
}

static struct profile *named(const struct config *cfg, const char *name,
			     const char *from, struct b24_error *err)
{
	struct profile *p = config_find(cfg, name);

	if (p)
		return p;
	b24_error_set(err, B24_EXIT_USAGE, "no_such_profile",
		      "There is no profile named \"%s\" (%s) in %s", name,
		      from, cfg->path ? cfg->path : "the config file");
	b24_error_hint(err, cfg->count
		       ? "Run 'b24user profiles' to list them, or create it "
			 "with 'b24user auth login --profile %s'."
		       : "Create it with 'b24user auth login --profile %s'.",
		       name);
	return NULL;
}

struct profile *config_choose(const struct config *cfg, const char *name,
			      struct b24_error *err)
{
	const char *env = getenv("B24USER_PROFILE");

	if (name && name[0])
		return named(cfg, name, "from --profile", err);
	if (env && env[0])
		return named(cfg, env, "from B24USER_PROFILE", err);
	if (cfg->default_profile)
		return named(cfg, cfg->default_profile,
			     "the default_profile", err);
	if (cfg->count == 1)
		return &cfg->profiles[0];
	if (cfg->count > 1) {
		b24_error_set(err, B24_EXIT_USAGE, "which_profile",
			      "%s has %zu profiles and none is the default",
			      cfg->path ? cfg->path : "The config file",
			      cfg->count);
		b24_error_hint(err, "Choose one with --profile NAME, or set "
			       "default_profile in the [general] group.");
	}
	return NULL;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void profile_copy(struct profile *dst, const struct profile *src)
{
	*dst = *src;
	dst->name = dup_or_null(src->name);
	dst->portal = dup_or_null(src->portal);
	dst->client_id = dup_or_null(src->client_id);
	dst->oauth_server = dup_or_null(src->oauth_server);
	dst->ca_file = dup_or_null(src->ca_file);
	dst->color = dup_or_null(src->color);
}

void profile_clear(struct profile *p)
{
	free(p->name);
	free(p->portal);
	free(p->client_id);
	free(p->oauth_server);
	free(p->ca_file);
	free(p->color);
	memset(p, 0, sizeof *p);
}
