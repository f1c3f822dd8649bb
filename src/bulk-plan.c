/* The plan of a bulk update: every row checked, current values read in
 * batches, per-user diffs and totals. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "bulk-fetch.h"
#include "bulk-plan.h"
#include "diff.h"
#include "journal.h"
#include "jsonutil.h"
#include "strbuf.h"
#include "xalloc.h"

static void invalid(struct bulk_row *row, const char *why)
{
	row->state = BULK_INVALID;
	free(row->problem);
	row->problem = xstrdup(why);
}

/* "message. Hint." on one line: messages carry no full stop of their
 * own, hints are sentences. */
static void invalid_err(struct bulk_row *row, const struct b24_error *err)
{
	char text[1200];
	size_t n = strlen(err->message);
	bool stop = n && strchr(".!?", err->message[n - 1]);

	snprintf(text, sizeof text, "%s%s%s", err->message,
		 !err->hint[0] ? "" : stop ? " " : ". ", err->hint);
	invalid(row, text);
}

static void note_ignored(struct bulk_plan *plan, const char *code)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, plan->ignored)
		if (strcmp(it->valuestring, code) == 0)
			return;
	cJSON_AddItemToArray(plan->ignored, cJSON_CreateString(code));
}

/* Read-only fields (TIMESTAMP_X, LAST_LOGIN...) and files. */
static bool unsendable(const struct field_def *def)
{
	return def && (def->type == FIELD_READONLY ||
		       def->type == FIELD_FILE);
}

/* Dates come back from an export as the portal shows them
 * (1990-05-17T03:00:00+03:00); the update takes the day. */
static void day_of(const struct field_def *def, cJSON *v)
{
	const char *s = cJSON_GetStringValue(v);
	char day[11];

	if (!def || def->type != FIELD_DATE || !s || strlen(s) <= 10 ||
	    s[10] != 'T')
		return;
	memcpy(day, s, 10);
	day[10] = '\0';
	cJSON_SetValuestring(v, day);
}

/* An export carries read-only columns and photo URLs: they cannot be
 * sent, so they are left out (and named once) rather than refused. */
static void drop_unsendable(struct bulk_plan *plan, cJSON *data)
{
	cJSON *it = data->child, *next;
	const struct field_def *def;

	for (; it; it = next) {
		next = it->next;
		if (strcmp(it->string, "ID") != 0) {
			def = fields_find(plan->cat, it->string);
			day_of(def, it);
			if (!unsendable(def))
				continue;
			note_ignored(plan, it->string);
		}
		cJSON_DeleteItemFromObjectCaseSensitive(data, it->string);
	}
}

static void check_row(struct bulk_plan *plan, struct bulk_row *row,
		      const struct bulk_record *rec, GHashTable *seen)
{
	struct b24_error err;
	const char *id;
	cJSON *probe;
	char text[160];
	gpointer first;

	b24_error_clear(&err);
	if (rec->problem)
		return invalid(row, rec->problem);
	id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
		rec->data, "ID"));
	row->user_id = xstrdup(id);
	if (!edit_check_user_id(id, &err))
		return invalid_err(row, &err);
	if ((first = g_hash_table_lookup(seen, id))) {
		snprintf(text, sizeof text, "user %s is already in line %ld; "
			 "give each user one row", id, (long)(intptr_t)first);
		return invalid(row, text);
	}
	g_hash_table_insert(seen, (gpointer)id, (gpointer)(intptr_t)row->line);
	row->data = cJSON_Duplicate(rec->data, true);
	drop_unsendable(plan, row->data);
	if (!fields_check_data(plan->cat, row->data, plan->opt->field_flags,
			       &err))
		return invalid_err(row, &err);
	probe = edit_build_update(id, row->data, plan->opt, plan->cat, &err);
	if (!probe)
		return invalid_err(row, &err);
	cJSON_Delete(probe);
	row->state = row->data->child ? BULK_TODO : BULK_UNCHANGED;
}

size_t bulk_plan_check(const struct bulk_input *in,
		       const struct field_catalog *cat,
		       const struct update_options *opt,
		       struct bulk_plan *plan)
{
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	size_t i, bad = 0;

	memset(plan, 0, sizeof *plan);
	plan->cat = cat;
	plan->opt = opt;
	plan->ignored = cJSON_CreateArray();
	plan->rows = xcalloc(in->count ? in->count : 1, sizeof *plan->rows);
	plan->count = in->count;
	for (i = 0; i < in->count; i++) {
		plan->rows[i].line = in->records[i].line;
		plan->rows[i].verified = -1;
		check_row(plan, &plan->rows[i], &in->records[i], seen);
		bad += plan->rows[i].state == BULK_INVALID;
	}
	g_hash_table_destroy(seen);
	return bad;
}

/* Only the fields the row names (and ID): thousands of whole users
 * would hold ten times the memory. */
static cJSON *slim(const cJSON *user, const cJSON *data)
{
	cJSON *out = cJSON_CreateObject();
	const cJSON *it, *v;

	if ((v = cJSON_GetObjectItemCaseSensitive(user, "ID")))
		cJSON_AddItemToObject(out, "ID", cJSON_Duplicate(v, true));
	cJSON_ArrayForEach(it, data)
		if ((v = cJSON_GetObjectItemCaseSensitive(user, it->string)))
			cJSON_AddItemToObject(out, it->string,
					      cJSON_Duplicate(v, true));
	return out;
}

