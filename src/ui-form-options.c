/* The Options form: admin mode, custom parameters (key/value list),
 * filter and order as JSON (checked as typed), a one-off access token. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonutil.h"
#include "log.h"
#include "ui.h"
#include "xalloc.h"

#define PAIRS 4

enum {
	O_ADMIN, O_KEY0, O_FILTER = O_KEY0 + 2 * PAIRS, O_ORDER, O_TOKEN,
	O_COUNT
};

static const char *const pair_labels[2 * PAIRS] = {
	"Parameter 1 name", "Parameter 1 value", "Parameter 2 name",
	"Parameter 2 value", "Parameter 3 name", "Parameter 3 value",
	"Parameter 4 name", "Parameter 4 value" };

/* Filter and Order must be JSON objects; say where they are wrong. */
static cJSON *json_field(struct console *c, int i, const char *what,
			 struct b24_error *err)
{
	char *t = form_text(&c->opts, i);
	cJSON *o = NULL;

	if (*t) {
		o = json_parse_text(t, strlen(t), what, err);
		if (o && !cJSON_IsObject(o)) {
			b24_error_set(err, B24_EXIT_USAGE, "invalid_json",
				      "%s must be a JSON object such as "
				      "{\"ID\": \"ASC\"}.", what);
			cJSON_Delete(o);
			o = NULL;
		}
	}
	free(t);
	return o;
}

static void check_json(struct console *c, int i)
{
	struct widget *w = &c->opts.w[i];
	struct b24_error err;
	cJSON *o;

	b24_error_clear(&err);
	o = json_field(c, i, i == O_FILTER ? "Filter" : "Order", &err);
	w->bad = !o && err.message[0];
	snprintf(w->note, sizeof(w->note), "%s", w->bad ? err.message : "");
	cJSON_Delete(o);
}

/* A parameter named like a credential carries a secret: its value is
 * masked on screen and in the log, like the access token. */
static bool secret_name(const char *name)
{
	static const char *const words[] = { "auth", "token", "secret",
					     "pass", "key", "sess", NULL };

	for (int i = 0; words[i]; i++)
		if (strcasestr(name, words[i]))
			return true;
	return false;
}

static void mask_value(struct console *c, int name_idx)
{
	char *k = form_text(&c->opts, name_idx);

	c->opts.w[name_idx + 1].ed.masked = secret_name(k);
	c->opts.w[name_idx + 1].kind = secret_name(k) ? W_SECRET : W_TEXT;
	free(k);
}

static void opts_changed(struct console *c, struct form *f, int idx)
{
	if (idx == O_FILTER || idx == O_ORDER)
		check_json(c, idx);
	else if (idx >= O_KEY0 && idx < O_FILTER && (idx - O_KEY0) % 2 == 0)
		mask_value(c, idx);
}

void opts_init(struct console *c)
{
	struct form *f = &c->opts;

	f->n = O_COUNT;
	f->w = xcalloc(O_COUNT, sizeof(struct widget));
	for (int i = 0; i < O_COUNT; i++) {
		f->w[i].kind = W_TEXT;
		le_init(&f->w[i].ed, i == O_TOKEN);
	}
	f->w[O_ADMIN].kind = W_CHECK;
	f->w[O_ADMIN].label = "Admin mode";
	for (int i = 0; i < 2 * PAIRS; i++)
		f->w[O_KEY0 + i].label = pair_labels[i];
	f->w[O_FILTER].label = "Filter (JSON)";
	f->w[O_ORDER].label = "Order (JSON)";
	f->w[O_TOKEN].kind = W_SECRET;
	f->w[O_TOKEN].label = "One-off access token";
	/* One edit, one identity: the reads before a write use it too. */
	snprintf(f->w[O_TOKEN].note, sizeof(f->w[O_TOKEN].note), "%s",
		 "Load, search, Send, undo and bulk use it; not saved.");
	f->changed = opts_changed;
}

/* A value that parses as JSON (number, object ...) is sent as such. */
static cJSON *param_value(const char *text)
{
	struct b24_error err;
	cJSON *v;

	b24_error_clear(&err);
	v = *text && strchr("{[0123456789-tfn\"", text[0]) ?
	    json_parse_text(text, strlen(text), "value", &err) : NULL;
	return v ? v : cJSON_CreateString(text);
}

static cJSON *params(struct console *c)
{
	cJSON *o = NULL;

	for (int i = 0; i < PAIRS; i++) {
		char *k = form_text(&c->opts, O_KEY0 + 2 * i);
		char *v = form_text(&c->opts, O_KEY0 + 2 * i + 1);

		if (*k && *v && secret_name(k))
			log_add_secret(v);
		if (*k) {
			if (!o)
				o = cJSON_CreateObject();
			cJSON_DeleteItemFromObjectCaseSensitive(o, k);
			cJSON_AddItemToObject(o, k, param_value(v));
		}
		free(k);
		free(v);
	}
	return o;
}

static struct secret *token(struct console *c)
{
	char *t = form_text(&c->opts, O_TOKEN);
	struct secret *s = NULL;

	if (*t) {
		s = secret_new(t);
		log_add_secret(t);
	}
	secret_wipe(t, strlen(t));
	free(t);
	return s;
}

/* Filter and Order go with every request, writes too: a broken one
 * stops the request, and the person is told where to mend it. */
static bool bad_option(struct b24_error *err)
{
	b24_error_hint(err, "Nothing was sent. Fix it in the Options form, "
		       "or empty it there if this request needs none.");
	return false;
}

bool opts_get(struct console *c, struct update_options *o,
	      struct secret **tok, struct b24_error *err)
{
	memset(o, 0, sizeof(*o));
	o->admin_mode = c->opts.w[O_ADMIN].checked;
	o->params = params(c);
	/* The token first: a load still reads with it when Filter is
	 * broken (a load does not use Filter). */
	if (tok)
		*tok = token(c);
	o->filter = json_field(c, O_FILTER, "Filter", err);
	if (!o->filter && err->message[0])
		return bad_option(err);
	o->order = json_field(c, O_ORDER, "Order", err);
	if (!o->order && err->message[0])
		return bad_option(err);
	return true;
}

void opts_release(struct update_options *o)
{
	cJSON_Delete(o->params);
	cJSON_Delete(o->filter);
	cJSON_Delete(o->order);
	memset(o, 0, sizeof(*o));
}
