/*
 * Console scenario for the bulk update (F4 on the User form): a file's
 * plan, confirmed, run with a progress line, results in the log pane and
 * the values on the fake portal; a file with a bad row sends nothing.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "tui-steps.h"

static const char *write_file(const char *name, const char *text)
{
	static char path[4][512];
	static int next;
	char *p = path[next++ % 4];
	FILE *f;

	snprintf(p, 512, "%s/%s", getenv("HOME"), name);
	f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return p;
}

static bool position_is(const char *id, const char *want)
{
	char q[64], w[160];

	snprintf(q, sizeof(q), "{\"id\": \"%s\"}", id);
	snprintf(w, sizeof(w), "\"WORK_POSITION\": \"%s\"", want);
	return portal_has("/_control/user", q, w);
}

/* F4, the path, Enter: wait for the plan's title. */
static bool open_plan(struct tui *t, const char *path, const char *title)
{
	tui_fkey(t, 4);
	if (!tui_wait_text(t, "Bulk update from a file", T_WAIT))
		return false;
	tui_type(t, path);
	tui_send(t, ENTER, 1);
	return tui_wait_text(t, title, T_WAIT);
}

static void invalid_file(struct tui *t)
{
	const char *bad = write_file("bad.csv", "ID,WORK_POSITION\n"
				     "2,Fine\nabc,Broken\n5,Also fine\n"
				     "999,Ghost\n");
	int updates = requests("user.update");

	/* The users of the rows that pass are still read, so a row whose
	 * user the portal lacks is named in the same plan. */
	check(t, open_plan(t, bad, "invalid rows, nothing sent") &&
	      tui_has(t, "line 3") && tui_has(t, "line 5"),
	      "a bad ID and an unknown user are shown at once, with lines");
	check(t, tui_has(t, "2 invalid") && !tui_has(t, "y: send"),
	      "the plan counts them and offers no send");
	tui_type(t, "yes");	/* the dialog's keys, not the form's */
	tui_send(t, "\033", 1);
	tui_wait_gone(t, "invalid rows, nothing sent", T_WAIT);
	check(t, tui_find_row(t, "User ID or name") >= 0 &&
	      !strstr(tui_row(t, tui_find_row(t, "User ID or name")), "yes"),
	      "keys typed on the plan did not reach the form behind it");
	check(t, requests("user.update") == updates && position_is("2",
	      "Support agent"), "nothing was sent");
}

/* Esc while the plan's read is held at the portal: the plan stops, and
 * the log pane times it (it once said "after 0.00 s"). */
static void plan_cancelled(struct tui *t)
{
	const char *f = write_file("held-plan.csv", "ID,WORK_POSITION\n"
				   "2,Held\n");

	free(portal("/_control/fault", "{\"fault\": \"hold\", "
		    "\"method\": \"batch\"}"));
	tui_fkey(t, 4);
	tui_wait_text(t, "Bulk update from a file", T_WAIT);
	tui_type(t, f);
	tui_send(t, ENTER, 1);
	free(portal("/_control/held", "{\"wait\": 20}"));
	tui_send(t, "\033", 1);
	tui_fkey(t, 8);
	check(t, tui_wait_text(t, "bulk plan failed after", T_WAIT) &&
	      !tui_has(t, "bulk plan failed after 0.00 s"),
	      "Esc during the plan's read stops it, timed in the log pane");
	free(portal("/_control/release", "{}"));
	tui_fkey(t, 8);
}

static void good_file(struct tui *t)
{
	const char *ok = write_file("ok.csv", "ID,WORK_POSITION\n"
				    "2,Team lead\n5,Руководитель группы\n"
				    "11,Editor\n");

	check(t, open_plan(t, ok, "Bulk plan") &&
	      tui_wait_text(t, "3 users to update, 3 fields", T_WAIT) &&
	      tui_has(t, "0 unchanged rows"),
	      "the plan shows the totals");
	check(t, tui_has(t, "Руководитель группы") && tui_has(t, "y: send"),
	      "the plan shows the diff, Cyrillic included");
	check(t, position_is("5", "Sales manager"),
	      "nothing is sent before the answer");
	tui_type(t, "y");
	check(t, tui_wait_text(t, "Bulk update finished: 3 done, 0 failed, "
			       "0 remaining", T_WAIT),
	      "the progress line ends with the totals");
	check(t, position_is("2", "Team lead") &&
	      position_is("5", "Руководитель группы") &&
	      position_is("11", "Editor"), "the portal has the new values");
	tui_fkey(t, 8);
	check(t, tui_wait_text(t, "bulk update finished after", T_WAIT) &&
	      tui_has(t, "3 done, 0 failed, 0 unknown"),
	      "the log pane has the results");
	tui_fkey(t, 8);
}

