/*
 * Console scenarios for what a newcomer found: keeping the portal's
 * values after a conflict, putting one field back, testing the typed
 * connection, the one-off token for reads, IDs with blanks, the header's
 * short store, a cancelled read, hints said for the console, and
 * saving over a profile with another auth method.
 * Usage: tui-fixes SCENARIO (tests/tui-fixes-run.sh starts the portal).
 */
#include "config.h"

#include <glob.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#include "tui-steps.h"

#define CTRL_UNDERSCORE "\037"

/* Requests the portal logged whose line holds both texts. */
static int requests2(const char *a, const char *b)
{
	char path[512], line[65536];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "%s/requests.jsonl",
		 getenv("PORTAL_DIR"));
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, a) && strstr(line, b))
			n++;
	if (f)
		fclose(f);
	return n;
}

static long ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Until the portal logged a request holding text: woken by inotify on
 * its directory (no polling), with a deadline. */
static bool portal_logged(const char *text)
{
	long end = ms_now() + T_WAIT;
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	bool ok;
	char ev[4096];

	if (fd < 0 || inotify_add_watch(fd, getenv("PORTAL_DIR"),
					IN_MODIFY | IN_CREATE) < 0) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	/* Checked after the watch is set, so no write slips between. */
	while (!(ok = requests(text) > 0) && ms_now() < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, (int)(end - ms_now())) > 0)
			while (read(fd, ev, sizeof(ev)) > 0)
				;
	}
	close(fd);
	return ok;
}

static void set_name(struct tui *t, const char *text)
{
	focus_field(t, "NAME");
	tui_send(t, CTRL_U, 1);
	tui_type(t, text);
	tui_wait_idle(t, T_WAIT);
}

/* The NAME row shows want as both current and new value. */
static bool name_row_is(struct tui *t, const char *want)
{
	int r = tui_find_row(t, "(NAME)");
	const char *row = r >= 0 ? tui_row(t, r) : "";
	const char *first = strstr(row, want);

	return first && strstr(first + strlen(want), want) &&
	       !strstr(row, "Mine") && !strstr(row, "Typo");
}

/* F10 ends at once: nothing unsent is left to ask about. */
static bool quit_unasked(struct tui *t)
{
	int st = -1;

	tui_fkey(t, 10);
	tui_wait_exit(t, T_WAIT, &st);
	return check(t, st == 0 && tui_tty_sane(t),
		     "F10 quits without asking about unsent changes");
}

/* From the User form round to the Connection form. */
static void to_connection(struct tui *t)
{
	for (int i = 0; i < 4; i++)
		tui_fkey(t, 6);
	tui_wait_text(t, "Webhook URL", T_WAIT);
}

/* Tab through the form until the cursor is on the row with label. */
static bool focus_label(struct tui *t, const char *label)
{
	for (int i = 0; i < 30; i++) {
		tui_wait_idle(t, T_WAIT);
		if (tui_find_row(t, label) == tui_cursor_row(t))
			return true;
		tui_send(t, "\t", 1);
	}
	return false;
}

/* Keep theirs: the form shows the portal's value, unmarked, and F2 and
 * F10 find nothing unsent; Ctrl-_ puts one changed field back. */
static int conflict_keep(void)
{
	struct tui *t = start(30, 100, NULL);
	int batches;

	connected(t);
	load_user(t, "6");
	set_name(t, "Mine");
	free(portal("/_control/user", "{\"ID\": \"6\", \"NAME\": "
		    "\"Theirs\"}"));
	batches = requests("batch");
	tui_fkey(t, 5);
	tui_wait_text(t, "Send this", T_WAIT);
	tui_send(t, ENTER, 1);
	check(t, tui_wait_text(t, "Conflict: the user changed", T_WAIT) &&
	      tui_has(t, "now on the portal: Theirs"),
	      "a conflict shows the portal's new value");
	tui_type(t, "k");
	check(t, tui_wait_text(t, "nothing is left to send", T_WAIT) &&
	      requests("batch") == batches, "keep theirs: nothing is sent");
	check(t, name_row_is(t, "Theirs") && !tui_has(t, "* First name"),
	      "the Fields form shows the portal's value, not marked changed");
	check(t, tui_has(t, "fields to send:") &&
	      !tui_has(t, "fields sent:"),
	      "the log says the fields were to be sent, not sent");
	tui_fkey(t, 2);
	check(t, tui_wait_text(t, "Loaded user 6", T_WAIT) &&
	      !tui_has(t, "unsent changes"),
	      "F2 loads the user again: nothing unsent blocks it");
	set_name(t, "Typo");
	check(t, tui_wait_text(t, "* First name", T_WAIT),
	      "a typed change is marked");
	tui_send(t, CTRL_UNDERSCORE, 1);
	check(t, tui_wait_text(t, "back to its loaded value", T_WAIT) &&
	      !tui_has(t, "* First name") && name_row_is(t, "Theirs"),
	      "Ctrl-_ puts the focused field back to its loaded value");
	tui_fkey(t, 1);
	tui_wait_text(t, "Keys (Esc closes)", T_WAIT);
	for (int i = 0; i < 6 && !tui_has(t, "Ctrl-_"); i++) {
		tui_send(t, "\033[6~", 1);	/* PgDn */
		tui_wait_idle(t, T_WAIT);
	}
	check(t, tui_has(t, "Ctrl-_") && tui_has(t, "back to its loaded"),
	      "F1 lists Ctrl-_");
	tui_send(t, "\033", 1);
	tui_wait_gone(t, "Keys (Esc closes)", T_WAIT);
	quit_unasked(t);
	tui_free(t);
	return tap_done();
}

