/* Console test harness: forkpty + libvterm + idle markers, no sleeps. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <vterm.h>

#include "tui-harness.h"

struct tui {
	pid_t pid;
	int master, slave, fifo, pidfd;
	VTerm *vt;
	VTermScreen *scr;
	int rows, cols;
	unsigned long keys_sent, keys_seen, seq;
	char dir[PATH_MAX], fifo_path[PATH_MAX + 8];
	char mbuf[256];		/* FIFO lines not yet whole */
	size_t mlen;
	size_t scan;		/* output scanned for markers up to here */
	size_t marked;		/* output up to the end of the last marker */
	bool altscreen, cursor_visible, exited;
	bool settled;		/* nothing drawn since the last marker */
	int status;
	char *out;
	size_t outlen, outcap;
};

static int settermprop(VTermProp prop, VTermValue *val, void *user)
{
	struct tui *t = user;

	if (prop == VTERM_PROP_ALTSCREEN)
		t->altscreen = val->boolean;
	else if (prop == VTERM_PROP_CURSORVISIBLE)
		t->cursor_visible = val->boolean;
	return 1;
}

static VTermScreenCallbacks callbacks = { .settermprop = settermprop };

static void child(struct tui *t, char *const argv[], char *const env[])
{
	setenv("TERM", "xterm-256color", 0);
	setenv("LANG", "C.UTF-8", 0);
	setenv("B24USER_TEST_SYNC_FIFO", t->fifo_path, 1);
	for (size_t i = 0; env && env[i]; i++)
		putenv(env[i]);
	execv(argv[0], argv);
	_exit(127);
}

/* A harness that cannot start has nothing to test: stop the whole
 * script with a TAP bail-out that says why, instead of a crash later. */
static void bail_out(const char *what, const char *path)
{
	printf("Bail out! %s %s: %s\n", what, path, strerror(errno));
	fflush(stdout);
	exit(99);
}

