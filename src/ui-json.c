/* The raw JSON view of the user: a small multi-line editor kept in step
 * with the Fields form, and editing in $EDITOR. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jsonutil.h"
#include "ui.h"
#include "xalloc.h"

void json_view_free(struct textarea *ta)
{
	for (size_t i = 0; i < ta->n; i++)
		le_free(&ta->l[i]);
	free(ta->l);
	memset(ta, 0, sizeof(*ta));
}

static void set_text(struct textarea *ta, const char *text)
{
	const char *p = text;

	json_view_free(ta);
	for (;;) {
		const char *nl = strchr(p, '\n');
		char *line = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));

		ta->l = xrealloc(ta->l, (ta->n + 1) * sizeof(*ta->l));
		le_init(&ta->l[ta->n], false);
		le_set(&ta->l[ta->n++], line);
		free(line);
		if (!nl)
			break;
		p = nl + 1;
	}
}

static char *get_text(const struct textarea *ta)
{
	struct strbuf sb;

	sb_init(&sb);
	for (size_t i = 0; i < ta->n; i++) {
		char *l = le_get(&ta->l[i]);

		sb_printf(&sb, "%s%s", i ? "\n" : "", l);
		free(l);
	}
	return sb_steal(&sb);
}

void json_view_fill(struct console *c)
{
	cJSON *o = fields_view_edited(c);
	char *text = json_pretty(o);

	set_text(&c->json, text);
	c->json.bad = false;
	c->json.note[0] = 0;
	free(text);
	cJSON_Delete(o);
}

/* Parse after every change: valid JSON updates the fields at once;
 * invalid JSON keeps the text and says where it is wrong. */
static void sync_fields(struct console *c)
{
	char *text = get_text(&c->json);
	struct b24_error err;
	cJSON *o;

	b24_error_clear(&err);
	o = json_parse_text(text, strlen(text), "JSON view", &err);
	c->json.bad = !o || !cJSON_IsObject(o);
	if (o && !cJSON_IsObject(o))
		snprintf(c->json.note, sizeof(c->json.note),
			 "The user data must be a JSON object { ... }.");
	else if (!o)
		snprintf(c->json.note, sizeof(c->json.note), "%s",
			 err.message);
	else
		fields_view_apply(c, o);
	if (!c->json.bad)
		c->json.note[0] = 0;
	cJSON_Delete(o);
	free(text);
}

/* Leaving with invalid text: F3 says what is wrong and stays; only F3
 * pressed again right away discards the broken edit, on purpose. */
void json_view_toggle(struct console *c)
{
	struct textarea *ta = &c->json;

	if (!c->fv.json) {
		c->fv.json = true;
		if (!ta->bad)
			json_view_fill(c);
		return;
	}
	if (ta->bad && (!ta->warned || c->keys != ta->warned + 1)) {
		ta->warned = c->keys;
		ui_message(c, true, "Not valid JSON, kept as typed: fix it, "
			   "or press F3 again to discard this edit.");
		return;
	}
	if (ta->bad) {
		json_view_fill(c);
		ui_message(c, false, "The broken JSON edit was discarded; "
			   "the fields keep their valid values.");
	}
	ta->warned = 0;
	c->fv.json = false;
}

void json_view_draw(struct console *c, int y, int h)
{
	struct textarea *ta = &c->json;
	int rows = h - 1;

	if (!ta->n)
		json_view_fill(c);
	if (ta->row < ta->top)
		ta->top = ta->row;
	if (ta->row >= ta->top + (size_t)rows)
		ta->top = ta->row - (size_t)rows + 1;
	for (int i = 0; i < rows && ta->top + (size_t)i < ta->n; i++) {
		size_t r = ta->top + (size_t)i;
		int x = le_draw(&ta->l[r], y + i, 1, c->cols - 2, 0);

		if (r == ta->row) {
			c->cur_y = y + i;
			c->cur_x = x;
		}
	}
	if (ta->bad) {
		attron(c->color ? COLOR_PAIR(2) | A_BOLD : A_BOLD);
		ui_put_text(y + h - 1, 1, ta->note, c->cols - 2);
		attroff(c->color ? COLOR_PAIR(2) | A_BOLD : A_BOLD);
	} else {
		ui_put_text(y + h - 1, 1, "Raw JSON, in step with the Fields "
			    "form. F3: back to the fields, F4: $EDITOR.",
			    c->cols - 2);
	}
}

static void split_line(struct textarea *ta)
{
	struct lineedit *cur = &ta->l[ta->row];
	char *all = le_get(cur), *tail;
	size_t cut = cur->cur;

	cur->len = cut;
	cur->buf[cut] = 0;
	tail = le_get(cur);
	ta->l = xrealloc(ta->l, (ta->n + 1) * sizeof(*ta->l));
	memmove(&ta->l[ta->row + 2], &ta->l[ta->row + 1],
		(ta->n - ta->row - 1) * sizeof(*ta->l));
	ta->n++;
	le_init(&ta->l[ta->row + 1], false);
	le_set(&ta->l[ta->row + 1], all + strlen(tail));
	ta->l[ta->row + 1].cur = 0;
	ta->row++;
	free(all);
	free(tail);
}

