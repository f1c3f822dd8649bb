/*
 * Writing the config file: a profile added, replaced or removed, or the
 * default changed, without disturbing comments or the other groups
 * (profile-edit.c changes the lines; the result goes to a temporary file
 * that is then renamed over the old one).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "paths.h"
#include "profile.h"
#include "profile-file.h"
#include "xalloc.h"

/* For editing, a file we cannot parse is left alone rather than
 * overwritten with what little we understood.  *text: its contents, ""
 * when it does not exist yet (g_free). */
static GKeyFile *open_for_edit(const char *path, char **text,
			       struct b24_error *err)
{
	struct strbuf problems;
	GKeyFile *kf;

	sb_init(&problems);
	kf = profile_file_open(path, text, &problems);
	if (!kf) {
		b24_error_set(err, B24_EXIT_USAGE, "config_malformed", "%s",
			      problems.buf);
		b24_error_hint(err, "Fix the file by hand first; b24user "
			       "does not overwrite a file it cannot read.");
		g_free(*text);
		*text = NULL;
	} else if (!*text) {
		*text = g_strdup("");
	}
	sb_free(&problems);
	return kf;
}

static bool write_atomic(const char *path, const char *data,
			 struct b24_error *err)
{
	char *dir = g_path_get_dirname(path);
	char *tmp = g_strconcat(path, ".XXXXXX", NULL);
	bool ok = paths_make_dir(dir, err);
	int fd = ok ? mkstemp(tmp) : -1;

	if (ok && fd < 0)
		ok = false;
	if (fd >= 0) {
		ok = fileio_write_all(fd, data, strlen(data)) && fsync(fd) == 0;
		ok = close(fd) == 0 && ok;
		ok = ok && rename(tmp, path) == 0;
		if (!ok)
			unlink(tmp);
	}
	if (!ok && err->exit == B24_EXIT_OK) {
		b24_error_set(err, B24_EXIT_USAGE, "config_write_failed",
			      "Could not write %s: %s", path,
			      strerror(errno));
		b24_error_hint(err, "Check that the folder is writable.");
	}
	g_free(tmp);
	g_free(dir);
	return ok;
}

/* The new text is checked once more before it replaces the file. */
static bool save_text(const char *path, const char *text,
		      struct b24_error *err)
{
	GKeyFile *kf = g_key_file_new();
	bool ok = g_key_file_load_from_data(kf, text, strlen(text),
					    G_KEY_FILE_NONE, NULL);

	g_key_file_free(kf);
	if (!ok) {
		b24_error_set(err, B24_EXIT_USAGE, "config_write_failed",
			      "%s was left as it was: the edited text would "
			      "not read back", path);
		return false;
	}
	return write_atomic(path, text, err);
}

/* A value as the key file format writes it: escapes, a leading space. */
static char *raw_value(const char *value)
{
	GKeyFile *kf;
	char *raw;

	if (!value || !*value)
		return NULL;
	kf = g_key_file_new();
	g_key_file_set_string(kf, "g", "k", value);
	raw = g_key_file_get_value(kf, "g", "k", NULL);
	g_key_file_free(kf);
	return raw;
}

enum { PROFILE_KEYS = 9 };

static void profile_values(const struct profile *p, char **v)
{
	char timeout[16];

	snprintf(timeout, sizeof timeout, "%d", p->timeout);
	v[0] = raw_value(p->portal);
	v[1] = raw_value(p->auth ? auth_method_name(p->auth) : NULL);
	v[2] = raw_value(p->client_id);
	v[3] = raw_value(p->oauth_server);
	v[4] = raw_value(p->ca_file);
	v[5] = raw_value(p->secret_store
			 ? store_choice_name(p->secret_store) : NULL);
	v[6] = raw_value(p->color);
	v[7] = raw_value(p->read_only ? "true" : "false");
	v[8] = raw_value(p->timeout > 0 ? timeout : NULL);
}

bool config_save_profile(const char *path, const struct profile *p,
			 struct b24_error *err)
{
	static const char *const keys[PROFILE_KEYS] = {
		"portal", "auth", "client_id", "oauth_server", "ca_file",
		"secret_store", "color", "read_only", "timeout",
	};
	char *values[PROFILE_KEYS], *text = NULL, *edited, *group;
	GKeyFile *kf;
	bool ok;
	size_t i;

	b24_error_clear(err);
	if (!profile_name_check(p->name, err))
		return false;
	kf = open_for_edit(path, &text, err);
	if (!kf)
		return false;
	profile_values(p, values);
	group = g_strconcat("profile ", p->name, NULL);
	edited = profile_edit_set(text, group, keys,
				  (const char *const *)values, PROFILE_KEYS,
				  false);
	ok = save_text(path, edited, err);
	for (i = 0; i < PROFILE_KEYS; i++)
		g_free(values[i]);
	free(edited);
	g_free(group);
	g_free(text);
	g_key_file_free(kf);
	return ok;
}

static bool names_default(GKeyFile *kf, const char *name)
{
	gchar *def = g_key_file_get_string(kf, "general", "default_profile",
					   NULL);
	bool yes = def && strcmp(g_strstrip(def), name) == 0;

	g_free(def);
	return yes;
}

static char *forget_default(char *text)
{
	static const char *const key[] = { "default_profile" };
	static const char *const none[] = { NULL };
	char *edited = profile_edit_set(text, "general", key, none, 1, true);

	free(text);
	return edited;
}

static bool no_such_profile(const char *path, const char *name,
			    struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_USAGE, "no_such_profile",
		      "There is no profile named \"%s\" in %s", name, path);
	b24_error_hint(err, "Run 'b24user profiles' to list them.");
	return false;
}

bool config_remove_profile(const char *path, const char *name,
			   struct b24_error *err)
{
	char *text = NULL, *edited = NULL, *group;
	GKeyFile *kf;
	bool ok;

	b24_error_clear(err);
	kf = open_for_edit(path, &text, err);
	if (!kf)
		return false;
	group = g_strconcat("profile ", name, NULL);
	if (g_key_file_has_group(kf, group))
		edited = profile_edit_remove_group(text, group);
	if (edited && names_default(kf, name))
		edited = forget_default(edited);
	ok = edited ? save_text(path, edited, err)
		    : no_such_profile(path, name, err);
	free(edited);
	g_free(group);
	g_free(text);
	g_key_file_free(kf);
	return ok;
}

bool config_set_default(const char *path, const char *name,
			struct b24_error *err)
{
	static const char *const key[] = { "default_profile" };
	char *text = NULL, *edited, *value;
	GKeyFile *kf;
	bool ok;

	b24_error_clear(err);
	if (!profile_name_check(name, err))
		return false;
	kf = open_for_edit(path, &text, err);
	if (!kf)
		return false;
	value = raw_value(name);
	edited = profile_edit_set(text, "general", key,
				  (const char *const *)&value, 1, true);
	ok = save_text(path, edited, err);
	free(edited);
	g_free(value);
	g_free(text);
	g_key_file_free(kf);
	return ok;
}
