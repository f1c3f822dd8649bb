/* Journal entries: their JSON form, what they record, and undoing one. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "journal.h"
#include "strbuf.h"
#include "xalloc.h"

static const char *const outcome_names[] = {
	[JOURNAL_PENDING] = "pending",
	[JOURNAL_DONE] = "done",
	[JOURNAL_REFUSED] = "refused",
	[JOURNAL_UNKNOWN] = "unknown",
};

const char *journal_outcome_name(enum journal_outcome o)
{
	return outcome_names[o];
}

static bool outcome_from_name(const char *name, enum journal_outcome *o)
{
	size_t i;

	for (i = 0; name && i < sizeof outcome_names / sizeof *outcome_names;
	     i++) {
		if (strcmp(name, outcome_names[i]) == 0) {
			*o = (enum journal_outcome)i;
			return true;
		}
	}
	return false;
}

static void add_text(cJSON *obj, const char *key, const char *value)
{
	cJSON_AddItemToObject(obj, key, value ? cJSON_CreateString(value)
					      : cJSON_CreateNull());
}

cJSON *journal_entry_to_json(const struct journal_entry *e)
{
	cJSON *obj = cJSON_CreateObject();

	cJSON_AddNumberToObject(obj, "seq", (double)e->seq);
	add_text(obj, "time", e->time);
	add_text(obj, "profile", e->profile);
	add_text(obj, "portal", e->portal);
	add_text(obj, "user_id", e->user_id);
	add_text(obj, "operator", e->operator);
	cJSON_AddItemToObject(obj, "fields", e->fields ?
			      cJSON_Duplicate(e->fields, true) :
			      cJSON_CreateObject());
	add_text(obj, "outcome", journal_outcome_name(e->outcome));
	cJSON_AddItemToObject(obj, "verified", e->verified < 0 ?
			      cJSON_CreateNull() :
			      cJSON_CreateBool(e->verified));
	if (e->dropped)
		cJSON_AddItemToObject(obj, "dropped",
				      cJSON_Duplicate(e->dropped, true));
	if (e->undo_of > 0)
		cJSON_AddNumberToObject(obj, "undo_of", (double)e->undo_of);
	if (e->event)
		add_text(obj, "event", e->event);
	if (e->via)
		add_text(obj, "via", e->via);
	if (e->run)
		add_text(obj, "run", e->run);
	return obj;
}

static char *text_of(const cJSON *obj, const char *key)
{
	const char *s = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(obj, key));

	return s ? xstrdup(s) : NULL;
}

bool journal_entry_from_json(const cJSON *obj, struct journal_entry *e)
{
	const cJSON *seq = cJSON_GetObjectItemCaseSensitive(obj, "seq");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "verified");
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(obj, "fields");
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(obj, "dropped");
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(obj, "undo_of");
	const char *t = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(obj, "time"));

	memset(e, 0, sizeof *e);
	if (!cJSON_IsNumber(seq) || seq->valuedouble < 1 ||
	    !outcome_from_name(cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(obj, "outcome")),
		&e->outcome))
		return false;
	e->seq = (long)seq->valuedouble;
	snprintf(e->time, sizeof e->time, "%s", t ? t : "");
	e->profile = text_of(obj, "profile");
	e->portal = text_of(obj, "portal");
	e->user_id = text_of(obj, "user_id");
	e->operator = text_of(obj, "operator");
	e->fields = cJSON_IsObject(f) ? cJSON_Duplicate(f, true)
				      : cJSON_CreateObject();
	e->verified = cJSON_IsBool(v) ? cJSON_IsTrue(v) : -1;
	e->dropped = cJSON_IsArray(d) ? cJSON_Duplicate(d, true) : NULL;
	e->undo_of = cJSON_IsNumber(u) ? (long)u->valuedouble : 0;
	e->event = text_of(obj, "event");
	e->via = text_of(obj, "via");
	e->run = text_of(obj, "run");
	return true;
}

void journal_entry_clear(struct journal_entry *e)
{
	free(e->profile);
	free(e->portal);
	free(e->user_id);
	free(e->operator);
	cJSON_Delete(e->fields);
	cJSON_Delete(e->dropped);
	free(e->event);
	free(e->via);
	free(e->run);
	memset(e, 0, sizeof *e);
}

/* A before-value in the form user.update takes it back. */
static cJSON *sendable(const cJSON *v, const struct field_def *def)
{
	const char *s = cJSON_GetStringValue(v);
	char day[11];

	if (!v || cJSON_IsNull(v))
		return cJSON_CreateString("");
	if (def && def->type == FIELD_YESNO && cJSON_IsBool(v))
		return cJSON_CreateString(cJSON_IsTrue(v) ? "Y" : "N");
	if (def && def->type == FIELD_DATE && s && strlen(s) > 10 &&
	    s[10] == 'T') {
		memcpy(day, s, 10);
		day[10] = '\0';
		return cJSON_CreateString(day);
	}
	return cJSON_Duplicate(v, true);
}

static cJSON *file_note(const cJSON *v)
{
	const char *name = cJSON_GetStringValue(cJSON_GetArrayItem(v, 0));

	return cJSON_CreateString(name ? name : "(new file)");
}

cJSON *journal_fields(const cJSON *user_now, const cJSON *changed,
		      const struct field_catalog *cat)
{
	cJSON *out = cJSON_CreateObject(), *pair;
	const cJSON *it;
	const struct field_def *def;

	cJSON_ArrayForEach(it, changed) {
		def = fields_find(cat, it->string);
		pair = cJSON_AddObjectToObject(out, it->string);
		cJSON_AddItemToObject(pair, "before", sendable(
			cJSON_GetObjectItemCaseSensitive(user_now, it->string),
			def));
		cJSON_AddItemToObject(pair, "after",
				      def && def->type == FIELD_FILE ?
				      file_note(it) :
				      cJSON_Duplicate(it, true));
	}
	return out;
}