/* Join line row+1 onto row (Backspace at a line start, Delete at end). */
static void join_next(struct textarea *ta, size_t row)
{
	char *a = le_get(&ta->l[row]), *b = le_get(&ta->l[row + 1]);
	struct strbuf sb;
	size_t keep = ta->l[row].len;

	sb_init(&sb);
	sb_printf(&sb, "%s%s", a, b);
	le_set(&ta->l[row], sb.buf);
	ta->l[row].cur = keep;
	le_free(&ta->l[row + 1]);
	memmove(&ta->l[row + 1], &ta->l[row + 2],
		(ta->n - row - 2) * sizeof(*ta->l));
	ta->n--;
	ta->row = row;
	sb_free(&sb);
	free(a);
	free(b);
}

static bool line_move(struct textarea *ta, int key, int page)
{
	size_t col = ta->l[ta->row].cur;

	if (key == KEY_UP && ta->row > 0)
		ta->row--;
	else if (key == KEY_DOWN && ta->row + 1 < ta->n)
		ta->row++;
	else if (key == KEY_PPAGE)
		ta->row = ta->row > (size_t)page ? ta->row - (size_t)page : 0;
	else if (key == KEY_NPAGE)
		ta->row = ta->row + (size_t)page < ta->n ?
			  ta->row + (size_t)page : ta->n - 1;
	else
		return key == KEY_UP || key == KEY_DOWN;
	ta->l[ta->row].cur = col < ta->l[ta->row].len ? col :
			     ta->l[ta->row].len;
	return true;
}

static bool joins(struct textarea *ta, const struct keyev *ev)
{
	struct lineedit *l = &ta->l[ta->row];
	bool bs = ev->is_key ? ev->key == KEY_BACKSPACE :
		  ev->ch == 127 || ev->ch == 8;

	if (bs && l->cur == 0 && ta->row > 0) {
		join_next(ta, ta->row - 1);
		return true;
	}
	if (ev->is_key && ev->key == KEY_DC && l->cur == l->len &&
	    ta->row + 1 < ta->n) {
		join_next(ta, ta->row);
		return true;
	}
	return false;
}

bool json_view_key(struct console *c, const struct keyev *ev)
{
	struct textarea *ta = &c->json;
	bool handled = true, changed;

	if (!ta->n)
		json_view_fill(c);
	if (ev->is_key && line_move(ta, ev->key, layout_form_rows(c) - 2))
		return true;
	if (!ev->is_key && (ev->ch == '\r' || ev->ch == '\n')) {
		split_line(ta);
		changed = true;
	} else if (joins(ta, ev)) {
		changed = true;
	} else {
		changed = le_key(&ta->l[ta->row], ev->is_key ? ev->key : 0,
				 ev->ch, &handled);
	}
	if (changed)
		sync_fields(c);
	return handled;
}

static bool write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	bool ok;

	if (!f)
		return false;
	ok = fputs(text, f) >= 0 && fputc('\n', f) != EOF;
	return fclose(f) == 0 && ok;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	struct strbuf sb;
	char buf[4096];
	size_t n;

	if (!f)
		return NULL;
	sb_init(&sb);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_append_len(&sb, buf, n);
	fclose(f);
	while (sb.len && sb.buf[sb.len - 1] == '\n')
		sb.buf[--sb.len] = 0;
	return sb_steal(&sb);
}

/* The child gets the signals the console blocks back, then the editor
 * (through the shell, so EDITOR="vim -u NONE" works). */
static int run_editor(const char *path)
{
	const char *ed = getenv("VISUAL") ? getenv("VISUAL") :
			 getenv("EDITOR") ? getenv("EDITOR") : "vi";
	sigset_t none;
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execl("/bin/sh", "sh", "-c", "exec $0 \"$1\"", ed, path,
		      (char *)NULL);
		_exit(127);
	}
	if (pid < 0)
		return -1;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

void json_view_editor(struct console *c)
{
	char path[] = "/tmp/b24user-XXXXXX.json";
	char *text;
	int fd, rc;

	if (!c->loaded) {
		ui_message(c, true, "Load a user first (F2).");
		return;
	}
	if (!c->json.n || !c->fv.json)
		json_view_fill(c);
	fd = mkstemps(path, 5);
	text = get_text(&c->json);
	if (fd < 0 || !write_file(path, text)) {
		ui_message(c, true, "Could not write a temporary file for "
			   "the editor.");
		if (fd >= 0)
			close(fd), unlink(path);
		free(text);
		return;
	}
	close(fd);
	free(text);
	def_prog_mode();
	endwin();
	term_child_running(true);
	rc = run_editor(path);
	term_child_running(false);
	reset_prog_mode();
	clearok(curscr, TRUE);
	text = read_file(path);
	unlink(path);
	if (rc != 0 || !text) {
		ui_message(c, true, "The editor ended with status %d; "
			   "nothing was changed.", rc);
	} else {
		set_text(&c->json, text);
		c->fv.json = true;
		sync_fields(c);
	}
	free(text);
}
