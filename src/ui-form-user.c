/* The User form: a user ID (checked as it is typed) or a name, e-mail or
 * phone (the pick list, ui-pick.c), and loading the user (user.get, with
 * ADMIN_MODE when admin mode is on). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonutil.h"
#include "ui.h"
#include "xalloc.h"

enum { U_ID, U_LOAD, U_COUNT };

static bool digits(const char *t)
{
	return strspn(t, "0123456789") == strlen(t);
}

/* The field's text without the blanks around an ID. */
static char *id_text(const struct widget *w)
{
	return edit_trim_id(le_get(&w->ed));
}

static void check_id(struct console *c, struct widget *w)
{
	char *t = id_text(w);
	struct b24_error err;

	b24_error_clear(&err);
	w->bad = *t && digits(t) && !edit_check_user_id(t, &err);
	if (*t && !digits(t))
		snprintf(w->note, sizeof(w->note), "A name, e-mail or phone: "
			 "matches show in a moment (F2: now).");
	else if (w->bad)
		snprintf(w->note, sizeof(w->note), "%s", err.message);
	else
		w->note[0] = 0;
	free(t);
}

static void user_changed(struct console *c, struct form *f, int idx)
{
	char *t;

	if (idx != U_ID)
		return;
	check_id(c, &f->w[U_ID]);
	t = id_text(&f->w[U_ID]);
	pick_typed(c, t);
	free(t);
}

void user_init(struct console *c)
{
	struct form *f = &c->user;

	f->n = U_COUNT;
	f->w = xcalloc(U_COUNT, sizeof(struct widget));
	f->w[U_ID].kind = W_TEXT;
	f->w[U_ID].label = "User ID or name";
	le_init(&f->w[U_ID].ed, false);
	f->w[U_LOAD].kind = W_BUTTON;
	f->w[U_LOAD].label = "Load user (F2)";
	f->w[U_LOAD].act = A_LOAD;
	le_init(&f->w[U_LOAD].ed, false);
	f->changed = user_changed;
}

void user_set_id(struct console *c, const char *id)
{
	le_set(&c->user.w[U_ID].ed, id);
	check_id(c, &c->user.w[U_ID]);
}

/* Loading the user being edited again would replace unsent edits with
 * the portal's values: ask first, as quitting does. */
static bool drops_edits(struct console *c, const char *id)
{
	char text[300];

	if (!fields_view_dirty(c) || !c->user_id ||
	    strcmp(c->user_id, id) != 0)
		return false;
	snprintf(text, sizeof(text), "User %s has unsent changes. Reloading "
		 "shows the portal's values and drops them.", id);
	dlg_text(c, "Reload and drop the changes?", text);
	c->dlg.kind = D_DISCARD;
	return true;
}

static void load(struct console *c, bool ask)
{
	char *id = id_text(&c->user.w[U_ID]);
	struct b24_error err;
	struct update_options o;
	struct secret *token = NULL;

	b24_error_clear(&err);
	if (*id && !digits(id)) {
		pick_now(c, id);
		free(id);
		return;
	}
	if (!edit_check_user_id(id, &err)) {
		if (!*id)
			ui_message(c, true, "Type the user's ID, name, e-mail "
				   "or phone in the User form first.");
		else
			ui_error(c, &err);
		ui_set_view(c, V_USER);
		free(id);
		return;
	}
	if (fields_view_dirty(c) && c->user_id &&
	    strcmp(c->user_id, id) != 0) {
		ui_message(c, true, "User %s has unsent changes: send them "
			   "(F5), or drop them by loading user %s again (F2), "
			   "before loading another user.", c->user_id,
			   c->user_id);
		free(id);
		return;
	}
	if (ask && drops_edits(c, id)) {
		free(id);
		return;
	}
	memset(&o, 0, sizeof(o));
	/* The one-off token reads what it will write (F5 uses it too). */
	opts_get(c, &o, &token, &err);
	jobs_load(c, id, o.admin_mode, token);
	opts_release(&o);
	free(id);
}

void user_load(struct console *c)
{
	load(c, true);
}

void user_reload(struct console *c)
{
	load(c, false);
}

static void ensure_catalog(struct console *c)
{
	struct b24_error err;

	if (c->cat)
		return;
	b24_error_clear(&err);
	c->cat = fields_catalog_load(&err);
	if (!c->cat)
		ui_error(c, &err);
}

void user_loaded(struct console *c, const char *id, cJSON *user)
{
	const char *first = json_get_string(user, "NAME");
	const char *last = json_get_string(user, "LAST_NAME");

	ensure_catalog(c);
	free(c->user_id);
	c->user_id = xstrdup(id);
	cJSON_Delete(c->loaded);
	c->loaded = user;
	fields_view_build(c);
	if (c->recovered) {
		fields_view_apply(c, c->recovered);
		cJSON_Delete(c->recovered);
		c->recovered = NULL;
		fields_view_focus_changed(c);
		ui_message(c, false, "Restored the unsent changes for user "
			   "%s: check them and send with F5.", id);
	} else if (!c->quiet_load) {
		ui_message(c, false, "Loaded user %s: %s %s. Edit the fields, "
			   "then F5 sends.", id, first ? first : "",
			   last ? last : "");
	}
	/* The raw JSON view shows this user, never the one before. */
	if (c->fv.json)
		json_view_fill(c);
	/* A reload after a send leaves the person where they went (the
	 * log pane, often); a load they asked for shows the fields. */
	if (!c->quiet_load)
		ui_set_view(c, V_FIELDS);
	c->quiet_load = false;
}
