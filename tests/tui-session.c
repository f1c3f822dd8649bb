/*
 * Console scenarios across a session: Ctrl-Z and fg under a job-control
 * shell (tests/tui-suspend.sh), and a second start that finds the secret
 * in a real Secret Service (tests/tui-keyring.sh).
 * Usage: tui-session SCENARIO.
 */
#include "config.h"

#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tui-session.h"
#include "tui-steps.h"

bool jobctl_open(struct jobctl *j)
{
	memset(j, 0, sizeof(*j));
	j->fd = j->keep = -1;
	snprintf(j->dir, sizeof(j->dir), "%s/jobctl.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(j->dir))
		return false;
	snprintf(j->path, sizeof(j->path), "%s/report", j->dir);
	snprintf(j->env, sizeof(j->env), "JOBCTL_REPORT=%s", j->path);
	if (mkfifo(j->path, 0600) != 0)
		return false;
	j->fd = open(j->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	/* A writer of our own: the FIFO never reads as ended, so a poll
	 * after the shell exits waits instead of spinning. */
	j->keep = open(j->path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	return j->fd >= 0 && j->keep >= 0;
}

void jobctl_close(struct jobctl *j)
{
	if (j->fd >= 0)
		close(j->fd);
	if (j->keep >= 0)
		close(j->keep);
	unlink(j->path);
	rmdir(j->dir);
}

struct tui *jobctl_start(struct jobctl *j, char *const env[])
{
	static char shell[1024];
	char *argv[] = { shell, getenv("B24USER"), NULL };
	char *all[16];
	size_t n = 0;

	snprintf(shell, sizeof(shell), "%s/tests/tui-jobctl",
		 getenv("B24_BUILDDIR"));
	all[n++] = j->env;
	for (size_t i = 0; env && env[i] && n < 15; i++)
		all[n++] = env[i];
	all[n] = NULL;
	return tui_start(24, 80, argv, all);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Take the first whole line; *found if it starts with prefix, *gone
 * if it says the program ended (nothing else will come then). */
static bool take_line(struct jobctl *j, const char *prefix, char *rest,
		      size_t len, bool *found, bool *gone)
{
	char *nl = memchr(j->buf, '\n', j->len);
	size_t n = strlen(prefix);

	if (!nl)
		return false;
	*nl = 0;
	*found = strncmp(j->buf, prefix, n) == 0;
	if (*found && rest)
		snprintf(rest, len, "%s", j->buf + n);
	if (!*found) {
		tap_diag("job-control shell: %s", j->buf);
		*gone = strncmp(j->buf, "exited", 6) == 0;
	}
	j->len -= (size_t)(nl + 1 - j->buf);
	memmove(j->buf, nl + 1, j->len);
	return true;
}

bool jobctl_wait(struct jobctl *j, const char *prefix, char *rest,
		 size_t len)
{
	long deadline = now_ms() + T_WAIT;
	bool found = false, gone = false;

	for (;;) {
		struct pollfd p = { .fd = j->fd, .events = POLLIN };
		long left = deadline - now_ms();
		ssize_t r;

		while (take_line(j, prefix, rest, len, &found, &gone))
			if (found || gone)
				return found;
		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			return false;
		r = read(j->fd, j->buf + j->len, sizeof(j->buf) - j->len - 1);
		if (r > 0)
			j->len += (size_t)r;
	}
}

char *slurp(const char *path)
{
	char *text = calloc(1, 262144);
	FILE *f = path ? fopen(path, "r") : NULL;

	if (f) {
		text[fread(text, 1, 262143, f)] = 0;
		fclose(f);
	}
	return text;
}

bool output_has(struct tui *t, const char *text)
{
	size_t n;
	const char *out = tui_output(t, &n);

	return memmem(out, n, text, strlen(text)) != NULL;
}

static const struct {
	const char *name;
	int (*run)(void);
} scenarios[] = {
	{ "suspend", scen_suspend }, { "keyring", scen_keyring },
};

int main(int argc, char **argv)
{
	if (argc < 2 || !getenv("B24USER") || !getenv("B24_BUILDDIR")) {
		fprintf(stderr, "usage: B24USER=... B24_BUILDDIR=... "
			"tui-session SCENARIO\n");
		return 99;
	}
	for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
		if (strcmp(argv[1], scenarios[i].name) == 0)
			return scenarios[i].run();
	fprintf(stderr, "unknown scenario %s\n", argv[1]);
	return 99;
}
