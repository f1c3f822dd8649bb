/* The screen layout: header, tabs, form area, log pane, message and status
 * lines, and the "terminal too small" notice. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "plural.h"
#include "ui.h"

static const char *const view_names[V_COUNT] = {
	"Connection", "User", "Fields", "Options", "Log" };

static attr_t bar_attr(const struct console *c)
{
	return c->color ? COLOR_PAIR(1) | A_BOLD : A_REVERSE;
}

int layout_form_rows(const struct console *c)
{
	return (c->rows - 6) * 6 / 10;
}

int layout_log_rows(const struct console *c)
{
	if (c->view == V_LOG)
		return c->rows - 6;
	return c->rows - 6 - layout_form_rows(c);
}

void ui_message(struct console *c, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->msg, sizeof(c->msg), fmt, ap);
	va_end(ap);
	c->msg_error = error;
	ui_message_posted(c);
}

void ui_error(struct console *c, const struct b24_error *err)
{
	char buf[1100];

	b24_error_format(err, buf, sizeof(buf));
	for (char *p = buf; *p; p++)
		if (*p == '\n')
			*p = ' ';
	ui_message(c, true, "%s", buf);
}

static void bar(const struct console *c, int y, const char *text)
{
	attron(bar_attr(c));
	mvhline(y, 0, ' ', c->cols);
	ui_put_text(y, 1, text, c->cols - 2);
	attroff(bar_attr(c));
}

/* The profile's marker, in its colour, follows "b24user ". */
/* "Secrets are kept in X" reads "secrets: in X" after the label. */
static const char *store_short(const char *desc)
{
	static const char lead[] = "Secrets are kept ";

	if (!desc)
		return "(not looked up yet)";
	if (strncmp(desc, lead, sizeof(lead) - 1) == 0)
		return desc + sizeof(lead) - 1;
	return desc;
}

static void account_line(const struct console *c, const char *where,
			 char *out, size_t len)
{
	snprintf(out, len, "acting as: %s%s | secrets: %s",
		 c->account[0] ? c->account : "(unknown)",
		 c->admin < 0 ? "" : c->admin ? ", admin" : ", not an admin",
		 where);
}

static void draw_header(const struct console *c)
{
	char l1[512], l2[600];
	const struct profile *p = &c->prof;
	int x;

	snprintf(l1, sizeof(l1), "| portal: %s | auth: %s",
		 p->portal && *p->portal ? p->portal : "(not set)",
		 auth_method_name(p->auth));
	/* The account first: a long store sentence may be cut, the account
	 * the credentials act as must stay in view. */
	account_line(c, c->store_brief ? c->store_brief :
		     store_short(c->store_desc), l2, sizeof(l2));
	/* A path cut short would hide where: the log pane has it whole. */
	if (c->store_brief && ui_text_width(l2) > c->cols - 2 &&
	    strncmp(c->store_brief, "file ", 5) == 0)
		account_line(c, "plain-text file (F8: where)", l2,
			     sizeof(l2));
	bar(c, 0, "b24user ");
	attron(bar_attr(c));
	x = 9 + guard_draw_marker(c, 0, 9);
	ui_put_text(0, x + 1, l1, c->cols - x - 2);
	attroff(bar_attr(c));
	ui_put_text(1, 1, l2, c->cols - 2);
}

static void draw_tabs(const struct console *c)
{
	int x = 1;

	mvhline(2, 0, ' ', c->cols);
	for (int v = 0; v < V_COUNT; v++) {
		char t[32];

		snprintf(t, sizeof(t), " %s%s ", view_names[v],
			 v == V_FIELDS && fields_view_dirty(c) ? "*" : "");
		if (v == (int)c->view)
			attron(A_REVERSE | A_BOLD);
		mvaddstr(2, x, t);
		attroff(A_REVERSE | A_BOLD);
		x += (int)strlen(t) + 1;
	}
	if (c->fv.json && c->view == V_FIELDS)
		mvaddstr(2, x + 1, "[raw JSON]");
}

