/* Sending: show exactly what will be sent (only the changed fields,
 * secrets masked), ask, then send on the request thread. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui.h"
#include "xalloc.h"

/* The user.update parameters for the changes; NULL with a message. */
static cJSON *build(struct console *c, bool allow_empty)
{
	struct b24_error err;
	struct update_options o;
	cJSON *changes, *params = NULL;

	b24_error_clear(&err);
	if (!c->loaded || !c->user_id) {
		ui_message(c, true, "Load a user first: User form (F6), then "
			   "F2.");
		return NULL;
	}
	changes = fields_view_changes(c, &err);
	if (!changes) {
		ui_error(c, &err);
		return NULL;
	}
	if (!changes->child && !allow_empty) {
		ui_message(c, true, "Nothing changed yet: edit a field in the "
			   "Fields form first.");
		cJSON_Delete(changes);
		return NULL;
	}
	if (opts_get(c, &o, NULL, &err))
		params = edit_build_update(c->user_id, changes, &o, c->cat,
					   &err);
	if (!params)
		ui_error(c, &err);
	opts_release(&o);
	cJSON_Delete(changes);
	return params;
}

static struct secret *one_off_token(struct console *c)
{
	struct update_options o;
	struct secret *tok = NULL;
	struct b24_error err;

	b24_error_clear(&err);
	opts_get(c, &o, &tok, &err);
	opts_release(&o);
	return tok;
}

void send_preview(struct console *c, bool as_curl)
{
	cJSON *params;

	if (!as_curl && c->prof.read_only) {
		ui_message(c, true, "Profile \"%s\" is read-only: nothing is "
			   "sent from it.", c->prof.name);
		return;
	}
	params = build(c, as_curl);
	if (!params)
		return;
	if (as_curl) {
		jobs_describe(c, params, true, one_off_token(c));
		return;
	}
	dlg_text(c, "Send this to the portal?", "Preparing the request ...");
	c->dlg.kind = D_CONFIRM_SEND;
	c->dlg.params = params;
	jobs_describe(c, cJSON_Duplicate(params, 1), false, one_off_token(c));
}

void send_confirmed(struct console *c)
{
	cJSON *params = c->dlg.params;

	c->dlg.params = NULL;
	if (params)
		jobs_send(c, params, one_off_token(c));
}

void send_cancel(struct console *c)
{
	ui_message(c, false, "Not sent. Your changes are still in the "
		   "Fields form.");
}
