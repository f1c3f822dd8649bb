/* Where b24user keeps its files, by the XDG base directory rules. */
#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "strbuf.h"
#include "xalloc.h"

#ifndef B24_DATADIR
#define B24_DATADIR "/usr/local/share/b24user"
#endif
#ifndef B24_SRCDATADIR
#define B24_SRCDATADIR "data"
#endif

static const char *home_dir(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home && home[0] == '/')
		return home;
	pw = getpwuid(getuid());
	return pw && pw->pw_dir ? pw->pw_dir : "/";
}

/* The XDG rule: a variable counts only when it holds an absolute path. */
static char *xdg_dir(const char *var, const char *fallback)
{
	const char *value = getenv(var);
	struct strbuf sb;

	sb_init(&sb);
	if (value && value[0] == '/')
		sb_append(&sb, value);
	else
		sb_printf(&sb, "%s/%s", home_dir(), fallback);
	while (sb.len > 1 && sb.buf[sb.len - 1] == '/')
		sb.buf[--sb.len] = '\0';
	sb_append(&sb, "/b24user");
	return sb_steal(&sb);
}

static char *join(const char *dir, const char *name)
{
	struct strbuf sb;

	sb_init(&sb);
	sb_printf(&sb, "%s/%s", dir, name);
	return sb_steal(&sb);
}

char *paths_config_file(void)
{
	char *dir = xdg_dir("XDG_CONFIG_HOME", ".config");
	char *path = join(dir, "config");

	free(dir);
	return path;
}

char *paths_state_dir(void)
{
	return xdg_dir("XDG_STATE_HOME", ".local/state");
}

char *paths_state_file(const char *name)
{
	char *dir = paths_state_dir();
	char *path = join(dir, name);

	free(dir);
	return path;
}

char *paths_runtime_dir(void)
{
	const char *run = getenv("XDG_RUNTIME_DIR");

	if (run && run[0] == '/')
		return join(run, "b24user");
	return paths_state_dir();
}

char *paths_data_file(const char *name)
{
	const char *dir = getenv("B24USER_DATADIR");
	char *path;

	if (dir && dir[0])
		return join(dir, name);
	path = join(B24_DATADIR, name);
	if (access(path, R_OK) == 0)
		return path;
	free(path);
	return join(B24_SRCDATADIR, name);
}

static bool make_one(const char *dir, struct b24_error *err)
{
	struct stat st;

	if (mkdir(dir, 0700) == 0)
		return true;
	if (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return true;
	b24_error_set(err, B24_EXIT_USAGE, "mkdir_failed",
		      "Could not create the folder %s: %s", dir,
		      errno == EEXIST ? "a file of that name is in the way"
				      : strerror(errno));
	b24_error_hint(err, "Check the permissions of its parent folder.");
	return false;
}

bool paths_make_dir(const char *dir, struct b24_error *err)
{
	char *copy = xstrdup(dir);
	char *p;
	bool ok = true;

	/* Create each parent in turn; the ones that exist are left alone. */
	for (p = copy + 1; ok && *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		ok = make_one(copy, err);
		*p = '/';
	}
	if (ok)
		ok = make_one(copy, err);
	free(copy);
	return ok;
}

bool paths_make_parent(const char *path, struct b24_error *err)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	bool ok = true;

	if (slash && slash != dir) {
		*slash = '\0';
		ok = paths_make_dir(dir, err);
	}
	free(dir);
	return ok;
}
