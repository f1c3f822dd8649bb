/* Dialogs over the forms: help and other text, confirmations, the search
 * prompt.  Text is wrapped by display width and scrolls. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui.h"
#include "ui-signin.h"
#include "xalloc.h"

void dlg_text(struct console *c, const char *title, const char *text)
{
	dlg_close(c);
	c->dlg.kind = D_TEXT;
	c->dlg.title = xstrdup(title);
	c->dlg.text = xstrdup(text);
	c->dlg.top = 0;
	le_init(&c->dlg.input, false);
}

/* The end of the shell word at s: spaces inside '...' belong to it. */
static const char *word_end(const char *s)
{
	bool quoted = false;

	for (; *s && (quoted || *s != ' '); s++)
		if (*s == '\'')
			quoted = !quoted;
	return s;
}

static bool takes_value(const char *opt, size_t n)
{
	static const char *const with[] = { "-X", "-H", "--cacert",
		"--data-binary", "-d", "--data", "-u", "-o" };

	for (size_t i = 0; i < sizeof(with) / sizeof(with[0]); i++)
		if (strlen(with[i]) == n && strncmp(opt, with[i], n) == 0)
			return true;
	return false;
}

/* One option (with its value) per line, " \" continuations: copied
 * from the screen it pastes as the same command. */
static char *command_lines(const char *cmd)
{
	struct strbuf sb;
	const char *p = cmd;
	bool want_value = false;

	sb_init(&sb);
	while (*p) {
		const char *e = word_end(p);

		if (sb.len && !want_value)
			sb_append(&sb, " \\\n  ");
		else if (sb.len)
			sb_append_char(&sb, ' ');
		sb_append_len(&sb, p, (size_t)(e - p));
		want_value = !want_value && *p == '-' &&
			     takes_value(p, (size_t)(e - p));
		p = e;
		while (*p == ' ')
			p++;
	}
	return sb_steal(&sb);
}

void dlg_command(struct console *c, const char *title, const char *cmd)
{
	char *text = command_lines(cmd);

	dlg_text(c, title, text);
	free(text);
}

void dlg_close(struct console *c)
{
	free(c->dlg.title);
	free(c->dlg.text);
	cJSON_Delete(c->dlg.params);
	le_free(&c->dlg.input);
	memset(&c->dlg, 0, sizeof(c->dlg));
}

/* A wrapped line: where it starts in the text, and the columns it is
 * indented by when it goes on from the line above. */
struct wline {
	size_t off;
	int indent;
};

/* The indent a line's continuations get: past its leading spaces and,
 * in a key table ("  F4   Ctrl-X  text"), past the key columns. */
static int hang(const char *line, int width)
{
	int i, col = 0;

	for (i = 0; line[i] == ' '; i++)
		col = i + 1;
	for (; i < 24 && line[i] && line[i] != '\n'; i++) {
		if ((unsigned char)line[i] >= 0x80)
			break;
		if (line[i] == ' ' && line[i + 1] == ' ') {
			while (line[i + 1] == ' ')
				i++;
			col = i + 1;
		}
	}
	return col < width / 2 ? col : 0;
}

/* Wrapped lines of text, *n of them; continuations are indented as
 * their first line says. */
static struct wline *wrap(const char *text, int width, size_t *n)
{
	struct wline *wl = NULL;
	size_t cnt = 0, pos = 0;
	int indent = 0, first = 0;
	bool start = true;

	for (;;) {
		size_t len;

		if (start)
			first = hang(text + pos, width);
		len = ui_text_fit(text + pos, width - indent);
		wl = xrealloc(wl, (cnt + 1) * sizeof(*wl));
		wl[cnt].off = pos;
		wl[cnt++].indent = indent;
		pos += len;
		if (!text[pos])
			break;
		start = text[pos] == '\n';
		indent = start ? 0 : first;
		if (start || len == 0)
			pos++;
	}
	*n = cnt;
	return wl;
}

static void box_frame(int y, int x, int h, int w, const char *title)
{
	for (int r = 0; r < h; r++)
		mvhline(y + r, x, ' ', w);
	mvhline(y, x, ACS_HLINE, w);
	mvhline(y + h - 1, x, ACS_HLINE, w);
	mvvline(y, x, ACS_VLINE, h);
	mvvline(y, x + w - 1, ACS_VLINE, h);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	attron(A_BOLD);
	mvaddstr(y, x + 2, " ");
	ui_put_text(y, x + 3, title, w - 6);
	addstr(" ");
	attroff(A_BOLD);
}

