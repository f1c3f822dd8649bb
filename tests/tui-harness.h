/*
 * Console test harness: run a program in a pseudo-terminal, keep its
 * screen with libvterm, and wait for the app's idle markers (in its
 * output once B24USER_TEST_SYNC_FIFO names a FIFO) or screen content,
 * always with a deadline.
 */
#ifndef B24_TUI_HARNESS_H
#define B24_TUI_HARNESS_H

#include <stdbool.h>
#include <sys/types.h>

struct tui;

/* Start argv (argv[0] a path) in a rows x cols pty; env_extra holds
 * "NAME=value" strings (NULL-terminated, may be NULL). Never NULL: a
 * harness that cannot start prints "Bail out!" and exits 99. */
struct tui *tui_start(int rows, int cols, char *const argv[],
		      char *const env_extra[]);
void tui_free(struct tui *t);

/* Send bytes that the app reads as nkeys keys. */
void tui_send(struct tui *t, const char *bytes, int nkeys);
/* Send UTF-8 text: one key per character. */
void tui_type(struct tui *t, const char *utf8);
/* Function key n (1-10) as xterm sends it. */
void tui_fkey(struct tui *t, int n);
void tui_resize(struct tui *t, int rows, int cols);
void tui_signal(struct tui *t, int sig);
pid_t tui_pid(const struct tui *t);

/* Wait until the app is idle having read every key sent so far. */
bool tui_wait_idle(struct tui *t, int timeout_ms);
/* The same, or until the app has exited (a key that may end it). */
bool tui_wait_settled(struct tui *t, int timeout_ms);
bool tui_exited(const struct tui *t);
/* Wait until text appears on the screen (or, with gone, disappears). */
bool tui_wait_text(struct tui *t, const char *text, int timeout_ms);
bool tui_wait_gone(struct tui *t, const char *text, int timeout_ms);
/* Wait until row r holds text (after a resize, say). */
bool tui_wait_row(struct tui *t, int r, const char *text, int timeout_ms);
bool tui_wait_exit(struct tui *t, int timeout_ms, int *status);

bool tui_has(struct tui *t, const char *text);
/* Cell attributes: colour other than the default, reverse video. */
bool tui_cell_colored(struct tui *t, int row, int col);
bool tui_cell_reverse(struct tui *t, int row, int col);
/* Row r of the screen as UTF-8 (static buffer). */
const char *tui_row(struct tui *t, int r);
/* The first row containing text, or -1. */
int tui_find_row(struct tui *t, const char *text);
int tui_cursor_row(struct tui *t);
void tui_dump(struct tui *t);

/* After exit: the pty's settings and the emulator's state. */
bool tui_tty_sane(struct tui *t);
bool tui_altscreen(const struct tui *t);
bool tui_cursor_visible(const struct tui *t);
/* Everything the program wrote to the terminal, for scanning. */
const char *tui_output(const struct tui *t, size_t *len);

/* TAP helpers. */
void tap_plan(int n);
bool tap_ok(bool cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int tap_done(void);
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
