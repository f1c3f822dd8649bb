/* Reading the config file into profiles: every key of a [profile NAME]
 * group checked by its own reader, a note per problem with its line. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "profile.h"
#include "profile-file.h"
#include "profile-show.h"
#include "strbuf.h"
#include "xalloc.h"

/* Reading one profile: a note per problem, never the value itself (a
 * pasted secret must not be echoed to the screen). */
struct reader {
	GKeyFile *kf;
	const char *group;
	const char *text;	/* file contents, for line numbers */
	struct config *cfg;
	struct strbuf *problems;
};

static void note(struct reader *r, const char *key, const char *what)
{
	int line = profile_file_key_line(r->text, r->group, key);

	if (r->problems->len)
		sb_append_char(r->problems, '\n');
	sb_printf(r->problems, "%s", r->cfg->path);
	if (line > 0)
		sb_printf(r->problems, ", line %d", line);
	sb_printf(r->problems, ": [%s] %s: %s", r->group, key, what);
}

static char *get_string(struct reader *r, const char *key)
{
	GError *gerr = NULL;
	char *value = g_key_file_get_string(r->kf, r->group, key, &gerr);
	char *copy;

	if (!value) {
		note(r, key, "the value is not valid text (UTF-8)");
		g_error_free(gerr);
		return NULL;
	}
	g_strstrip(value);
	copy = value[0] ? xstrdup(value) : NULL;
	g_free(value);
	return copy;
}

static void key_url(struct reader *r, struct profile *p, const char *key,
		    char **field)
{
	char *value = get_string(r, key);
	size_t len;

	free(*field);
	*field = value;
	len = value ? strlen(value) : 0;
	while (len > 0 && value[len - 1] == '/')
		value[--len] = '\0';
	if (value && strstr(value, "/rest/"))
		note(r, key, "this looks like a webhook URL, which is a secret;"
		     " remove it from the file and use 'b24user auth login'");
}

static void key_portal(struct reader *r, struct profile *p, const char *key)
{
	key_url(r, p, key, &p->portal);
}

static void key_oauth_server(struct reader *r, struct profile *p,
			     const char *key)
{
	key_url(r, p, key, &p->oauth_server);
}

static void key_plain(struct reader *r, const char *key, char **field)
{
	free(*field);
	*field = get_string(r, key);
}

static void key_client_id(struct reader *r, struct profile *p,
			  const char *key)
{
	key_plain(r, key, &p->client_id);
}

static void key_ca_file(struct reader *r, struct profile *p, const char *key)
{
	key_plain(r, key, &p->ca_file);
}

static void key_color(struct reader *r, struct profile *p, const char *key)
{
	char what[128];

	key_plain(r, key, &p->color);
	if (!p->color || profile_color_index(p->color) >= 0)
		return;
	snprintf(what, sizeof what, "must be %s; no colour is used",
		 profile_color_names());
	note(r, key, what);
	free(p->color);
	p->color = NULL;
}

static void key_auth(struct reader *r, struct profile *p, const char *key)
{
	char *value = get_string(r, key);

	if (value && !auth_method_parse(value, &p->auth))
		note(r, key, "must be webhook, oauth or apikey");
	free(value);
}

static void key_secret_store(struct reader *r, struct profile *p,
			     const char *key)
{
	char *value = get_string(r, key);

	if (value && !store_choice_parse(value, &p->secret_store))
		note(r, key, "must be keyring, session, memory or file");
	free(value);
}

/* Anything but true/false fails closed: a typo must not unlock
 * production. */
static void key_read_only(struct reader *r, struct profile *p,
			  const char *key)
{
	char *value = get_string(r, key);

	p->read_only = !(value && strcmp(value, "false") == 0);
	if (!value || (strcmp(value, "true") && strcmp(value, "false")))
		note(r, key, "must be true or false; treated as true "
		     "(read-only) until fixed");
	free(value);
}

/* A whole number of seconds from 1 to max; 0 (the default) otherwise,
 * with what said about the key. */
static int seconds_key(struct reader *r, const char *key, long max,
		       const char *what)
{
	char *value = get_string(r, key);
	char *end = NULL;
	long n = 0;

	if (value) {
		errno = 0;
		n = strtol(value, &end, 10);
	}
	if (!value || errno || *end || n < 1 || n > max) {
		note(r, key, what);
		n = 0;
	}
	free(value);
	return (int)n;
}

