/* The console's main loop: wait in ppoll on the keyboard and the worker
 * pipes, read keys, apply finished jobs, redraw. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "log.h"
#include "ui.h"

/* Test hook (PLATFORM.md 5.4): "idle SEQ keys=N" before each wait, on
 * the FIFO and in the terminal's own stream as an OSC that terminals
 * ignore: there it says exactly which output came before the idle. */
#define SYNC_ENV "B24USER_TEST_SYNC_FIFO"
#define SYNC_OSC "\033]7799;"
#define SPIN_MS 200

static void sync_open(struct console *c)
{
	const char *path = getenv(SYNC_ENV);

	c->sync_fd = -1;
	if (path && *path)
		c->sync_fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
}

static void sync_idle(struct console *c)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	char line[64];
	int n;
	ssize_t r;

	if (c->sync_fd < 0 || poll(&p, 1, 0) > 0)
		return;
	n = snprintf(line, sizeof(line), "idle %lu keys=%lu\n", ++c->seq,
		     c->keys);
	r = write(c->sync_fd, line, (size_t)n);
	/* After refresh(): ncurses has written the whole frame. */
	n = snprintf(line, sizeof(line), SYNC_OSC "idle %lu keys=%lu\a",
		     c->seq, c->keys);
	r = write(STDOUT_FILENO, line, (size_t)n);
	(void)r;
}

void ui_set_view(struct console *c, enum view v)
{
	c->view = v;
}

static void next_view(struct console *c)
{
	ui_set_view(c, (enum view)((c->view + 1) % V_COUNT));
}

/* An Esc that closed or cancelled something is not also the start of
 * Esc-digit (typing an ID right after closing a dialog). */
static void cancel(struct console *c)
{
	c->esc.digit_ok = false;
	if (c->dlg.kind != D_NONE) {
		if (c->dlg.kind == D_CONFIRM_SEND)
			send_cancel(c);
		dlg_close(c);
	} else if (c->busy && bulk_cancel(c)) {
		return;
	} else if (c->busy && c->req) {
		worker_cancel(c->req);
		ui_message(c, false, "Cancelling %s ...", c->busy_what);
	} else {
		c->esc.digit_ok = true;
	}
}

static void quit(struct console *c)
{
	/* Quitting would cut a batch off: its outcome then needs --resume
	 * to settle.  Esc stops the run cleanly first. */
	if (bulk_running(c)) {
		ui_message(c, true, "A bulk update is running: Esc stops it "
			   "after the batch in flight, then quit.");
		return;
	}
	if (fields_view_dirty(c) && c->dlg.kind != D_CONFIRM_QUIT) {
		char text[160];

		snprintf(text, sizeof(text), "User %s has unsent changes: "
			 "quitting drops them.", c->user_id ? c->user_id : "?");
		dlg_text(c, "Quit?", text);
		c->dlg.kind = D_CONFIRM_QUIT;
		return;
	}
	c->quit = true;
}

static void save_log(struct console *c)
{
	char path[512];
	struct b24_error err;

	b24_error_clear(&err);
	if (log_pane_save(&c->log, path, sizeof(path), &err))
		ui_message(c, false, "Log saved to %s (secrets masked).", path);
	else
		ui_error(c, &err);
}

static void toggle_log(struct console *c)
{
	static enum view back = V_USER;

	if (c->view == V_LOG) {
		ui_set_view(c, back);
	} else {
		back = c->view;
		ui_set_view(c, V_LOG);
	}
	clearok(curscr, TRUE);
}

static void search(struct console *c)
{
	c->dlg.kind = D_SEARCH;
	dlg_text(c, "Search the log", "Text to find, then Enter:");
	c->dlg.kind = D_SEARCH;
}

static void search_next(struct console *c)
{
	if (!c->log.search[0])
		search(c);
	else if (!log_pane_find(&c->log, true))
		ui_message(c, false, "\"%s\" not found further down.",
			   c->log.search);
}

void ui_run_action(struct console *c, enum action a)
{
	switch (a) {
	case A_HELP: {
		char *h = keys_help();

		dlg_text(c, "Keys (Esc closes)", h);
		free(h);
		break;
	}
	case A_QUIT: quit(c); break;
	case A_CANCEL: cancel(c); break;
	case A_SUSPEND: term_suspend(c); break;
	case A_NEXT_VIEW: next_view(c); break;
	case A_LOG: toggle_log(c); break;
	case A_SAVE_LOG: save_log(c); break;
	case A_BULK: bulk_start(c); break;
	case A_BULK_RUN: bulk_run_now(c); break;
	case A_LOAD: user_load(c); break;
	case A_SEND: send_preview(c, false); break;
	case A_CURL: send_preview(c, true); break;
	case A_JSON: json_view_toggle(c); break;
	case A_EDITOR: json_view_editor(c); break;
	case A_SEARCH: search(c); break;
	case A_SEARCH_NEXT: search_next(c); break;
	case A_UNDO: send_undo(c); break;
	case A_REVERT: fields_view_revert(c); break;
	case A_CONNECT: case A_TEST: case A_SAVE_PROFILE: case A_SIGNIN:
		conn_action(c, a);
		break;
	default:
		break;
	}
}

