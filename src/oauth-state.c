/*
 * What b24user remembers about a profile's tokens that is not secret:
 * expiry, last refresh, the token endpoint in use and the scopes, in
 * $XDG_STATE_HOME/b24user/token-PROFILE.json (mode 0600, replaced whole).
 */
#include "config.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cJSON.h>

#include "fileio.h"
#include "jsonutil.h"
#include "oauth.h"
#include "paths.h"
#include "strbuf.h"
#include "xalloc.h"

/* Letters, digits, '-' and '_' as they are; anything else as %XX. */
static char *state_path(const char *profile)
{
	struct strbuf name;
	const char *p;
	char *path;

	sb_init(&name);
	sb_append(&name, "token-");
	for (p = profile && *profile ? profile : "default"; *p; p++) {
		if (isalnum((unsigned char)*p) || *p == '-' || *p == '_')
			sb_append_char(&name, *p);
		else
			sb_printf(&name, "%%%02X", (unsigned char)*p);
	}
	sb_append(&name, ".json");
	path = paths_state_file(name.buf);
	sb_free(&name);
	return path;
}

void oauth_state_clear(struct oauth_state *st)
{
	free(st->portal);
	free(st->token_url);
	free(st->scope);
	memset(st, 0, sizeof *st);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "re");
	struct strbuf sb;
	char buf[1024];
	size_t n;
	char *text;

	if (!f)
		return NULL;
	sb_init(&sb);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0 && sb.len < 65536)
		sb_append_len(&sb, buf, n);
	fclose(f);
	text = sb_steal(&sb);
	sb_free(&sb);
	return text;
}

static char *get_str(const cJSON *j, const char *name)
{
	const char *s = json_get_string(j, name);

	return s && *s ? xstrdup(s) : NULL;
}

static time_t get_time(const cJSON *j, const char *name)
{
	const cJSON *v = json_get(j, name);

	return cJSON_IsNumber(v) ? (time_t)v->valuedouble : 0;
}

bool oauth_state_load(const char *profile, struct oauth_state *st)
{
	char *path = state_path(profile);
	char *text = read_file(path);
	cJSON *j = text ? cJSON_Parse(text) : NULL;

	memset(st, 0, sizeof *st);
	free(path);
	free(text);
	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		return false;
	}
	st->portal = get_str(j, "portal");
	st->token_url = get_str(j, "token_endpoint");
	st->scope = get_str(j, "scope");
	st->expires = get_time(j, "expires");
	st->refreshed = get_time(j, "last_refresh");
	st->signed_in = get_time(j, "signed_in");
	cJSON_Delete(j);
	return true;
}

static cJSON *to_json(const struct oauth_state *st)
{
	cJSON *j = cJSON_CreateObject();

	cJSON_AddStringToObject(j, "portal", st->portal ? st->portal : "");
	cJSON_AddStringToObject(j, "token_endpoint",
				st->token_url ? st->token_url : "");
	cJSON_AddStringToObject(j, "scope", st->scope ? st->scope : "");
	cJSON_AddNumberToObject(j, "expires", (double)st->expires);
	cJSON_AddNumberToObject(j, "last_refresh", (double)st->refreshed);
	cJSON_AddNumberToObject(j, "signed_in", (double)st->signed_in);
	return j;
}

/* A temporary file renamed over the old one: readers never see half. */
bool oauth_state_save(const char *profile, const struct oauth_state *st,
		      struct b24_error *err)
{
	char *dir = paths_state_dir();
	char *path = state_path(profile);
	char *tmp = xmalloc(strlen(path) + 32);
	char *text = NULL;
	int fd = -1;
	bool ok = paths_make_dir(dir, err);

	sprintf(tmp, "%s.%ld.tmp", path, (long)getpid());
	if (ok) {
		cJSON *j = to_json(st);

		text = json_pretty(j);
		cJSON_Delete(j);
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
			  O_CLOEXEC, 0600);
	}
	ok = ok && fd >= 0 && fileio_write_all(fd, text, strlen(text)) &&
	     fileio_write_all(fd, "\n", 1);
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	if (ok && rename(tmp, path) != 0)
		ok = false;
	if (!ok && fd >= 0)
		unlink(tmp);
	if (!ok && !err->code[0])
		b24_error_set(err, B24_EXIT_AUTH, "state_write",
			      "The token details could not be saved in %s.",
			      path);
	free(text);
	free(tmp);
	free(path);
	free(dir);
	return ok;
}

void oauth_state_remove(const char *profile)
{
	char *path = state_path(profile);

	(void)unlink(path);
	free(path);
}

void oauth_state_update(struct oauth_state *st, const char *portal,
			const struct oauth_tokens *t, const char *used_url,
			time_t now)
{
	char *url = oauth_token_url_from_server(t->server_endpoint);

	if (portal) {
		free(st->portal);
		st->portal = xstrdup(portal);
	}
	if (url || used_url) {
		free(st->token_url);
		st->token_url = url ? url : xstrdup(used_url);
	}
	if (t->scope) {
		free(st->scope);
		st->scope = xstrdup(t->scope);
	}
	st->expires = oauth_tokens_expiry(t, now);
}
