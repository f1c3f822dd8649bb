/* How a profile shows itself: colour, text marker, where its secrets
 * live. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "profile-show.h"
#include "strbuf.h"
#include "xalloc.h"

/* In the order of the ANSI colours, which curses numbers the same. */
static const char *const colors[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

int profile_color_index(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof colors / sizeof colors[0]; i++)
		if (g_ascii_strcasecmp(name, colors[i]) == 0)
			return (int)i;
	return -1;
}

const char *profile_color_names(void)
{
	return "black, red, green, yellow, blue, magenta, cyan or white";
}

char *profile_marker(const struct profile *p, bool unlocked)
{
	struct strbuf sb;
	char *out;

	if (!p || !p->name)
		return xstrdup("[no profile]");
	sb_init(&sb);
	sb_printf(&sb, "[%s", p->name);
	if (p->read_only)
		sb_append(&sb, unlocked ? ", unlocked" : ", read-only");
	sb_append(&sb, "]");
	out = sb_steal(&sb);
	sb_free(&sb);
	return out;
}

static char *file_place(const char *config_path)
{
	char *dir = g_path_get_dirname(config_path ? config_path : ".");
	char *path = g_build_filename(dir, "credentials", NULL);
	char *out = xmalloc(strlen(path) + 6);

	strcpy(out, "file ");
	strcat(out, path);
	g_free(path);
	g_free(dir);
	return out;
}

char *profile_secret_place(const struct profile *p, const char *config_path)
{
	switch (p->secret_store) {
	case STORE_KEYRING:
		return xstrdup("desktop keyring");
	case STORE_SESSION:
		return xstrdup("keyring session collection (until logout)");
	case STORE_MEMORY:
		return xstrdup("memory only (asked for every run)");
	case STORE_FILE:
		return file_place(config_path);
	case STORE_AUTO:
		break;
	}
	return xstrdup("keyring, else session collection, else memory "
		       "(not checked)");
}
