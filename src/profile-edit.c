/*
 * Editing the config file as lines of text, so that every line b24user
 * does not mean to change stays exactly as the person wrote it: spacing,
 * comments, blank lines, the order of groups and keys.  (GKeyFile's own
 * writer re-spaces every line and moves comments that stand above a
 * group to the group before it.)
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "profile-file.h"
#include "strbuf.h"
#include "xalloc.h"

/* The file as an array of lines without their line ends. */
struct lines {
	char **v;
	size_t n;
};

static void split(const char *text, struct lines *l)
{
	const char *p = text ? text : "", *nl;

	memset(l, 0, sizeof *l);
	while (*p) {
		nl = strchr(p, '\n');
		l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
		l->v[l->n++] = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
		p = nl ? nl + 1 : p + strlen(p);
	}
}

static char *join(struct lines *l)
{
	struct strbuf sb;
	char *out;
	size_t i;

	sb_init(&sb);
	for (i = 0; i < l->n; i++) {
		sb_printf(&sb, "%s\n", l->v[i]);
		free(l->v[i]);
	}
	free(l->v);
	out = sb_steal(&sb);
	sb_free(&sb);
	return out;
}

static void insert(struct lines *l, size_t at, char *line)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	memmove(l->v + at + 1, l->v + at, (l->n - at) * sizeof *l->v);
	l->v[at] = line;
	l->n++;
}

static void delete(struct lines *l, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++)
		free(l->v[i]);
	memmove(l->v + from, l->v + to, (l->n - to) * sizeof *l->v);
	l->n -= to - from;
}

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static bool is_blank(const char *line)
{
	const char *s = skip_space(line);

	return !*s || (*s == '\r' && !s[1]);
}

static bool is_comment(const char *line)
{
	return *skip_space(line) == '#';
}

/* The group a header line opens ("profile prod"), or NULL. */
static char *header_name(const char *line)
{
	const char *s = skip_space(line);
	const char *close = strrchr(s, ']');

	if (*s != '[' || !close || (*skip_space(close + 1) &&
	    strcmp(skip_space(close + 1), "\r") != 0))
		return NULL;
	return xstrndup(s + 1, (size_t)(close - s - 1));
}

static bool is_header(const char *line, const char *group)
{
	char *name = header_name(line);
	bool yes = name && (!group || strcmp(name, group) == 0);

	free(name);
	return yes;
}

static bool key_is(const char *line, const char *key)
{
	const char *s = skip_space(line);
	size_t len = strlen(key);

	return !is_comment(line) && strncmp(s, key, len) == 0 &&
	       *skip_space(s + len) == '=';
}

static size_t find_group(const struct lines *l, const char *group)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (is_header(l->v[i], group))
			return i;
	return l->n;
}

/* The next header after h, or n. */
static size_t next_header(const struct lines *l, size_t h)
{
	size_t i;

	for (i = h + 1; i < l->n; i++)
		if (is_header(l->v[i], NULL))
			return i;
	return l->n;
}

/* The comment lines right above a header belong to it. */
static size_t leading_start(const struct lines *l, size_t h)
{
	while (h > 0 && is_comment(l->v[h - 1]))
		h--;
	return h;
}

/* Where a group's own lines end: before the next group's comments. */
static size_t section_end(const struct lines *l, size_t h)
{
	size_t next = next_header(l, h);

	return next < l->n ? leading_start(l, next) : l->n;
}

/* "key = value" keeps the spacing the person used around '='. */
static char *key_line(const char *old, const char *key, const char *value)
{
	const char *eq = old ? strchr(old, '=') : NULL;
	struct strbuf sb;
	char *out;

	sb_init(&sb);
	if (eq)
		sb_printf(&sb, "%.*s%s%s", (int)(eq + 1 - old), old,
			  eq[1] == ' ' ? " " : "", value);
	else
		sb_printf(&sb, "%s=%s", key, value);
	out = sb_steal(&sb);
	sb_free(&sb);
	return out;
}

/* After the group's last key line (its trailing blank lines stay). */
static size_t key_insert_point(const struct lines *l, size_t h)
{
	size_t end = section_end(l, h), at = h + 1, i;

	for (i = h + 1; i < end; i++)
		if (!is_blank(l->v[i]) && !is_comment(l->v[i]))
			at = i + 1;
	return at;
}

static void set_key(struct lines *l, size_t h, const char *key,
		    const char *value)
{
	size_t end = section_end(l, h), i;

	for (i = h + 1; i < end; i++) {
		if (!key_is(l->v[i], key))
			continue;
		if (value) {
			char *line = key_line(l->v[i], key, value);

			free(l->v[i]);
			l->v[i] = line;
		} else {
			delete(l, i, i + 1);
		}
		return;
	}
	if (value)
		insert(l, key_insert_point(l, h), key_line(NULL, key, value));
}

/* A new group goes at the end, after one blank line. */
static size_t append_group(struct lines *l, const char *group)
{
	if (l->n > 0 && !is_blank(l->v[l->n - 1]))
		insert(l, l->n, xstrdup(""));
	insert(l, l->n, g_strdup_printf("[%s]", group));
	return l->n - 1;
}

/* [general] goes before the first group (and its comments). */
static size_t prepend_group(struct lines *l, const char *group)
{
	size_t first = find_group(l, NULL);
	size_t at = first < l->n ? leading_start(l, first) : l->n;

	if (at == l->n && at > 0 && !is_blank(l->v[at - 1]))
		insert(l, at++, xstrdup(""));
	insert(l, at, g_strdup_printf("[%s]", group));
	if (at + 1 < l->n)
		insert(l, at + 1, xstrdup(""));
	return at;
}

char *profile_edit_set(const char *text, const char *group,
		       const char *const *keys, const char *const *values,
		       size_t count, bool on_top)
{
	struct lines l;
	size_t h, i;

	split(text, &l);
	h = find_group(&l, group);
	if (h == l.n)
		h = on_top ? prepend_group(&l, group)
			   : append_group(&l, group);
	for (i = 0; i < count; i++)
		set_key(&l, h, keys[i], values[i] && *values[i]
			? values[i] : NULL);
	return join(&l);
}

/* No two blank lines where a group was cut out; none at the end. */
static void tidy(struct lines *l, size_t cut)
{
	if (cut > 0 && cut <= l->n && is_blank(l->v[cut - 1]) &&
	    (cut == l->n || is_blank(l->v[cut])))
		delete(l, cut - 1, cut);
	while (l->n > 0 && is_blank(l->v[l->n - 1]))
		delete(l, l->n - 1, l->n);
}

char *profile_edit_remove_group(const char *text, const char *group)
{
	struct lines l;
	size_t h, start;

	split(text, &l);
	h = find_group(&l, group);
	if (h == l.n) {
		free(join(&l));
		return NULL;
	}
	start = leading_start(&l, h);
	delete(&l, start, section_end(&l, h));
	tidy(&l, start);
	return join(&l);
}