/* A webhook URL with the code replaced: typed in the form, never valid. */
static void wrong_webhook(char *out, size_t len)
{
	const char *url = getenv("WEBHOOK_URL"), *code = getenv("WEBHOOK_CODE");
	const char *at = url && code ? strstr(url, code) : NULL;

	if (!at) {
		snprintf(out, len, "https://127.0.0.1:1/rest/1/x/");
		return;
	}
	snprintf(out, len, "%.*swrong%s%s", (int)(at - url), url, code,
		 at + strlen(code));
}

/* F3 tests what the form holds, and keeps the running connection. */
static int conn_test(void)
{
	struct tui *t = start(30, 120, NULL);
	char bad[600];
	int gets;

	connected(t);
	to_connection(t);
	check(t, focus_label(t, "Webhook URL"), "Tab reaches Webhook URL");
	wrong_webhook(bad, sizeof(bad));
	tui_type(t, bad);
	tui_fkey(t, 3);
	check(t, tui_wait_text(t, "Test of the Connection form", T_WAIT) &&
	      tui_has(t, "INVALID_CREDENTIALS") &&
	      !tui_has(t, "Test passed") && !tui_has(t, "auth status"),
	      "F3 tests the typed webhook: the portal refuses it");
	check(t, tui_has(t, "acting as: Anna Kowalska"),
	      "the running connection is kept");
	tui_send(t, CTRL_U, 1);
	tui_fkey(t, 3);
	check(t, tui_wait_text(t, "Test passed: the form's settings act as "
			       "Anna Kowalska", T_WAIT),
	      "with the field empty F3 tests the profile's credentials");
	tui_fkey(t, 6);		/* Connection -> User */
	tui_wait_text(t, "> User ID", T_WAIT);
	gets = requests("user.get");
	load_user(t, "5");
	check(t, requests("user.get") == gets + 1,
	      "a load after the test goes through the kept connection");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* The one-off token reads what it writes; a bad one points to Options. */
static int one_off(void)
{
	struct tui *t = start(30, 120, NULL);
	char *pair = portal("/_control/token", "{}"), *p, tok[128] = "";

	if ((p = strstr(pair, "\"access_token\": \"")))
		sscanf(p + 17, "%127[^\"]", tok);
	free(pair);
	connected(t);
	tui_fkey(t, 6);
	tui_fkey(t, 6);
	check(t, tui_wait_text(t, "One-off access token", T_WAIT) &&
	      tui_has(t, "Load, search, Send, undo and bulk use it"),
	      "the Options form says what the token is used for");
	focus_label(t, "One-off access token");
	tui_type(t, tok);
	tui_fkey(t, 6);
	tui_fkey(t, 6);
	tui_fkey(t, 6);
	tui_wait_text(t, "> User ID", T_WAIT);
	load_user(t, "5");
	check(t, tok[0] && requests2("user.get", "\"auth\": \"token\"") == 1 &&
	      requests2("user.get", "\"auth\": \"webhook\"") == 0,
	      "the load used the one-off token, not the webhook");
	tui_fkey(t, 6);		/* Fields -> Options */
	tui_wait_text(t, "One-off access token", T_WAIT);
	check(t, focus_label(t, "One-off access token"),
	      "Tab reaches the token again");
	tui_send(t, CTRL_U, 1);
	tui_type(t, "not-a-token");
	for (int i = 0; i < 3; i++)
		tui_fkey(t, 6);
	tui_wait_text(t, "> User ID", T_WAIT);
	tui_fkey(t, 2);
	check(t, tui_wait_text(t, "user.get failed", T_WAIT) &&
	      tui_wait_text(t, "one-off access token in the Options", T_WAIT)
	      && !tui_has(t, "auth login"),
	      "a refused one-off token points to the Options form");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* "  7  " in the User field is ID 7, not a search. */
static int trim_id(void)
{
	struct tui *t = start(24, 80, NULL);
	int searches = requests("user.search");

	connected(t);
	tui_type(t, "  7  ");
	tui_fkey(t, 2);
	check(t, tui_wait_text(t, "Loaded user 7", T_WAIT) &&
	      !tui_has(t, "No user matches"),
	      "an ID with blanks around it loads that user");
	check(t, requests("user.search") == searches,
	      "no search was started for it");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* At 80x24 the header says where the secrets are, in few words. */
static int header_file(void)
{
	struct tui *t = start(24, 80, NULL);

	connected(t);
	check(t, tui_wait_row(t, 1, "secrets: plain-text file (F8: where)",
			      T_WAIT) &&
	      !tui_has(t, "secrets: in plain text"),
	      "the header's short form of the file store fits 80 columns");
	tui_fkey(t, 8);
	check(t, tui_wait_text(t, "secrets: Secrets are kept in plain text",
			       T_WAIT), "the log pane has the whole sentence");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* The first start with no config: the Connection form, no placeholder,
 * and no D-Bus said briefly in the header. */
/* Connected with no profile, then saved as one from the Connection
 * form: the header names the running connection by it. */
static void save_after_connect(struct tui *t)
{
	tui_fkey(t, 8);
	focus_label(t, "Webhook URL");
	tui_type(t, getenv("WEBHOOK_URL"));
	focus_label(t, "CA file");
	tui_type(t, getenv("PORTAL_CA"));
	tui_fkey(t, 2);
	check(t, tui_wait_text(t, "acting as: Anna Kowalska", T_WAIT) &&
	      strstr(tui_row(t, 0), "[no profile]") != NULL,
	      "connected from the typed form, with no profile");
	for (int i = 0; i < 5 && tui_find_row(t, "Profile name") < 0; i++) {
		tui_fkey(t, 6);
		tui_wait_idle(t, T_WAIT);
	}
	focus_label(t, "Profile name");
	tui_type(t, "mine");
	tui_fkey(t, 4);
	check(t, tui_wait_text(t, "The connection is now profile \"mine\"",
				 T_WAIT) &&
	      strstr(tui_row(t, 0), "[mine]") != NULL,
	      "saving it as a profile names the running connection");
}

static int no_config(void)
{
	static char *env[] = { "DBUS_SESSION_BUS_ADDRESS=", NULL };
	struct tui *t = start(24, 80, env);

	check(t, tui_wait_text(t, "No connection is set up yet", T_WAIT) &&
	      !tui_has(t, "\"NAME\"") && !tui_has(t, "export"),
	      "no placeholder, no exports: what is missing");
	tui_fkey(t, 8);
	check(t, tui_wait_text(t, "Fill in the Connection form", T_WAIT),
	      "the hint points to the Connection form");
	check(t, tui_wait_row(t, 1, "secrets: this run only (no D-Bus)",
			      T_WAIT), "the header says no D-Bus briefly");
	save_after_connect(t);
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* Esc during a read: nothing was changed, said once. */
static int cancel_read(void)
{
	struct tui *t = start(30, 160, NULL);

	connected(t);
	free(portal("/_control/fault", "{\"fault\": \"hang\", "
		    "\"method\": \"user.get\"}"));
	tui_type(t, "5");
	tui_fkey(t, 2);
	check(t, portal_logged("\"fault\": \"hang\""),
	      "the read reaches the silent server");
	tui_send(t, "\033", 1);
	check(t, tui_wait_text(t, "user.get failed", T_WAIT) &&
	      tui_has(t, "it only read, so nothing was changed"),
	      "a cancelled read says nothing was changed");
	check(t, !tui_has(t, "may have received") &&
	      !tui_has(t, "eload the user to check") &&
	      !tui_has(t, "it may have run"),
	      "... and no word of a write that may have run");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* The unlock dialog speaks of the console, not of --allow-write. */
static int guard_words(void)
{
	struct tui *t = start(30, 100, NULL);

	connected(t);
	load_user(t, "10");
	set_name(t, "Guarded");
	tui_fkey(t, 5);
	tui_wait_text(t, "Read-only profile", T_WAIT);
	tui_type(t, "portal.example.com");
	tui_send(t, ENTER, 1);
	check(t, tui_wait_text(t, "Not unlocked", T_WAIT) &&
	      tui_has(t, "you typed \"portal.example.com\"") &&
	      !tui_has(t, "--allow-write"),
	      "a wrong host is refused in the console's words");
	tui_send(t, "\033", 1);
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* Down the Fields form until the focused row holds text. */
static bool focus_row(struct tui *t, const char *text)
{
	for (int i = 0; i < 100; i++) {
		int r;

		tui_wait_idle(t, T_WAIT);
		r = tui_find_row(t, text);
		if (r >= 0 && tui_cursor_row(t) == r)
			return true;
		tui_send(t, KEY_DOWN_SEQ, 1);
	}
	return false;
}

/* A custom field the portal lists (user.userfield.list) shows with its
 * label and is sent like any other field. */
static int custom_field(void)
{
	struct tui *t = start(30, 120, NULL);
	int sent = requests2("user.update", "UF_USR_TEAM");

	connected(t);
	load_user(t, "4");
	check(t, focus_row(t, "UF_USR_TEAM"), "Down reaches UF_USR_TEAM");
	check(t, tui_has(t, "Team (UF_USR_TEAM)"),
	      "the Fields form labels the custom field");
	tui_send(t, CTRL_U, 1);
	tui_type(t, "Team B");
	tui_wait_idle(t, T_WAIT);
	tui_fkey(t, 5);
	check(t, tui_wait_text(t, "Send this", T_WAIT) &&
	      !tui_has(t, "not a user field") &&
	      !tui_has(t, "--allow-unknown-fields"),
	      "F5 accepts the custom field and shows the diff");
	tui_send(t, ENTER, 1);
	check(t, tui_wait_text(t, "Sent: the portal accepted", T_WAIT) &&
	      requests2("user.update", "UF_USR_TEAM") > sent &&
	      portal_has("/_control/user", "{\"id\": \"4\"}",
			 "\"UF_USR_TEAM\": \"Team B\""),
	      "the custom field reached the portal");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* A field the user has but the portal does not list is refused in the
 * console's words. */
static int unknown_field(void)
{
	struct tui *t = start(30, 120, NULL);
	int sent = requests("user.update");

	free(portal("/_control/user", "{\"ID\": \"4\", "
		    "\"UF_USR_GHOST\": \"boo\"}"));
	connected(t);
	load_user(t, "4");
	check(t, focus_row(t, "UF_USR_GHOST"), "Down reaches UF_USR_GHOST");
	tui_send(t, CTRL_U, 1);
	tui_type(t, "x");
	tui_wait_idle(t, T_WAIT);
	tui_fkey(t, 5);
	check(t, tui_wait_text(t, "UF_USR_GHOST is not a user field",
			       T_WAIT),
	      "an unknown field is refused before anything is sent");
	tui_fkey(t, 8);
	check(t, tui_wait_text(t, "Ctrl-_", T_WAIT) &&
	      !tui_has(t, "--allow-unknown-fields") &&
	      requests("user.update") == sent,
	      "the hint is said for the console, not the command line");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* make demo on a terminal: a log saved with F9 outlives the demo's
 * throwaway folders, copied to ./demo-logs, and the demo says where. */
static int demo_logs(void)
{
	static char script[1024];
	/* The demo starts a portal of its own: none of this test's. */
	char *argv[] = { "/usr/bin/env", "-u", "PORTAL_CA", "-u",
			 "PORTAL_DIR", "-u", "B24USER_WEBHOOK_URL", "-u",
			 "WEBHOOK_CODE", "-u", "WEBHOOK_CODE2", "/bin/sh",
			 script, NULL };
	struct tui *t;
	glob_t g;
	int st = -1;
	bool kept;
	const char *out;
	size_t n;

	snprintf(script, sizeof(script), "%s/demo.sh", getenv("B24_TESTDIR"));
	if (chdir(getenv("HOME")) != 0)
		return tap_ok(false, "into the test's folder"), tap_done();
	t = tui_start(24, 80, argv, NULL);
	tui_send(t, ENTER, 1);	/* read by the demo's "Press Enter" */
	connected(t);
	out = tui_output(t, &n);
	check(t, memmem(out, n, "copied to ./demo-logs", 21) != NULL,
	      "the demo says up front where saved logs go");
	tui_fkey(t, 9);
	check(t, tui_wait_text(t, "Log saved to", T_WAIT), "F9 saves the log");
	tui_fkey(t, 10);
	tui_wait_exit(t, T_WAIT, &st);
	kept = glob("demo-logs/console-*.log", 0, NULL, &g) == 0 &&
	       g.gl_pathc == 1;
	if (kept)
		globfree(&g);
	check(t, st == 0 && kept && tui_has(t, "/demo-logs/"),
	      "after the demo the saved log is in ./demo-logs, said so");
	tui_free(t);
	return tap_done();
}

/* Tab until the form marks the row (a choice shows no cursor). */
static bool focus_marked(struct tui *t, const char *marked)
{
	for (int i = 0; i < 30; i++) {
		tui_wait_idle(t, T_WAIT);
		if (tui_has(t, marked))
			return true;
		tui_send(t, "\t", 1);
	}
	return false;
}

static char *config_text(void)
{
	char path[1024], *text = calloc(1, 65536);
	FILE *f;

	snprintf(path, sizeof(path), "%s/b24user/config",
		 getenv("XDG_CONFIG_HOME"));
	if ((f = fopen(path, "r"))) {
		text[fread(text, 1, 65535, f)] = 0;
		fclose(f);
	}
	return text;
}

/* F4 over a saved profile whose auth method the form changed asks
 * first, as one with another portal does; n keeps the file as it was,
 * y saves, and a typed token not remembered is said to be left out. */
static int save_profile(void)
{
	struct tui *t = start(30, 100, NULL);
	char *before, *after;

	connected(t);
	to_connection(t);
	before = config_text();
	check(t, focus_marked(t, "> Auth method"),
	      "the Auth method is reached");
	tui_type(t, " ");
	check(t, tui_wait_text(t, "OAuth 2.0", T_WAIT) &&
	      tui_wait_text(t, "Access token", T_WAIT),
	      "Space makes it OAuth 2.0");
	focus_label(t, "Access token");
	tui_type(t, "typed-token-4711");
	tui_fkey(t, 4);
	check(t, tui_wait_text(t, "Change profile \"demo\"?", T_WAIT) &&
	      tui_has(t, "webhook URL at") && tui_has(t, "OAuth 2.0 at") &&
	      tui_has(t, "no longer be used") && tui_has(t, "auth logout"),
	      "F4 over demo with another method asks, saying what changes");
	check(t, tui_has(t, "access token is not saved"),
	      "the question says the typed token is not saved");
	tui_type(t, "n");
	check(t, tui_wait_text(t, "Profile \"demo\" was not changed", T_WAIT),
	      "n says the profile was kept");
	after = config_text();
	check(t, strcmp(before, after) == 0 && strstr(after, "auth=webhook"),
	      "n leaves the config file as it was");
	free(after);
	tui_fkey(t, 4);
	tui_wait_text(t, "Change profile \"demo\"?", T_WAIT);
	tui_type(t, "y");
	check(t, tui_wait_text(t, "Profile \"demo\" saved", T_WAIT),
	      "y saves it");
	after = config_text();
	check(t, strstr(after, "auth=oauth") && !strstr(after, "auth=webhook")
	      && !strstr(after, "typed-token-4711"),
	      "the config file now says OAuth, with no secret");
	free(after);
	focus_label(t, "Portal URL");
	tui_send(t, CTRL_U, 1);
	tui_type(t, "https://other.example");
	tui_fkey(t, 4);
	check(t, tui_wait_text(t, "Change profile \"demo\"?", T_WAIT) &&
	      tui_has(t, "https://other.example."),
	      "F4 with another portal asks too");
	tui_send(t, "\033", 1);
	check(t, tui_wait_text(t, "Profile \"demo\" was not changed", T_WAIT),
	      "Esc keeps the profile");
	tui_fkey(t, 8);
	check(t, tui_wait_text(t, "typed access token is not saved", T_WAIT),
	      "the log pane says the typed token was left out");
	free(before);
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(void);
	} scen[] = {
		{ "conflict", conflict_keep }, { "conntest", conn_test },
		{ "oneoff", one_off }, { "trimid", trim_id },
		{ "header", header_file }, { "noconfig", no_config },
		{ "cancelread", cancel_read }, { "guard", guard_words },
		{ "customfield", custom_field },
		{ "unknownfield", unknown_field }, { "demologs", demo_logs },
		{ "saveprofile", save_profile },
	};

	for (size_t i = 0; argc > 1 && i < sizeof(scen) / sizeof(*scen); i++)
		if (strcmp(argv[1], scen[i].name) == 0)
			return scen[i].run();
	fprintf(stderr, "usage: tui-fixes SCENARIO\n");
	return 2;
}
