/* Sending through the safe edit: the diff (old -> new, only the changed
 * fields), the question, then the re-read and the write on the request
 * thread (ui-edit-jobs.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "log.h"
#include "ui.h"
#include "xalloc.h"

void send_free(struct console *c)
{
	struct sendedit *e = c->edit;

	if (!e || e->running)
		return;
	safe_edit_free(&e->se);
	opts_release(&e->opt);
	if (e->own_cat)
		fields_catalog_free(e->own_cat);
	free(e->user_id);
	cJSON_Delete(e->expect);
	cJSON_Delete(e->keep);
	secret_free(e->token);
	free(e->head);
	free(e);
	c->edit = NULL;
}

/* The command line's way round an unknown field is an option the
 * console does not have: say what can be done here instead. */
static void console_hint(struct b24_error *err)
{
	if (strcmp(err->code, "unknown_field") != 0 ||
	    !strstr(err->hint, "--allow-unknown-fields"))
		return;
	b24_error_hint(err, "The portal ignores fields it does not list, "
		       "so nothing was sent. Put the field back with Ctrl-_ "
		       "on its row in the Fields form and send the rest; a "
		       "field the portal has just gained is known once the "
		       "console is started again.");
}

/* The changed fields against the user as loaded; false with a message. */
static bool build(struct console *c, struct sendedit *e, bool allow_empty)
{
	struct b24_error err;
	cJSON *changes;

	b24_error_clear(&err);
	changes = fields_view_changes(c, &err);
	if (!changes || !opts_get(c, &e->opt, &e->token, &err)) {
		cJSON_Delete(changes);
		ui_error(c, &err);
		return false;
	}
	e->user_id = xstrdup(c->user_id);
	e->se.user_id = e->user_id;
	e->se.opt = &e->opt;
	e->se.cat = c->cat;
	e->se.loaded = cJSON_Duplicate(c->loaded, true);
	e->se.changed = edit_changed_fields(c->loaded, changes);
	cJSON_Delete(changes);
	if (!e->se.changed->child && !cJSON_GetArraySize(e->opt.params) &&
	    !allow_empty) {
		ui_message(c, true, "Nothing changed yet: edit a field in the "
			   "Fields form first.");
		return false;
	}
	e->se.params = edit_build_update(e->user_id, e->se.changed, &e->opt,
					 e->se.cat, &err);
	if (!e->se.params) {
		console_hint(&err);
		ui_error(c, &err);
	}
	return e->se.params != NULL;
}

static char *diff_head(struct console *c, struct sendedit *e,
		       const char *title)
{
	struct strbuf sb;
	char *d = diff_render(e->se.loaded, e->se.changed, e->se.cat);

	sb_init(&sb);
	sb_printf(&sb, "%s\n%s", title, d);
	e->dismisses_self = safe_edit_dismisses_self(&e->se, c->self_id);
	if (e->dismisses_self)
		sb_printf(&sb, "\nWARNING: user %s is the account these "
			  "credentials act as. Dismissing it locks this "
			  "console and its webhooks out of the portal; make "
			  "sure another administrator can reactivate it. "
			  "Only a capital Y sends it.\n", e->user_id);
	sb_printf(&sb, "\nThe request (secrets masked):\n");
	free(d);
	return sb_steal(&sb);
}

/* Show the diff and ask; the request text follows from the worker. */
void send_confirm_edit(struct console *c, const char *title)
{
	struct sendedit *e = c->edit;

	free(e->head);
	e->head = diff_head(c, e, title);
	dlg_text(c, "Send this to the portal?", e->head);
	c->dlg.kind = D_CONFIRM_SEND;
	jobs_describe(c, cJSON_Duplicate(e->se.params, true), false,
		      e->token ? secret_dup(e->token) : NULL);
}

void send_described(struct console *c, const char *request)
{
	struct strbuf sb;
	char *masked;

	if (c->dlg.kind != D_CONFIRM_SEND || !c->edit || !c->edit->head)
		return;
	/* Custom parameters named like credentials are secrets too. */
	masked = redact_text(request);
	sb_init(&sb);
	sb_printf(&sb, "%s%s", c->edit->head, masked);
	free(masked);
	free(c->dlg.text);
	c->dlg.text = sb_steal(&sb);
}

static bool idle_edit(struct console *c)
{
	if (!c->edit)
		return true;
	ui_message(c, true, "A change to user %s is still on its way.",
		   c->edit->user_id ? c->edit->user_id : "?");
	return false;
}

void send_preview(struct console *c, bool as_curl)
{
	struct sendedit *e;
	char title[96];

	if (!c->loaded || !c->user_id) {
		ui_message(c, true, "Load a user first: User form (F6), then "
			   "F2.");
		return;
	}
	if (!idle_edit(c) || (!as_curl && !guard_gate(c, A_SEND)))
		return;
	e = c->edit = xcalloc(1, sizeof(*e));
	if (!build(c, e, as_curl)) {
		send_free(c);
		return;
	}
	if (as_curl) {
		jobs_describe(c, cJSON_Duplicate(e->se.params, true), true,
			      e->token ? secret_dup(e->token) : NULL);
		send_free(c);
		return;
	}
	/* The arrow the diff's lines use, where the terminal shows it. */
	snprintf(title, sizeof(title), "Changes to user %s (old %s new):",
		 e->user_id, c->utf8 ? "\u2192" : "->");
	send_confirm_edit(c, title);
}

void send_confirmed(struct console *c)
{
	if (c->edit && !c->edit->running)
		edit_jobs_commit(c);
}

void send_cancel(struct console *c)
{
	bool undo = c->edit && c->edit->se.undo_of;

	send_free(c);
	/* The log pane showed the read that prepared it: close it. */
	if (undo)
		log_pane_add(&c->log, "   undo declined: nothing was sent.");
	ui_message(c, false, undo ? "Not undone; nothing was sent." :
		   "Not sent. Your changes are still in the Fields form.");
}

void send_undo(struct console *c)
{
	if (idle_edit(c) && guard_gate(c, A_UNDO))
		edit_jobs_undo(c);
}
