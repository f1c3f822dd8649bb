/*
 * Console scenarios for loading a user while another's edit is shown:
 * the raw JSON view shows the user just loaded, never the one before
 * (typing in a stale view once copied one user onto another), and F2 on
 * the user being edited asks before it drops unsent changes; how a
 * loaded user's long values show at 80 columns (cut with an ellipsis);
 * a paste longer than a field may hold; and the header after a
 * connection that found no credentials.
 * Usage: tui-reload SCENARIO (tests/tui-fixes-run.sh starts the portal).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui-steps.h"

/* From the Fields form round to the User form, its ID field emptied. */
static void to_user_form(struct tui *t)
{
	for (int i = 0; i < 4; i++)
		tui_fkey(t, 6);
	tui_wait_text(t, "User ID or name", T_WAIT);
	tui_send(t, CTRL_U, 1);
}

static int json_view(void)
{
	struct tui *t = start(30, 100, NULL);

	connected(t);
	load_user(t, "3");
	tui_fkey(t, 3);
	check(t, tui_wait_text(t, "\"Иван\"", T_WAIT),
	      "F3 shows user 3 as raw JSON");
	to_user_form(t);
	load_user(t, "5");
	check(t, tui_wait_text(t, "\"Maria\"", T_WAIT) &&
	      tui_has(t, "\"García\"") && !tui_has(t, "Иван") &&
	      !tui_has(t, "Петров"),
	      "loading user 5 in the raw JSON view shows user 5, not 3");
	tui_fkey(t, 5);
	check(t, tui_wait_text(t, "Nothing changed yet", T_WAIT),
	      "... and nothing of user 3 waits to be sent to user 5");
	tui_fkey(t, 3);
	check(t, tui_wait_text(t, "(NAME)", T_WAIT) &&
	      tui_has(t, "Maria") && !tui_has(t, "Иван"),
	      "the fields table shows user 5 too");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* The NAME row holds text (as current or new value). */
static bool name_row_has(struct tui *t, const char *text)
{
	int r = tui_find_row(t, "(NAME)");

	return r >= 0 && strstr(tui_row(t, r), text) != NULL;
}

static int reload(void)
{
	struct tui *t = start(30, 100, NULL);
	int gets;

	connected(t);
	load_user(t, "3");
	focus_field(t, "NAME");
	tui_send(t, CTRL_U, 1);
	tui_type(t, "Ivo");
	tui_wait_idle(t, T_WAIT);
	gets = requests("user.get");
	tui_fkey(t, 2);
	check(t, tui_wait_text(t, "Reload and drop the changes?", T_WAIT) &&
	      tui_has(t, "User 3 has unsent changes"),
	      "F2 on the user being edited asks before dropping the edit");
	tui_send(t, ENTER, 1);
	tui_wait_idle(t, T_WAIT);
	check(t, tui_has(t, "Reload and drop the changes?") &&
	      requests("user.get") == gets,
	      "Enter is no answer: the footer offers only y and n");
	tui_type(t, "n");
	check(t, tui_wait_gone(t, "Reload and drop", T_WAIT) &&
	      name_row_has(t, "Ivo") && requests("user.get") == gets &&
	      tui_has(t, "Kept the unsent changes to user 3"),
	      "n keeps the edit, and says so; nothing is read");
	tui_fkey(t, 2);
	tui_wait_text(t, "Reload and drop the changes?", T_WAIT);
	tui_type(t, "y");
	check(t, wait_requests("user.get", gets, T_WAIT) &&
	      tui_wait_text(t, "Loaded user 3", T_WAIT) &&
	      tui_wait_gone(t, "Ivo", T_WAIT) && name_row_has(t, "Иван"),
	      "y reloads user 3 and the portal's values replace the edit");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* At 80 columns long values do not fit their columns: a cut value
 * ends in an ellipsis, so it never reads as a shorter, whole one. */
static int cut_values(void)
{
	struct tui *t = start(24, 80, NULL);
	const char *row, *cut;
	int r;

	connected(t);
	load_user(t, "1");
	focus_field(t, "NAME");
	r = tui_find_row(t, "(EMAIL)");
	row = r >= 0 ? tui_row(t, r) : "";
	cut = strstr(row, "anna.kowalska@acme.\u2026");
	check(t, cut && strstr(cut + 1, "anna.kowalska@acme.") &&
	      strstr(strstr(cut + 1, "anna.kowalska@acme."), "\u2026") &&
	      !strstr(row, "anna.kowalska@acme.example"),
	      "a cut e-mail ends in an ellipsis in both columns");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* A paste past LE_MAX_CHARS (16384) stops at it, and says so. */
static int full_field(void)
{
	struct tui *t = start(24, 80, NULL);
	char *paste = malloc(16400 + 1);
	int r;

	connected(t);
	for (int i = 0; i < 4; i++)	/* User -> ... -> Connection */
		tui_fkey(t, 6);
	tui_wait_text(t, "CA file", T_WAIT);
	for (int i = 0; i < 20; i++) {
		r = tui_find_row(t, "CA file");
		if (r >= 0 && tui_cursor_row(t) == r)
			break;
		tui_send(t, "\t", 1);
		tui_wait_idle(t, T_WAIT);
	}
	tui_send(t, CTRL_U, 1);
	memset(paste, 'a', 16400);
	paste[16400] = 0;
	tui_type(t, paste);
	check(t, tui_wait_text(t, "A field holds at most 16384 characters",
			       T_WAIT),
	      "a paste past 16384 characters stops there, and says so");
	free(paste);
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* F2 with a form that finds no credentials: the running connection
 * stays, and the header keeps saying whom it acts as. */
static int failed_connect(void)
{
	struct tui *t = start(24, 80, NULL);
	char url[96];
	int r = -1;

	connected(t);
	for (int i = 0; i < 4; i++)	/* User -> ... -> Connection */
		tui_fkey(t, 6);
	tui_wait_text(t, "Auth method", T_WAIT);
	for (int i = 0; i < 20; i++) {
		r = tui_find_row(t, "Auth method");
		if (r >= 0 && tui_row(t, r)[0] == '>')	/* the focus mark */
			break;
		tui_send(t, "\t", 1);
		tui_wait_idle(t, T_WAIT);
	}
	tui_type(t, " ");	/* webhook URL -> OAuth 2.0, nothing typed */
	tui_fkey(t, 2);
	check(t, tui_wait_text(t, "No credentials", T_WAIT) &&
	      tui_wait_row(t, 1, "acting as: Anna Kowalska", T_WAIT),
	      "a connection that finds no credentials leaves the header's "
	      "account as it was");
	tui_fkey(t, 8);
	check(t, tui_wait_text(t, "profile's file store", T_WAIT) &&
	      !tui_has(t, "tick Remember"),
	      "a file-store profile is told of its file store, not the "
	      "keyring");
	tui_fkey(t, 8);
	/* Back to the webhook, the portal spelt localhost: its secret is
	 * kept for 127.0.0.1, and the hint says so. */
	tui_type(t, "  ");	/* OAuth 2.0 -> API key -> webhook URL */
	for (int i = 0; i < 20; i++) {
		r = tui_find_row(t, "Portal URL");
		if (r >= 0 && tui_row(t, r)[0] == '>')
			break;
		tui_send(t, "\033[Z", 1);	/* Shift-Tab: up */
		tui_wait_idle(t, T_WAIT);
	}
	tui_send(t, CTRL_U, 1);
	snprintf(url, sizeof(url), "https://localhost:%s",
		 getenv("PORTAL_PORT"));
	tui_type(t, url);
	tui_fkey(t, 2);
	tui_wait_text(t, "No credentials", T_WAIT);
	tui_fkey(t, 8);
	check(t, tui_wait_text(t, "another portal address", T_WAIT),
	      "a portal spelt otherwise than when stored is said so");
	tui_fkey(t, 8);
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* ACTIVE=N as a custom parameter in the Options form dismisses the
 * account as surely as the field: the same warning and capital Y. */
static int self_param(void)
{
	struct tui *t = start(30, 100, NULL);
	int r = -1;

	connected(t);
	load_user(t, "1");
	tui_fkey(t, 6);		/* Fields -> Options */
	tui_wait_text(t, "Parameter 1 name", T_WAIT);
	for (int i = 0; i < 20; i++) {
		r = tui_find_row(t, "Parameter 1 name");
		if (r >= 0 && tui_row(t, r)[0] == '>')
			break;
		tui_send(t, "\t", 1);
		tui_wait_idle(t, T_WAIT);
	}
	tui_type(t, "ACTIVE");
	tui_send(t, "\t", 1);
	tui_type(t, "N");
	tui_fkey(t, 5);
	check(t, tui_wait_text(t, "Y (capital): dismiss your own account",
			       T_WAIT) && tui_has(t, "WARNING: user 1"),
	      "a custom parameter ACTIVE=N on one's own account warns and "
	      "takes a capital Y");
	tui_send(t, ENTER, 1);
	check(t, tui_wait_text(t, "takes a capital Y", T_WAIT) &&
	      portal_has("/_control/user", "{\"id\": \"1\"}",
			 "\"ACTIVE\": true"), "... Enter sends nothing");
	tui_send(t, "\033", 1);
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "selfparam") == 0)
		return self_param();
	if (argc == 2 && strcmp(argv[1], "failedconn") == 0)
		return failed_connect();
	if (argc == 2 && strcmp(argv[1], "full") == 0)
		return full_field();
	if (argc == 2 && strcmp(argv[1], "cut") == 0)
		return cut_values();
	if (argc == 2 && strcmp(argv[1], "jsonview") == 0)
		return json_view();
	if (argc == 2 && strcmp(argv[1], "reload") == 0)
		return reload();
	fprintf(stderr, "usage: tui-reload jsonview|reload|cut|full|failedconn|"
		"selfparam\n");
	return 2;
}
