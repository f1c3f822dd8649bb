/* The Fields form: every editable field with label and code, current and
 * new value, changes marked, values checked as they are typed. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonutil.h"
#include "ui.h"
#include "xalloc.h"

static const char *row_code(const struct frow *r)
{
	return r->def ? r->def->code : r->code;
}

static enum field_type row_type(const struct frow *r)
{
	return r->def ? r->def->type : FIELD_STRING;
}

/* A loaded value as the text the person edits. */
static char *value_text(enum field_type t, const cJSON *v)
{
	struct strbuf sb;

	if (!v || cJSON_IsNull(v))
		return xstrdup("");
	if (cJSON_IsBool(v))
		return xstrdup(cJSON_IsTrue(v) ? "yes" : "no");
	if (t == FIELD_YESNO && cJSON_IsString(v))
		return xstrdup(strcmp(v->valuestring, "N") == 0 ? "no" :
			       strcmp(v->valuestring, "Y") == 0 ? "yes" :
			       v->valuestring);
	if (!cJSON_IsArray(v) && !cJSON_IsObject(v))
		return json_scalar_text(v);
	if (cJSON_IsObject(v))
		return json_compact(v);
	sb_init(&sb);
	for (const cJSON *e = v->child; e; e = e->next) {
		char *s = json_scalar_text(e);

		sb_printf(&sb, "%s%s", sb.len ? ", " : "", s ? s : "");
		free(s);
	}
	return sb_steal(&sb);
}

static cJSON *id_list(const char *text)
{
	cJSON *a = cJSON_CreateArray();
	char *copy = xstrdup(text), *save = NULL;

	for (char *t = strtok_r(copy, ", ", &save); t;
	     t = strtok_r(NULL, ", ", &save)) {
		char *end;
		long n = strtol(t, &end, 10);

		cJSON_AddItemToArray(a, *end ? cJSON_CreateString(t) :
				     cJSON_CreateNumber((double)n));
	}
	free(copy);
	return a;
}

/* The edited text as the JSON value to send. */
static cJSON *text_value(enum field_type t, const char *text)
{
	if (t == FIELD_YESNO) {
		if (!strcasecmp(text, "yes") || !strcasecmp(text, "y"))
			return cJSON_CreateString("Y");
		if (!strcasecmp(text, "no") || !strcasecmp(text, "n"))
			return cJSON_CreateString("N");
	}
	if (t == FIELD_ID_LIST)
		return id_list(text);
	return cJSON_CreateString(text);
}

static bool row_changed(const struct frow *r)
{
	char *t = le_get(&r->ed);
	bool ch = strcmp(t, r->cur) != 0;

	free(t);
	return ch;
}

void fields_row_validate(struct frow *r)
{
	char *t = le_get(&r->ed);
	cJSON *v = text_value(row_type(r), t);
	struct b24_error err;

	b24_error_clear(&err);
	r->bad = r->def && strcmp(t, r->cur) != 0 &&
		 !fields_check_value(r->def, v, &err);
	snprintf(r->note, sizeof(r->note), "%s", r->bad ? err.message : "");
	cJSON_Delete(v);
	free(t);
}

static void add_row(struct fieldsview *fv, const struct field_def *def,
		    const char *code, const cJSON *v)
{
	struct frow *r;

	fv->r = xrealloc(fv->r, (fv->n + 1) * sizeof(*fv->r));
	r = &fv->r[fv->n++];
	memset(r, 0, sizeof(*r));
	r->def = def;
	r->code = def ? NULL : xstrdup(code);
	r->cur = value_text(def ? def->type : FIELD_STRING, v);
	le_init(&r->ed, false);
	le_set(&r->ed, r->cur);
}

static bool editable(const struct field_def *d)
{
	return d->type != FIELD_READONLY && d->type != FIELD_FILE;
}

void fields_view_build(struct console *c)
{
	struct fieldsview *fv = &c->fv;
	size_t n = c->cat ? fields_count(c->cat) : 0;

	fields_view_free(fv);
	for (size_t i = 0; i < n; i++) {
		const struct field_def *d = fields_at(c->cat, i);

		if (editable(d))
			add_row(fv, d, d->code, json_get(c->loaded, d->code));
	}
	/* Fields the catalogue does not know (custom ones) still show. */
	for (const cJSON *m = c->loaded ? c->loaded->child : NULL; m;
	     m = m->next)
		if (m->string && strcmp(m->string, "ID") != 0 &&
		    (!c->cat || !fields_find(c->cat, m->string)) &&
		    (!c->cat || strncmp(m->string, "UF_", 3) == 0) &&
		    !cJSON_IsObject(m))
			add_row(fv, NULL, m->string, m);
}

void fields_view_free(struct fieldsview *fv)
{
	for (size_t i = 0; i < fv->n; i++) {
		free(fv->r[i].code);
		free(fv->r[i].cur);
		le_free(&fv->r[i].ed);
	}
	free(fv->r);
	fv->r = NULL;
	fv->n = fv->focus = fv->top = 0;
}

bool fields_view_dirty(const struct console *c)
{
	if (c->json.bad)
		return true;
	for (size_t i = 0; i < c->fv.n; i++)
		if (row_changed(&c->fv.r[i]))
			return true;
	return false;
}

