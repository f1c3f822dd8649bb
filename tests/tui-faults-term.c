/*
 * Console terminal faults of issue 9: signals mid-request, a 20x6
 * terminal, a closed terminal (our own pty), and the console half of
 * tests/secret-scan.sh.
 */
#include "config.h"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tui-faults.h"
#include "tui-harness.h"
#include "tui-steps.h"

/* A signal while a write hangs: the terminal restored, the edit kept. */
static int signal_mid_request(int sig)
{
	struct tui *t = start(24, 80, NULL);
	char *rec;
	int st = -1;
	bool good;

	good = connected(t) && load_user(t, "5");
	edit_position(t, "Signal shift");
	fault("{\"fault\": \"hang\", \"method\": \"batch\"}");
	send_edit(t);
	good &= check(t, tui_wait_text(t, "Esc Cancel", T_WAIT),
		      "the write is under way (hanging)");
	tui_signal(t, sig);
	good &= check(t, tui_wait_exit(t, T_WAIT, &st) && st == 128 + sig,
		      "the signal ends the console mid-request");
	good &= check(t, tui_tty_sane(t) && !tui_altscreen(t) &&
		      tui_cursor_visible(t), "the terminal is restored");
	rec = read_state("recovery.json");
	if (!tap_ok(strstr(rec, "Signal shift") != NULL,
		    "the edit is kept in the recovery file")) {
		tap_diag("recovery file: %.300s", rec);
		good = false;
	}
	free(rec);
	tui_free(t);
	return tap_done() == 0 && good ? 0 : 1;
}

int scen_f_sigterm(void)
{
	return signal_mid_request(SIGTERM);
}

int scen_f_sighup(void)
{
	return signal_mid_request(SIGHUP);
}

int scen_f_sigint(void)
{
	return signal_mid_request(SIGINT);
}

/* 20 columns, 6 rows: keys do no harm; growing shows the console. */
int scen_f_tiny(void)
{
	struct tui *t = start(6, 20, NULL);
	int st = -1;

	check(t, tui_wait_idle(t, T_WAIT) && !tui_wait_exit(t, 200, &st),
	      "a 20x6 terminal: the console runs");
	check(t, tui_has(t, "small"), "and says the terminal is too small");
	tui_type(t, "5");
	tui_fkey(t, 2);
	tui_fkey(t, 8);
	tui_fkey(t, 1);
	tui_send(t, "\033", 1);
	check(t, tui_wait_idle(t, T_WAIT) && !tui_wait_exit(t, 200, &st),
	      "keys on the tiny terminal do no harm");
	tui_resize(t, 24, 80);
	check(t, tui_wait_text(t, "acting as", T_WAIT),
	      "growing to 80x24 shows the console");
	quit(t, 0);
	tui_free(t);
	return tap_done();
}

/* ---- a closed terminal: our own pty, so the master can go away ---- */

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Read the master until text appears; false at the deadline. */
static bool pty_wait(int fd, const char *text, int timeout_ms)
{
	static char seen[1 << 16];
	static size_t len;
	long end = now_ms() + timeout_ms;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;

	while (now_ms() < end) {
		if (poll(&p, 1, 100) <= 0)
			continue;
		if (len > sizeof(seen) / 2) {
			memmove(seen, seen + len / 2, len - len / 2);
			len -= len / 2;
		}
		n = read(fd, seen + len, sizeof(seen) - len - 1);
		if (n <= 0)
			return false;
		len += (size_t)n;
		seen[len] = 0;
		if (strstr(seen, text))
			return true;
	}
	return false;
}

/* Wait for pid with a deadline; its CPU time (ms) through rusage. */
static bool reap(pid_t pid, int timeout_ms, int *st, long *cpu_ms)
{
	long end = now_ms() + timeout_ms;
	struct rusage ru;
	int ws;

	while (now_ms() < end) {
		pid_t r = wait4(pid, &ws, WNOHANG, &ru);

		if (r == pid) {
			*st = WIFEXITED(ws) ? WEXITSTATUS(ws) :
			      128 + WTERMSIG(ws);
			*cpu_ms = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) *
				  1000L + (ru.ru_utime.tv_usec +
					   ru.ru_stime.tv_usec) / 1000L;
			return true;
		}
		poll(NULL, 0, 20);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &ws, 0);
	return false;
}