static void diff_row(struct bulk_plan *plan, struct bulk_row *row,
		     const cJSON *user)
{
	struct b24_error err;

	b24_error_clear(&err);
	row->loaded = slim(user, row->data);
	row->changed = edit_changed_fields(row->loaded, row->data);
	if (!row->changed->child && !cJSON_GetArraySize(plan->opt->params)) {
		row->state = BULK_UNCHANGED;
		return;
	}
	row->params = edit_build_update(row->user_id, row->changed, plan->opt,
					plan->cat, &err);
	if (!row->params)
		return invalid_err(row, &err);
	row->fields = journal_fields(row->loaded, row->changed, plan->cat);
}

static void take_user(struct bulk_plan *plan, struct bulk_row *row,
		      const cJSON *users)
{
	const cJSON *user = cJSON_GetObjectItemCaseSensitive(users,
							     row->user_id);
	char text[200];

	if (user)
		return diff_row(plan, row, user);
	snprintf(text, sizeof text, "the portal shows no user %s (wrong ID, "
		 "or hidden without --admin-mode)", row->user_id);
	invalid(row, text);
}

/* Up to BULK_FETCH_PER_CALL rows in one request. */
static bool read_chunk(struct rest_session *s, struct bulk_pace *pace,
		       struct bulk_plan *plan, const size_t *idx, size_t n,
		       struct b24_error *err)
{
	const char **ids = xcalloc(n ? n : 1, sizeof *ids);
	cJSON *users;
	size_t i;
	bool ok;

	for (i = 0; i < n; i++)
		ids[i] = plan->rows[idx[i]].user_id;
	ok = bulk_fetch_users(s, pace, ids, n, plan->opt->admin_mode, &users,
			      err);
	for (i = 0; ok && i < n; i++)
		take_user(plan, &plan->rows[idx[i]], users);
	cJSON_Delete(users);
	free(ids);
	return ok;
}

bool bulk_plan_read(struct rest_session *s, struct bulk_pace *pace,
		    struct bulk_plan *plan, struct b24_error *err)
{
	size_t *idx = xcalloc(BULK_FETCH_PER_CALL, sizeof *idx);
	size_t n = 0, i;
	bool ok = true;

	for (i = 0; ok && i < plan->count; i++) {
		if (plan->rows[i].state != BULK_TODO || plan->rows[i].loaded)
			continue;
		idx[n++] = i;
		if (n == BULK_FETCH_PER_CALL) {
			ok = read_chunk(s, pace, plan, idx, n, err);
			n = 0;
		}
	}
	ok = ok && (n == 0 || read_chunk(s, pace, plan, idx, n, err));
	free(idx);
	return ok;
}

void bulk_plan_totals(const struct bulk_plan *plan, struct bulk_totals *t)
{
	const struct bulk_row *r;
	size_t i;

	memset(t, 0, sizeof *t);
	t->rows = plan->count;
	for (i = 0; i < plan->count; i++) {
		r = &plan->rows[i];
		t->invalid += r->state == BULK_INVALID;
		t->unchanged += r->state == BULK_UNCHANGED;
		t->todo += r->state == BULK_TODO || r->state == BULK_SENT;
		t->done += r->state == BULK_DONE;
		t->failed += r->state == BULK_FAILED;
		t->unknown += r->state == BULK_UNKNOWN;
		t->earlier += r->state == BULK_EARLIER;
		if (r->state == BULK_TODO || r->state == BULK_SENT)
			t->fields += (size_t)cJSON_GetArraySize(r->changed);
	}
}

const char *bulk_row_where(const struct bulk_row *r)
{
	return r->undo_of ? "journal entry" : "line";
}

char *bulk_plan_problems(const struct bulk_plan *plan)
{
	struct strbuf sb;
	size_t i;

	sb_init(&sb);
	for (i = 0; i < plan->count; i++)
		if (plan->rows[i].state == BULK_INVALID)
			sb_printf(&sb, "%s %ld: %s\n",
				  bulk_row_where(&plan->rows[i]),
				  plan->rows[i].line, plan->rows[i].problem);
	if (!sb.len) {
		sb_free(&sb);
		return NULL;
	}
	return sb_steal(&sb);
}

char *bulk_plan_render(const struct bulk_plan *plan)
{
	struct strbuf sb;
	const struct bulk_row *r;
	char *text;
	size_t i;

	sb_init(&sb);
	for (i = 0; i < plan->count; i++) {
		r = &plan->rows[i];
		if (r->state != BULK_TODO && r->state != BULK_SENT)
			continue;
		text = diff_render(r->loaded, r->changed, plan->cat);
		sb_printf(&sb, "User %s (%s %ld):\n%s%s", r->user_id,
			  bulk_row_where(r), r->line, text, text[0] &&
			  text[strlen(text) - 1] != '\n' ? "\n" : "");
		free(text);
	}
	return sb_steal(&sb);
}

void bulk_plan_free(struct bulk_plan *plan)
{
	struct bulk_row *r;
	size_t i;

	for (i = 0; i < plan->count; i++) {
		r = &plan->rows[i];
		free(r->user_id);
		free(r->problem);
		cJSON_Delete(r->data);
		cJSON_Delete(r->loaded);
		cJSON_Delete(r->changed);
		cJSON_Delete(r->params);
		cJSON_Delete(r->fields);
		cJSON_Delete(r->dropped);
		cJSON_Delete(r->response);
		cJSON_Delete(r->settle);
	}
	free(plan->rows);
	cJSON_Delete(plan->ignored);
	memset(plan, 0, sizeof *plan);
}
