/*
 * Console fault scenarios of issue 9: portal faults while loading and
 * sending (here) and terminal faults (tui-faults-term.c), against the
 * fake portal tests/tui-faults-run.sh started.  Usage: tui-faults SCENARIO.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui-faults.h"
#include "tui-harness.h"
#include "tui-steps.h"

char *read_state(const char *name)
{
	char path[1024], *text = calloc(1, 262144);
	FILE *f;

	snprintf(path, sizeof(path), "%s/b24user/%s",
		 getenv("XDG_STATE_HOME"), name);
	if ((f = fopen(path, "r"))) {
		text[fread(text, 1, 262143, f)] = 0;
		fclose(f);
	}
	return text;
}

void fault(const char *json)
{
	free(portal("/_control/fault", json));
}

void edit_position(struct tui *t, const char *text)
{
	focus_field(t, "WORK_POSITION");
	tui_send(t, CTRL_U, 1);
	tui_type(t, text);
	tui_wait_idle(t, T_WAIT);
}

/* F5, then Enter on the diff. */
bool send_edit(struct tui *t)
{
	tui_fkey(t, 5);
	if (!tui_wait_text(t, "Send this", T_WAIT))
		return false;
	tui_send(t, ENTER, 1);
	return true;
}

/* A fault while loading: said on screen, and the next load works. */
static int load_fault(const char *json, const char *said, const char *what)
{
	struct tui *t = start(24, 80, NULL);

	connected(t);
	fault(json);
	tui_type(t, "5");
	tui_fkey(t, 2);
	check(t, tui_wait_text(t, said, T_WAIT), what);
	check(t, !tui_has(t, "Loaded user 5"), "the user is not shown as "
	      "loaded");
	fault("{\"fault\": \"none\"}");
	tui_fkey(t, 2);
	check(t, tui_wait_text(t, "Loaded user 5", T_WAIT),
	      "with the fault gone the same console loads the user");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

static int html(void)
{
	return load_fault("{\"fault\": \"html\", \"method\": \"user.get\", "
			  "\"forever\": true}", "HTTP 502",
			  "an HTML 502 page while loading is named");
}

static int redirect(void)
{
	return load_fault("{\"fault\": \"redirect\", \"method\": "
			  "\"user.get\", \"forever\": true}",
			  "renamed-portal.example",
			  "a 302 while loading names the new address");
}

/* Every other portal fault while loading, one console: each is named
 * on the message line (row 48 of 50), and the next load works. */
static int load_faults(void)
{
	static char *env[] = { "B24USER_TIMEOUT=2", NULL };
	static const char *const faults[][2] = {
		{ "truncated", "broken or incomplete JSON" },
		{ "garbage", "(4096 bytes of binary data)" },
		{ "huge", "[answer_too_large]" },
		{ "reset-before", "connection to the portal broke" },
		{ "reset-after", "connection to the portal broke" },
		{ "hang", "did not answer in time" },
		{ "rate-limit", "[QUERY_LIMIT_EXCEEDED]" },
		{ "operation-limit", "time budget" },
		{ "server-error", "failed while handling" },
	};
	struct tui *t = start(50, 160, env);
	char json[160], what[160];

	connected(t);
	for (size_t i = 0; i < sizeof faults / sizeof *faults; i++) {
		snprintf(json, sizeof(json), "{\"fault\": \"%s\", "
			 "\"method\": \"user.get\", \"forever\": true}",
			 faults[i][0]);
		fault(json);
		tui_send(t, CTRL_U, 1);
		tui_type(t, "5");
		tui_fkey(t, 2);
		snprintf(what, sizeof(what), "%s while loading: \"%s\" said",
			 faults[i][0], faults[i][1]);
		check(t, tui_wait_row(t, 48, faults[i][1], 20000), what);
		fault("{\"fault\": \"none\"}");
		tui_fkey(t, 2);
		snprintf(what, sizeof(what), "after %s the user loads",
			 faults[i][0]);
		check(t, tui_wait_text(t, "Loaded user 5", T_WAIT), what);
		tui_fkey(t, 1);		/* Help, then Esc: a fresh message */
		tui_send(t, "\033", 1);
		tui_wait_idle(t, T_WAIT);
	}
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* The portal's certificate is wrong (TUI_CERT, TUI_EXPECT): said at
 * once, nothing sent, the console still quits cleanly. */
static int tls(void)
{
	struct tui *t = start(30, 120, NULL);
	const char *expect = getenv("TUI_EXPECT");

	check(t, expect && tui_wait_text(t, expect, T_WAIT),
	      "a bad certificate is named on screen");
	check(t, !tui_has(t, "acting as: Anna"), "no account is shown");
	tui_type(t, "5");
	tui_fkey(t, 2);
	check(t, tui_wait_idle(t, T_WAIT) && !tui_has(t, "Loaded user"),
	      "a load is refused too");
	check(t, requests("\"method\"") == 0,
	      "no request reached the portal");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* expired_token on a write, then invalid_grant on the refresh (the
 * refresh token was spent): sign in again, the edit kept, nothing sent
 * twice (run by tui-faults-run.sh with TUI_GRANT=1). */
static int grant(void)
{
	struct tui *t = start(30, 120, NULL);
	char *user;
	int before;

	connected(t);
	load_user(t, "5");
	edit_position(t, "Grant shift");
	fault("{\"fault\": \"expired-token\", \"method\": \"batch\"}");
	before = requests("\"batch\"");
	send_edit(t);
	check(t, tui_wait_text(t, "Sign in again", T_WAIT),
	      "expired_token then invalid_grant: sign in again, said so");
	check(t, requests("\"batch\"") == before + 1,
	      "the write was not sent again");
	user = portal("/_control/user", "{\"id\": \"5\"}");
	check(t, *user && !strstr(user, "Grant shift"), "nothing was applied");
	free(user);
	tui_send(t, "\033", 1);
	tui_wait_idle(t, T_WAIT);
	check(t, tui_has(t, "Grant shift"), "the edit is still on screen");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* The write's answer is lost: outcome unknown in the log, the edit kept. */
static int reset_send(void)
{
	struct tui *t = start(30, 100, NULL);
	int before;

	connected(t);
	load_user(t, "11");
	edit_position(t, "Reset shift");
	fault("{\"fault\": \"reset-after\", \"method\": \"batch\"}");
	before = requests("batch");
	check(t, send_edit(t), "F5 shows the diff");
	check(t, tui_wait_text(t, "Outcome unknown", T_WAIT),
	      "a reset after sending: outcome unknown, said so");
	check(t, requests("batch") == before + 1, "sent exactly once");
	tui_send(t, "n", 1);
	tui_wait_idle(t, T_WAIT);
	check(t, tui_has(t, "Reset shift"), "the edit is still on screen");
	tui_fkey(t, 8);
	check(t, tui_wait_text(t, "unknown", T_WAIT),
	      "the log pane says the outcome is unknown");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

static const struct {
	const char *name;
	int (*run)(void);
} scenarios[] = {
	{ "html", html }, { "redirect", redirect },
	{ "load-faults", load_faults }, { "tls", tls }, { "grant", grant },
	{ "reset-send", reset_send }, { "sigterm", scen_f_sigterm },
	{ "sigint", scen_f_sigint }, { "sighup", scen_f_sighup },
	{ "tiny", scen_f_tiny }, { "closed", scen_f_closed },
	{ "secrets", scen_f_secrets },
};

int main(int argc, char **argv)
{
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; argc == 2 && i < sizeof scenarios / sizeof *scenarios;
	     i++)
		if (strcmp(argv[1], scenarios[i].name) == 0)
			return scenarios[i].run();
	fprintf(stderr, "usage: tui-faults SCENARIO\n");
	return 2;
}