cJSON *fields_view_edited(struct console *c)
{
	cJSON *o = c->loaded ? cJSON_Duplicate(c->loaded, 1) :
		   cJSON_CreateObject();

	for (size_t i = 0; i < c->fv.n; i++) {
		struct frow *r = &c->fv.r[i];
		char *t;

		if (!row_changed(r))
			continue;
		/* In place, so the JSON view keeps the portal's order. */
		t = le_get(&r->ed);
		if (json_get(o, row_code(r)))
			cJSON_ReplaceItemInObjectCaseSensitive(o, row_code(r),
					text_value(row_type(r), t));
		else
			cJSON_AddItemToObject(o, row_code(r),
					      text_value(row_type(r), t));
		free(t);
	}
	return o;
}

cJSON *fields_view_changes(struct console *c, struct b24_error *err)
{
	cJSON *o;

	if (c->json.bad) {
		b24_error_set(err, B24_EXIT_USAGE, "invalid_json", "The raw "
			      "JSON view has an edit that is not valid JSON "
			      "(%s).", c->json.note);
		b24_error_hint(err, "Fix it in the JSON view (F3), or leave "
			       "the view with F3 twice to discard it.");
		return NULL;
	}
	o = cJSON_CreateObject();
	for (size_t i = 0; i < c->fv.n; i++) {
		struct frow *r = &c->fv.r[i];
		char *t;

		if (!row_changed(r))
			continue;
		if (r->bad) {
			/* The check's message names the field already. */
			b24_error_set(err, B24_EXIT_USAGE, "invalid_value",
				      "%s", r->note);
			b24_error_hint(err, "Correct the value marked ! in "
				       "the Fields form, then send again.");
			cJSON_Delete(o);
			return NULL;
		}
		t = le_get(&r->ed);
		cJSON_AddItemToObject(o, row_code(r),
				      text_value(row_type(r), t));
		free(t);
	}
	return o;
}

void fields_view_apply(struct console *c, const cJSON *obj)
{
	for (size_t i = 0; i < c->fv.n; i++) {
		struct frow *r = &c->fv.r[i];
		const cJSON *v = json_get(obj, row_code(r));
		char *t;

		if (!v)
			continue;
		t = value_text(row_type(r), v);
		le_set(&r->ed, t);
		free(t);
		fields_row_validate(r);
	}
}

void fields_view_focus_changed(struct console *c)
{
	for (size_t i = 0; i < c->fv.n; i++)
		if (row_changed(&c->fv.r[i])) {
			c->fv.focus = i;
			return;
		}
}

static bool named(const cJSON *list, const char *code)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, list)
		if (cJSON_IsString(it) && strcmp(it->valuestring, code) == 0)
			return true;
	return false;
}

void fields_view_rebase(struct console *c, const cJSON *now,
			const cJSON *keep)
{
	for (size_t i = 0; i < c->fv.n; i++) {
		struct frow *r = &c->fv.r[i];
		char *was = r->cur;
		bool typed = row_changed(r);

		r->cur = value_text(row_type(r), json_get(now, row_code(r)));
		if (!typed || named(keep, row_code(r)))
			le_set(&r->ed, r->cur);
		free(was);
		fields_row_validate(r);
	}
	cJSON_Delete(c->loaded);
	c->loaded = cJSON_Duplicate(now, 1);
	if (c->fv.json)
		json_view_fill(c);
}

static const char *row_label(const struct frow *r)
{
	return r->def && r->def->label ? r->def->label : row_code(r);
}

void fields_view_revert(struct console *c)
{
	struct frow *r;

	if (!c->fv.n) {
		ui_message(c, true, "No user is loaded: there is no field to "
			   "put back.");
		return;
	}
	if (c->fv.json) {
		ui_message(c, true, "Ctrl-_ puts back one field of the "
			   "fields view: leave the JSON view with F3 first.");
		return;
	}
	r = &c->fv.r[c->fv.focus];
	if (!row_changed(r)) {
		ui_message(c, false, "%s (%s) is unchanged: nothing to put "
			   "back.", row_label(r), row_code(r));
		return;
	}
	le_set(&r->ed, r->cur);
	fields_row_validate(r);
	ui_message(c, false, "%s (%s) is back to its loaded value.",
		   row_label(r), row_code(r));
}

/* After a successful send the new values are the current ones. */
void fields_view_commit(struct console *c)
{
	cJSON *edited = fields_view_edited(c);

	cJSON_Delete(c->loaded);
	c->loaded = edited;
	for (size_t i = 0; i < c->fv.n; i++) {
		struct frow *r = &c->fv.r[i];

		free(r->cur);
		r->cur = le_get(&r->ed);
		r->bad = false;
		r->note[0] = 0;
	}
}

/* The changed fields as typed (even invalid ones), for the recovery
 * file; NULL when nothing changed. */
cJSON *fields_view_texts(struct console *c)
{
	cJSON *o = NULL;
	char *t;

	for (size_t i = 0; i < c->fv.n; i++) {
		struct frow *r = &c->fv.r[i];

		if (!row_changed(r))
			continue;
		if (!o)
			o = cJSON_CreateObject();
		t = le_get(&r->ed);
		cJSON_AddItemToObject(o, row_code(r), cJSON_CreateString(t));
		free(t);
	}
	return o;
}
