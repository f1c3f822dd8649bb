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

#include "tui-harness.h"

#define T_WAIT 10000
#define ENTER "\r"
#define CTRL_U "\025"
#define BTAB "\033[Z"
#define KEY_DOWN_SEQ "\033OB"

static const char client_secret[] = "test-client-secret";

static struct tui *start(int rows, int cols, char *const env[])
{
	static char *argv[] = { NULL, NULL };

	argv[0] = getenv("B24USER");
	return tui_start(rows, cols, argv, env);
}

/* A control call to the fake portal; its JSON answer (free it). */
static char *portal(const char *path, const char *json)
{
	char cmd[2048], *out = calloc(1, 65536);
	size_t n = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "\"$PYTHON3\" \"$B24_TESTDIR/fakeportal.py\""
		 " control --dir \"$PORTAL_DIR\" --ca \"$PORTAL_CA\" %s '%s'",
		 path, json ? json : "");
	p = popen(cmd, "r");
	if (p) {
		n = fread(out, 1, 65535, p);
		pclose(p);
	}
	out[n] = 0;
	return out;
}

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

static bool check(struct tui *t, bool cond, const char *what)
{
	if (!tap_ok(cond, "%s", what))
		tui_dump(t);
	return cond;
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

static bool quit(struct tui *t)
{
	int st = -1;

	tui_fkey(t, 10);
	if (tui_wait_text(t, "unsent changes", 500))
		tui_type(t, "y");
	tui_wait_exit(t, T_WAIT, &st);
	return check(t, st == 0 && tui_tty_sane(t),
		     "quits and restores the terminal");
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

/* The sign-in dialog, an expired code, then a good one. */
static int signin(void)
{
	struct tui *t = start(24, 80, NULL);
	char code[64], old[64], *log, *st;

	check(t, tui_wait_text(t, "> Profile", T_WAIT) &&
	      tui_has(t, "No credentials"), "the Connection form opens");
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
	new_code(0, old, sizeof(old));
	paste(t, old);
	check(t, tui_wait_text(t, "That code has expired", T_WAIT) &&
	      tui_has(t, "/oauth/authorize/") &&
	      tui_has(t, "Sign in with OAuth 2.0"),
	      "an expired code says so and offers a fresh address");
	new_code(30, code, sizeof(code));
	paste(t, code);
	check(t, tui_wait_text(t, "acting as: Anna Kowalska", T_WAIT),
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
	quit(t);
	tui_free(t);
	return tap_done();
}

static const struct {
	const char *name;
	int (*run)(void);
} scenarios[] = {
	{ "signin", signin },
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
