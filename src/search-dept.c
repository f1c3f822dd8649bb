/*
 * Department names for search results: department.get read once per
 * search object, and the numbers instead when the credentials may not
 * read departments (the "department" scope); and the pick list's row,
 * which shows them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonutil.h"
#include "search-internal.h"
#include "xalloc.h"

void search_departments_free(struct search *se)
{
	size_t i;

	for (i = 0; i < se->n_departments; i++) {
		free(se->departments[i].id);
		free(se->departments[i].name);
	}
	free(se->departments);
	free(se->department_note);
	se->departments = NULL;
	se->n_departments = 0;
	se->department_note = NULL;
}

static void add_department(struct search *se, const cJSON *d)
{
	const cJSON *idj = json_get(d, "ID");
	const char *name = json_get_string(d, "NAME");
	char *id = json_scalar_text(idj);
	struct search_department *nd;

	if (!id || !name) {
		free(id);
		return;
	}
	se->departments = xrealloc(se->departments, (se->n_departments + 1) *
				   sizeof *se->departments);
	nd = &se->departments[se->n_departments++];
	nd->id = id;
	nd->name = xstrdup(name);
}

static void note_failure(struct search *se, const struct b24_error *err)
{
	char text[1200];

	if (strcmp(err->code, "insufficient_scope") == 0) {
		se->department_note = xstrdup(
			"Department names need the \"department\" scope, "
			"which these credentials lack, so department numbers "
			"are shown [insufficient_scope]. Add the scope to the "
			"webhook in the portal (Developer resources) to see "
			"names.");
		return;
	}
	snprintf(text, sizeof text, "Department names could not be read, "
		 "so department numbers are shown: %s [%s]", err->message,
		 err->code);
	se->department_note = xstrdup(text);
}

static bool read_pages(struct search *se, struct b24_error *err)
{
	cJSON *params = cJSON_CreateObject();
	struct rest_reply reply;
	const cJSON *d;
	long start = 0;
	bool ok = true, more = true;

	while (ok && more) {
		cJSON_DeleteItemFromObjectCaseSensitive(params, "start");
		cJSON_AddNumberToObject(params, "start", (double)start);
		ok = search_call(se, "department.get", params, &reply, err);
		if (ok) {
			cJSON_ArrayForEach(d, reply.result)
				add_department(se, d);
			more = reply.next > start;
			start = reply.next;
		}
		rest_reply_free(&reply);
	}
	cJSON_Delete(params);
	return ok;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct search_department *)a)->id,
		      ((const struct search_department *)b)->id);
}

/* A cancelled read is not a verdict on the credentials: asked again
 * next time. */
bool search_load_departments(struct search *se)
{
	struct b24_error err;

	if (se->departments_tried)
		return se->department_note == NULL;
	b24_error_clear(&err);
	if (!read_pages(se, &err)) {
		search_departments_free(se);
		if (strcmp(err.code, "cancelled") == 0)
			return false;
		note_failure(se, &err);
	}
	/* Sorted, so that each user's lookup is a binary search. */
	if (se->n_departments)
		qsort(se->departments, se->n_departments,
		      sizeof *se->departments, by_id);
	se->departments_tried = true;
	return se->department_note == NULL;
}

const char *search_department_note(const struct search *se)
{
	return se->department_note;
}

static const char *department_name(const struct search *se, const char *id)
{
	struct search_department key = { (char *)id, NULL };
	const struct search_department *d;

	if (!se->n_departments)
		return NULL;
	d = bsearch(&key, se->departments, se->n_departments,
		    sizeof *se->departments, by_id);
	return d ? d->name : NULL;
}

static void append_one(const struct search *se, const cJSON *d,
		       struct strbuf *out)
{
	char *id = json_scalar_text(d);
	const char *name;

	if (!id || !*id) {
		free(id);
		return;
	}
	name = department_name(se, id);
	if (out->len)
		sb_append(out, ", ");
	sb_append(out, name ? name : id);
	free(id);
}

void search_department_text(const struct search *se, const cJSON *user,
			    struct strbuf *out)
{
	const cJSON *deps = json_get(user, "UF_DEPARTMENT");
	const cJSON *d;
	struct strbuf one;

	/* Built apart: the ", " between names must not depend on what out
	 * held before. */
	sb_init(&one);
	if (cJSON_IsArray(deps)) {
		cJSON_ArrayForEach(d, deps)
			append_one(se, d, &one);
	} else if (deps) {
		append_one(se, deps, &one);
	}
	sb_append(out, one.buf);
	sb_free(&one);
}

static char *string_or_empty(const cJSON *user, const char *field)
{
	const char *v = json_get_string(user, field);

	return xstrdup(v ? v : "");
}

void search_row_fill(const struct search *se, const cJSON *user,
		     struct search_row *row)
{
	struct strbuf sb;
	const char *first = json_get_string(user, "NAME");
	const char *last = json_get_string(user, "LAST_NAME");

	row->id = string_or_empty(user, "ID");
	sb_init(&sb);
	sb_append(&sb, first ? first : "");
	if (sb.len && last && *last)
		sb_append_char(&sb, ' ');
	sb_append(&sb, last ? last : "");
	row->name = sb_steal(&sb);
	row->position = string_or_empty(user, "WORK_POSITION");
	sb_init(&sb);
	search_department_text(se, user, &sb);
	row->department = sb_steal(&sb);
	row->active = !cJSON_IsFalse(json_get(user, "ACTIVE"));
}

void search_row_clear(struct search_row *row)
{
	free(row->id);
	free(row->name);
	free(row->position);
	free(row->department);
	memset(row, 0, sizeof *row);
}