static struct form *current_form(struct console *c)
{
	switch (c->view) {
	case V_CONN: return &c->conn;
	case V_USER: return &c->user;
	case V_OPTIONS: return &c->opts;
	default: return NULL;
	}
}

static void view_key(struct console *c, const struct keyev *ev)
{
	struct form *f = current_form(c);

	if (ev->act == A_NEXT_FIELD || ev->act == A_PREV_FIELD) {
		int d = ev->act == A_NEXT_FIELD ? 1 : -1;

		if (f)
			form_move(f, d);
		else if (c->view == V_FIELDS && !c->fv.json)
			fields_view_key(c, &(struct keyev){ .is_key = true,
				.key = d > 0 ? KEY_DOWN : KEY_UP });
		return;
	}
	if (f)
		form_key(c, f, ev);
	else if (c->view == V_FIELDS)
		c->fv.json ? json_view_key(c, ev) : fields_view_key(c, ev);
	else if (c->view == V_LOG)
		log_pane_key(&c->log, ev, layout_log_rows(c));
}

/* Text that is not valid UTF-8, or not ASCII without a UTF-8 locale,
 * is refused here, before it reaches any field. */
static bool refuse_char(struct console *c, const struct keyev *ev)
{
	if (ev->is_key || ev->ch < 128)
		return false;
	if (!c->utf8 && ev->ch > 126) {
		ui_message(c, true, "Only ASCII can be typed: %s",
			   c->locale_note);
		return true;
	}
	if (ev->ch == 0xfffd || ev->ch > 0x10ffff ||
	    (ev->ch >= 0xd800 && ev->ch < 0xe000) || ev->ch < 0xa0) {
		ui_message(c, true, "That input was not valid UTF-8 text; "
			   "it was ignored. Check the terminal's encoding.");
		return true;
	}
	return false;
}

/* While the window is too small to show anything, typed text still
 * reaches the field it was aimed at, so a key pressed during a resize is
 * never lost; other keys would act unseen, so they are ignored, except
 * F10, Esc and Ctrl-Z. */
static bool ignored_while_small(const struct console *c,
				const struct keyev *ev)
{
	if (!c->too_small || ev->act == A_QUIT || ev->act == A_CANCEL ||
	    ev->act == A_SUSPEND)
		return false;
	return ev->is_key || ev->act != A_NONE || ev->ch < 0x20 ||
	       ev->ch == 0x7f;
}

static void handle_key(struct console *c, int rc, wint_t ch)
{
	struct keyev ev;
	unsigned long full_before;

	if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
		getmaxyx(stdscr, c->rows, c->cols);
		c->too_small = layout_too_small(c);
		return;
	}
	c->keys++;
	if (!keys_translate(&c->esc, c->view, rc, ch, &ev))
		return;
	if (ignored_while_small(c, &ev))
		return;
	if (c->dlg.kind != D_NONE && ev.act == A_CANCEL)
		c->esc.digit_ok = false;
	/* Quit and suspend work in every dialog; a suspended one comes
	 * back as it was. */
	if (c->dlg.kind != D_NONE && ev.act != A_QUIT &&
	    ev.act != A_SUSPEND && dlg_key(c, &ev))
		return;
	if (ev.act != A_NONE && ev.act != A_NEXT_FIELD &&
	    ev.act != A_PREV_FIELD) {
		c->msg[0] = 0;
		ui_run_action(c, ev.act);
		return;
	}
	if (refuse_char(c, &ev))
		return;
	full_before = le_refused();
	view_key(c, &ev);
	if (le_refused() != full_before)
		ui_message(c, true, "A field holds at most %d characters: "
			   "what went past that was left out.", LE_MAX_CHARS);
}

/* The keyboard at its end (EOF, or an error): readable, yet nothing
 * waits to be read.  Without this check the loop would wake at once,
 * forever.  Bytes ncurses dropped as not UTF-8 are already read, so the
 * terminal is not readable after them. */
static bool keyboard_gone(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	int avail = 0;

	if (poll(&p, 1, 0) <= 0)
		return false;
	if (p.revents & (POLLHUP | POLLERR | POLLNVAL))
		return true;
	return ioctl(STDIN_FILENO, FIONREAD, &avail) != 0 || avail == 0;
}

/* ncurses drops a byte sequence that is not UTF-8 (and what follows it
 * in the same burst) without returning a key: readable input that gave
 * no key at all is that case, unless the keyboard is gone (false). */
