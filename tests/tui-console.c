/*
 * End-to-end console scenarios: the real b24user in a pseudo-terminal,
 * its screen kept by libvterm, against the fake portal that
 * tests/tui-run.sh started.  Usage: tui-console SCENARIO.
 */
#include "config.h"

#include <glob.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui-harness.h"
#include "tui-steps.h"

static int helpdesk(void)
{
	struct tui *t = start(24, 80, NULL);
	const char *name = "Мария-Тест";
	const char *secret = getenv("B24USER_ACCESS_TOKEN") ?
			     getenv("B24USER_ACCESS_TOKEN") :
			     getenv("WEBHOOK_CODE");
	int before;

	connected(t);
	check(t, tui_cell_colored(t, 0, 2), "colours on xterm-256color");
	load_user(t, "5");
	check(t, focus_field(t, "NAME"), "Down reaches the NAME field");
	tui_send(t, CTRL_U, 1);
	tui_type(t, name);
	tui_wait_idle(t, T_WAIT);
	check(t, tui_has(t, "* First name") && tui_has(t, name),
	      "the changed field is marked and shows the Cyrillic value");
	tui_fkey(t, 5);
	check(t, tui_wait_text(t, "\"NAME\": \"Мария-Тест\"", T_WAIT) &&
	      tui_has(t, "user.update.json") && tui_has(t, "***") &&
	      secret && !tui_has(t, secret) && !tui_has(t, "\"EMAIL\""),
	      "the preview shows only the change, the secret masked");
	before = requests("batch");
	tui_send(t, ENTER, 1);
	check(t, tui_wait_text(t, "accepted the update", T_WAIT),
	      "the send is confirmed on screen");
	check(t, tui_wait_text(t, "<- user.update OK", T_WAIT) &&
	      tui_has(t, "\"result\": true"),
	      "the log pane shows the answer");
	check(t, requests("batch") == before + 1 &&
	      portal_has("/_control/user", "{\"id\": \"5\"}",
			 "\"NAME\": \"Мария-Тест\""),
	      "the portal has the new name, sent once, as UTF-8");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

static int invalid_input(void)
{
	static char *env[] = { "EDITOR=sed -i s/García/Garcia-Ed/", NULL };
	struct tui *t = start(24, 80, env);
	int before;

	connected(t);
	before = requests("user.get");
	tui_type(t, "0");
	check(t, tui_wait_text(t, "\"0\" is not a user ID", T_WAIT),
	      "an ID that cannot be one gets a message at once");
	tui_fkey(t, 2);
	tui_wait_idle(t, T_WAIT);
	check(t, requests("user.get") == before,
	      "nothing is sent for an invalid ID");
	tui_send(t, CTRL_U, 1);
	load_user(t, "5");
	tui_fkey(t, 3);
	tui_wait_text(t, "\"ID\": \"5\"", T_WAIT);
	tui_send(t, KEY_DOWN_SEQ, 1);
	tui_type(t, "}}");
	check(t, tui_wait_text(t, "line 2", T_WAIT),
	      "invalid JSON says where it is wrong");
	tui_fkey(t, 3);
	tui_wait_idle(t, T_WAIT);
	check(t, tui_has(t, "}}") && tui_has(t, "line 2") &&
	      tui_has(t, "F3 again to discard"),
	      "the invalid text is kept: F3 stays and says so");
	/* Not UTF-8: ncurses drops the byte, so the app reads no key. */
	tui_send(t, "\xff", 0);
	check(t, tui_wait_text(t, "not valid UTF-8", T_WAIT),
	      "bytes that are not UTF-8 are refused");
	tui_send(t, "\177\177", 2);
	tui_fkey(t, 4);
	check(t, tui_wait_text(t, "\"LAST_NAME\": \"Garcia-Ed\"", T_WAIT),
	      "$EDITOR edits the JSON and the view takes the result");
	tui_fkey(t, 3);
	check(t, tui_wait_text(t, "* Last name", T_WAIT) &&
	      tui_has(t, "Garcia-Ed"), "the Fields form follows the JSON");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

static int cancel(void)
{
	struct tui *t = start(24, 80, NULL);
	int st;

	connected(t);
	free(portal("/_control/fault", "{\"fault\": \"hang\", "
		    "\"method\": \"user.get\"}"));
	tui_type(t, "5");
	tui_fkey(t, 2);
	check(t, tui_wait_text(t, "Esc Cancel", T_WAIT) &&
	      tui_wait_text(t, "user.get 0.", T_WAIT),
	      "the status line shows the running request and a timer");
	/* Esc only once the silent server holds the request: a busy
	 * machine may not have sent it yet when the status line shows. */
	check(t, wait_requests("\"fault\": \"hang\"", 0, T_WAIT),
	      "the request reaches the silent server");
	tui_send(t, "\033", 1);
	check(t, tui_wait_text(t, "user.get failed", 2000),
	      "Esc cancels a request that waits on a silent server");
	check(t, tui_has(t, "had reached the portal"),
	      "the log says the request had reached the portal");
	tui_fkey(t, 10);
	st = -1;
	tui_wait_exit(t, T_WAIT, &st);
	check(t, st == 0 && tui_tty_sane(t), "quits cleanly after");
	tui_free(t);
	return tap_done();
}

static int resize(void)
{
	struct tui *t = start(24, 80, NULL);
	static const int sizes[][2] = { { 30, 100 }, { 24, 80 }, { 40, 120 },
		{ 20, 60 }, { 26, 90 } };
	int before;

	connected(t);
	tui_type(t, "12");
	for (int i = 0; i < 40; i++) {
		tui_resize(t, sizes[i % 5][0], sizes[i % 5][1]);
		if (i == 20)
			tui_type(t, "3");
	}
	tui_resize(t, 30, 100);
	tui_wait_idle(t, T_WAIT);
	check(t, tui_wait_row(t, 29, "F1 Help", T_WAIT) &&
	      tui_has(t, "User ID"),
	      "after a resize storm the status line is on the last row");
	check(t, tui_has(t, "123"), "no typed input was lost");
	tui_resize(t, 20, 60);
	check(t, tui_wait_text(t, "Terminal too small: 60x20", T_WAIT) &&
	      tui_has(t, "larger window; F10 quits."),
	      "below 80x24 a notice says the terminal is too small, whole");
	before = requests("user.get");
	tui_send(t, CTRL_U, 1);
	tui_fkey(t, 2);
	tui_type(t, "4");
	tui_wait_idle(t, T_WAIT);
	tui_resize(t, 24, 80);
	check(t, tui_wait_gone(t, "too small", T_WAIT) && tui_has(t, "1234"),
	      "the notice goes when the terminal grows; input kept");
	check(t, requests("user.get") == before,
	      "while too small, text is typed but F2 and Ctrl-U do nothing");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* "HH:MM:SS -> ..." */
static bool timed(const char *row)
{
	return strlen(row) > 9 && row[2] == ':' && row[5] == ':' &&
	       row[8] == ' ';
}

static char *saved_log(void)
{
	char pat[1024], *text = calloc(1, 65536);
	glob_t g;
	FILE *f;

	snprintf(pat, sizeof(pat), "%s/b24user/console-*.log",
		 getenv("XDG_STATE_HOME"));
	if (glob(pat, 0, NULL, &g) == 0 && g.gl_pathc == 1 &&
	    (f = fopen(g.gl_pathv[0], "r"))) {
		text[fread(text, 1, 65535, f)] = 0;
		fclose(f);
	}
	globfree(&g);
	return text;
}

static int logpane(void)
{
	struct tui *t = start(24, 80, NULL);
	const char *code = getenv("WEBHOOK_CODE");
	char *buf;

	connected(t);
	load_user(t, "5");
	tui_fkey(t, 8);
	check(t, tui_wait_text(t, "-> user.get user 5", T_WAIT) &&
	      timed(tui_row(t, tui_find_row(t, "-> user.get user 5"))),
	      "the log pane lists each request with time and user ID");
	tui_send(t, KEY_HOME_SEQ, 1);	/* Home: the oldest entry */
	tui_wait_idle(t, T_WAIT);
	check(t, strstr(tui_row(t, 4), "-> profile") != NULL,
	      "the log pane scrolls to the oldest entry");
	check(t, !tui_has(t, "WORK_CITY"), "long answers are folded");
	tui_fkey(t, 2);
	tui_type(t, "WORK_CITY");
	tui_send(t, ENTER, 1);
	tui_wait_idle(t, T_WAIT);
	check(t, tui_has(t, "\"WORK_CITY\""),
	      "search unfolds and scrolls to the match");
	tui_fkey(t, 9);
	check(t, tui_wait_text(t, "Log saved to", T_WAIT),
	      "the log can be saved");
	buf = saved_log();
	check(t, strstr(buf, "user.get") && strstr(buf, "García"),
	      "the saved log holds the requests and answers");
	check(t, code && !strstr(buf, code), "the saved log has no secret");
	free(buf);
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

static int hangup(void)
{
	struct tui *t = start(24, 80, NULL);
	int st = -1;

	connected(t);
	load_user(t, "5");
	focus_field(t, "WORK_POSITION");
	tui_send(t, CTRL_U, 1);
	tui_type(t, "Night shift");
	tui_wait_idle(t, T_WAIT);
	tui_signal(t, SIGHUP);
	tui_wait_exit(t, T_WAIT, &st);
	check(t, st == 129, "SIGHUP ends the console (status 129)");
	check(t, tui_tty_sane(t) && !tui_altscreen(t) &&
	      tui_cursor_visible(t), "the terminal is restored");
	tui_free(t);
	t = start(24, 80, NULL);
	check(t, tui_wait_text(t, "Unsent changes found", T_WAIT) &&
	      tui_has(t, "WORK_POSITION") && tui_has(t, "Night shift"),
	      "the next start offers the unsent edit");
	tui_type(t, "y");
	check(t, tui_wait_text(t, "Restored the unsent changes", T_WAIT),
	      "the edit is restored after loading the user");
	check(t, tui_has(t, "Fields*") && tui_has(t, "Night shift") &&
	      tui_find_row(t, "(WORK_POSITION)") == tui_cursor_row(t),
	      "the restored field is marked as changed");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

static int crash(void)
{
	struct tui *t = start(24, 80, NULL);
	size_t len;
	int st = -1;

	connected(t);
	tui_signal(t, SIGSEGV);
	tui_wait_exit(t, T_WAIT, &st);
	check(t, st == 128 + SIGSEGV, "a crash still ends with the signal");
	check(t, tui_tty_sane(t) && !tui_altscreen(t),
	      "the crash handler restored the terminal");
	check(t, strstr(tui_output(t, &len), "terminal was restored") != NULL,
	      "a short report is printed");
	tui_free(t);
	return tap_done();
}

static int small(void)
{
	struct tui *t = start(20, 60, NULL);

	check(t, tui_wait_text(t, "Terminal too small: 60x20", T_WAIT),
	      "a 60x20 terminal gets the notice");
	tui_resize(t, 24, 80);
	check(t, tui_wait_text(t, "acting as", T_WAIT) &&
	      !tui_has(t, "too small"), "growing to 80x24 shows the console");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

static int keys_vt100(void)
{
	static char *env[] = { "TERM=vt100", "NO_COLOR=1", "LC_ALL=",
			       "LANG=xx_YY.UTF-8", NULL };
	struct tui *t = start(24, 80, env);

	connected(t);
	check(t, tui_has(t, "using C.UTF-8"),
	      "a missing locale is named with what it fell back to");
	check(t, !tui_cell_colored(t, 0, 2) && tui_cell_reverse(t, 0, 2),
	      "NO_COLOR: the header bar is reverse video, no colour");
	tui_send(t, "\033", 1);
	tui_wait_idle(t, T_WAIT);
	tui_send(t, "6", 1);
	tui_wait_idle(t, T_WAIT);
	check(t, tui_has(t, "Parameter 1 name") || tui_has(t, "Field (code)")
	      || tui_has(t, "No user loaded"),
	      "Esc then 6 works as F6 (next form)");
	tui_send(t, "\033", 1);
	tui_wait_idle(t, T_WAIT);
	tui_send(t, "OP", 1);
	check(t, tui_wait_text(t, "Keys (Esc closes)", T_WAIT),
	      "an F1 sequence split after Esc is still F1");
	tui_send(t, "\033", 1);	/* closes the help ... */
	tui_wait_idle(t, T_WAIT);
	tui_send(t, "OP", 1);		/* ... and is still a split F1 */
	check(t, tui_wait_text(t, "Keys (Esc closes)", T_WAIT),
	      "a split F1 after an Esc that closed a dialog is F1 too");
	tui_send(t, "\033", 1);
	tui_wait_idle(t, T_WAIT);
	tui_send(t, "\021", 1);
	check(t, tui_wait_exit(t, T_WAIT, NULL) && tui_tty_sane(t),
	      "Ctrl-Q arrives (flow control off) and quits");
	tui_free(t);
	return tap_done();
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

/* No secret anywhere: the Connection form takes a typed webhook. */
static int connform(void)
{
	static char *env[] = { "B24USER_WEBHOOK_URL=", NULL };
	const char *url = getenv("WEBHOOK_URL"), *code = getenv("WEBHOOK_CODE");
	struct tui *t;
	char *cfg;

	unsetenv("B24USER_WEBHOOK_URL");
	t = start(24, 80, env);
	check(t, tui_wait_text(t, "> Profile", T_WAIT) &&
	      tui_has(t, "No credentials"),
	      "without credentials the Connection form opens and says why");
	check(t, !tui_has(t, "tick Remember") &&
	      tui_has(t, "secret_store=file"),
	      "with no keyring reachable it offers the file store instead");
	for (int i = 0; i < 4; i++)
		tui_send(t, "\t", 1);
	tui_type(t, url);
	tui_wait_idle(t, T_WAIT);
	check(t, !tui_has(t, code) && tui_has(t, "********"),
	      "the typed webhook is masked");
	tui_fkey(t, 2);
	check(t, tui_wait_text(t, "acting as: Anna", T_WAIT),
	      "connecting with the typed webhook shows the account");
	for (int i = 0; i < 3; i++)	/* back to Profile name */
		tui_send(t, "\033[Z", 1);
	tui_send(t, CTRL_U, 1);
	tui_type(t, "https://x/y");
	tui_fkey(t, 2);
	check(t, tui_wait_text(t, "A profile name is one word", T_WAIT),
	      "a URL is refused as a profile name");
	tui_send(t, CTRL_U, 1);
	tui_type(t, "office");
	tui_fkey(t, 4);
	check(t, tui_wait_text(t, "Profile \"office\" saved", T_WAIT),
	      "the connection is saved as a profile");
	cfg = config_text();
	check(t, strstr(cfg, "[profile office]") && !strstr(cfg, code) &&
	      strstr(cfg, getenv("PORTAL_URL")),
	      "the config file has the profile and its portal, no secret");
	free(cfg);
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* Admin mode goes with the read; Filter is checked as it is typed. */
static int options(void)
{
	struct tui *t = start(24, 80, NULL);

	connected(t);
	tui_fkey(t, 6);
	tui_fkey(t, 6);
	tui_wait_text(t, "Admin mode", T_WAIT);
	tui_type(t, " ");
	for (int i = 0; i < 9; i++)
		tui_send(t, "\t", 1);
	tui_type(t, "{\"ID\": ");
	check(t, tui_wait_text(t, "Filter", T_WAIT) &&
	      tui_wait_text(t, "line 1", T_WAIT),
	      "an unfinished Filter says where it is wrong");
	tui_type(t, "5}");
	check(t, tui_wait_gone(t, "line 1", T_WAIT), "a valid Filter is fine");
	tui_fkey(t, 6);		/* Options -> Log -> Connection -> User */
	tui_fkey(t, 6);
	tui_fkey(t, 6);
	tui_wait_text(t, "> User ID", T_WAIT);
	load_user(t, "5");
	check(t, requests("\"ADMIN_MODE\"") >= 1,
	      "the load carried ADMIN_MODE");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* An expired OAuth token is renewed on the request thread; the load
 * goes through and the log pane says what happened. */
static int refresh(void)
{
	struct tui *t = start(24, 80, NULL);

	connected(t);
	free(portal("/_control/expire", "{}"));
	load_user(t, "5");
	check(t, requests("oauth/token") >= 1 || requests("refresh_token"),
	      "the token endpoint was asked for a new token");
	tui_fkey(t, 8);
	check(t, tui_wait_text(t, "access token was renewed", T_WAIT),
	      "the log pane tells about the renewal");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* A one-off access token from Options replaces the webhook for the
 * send: auth= on the same portal, masked in the preview. */
static int token(void)
{
	struct tui *t = start(24, 80, NULL);
	char *pair = portal("/_control/token", "{}"), *p, tok[128] = "";

	if ((p = strstr(pair, "\"access_token\": \"")))
		sscanf(p + 17, "%127[^\"]", tok);
	free(pair);
	connected(t);
	tui_fkey(t, 6);
	tui_fkey(t, 6);
	tui_wait_text(t, "One-off access token", T_WAIT);
	tui_send(t, "\033[Z", 1);	/* from Admin mode up to the token */
	tui_type(t, tok);
	tui_wait_idle(t, T_WAIT);
	check(t, tok[0] && !tui_has(t, tok), "the typed token is masked");
	tui_fkey(t, 6);
	tui_fkey(t, 6);
	tui_fkey(t, 6);
	tui_wait_text(t, "> User ID", T_WAIT);
	load_user(t, "5");
	focus_field(t, "WORK_POSITION");
	tui_type(t, "!");
	tui_fkey(t, 5);
	check(t, tui_wait_text(t, "/rest/user.update.json", T_WAIT) &&
	      !tui_has(t, tok), "the preview uses the token, masked");
	tui_send(t, ENTER, 1);
	check(t, tui_wait_text(t, "accepted the update", T_WAIT),
	      "the update is sent with the one-off token");
	check(t, requests("\"auth\": \"token\"") >= 1,
	      "the portal saw token auth, not the webhook");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* ---- figures for tests/bench-console.sh (not a test) ---- */

static double ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static long vm_hwm_kib(pid_t pid)
{
	char path[64], line[256];
	long kib = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %ld", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

/* Key-to-screen: from writing a key to the idle marker that follows the
 * redraw, while a request waits on a 10 s answer. */
static void bench_latency(struct tui *t, int n)
{
	double *lat = calloc((size_t)n, sizeof(double)), t0;

	free(portal("/_control/fault", "{\"fault\": \"slow\", "
		    "\"seconds\": 10, \"method\": \"user.get\"}"));
	tui_type(t, "5");
	tui_fkey(t, 2);
	tui_wait_text(t, "Esc Cancel", T_WAIT);
	for (int i = 0; i < n; i++) {
		t0 = ms_now();

		tui_send(t, i % 2 ? "\177" : "7", 1);
		tui_wait_idle(t, T_WAIT);
		lat[i] = ms_now() - t0;
	}
	qsort(lat, (size_t)n, sizeof(double), cmp_double);
	printf("key-to-screen latency during a 10 s request: median %.2f ms,"
	       " p99 %.2f ms, max %.2f ms (%d keys)\n", lat[n / 2],
	       lat[n * 99 / 100], lat[n - 1], n);
	free(lat);
	t0 = ms_now();
	tui_send(t, "\033", 1);
	tui_wait_text(t, "user.get failed", T_WAIT);
	printf("Esc to \"cancelled\" in the log pane (request waiting on "
	       "the server): %.1f ms\n", ms_now() - t0);
	free(portal("/_control/fault", "{\"fault\": \"none\"}"));
}

static void bench_edit(struct tui *t)
{
	tui_send(t, CTRL_U, 1);
	load_user(t, "5");
	focus_field(t, "NAME");
	tui_send(t, CTRL_U, 1);
	tui_type(t, "Мария");
	tui_fkey(t, 5);
	tui_wait_text(t, "Send this", T_WAIT);
	tui_send(t, ENTER, 1);
	tui_wait_text(t, "accepted the update", T_WAIT);
	printf("peak resident memory after a full edit (load, change, "
	       "send): %.1f MiB\n", (double)vm_hwm_kib(tui_pid(t)) / 1024);
}

static int bench(void)
{
	double t0 = ms_now(), first, conn;
	struct tui *t = start(24, 80, NULL);
	char cmd[256];

	tui_wait_idle(t, T_WAIT);
	first = ms_now() - t0;
	tui_wait_text(t, "acting as: Anna", T_WAIT);
	conn = ms_now() - t0;
	printf("start-up to the first full screen: %.1f ms; to the "
	       "connected screen (profile call done): %.1f ms\n", first, conn);
	fflush(stdout);
	/* Calls strace sees start in 5 s, all threads; the calls that
	 * were already blocking when it attached are not counted. */
	snprintf(cmd, sizeof(cmd), "timeout -s INT 5 strace -f -qq -p %d "
		 "-o /dev/stdout 2>/dev/null | grep -vc 'unfinished\\|"
		 "resumed>\\|detached\\|restart_syscall'", (int)tui_pid(t));
	printf("system calls while idle for 5 s (strace -f): ");
	fflush(stdout);
	if (system(cmd) == -1)
		printf("(strace failed)\n");
	bench_latency(t, 400);
	bench_edit(t);
	tui_fkey(t, 10);
	tui_wait_exit(t, T_WAIT, NULL);
	tui_free(t);
	return 0;
}

static const struct {
	const char *name;
	int (*run)(void);
} scenarios[] = {
	{ "helpdesk", helpdesk }, { "input", invalid_input },
	{ "cancel", cancel }, { "resize", resize }, { "log", logpane },
	{ "hangup", hangup }, { "crash", crash }, { "small", small },
	{ "keys", keys_vt100 }, { "connform", connform },
	{ "options", options }, { "refresh", refresh }, { "token", token },
	{ "bench", bench }, { "conflict", scen_conflict },
	{ "dropped", scen_dropped }, { "undo", scen_undo },
	{ "readonly", scen_readonly }, { "marker", scen_marker },
	{ "pick", scen_pick }, { "stale", scen_stale },
	{ "sigterm", scen_sigterm }, { "unknown", scen_unknown },
	{ "switch", scen_switch }, { "param", scen_param },
	{ "pickopts", scen_pickopts }, { "busy", scen_busy },
	{ "bulk", scen_bulk }, { "bulkstop", scen_bulk_stop },
	{ "bulkfail", scen_bulk_fail },
};

int main(int argc, char **argv)
{
	if (argc < 2 || !getenv("B24USER")) {
		fprintf(stderr, "usage: B24USER=... tui-console SCENARIO\n");
		return 99;
	}
	for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
		if (strcmp(argv[1], scenarios[i].name) == 0)
			return scenarios[i].run();
	fprintf(stderr, "unknown scenario %s\n", argv[1]);
	return 99;
}