/* c on the plan: empty cells clear their fields in the new plan. */
static void empty_cells(struct tui *t)
{
	const char *path = write_file("empty.csv", "ID,WORK_POSITION,"
				      "PERSONAL_CITY\n12,Admin,\n");

	check(t, open_plan(t, path, "Bulk plan") &&
	      tui_wait_text(t, "1 user to update, 1 field;", T_WAIT) &&
	      tui_has(t, "leave their fields as they are"),
	      "an empty cell leaves its field by default");
	tui_type(t, "c");
	check(t, tui_wait_text(t, "Empty cells CLEAR", T_WAIT) &&
	      tui_wait_text(t, "1 user to update, 2 fields", T_WAIT),
	      "c plans again with the empty cell clearing the field");
	tui_type(t, "y");
	check(t, tui_wait_text(t, "Bulk update finished: 1 done", T_WAIT) &&
	      portal_has("/_control/user", "{\"id\": \"12\"}",
			 "\"PERSONAL_CITY\": \"\"") &&
	      position_is("12", "Admin"), "the portal has the field cleared");
}

/* rows FIRST..LAST: a CSV setting WORK_POSITION to "TEXT N". */
static const char *many_rows(int first, int last, const char *text)
{
	static char buf[16384];
	size_t n = (size_t)snprintf(buf, sizeof(buf), "ID,WORK_POSITION\n");

	for (int i = first; i <= last && n < sizeof(buf) - 64; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%d,%s %d\n",
				      i, text, i);
	return write_file("many.csv", buf);
}

/* No user was updated more than once since the portal started. */
static bool none_twice(void)
{
	char *st = portal("/_control/stats", "{}");
	const char *u = strstr(st, "\"updates\"");
	bool ok = u != NULL;

	/* {"13": 1, "14": 1, ...}: every count is 1. */
	for (const char *p = u; ok && p && *p && *p != '}'; p++)
		if (*p == ':' && p[1] == ' ' && p[2] != '1')
			ok = p[2] == '{';
		else if (*p == ':' && p[1] == ' ' && p[3] != ',' &&
			 p[3] != '}')
			ok = false;
	ok = ok && strstr(u, "\"1001\": 1") && strstr(u, "\"1120\": 1");
	if (!ok)
		tap_diag("stats: %s", st);
	free(st);
	return ok;
}

/* The read-only guard before the run; Esc stops it between batches;
 * the command line's --resume finishes it without repeating a write.
 * TUI_READONLY=1, TUI_RATE=1/1 (one request a second), 130 extra
 * users from 1001 (tests/tui-bulk-stop.sh). */
int scen_bulk_stop(void)
{
	struct tui *t = start(30, 100, NULL);
	const char *path = many_rows(1001, 1120, "Stop");
	char cmd[1024];
	int st;

	connected(t);
	check(t, open_plan(t, path, "Bulk plan") &&
	      tui_wait_text(t, "120 users to update", T_WAIT),
	      "a plan of 120 users");
	tui_type(t, "y");
	check(t, tui_wait_text(t, "Read-only profile", T_WAIT) &&
	      position_is("1001", "Stop 1001") == false,
	      "y on a read-only profile asks for the host first");
	tui_type(t, getenv("PORTAL_URL") + strlen("https://"));
	tui_send(t, ENTER, 1);
	check(t, tui_wait_text(t, "Bulk update: 5", 3 * T_WAIT) ||
	      tui_wait_text(t, "Bulk update: 4", T_WAIT),
	      "the run starts after the unlock; progress after a batch");
	tui_fkey(t, 10);
	check(t, tui_wait_text(t, "A bulk update is running", T_WAIT),
	      "F10 during the run does not cut a batch off");
	tui_send(t, "\033", 1);
	check(t, tui_wait_text(t, "Bulk update stopped", 3 * T_WAIT) &&
	      !tui_has(t, " 0 remaining"), "Esc stops between batches");
	tui_fkey(t, 8);
	check(t, tui_wait_text(t, "--resume", T_WAIT),
	      "the log says how to go on");
	tui_fkey(t, 8);
	quit(t, 0);
	tui_free(t);
	snprintf(cmd, sizeof(cmd), "\"$B24USER\" update --from '%s' --resume "
		 "--yes --rate 50/2 --allow-write '%s' >/dev/null 2>&1", path,
		 getenv("PORTAL_URL") + strlen("https://"));
	st = system(cmd);
	check(t, st == 0 && position_is("1001", "Stop 1001") &&
	      position_is("1120", "Stop 1120"),
	      "update --from --resume finishes the run");
	check(t, none_twice(), "no user was updated twice");
	return tap_done();
}