static void closed_once(bool ignore_hup)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	char *argv[] = { getenv("B24USER"), NULL };
	int master, st = -1;
	long cpu = -1;
	pid_t pid = forkpty(&master, NULL, NULL, &ws);
	const char *how = ignore_hup ? "started with SIGHUP ignored" :
			  "plain";

	if (pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		if (ignore_hup)
			signal(SIGHUP, SIG_IGN);
		execv(argv[0], argv);
		_exit(127);
	}
	if (!tap_ok(pid > 0 && pty_wait(master, "acting as", T_WAIT),
		    "closed terminal (%s): the console is up", how)) {
		if (pid > 0)
			kill(pid, SIGKILL);
		return;
	}
	close(master);
	tap_ok(reap(pid, 5000, &st, &cpu),
	       "closed terminal (%s): the process ends within 5 s", how);
	tap_diag("closed terminal (%s): status %d, CPU %ld ms", how, st, cpu);
	tap_ok(cpu >= 0 && cpu < 1500,
	       "closed terminal (%s): it did not spin (CPU %ld ms)", how,
	       cpu);
}

int scen_f_closed(void)
{
	closed_once(false);
	closed_once(true);
	return tap_done();
}

/* ---- the console half of tests/secret-scan.sh ---- */

static void save_output(struct tui *t, const char *name)
{
	char path[1024];
	size_t len;
	const char *out = tui_output(t, &len);
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", getenv("SCAN_DIR"), name);
	if ((f = fopen(path, "w"))) {
		fwrite(out, 1, len, f);
		fclose(f);
	}
}

/* Values unique to this run (SCAN_TAG), so a second run changes them. */
static void edit_tagged(struct tui *t, const char *what)
{
	char v[128];

	snprintf(v, sizeof(v), "%s %s", what,
		 getenv("SCAN_TAG") ? getenv("SCAN_TAG") : "");
	edit_position(t, v);
}

int scen_f_secrets(void)
{
	struct tui *t = start(30, 100, NULL);
	int st = -1;

	connected(t);
	load_user(t, "5");
	tui_fkey(t, 3);
	tui_wait_idle(t, T_WAIT);
	tui_fkey(t, 4);		/* $EDITOR records argv and environment */
	tui_wait_idle(t, T_WAIT);
	tui_fkey(t, 3);
	tui_wait_idle(t, T_WAIT);
	edit_tagged(t, "Scan shift");
	check(t, send_edit(t) && tui_wait_text(t, "accepted the update",
					       T_WAIT), "a send succeeds");
	edit_tagged(t, "Scan fail");
	fault("{\"fault\": \"html\", \"method\": \"batch\"}");
	send_edit(t);
	check(t, tui_wait_text(t, "Outcome unknown", T_WAIT),
	      "a send fails (HTML 502): outcome unknown");
	tui_send(t, "n", 1);
	tui_wait_idle(t, T_WAIT);
	tui_fkey(t, 8);
	tui_wait_idle(t, T_WAIT);
	tui_fkey(t, 9);
	check(t, tui_wait_text(t, "Log saved to", T_WAIT), "the log is saved");
	save_output(t, "console-1.screen");
	quit(t, 0);
	tui_free(t);

	t = start(24, 80, NULL);
	connected(t);
	load_user(t, "6");
	edit_tagged(t, "Hangup shift");
	tui_signal(t, SIGHUP);
	check(t, tui_wait_exit(t, T_WAIT, &st) && st == 129,
	      "SIGHUP leaves a recovery file");
	save_output(t, "console-2.screen");
	tui_free(t);
	return tap_done();
}