static void key_timeout(struct reader *r, struct profile *p, const char *key)
{
	p->timeout = seconds_key(r, key, 3600, "must be a number of seconds "
				 "from 1 to 3600; the default is used");
}

/* rate = SIZE/PER_SECOND, as --rate takes it: 50/2, 250/5. */
static void key_rate(struct reader *r, struct profile *p, const char *key)
{
	char *value = get_string(r, key);
	double size = 0, drain = 0;
	char end;

	if (!value || sscanf(value, "%lf/%lf%c", &size, &drain, &end) != 2 ||
	    size < 1 || size > 10000 || drain <= 0 || drain > 1000) {
		note(r, key, "must be SIZE/PER_SECOND like 50/2; the default "
		     "is used");
		size = drain = 0;
	}
	p->rate_size = (double)(long)size;
	p->rate_drain = drain;
	free(value);
}

static void key_time_budget(struct reader *r, struct profile *p,
			    const char *key)
{
	p->time_budget = seconds_key(r, key, 86400, "must be a number of "
				     "seconds from 1 to 86400; the default "
				     "is used");
}

typedef void (*key_fn)(struct reader *r, struct profile *p, const char *key);

static const struct {
	const char *key;
	key_fn read;
} profile_keys[] = {
	{ "portal", key_portal },
	{ "auth", key_auth },
	{ "client_id", key_client_id },
	{ "oauth_server", key_oauth_server },
	{ "ca_file", key_ca_file },
	{ "secret_store", key_secret_store },
	{ "color", key_color },
	{ "read_only", key_read_only },
	{ "timeout", key_timeout },
	{ "rate", key_rate },
	{ "time_budget", key_time_budget },
};

static void read_key(struct reader *r, struct profile *p, const char *key)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(profile_keys); i++) {
		if (strcmp(key, profile_keys[i].key) == 0) {
			profile_keys[i].read(r, p, key);
			return;
		}
	}
	if (profile_file_secret_key(key))
		note(r, key, "secrets do not belong in this file; it is "
		     "ignored: remove it and use 'b24user auth login'");
	else
		note(r, key, "unknown setting, ignored");
}

static void read_profile(struct reader *r, const char *name)
{
	struct config *cfg = r->cfg;
	struct profile *p;
	gchar **keys = g_key_file_get_keys(r->kf, r->group, NULL, NULL);
	size_t i;

	cfg->profiles = xrealloc(cfg->profiles,
				 (cfg->count + 1) * sizeof *cfg->profiles);
	p = &cfg->profiles[cfg->count++];
	memset(p, 0, sizeof *p);
	p->name = xstrdup(name);
	for (i = 0; keys && keys[i]; i++)
		read_key(r, p, keys[i]);
	g_strfreev(keys);
}

static void read_general(struct reader *r)
{
	gchar **keys = g_key_file_get_keys(r->kf, r->group, NULL, NULL);
	size_t i;

	for (i = 0; keys && keys[i]; i++) {
		if (strcmp(keys[i], "default_profile") == 0)
			key_plain(r, keys[i], &r->cfg->default_profile);
		else
			note(r, keys[i], "unknown setting, ignored");
	}
	g_strfreev(keys);
}

static void read_groups(struct reader *r)
{
	gchar **groups = g_key_file_get_groups(r->kf, NULL);
	size_t i;

	for (i = 0; groups && groups[i]; i++) {
		const char *name = profile_file_group_profile(groups[i]);

		r->group = groups[i];
		if (name)
			read_profile(r, name);
		else if (strcmp(groups[i], "general") == 0)
			read_general(r);
		else
			note(r, "(group)", "unknown group, ignored; profiles "
			     "are written [profile NAME]");
	}
	g_strfreev(groups);
}

void config_load(const char *path, struct config *cfg)
{
	struct strbuf problems;
	struct reader r = { 0 };
	char *text = NULL;

	memset(cfg, 0, sizeof *cfg);
	cfg->path = xstrdup(path);
	sb_init(&problems);
	r.kf = profile_file_open(path, &text, &problems);
	if (r.kf) {
		r.text = text;
		r.cfg = cfg;
		r.problems = &problems;
		read_groups(&r);
		g_key_file_free(r.kf);
	}
	g_free(text);
	cfg->problem = problems.len ? sb_steal(&problems) : NULL;
	sb_free(&problems);
}