const struct journal_entry *journal_find(const struct journal_list *l,
					 long seq)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		if (l->entries[i].seq == seq)
			return &l->entries[i];
	return NULL;
}

const struct journal_entry *journal_newest_undoable(
	const struct journal_list *l, const char *user_id)
{
	const struct journal_entry *e;
	size_t i;

	for (i = l->count; i-- > 0;) {
		e = &l->entries[i];
		if (e->outcome != JOURNAL_DONE || !e->user_id ||
		    !cJSON_GetArraySize(e->fields))
			continue;
		if (!user_id || strcmp(e->user_id, user_id) == 0)
			return e;
	}
	return NULL;
}

static bool was_dropped(const struct journal_entry *e, const char *field)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, e->dropped)
		if (cJSON_IsString(it) && strcmp(it->valuestring, field) == 0)
			return true;
	return false;
}

static bool cannot_undo(const struct journal_entry *e, const char *why,
			struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_USAGE, "nothing_to_undo",
		      "Journal entry %ld cannot be undone: %s", e->seq, why);
	b24_error_hint(err, "Run 'b24user journal' to see the entries.");
	return false;
}

bool journal_undo_plan(const struct journal_entry *e,
		       const struct field_catalog *cat, cJSON **data,
		       cJSON **expect, struct b24_error *err)
{
	const cJSON *it;
	const struct field_def *def;

	*data = *expect = NULL;
	if (e->event)
		return cannot_undo(e, "it records an event, not a change",
				   err);
	if (e->outcome == JOURNAL_REFUSED)
		return cannot_undo(e, "the portal never made that change",
				   err);
	if (!cJSON_IsObject(e->fields) || !e->user_id)
		return cannot_undo(e, "it records no fields", err);
	*data = cJSON_CreateObject();
	*expect = cJSON_CreateObject();
	cJSON_ArrayForEach(it, e->fields) {
		def = fields_find(cat, it->string);
		if (was_dropped(e, it->string) ||
		    (def && def->type == FIELD_FILE))
			continue;
		cJSON_AddItemToObject(*data, it->string, cJSON_Duplicate(
			cJSON_GetObjectItemCaseSensitive(it, "before"), true));
		cJSON_AddItemToObject(*expect, it->string, cJSON_Duplicate(
			cJSON_GetObjectItemCaseSensitive(it, "after"), true));
	}
	if ((*data)->child)
		return true;
	cJSON_Delete(*data);
	cJSON_Delete(*expect);
	*data = *expect = NULL;
	return cannot_undo(e, "none of its fields took, or only a file "
			   "changed", err);
}

static const cJSON *pair_value(const cJSON *pair, const char *which)
{
	return cJSON_GetObjectItemCaseSensitive(pair, which);
}

enum journal_outcome journal_settle(const struct journal_entry *e,
				    const cJSON *user_now)
{
	const cJSON *it, *now;
	size_t after = 0, before = 0, n = 0;

	cJSON_ArrayForEach(it, e->fields) {
		now = cJSON_GetObjectItemCaseSensitive(user_now, it->string);
		n++;
		if (diff_values_equal(now, pair_value(it, "after")))
			after++;
		else if (diff_values_equal(now, pair_value(it, "before")))
			before++;
	}
	if (n > 0 && after == n)
		return JOURNAL_DONE;
	if (n > 0 && before == n)
		return JOURNAL_REFUSED;
	return JOURNAL_UNKNOWN;
}

static void field_change(struct strbuf *sb, const struct journal_entry *e,
			 const cJSON *pair)
{
	char *was = diff_value_text(pair_value(pair, "before"));
	char *is = diff_value_text(pair_value(pair, "after"));

	sb_printf(sb, "%s %s \u2192 %s%s", pair->string, was, is,
		  was_dropped(e, pair->string) ? " (not taken)" : "");
	free(was);
	free(is);
}

/* "12 2026-12-04T17:00:00Z profile prod unlock (https://host) by
 * console" */
static void event_text(struct strbuf *sb, const struct journal_entry *e)
{
	sb_printf(sb, "%ld %s profile %s %s (%s) by %s", e->seq, e->time,
		  e->profile ? e->profile : "?", e->event,
		  e->portal ? e->portal : "?", e->via ? e->via : "?");
}

static void change_text(struct strbuf *sb, const struct journal_entry *e)
{
	const cJSON *it;

	sb_printf(sb, "%ld %s user %s %s", e->seq, e->time,
		  e->user_id ? e->user_id : "?",
		  journal_outcome_name(e->outcome));
	if (e->outcome == JOURNAL_DONE && e->verified == 0)
		sb_append(sb, ", unverified");
	if (e->undo_of > 0)
		sb_printf(sb, ", undoes %ld", e->undo_of);
	if (e->run)
		sb_printf(sb, ", run %s", e->run);
	sb_append(sb, ":");
	cJSON_ArrayForEach(it, e->fields) {
		sb_append(sb, it == e->fields->child ? " " : ", ");
		field_change(sb, e, it);
	}
}

char *journal_entry_text(const struct journal_entry *e)
{
	struct strbuf sb;
	char *out;

	sb_init(&sb);
	if (e->event)
		event_text(&sb, e);
	else
		change_text(&sb, e);
	out = sb_steal(&sb);
	sb_free(&sb);
	return out;
}
