/* Drawing the Fields form as a table and the keys that edit it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define MARK_W 2

struct cols {
	int label, cur, new_x, new_w;
};

static struct cols columns(const struct console *c)
{
	struct cols k;
	int rest = c->cols - MARK_W;

	/* 31 columns at 80: most "Label (CODE)" pairs fit whole. */
	k.label = rest * 40 / 100;
	k.cur = rest * 26 / 100;
	k.new_x = MARK_W + k.label + 1 + k.cur + 1;
	k.new_w = c->cols - k.new_x - 1;
	return k;
}

static const char *code_of(const struct frow *r)
{
	return r->def ? r->def->code : r->code;
}

static bool changed(const struct frow *r)
{
	char *t = le_get(&r->ed);
	bool ch = strcmp(t, r->cur) != 0;

	free(t);
	return ch;
}

/* Text in w columns; cut, it ends in an ellipsis so it never reads as
 * a whole (shorter) word. */
static int put_cut(int y, int x, const char *text, int w, bool utf8)
{
	int used;

	if (ui_text_width(text) <= w)
		return ui_put_text(y, x, text, w);
	if (w < 2)
		return 0;
	used = ui_put_text(y, x, text, w - 1);
	mvaddstr(y, x + used, utf8 ? "\u2026" : "~");
	return used + 1;
}

/* "Label (CODE)": the label is cut (with an ellipsis), never the code;
 * a code too long for the column is cut the same way, alone. */
static void draw_label(const struct console *c, int y, const char *label,
		       const char *code, int w)
{
	char tail[96];
	int tw, used;

	snprintf(tail, sizeof(tail), " (%s)", code);
	tw = (int)strlen(tail);
	mvhline(y, MARK_W, ' ', w);
	if (strcmp(label, code) == 0 || tw + 3 > w) {
		put_cut(y, MARK_W, code, w, c->utf8);
		return;
	}
	used = put_cut(y, MARK_W, label, w - tw, c->utf8);
	ui_put_text(y, MARK_W + used, tail, tw);
}

static void draw_row(struct console *c, struct frow *r, int y, bool focus,
		     const struct cols *k)
{
	char label[256];
	bool ch = changed(r);
	attr_t mark = c->color ? COLOR_PAIR(ch ? 3 : 0) | A_BOLD : A_BOLD;

	if (r->bad)
		mark = c->color ? COLOR_PAIR(2) | A_BOLD : A_BOLD | A_BLINK;
	attron(mark);
	mvaddstr(y, 0, r->bad ? "!" : ch ? "*" : " ");
	attroff(mark);
	snprintf(label, sizeof(label), "%s",
		 r->def && r->def->label ? r->def->label : code_of(r));
	if (focus)
		attron(A_REVERSE);
	draw_label(c, y, label, code_of(r), k->label);
	attroff(A_REVERSE);
	put_cut(y, MARK_W + k->label + 1, r->cur, k->cur, c->utf8);
	if (focus) {
		c->cur_x = le_draw(&r->ed, y, k->new_x, k->new_w,
				   A_UNDERLINE | A_BOLD);
		c->cur_y = y;
	} else {
		le_draw_plain(&r->ed, y, k->new_x, k->new_w, ch ? A_BOLD : 0,
			      c->utf8 ? "\u2026" : "~");
	}
}

static void draw_note(struct console *c, struct frow *r, int y)
{
	char hint[600];
	attr_t a = r->bad ? (c->color ? COLOR_PAIR(2) : A_BOLD) : A_DIM;
	const char *label = r->def && r->def->label ? r->def->label : NULL;
	int x = MARK_W;

	/* The focused row's label whole: the table may have cut it. */
	if (label && !r->bad && strcmp(label, code_of(r)) != 0) {
		snprintf(hint, sizeof(hint), "%s (%s): ", label, code_of(r));
		attron(A_BOLD);
		x += ui_put_text(y, x, hint, c->cols - x - 1);
		attroff(A_BOLD);
	}
	if (r->bad)
		snprintf(hint, sizeof(hint), "%s", r->note);
	else if (r->def && r->def->type == FIELD_YESNO)
		snprintf(hint, sizeof(hint), "Space toggles yes/no.");
	else if (r->def && r->def->type == FIELD_ID_LIST)
		snprintf(hint, sizeof(hint), "Department IDs: numbers "
			 "separated by commas, e.g. 1, 5.");
	else if (r->def && r->def->type == FIELD_DATE)
		snprintf(hint, sizeof(hint), "A date as YYYY-MM-DD; empty "
			 "clears it.");
	else
		snprintf(hint, sizeof(hint), "Type the new value; empty "
			 "clears the field. F3: raw JSON view.");
	attron(a);
	if (x < c->cols - 1)
		put_cut(y, x, hint, c->cols - x - 1, c->utf8);
	attroff(a);
}

