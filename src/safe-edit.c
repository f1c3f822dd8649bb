/* One safe edit: prepare, check for conflicts, commit with journal and
 * read-back. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "log.h"
#include "safe-edit.h"
#include "strbuf.h"
#include "verify.h"

static const struct update_options no_options;

static const struct update_options *options(const struct safe_edit *se)
{
	return se->opt ? se->opt : &no_options;
}

/* Everything that needs no portal is checked before the first request. */
static cJSON *checked_data(const struct safe_edit *se, const cJSON *data,
			   struct b24_error *err)
{
	cJSON *checked = data ? cJSON_Duplicate(data, true)
			      : cJSON_CreateObject();
	cJSON *probe;

	if (!fields_check_data(se->cat, checked, options(se)->field_flags,
			       err)) {
		cJSON_Delete(checked);
		return NULL;
	}
	probe = edit_build_update(se->user_id, checked, options(se), se->cat,
				  err);
	if (!probe) {
		cJSON_Delete(checked);
		return NULL;
	}
	cJSON_Delete(probe);
	return checked;
}

/* With learn, the catalogue comes with the user: one request, and the
 * data is checked against the portal's own fields. */
static cJSON *load_then_check(struct rest_session *s, struct safe_edit *se,
			      const cJSON *data, struct b24_error *err)
{
	se->cat = se->learn;
	if (!edit_load_user_and_catalog(s, se->user_id,
					options(se)->admin_mode, se->learn,
					&se->loaded, err))
		return NULL;
	return checked_data(se, data, err);
}

static cJSON *check_then_load(struct rest_session *s, struct safe_edit *se,
			      const cJSON *data, struct b24_error *err)
{
	cJSON *checked = checked_data(se, data, err);

	if (checked && !edit_load_user(s, se->user_id,
				       options(se)->admin_mode, &se->loaded,
				       err)) {
		cJSON_Delete(checked);
		return NULL;
	}
	return checked;
}

bool safe_edit_prepare(struct rest_session *s, struct safe_edit *se,
		       const cJSON *data, struct b24_error *err)
{
	cJSON *checked = se->learn ? load_then_check(s, se, data, err)
				   : check_then_load(s, se, data, err);

	if (!checked)
		return false;
	se->changed = edit_changed_fields(se->loaded, checked);
	cJSON_Delete(checked);
	if (!se->changed->child && !cJSON_GetArraySize(options(se)->params))
		return true;
	se->params = edit_build_update(se->user_id, se->changed, options(se),
				       se->cat, err);
	return se->params != NULL;
}

bool safe_edit_nothing_to_do(const struct safe_edit *se)
{
	return se->params == NULL;
}

static bool conflict(const struct safe_edit *se, struct b24_error *err)
{
	char *text = diff_render_conflicts(se->conflicts, se->cat);

	b24_error_set(err, B24_EXIT_STOPPED, "conflict",
		      "User %s was changed on the portal after it was "
		      "loaded; nothing was sent:\n%s", se->user_id, text);
	b24_error_hint(err, "Reload the user and make the change again.");
	free(text);
	return false;
}

static bool expect_failed(const struct safe_edit *se, struct b24_error *err)
{
	struct strbuf sb;
	const cJSON *it;
	char *want, *is;

	sb_init(&sb);
	cJSON_ArrayForEach(it, se->mismatches) {
		want = diff_value_text(cJSON_GetObjectItemCaseSensitive(
			it, "expected"));
		is = diff_value_text(cJSON_GetObjectItemCaseSensitive(
			it, "now"));
		sb_printf(&sb, "\n%s is %s, expected %s", it->string, is,
			  want);
		free(want);
		free(is);
	}
	b24_error_set(err, B24_EXIT_STOPPED, "expect_failed",
		      "User %s is not as --expect says; nothing was sent:%s",
		      se->user_id, sb.buf);
	b24_error_hint(err, "Reload the user and check the current "
		       "values.");
	sb_free(&sb);
	return false;
}

bool safe_edit_check(struct rest_session *s, struct safe_edit *se,
		     const cJSON *expect, bool reread, struct b24_error *err)
{
	const cJSON *current;

	cJSON_Delete(se->now);
	se->now = NULL;
	if (reread && !edit_load_user(s, se->user_id,
				      options(se)->admin_mode, &se->now, err))
		return false;
	current = se->now ? se->now : se->loaded;
	cJSON_Delete(se->conflicts);
	se->conflicts = diff_conflicts(se->loaded, current, se->changed);
	if (se->conflicts->child)
		return conflict(se, err);
	cJSON_Delete(se->mismatches);
	se->mismatches = diff_expect_mismatches(current, expect, se->cat);
	if (se->mismatches->child)
		return expect_failed(se, err);
	return true;
}

static bool rebuild(struct safe_edit *se, struct b24_error *err)
{
	cJSON_Delete(se->params);
	se->params = NULL;
	if (!se->changed->child && !cJSON_GetArraySize(options(se)->params)) {
		b24_error_set(err, B24_EXIT_STOPPED, "nothing_left",
			      "Nothing is left to send to user %s",
			      se->user_id);
		return false;
	}
	se->params = edit_build_update(se->user_id, se->changed, options(se),
				       se->cat, err);
	return se->params != NULL;
}

