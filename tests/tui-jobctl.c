/*
 * A test-only job-control shell: runs a program as the terminal's
 * foreground process group, takes the terminal back when it stops, and
 * gives it back and continues the program on SIGUSR1.
 * Usage: tui-jobctl PROGRAM [ARG...]; exits with the program's status.
 * The harness's child leads its own session, so its process group is
 * orphaned and the kernel discards a stop signal sent to it: a program
 * run through this shell sits in a group that can stop.
 * JOBCTL_REPORT names a FIFO or file that gets one line per event:
 * "started PID", "stopped SIG", "continued", "exited STATUS".
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int report_fd = -1;
static pid_t job;
static bool stopped;

static void put_fd(int fd, const char *text)
{
	ssize_t r;

	if (fd >= 0) {
		r = write(fd, text, strlen(text));
		(void)r;
	}
}

/* "WORD N", or "WORD" alone when n < 0. */
static void report(const char *word, long n)
{
	char line[64];

	if (n < 0)
		snprintf(line, sizeof(line), "%s\n", word);
	else
		snprintf(line, sizeof(line), "%s %ld\n", word, n);
	put_fd(report_fd, line);
}

/* The harness judges a screen only after an idle marker.  A stopped
 * program writes none, so the shell writes one for it; keys=0 claims no
 * key was read, so no wait for keys ends on it. */
static void settled(void)
{
	const char *path = getenv("B24USER_TEST_SYNC_FIFO");
	int fd = path ? open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC) : -1;

	put_fd(fd, "idle 0 keys=0\n");
	if (fd >= 0)
		close(fd);
}

/* As a shell does: the terminal back to itself, and a line on it. */
static void on_stop(int sig)
{
	stopped = true;
	tcsetpgrp(STDIN_FILENO, getpgrp());
	put_fd(STDOUT_FILENO, "\r\n[1]+  Stopped  (tui-jobctl)\r\n");
	report("stopped", sig);
	settled();
}

/* As fg does: the terminal first, so the program may set its modes. */
static void resume(void)
{
	if (!stopped)
		return;
	stopped = false;
	tcsetpgrp(STDIN_FILENO, job);
	kill(-job, SIGCONT);
	report("continued", -1);
}

/* True once the program has ended; *status is then its exit status. */
static bool reap(int *status)
{
	int st;

	while (waitpid(job, &st, WUNTRACED | WCONTINUED | WNOHANG) == job) {
		if (WIFSTOPPED(st)) {
			on_stop(WSTOPSIG(st));
		} else if (WIFEXITED(st) || WIFSIGNALED(st)) {
			*status = WIFEXITED(st) ? WEXITSTATUS(st) :
				  128 + WTERMSIG(st);
			return true;
		}
	}
	return false;
}

static void start(char **argv, const sigset_t *orig)
{
	job = fork();
	if (job == 0) {
		/* SIGTTOU is blocked here (inherited), so a background
		 * group may take the terminal. */
		setpgid(0, 0);
		tcsetpgrp(STDIN_FILENO, getpid());
		sigprocmask(SIG_SETMASK, orig, NULL);
		execv(argv[0], argv);
		_exit(127);
	}
	if (job < 0)
		exit(127);
	/* Both sides, so neither races the other. */
	setpgid(job, job);
	tcsetpgrp(STDIN_FILENO, job);
	report("started", (long)job);
}

int main(int argc, char **argv)
{
	static const int sigs[] = { SIGCHLD, SIGUSR1, SIGTTOU, SIGTTIN,
				    SIGTSTP, SIGHUP, SIGTERM, SIGINT };
	const char *path = getenv("JOBCTL_REPORT");
	sigset_t set, orig;
	int sig, status = 127;

	if (argc < 2) {
		fprintf(stderr, "usage: tui-jobctl PROGRAM [ARG...]\n");
		return 2;
	}
	if (path)
		report_fd = open(path, O_WRONLY | O_APPEND | O_CREAT |
				 O_NONBLOCK | O_CLOEXEC, 0600);
	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&set, sigs[i]);
	sigprocmask(SIG_BLOCK, &set, &orig);
	start(argv + 1, &orig);
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig == SIGCHLD && reap(&status))
			break;
		if (sig == SIGUSR1)
			resume();
		else if (sig == SIGHUP || sig == SIGTERM || sig == SIGINT)
			kill(-job, sig);
	}
	report("exited", status);
	return status;
}
