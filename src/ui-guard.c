/* The production guard in the console: a read-only profile asks for its
 * portal's host name before the first write (the unlock lasts for the
 * session and is journalled), and the header shows the profile's name
 * and colour, or its text marker where there is no colour. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guard.h"
#include "profile-show.h"
#include "ui.h"
#include "xalloc.h"

/* Colour pairs 8..15 are the profile colours as backgrounds. */
#define PAIR_PROFILE 8

bool guard_gate(struct console *c, enum action then)
{
	struct b24_error err;
	char text[600];

	b24_error_clear(&err);
	if (c->unlocked || guard_check_write(&c->prof, NULL, &err))
		return true;
	snprintf(text, sizeof(text), "Profile \"%s\" is read-only: nothing is "
		 "written to its portal until you unlock it for this "
		 "session.\n\nTo unlock, type the portal's host name (as in "
		 "the header) and press Enter. The unlock is recorded in the "
		 "journal.", c->prof.name ? c->prof.name : "");
	dlg_text(c, "Read-only profile", text);
	c->dlg.kind = D_UNLOCK;
	c->after_unlock = then;
	return false;
}

static void note(struct console *c, bool error, const char *text)
{
	log_pane_add(&c->log, text);
	ui_message(c, error, "%s", text);
}

/* Said for the console: the guard's own words name --allow-write. */
static void not_unlocked(struct console *c, const char *typed)
{
	char *host = guard_host(&c->prof);
	char text[1200];

	snprintf(text, sizeof(text), "Not unlocked: you typed \"%.200s\", "
		 "but profile \"%s\" is for %s. Type that host (as in the "
		 "header), or Esc to leave the profile locked.", typed,
		 c->prof.name ? c->prof.name : "(none)",
		 host ? host : "no portal at all");
	free(host);
	le_set(&c->dlg.input, "");
	note(c, true, text);
}

static void unlock(struct console *c)
{
	char *typed = le_get(&c->dlg.input);
	struct b24_error err;
	char text[1200];
	bool ok;

	b24_error_clear(&err);
	ok = *typed && guard_check_write(&c->prof, typed, &err);
	if (!ok)
		not_unlocked(c, typed);
	free(typed);
	if (!ok)
		return;
	dlg_close(c);
	if (!guard_record_unlock(&c->prof, "console", NULL, &err)) {
		ui_error(c, &err);
		return;
	}
	c->unlocked = true;
	snprintf(text, sizeof(text), "Profile \"%s\" is unlocked for writing "
		 "for this session (recorded in the journal).", c->prof.name);
	note(c, false, text);
	ui_run_action(c, c->after_unlock);
}

bool guard_key(struct console *c, const struct keyev *ev)
{
	bool handled;

	if (ev->act == A_CANCEL) {
		dlg_close(c);
		ui_message(c, false, "Still read-only; nothing was sent.");
	} else if (!ev->is_key && (ev->ch == '\r' || ev->ch == '\n')) {
		unlock(c);
	} else {
		le_key(&c->dlg.input, ev->is_key ? ev->key : 0, ev->ch,
		       &handled);
	}
	return true;
}

/* --allow-write HOST on the command line unlocks from the start. */
void guard_start(struct console *c)
{
	struct b24_error err;
	const char *host = c->args->allow_write;

	if (!host)
		return;
	b24_error_clear(&err);
	if (guard_allow_write(&c->prof, host, "--allow-write", NULL, &err)) {
		c->unlocked = c->prof.read_only;
		if (c->unlocked)
			log_pane_add(&c->log, "--allow-write: the read-only "
				     "profile is unlocked for this session "
				     "(recorded in the journal).");
		return;
	}
	log_pane_add(&c->log, err.message);
	ui_error(c, &err);
}

int guard_draw_marker(const struct console *c, int y, int x)
{
	char *m = profile_marker(&c->prof, c->unlocked);
	int idx = profile_color_index(c->prof.color);
	attr_t old;
	short pair;
	int w;

	attr_get(&old, &pair, NULL);
	if (c->color && idx >= 0)
		attrset(COLOR_PAIR(PAIR_PROFILE + idx) | A_BOLD);
	else
		attrset(old | A_BOLD);
	w = ui_put_text(y, x, m, c->cols - x - 1);
	attr_set(old, pair, NULL);
	free(m);
	return w;
}