static bool read_keys(struct console *c, bool readable)
{
	wint_t ch;
	int rc, n = 0;

	while ((rc = get_wch(&ch)) != ERR && !c->quit) {
		handle_key(c, rc, ch);
		n++;
	}
	if (!readable || n > 0)
		return true;
	if (keyboard_gone())
		return false;
	ui_message(c, true, "Input that was not valid UTF-8 text was "
		   "ignored; nothing of it was used. Check the terminal's "
		   "encoding.");
	return true;
}

/* Returns the keyboard's poll flags (0 after a signal). */
static short wait_events(struct console *c)
{
	struct pollfd p[5];
	nfds_t n = 0;
	struct timespec ts;
	int ms = pick_timeout_ms(c);

	p[n++] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
	p[n++] = (struct pollfd){ .fd = worker_wake_fd(c->local),
				  .events = POLLIN };
	p[n++] = (struct pollfd){ .fd = term_signal_fd(), .events = POLLIN };
	if (c->req)
		p[n++] = (struct pollfd){ .fd = worker_wake_fd(c->req),
					  .events = POLLIN };
	if (bulk_wake_fd(c) >= 0)
		p[n++] = (struct pollfd){ .fd = bulk_wake_fd(c),
					  .events = POLLIN };
	sync_idle(c);
	/* No timeout unless the spinner animates or a search waits for a
	 * pause in typing: idle means no calls. */
	if (c->busy && (ms < 0 || ms > SPIN_MS))
		ms = SPIN_MS;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	if (ppoll(p, n, ms >= 0 ? &ts : NULL, term_wait_mask()) < 0) {
		if (errno != EINTR)
			c->quit = true;
		return 0;
	}
	if (c->busy)
		c->spin++;
	return p[0].revents;
}

/* Notes first: they belong before the answer of the job that made
 * them, whose message then stays on the message line. */
static void dispatch(struct console *c)
{
	conn_notes_drain(c);
	worker_dispatch(c->local);
	bulk_drain(c);
	if (c->req)
		worker_dispatch(c->req);
}

static int signal_exit(struct console *c)
{
	int sig = term_signal_caught() ? term_signal_caught() : SIGHUP;

	/* Whatever signal ends the console, unsent edits are kept. */
	recover_write(c);
	return 128 + sig;
}

static int loop(struct console *c)
{
	while (!c->quit) {
		short in;

		layout_draw(c);
		in = wait_events(c);
		/* A closed terminal is a hang-up, even without the signal. */
		if (term_signal_caught() || (in & (POLLHUP | POLLERR)))
			return signal_exit(c);
		if (!read_keys(c, in & POLLIN))
			return signal_exit(c);
		term_job_control(c);
		dispatch(c);
		pick_tick(c);
	}
	return B24_EXIT_OK;
}

static void console_init(struct console *c, struct console_args *args)
{
	memset(c, 0, sizeof(*c));
	c->args = args;
	c->admin = -1;
	c->cur_y = -1;
	c->view = V_USER;
	log_pane_init(&c->log);
	conn_notes_init(c);
	sync_open(c);
	pick_init(c);
	conn_init(c);
	user_init(c);
	opts_init(c);
}

/* A keyring call cannot be cancelled: after a signal the process ends
 * without waiting for one (leaving), as SIGTERM must end it promptly. */
static void console_free(struct console *c, bool leaving)
{
	conn_session_free(c);
	if (c->local && (!leaving || !worker_busy(c->local)))
		worker_free(c->local);
	conn_free(c);
	sb_free(&c->notes.text);
	pthread_mutex_destroy(&c->notes.lock);
	form_free(&c->user);
	form_free(&c->opts);
	fields_view_free(&c->fv);
	json_view_free(&c->json);
	dlg_close(c);
	log_pane_free(&c->log);
	cJSON_Delete(c->loaded);
	cJSON_Delete(c->recovered);
	send_free(c);
	pick_free(c);
	bulk_free(c);
	free(c->user_id);
	if (c->cat)
		fields_catalog_free(c->cat);
	if (c->sync_fd >= 0)
		close(c->sync_fd);
}

int console_run(struct console_args *args)
{
	struct console c;
	int status;

	/* Before any thread starts: they all inherit the blocked signals. */
	term_block_signals();
	console_init(&c, args);
	if (!term_start(&c)) {
		console_free(&c, false);
		return B24_EXIT_USAGE;
	}
	if (c.locale_note[0]) {
		ui_message(&c, true, "%s", c.locale_note);
		log_pane_add(&c.log, c.locale_note);
	}
	c.local = worker_new(NULL);
	guard_start(&c);
	recover_offer(&c);
	conn_start(&c);
	status = loop(&c);
	/* Restore the terminal before joining threads that may wait on the
	 * network, so the person gets the shell back at once. */
	term_stop();
	console_free(&c, status > 128);
	return status;
}
