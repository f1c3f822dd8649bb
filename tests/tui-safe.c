/*
 * Console scenarios for safe edits, the production guard, the profile
 * marker and switching, and masked parameters, against the fake portal
 * that tests/tui-run.sh started (TUI_READONLY=1: a read-only, red
 * profile; TUI_SECOND=1: a second profile, prod).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui-steps.h"

/* Change WORK_POSITION of the loaded user in the Fields form. */
static void set_position(struct tui *t, const char *text)
{
	focus_field(t, "WORK_POSITION");
	tui_send(t, CTRL_U, 1);
	tui_type(t, text);
	tui_wait_idle(t, T_WAIT);
}

static bool position_is(const char *id, const char *want)
{
	char q[64], w[160];

	snprintf(q, sizeof(q), "{\"id\": \"%s\"}", id);
	snprintf(w, sizeof(w), "\"WORK_POSITION\": \"%s\"", want);
	return portal_has("/_control/user", q, w);
}

/* F5, then Enter on the diff. */
static bool send_edit(struct tui *t)
{
	tui_fkey(t, 5);
	if (!tui_wait_text(t, "Send this", T_WAIT))
		return false;
	tui_send(t, ENTER, 1);
	return true;
}

static bool conflict_shown(struct tui *t)
{
	return tui_wait_text(t, "Conflict: the user changed", T_WAIT) &&
	       tui_has(t, "now on the portal: CFO") &&
	       tui_has(t, "loaded:            Account executive") &&
	       tui_has(t, "yours:             Night shift");
}

