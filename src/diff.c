/* Comparing field values as the portal shows them, and showing edits. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "strbuf.h"
#include "xalloc.h"

/* sb_steal leaves a fresh empty buffer behind: free that one too. */
static char *take(struct strbuf *sb)
{
	char *s = sb_steal(sb);

	sb_free(sb);
	return s;
}

static void number_text(struct strbuf *sb, double d)
{
	if (d > -1e15 && d < 1e15 && d == (double)(long long)d)
		sb_printf(sb, "%.0f", d);
	else
		sb_printf(sb, "%.15g", d);
}

static void scalar_text(struct strbuf *sb, const cJSON *v)
{
	char *text;

	if (cJSON_IsString(v)) {
		sb_append(sb, v->valuestring);
	} else if (cJSON_IsNumber(v)) {
		number_text(sb, v->valuedouble);
	} else if (cJSON_IsBool(v)) {
		sb_append(sb, cJSON_IsTrue(v) ? "Y" : "N");
	} else if (cJSON_IsObject(v)) {
		text = cJSON_PrintUnformatted(v);
		sb_append(sb, text);
		cJSON_free(text);
	}
}

static int compare_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A list as its members' texts, sorted, one \x1f between them: the
 * portal keeps lists of IDs in its own order. */
static void list_text(struct strbuf *sb, const cJSON *list)
{
	int n = cJSON_GetArraySize(list), i = 0;
	char **parts = xcalloc((size_t)n + 1, sizeof *parts);
	struct strbuf one;
	const cJSON *el;

	cJSON_ArrayForEach(el, list) {
		sb_init(&one);
		scalar_text(&one, el);
		parts[i++] = take(&one);
	}
	qsort(parts, (size_t)n, sizeof *parts, compare_text);
	for (i = 0; i < n; i++) {
		sb_printf(sb, "%s%s", i ? "\x1f" : "", parts[i]);
		free(parts[i]);
	}
	free(parts);
}

static char *canonical(const cJSON *v)
{
	struct strbuf sb;

	sb_init(&sb);
	if (cJSON_IsArray(v))
		list_text(&sb, v);
	else if (v)
		scalar_text(&sb, v);
	return take(&sb);
}

/* "1990-05-17" against "1990-05-17T00:00:00+03:00". */
static bool same_day(const char *a, const char *b)
{
	return strlen(a) == 10 && strncmp(a, b, 10) == 0 && b[10] == 'T' &&
	       a[4] == '-' && a[7] == '-';
}

bool diff_values_equal(const cJSON *portal, const cJSON *ours)
{
	char *a = canonical(portal), *b = canonical(ours);
	bool same = strcmp(a, b) == 0 || same_day(a, b) || same_day(b, a);

	free(a);
	free(b);
	return same;
}

char *diff_value_text(const cJSON *value)
{
	struct strbuf sb;
	char *text;

	sb_init(&sb);
	if (cJSON_IsArray(value)) {
		text = cJSON_PrintUnformatted(value);
		sb_append(&sb, text);
		cJSON_free(text);
	} else if (value) {
		scalar_text(&sb, value);
	}
	if (sb.len == 0 || strcmp(sb.buf, "[]") == 0) {
		sb_reset(&sb);
		sb_append(&sb, "(empty)");
	}
	return take(&sb);
}
