/* The one-line message under the forms: command-line words said the
 * console's way, and an error too wide for the line goes to the log pane
 * whole (the pane wraps) while the line points there. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "ui.h"

#define MORE " (F8: log)"
#define TAIL 4000

/* Hints from the lower layers speak to the command line. */
static const struct {
	const char *cli, *console;
} terms[] = {
	{ "--admin-mode", "Admin mode (Options form)" },
	{ "run 'b24user undo' again", "undo again (Ctrl-Y)" },
	{ "Add --yes-dismiss-self if that is really meant (--yes is not "
	  "enough)", "A bulk update in the console never does that: set "
	  "Active to no for that user alone in the Fields form (a capital Y "
	  "confirms it), or run update --from with --yes-dismiss-self" },
};

char *ui_console_terms(const char *text)
{
	struct strbuf sb;
	const char *p = text;

	sb_init(&sb);
	while (*p) {
		size_t i, n = sizeof(terms) / sizeof(terms[0]);

		for (i = 0; i < n; i++)
			if (strncmp(p, terms[i].cli, strlen(terms[i].cli)) == 0)
				break;
		if (i < n) {
			sb_append(&sb, terms[i].console);
			p += strlen(terms[i].cli);
		} else {
			sb_append_char(&sb, *p++);
		}
	}
	return sb_steal(&sb);
}

/* The log's text as one line: its wrapped lines joined again. */
static char *unwrapped(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	if (!out)
		return NULL;
	while (*s) {
		if (*s == '\n') {
			if (o == out || o[-1] != ' ')
				*o++ = ' ';
			while (*++s == ' ')
				;
		} else {
			*o++ = *s++;
		}
	}
	*o = 0;
	return out;
}

/* The log's newest lines already hold the message's start (a request's
 * error is logged by the request itself). */
static bool logged_lately(const struct console *c)
{
	char *all = log_pane_text(&c->log), *flat, head[48];
	size_t n = strlen(all);
	bool found;

	snprintf(head, sizeof(head), "%.47s", c->msg);
	flat = unwrapped(all + (n > TAIL ? n - TAIL : 0));
	found = flat && strstr(flat, head) != NULL;
	free(flat);
	free(all);
	return found;
}

void ui_message_posted(struct console *c)
{
	char *said = ui_console_terms(c->msg);

	snprintf(c->msg, sizeof(c->msg), "%s", said);
	free(said);
	if (c->msg_error && c->cols > 0 &&
	    ui_text_width(c->msg) > c->cols && !logged_lately(c))
		log_pane_add(&c->log, c->msg);
}

void ui_message_draw(const struct console *c, int y)
{
	int w = c->cols, used;

	if (ui_text_width(c->msg) <= w || w < 30) {
		ui_put_text(y, 0, c->msg, w);
		return;
	}
	used = ui_put_text(y, 0, c->msg, w - (int)strlen(MORE) - 1);
	mvaddstr(y, used, c->utf8 ? "\u2026" MORE : "~" MORE);
}
