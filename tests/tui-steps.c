/* Steps the console scenarios share: start b24user in the harness, talk
 * to the fake portal, count its requests, load a user, find a field. */
#include "config.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#include "tui-harness.h"
#include "tui-steps.h"

static char *b24user_argv[] = { NULL, NULL };

struct tui *start(int rows, int cols, char *const env[])
{
	b24user_argv[0] = getenv("B24USER");
	return tui_start(rows, cols, b24user_argv, env);
}

/* A control call to the fake portal; its JSON answer (free it). */
char *portal(const char *path, const char *json)
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

bool portal_has(const char *path, const char *json, const char *want)
{
	char *s = portal(path, json);
	bool ok = strstr(s, want) != NULL;

	if (!ok)
		tap_diag("portal said: %.300s", s);
	free(s);
	return ok;
}

int requests(const char *method)
{
	char path[512], line[65536];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "%s/requests.jsonl",
		 getenv("PORTAL_DIR"));
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, method))
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

/* Wait until the portal's log holds more than n requests with text: woken
 * by inotify on its directory, so no polling, with a deadline. */
bool wait_requests(const char *text, int n, int timeout_ms)
{
	long end = ms_now() + timeout_ms;
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	bool ok;
	char ev[4096];

	if (fd < 0 || inotify_add_watch(fd, getenv("PORTAL_DIR"),
					IN_MODIFY | IN_CREATE) < 0) {
		tap_diag("inotify: cannot watch the portal's directory");
		if (fd >= 0)
			close(fd);
		return false;
	}
	/* Checked after the watch is set, so no write slips between. */
	while (!(ok = requests(text) > n) && ms_now() < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, (int)(end - ms_now())) > 0)
			while (read(fd, ev, sizeof(ev)) > 0)
				;
	}
	close(fd);
	return ok;
}

bool check(struct tui *t, bool cond, const char *what)
{
	if (!tap_ok(cond, "%s", what))
		tui_dump(t);
	return cond;
}

/* Connected, on the User form. */
bool connected(struct tui *t)
{
	return check(t, tui_wait_text(t, "acting as: Anna Kowalska", T_WAIT),
		     "the header shows who the credentials act as");
}

bool load_user(struct tui *t, const char *id)
{
	char want[64];

	tui_type(t, id);
	tui_fkey(t, 2);
	snprintf(want, sizeof(want), "Loaded user %s", id);
	return check(t, tui_wait_text(t, want, T_WAIT), "the user loads");
}

/* Move down the Fields form until the focused row is CODE. */
bool focus_field(struct tui *t, const char *code)
{
	char want[64];

	snprintf(want, sizeof(want), "(%s)", code);
	for (int i = 0; i < 60; i++) {
		int r = tui_find_row(t, want);

		if (r >= 0 && tui_cursor_row(t) == r)
			return true;
		tui_send(t, KEY_DOWN_SEQ, 1);
		tui_wait_idle(t, T_WAIT);
	}
	return false;
}

bool quit(struct tui *t, int want_status)
{
	int st = -1;

	tui_fkey(t, 10);
	/* F10 ends the console or first asks about unsent changes: judge
	 * the screen only once the app has read it (or is gone). */
	if (tui_wait_settled(t, T_WAIT) && !tui_exited(t) &&
	    tui_has(t, "unsent changes"))
		tui_type(t, "y");
	/* Exiting under ASan on a loaded machine (its leak check, the
	 * worker's join) can take seconds: a generous bound costs nothing
	 * when it exits at once. */
	tui_wait_exit(t, 3 * T_WAIT, &st);
	return check(t, st == want_status && tui_tty_sane(t) &&
		     !tui_altscreen(t), "quits and restores the terminal");
}

