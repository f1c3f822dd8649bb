/*
 * Console scenarios for finding users (the pick list, a stale search
 * cancelled, the Options that shape the search) and for SIGTERM, against
 * the fake portal that tests/tui-run.sh started.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui-steps.h"

static bool pick(struct tui *t, const char *text, const char *row,
		 const char *id)
{
	char want[64];

	tui_send(t, CTRL_U, 1);
	tui_type(t, text);
	if (!tui_wait_text(t, "Users matching", T_WAIT) ||
	    !tui_wait_text(t, row, T_WAIT))
		return false;
	tui_send(t, ENTER, 1);
	snprintf(want, sizeof(want), "Loaded user %s", id);
	return tui_wait_text(t, want, T_WAIT);
}

/* The pick list's heading fits one row of an 80-column screen. */
static bool heading_whole(struct tui *t, int rows)
{
	for (int r = 0; r < rows; r++) {
		const char *row = tui_row(t, r);

		if (strstr(row, "ID ") && strstr(row, "Name") &&
		    strstr(row, "Active"))
			return true;
	}
	return false;
}

static void to_user_form(struct tui *t)
{
	for (int i = 0; i < 4 && !tui_has(t, "> User ID"); i++) {
		tui_fkey(t, 6);
		tui_wait_idle(t, T_WAIT);
	}
}

int scen_pick(void)
{
	struct tui *t = start(30, 100, NULL);
	int searches;

	connected(t);
	check(t, pick(t, "Ольга", "Смирнова", "4") &&
	      tui_has(t, "Ольга"), "a Cyrillic name finds the user; Enter "
	      "loads her");
	to_user_form(t);
	tui_resize(t, 24, 80);
	tui_wait_idle(t, T_WAIT);
	tui_send(t, CTRL_U, 1);
	tui_type(t, "Kowalska");
	check(t, tui_wait_text(t, "Users matching", T_WAIT) &&
	      heading_whole(t, 24), "at 80x24 the pick list's heading fits "
	      "one row");
	tui_send(t, "\033", 1);
	tui_wait_idle(t, T_WAIT);
	check(t, pick(t, "maria.garcia@acme.example", "García", "5"),
	      "an e-mail finds the user");
	to_user_form(t);
	searches = requests("user.search");
	tui_send(t, CTRL_U, 1);
	tui_type(t, "12");
	tui_wait_idle(t, T_WAIT);
	tui_fkey(t, 2);
	check(t, tui_wait_text(t, "Loaded user 12", T_WAIT) &&
	      requests("user.search") == searches,
	      "digits stay an ID: no search");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* Requests the fake portal has taken (counted before it answers). */
static long portal_requests(void)
{
	char *s = portal("/_control/stats", "{}"), *p;
	long n = -1;

	if ((p = strstr(s, "\"requests\": ")))
		n = strtol(p + 12, NULL, 10);
	free(s);
	return n;
}

/* Wait until the portal holds more than n requests, with a deadline. */
static bool portal_took(long n)
{
	for (int i = 0; i < 100; i++)
		if (portal_requests() > n)
			return true;
	return false;
}

/* Typing on while a search waits on the portal cancels it. */
int scen_stale(void)
{
	struct tui *t = start(30, 100, NULL);
	long n;

	connected(t);
	/* Department names are read once, by the first search. */
	tui_type(t, "Ольга");
	tui_wait_text(t, "Users matching", T_WAIT);
	tui_send(t, "\033", 1);
	tui_send(t, CTRL_U, 1);
	tui_wait_idle(t, T_WAIT);
	n = portal_requests();
	free(portal("/_control/fault", "{\"fault\": \"slow\", "
		    "\"seconds\": 10, \"method\": \"user.search\"}"));
	tui_type(t, "Ива");
	check(t, tui_wait_text(t, "-> search \"Ива\"", T_WAIT) &&
	      portal_took(n), "the search starts after the pause");
	tui_type(t, "н");
	check(t, tui_wait_text(t, "search cancelled", 3000),
	      "typing on cancels the stale search at once");
	check(t, tui_wait_text(t, "Users matching \"Иван\"", 3000) &&
	      tui_has(t, "Петров"),
	      "the new search answers without waiting for the old one");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* The Options form's Admin mode and Order shape the pick list's search. */
int scen_pickopts(void)
{
	struct tui *t = start(30, 100, NULL);
	int admin = requests("ADMIN_MODE"), desc = requests("DESC");

	connected(t);
	tui_fkey(t, 6);
	tui_fkey(t, 6);
	tui_wait_text(t, "Admin mode", T_WAIT);
	tui_type(t, " ");
	for (int i = 0; i < 10; i++)	/* Admin mode -> Order */
		tui_send(t, "\t", 1);
	tui_type(t, "{\"LAST_NAME\": \"DESC\"}");
	for (int i = 0; i < 3; i++)	/* Options -> Log -> Conn -> User */
		tui_fkey(t, 6);
	tui_wait_text(t, "> User ID", T_WAIT);
	tui_type(t, "Смирнова");
	check(t, tui_wait_text(t, "Users matching", T_WAIT) &&
	      tui_has(t, "Ольга Смирнова"), "the pick list shows the match");
	check(t, requests("ADMIN_MODE") > admin && requests("DESC") > desc,
	      "the portal got ADMIN_MODE and the Options order");
	tui_send(t, "\033", 1);
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* SIGTERM ends an idle console promptly, terminal restored. */
int scen_sigterm(void)
{
	struct tui *t = start(24, 80, NULL);
	int st = -1;

	connected(t);
	tui_wait_idle(t, T_WAIT);
	tui_signal(t, SIGTERM);
	check(t, tui_wait_exit(t, 2000, &st) && st == 128 + SIGTERM,
	      "SIGTERM ends the idle console at once (status 143)");
	check(t, tui_tty_sane(t) && !tui_altscreen(t),
	      "the terminal is restored");
	tui_free(t);
	return tap_done();
}
