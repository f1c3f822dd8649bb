/* Ctrl-Z under a job-control shell (tests/tui-jobctl.c): the console
 * stops with the terminal restored, and fg redraws the whole screen. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui-session.h"
#include "tui-steps.h"

#define CTRL_Z "\032"
#define CTRL_F "\006"

/* The row of the User ID field holds text. */
static bool id_shows(struct tui *t, const char *text)
{
	int r = tui_find_row(t, "User ID");

	return r >= 0 && strstr(tui_row(t, r), text) != NULL;
}

/* Stopped: the shell has the terminal, in its normal modes, on the
 * normal screen with the cursor shown. */
static void stops(struct tui *t, struct jobctl *j, const char *how)
{
	char what[160];

	snprintf(what, sizeof(what), "%s stops the console (SIGTSTP)", how);
	check(t, jobctl_wait(j, "stopped 20", NULL, 0), what);
	check(t, tui_tty_sane(t),
	      "the stopped console gave the terminal back in its normal "
	      "modes (ICANON, ECHO, ISIG)");
	check(t, tui_wait_text(t, "Stopped", T_WAIT) && !tui_altscreen(t) &&
	      tui_cursor_visible(t) && !tui_has(t, "acting as"),
	      "it left the alternate screen and showed the cursor");
}

/* Continued: the whole screen again, with what was typed. */
static void resumes(struct tui *t, struct jobctl *j, const char *id)
{
	char what[160];

	tui_signal(t, SIGUSR1);
	check(t, jobctl_wait(j, "continued", NULL, 0), "fg continues it");
	snprintf(what, sizeof(what), "the screen is redrawn on resume: "
		 "header, the User ID \"%s\", the status line", id);
	check(t, tui_wait_text(t, "acting as: Anna Kowalska", T_WAIT) &&
	      tui_altscreen(t) && tui_has(t, "portal: ") &&
	      id_shows(t, id) && tui_has(t, "F1 Help") &&
	      !tui_has(t, "Stopped"), what);
}

/* Ctrl-Z with an ID typed, which is still there and still typed into
 * after fg; then again, with the window resized while stopped. */
static void typed_then_resized(struct tui *t, struct jobctl *j)
{
	tui_type(t, "4");
	tui_wait_idle(t, T_WAIT);
	check(t, id_shows(t, "4"), "typed into the User ID field");
	tui_send(t, CTRL_Z, 1);
	stops(t, j, "Ctrl-Z");
	resumes(t, j, "4");
	tui_type(t, "2");
	tui_wait_idle(t, T_WAIT);
	check(t, id_shows(t, "42"), "typing goes on in the same field");
	/* The window changes while the shell has the terminal: the
	 * console gets no SIGWINCH for it, yet must lay out anew. */
	tui_send(t, CTRL_Z, 1);
	stops(t, j, "Ctrl-Z again");
	tui_resize(t, 30, 100);
	resumes(t, j, "42");
	check(t, strstr(tui_row(t, 29), "F1 Help") &&
	      !strstr(tui_row(t, 23), "F1 Help"),
	      "a window resized while stopped is laid out at its new size");
}

/* Ctrl-Z works in a dialog too, and the dialog comes back with what
 * was typed into it. */
static void in_dialog(struct tui *t, struct jobctl *j)
{
	tui_fkey(t, 8);
	tui_send(t, CTRL_F, 1);
	tui_type(t, "Kowal");
	check(t, tui_wait_text(t, "Text to find", T_WAIT) &&
	      tui_wait_text(t, "Kowal", T_WAIT), "the log's search dialog");
	tui_send(t, CTRL_Z, 1);
	stops(t, j, "Ctrl-Z in a dialog");
	tui_signal(t, SIGUSR1);
	check(t, jobctl_wait(j, "continued", NULL, 0) &&
	      tui_wait_text(t, "Text to find", T_WAIT) &&
	      tui_has(t, "Kowal") && tui_has(t, "acting as: Anna"),
	      "on resume the dialog is back with what was typed");
	tui_send(t, ENTER, 1);
	check(t, tui_wait_gone(t, "Text to find", T_WAIT),
	      "the dialog still takes its keys");
	tui_fkey(t, 8);
	tui_wait_text(t, "> User ID", T_WAIT);
}

