/* Merging the command line, the environment and the profile into the
 * settings one run uses. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "settings.h"
#include "xalloc.h"

bool settings_parse_timeout(const char *text, int *out)
{
	char *end = NULL;
	long n;

	if (!text || !*text)
		return false;
	errno = 0;
	n = strtol(text, &end, 10);
	if (errno || *end || n < 1 || n > 3600)
		return false;
	*out = (int)n;
	return true;
}

/* The first of the command line and the environment that is set. */
static const char *pick(const char *given, const char *env_name,
			const char **from)
{
	const char *env = getenv(env_name);

	if (given) {
		*from = NULL;
		return given;
	}
	*from = env_name;
	return env && *env ? env : NULL;
}

static void bad_value(struct b24_error *err, const char *option,
		      const char *from, const char *what)
{
	b24_error_set(err, B24_EXIT_USAGE, "bad_setting", "%s%s%s %s",
		      from ? "" : "--", from ? from : option,
		      from ? " (environment)" : "", what);
}

static void replace(char **field, const char *value)
{
	size_t len;

	free(*field);
	*field = xstrdup(value);
	len = strlen(*field);
	while (len > 0 && (*field)[len - 1] == '/')
		(*field)[--len] = '\0';
}

static bool merge_auth(const struct settings_input *in, struct profile *out,
		       struct b24_error *err)
{
	const char *from;
	const char *value = pick(in->auth, SETTINGS_ENV_AUTH, &from);

	if (!value || auth_method_parse(value, &out->auth))
		return true;
	bad_value(err, "auth", from, "must be webhook, oauth or apikey");
	return false;
}

static bool merge_timeout(const struct settings_input *in,
			  struct profile *out, struct b24_error *err)
{
	const char *from;
	const char *value = pick(in->timeout, SETTINGS_ENV_TIMEOUT, &from);

	if (!value || settings_parse_timeout(value, &out->timeout))
		return true;
	bad_value(err, "timeout", from,
		  "must be a whole number of seconds from 1 to 3600");
	return false;
}

static void merge_strings(const struct settings_input *in,
			  struct profile *out)
{
	const char *from;
	const char *value;

	value = pick(in->portal, SETTINGS_ENV_PORTAL, &from);
	if (value)
		replace(&out->portal, value);
	value = pick(in->oauth_server, SETTINGS_ENV_OAUTH_SERVER, &from);
	if (value)
		replace(&out->oauth_server, value);
	value = pick(in->cacert, SETTINGS_ENV_CACERT, &from);
	if (value) {
		free(out->ca_file);
		out->ca_file = xstrdup(value);
	}
}

/* A ca_file in the config file may start with ~/ or be relative to the
 * folder of the file itself. */
static void anchor_ca_file(const struct config *cfg, struct profile *p)
{
	const char *home = getenv("HOME");
	char *dir;
	char *path;

	if (!p->ca_file || p->ca_file[0] == '/')
		return;
	if (strncmp(p->ca_file, "~/", 2) == 0 && home)
		path = g_build_filename(home, p->ca_file + 2, NULL);
	else if (cfg->path) {
		dir = g_path_get_dirname(cfg->path);
		path = g_build_filename(dir, p->ca_file, NULL);
		g_free(dir);
	} else
		return;
	free(p->ca_file);
	p->ca_file = xstrdup(path);
	g_free(path);
}

/* The name config_choose looked for, in its order. */
static const char *asked_name(const struct config *cfg,
			      const struct settings_input *in)
{
	const char *env = getenv("B24USER_PROFILE");

	if (in->profile_name && *in->profile_name)
		return in->profile_name;
	if (env && *env)
		return env;
	return cfg->default_profile ? cfg->default_profile : "default";
}

static bool start_from_profile(const struct config *cfg,
			       const struct settings_input *in,
			       struct profile *out, bool *from_file,
			       struct b24_error *err)
{
	struct profile *chosen = config_choose(cfg, in->profile_name, err);

	*from_file = chosen != NULL;
	if (chosen) {
		profile_copy(out, chosen);
		anchor_ca_file(cfg, out);
		return true;
	}
	if (err->exit == B24_EXIT_OK)
		return true;
	if (in->allow_unchosen && strcmp(err->code, "which_profile") == 0) {
		b24_error_clear(err);
		return true;
	}
	if (!in->allow_new_profile || strcmp(err->code, "no_such_profile"))
		return false;
	/* auth login creates it: start empty under the asked name, one
	 * that later hints can print and the file can hold. */
	b24_error_clear(err);
	if (!profile_name_check(asked_name(cfg, in), err))
		return false;
	out->name = xstrdup(asked_name(cfg, in));
	return true;
}

bool settings_resolve(const struct config *cfg,
		      const struct settings_input *in, struct profile *out,
		      struct http_options *http, bool *from_file,
		      struct b24_error *err)
{
	memset(out, 0, sizeof *out);
	memset(http, 0, sizeof *http);
	b24_error_clear(err);
	if (!start_from_profile(cfg, in, out, from_file, err))
		return false;
	merge_strings(in, out);
	if (!merge_auth(in, out, err) || !merge_timeout(in, out, err)) {
		profile_clear(out);
		return false;
	}
	http->ca_file = out->ca_file;
	http->timeout_s = out->timeout;
	return true;
}
