/*
 * Console scenarios for the OAuth sign-in dialog and the screen's finer
 * points (JSON edits kept, labels, status keys, messages), run by
 * tests/tui-signin.sh and tests/tui-polish.sh against a fake portal.
 * Usage: tui-polish SCENARIO.
 */
#include "config.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tui-harness.h"
#include "tui-steps.h"

#define BTAB "\033[Z"

static const char client_secret[] = "test-client-secret";

/* A fresh authorization code that lives ttl seconds. */
static void new_code(int ttl, char *code, size_t len)
{
	char json[64], *ans, *p;

	snprintf(json, sizeof(json), "{\"user_id\": 1, \"ttl\": %d}", ttl);
	ans = portal("/_control/code", json);
	code[0] = 0;
	if ((p = strstr(ans, "\"code\": \"")) && len > 1)
		sscanf(p + 9, "%63[^\"]", code);
	free(ans);
}

static char *read_file(const char *pattern)
{
	char *text = calloc(1, 65536);
	glob_t g;
	FILE *f;

	if (glob(pattern, 0, NULL, &g) == 0 && g.gl_pathc >= 1 &&
	    (f = fopen(g.gl_pathv[0], "r"))) {
		text[fread(text, 1, 65535, f)] = 0;
		fclose(f);
	}
	globfree(&g);
	return text;
}

static char *state_file(const char *glob_tail)
{
	char pat[1024];

	snprintf(pat, sizeof(pat), "%s/b24user/%s", getenv("XDG_STATE_HOME"),
		 glob_tail);
	return read_file(pat);
}

/* Nothing secret in what was written to the terminal. */
static bool screen_clean(struct tui *t, const char *secret)
{
	size_t n;
	const char *out = tui_output(t, &n);

	return secret[0] && !memmem(out, n, secret, strlen(secret));
}

static void paste(struct tui *t, const char *text)
{
	tui_type(t, text);
	tui_send(t, ENTER, 1);
}

/* The file store has the client secret and both tokens, and the session
 * took its credentials from there (so a refresh is saved there too). */
static void stored(struct tui *t)
{
	char path[1024], *text;
	struct stat sb;

	snprintf(path, sizeof(path), "%s/b24user/credentials",
		 getenv("XDG_CONFIG_HOME"));
	text = read_file(path);
	check(t, strstr(text, client_secret) && strstr(text, "access") &&
	      strstr(text, "refresh") && stat(path, &sb) == 0 &&
	      (sb.st_mode & 077) == 0,
	      "the chosen file store holds the secret and the tokens, 0600");
	check(t, strstr(tui_row(t, 1), "secrets: ") &&
	      strstr(tui_row(t, 1), "file") && strstr(tui_row(t, 1), "plain"),
	      "the header says where the secrets are kept");
	free(text);
}

/* The sign-in dialog, an expired code, then a good one. */
/* F7 in the sign-in dialog: the address printed on one line of the
 * plain terminal (no border to copy along), Enter back to the dialog. */
static bool plain_address(struct tui *t)
{
	const char *out, *at, *end;
	size_t n, before;

	tui_wait_idle(t, T_WAIT);	/* the dialog's own drawing read */
	tui_output(t, &before);
	tui_fkey(t, 7);
	/* Read by the plain terminal, not by curses: no key to count. */
	tui_send(t, ENTER, 0);
	if (!tui_wait_idle(t, T_WAIT) ||
	    !tui_has(t, "Sign in with OAuth 2.0"))
		return false;
	out = tui_output(t, &n);
	at = memmem(out + before, n - before, "https://", 8);
	end = at ? memmem(at, n - (size_t)(at - out), "\r\n", 2) : NULL;
	if (!at || !end || !memmem(at, (size_t)(end - at),
				   "/oauth/authorize/?client_id=", 28) ||
	    !memmem(end, n - (size_t)(end - out), "to go back to the "
		    "console.", 23))
		return false;
	/* Ctrl-C there goes back too: it must not end the console. */
	tui_fkey(t, 7);
	tui_send(t, "\003", 0);
	return tui_wait_idle(t, T_WAIT) && !tui_exited(t) &&
	       tui_has(t, "Sign in with OAuth 2.0");
}