/* Ctrl-Z while the window is too small, fg once it is big enough. */
static void too_small(struct tui *t, struct jobctl *j)
{
	tui_resize(t, 20, 60);
	check(t, tui_wait_text(t, "too small", T_WAIT),
	      "a window too small says so");
	tui_send(t, CTRL_Z, 1);
	stops(t, j, "Ctrl-Z in a window too small");
	tui_resize(t, 24, 80);
	resumes(t, j, "42");
	check(t, !tui_has(t, "too small") && strstr(tui_row(t, 23), "F1 Help"),
	      "grown while stopped: the full screen at 80x24 on resume");
}

/* Stopped by another process: a SIGTSTP is a Ctrl-Z, terminal restored
 * and all; a SIGSTOP cannot be caught, but the SIGCONT of fg still
 * repaints what the shell wrote over the screen. */
static void from_outside(struct tui *t, struct jobctl *j, pid_t pid)
{
	kill(pid, SIGTSTP);
	stops(t, j, "kill -TSTP");
	resumes(t, j, "42");
	kill(pid, SIGSTOP);
	check(t, jobctl_wait(j, "stopped 19", NULL, 0),
	      "kill -STOP stops the console");
	tui_signal(t, SIGUSR1);
	check(t, jobctl_wait(j, "continued", NULL, 0) &&
	      tui_wait_gone(t, "Stopped", T_WAIT) &&
	      tui_has(t, "acting as: Anna") && id_shows(t, "42"),
	      "after kill -STOP, fg repaints what the shell wrote over it");
}

/* $EDITOR (tests/tui-suspend.sh makes one) stops its process group, as
 * vim's Ctrl-Z does: the console, waiting for it, stops with it, and fg
 * continues both. */
static void editor_stops(struct tui *t, struct jobctl *j)
{
	tui_fkey(t, 4);
	stops(t, j, "an editor's stop");
	tui_signal(t, SIGUSR1);
	check(t, jobctl_wait(j, "continued", NULL, 0) &&
	      tui_wait_text(t, "Garcia-Ed", T_WAIT) &&
	      tui_has(t, "acting as: Anna"),
	      "fg: the editor finishes and the console takes its text");
}

int scen_suspend(void)
{
	struct jobctl j;
	struct tui *t;
	char pid[32] = "0";
	int st = -1;

	if (!jobctl_open(&j))
		return tap_ok(false, "a report FIFO for the shell"), tap_done();
	t = jobctl_start(&j, NULL);
	if (!t) {
		tap_ok(false, "a pseudo-terminal for the console");
		jobctl_close(&j);
		return tap_done();
	}
	/* Without the console there is nothing more to check. */
	if (!check(t, jobctl_wait(&j, "started ", pid, sizeof(pid)),
		   "the console runs under a job-control shell") ||
	    !connected(t)) {
		tui_free(t);
		jobctl_close(&j);
		return tap_done();
	}
	typed_then_resized(t, &j);
	in_dialog(t, &j);
	too_small(t, &j);
	from_outside(t, &j, (pid_t)atol(pid));
	tui_send(t, CTRL_U, 1);
	load_user(t, "5");
	editor_stops(t, &j);
	tui_fkey(t, 10);
	if (tui_wait_text(t, "unsent changes", T_WAIT))
		tui_type(t, "y");
	check(t, tui_wait_exit(t, T_WAIT, &st) && st == 0 &&
	      jobctl_wait(&j, "exited 0", NULL, 0) && tui_tty_sane(t) &&
	      !tui_altscreen(t), "F10 quits with status 0, terminal restored");
	tui_free(t);
	jobctl_close(&j);
	return tap_done();
}
