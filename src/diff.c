/* Comparing field values as the portal shows them, and showing edits. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "strbuf.h"
#include "xalloc.h"

static void number_text(struct strbuf *sb, double d)
{
	if (d > -1e15 && d < 1e15 && d == (double)(long long)d)
		sb_printf(sb, "%.0f", d);
	else
		sb_printf(sb, "%.15g", d);
}

/* Control characters from the portal must not reach a terminal. */
static void safe_text(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			sb_append(sb, "\\n");
		else if (*s == '\t')
			sb_append(sb, "\\t");
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			sb_append_char(sb, '?');
		else
			sb_append_char(sb, *s);
	}
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
		parts[i++] = sb_steal(&one);
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
	return sb_steal(&sb);
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
	struct strbuf sb, out;
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
	sb_init(&out);
	safe_text(&out, sb.buf);
	sb_free(&sb);
	return sb_steal(&out);
}

static void field_name(struct strbuf *sb, const char *code,
		       const struct field_catalog *cat)
{
	const struct field_def *def = fields_find(cat, code);

	if (def && def->label[0] && strcmp(def->label, code) != 0) {
		safe_text(sb, def->label);
		sb_printf(sb, " (%s)", code);
	} else {
		sb_append(sb, code);
	}
}

static void append_value(struct strbuf *sb, const cJSON *v)
{
	char *text = diff_value_text(v);

	sb_append(sb, text);
	free(text);
}

char *diff_render(const cJSON *loaded, const cJSON *changed,
		  const struct field_catalog *cat)
{
	struct strbuf sb;
	const cJSON *it;

	sb_init(&sb);
	cJSON_ArrayForEach(it, changed) {
		field_name(&sb, it->string, cat);
		sb_append(&sb, ": ");
		append_value(&sb, cJSON_GetObjectItemCaseSensitive(
					  loaded, it->string));
		sb_append(&sb, " \u2192 ");
		append_value(&sb, it);
		sb_append_char(&sb, '\n');
	}
	return sb_steal(&sb);
}

static cJSON *copy_or_null(const cJSON *v)
{
	return v ? cJSON_Duplicate(v, true) : cJSON_CreateNull();
}

cJSON *diff_conflicts(const cJSON *loaded, const cJSON *now,
		      const cJSON *changed)
{
	cJSON *out = cJSON_CreateObject(), *three;
	const cJSON *it, *was, *is;

	cJSON_ArrayForEach(it, changed) {
		was = cJSON_GetObjectItemCaseSensitive(loaded, it->string);
		is = cJSON_GetObjectItemCaseSensitive(now, it->string);
		if (diff_values_equal(was, is))
			continue;
		three = cJSON_AddObjectToObject(out, it->string);
		cJSON_AddItemToObject(three, "loaded", copy_or_null(was));
		cJSON_AddItemToObject(three, "now", copy_or_null(is));
		cJSON_AddItemToObject(three, "yours", copy_or_null(it));
	}
	return out;
}

char *diff_render_conflicts(const cJSON *conflicts,
			    const struct field_catalog *cat)
{
	struct strbuf sb;
	const cJSON *it;

	sb_init(&sb);
	cJSON_ArrayForEach(it, conflicts) {
		field_name(&sb, it->string, cat);
		sb_append(&sb, ": loaded ");
		append_value(&sb, cJSON_GetObjectItemCaseSensitive(it,
								   "loaded"));
		sb_append(&sb, ", now on the portal ");
		append_value(&sb, cJSON_GetObjectItemCaseSensitive(it, "now"));
		sb_append(&sb, ", yours ");
		append_value(&sb, cJSON_GetObjectItemCaseSensitive(it,
								   "yours"));
		sb_append_char(&sb, '\n');
	}
	return sb_steal(&sb);
}

/* "--expect ACTIVE=yes" means "Y": expected values are read the way
 * user data is, when the field is known. */
static cJSON *expected_value(const cJSON *want,
			     const struct field_catalog *cat)
{
	const struct field_def *def = fields_find(cat, want->string);
	cJSON *copy = cJSON_Duplicate(want, true);
	cJSON *probe = cJSON_Duplicate(want, true);
	struct b24_error err;

	if (def && def->type != FIELD_READONLY && def->type != FIELD_FILE &&
	    fields_check_value(def, probe, &err)) {
		cJSON_Delete(copy);
		return probe;
	}
	cJSON_Delete(probe);
	return copy;
}

cJSON *diff_expect_mismatches(const cJSON *now, const cJSON *expect,
			      const struct field_catalog *cat)
{
	cJSON *out = cJSON_CreateObject(), *want, *two;
	const cJSON *it, *is;

	cJSON_ArrayForEach(it, expect) {
		is = cJSON_GetObjectItemCaseSensitive(now, it->string);
		want = expected_value(it, cat);
		if (diff_values_equal(is, want)) {
			cJSON_Delete(want);
			continue;
		}
		two = cJSON_AddObjectToObject(out, it->string);
		cJSON_AddItemToObject(two, "expected", want);
		cJSON_AddItemToObject(two, "now", copy_or_null(is));
	}
	return out;
}
