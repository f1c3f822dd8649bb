/* The terminal: locale, curses start and stop, signals, and restoring the
 * terminal on every way out, including a crash. */
#include "config.h"

#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "ui.h"
/* After ui.h: term.h defines macros such as "lines". */
#include <term.h>

static struct termios saved_tio;
static bool have_tio;
static char reset_seq[256];
static size_t reset_len;
static volatile sig_atomic_t caught_sig;
/* Job control from outside: a SIGTSTP to honour, a SIGCONT to repaint. */
static volatile sig_atomic_t stop_asked, cont_seen;
static int sig_pipe[2] = { -1, -1 };
static sigset_t wait_mask;
static SCREEN *screen;

static const int flag_signals[] = { SIGHUP, SIGTERM, SIGINT, SIGQUIT };
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL,
				     SIGABRT };

/* Whichever thread takes the signal, the main loop wakes: the pipe is
 * in its poll set. */
static void on_flag_signal(int sig)
{
	ssize_t r;

	caught_sig = sig;
	if (sig_pipe[1] >= 0) {
		r = write(sig_pipe[1], "s", 1);
		(void)r;
	}
}

static void on_job_signal(int sig)
{
	ssize_t r;

	if (sig == SIGTSTP)
		stop_asked = 1;
	else
		cont_seen = 1;
	if (sig_pipe[1] >= 0) {
		r = write(sig_pipe[1], "j", 1);
		(void)r;
	}
}

static void put(const char *s)
{
	ssize_t r = write(STDERR_FILENO, s, strlen(s));

	(void)r;
}

/* Only async-signal-safe calls: tcsetattr, write, raise. */
static void on_crash(int sig)
{
	ssize_t r;

	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	r = write(STDOUT_FILENO, reset_seq, reset_len);
	(void)r;
	put("\r\nb24user stopped on an internal error (signal ");
	put(sig == SIGSEGV ? "SEGV" : sig == SIGBUS ? "BUS" :
	    sig == SIGFPE ? "FPE" : sig == SIGILL ? "ILL" : "ABRT");
	put("). The terminal was restored. Please report this with what"
	    " you were doing.\r\n");
	raise(sig);
}

static void install(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* Block the console's signals everywhere but inside ppoll, so none is
 * lost between a redraw and the wait (PLATFORM.md 5.5).  Called before
 * any thread starts, so every thread inherits the mask. */
void term_block_signals(void)
{
	sigset_t block, old;

	if (sig_pipe[0] < 0 &&
	    pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		sig_pipe[0] = sig_pipe[1] = -1;
	sigemptyset(&block);
	sigaddset(&block, SIGWINCH);
	sigaddset(&block, SIGTSTP);
	sigaddset(&block, SIGCONT);
	install(SIGTSTP, on_job_signal, 0);
	install(SIGCONT, on_job_signal, 0);
	for (size_t i = 0; i < 4; i++) {
		sigaddset(&block, flag_signals[i]);
		install(flag_signals[i], on_flag_signal, 0);
	}
	pthread_sigmask(SIG_BLOCK, &block, &old);
	wait_mask = old;
	sigdelset(&wait_mask, SIGWINCH);
	sigdelset(&wait_mask, SIGTSTP);
	sigdelset(&wait_mask, SIGCONT);
	for (size_t i = 0; i < 4; i++)
		sigdelset(&wait_mask, flag_signals[i]);
}

static void setup_signals(void)
{
	for (size_t i = 0; i < 5; i++)
		install(crash_signals[i], on_crash, SA_RESETHAND | SA_NODEFER);
	signal(SIGPIPE, SIG_IGN);
}

int term_signal_fd(void)
{
	return sig_pipe[0];
}

const sigset_t *term_wait_mask(void)
{
	return &wait_mask;
}

bool term_flag_hangup(void)
{
	return caught_sig != 0;
}

int term_signal_caught(void)
{
	return caught_sig;
}

static bool locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

static const char *asked_locale(void)
{
	const char *names[] = { "LC_ALL", "LC_CTYPE", "LANG" };

	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(names[i]);

		if (v && *v)
			return v;
	}
	return "C";
}

/* A jump host may lack the forwarded locale: fall back to C.UTF-8 and
 * say so, or to ASCII-only input when even that is missing. */
static void setup_locale(struct console *c)
{
	bool found = setlocale(LC_ALL, "") != NULL;

	c->utf8 = found && locale_is_utf8();
	if (c->utf8)
		return;
	if (setlocale(LC_CTYPE, "C.UTF-8") && locale_is_utf8()) {
		c->utf8 = true;
		snprintf(c->locale_note, sizeof(c->locale_note),
			 "Locale \"%s\" is %s; using C.UTF-8.",
			 asked_locale(), found ? "not UTF-8" : "not installed");
		return;
	}
	setlocale(LC_CTYPE, "C");
	snprintf(c->locale_note, sizeof(c->locale_note),
		 "Locale \"%s\" is %s and C.UTF-8 is missing: only ASCII "
		 "can be typed.", asked_locale(),
		 found ? "not UTF-8" : "not installed");
	ui_set_ascii(true);
}

static void add_cap(const char *name)
{
	char *s = tigetstr((char *)name);
	size_t n;

	if (!s || s == (char *)-1)
		return;
	n = strlen(s);
	if (reset_len + n < sizeof(reset_seq)) {
		memcpy(reset_seq + reset_len, s, n);
		reset_len += n;
	}
}

static void setup_colors(struct console *c)
{
	const char *nc = getenv("NO_COLOR");

	c->color = has_colors() && !(nc && *nc);
	if (!c->color)
		return;
	start_color();
	use_default_colors();
	init_pair(1, COLOR_WHITE, COLOR_BLUE);	/* header, status */
	init_pair(2, COLOR_RED, -1);		/* errors */
	init_pair(3, COLOR_GREEN, -1);		/* changed */
	init_pair(4, COLOR_YELLOW, -1);		/* notes */
	/* 8..15: the profile colours (profile_color_index), as a
	 * background with a readable foreground. */
	for (short i = 0; i < 8 && COLOR_PAIRS > 16; i++)
		init_pair((short)(8 + i), i == COLOR_BLACK || i == COLOR_BLUE ||
			  i == COLOR_RED || i == COLOR_MAGENTA ?
			  COLOR_WHITE : COLOR_BLACK, i);
}

bool term_start(struct console *c)
{
	setup_locale(c);
	setup_signals();
	have_tio = tcgetattr(STDIN_FILENO, &saved_tio) == 0;
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		fprintf(stderr, "b24user: the terminal type \"%s\" is unknown "
			"here; try TERM=xterm or TERM=vt100.\n",
			getenv("TERM") ? getenv("TERM") : "");
		return false;
	}
	add_cap("sgr0");
	add_cap("cnorm");
	add_cap("rmkx");
	add_cap("rmcup");
	/* Raw mode: Ctrl-C, Ctrl-Z, Ctrl-S and Ctrl-Q reach us as keys
	 * (raw turns IXON flow control off). */
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	/* Ours, not ncurses' handler: the main loop stops in term_suspend. */
	install(SIGTSTP, on_job_signal, 0);
	setup_colors(c);
	getmaxyx(stdscr, c->rows, c->cols);
	return true;
}