/* A send that dismisses the account the credentials act as. */
static bool self_dismissal(const struct console *c)
{
	return c->dlg.kind == D_CONFIRM_SEND && c->edit &&
	       c->edit->dismisses_self;
}

static const char *footer(enum dlg_kind k)
{
	switch (k) {
	case D_CONFIRM_SEND: return "Enter or y: send   Esc or n: back";
	case D_CONFIRM_QUIT: return "y: quit   n or Esc: stay";
	case D_RECOVERY: return "y: restore   n: discard   Esc: decide later";
	case D_SEARCH: return "Enter: find   Esc: close";
	case D_CONFLICT: return "y: send mine   k: keep theirs   s or Esc: "
				"stop (per field)";
	case D_UNLOCK: return "Enter: unlock   Esc: stay read-only";
	case D_PICK: return "Up/Down: choose  Enter: load  Esc: close  "
			    "(type on to refine)";
	case D_BULK_PATH: return "Enter: read the file and show the plan   "
				 "Esc: close";
	case D_BULK_PLAN: return "y: send  a: send past failures  "
				 "c: empty cells  n/Esc: back";
	case D_RELOAD: return "y: reload the user   n or Esc: later";
	case D_DISCARD: return "y: reload, dropping the changes   "
			       "n or Esc: keep editing";
	case D_SAVE_PROFILE: return "y: save over it   n or Esc: keep the "
				    "profile as it is";
	case D_SIGNIN: return "Enter: sign in with the pasted code   F7: the "
			      "address alone, to copy   Esc: close";
	default: return "Esc: close   Up/Down, PgUp/PgDn: scroll";
	}
}

static bool has_input(const struct console *c)
{
	return c->dlg.kind == D_SEARCH || c->dlg.kind == D_UNLOCK ||
	       c->dlg.kind == D_SIGNIN || c->dlg.kind == D_BULK_PATH;
}

void dlg_draw(struct console *c)
{
	int w = c->cols - 6, h = c->rows - 4, y = 2, x = 3, body;
	size_t n;
	struct wline *wl = wrap(c->dlg.text, w - 4, &n);

	box_frame(y, x, h, w, c->dlg.title);
	body = h - 3 - (has_input(c) ? 1 : 0);
	if (c->dlg.top + (size_t)body > n)
		c->dlg.top = n > (size_t)body ? n - (size_t)body : 0;
	for (int r = 0; r < body && c->dlg.top + (size_t)r < n; r++) {
		const struct wline *l = &wl[c->dlg.top + (size_t)r];
		const char *line = c->dlg.text + l->off;
		int room = w - 4 - l->indent;
		char *cut = xstrndup(line, ui_text_fit(line, room));

		ui_put_text(y + 1 + r, x + 2 + l->indent, cut, room);
		free(cut);
	}
	free(wl);
	if (has_input(c)) {
		c->cur_x = le_draw(&c->dlg.input, y + h - 3, x + 2, w - 4,
				   A_UNDERLINE);
		c->cur_y = y + h - 3;
	} else {
		c->cur_y = -1;
	}
	ui_put_text(y + h - 2, x + 2, self_dismissal(c) ? "Y (capital): "
		    "dismiss your own account   Esc or n: back" :
		    footer(c->dlg.kind), w - 4);
}

/* Enter answers yes only where the footer says so (sending an edit):
 * out of habit it would otherwise drop edits or overwrite a profile. */
static bool yes(const struct keyev *ev, enum dlg_kind k)
{
	if (ev->is_key)
		return false;
	if (ev->ch == '\r' || ev->ch == '\n')
		return k == D_CONFIRM_SEND;
	return ev->ch == 'y' || ev->ch == 'Y';
}

static bool no(const struct keyev *ev)
{
	return (!ev->is_key && (ev->ch == 'n' || ev->ch == 'N')) ||
	       ev->act == A_CANCEL;
}

/* The bulk plan's second yes: go on past rows the portal refuses. */
static bool all_rows(const struct keyev *ev)
{
	return !ev->is_key && (ev->ch == 'a' || ev->ch == 'A');
}

static bool scroll_key(struct console *c, const struct keyev *ev)
{
	if (!ev->is_key)
		return false;
	if (ev->key == KEY_UP && c->dlg.top > 0)
		c->dlg.top--;
	else if (ev->key == KEY_DOWN)
		c->dlg.top++;
	else if (ev->key == KEY_PPAGE)
		c->dlg.top = c->dlg.top > 10 ? c->dlg.top - 10 : 0;
	else if (ev->key == KEY_NPAGE)
		c->dlg.top += 10;
	else
		return false;
	return true;
}