static void make_fifo(struct tui *t)
{
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	int n;

	n = snprintf(t->dir, sizeof(t->dir), "%s/tui.XXXXXX", tmp);
	if (n < 0 || (size_t)n >= sizeof(t->dir)) {
		errno = ENAMETOOLONG;
		bail_out("TMPDIR is too long for", tmp);
	}
	if (!mkdtemp(t->dir))
		bail_out("cannot make a folder in", tmp);
	snprintf(t->fifo_path, sizeof(t->fifo_path), "%s/sync", t->dir);
	if (mkfifo(t->fifo_path, 0600) != 0)
		bail_out("cannot make the sync FIFO", t->fifo_path);
	t->fifo = open(t->fifo_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (t->fifo < 0)
		bail_out("cannot open the sync FIFO", t->fifo_path);
}

static void setup_vterm(struct tui *t)
{
	t->vt = vterm_new(t->rows, t->cols);
	vterm_set_utf8(t->vt, 1);
	t->scr = vterm_obtain_screen(t->vt);
	vterm_screen_set_callbacks(t->scr, &callbacks, t);
	vterm_screen_enable_altscreen(t->scr, 1);
	vterm_screen_reset(t->scr, 1);
	t->cursor_visible = true;
}

struct tui *tui_start(int rows, int cols, char *const argv[],
		      char *const env_extra[])
{
	struct tui *t = calloc(1, sizeof(*t));
	struct winsize ws = { .ws_row = (unsigned short)rows,
			      .ws_col = (unsigned short)cols };

	t->rows = rows;
	t->cols = cols;
	t->pidfd = -1;
	if (!t) {
		errno = ENOMEM;
		bail_out("cannot start", argv[0]);
	}
	make_fifo(t);
	setup_vterm(t);
	t->pid = forkpty(&t->master, NULL, NULL, &ws);
	if (t->pid == 0)
		child(t, argv, env_extra);
	if (t->pid < 0)
		bail_out("cannot open a pseudo-terminal for", argv[0]);
	/* Keep the terminal alive after the child exits, to read back
	 * its settings. */
	t->slave = open(ptsname(t->master), O_RDWR | O_NOCTTY | O_CLOEXEC);
	t->pidfd = (int)syscall(SYS_pidfd_open, t->pid, 0);
	fcntl(t->master, F_SETFL, O_NONBLOCK);
	return t;
}

void tui_free(struct tui *t)
{
	int st;

	if (!t)
		return;
	if (!t->exited) {
		kill(t->pid, SIGKILL);
		waitpid(t->pid, &st, 0);
	}
	close(t->master);
	close(t->slave);
	close(t->fifo);
	if (t->pidfd >= 0)
		close(t->pidfd);
	unlink(t->fifo_path);
	rmdir(t->dir);
	vterm_free(t->vt);
	free(t->out);
	free(t);
}

static void keep_output(struct tui *t, const char *buf, size_t n)
{
	if (t->outlen + n + 1 > t->outcap) {
		t->outcap = (t->outlen + n + 1) * 2;
		t->out = realloc(t->out, t->outcap);
	}
	memcpy(t->out + t->outlen, buf, n);
	t->outlen += n;
	t->out[t->outlen] = 0;
}

/* The app's idle marker in its terminal output (OSC 7799, which the
 * emulator ignores): everything before it was drawn before the idle. */
#define MARK "\033]7799;idle "

/* Find "MARK SEQ keys=N BEL" markers in the output not yet scanned; true
 * when a new one arrived. */
static bool scan_markers(struct tui *t)
{
	bool got = false;
	char *p, *bel;

	while ((p = memmem(t->out + t->scan, t->outlen - t->scan, MARK,
			   strlen(MARK))) != NULL) {
		unsigned long seq, keys;

		bel = memchr(p, '\a', (size_t)(t->out + t->outlen - p));
		if (!bel)
			return got;	/* the rest is still to come */
		if (sscanf(p + strlen(MARK), "%lu keys=%lu", &seq,
			   &keys) == 2) {
			t->seq = seq;
			t->keys_seen = keys;
			got = true;
		}
		t->scan = t->marked = (size_t)(bel + 1 - t->out);
	}
	/* Keep a marker's first bytes that may end this read. */
	if (t->outlen - t->scan > strlen(MARK))
		t->scan = t->outlen - strlen(MARK);
	return got;
}

/* Read the pty; true when output came.  The screen is settled when the
 * output ends with a marker: a frame drawn after it, even half of one,
 * waits for the next marker. */
static bool drain_pty(struct tui *t, bool *marker)
{
	char buf[8192];
	ssize_t n;
	bool got = false;

	*marker = false;
	while ((n = read(t->master, buf, sizeof(buf))) > 0) {
		vterm_input_write(t->vt, buf, (size_t)n);
		keep_output(t, buf, (size_t)n);
		*marker |= scan_markers(t);
		got = true;
	}
	if (got)
		t->settled = t->marked == t->outlen;
	*marker = *marker && t->settled;
	return got;
}

/* The app's markers on the FIFO are copies of those in its output,
 * which alone say where they fall in it.  "idle 0" comes from a helper
 * that draws nothing itself (tests/tui-jobctl once the console has
 * stopped): all it wrote comes before it, so it settles the screen.
 * True when such a marker came; *keys is its count. */
static bool read_fifo(struct tui *t, unsigned long *keys)
{
	bool got = false;
	ssize_t n;
	char *nl;

	while ((n = read(t->fifo, t->mbuf + t->mlen,
			 sizeof(t->mbuf) - t->mlen - 1)) > 0) {
		t->mlen += (size_t)n;
		t->mbuf[t->mlen] = 0;
		while ((nl = strchr(t->mbuf, '\n')) != NULL) {
			unsigned long seq, k;

			if (sscanf(t->mbuf, "idle %lu keys=%lu", &seq,
				   &k) == 2 && seq == 0) {
				*keys = k;
				got = true;
			}
			memmove(t->mbuf, nl + 1, strlen(nl + 1) + 1);
			t->mlen = strlen(t->mbuf);
		}
	}
	return got;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Screens are judged only once settled (output ending with an idle
 * marker), never half drawn.  Wait for pty output, a marker or the
 * child's exit; false at the deadline.  *marker says whether a new idle
 * marker settled the screen. */
static bool wait_event(struct tui *t, long deadline, bool *marker)
{
	struct pollfd p[3] = {
		{ .fd = t->master, .events = POLLIN },
		{ .fd = t->fifo, .events = POLLIN },
		{ .fd = t->pidfd, .events = POLLIN },
	};
	long left = deadline - now_ms();
	unsigned long keys = 0;
	bool foreign;

	*marker = false;
	if (left <= 0)
		return false;
	if (poll(p, t->pidfd >= 0 ? 3 : 2, (int)left) <= 0)
		return false;
	/* The FIFO first: output written before its marker is then read. */
	foreign = read_fifo(t, &keys);
	drain_pty(t, marker);
	if (foreign) {
		t->marked = t->outlen;
		t->settled = *marker = true;
		t->keys_seen = keys;
	}
	if (p[2].revents & POLLIN)
		t->exited = t->exited || waitpid(t->pid, &t->status,
						 WNOHANG) == t->pid;
	return true;
}

bool tui_wait_idle(struct tui *t, int timeout_ms)
{
	long deadline = now_ms() + timeout_ms;
	bool marker;

	while (wait_event(t, deadline, &marker))
		if (marker && t->keys_seen >= t->keys_sent)
			return true;
	return false;
}

bool tui_wait_settled(struct tui *t, int timeout_ms)
{
	long deadline = now_ms() + timeout_ms;
	bool marker;

	while (!t->exited && wait_event(t, deadline, &marker))
		if (marker && t->keys_seen >= t->keys_sent)
			return true;
	return t->exited;
}

bool tui_exited(const struct tui *t)
{
	return t->exited;
}

static bool wait_screen(struct tui *t, const char *text, bool present,
			int timeout_ms)
{
	long deadline = now_ms() + timeout_ms;
	bool marker;

	drain_pty(t, &marker);
	if (t->settled && tui_has(t, text) == present)
		return true;
	while (wait_event(t, deadline, &marker))
		if ((marker || t->exited) && tui_has(t, text) == present)
			return true;
	return false;
}

bool tui_wait_text(struct tui *t, const char *text, int timeout_ms)
{
	return wait_screen(t, text, true, timeout_ms);
}

bool tui_wait_gone(struct tui *t, const char *text, int timeout_ms)
{
	return wait_screen(t, text, false, timeout_ms);
}

bool tui_wait_row(struct tui *t, int r, const char *text, int timeout_ms)
{
	long deadline = now_ms() + timeout_ms;
	bool marker;

	if (t->settled && strstr(tui_row(t, r), text))
		return true;
	while (wait_event(t, deadline, &marker))
		if (marker && strstr(tui_row(t, r), text))
			return true;
	return false;
}

bool tui_wait_exit(struct tui *t, int timeout_ms, int *status)
{
	long deadline = now_ms() + timeout_ms;
	bool marker;

	while (!t->exited && wait_event(t, deadline, &marker))
		;
	if (!t->exited && waitpid(t->pid, &t->status, WNOHANG) == t->pid)
		t->exited = true;
	drain_pty(t, &marker);
	if (t->exited && status)
		*status = WIFEXITED(t->status) ? WEXITSTATUS(t->status) :
			  128 + WTERMSIG(t->status);
	return t->exited;
}

void tui_send(struct tui *t, const char *bytes, int nkeys)
{
	size_t n = strlen(bytes);

	while (n > 0) {
		ssize_t w = write(t->master, bytes, n);

		if (w < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (w <= 0)
			break;
		bytes += w;
		n -= (size_t)w;
	}
	t->keys_sent += (unsigned long)nkeys;
}

void tui_type(struct tui *t, const char *utf8)
{
	int keys = 0;

	for (const char *p = utf8; *p; p++)
		if (((unsigned char)*p & 0xc0) != 0x80)
			keys++;
	tui_send(t, utf8, keys);
}

void tui_fkey(struct tui *t, int n)
{
	static const char *const seq[] = { "", "\033OP", "\033OQ", "\033OR",
		"\033OS", "\033[15~", "\033[17~", "\033[18~", "\033[19~",
		"\033[20~", "\033[21~" };

	tui_send(t, seq[n], 1);
}

void tui_resize(struct tui *t, int rows, int cols)
{
	struct winsize ws = { .ws_row = (unsigned short)rows,
			      .ws_col = (unsigned short)cols };

	t->rows = rows;
	t->cols = cols;
	vterm_set_size(t->vt, rows, cols);
	ioctl(t->master, TIOCSWINSZ, &ws);
}

pid_t tui_pid(const struct tui *t)
{
	return t->pid;
}

void tui_signal(struct tui *t, int sig)
{
	kill(t->pid, sig);
}

const char *tui_row(struct tui *t, int r)
{
	static char buf[2048];
	VTermRect rect = { .start_row = r, .end_row = r + 1,
			   .start_col = 0, .end_col = t->cols };
	size_t n = vterm_screen_get_text(t->scr, buf, sizeof(buf) - 1, rect);

	buf[n] = 0;
	return buf;
}

int tui_cursor_row(struct tui *t)
{
	VTermPos pos;

	vterm_state_get_cursorpos(vterm_obtain_state(t->vt), &pos);
	return pos.row;
}

int tui_find_row(struct tui *t, const char *text)
{
	for (int r = 0; r < t->rows; r++)
		if (strstr(tui_row(t, r), text))
			return r;
	return -1;
}

static VTermScreenCell cell_at(struct tui *t, int row, int col)
{
	VTermScreenCell cell;
	VTermPos pos = { .row = row, .col = col };

	vterm_screen_get_cell(t->scr, pos, &cell);
	return cell;
}

bool tui_cell_colored(struct tui *t, int row, int col)
{
	VTermScreenCell c = cell_at(t, row, col);

	return !VTERM_COLOR_IS_DEFAULT_FG(&c.fg) ||
	       !VTERM_COLOR_IS_DEFAULT_BG(&c.bg);
}

bool tui_cell_reverse(struct tui *t, int row, int col)
{
	return cell_at(t, row, col).attrs.reverse;
}

bool tui_has(struct tui *t, const char *text)
{
	return tui_find_row(t, text) >= 0;
}

void tui_dump(struct tui *t)
{
	for (int r = 0; r < t->rows; r++)
		printf("# |%s\n", tui_row(t, r));
}

bool tui_tty_sane(struct tui *t)
{
	struct termios tio;

	if (tcgetattr(t->slave, &tio) != 0)
		return false;
	return (tio.c_lflag & (ICANON | ECHO | ISIG)) ==
	       (ICANON | ECHO | ISIG);
}

bool tui_altscreen(const struct tui *t)
{
	return t->altscreen;
}

bool tui_cursor_visible(const struct tui *t)
{
	return t->cursor_visible;
}

const char *tui_output(const struct tui *t, size_t *len)
{
	*len = t->outlen;
	return t->out ? t->out : "";
}

/* ---- TAP ---- */

static int tap_n, tap_failed;

void tap_plan(int n)
{
	printf("1..%d\n", n);
	fflush(stdout);
}

bool tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!cond)
		tap_failed++;
	return cond;
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

int tap_done(void)
{
	printf("1..%d\n", tap_n);
	fflush(stdout);
	return tap_failed ? 1 : 0;
}