void term_stop(void)
{
	if (!screen)
		return;
	endwin();
	delscreen(screen);
	screen = NULL;
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
}

/* A window resized while the shell had the terminal sent its SIGWINCH
 * to the shell, not to us: ask the terminal for its size. */
static void resize_after_stop(struct console *c)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0 && is_term_resized(ws.ws_row, ws.ws_col))
		resize_term(ws.ws_row, ws.ws_col);
	getmaxyx(stdscr, c->rows, c->cols);
	c->too_small = layout_too_small(c);
}

/* The screen may hold anything after a stop: our modes again, and a
 * full repaint at the window's present size. */
static void repaint(struct console *c)
{
	reset_prog_mode();
	clearok(curscr, TRUE);
	resize_after_stop(c);
}

void term_show_plain(struct console *c, const char *text)
{
	struct termios keys, was;
	bool raw;
	char ch;

	def_prog_mode();
	endwin();
	printf("\n%s\n\nPress Enter (or q, Esc, Ctrl-C) to go back to the "
	       "console.\n", text);
	fflush(stdout);
	/* Key by key and no signals: Ctrl-C here means "back", not "quit
	 * the console" (nor a make demo around it). */
	raw = tcgetattr(STDIN_FILENO, &was) == 0;
	keys = was;
	keys.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG);
	keys.c_cc[VMIN] = 1;
	keys.c_cc[VTIME] = 0;
	if (raw)
		tcsetattr(STDIN_FILENO, TCSANOW, &keys);
	while (read(STDIN_FILENO, &ch, 1) == 1 &&
	       !(ch && strchr("\n\rq\033\003", ch)))
		;
	if (raw)
		tcsetattr(STDIN_FILENO, TCSANOW, &was);
	repaint(c);
}

/* Stop for real: SIGTSTP is blocked on every thread, so it is raised
 * with the default action and let through here; the process stops
 * inside pthread_sigmask and goes on from there on SIGCONT. */
static void stop_now(void)
{
	static const struct timespec now = { 0, 0 };
	sigset_t tstp, cont;

	sigemptyset(&tstp);
	sigaddset(&tstp, SIGTSTP);
	sigemptyset(&cont);
	sigaddset(&cont, SIGCONT);
	install(SIGTSTP, SIG_DFL, 0);
	raise(SIGTSTP);
	pthread_sigmask(SIG_UNBLOCK, &tstp, NULL);
	pthread_sigmask(SIG_BLOCK, &tstp, NULL);
	install(SIGTSTP, on_job_signal, 0);
	/* The SIGCONT that woke us: the repaint after this covers it. */
	while (sigtimedwait(&cont, NULL, &now) == SIGCONT)
		;
	stop_asked = 0;
	cont_seen = 0;
}

void term_suspend(struct console *c)
{
	def_prog_mode();
	endwin();
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	stop_now();
	repaint(c);
}

/* The handlers' wake-up bytes, read so the next ppoll waits again.
 * Handlers run only inside the main loop's ppoll (the signals are
 * blocked everywhere else), so none is lost here. */
static void drain_wakeups(void)
{
	char buf[64];

	while (sig_pipe[0] >= 0 && read(sig_pipe[0], buf, sizeof(buf)) > 0)
		;
}

/* While $EDITOR runs in the foreground, a stop of the process group
 * (vim's Ctrl-Z) stops the console with it, by the default action: the
 * shell then sees the whole job stopped and takes the terminal back. */
void term_child_running(bool running)
{
	sigset_t tstp;

	sigemptyset(&tstp);
	sigaddset(&tstp, SIGTSTP);
	install(SIGTSTP, running ? SIG_DFL : on_job_signal, 0);
	pthread_sigmask(running ? SIG_UNBLOCK : SIG_BLOCK, &tstp, NULL);
}

void term_job_control(struct console *c)
{
	drain_wakeups();
	if (stop_asked) {
		term_suspend(c);
	} else if (cont_seen) {
		cont_seen = 0;
		repaint(c);
	}
}
