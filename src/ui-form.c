/* A small form engine: text, secret, choice, check and button widgets in
 * rows, with a note under a field that needs one. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui.h"
#include "xalloc.h"

#define LABEL_W 22
#define NOTE_ROWS 3	/* a longer note is cut on its last row */

static int note_width(const struct console *c)
{
	return c->cols - LABEL_W - 3;
}

/* The note's rows, each at most width columns: byte lengths in len. */
static int note_lines(const struct console *c, const char *note,
		      size_t len[NOTE_ROWS])
{
	int rows = 0, width = note_width(c);

	while (*note && rows < NOTE_ROWS) {
		len[rows] = rows + 1 < NOTE_ROWS ? ui_text_fit(note, width) : 0;
		if (!len[rows])
			len[rows] = strlen(note);
		note += len[rows++];
	}
	return rows;
}

static int rows_of(const struct console *c, const struct widget *w)
{
	size_t len[NOTE_ROWS];

	return w->hidden ? 0 : 1 + note_lines(c, w->note, len);
}

/* Scroll so the focused widget is inside h rows. */
static void keep_focus(const struct console *c, struct form *f, int h)
{
	int used = 0;

	if (f->focus < f->top)
		f->top = f->focus;
	for (;;) {
		used = 0;
		for (int i = f->top; i <= f->focus && i < f->n; i++)
			used += rows_of(c, &f->w[i]);
		if (used <= h || f->top >= f->focus)
			break;
		f->top++;
	}
}

static void draw_value(struct console *c, struct widget *w, int y,
		       bool focus)
{
	int x = LABEL_W + 2, width = c->cols - x - 2;
	char buf[128];

	if (width > 50)
		width = 50;
	switch (w->kind) {
	case W_TEXT:
	case W_SECRET: {
		if (focus) {
			c->cur_x = le_draw(&w->ed, y, x, width,
					   A_UNDERLINE | A_BOLD);
			c->cur_y = y;
		} else {
			le_draw_plain(&w->ed, y, x, width, A_UNDERLINE,
				      c->utf8 ? "\u2026" : "~");
		}
		break;
	}
	case W_CHOICE:
		snprintf(buf, sizeof(buf), "< %s >", w->choices[w->choice]);
		ui_put_text(y, x, buf, width);
		break;
	case W_CHECK:
		mvaddstr(y, x, w->checked ? "[x] yes" : "[ ] no");
		break;
	case W_BUTTON:
		break;
	}
}

/* The note under the field, wrapped at spaces over up to NOTE_ROWS. */
static void draw_note(struct console *c, const struct widget *w, int y)
{
	attr_t a = w->bad ? (c->color ? COLOR_PAIR(2) : A_BOLD) :
		   (c->color ? COLOR_PAIR(4) : 0);
	size_t len[NOTE_ROWS];
	const char *p = w->note;
	int rows = note_lines(c, p, len);

	attron(a);
	for (int r = 0; r < rows; r++) {
		char *line = xstrndup(p, len[r]);

		ui_put_text(y + r, LABEL_W + 2, line, note_width(c));
		free(line);
		p += len[r];
	}
	attroff(a);
}

static void draw_widget(struct console *c, struct widget *w, int y,
			bool focus)
{
	char label[96];

	if (focus)
		attron(A_BOLD);
	mvaddstr(y, 0, focus ? ">" : " ");
	if (w->kind == W_BUTTON) {
		snprintf(label, sizeof(label), "[ %s ]", w->label);
		if (focus)
			attron(A_REVERSE);
		ui_put_text(y, 2, label, c->cols - 4);
		attroff(A_REVERSE);
	} else {
		ui_put_text(y, 2, w->label, LABEL_W - 1);
	}
	attroff(A_BOLD);
	draw_value(c, w, y, focus);
	if (w->note[0])
		draw_note(c, w, y + 1);
}

void form_draw(struct console *c, struct form *f, int y, int h)
{
	int row = 0;

	keep_focus(c, f, h);
	for (int i = f->top; i < f->n && row < h; i++) {
		struct widget *w = &f->w[i];

		if (w->hidden)
			continue;
		if (row + rows_of(c, w) > h && i != f->focus)
			break;
		draw_widget(c, w, y + row, i == f->focus && !c->dlg.kind);
		row += rows_of(c, w);
	}
}

void form_move(struct form *f, int dir)
{
	int i = f->focus;

	for (int k = 0; k < f->n; k++) {
		i = (i + dir + f->n) % f->n;
		if (!f->w[i].hidden) {
			f->focus = i;
			return;
		}
	}
}

static bool choice_key(struct console *c, struct form *f, struct widget *w,
		       const struct keyev *ev)
{
	int d = 0;

	if (!ev->is_key && ev->ch == ' ')
		d = 1;
	else if (ev->is_key && ev->key == KEY_RIGHT)
		d = 1;
	else if (ev->is_key && ev->key == KEY_LEFT)
		d = -1;
	if (!d)
		return false;
	if (w->kind == W_CHECK)
		w->checked = !w->checked;
	else
		w->choice = (w->choice + d + w->nchoices) % w->nchoices;
	if (f->changed)
		f->changed(c, f, f->focus);
	return true;
}

static bool enter_key(struct console *c, struct form *f, struct widget *w)
{
	if (w->kind == W_BUTTON)
		ui_run_action(c, w->act);
	else
		form_move(f, 1);
	return true;
}

bool form_key(struct console *c, struct form *f, const struct keyev *ev)
{
	struct widget *w = &f->w[f->focus];
	bool handled;

	if (ev->is_key && (ev->key == KEY_DOWN || ev->key == KEY_UP)) {
		form_move(f, ev->key == KEY_DOWN ? 1 : -1);
		return true;
	}
	if (!ev->is_key && (ev->ch == '\r' || ev->ch == '\n'))
		return enter_key(c, f, w);
	if (w->kind == W_CHOICE || w->kind == W_CHECK)
		return choice_key(c, f, w, ev);
	if (w->kind == W_BUTTON)
		return false;
	if (le_key(&w->ed, ev->is_key ? ev->key : 0, ev->ch, &handled) &&
	    f->changed)
		f->changed(c, f, f->focus);
	return handled;
}

void form_free(struct form *f)
{
	for (int i = 0; i < f->n; i++)
		le_free(&f->w[i].ed);
	free(f->w);
	f->w = NULL;
	f->n = 0;
}

char *form_text(const struct form *f, int idx)
{
	return le_get(&f->w[idx].ed);
}