/* Someone changes the user between load and send: each choice. */
int scen_conflict(void)
{
	struct tui *t = start(30, 100, NULL);
	int batches;

	connected(t);
	load_user(t, "6");
	set_position(t, "Night shift");
	free(portal("/_control/user", "{\"ID\": \"6\", "
		    "\"WORK_POSITION\": \"CFO\"}"));
	batches = requests("batch");
	tui_fkey(t, 5);
	check(t, tui_wait_text(t, "Account executive → Night shift",
			       T_WAIT) && tui_has(t, "user 6 (old → new):"),
	      "F5 shows old → new for the field, the title's arrow too");
	tui_send(t, ENTER, 1);
	check(t, conflict_shown(t), "a conflict shows loaded, now and yours");
	tui_type(t, "s");
	check(t, tui_wait_text(t, "Stopped after a conflict", T_WAIT) &&
	      requests("batch") == batches && position_is("6", "CFO"),
	      "stop: nothing is sent");
	send_edit(t);
	conflict_shown(t);
	tui_type(t, "k");
	check(t, tui_wait_text(t, "nothing is left to send", T_WAIT) &&
	      requests("batch") == batches && position_is("6", "CFO"),
	      "keep theirs: the portal's value stays, nothing sent");
	/* The form now holds the portal's CFO: start over from the
	 * loaded value for the last choice. */
	free(portal("/_control/user", "{\"ID\": \"6\", "
		    "\"WORK_POSITION\": \"Account executive\"}"));
	tui_fkey(t, 2);
	tui_wait_text(t, "Loaded user 6", T_WAIT);
	set_position(t, "Night shift");
	free(portal("/_control/user", "{\"ID\": \"6\", "
		    "\"WORK_POSITION\": \"CFO\"}"));
	send_edit(t);
	conflict_shown(t);
	tui_type(t, "y");
	check(t, tui_wait_text(t, "every field took", T_WAIT) &&
	      position_is("6", "Night shift"),
	      "send mine: the write goes through after a fresh re-read");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* A non-admin webhook cannot dismiss anyone: the read-back says so. */
int scen_dropped(void)
{
	char hook[600];
	char *env[] = { hook, NULL };
	struct tui *t;
	int gets;

	snprintf(hook, sizeof(hook), "B24USER_WEBHOOK_URL=%s",
		 getenv("WEBHOOK_URL2"));
	setenv("B24USER_WEBHOOK_URL", getenv("WEBHOOK_URL2"), 1);
	t = start(30, 100, env);
	check(t, tui_wait_text(t, "acting as: Tom Becker", T_WAIT),
	      "connected as the account that is not an admin");
	load_user(t, "2");
	focus_field(t, "ACTIVE");
	tui_type(t, "n");
	tui_fkey(t, 5);
	check(t, tui_wait_text(t, "WARNING: user 2 is the account these",
			       T_WAIT), "dismissing one's own account warns");
	/* The log pane is opened while the write (a batch: re-read,
	 * write, read back) is held: the reload after the send must
	 * leave the person there. */
	free(portal("/_control/fault", "{\"fault\": \"hold\", "
		    "\"method\": \"batch\"}"));
	tui_send(t, ENTER, 1);
	check(t, tui_wait_text(t, "takes a capital Y", T_WAIT) &&
	      tui_has(t, "Y (capital): dismiss your own account"),
	      "Enter does not dismiss one's own account");
	tui_type(t, "Y");
	free(portal("/_control/held", "{\"wait\": 20}"));
	tui_fkey(t, 8);
	tui_wait_text(t, "Enter folds", T_WAIT);
	gets = requests("user.get");
	free(portal("/_control/release", "{}"));
	check(t, tui_wait_text(t, "not all of it took", T_WAIT),
	      "the message line says not all of the change took");
	/* Entry 8 is the answer to the reload after the send. */
	check(t, wait_requests("user.get", gets, T_WAIT) &&
	      tui_wait_text(t, "Log (8 entries; Up/Down", T_WAIT) &&
	      tui_has(t, "ACTIVE was not changed: only administrators can "
		      "dismiss users"),
	      "the log pane warns which field did not take, and why, and "
	      "stays open through the reload");
	check(t, portal_has("/_control/user", "{\"id\": \"2\"}",
			    "\"ACTIVE\": true"), "the user is still active");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

static char *journal_text(void)
{
	char path[1024], *text = calloc(1, 262144);
	FILE *f;

	snprintf(path, sizeof(path), "%s/b24user/journal.jsonl",
		 getenv("XDG_STATE_HOME"));
	if ((f = fopen(path, "r"))) {
		text[fread(text, 1, 262143, f)] = 0;
		fclose(f);
	}
	return text;
}

/* Undo re-applies the newest journal entry; an undo of the undo too. */
int scen_undo(void)
{
	struct tui *t = start(30, 100, NULL);
	char *j;

	connected(t);
	load_user(t, "9");
	set_position(t, "Undo me");
	send_edit(t);
	check(t, tui_wait_text(t, "every field took", T_WAIT) &&
	      position_is("9", "Undo me"), "the change is written");
	j = journal_text();
	check(t, strstr(j, "\"Undo me\"") && strstr(j, "\"done\""),
	      "the write is in the journal");
	free(j);
	tui_send(t, CTRL_Y, 1);
	check(t, tui_wait_text(t, "Undo journal entry", T_WAIT) &&
	      tui_has(t, "Undo me → Руководитель отдела продаж") &&
	      tui_has(t, "(old → new):"),
	      "Ctrl-Y shows the undo as old → new");
	tui_send(t, ENTER, 1);
	check(t, tui_wait_text(t, "Undone: journal entry", T_WAIT) &&
	      position_is("9", "Руководитель отдела продаж"),
	      "the undo puts the old value back");
	tui_send(t, CTRL_Y, 1);
	tui_wait_text(t, "Undo journal entry", T_WAIT);
	tui_send(t, ENTER, 1);
	check(t, tui_wait_text(t, "Undone: journal entry", T_WAIT) &&
	      position_is("9", "Undo me"), "an undo of the undo re-applies");
	j = journal_text();
	check(t, strstr(j, "\"undo_of\"") != NULL,
	      "undos are journalled with undo_of");
	free(j);
	tui_send(t, CTRL_Y, 1);
	tui_wait_text(t, "Undo journal entry", T_WAIT);
	tui_type(t, "n");
	check(t, tui_wait_text(t, "Not undone; nothing was sent", T_WAIT),
	      "n declines the undo");
	tui_fkey(t, 8);
	check(t, tui_wait_text(t, "undo declined: nothing was sent", T_WAIT) &&
	      position_is("9", "Undo me"),
	      "a declined undo says so in the log pane; nothing changes");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* The portal's host as a person types it: https:// left out. */
static const char *host(void)
{
	return getenv("PORTAL_URL") + strlen("https://");
}

int scen_readonly(void)
{
	struct tui *t = start(30, 100, NULL);
	int batches;
	char *j;

	connected(t);
	check(t, tui_has(t, "[demo, read-only]"),
	      "the header marks the profile read-only");
	load_user(t, "10");
	set_position(t, "Guarded");
	batches = requests("batch");
	tui_fkey(t, 5);
	check(t, tui_wait_text(t, "Read-only profile", T_WAIT),
	      "F5 on a read-only profile asks for the host name");
	tui_type(t, "portal.example.com");
	tui_send(t, ENTER, 1);
	check(t, tui_wait_text(t, "Not unlocked", T_WAIT) &&
	      tui_has(t, "Read-only profile") &&
	      requests("batch") == batches, "a wrong host is refused");
	tui_type(t, host());
	tui_send(t, ENTER, 1);
	check(t, tui_wait_text(t, "Send this", T_WAIT) &&
	      tui_has(t, "[demo, unlocked]"),
	      "the right host unlocks; the header says unlocked");
	tui_send(t, ENTER, 1);
	check(t, tui_wait_text(t, "every field took", T_WAIT) &&
	      position_is("10", "Guarded"), "the write goes through");
	j = journal_text();
	check(t, strstr(j, "\"unlock\"") && strstr(j, "\"console\""),
	      "the unlock is in the journal");
	free(j);
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* --allow-write HOST at start unlocks for the session, journalled. */
static void allow_write(void)
{
	char hostarg[256];
	char *argv[] = { getenv("B24USER"), "--allow-write", hostarg, NULL };
	struct tui *t;
	char *j;

	snprintf(hostarg, sizeof(hostarg), "%s", host());
	t = tui_start(24, 80, argv, NULL);
	connected(t);
	j = journal_text();
	check(t, tui_has(t, "[demo, unlocked]") &&
	      strstr(j, "--allow-write") != NULL,
	      "--allow-write HOST unlocks from the start, journalled");
	free(j);
	quit(t, 0);
	tui_free(t);
}

/* The profile's colour, and its text marker under NO_COLOR. */
int scen_marker(void)
{
	static char *env[] = { "NO_COLOR=1", NULL };
	struct tui *t = start(24, 80, env);
	int col;

	connected(t);
	col = (int)(strstr(tui_row(t, 0), "[demo") - tui_row(t, 0));
	check(t, strstr(tui_row(t, 0), "b24user [demo, read-only]") &&
	      !tui_cell_colored(t, 0, col + 1),
	      "NO_COLOR: the text marker, no colour");
	quit(t, 0);
	tui_free(t);
	t = start(24, 80, NULL);
	connected(t);
	check(t, tui_has(t, "[demo, read-only]") &&
	      tui_cell_colored(t, 0, col + 1),
	      "with colours the marker has the profile's colour");
	quit(t, 0);
	tui_free(t);
	allow_write();
	return tap_done();
}

/* The write's answer is lost: the outcome is unknown, the journal says
 * so, and the console offers to reload the user to settle it. */
int scen_unknown(void)
{
	struct tui *t = start(30, 100, NULL);
	char *j;
	int loads;

	connected(t);
	load_user(t, "11");
	set_position(t, "Lost answer");
	free(portal("/_control/fault", "{\"fault\": \"reset-after\", "
		    "\"method\": \"batch\"}"));
	send_edit(t);
	check(t, tui_wait_text(t, "Outcome unknown", T_WAIT) &&
	      tui_has(t, "may have run"),
	      "a write whose answer is lost: outcome unknown, said so");
	j = journal_text();
	check(t, strstr(j, "\"unknown\"") != NULL,
	      "the journal records the outcome as unknown");
	free(j);
	loads = requests("user.get");
	tui_type(t, "y");
	check(t, tui_wait_text(t, "Loaded user 11", T_WAIT) &&
	      requests("user.get") > loads,
	      "y reloads the user to settle it");
	/* The write took (the answer was lost after it): undo reads the
	 * user, finds its value and offers to reverse that very entry. */
	tui_send(t, CTRL_Y, 1);
	check(t, tui_wait_text(t, "Undo journal entry", T_WAIT) &&
	      tui_has(t, "user 11") && tui_has(t, "Lost answer →"),
	      "Ctrl-Y after an unknown outcome offers to undo that write");
	tui_send(t, ENTER, 1);
	check(t, tui_wait_text(t, "Undone: journal entry", T_WAIT) &&
	      !position_is("11", "Lost answer"), "... and undoes it");
	tui_fkey(t, 8);
	check(t, tui_wait_text(t, "had an unknown outcome; the user has its",
			       T_WAIT), "the log pane says how it was settled");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* Picking another profile in the Connection form switches the whole
 * session: its marker, its guard; the user loaded before is put away,
 * not reloaded. */
int scen_switch(void)
{
	struct tui *t = start(30, 100, NULL);
	int loads;

	connected(t);
	load_user(t, "5");
	loads = requests("user.get");
	for (int i = 0; i < 3; i++)	/* Fields -> Options -> Log -> Conn */
		tui_fkey(t, 6);
	tui_wait_text(t, "> Profile", T_WAIT);
	tui_type(t, "  ");		/* (as started) -> demo -> prod */
	check(t, tui_wait_text(t, "< prod >", T_WAIT),
	      "the Connection form lists the profiles");
	tui_fkey(t, 2);
	check(t, tui_wait_text(t, "[prod, read-only]", T_WAIT) &&
	      tui_wait_text(t, "acting as: Anna", T_WAIT),
	      "connecting switches the header to the picked profile");
	tui_fkey(t, 8);
	check(t, tui_wait_text(t, "nothing was reloaded", T_WAIT) &&
	      tui_has(t, "Connected as profile \"prod\": user 5") &&
	      requests("user.get") == loads,
	      "the user loaded before is put away, not reloaded");
	tui_fkey(t, 8);
	tui_fkey(t, 6);
	tui_wait_text(t, "> User ID", T_WAIT);
	tui_send(t, CTRL_U, 1);
	load_user(t, "5");
	check(t, requests("user.userfield.list") == 2 &&
	      requests("user.fields") == 2,
	      "the other profile's first load reads its field list again");
	set_position(t, "Switched");
	tui_fkey(t, 5);
	check(t, tui_wait_text(t, "Read-only profile", T_WAIT),
	      "the picked profile's guard applies");
	tui_send(t, "\033", 1);
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* A custom parameter named like a credential is a secret: its value is
 * masked in the Options form and in the request shown before sending. */
int scen_param(void)
{
	struct tui *t = start(30, 100, NULL);
	const char *value = "pw-7Qx9-secret-value";

	connected(t);
	tui_fkey(t, 6);
	tui_fkey(t, 6);
	tui_wait_text(t, "Parameter 1 name", T_WAIT);
	tui_send(t, "\t", 1);
	tui_type(t, "session_token");
	tui_send(t, "\t", 1);
	tui_type(t, value);
	tui_wait_idle(t, T_WAIT);
	check(t, !tui_has(t, value) && tui_has(t, "****"),
	      "the value of a parameter named like a token is masked");
	for (int i = 0; i < 3; i++)	/* Options -> Log -> Conn -> User */
		tui_fkey(t, 6);
	tui_wait_text(t, "> User ID", T_WAIT);
	load_user(t, "5");
	set_position(t, "Masked");
	tui_fkey(t, 5);
	check(t, tui_wait_text(t, "\"session_token\"", T_WAIT) &&
	      !tui_has(t, value),
	      "the request shown before sending masks it too");
	tui_send(t, "\033", 1);
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* A send confirmed while another request runs is refused and can be
 * made again once that request is over. */
int scen_busy(void)
{
	struct tui *t = start(30, 100, NULL);

	connected(t);
	load_user(t, "12");
	set_position(t, "After the wait");
	free(portal("/_control/fault", "{\"fault\": \"hang\", "
		    "\"method\": \"user.get\"}"));
	tui_fkey(t, 2);		/* the edited user again: asked first */
	tui_wait_text(t, "Reload and drop the changes?", T_WAIT);
	tui_type(t, "y");
	tui_wait_text(t, "Esc Cancel", T_WAIT);
	tui_fkey(t, 5);
	tui_wait_text(t, "Send this", T_WAIT);
	tui_send(t, ENTER, 1);
	check(t, tui_wait_text(t, "is still running", T_WAIT),
	      "a send while a load runs is refused");
	tui_send(t, "\033", 1);
	tui_wait_text(t, "user.get failed", T_WAIT);
	check(t, send_edit(t) && tui_wait_text(t, "every field took",
					       T_WAIT) &&
	      position_is("12", "After the wait"),
	      "after the load is cancelled the send goes through");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}