void fields_view_draw(struct console *c, int y, int h)
{
	struct fieldsview *fv = &c->fv;
	struct cols k = columns(c);
	int rows = h - 2;

	if (!fv->n) {
		mvaddstr(y + 1, 2, "No user loaded: type an ID in the User "
			 "form (F6) and press F2.");
		return;
	}
	attron(A_UNDERLINE);
	mvhline(y, 0, ' ', c->cols);
	mvaddstr(y, MARK_W, "Field (code)");
	mvaddstr(y, MARK_W + k.label + 1, "Current");
	mvaddstr(y, k.new_x, "New value");
	attroff(A_UNDERLINE);
	if (fv->focus < fv->top)
		fv->top = fv->focus;
	if (fv->focus >= fv->top + (size_t)rows)
		fv->top = fv->focus - (size_t)rows + 1;
	for (int i = 0; i < rows && fv->top + (size_t)i < fv->n; i++) {
		size_t idx = fv->top + (size_t)i;

		draw_row(c, &fv->r[idx], y + 1 + i, idx == fv->focus, &k);
	}
	draw_note(c, &fv->r[fv->focus], y + h - 1);
}

static bool move_focus(struct console *c, int key)
{
	struct fieldsview *fv = &c->fv;
	size_t page = (size_t)(layout_form_rows(c) - 2);

	switch (key) {
	case KEY_UP:
		fv->focus = fv->focus ? fv->focus - 1 : fv->n - 1;
		return true;
	case KEY_DOWN:
		fv->focus = fv->focus + 1 < fv->n ? fv->focus + 1 : 0;
		return true;
	case KEY_PPAGE:
		fv->focus = fv->focus > page ? fv->focus - page : 0;
		return true;
	case KEY_NPAGE:
		fv->focus = fv->focus + page < fv->n ? fv->focus + page :
			    fv->n - 1;
		return true;
	}
	return false;
}

static bool yesno_key(struct frow *r, const struct keyev *ev)
{
	char *t;
	bool yes;

	if (ev->is_key ? ev->key != KEY_LEFT && ev->key != KEY_RIGHT :
	    !strchr(" yYnN", (int)ev->ch) || ev->ch == 0)
		return false;
	t = le_get(&r->ed);
	yes = strcmp(t, "yes") == 0;
	free(t);
	if (!ev->is_key && (ev->ch == 'y' || ev->ch == 'Y'))
		yes = false;
	else if (!ev->is_key && (ev->ch == 'n' || ev->ch == 'N'))
		yes = true;
	le_set(&r->ed, yes ? "no" : "yes");
	return true;
}

/* A value made right again takes its stale message off the screen. */
static void revalidate(struct console *c, struct frow *r)
{
	bool was_bad = r->bad;

	fields_row_validate(r);
	if (was_bad && !r->bad && c->msg_error &&
	    strstr(c->msg, code_of(r)))
		c->msg[0] = 0;
}

bool fields_view_key(struct console *c, const struct keyev *ev)
{
	struct fieldsview *fv = &c->fv;
	struct frow *r;
	bool handled;

	if (!fv->n)
		return false;
	if (ev->is_key && move_focus(c, ev->key))
		return true;
	if (!ev->is_key && (ev->ch == '\r' || ev->ch == '\n'))
		return move_focus(c, KEY_DOWN);
	r = &fv->r[fv->focus];
	if (r->def && r->def->type == FIELD_YESNO) {
		handled = yesno_key(r, ev);
	} else {
		le_key(&r->ed, ev->is_key ? ev->key : 0, ev->ch, &handled);
	}
	if (handled)
		revalidate(c, r);
	return handled;
}
