/*
 * Reading a secret on the command line: without echo on a terminal, one
 * line of standard input otherwise.  The terminal is always restored,
 * even on Ctrl-C, because b24user reads that key itself here.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli-prompt.h"

#define LINE_MAX_BYTES 8192

struct line {
	char buf[LINE_MAX_BYTES];
	size_t len;
	bool too_long;
};

/* 1: a byte, 0: end of input, -1: error. */
static int read_byte(char *c)
{
	ssize_t n;

	do
		n = read(STDIN_FILENO, c, 1);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -1 : (int)n;
}

static void add_byte(struct line *l, char c)
{
	if (l->len + 1 < sizeof l->buf)
		l->buf[l->len++] = c;
	else
		l->too_long = true;
}

/* Backspace removes one character, UTF-8 continuation bytes included. */
static void erase_char(struct line *l)
{
	while (l->len && ((unsigned char)l->buf[l->len - 1] & 0xC0) == 0x80)
		l->len--;
	if (l->len)
		l->len--;
}

/* Byte by byte, so nothing after the line is consumed: the next prompt
 * of the same run reads the next line. */
static bool read_piped_line(struct line *l)
{
	char c;
	int r;

	while ((r = read_byte(&c)) == 1 && c != '\n')
		add_byte(l, c);
	if (l->len && l->buf[l->len - 1] == '\r')
		l->len--;
	return r >= 0 && (r == 1 || l->len > 0);
}

/* false: cancelled (Ctrl-C, Ctrl-D on an empty line, end of input). */
static bool edit_hidden_line(struct line *l, const struct termios *old)
{
	char c;

	while (read_byte(&c) == 1) {
		if (c == '\n' || c == '\r')
			return true;
		if (c == old->c_cc[VINTR] || c == old->c_cc[VQUIT] ||
		    (c == old->c_cc[VEOF] && l->len == 0))
			return false;
		if (c == old->c_cc[VERASE] || c == '\b' || c == 0x7f)
			erase_char(l);
		else if (c == old->c_cc[VKILL])
			l->len = 0;
		else if ((unsigned char)c >= 0x20 || c == '\t')
			add_byte(l, c);
	}
	return false;
}

static bool read_hidden_line(const char *question, struct line *l)
{
	struct termios old, quiet;
	bool ok;

	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return read_piped_line(l);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ICANON | ISIG | IEXTEN);
	quiet.c_cc[VMIN] = 1;
	quiet.c_cc[VTIME] = 0;
	/* Quiet before the question: nothing typed after it may echo. */
	(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	fprintf(stderr, "%s", question);
	fflush(stderr);
	ok = edit_hidden_line(l, &old);
	(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fprintf(stderr, "\n");
	return ok;
}

static bool finish(struct line *l, bool got, bool tty, bool allow_empty,
		   struct secret **out, struct b24_error *err)
{
	if (!got && tty) {
		b24_error_set(err, B24_EXIT_INTERRUPTED, "cancelled",
			      "Cancelled; nothing was changed.");
		return false;
	}
	if (l->too_long) {
		b24_error_set(err, B24_EXIT_USAGE, "input_too_long",
			      "The line is longer than %d bytes.",
			      LINE_MAX_BYTES - 1);
		return false;
	}
	if (l->len == 0 && !allow_empty) {
		b24_error_set(err, B24_EXIT_USAGE, "no_input",
			      "Nothing was entered%s.", tty ? "" :
			      " (standard input gave an empty line or "
			      "nothing)");
		return false;
	}
	*out = l->len ? secret_new_len(l->buf, l->len) : NULL;
	return true;
}

bool cli_prompt_secret(const char *question, bool allow_empty,
		       struct secret **out, struct b24_error *err)
{
	struct line l;
	bool tty = isatty(STDIN_FILENO) == 1;
	bool got, ok;

	*out = NULL;
	l.len = 0;
	l.too_long = false;
	got = tty ? read_hidden_line(question, &l) : read_piped_line(&l);
	ok = finish(&l, got, tty, allow_empty, out, err);
	secret_wipe(l.buf, sizeof l.buf);
	return ok;
}