static int signin(void)
{
	struct tui *t = start(24, 80, NULL);
	char code[64], old[64], *log, *st;

	check(t, tui_wait_text(t, "No credentials", T_WAIT) &&
	      tui_wait_text(t, "> Profile", T_WAIT),
	      "the Connection form opens");
	for (int i = 0; i < 7; i++)	/* down to Client secret */
		tui_send(t, "\t", 1);
	tui_type(t, client_secret);
	tui_wait_idle(t, T_WAIT);
	check(t, tui_has(t, "F5 SignIn") && !tui_has(t, client_secret),
	      "the status line offers the sign-in; the secret is masked");
	tui_fkey(t, 5);
	check(t, tui_wait_text(t, "Sign in with OAuth 2.0", T_WAIT) &&
	      tui_has(t, "/oauth/authorize/") && tui_has(t, "client_id="),
	      "F5 shows the portal's authorize address");
	check(t, plain_address(t), "F7 shows the address alone on the plain "
	      "terminal; Enter, and Ctrl-C too, come back to the dialog");
	new_code(0, old, sizeof(old));
	paste(t, old);
	check(t, tui_wait_text(t, "That code has expired", T_WAIT) &&
	      tui_has(t, "/oauth/authorize/") &&
	      tui_has(t, "Sign in with OAuth 2.0"),
	      "an expired code says so and offers a fresh address");
	new_code(30, code, sizeof(code));
	paste(t, code);
	check(t, tui_wait_text(t, "Anna Kowalska (ID 1)", T_WAIT),
	      "a fresh code signs in and connects");
	check(t, !tui_has(t, "Sign in with OAuth 2.0"), "the dialog closes");
	tui_fkey(t, 9);
	check(t, tui_wait_text(t, "Log saved to", T_WAIT), "the log is saved");
	log = state_file("console-*.log");
	check(t, strstr(log, "Signed in at") && !strstr(log, client_secret) &&
	      !strstr(log, code) && !strstr(log, old),
	      "the saved log tells of the sign-in and holds no secret");
	check(t, screen_clean(t, client_secret) && screen_clean(t, code) &&
	      screen_clean(t, old), "no secret was ever on the screen");
	st = state_file("token-demo.json");
	check(t, strstr(st, "signed_in") && !strstr(st, client_secret),
	      "the token facts are kept for the profile, without secrets");
	free(log);
	free(st);
	if (getenv("TUI_STORE") && strcmp(getenv("TUI_STORE"), "file") == 0)
		stored(t);
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* Every "Fn" in the status line is followed by a whole key name. */
static bool keys_whole(struct tui *t)
{
	static const char *const names[] = { "Help", "Load", "JSON",
		"Editor", "Send", "Form", "curl", "Log", "SaveLog", "Quit",
		"Connect", "Test", "Save", "SignIn", "Undo", "Find", "Next",
		"Bulk" };
	const char *row = tui_row(t, 23), *p = row;

	while ((p = strchr(p, 'F'))) {
		char name[16] = "";
		bool known = false;
		int n = 0;

		if (sscanf(p, "F%*d %15[A-Za-z]%n", name, &n) != 1 ||
		    (p[n] != ' ' && p[n] != 0)) {
			if (p[1] >= '0' && p[1] <= '9') {
				tap_diag("cut key in: %s", row);
				return false;
			}
			p++;
			continue;
		}
		for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
			known |= strcmp(names[i], name) == 0;
		if (!known) {
			tap_diag("cut key %s in: %s", name, row);
			return false;
		}
		p += n;
	}
	return true;
}

/* The two tokens of a fresh pair from the fake portal. */
static void new_pair(char *access, char *refresh, size_t len)
{
	char *ans = portal("/_control/token", "{}"), *p;

	access[0] = refresh[0] = 0;
	if ((p = strstr(ans, "\"access_token\": \"")) && len > 1)
		sscanf(p + 17, "%127[^\"]", access);
	if ((p = strstr(ans, "\"refresh_token\": \"")) && len > 1)
		sscanf(p + 18, "%127[^\"]", refresh);
	free(ans);
}

/* An API key typed in the form: token, refresh token, client secret,
 * all masked; the connection renews the key when it has expired. */
static int apikey(void)
{
	struct tui *t = start(24, 80, NULL);
	char access[128], refresh[128];

	new_pair(access, refresh, sizeof(access));
	check(t, tui_wait_text(t, "No credentials", T_WAIT) &&
	      tui_wait_text(t, "API key (token)", T_WAIT) &&
	      tui_has(t, "Refresh token") && tui_has(t, "Client secret") &&
	      tui_has(t, "Client ID"),
	      "an API key profile asks for the key, refresh token, client "
	      "id and secret");
	for (int i = 0; i < 4; i++)	/* down to the API key */
		tui_send(t, "\t", 1);
	tui_type(t, access);
	tui_send(t, "\t", 1);
	tui_type(t, refresh);
	tui_send(t, "\t\t", 2);
	tui_type(t, client_secret);
	tui_wait_idle(t, T_WAIT);
	check(t, access[0] && refresh[0] && !tui_has(t, access) &&
	      !tui_has(t, refresh) && !tui_has(t, client_secret),
	      "the key, refresh token and secret are masked");
	free(portal("/_control/expire", "{}"));
	tui_fkey(t, 2);
	check(t, tui_wait_text(t, "Anna Kowalska (ID 1)", T_WAIT),
	      "the typed API key connects");
	tui_fkey(t, 8);
	check(t, tui_wait_text(t, "renewed", T_WAIT),
	      "the expired key was renewed with the typed refresh token");
	tui_fkey(t, 8);
	check(t, screen_clean(t, access) && screen_clean(t, refresh) &&
	      screen_clean(t, client_secret), "no secret was on the screen");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* Status keys, labels, the e-mail message, broken JSON kept. */
static int polish(void)
{
	struct tui *t = start(24, 80, NULL);
	int r;

	connected(t);
	check(t, keys_whole(t) && strstr(tui_row(t, 23), "F1 Help"),
	      "80 columns: the status line shows only whole keys");
	tui_resize(t, 24, 100);
	tui_wait_idle(t, T_WAIT);
	check(t, tui_wait_row(t, 23, "F2 Load", T_WAIT) && keys_whole(t),
	      "100 columns: the status line shows only whole keys");
	tui_resize(t, 24, 80);
	tui_wait_idle(t, T_WAIT);
	load_user(t, "5");
	r = tui_find_row(t, "(PERSONAL_WWW)");
	check(t, r >= 0 && strstr(tui_row(t, r),
				  "Personal website (PERSONAL_WWW)"),
	      "a label that fits is shown whole with its code");
	check(t, focus_field(t, "PERSONAL_PROFESSION"),
	      "Down reaches PERSONAL_PROFESSION");
	r = tui_find_row(t, "(PERSONAL_PROFESSION)");
	check(t, r >= 0 && strstr(tui_row(t, r), "\u2026 (PERSONAL_PROFESSION)")
	      && !strstr(tui_row(t, r), "Profess (") &&
	      tui_has(t, "Profession (PERSONAL_PROFESSION): "),
	      "a long label is cut with an ellipsis, the code whole, and "
	      "the focused row's label is shown whole below");
	check(t, focus_field(t, "EMAIL"), "Down reaches EMAIL");
	tui_send(t, CTRL_U, 1);
	tui_type(t, "not-an-address");
	tui_fkey(t, 5);
	check(t, tui_wait_text(t, "does not look like an e-mail", T_WAIT) &&
	      !tui_has(t, "EMAIL: EMAIL:"),
	      "a bad e-mail is refused, the field code said once");
	tui_send(t, CTRL_U, 1);
	tui_type(t, "anna@example.com");
	check(t, tui_wait_text(t, "E-mail (EMAIL): Type the new", T_WAIT) &&
	      !strstr(tui_row(t, 22), "does not look like"),
	      "the message goes once the value is right");
	tui_fkey(t, 3);
	tui_wait_text(t, "\"ID\": \"5\"", T_WAIT);
	tui_send(t, KEY_DOWN_SEQ, 1);
	tui_type(t, "}}");
	check(t, tui_wait_text(t, "line 2", T_WAIT), "invalid JSON is shown");
	tui_fkey(t, 3);
	check(t, tui_wait_text(t, "press F3 again to discard", T_WAIT) &&
	      tui_has(t, "}}") && !tui_has(t, "Field (code)"),
	      "F3 with invalid JSON keeps the text and stays in the view");
	tui_fkey(t, 5);
	check(t, tui_wait_text(t, "not valid JSON", T_WAIT) &&
	      !tui_has(t, "user.update"), "nothing is sent past broken JSON");
	tui_fkey(t, 10);
	check(t, tui_wait_text(t, "unsent changes", T_WAIT),
	      "quitting with broken JSON asks first");
	check(t, tui_find_row(t, "n or Esc: stay") ==
	      tui_find_row(t, "y: quit") && tui_find_row(t, "y: quit") >= 0 &&
	      !tui_has(t, "y: quit and drop"),
	      "the quit dialog states its keys once");
	tui_type(t, "n");
	tui_wait_gone(t, "unsent changes", T_WAIT);
	tui_fkey(t, 3);
	tui_fkey(t, 3);
	check(t, tui_wait_text(t, "broken JSON edit was discarded", T_WAIT) &&
	      tui_wait_text(t, "Field (code)", T_WAIT),
	      "F3 again discards the broken edit on purpose");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* Long messages, the console's words, curl lines, the log's keys. */
static int messages(void)
{
	struct tui *t = start(24, 80, NULL);
	int r;

	connected(t);
	tui_type(t, "999");
	tui_fkey(t, 2);
	check(t, tui_wait_text(t, "no user with ID 999", T_WAIT) &&
	      !tui_has(t, "--admin-mode"),
	      "a missing user: no command-line flag on screen");
	tui_fkey(t, 8);
	check(t, tui_wait_text(t, "Admin mode (Options form)", T_WAIT) &&
	      !tui_has(t, "--admin-mode"),
	      "the log names the Options form's Admin mode instead");
	tui_send(t, "\016", 1);	/* Ctrl-N: next field, not search */
	tui_wait_idle(t, T_WAIT);
	check(t, !tui_has(t, "Search the log"),
	      "Ctrl-N in the log pane is not a search key");
	tui_send(t, "\026", 1);		/* Ctrl-V: next match */
	check(t, tui_wait_text(t, "Search the log", T_WAIT),
	      "Ctrl-V asks for the search (none yet)");
	tui_send(t, "\033", 1);
	tui_wait_gone(t, "Search the log", T_WAIT);
	tui_fkey(t, 1);
	tui_wait_text(t, "Keys (Esc closes)", T_WAIT);
	for (int i = 0; i < 6; i++)
		tui_send(t, "\033[6~", 1);	/* PgDn to the log's keys */
	check(t, tui_wait_text(t, "Ctrl-V  next match", T_WAIT),
	      "F1 lists Ctrl-V for the next match");
	tui_send(t, "\033[5~", 1);	/* PgUp to the forms' paragraphs */
	tui_wait_idle(t, T_WAIT);
	check(t, tui_has(t, "connection's credentials for Load, the search") &&
	      tui_has(t, "and read-back too), undo and bulk; it is never"),
	      "F1's paragraphs are filled to the dialog's width");
	tui_send(t, "\033", 1);
	tui_wait_gone(t, "Keys (Esc closes)", T_WAIT);
	tui_fkey(t, 8);		/* back to the User form */
	tui_wait_text(t, "> User ID", T_WAIT);
	tui_send(t, CTRL_U, 1);
	load_user(t, "5");
	check(t, focus_field(t, "EMAIL"), "Down reaches EMAIL");
	tui_send(t, CTRL_U, 1);
	tui_type(t, "a-rather-long-value-that-is-not-an-address-at-all");
	tui_fkey(t, 5);
	check(t, tui_wait_text(t, "\u2026 (F8: log)", T_WAIT),
	      "a message too wide for its line points to the log");
	tui_fkey(t, 8);
	check(t, tui_wait_text(t, "the Fields form, then send again", T_WAIT),
	      "the log pane has the whole message");
	tui_fkey(t, 8);
	tui_send(t, CTRL_U, 1);
	tui_type(t, "maria@example.com");
	tui_fkey(t, 7);
	check(t, tui_wait_text(t, "curl command", T_WAIT) &&
	      (r = tui_find_row(t, "-H 'Content-Type: application/json' \\"))
	      >= 0 && tui_find_row(t, "curl \\") >= 0 &&
	      tui_find_row(t, "--data-binary") >= 0,
	      "F7: one curl option per line, with continuations");
	tui_send(t, "\033", 1);
	tui_wait_gone(t, "curl command", T_WAIT);
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

static const struct {
	const char *name;
	int (*run)(void);
} scenarios[] = {
	{ "signin", signin }, { "polish", polish }, { "messages", messages },
	{ "apikey", apikey },
};

int main(int argc, char **argv)
{
	if (argc < 2 || !getenv("B24USER")) {
		fprintf(stderr, "usage: B24USER=... tui-polish SCENARIO\n");
		return 99;
	}
	for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
		if (strcmp(argv[1], scenarios[i].name) == 0)
			return scenarios[i].run();
	fprintf(stderr, "unknown scenario %s\n", argv[1]);
	return 99;
}