/* y stops at the first refused row (user 6 is refused to user 2); F4
 * with the same file then goes on from there, sending only the rest. */
static void stop_then_resume(struct tui *t)
{
	const char *fail = write_file("fail.csv", "ID,WORK_POSITION\n"
				      "6,Other\n2,Own\n");

	check(t, open_plan(t, fail, "Bulk plan") &&
	      tui_wait_text(t, "2 users to update", T_WAIT) &&
	      tui_has(t, "a: send past failures"),
	      "a plan of two users, y and a offered");
	tui_type(t, "y");
	check(t, tui_wait_text(t, "Bulk update stopped: 0 done, 1 failed, "
			       "1 remaining", T_WAIT),
	      "y stops at the first refused row");
	check(t, position_is("2", "Support agent"),
	      "the row after the refused one was not sent");
	tui_fkey(t, 8);
	check(t, tui_wait_text(t, "line 2, user 6: failed", T_WAIT) &&
	      tui_has(t, "F4 with the same file goes on"),
	      "the log names the refused row and how to go on");
	tui_fkey(t, 8);
	check(t, open_plan(t, fail, "Bulk plan") &&
	      tui_wait_text(t, "goes on from there", T_WAIT) &&
	      tui_has(t, "1 user to update"),
	      "the same file again: the plan goes on where the run stopped");
	tui_type(t, "y");
	check(t, tui_wait_text(t, "Bulk update finished: 1 done, 0 failed",
			       T_WAIT) && position_is("2", "Own"),
	      "only the rest is sent");
}

/* a goes on past a refused row and lists it. */
static void past_failures(struct tui *t)
{
	const char *fail = write_file("fail2.csv", "ID,WORK_POSITION\n"
				      "6,Other\n2,Own again\n");

	check(t, open_plan(t, fail, "Bulk plan") &&
	      tui_wait_text(t, "2 users to update", T_WAIT),
	      "a plan of two users");
	tui_type(t, "a");
	check(t, tui_wait_text(t, "Bulk update finished: 1 done, 1 failed",
			       T_WAIT), "a: one row done, one failed");
	tui_fkey(t, 8);
	check(t, tui_wait_text(t, "line 2, user 6: failed", T_WAIT),
	      "the log pane names the failed row's line and user");
	tui_fkey(t, 8);
	check(t, position_is("2", "Own again") &&
	      position_is("6", "Account executive"),
	      "the portal has the done row, not the refused one");
}

/* As user 2, no administrator: dismissing oneself is refused in the
 * plan; refused rows stop a run (y) or are listed (a). */