bool safe_edit_accept_now(struct safe_edit *se, struct b24_error *err)
{
	cJSON *still;

	if (se->now) {
		still = edit_changed_fields(se->now, se->changed);
		cJSON_Delete(se->changed);
		se->changed = still;
		cJSON_Delete(se->loaded);
		se->loaded = se->now;
		se->now = NULL;
	}
	return rebuild(se, err);
}

bool safe_edit_drop_field(struct safe_edit *se, const char *field,
			  struct b24_error *err)
{
	cJSON_DeleteItemFromObjectCaseSensitive(se->changed, field);
	cJSON_DeleteItemFromObjectCaseSensitive(se->conflicts, field);
	return rebuild(se, err);
}

static bool begin_entry(struct safe_edit *se, const char *path,
			struct journal_entry *e, struct b24_error *err)
{
	memset(e, 0, sizeof *e);
	e->profile = (char *)se->profile;
	e->portal = (char *)se->portal;
	e->user_id = (char *)se->user_id;
	e->operator = (char *)se->operator;
	e->undo_of = se->undo_of;
	e->fields = journal_fields(se->now ? se->now : se->loaded,
				   se->changed, se->cat);
	if (!journal_begin(path, e, err))
		return false;
	se->seq = e->seq;
	return true;
}

static void finish_entry(struct safe_edit *se, const char *path,
			 struct journal_entry *e)
{
	struct b24_error jerr;

	e->outcome = se->outcome;
	e->verified = se->dropped ? !se->dropped->child : -1;
	e->dropped = se->dropped && se->dropped->child ?
		     verify_dropped_names(se->dropped) : NULL;
	if (!journal_finish(path, e, &jerr))
		log_debug("journal entry %ld not completed: %s", e->seq,
			  jerr.message);
	cJSON_Delete(e->fields);
	cJSON_Delete(e->dropped);
}

static bool not_all_took(const struct safe_edit *se, struct b24_error *err)
{
	char *text = verify_render(se->dropped);

	b24_error_set(err, B24_EXIT_UNVERIFIED, "unverified",
		      "The change to user %s was sent, but the portal did not "
		      "take all of it:\n%s", se->user_id, text);
	b24_error_hint(err, "The other fields were changed.  Ask an "
		       "administrator for the fields that did not take.");
	err->reached_portal = true;
	free(text);
	return false;
}

bool safe_edit_commit(struct rest_session *s, struct safe_edit *se,
		      struct b24_error *err)
{
	char *owned = se->journal_path ? NULL : journal_default_path();
	const char *path = owned ? owned : se->journal_path;
	struct journal_entry e;
	bool ok;

	if (!se->params || !begin_entry(se, path, &e, err)) {
		if (!se->params)
			b24_error_set(err, B24_EXIT_USAGE, "no_data",
				      "There is nothing to change");
		free(owned);
		return false;
	}
	ok = verify_send_and_read_back(s, se->params, se->changed,
				       options(se)->admin_mode, &se->response,
				       &se->dropped, err);
	se->outcome = ok ? JOURNAL_DONE : journal_outcome_of(err);
	finish_entry(se, path, &e);
	free(owned);
	if (!ok || !se->dropped)
		return false;
	return se->dropped->child ? not_all_took(se, err) : true;
}

bool safe_edit_dismisses(const struct safe_edit *se)
{
	const char *active = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(se->changed, "ACTIVE"));
	/* A custom parameter ACTIVE (checked, so "N" by then) goes in
	 * the same request: it dismisses just the same. */
	const char *param = se->params ? cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(se->params, "ACTIVE")) :
		NULL;

	return (active && strcmp(active, "N") == 0) ||
	       (param && strcmp(param, "N") == 0);
}

bool safe_edit_dismisses_self(const struct safe_edit *se,
			      const char *self_id)
{
	return self_id && strcmp(se->user_id, self_id) == 0 &&
	       safe_edit_dismisses(se);
}

cJSON *safe_edit_item(const struct safe_edit *se)
{
	cJSON *item = cJSON_CreateObject();

	cJSON_AddItemToObject(item, "json", se->response ?
			      cJSON_Duplicate(se->response, true) :
			      cJSON_CreateObject());
	cJSON_AddBoolToObject(item, "verified",
			      se->dropped && !se->dropped->child);
	if (se->dropped && se->dropped->child)
		cJSON_AddItemToObject(item, "dropped",
				      verify_dropped_names(se->dropped));
	return item;
}

void safe_edit_free(struct safe_edit *se)
{
	cJSON_Delete(se->loaded);
	cJSON_Delete(se->now);
	cJSON_Delete(se->changed);
	cJSON_Delete(se->params);
	cJSON_Delete(se->mismatches);
	cJSON_Delete(se->conflicts);
	cJSON_Delete(se->response);
	cJSON_Delete(se->dropped);
	se->loaded = se->now = se->changed = se->params = NULL;
	se->mismatches = se->conflicts = se->response = se->dropped = NULL;
}
