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

	k.label = rest * 38 / 100;
	k.cur = rest * 28 / 100;
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

/* "Label (CODE)": the label is cut, never the code. */
static void draw_label(int y, const char *label, const char *code, int w)
{
	char tail[96];
	int tw, used;

	snprintf(tail, sizeof(tail), " (%s)", code);
	tw = (int)strlen(tail);
	mvhline(y, MARK_W, ' ', w);
	if (strcmp(label, code) == 0 || tw >= w) {
		ui_put_text(y, MARK_W, code, w);
		return;
	}
	used = ui_put_text(y, MARK_W, label, w - tw);
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
	draw_label(y, label, code_of(r), k->label);
	attroff(A_REVERSE);
	ui_put_text(y, MARK_W + k->label + 1, r->cur, k->cur);
	if (focus) {
		c->cur_x = le_draw(&r->ed, y, k->new_x, k->new_w,
				   A_UNDERLINE | A_BOLD);
		c->cur_y = y;
	} else {
		le_draw_plain(&r->ed, y, k->new_x, k->new_w, ch ? A_BOLD : 0);
	}
}

static void draw_note(struct console *c, struct frow *r, int y)
{
	char hint[600];
	attr_t a = r->bad ? (c->color ? COLOR_PAIR(2) : A_BOLD) : A_DIM;

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
	ui_put_text(y, MARK_W, hint, c->cols - MARK_W - 1);
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
		fields_row_validate(r);
	return handled;
}