int scen_bulk_fail(void)
{
	char hook[600];
	char *env[] = { hook, NULL };
	const char *self = write_file("self.csv", "ID,ACTIVE\n2,N\n");
	struct tui *t;

	snprintf(hook, sizeof(hook), "B24USER_WEBHOOK_URL=%s",
		 getenv("WEBHOOK_URL2"));
	t = start(30, 100, env);
	check(t, tui_wait_text(t, "acting as: Tom Becker", T_WAIT),
	      "connected as the account that is not an admin");
	check(t, open_plan(t, self, "invalid rows, nothing sent") &&
	      tui_has(t, "line 2: ACTIVE N would dismiss the account"),
	      "dismissing the own account is refused in the plan");
	check(t, tui_has(t, "A bulk update in the console never does") &&
	      !tui_has(t, "Add --yes-dismiss-self"),
	      "... with the console's way, not an option it lacks");
	tui_send(t, "\033", 1);
	tui_wait_gone(t, "invalid rows, nothing sent", T_WAIT);
	stop_then_resume(t);
	past_failures(t);
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* No user of 13..16 was updated twice. */
static bool held_once(void)
{
	char *st = portal("/_control/stats", "{}");
	bool ok = !strstr(st, "\"13\": 2") && !strstr(st, "\"14\": 2") &&
		  !strstr(st, "\"15\": 2") && !strstr(st, "\"16\": 2");

	if (!ok)
		tap_diag("stats: %s", st);
	free(st);
	return ok;
}

/* Esc Esc while the write batch is held on the portal: its rows are
 * outcome unknown, never "not sent"; F4 with the file again settles
 * them by reading back and finishes the run, so the command line then
 * takes the file without --resume. */
static void cancel_in_flight(struct tui *t)
{
	const char *path = write_file("held.csv", "ID,WORK_POSITION\n"
				      "13,Held 13\n14,Held 14\n15,Held 15\n"
				      "16,Held 16\n");
	char cmd[1024];
	int before, st;

	free(portal("/_control/fault", "{\"fault\": \"hold\", \"method\": "
		    "\"batch\", \"count\": 2}"));
	tui_fkey(t, 4);
	tui_wait_text(t, "Bulk update from a file", T_WAIT);
	tui_type(t, path);
	tui_send(t, ENTER, 1);
	free(portal("/_control/held", "{\"wait\": 20}"));
	free(portal("/_control/release", "{}"));
	check(t, tui_wait_text(t, "Bulk plan", T_WAIT) &&
	      tui_wait_text(t, "4 users to update", T_WAIT),
	      "a plan of 4 users, its read let go");
	tui_type(t, "y");
	free(portal("/_control/held", "{\"wait\": 20}"));
	tui_send(t, "\033", 1);
	tui_wait_text(t, "Esc again cancels at once", T_WAIT);
	tui_send(t, "\033", 1);
	check(t, tui_wait_text(t, "Bulk update stopped: 0 done, 0 failed, "
			       "4 outcome unknown, 0 remaining", T_WAIT),
	      "Esc Esc while the write batch is on its way: 4 unknown");
	before = requests("batch");
	free(portal("/_control/release", "{}"));
	tui_fkey(t, 8);
	check(t, tui_wait_text(t, "0 failed, 4 unknown, 0", T_WAIT),
	      "the log counts the batch's rows unknown, not 'not sent'");
	check(t, tui_has(t, "portal may have") &&
	      !tui_has(t, "before anything was sent"),
	      "... and says the portal may have written them");
	tui_fkey(t, 8);
	check(t, wait_requests("batch", before, T_WAIT) &&
	      position_is("16", "Held 16"), "the portal wrote the batch");
	check(t, open_plan(t, path, "Bulk plan") &&
	      tui_wait_text(t, "goes on from there", T_WAIT) &&
	      tui_has(t, "0 users to update"),
	      "F4 with the file again settles the rows by reading back");
	tui_send(t, "\033", 1);
	tui_wait_gone(t, "goes on from there", T_WAIT);
	snprintf(cmd, sizeof(cmd), "\"$B24USER\" update --from '%s' --yes "
		 ">/dev/null 2>&1", path);
	st = system(cmd);
	check(t, WIFEXITED(st) && WEXITSTATUS(st) == 0 && held_once(),
	      "the run is finished: the command line takes the file again");
}

int scen_bulk(void)
{
	struct tui *t = start(30, 100, NULL);

	connected(t);
	check(t, tui_has(t, "F4 Bulk"), "the status line lists F4 Bulk");
	tui_fkey(t, 1);
	tui_wait_text(t, "Keys (Esc closes)", T_WAIT);
	tui_send(t, "\033[6~", 1);
	check(t, tui_wait_text(t, "bulk update: many users", T_WAIT),
	      "F1 help lists the bulk update");
	tui_send(t, "\033", 1);
	tui_wait_gone(t, "Keys (Esc closes)", T_WAIT);
	invalid_file(t);
	plan_cancelled(t);
	good_file(t);
	empty_cells(t);
	cancel_in_flight(t);
	quit(t, 0);
	tui_free(t);
	return tap_done();
}