static void draw_form_area(struct console *c, int y, int h)
{
	switch (c->view) {
	case V_CONN:
		form_draw(c, &c->conn, y, h);
		break;
	case V_USER:
		form_draw(c, &c->user, y, h);
		break;
	case V_OPTIONS:
		form_draw(c, &c->opts, y, h);
		break;
	case V_FIELDS:
		if (c->fv.json)
			json_view_draw(c, y, h);
		else
			fields_view_draw(c, y, h);
		break;
	default:
		break;
	}
}

static void draw_log(struct console *c, int y, int h)
{
	char t[96];

	snprintf(t, sizeof(t), " Log (%zu %s%s) ", c->log.n,
		 plural(c->log.n, "entry", "entries"),
		 c->view == V_LOG ? "; Up/Down, PgUp/PgDn, Enter folds" : "");
	mvhline(y, 0, ACS_HLINE, c->cols);
	mvaddstr(y, 2, t);
	log_pane_draw(&c->log, y + 1, 0, h, c->cols, c->view == V_LOG);
}

static void status_right(const struct console *c, char *out, size_t len)
{
	static const char spin[] = "|/-\\";
	int n = 0;

	out[0] = 0;
	if (c->busy)
		n += snprintf(out, len, "%c %s %.1fs | ", spin[c->spin % 4],
			      c->busy_what, ui_elapsed(&c->busy_since));
	if (c->have_stats) {
		double left = 50.0 - c->stats.bucket;

		n += snprintf(out + n, len - (size_t)n, "allowance ~%.0f/50",
			      left < 0 ? 0 : left);
		if (c->stats.last_operating >= 0)
			snprintf(out + n, len - (size_t)n, " | time %.2fs",
				 c->stats.last_operating);
	}
}

static void draw_status(const struct console *c)
{
	char keys[256], right[128];
	int rw;

	status_right(c, right, sizeof(right));
	rw = (int)strlen(right);
	/* Only keys that fit whole beside the figures. */
	keys_status(c->view, c->busy, keys, c->cols - rw > 1 &&
		    (size_t)(c->cols - rw) < sizeof(keys) ?
		    (size_t)(c->cols - rw) : sizeof(keys));
	attron(bar_attr(c));
	mvhline(c->rows - 1, 0, ' ', c->cols);
	ui_put_text(c->rows - 1, 0, keys, c->cols - rw - 1);
	mvaddstr(c->rows - 1, c->cols - rw, right);
	attroff(bar_attr(c));
	if (c->msg[0]) {
		attr_t a = c->msg_error ?
			   (c->color ? COLOR_PAIR(2) | A_BOLD : A_BOLD) : 0;

		attron(a);
		ui_message_draw(c, c->rows - 2);
		attroff(a);
	}
}

static void draw_too_small(const struct console *c)
{
	char t[120];
	int y = c->rows / 2;

	snprintf(t, sizeof(t), "Terminal too small: %dx%d, need %dx%d.",
		 c->cols, c->rows, UI_MIN_COLS, UI_MIN_ROWS);
	mvaddnstr(y > 0 ? y - 1 : 0, 0, t, c->cols);
	/* Short lines: the notice must fit the smallest window too. */
	mvaddnstr(y, 0, "Enlarge the window; your input is kept.", c->cols);
	mvaddnstr(y + 1, 0, "Typed text still goes to the field.", c->cols);
	mvaddnstr(y + 2, 0, "Commands work again in a larger window; "
		  "F10 quits.", c->cols);
	curs_set(0);
}

bool layout_too_small(const struct console *c)
{
	return c->rows < UI_MIN_ROWS || c->cols < UI_MIN_COLS;
}

void layout_draw(struct console *c)
{
	int fh;

	erase();
	c->too_small = layout_too_small(c);
	if (c->too_small) {
		draw_too_small(c);
		refresh();
		return;
	}
	c->cur_y = -1;
	draw_header(c);
	draw_tabs(c);
	fh = c->view == V_LOG ? 0 : layout_form_rows(c);
	if (fh > 0) {
		draw_form_area(c, 3, fh);
		draw_log(c, 3 + fh, layout_log_rows(c));
	} else {
		draw_log(c, 3, layout_log_rows(c));
	}
	draw_status(c);
	if (c->dlg.kind != D_NONE)
		dlg_draw(c);
	curs_set(c->cur_y >= 0 ? 1 : 0);
	if (c->cur_y >= 0)
		move(c->cur_y, c->cur_x);
	refresh();
}