static void search_enter(struct console *c)
{
	char *t = le_get(&c->dlg.input);

	snprintf(c->log.search, sizeof(c->log.search), "%s", t);
	free(t);
	dlg_close(c);
	if (c->log.search[0] && !log_pane_find(&c->log, false))
		ui_message(c, false, "\"%s\" is not in the log.",
			   c->log.search);
}

static bool search_key(struct console *c, const struct keyev *ev)
{
	bool handled;

	if (ev->act == A_CANCEL) {
		dlg_close(c);
	} else if (!ev->is_key && (ev->ch == '\r' || ev->ch == '\n')) {
		search_enter(c);
	} else {
		le_key(&c->dlg.input, ev->is_key ? ev->key : 0, ev->ch,
		       &handled);
	}
	return true;
}

/* Outcome unknown: the user as the portal has it settles it. */
static void reload_user(struct console *c)
{
	dlg_close(c);
	if (!c->user_id)
		return;
	user_set_id(c, c->user_id);
	user_reload(c);
}

static bool answer_key(struct console *c, const struct keyev *ev)
{
	enum dlg_kind k = c->dlg.kind;

	/* Locking oneself out takes more than the Enter that sends the
	 * rest (the command line wants --yes-dismiss-self). */
	if (self_dismissal(c) && yes(ev, k) && ev->ch != 'Y') {
		ui_message(c, true, "Dismissing your own account takes a "
			   "capital Y; n or Esc goes back.");
		return true;
	}
	if (yes(ev, k)) {
		if (k == D_CONFIRM_SEND)
			send_confirmed(c);
		else if (k == D_CONFIRM_QUIT)
			c->quit = true;
		else if (k == D_RELOAD || k == D_DISCARD)
			reload_user(c);
		else if (k == D_BULK_PLAN)
			bulk_confirmed(c, false);
		else if (k == D_SAVE_PROFILE)
			conn_save_answer(c, true);
		else
			recover_answer(c, true);
		if (c->dlg.kind == k)
			dlg_close(c);
	} else if (k == D_BULK_PLAN && all_rows(ev)) {
		bulk_confirmed(c, true);
		if (c->dlg.kind == k)
			dlg_close(c);
	} else if (k == D_BULK_PLAN && !ev->is_key &&
		   (ev->ch == 'c' || ev->ch == 'C')) {
		bulk_replan_empty(c);
	} else if (no(ev)) {
		if (k == D_CONFIRM_SEND)
			send_cancel(c);
		else if (k == D_BULK_PLAN)
			bulk_discard(c);
		else if (k == D_RECOVERY && ev->act != A_CANCEL)
			recover_answer(c, false);
		else if (k == D_SAVE_PROFILE)
			conn_save_answer(c, false);
		else if (k == D_DISCARD)
			ui_message(c, false, "Kept the unsent changes to user "
				   "%s; nothing was read.", c->user_id);
		dlg_close(c);
	} else {
		scroll_key(c, ev);
	}
	return true;
}

/* q or Enter closes a text dialog. */
static bool closes(const struct keyev *ev)
{
	if (ev->is_key)
		return ev->key == KEY_ENTER;
	return ev->ch == 'q' || ev->ch == '\r' || ev->ch == '\n';
}

bool dlg_key(struct console *c, const struct keyev *ev)
{
	switch (c->dlg.kind) {
	case D_SEARCH:
		return search_key(c, ev);
	case D_CONFLICT:
		return conflict_key(c, ev);
	case D_UNLOCK:
		return guard_key(c, ev);
	case D_PICK:
		return pick_key(c, ev);
	case D_SIGNIN:
		return signin_key(c, ev);
	case D_BULK_PATH:
		return bulk_key(c, ev);
	case D_CONFIRM_SEND:
	case D_CONFIRM_QUIT:
	case D_RECOVERY:
	case D_RELOAD:
	case D_DISCARD:
	case D_BULK_PLAN:
	case D_SAVE_PROFILE:
		return answer_key(c, ev);
	default:
		if (ev->act == A_CANCEL || closes(ev)) {
			dlg_close(c);
			return true;
		}
		if (scroll_key(c, ev))
			return true;
		/* Commands (F-keys) still work under a text dialog; text,
		 * Tab and the rest are the dialog's, never the form's behind
		 * it, where a "y" once became a custom parameter. */
		if (ev->act != A_NONE && ev->act != A_NEXT_FIELD &&
		    ev->act != A_PREV_FIELD) {
			dlg_close(c);
			return false;
		}
		return true;
	}
}
