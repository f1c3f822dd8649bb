/* A conflict: fields being changed moved on the portal after the user was
 * loaded.  For each the person sends theirs, keeps the portal's value, or
 * stops; then the edit is re-read and sent again. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "ui.h"
#include "xalloc.h"

static const char *label_of(const struct sendedit *e, const char *code)
{
	const struct field_def *d = e->se.cat ? fields_find(e->se.cat, code)
					      : NULL;

	return d && d->label ? d->label : code;
}

static void value_line(struct strbuf *sb, const char *what, const cJSON *f,
		       const char *key)
{
	char *v = diff_value_text(cJSON_GetObjectItemCaseSensitive(f, key));

	sb_printf(sb, "    %-18s %s\n", what, v);
	free(v);
}

static void render(struct console *c)
{
	struct sendedit *e = c->edit;
	const cJSON *it;
	int i = 0;
	struct strbuf sb;

	sb_init(&sb);
	sb_printf(&sb, "User %s was changed on the portal after you loaded "
		  "it. Nothing has been sent yet.\n\n", e->user_id);
	cJSON_ArrayForEach(it, e->se.conflicts) {
		sb_printf(&sb, "%s %s (%s)\n", i == e->asking ? ">" : " ",
			  label_of(e, it->string), it->string);
		value_line(&sb, "loaded:", it, "loaded");
		value_line(&sb, "now on the portal:", it, "now");
		value_line(&sb, "yours:", it, "yours");
		i++;
	}
	it = cJSON_GetArrayItem(e->se.conflicts, e->asking);
	sb_printf(&sb, "\n%s: y send mine, k keep theirs, s stop",
		  it ? it->string : "?");
	free(c->dlg.text);
	c->dlg.text = sb_steal(&sb);
}

void conflict_open(struct console *c)
{
	struct sendedit *e = c->edit;

	e->asking = 0;
	e->mine = false;
	cJSON_Delete(e->keep);
	e->keep = cJSON_CreateArray();
	dlg_text(c, "Conflict: the user changed on the portal", "");
	c->dlg.kind = D_CONFLICT;
	render(c);
}

static void stop(struct console *c, const char *why)
{
	dlg_close(c);
	send_free(c);
	log_pane_add(&c->log, why);
	ui_message(c, true, "%s", why);
}

/* Every field decided: the portal's user becomes the form's baseline
 * (the kept fields show its values, the others keep what was typed), the
 * kept ones are dropped from the edit, and the rest is sent again
 * (re-read first). */
static void apply(struct console *c)
{
	struct sendedit *e = c->edit;
	struct b24_error err;
	const cJSON *it;
	bool ok = true;

	b24_error_clear(&err);
	/* An undo's values come from the journal, not from the form. */
	if (e->se.now && !e->se.undo_of && c->user_id &&
	    strcmp(c->user_id, e->user_id) == 0)
		fields_view_rebase(c, e->se.now, e->keep);
	cJSON_ArrayForEach(it, e->keep)
		if (ok)
			ok = safe_edit_drop_field(&e->se, it->valuestring,
						  &err);
	if (ok && e->mine)
		ok = safe_edit_accept_now(&e->se, &err);
	if (!ok) {
		stop(c, strcmp(err.code, "nothing_left") == 0 ?
		     "Kept the portal's values: the Fields form shows them "
		     "now, and nothing is left to send." : err.message);
		return;
	}
	e->settled = true;
	dlg_close(c);
	edit_jobs_commit(c);
}

static void next(struct console *c, bool mine)
{
	struct sendedit *e = c->edit;
	const cJSON *it = cJSON_GetArrayItem(e->se.conflicts, e->asking);

	if (mine)
		e->mine = true;
	else if (it)
		cJSON_AddItemToArray(e->keep, cJSON_CreateString(it->string));
	if (++e->asking < cJSON_GetArraySize(e->se.conflicts))
		render(c);
	else
		apply(c);
}

bool conflict_key(struct console *c, const struct keyev *ev)
{
	wint_t ch = ev->is_key ? 0 : ev->ch;

	if (!c->edit) {
		dlg_close(c);
	} else if (ch == 'y' || ch == 'Y') {
		next(c, true);
	} else if (ch == 'k' || ch == 'K') {
		next(c, false);
	} else if (ch == 's' || ch == 'S' || ch == 'n' || ch == 'N' ||
		   ev->act == A_CANCEL) {
		stop(c, "Stopped after a conflict; nothing was sent. Your "
		     "changes are still in the Fields form.");
	} else if (ev->is_key && ev->key == KEY_DOWN) {
		c->dlg.top++;
	} else if (ev->is_key && ev->key == KEY_UP && c->dlg.top > 0) {
		c->dlg.top--;
	}
	return true;
}
