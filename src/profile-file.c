/*
 * The config file as text: reading it with line numbers for messages
 * (profile-write.c writes it back, profile-edit.c changes its lines).
 */
#include "config.h"

#include <string.h>

#include "profile-file.h"

/* One line of the file, trimmed, without its end-of-line. */
struct line {
	const char *start;
	size_t len;
	int number;
	const char *next;
};

static bool next_line(struct line *l)
{
	const char *p = l->next;
	const char *end;

	if (!p || !*p)
		return false;
	end = strchr(p, '\n');
	l->next = end ? end + 1 : p + strlen(p);
	if (!end)
		end = p + strlen(p);
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' ||
			   end[-1] == '\r'))
		end--;
	l->start = p;
	l->len = (size_t)(end - p);
	l->number++;
	return true;
}

static bool is_group(const struct line *l)
{
	return l->len >= 2 && l->start[0] == '[' && l->start[l->len - 1] == ']';
}

static bool is_blank(const struct line *l)
{
	return l->len == 0 || l->start[0] == '#';
}

static bool same(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(s, word, len) == 0;
}

static bool key_is(const struct line *l, const char *key)
{
	const char *eq = memchr(l->start, '=', l->len);
	size_t len;

	if (!eq)
		return false;
	len = (size_t)(eq - l->start);
	while (len > 0 && (l->start[len - 1] == ' ' ||
			   l->start[len - 1] == '\t'))
		len--;
	return same(l->start, len, key);
}

int profile_file_key_line(const char *text, const char *group,
			  const char *key)
{
	struct line l = { .next = text };
	bool in_group = false;

	while (text && next_line(&l)) {
		if (is_group(&l)) {
			in_group = same(l.start + 1, l.len - 2, group);
			if (in_group && strcmp(key, "(group)") == 0)
				return l.number;
		} else if (in_group && key_is(&l, key)) {
			return l.number;
		}
	}
	return 0;
}

/* GLib's own parse messages quote the offending line, which might be a
 * pasted secret: find the line ourselves and say what is wrong. */
static int first_bad_line(const char *text, const char **what)
{
	struct line l = { .next = text };
	bool seen_group = false;

	while (next_line(&l)) {
		if (is_blank(&l))
			continue;
		if (is_group(&l)) {
			seen_group = true;
			continue;
		}
		if (!memchr(l.start, '=', l.len)) {
			*what = "this line is not a [group], a key = value "
				"pair or a # comment";
			return l.number;
		}
		if (!seen_group) {
			*what = "a setting stands before the first [group]";
			return l.number;
		}
	}
	return 0;
}

/* The name a line gives: the group between brackets, or the key. */
static char *line_name(const struct line *l, const char *group)
{
	const char *eq;
	size_t len;

	if (is_group(l))
		return g_strdup_printf("[%.*s]", (int)l->len - 2,
				       l->start + 1);
	eq = memchr(l->start, '=', l->len);
	len = eq ? (size_t)(eq - l->start) : l->len;
	while (len > 0 && (l->start[len - 1] == ' ' ||
			   l->start[len - 1] == '\t'))
		len--;
	return g_strdup_printf("%s\x1f%.*s", group, (int)len, l->start);
}

/*
 * GKeyFile takes the last of two equal keys or merges two equal groups,
 * while an edit changes the first: a repeat would make a saved change
 * silently not count, so the file is refused until it is clear.
 */
static int first_repeat(const char *text, const char **what)
{
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal,
						 g_free, NULL);
	struct line l = { .next = text };
	char *group = g_strdup(""), *name;
	int found = 0;

	while (!found && next_line(&l)) {
		if (is_blank(&l))
			continue;
		name = line_name(&l, group);
		if (g_hash_table_contains(seen, name)) {
			*what = is_group(&l) ? "this group is already in the "
				"file above; merge the two" : "this key is "
				"already set above in the same group; keep "
				"one of the two";
			found = l.number;
			g_free(name);
			break;
		}
		if (is_group(&l)) {
			g_free(group);
			group = g_strdup(name);
		}
		g_hash_table_add(seen, name);
	}
	g_free(group);
	g_hash_table_destroy(seen);
	return found;
}

/* own: our own finding when GLib found nothing wrong; never GLib's
 * message for a parse error, which quotes the line. */
static void describe(struct strbuf *problems, const char *path,
		     const char *text, const GError *gerr, const char *own)
{
	const char *what = NULL;
	int line = text ? first_bad_line(text, &what) : 0;

	if (line == 0 && text)
		line = first_repeat(text, &what);
	if (problems->len)
		sb_append_char(problems, '\n');
	if (line > 0)
		sb_printf(problems, "%s, line %d: %s", path, line, what);
	else if (own)
		sb_printf(problems, "%s: %s", path, own);
	else if (gerr->domain == G_KEY_FILE_ERROR)
		sb_printf(problems, "%s: the file is not in the expected "
			  "format", path);
	else
		sb_printf(problems, "%s: %s", path, gerr->message);
	sb_append(problems, "; b24user ignores the whole file, every "
		  "profile in it, until it is fixed (see b24user.conf(5))");
}

GKeyFile *profile_file_open(const char *path, char **text,
			    struct strbuf *problems)
{
	GKeyFile *kf = g_key_file_new();
	GError *gerr = NULL;
	const char *own = NULL;
	gsize len = 0;

	*text = NULL;
	if (!g_file_get_contents(path, text, &len, &gerr)) {
		if (g_error_matches(gerr, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
			g_error_free(gerr);
			return kf;
		}
	} else if (memchr(*text, '\0', len)) {
		/* Text after a NUL would be lost by an edit: refuse it. */
		own = "the file holds a NUL byte";
	} else if (g_key_file_load_from_data(kf, *text, len,
					     G_KEY_FILE_KEEP_COMMENTS,
					     &gerr)) {
		/* GLib is more lenient than the editor (text after a
		 * group's "]"): a line the editor would misread is refused. */
		if (first_bad_line(*text, &own) == 0 &&
		    first_repeat(*text, &own) == 0)
			return kf;
	}
	describe(problems, path, *text, gerr, own);
	if (gerr)
		g_error_free(gerr);
	g_key_file_free(kf);
	return NULL;
}

const char *profile_file_group_profile(const char *group)
{
	static const char prefix[] = "profile ";

	if (strncmp(group, prefix, sizeof prefix - 1) != 0)
		return NULL;
	group += sizeof prefix - 1;
	return *group ? group : NULL;
}

bool profile_file_secret_key(const char *key)
{
	static const char *const words[] = {
		"webhook", "token", "secret", "password", "key", "code",
	};
	char *lower = g_ascii_strdown(key, -1);
	bool found = false;
	size_t i;

	for (i = 0; !found && i < sizeof words / sizeof words[0]; i++)
		found = strstr(lower, words[i]) != NULL;
	g_free(lower);
	return found;
}
