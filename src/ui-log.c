/* The log pane: a bounded list of entries with folding, scroll, search
 * and save; every line passes through redaction before it is kept. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "paths.h"
#include "secret.h"
#include "ui.h"
#include "xalloc.h"

#define LOG_MAX_ENTRIES 300
#define FOLD_ABOVE 12		/* longer bodies start folded */
#define FOLD_SHOW 8
#define WRAP_COLS 76	/* 80 columns less the continuation indent */

struct vline {
	size_t entry;		/* index into the ring order */
	size_t line;		/* SIZE_MAX: the "more lines" marker */
};

void ui_clock(char *out, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, len, "%H:%M:%S", &tm);
}

double ui_elapsed(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - since->tv_sec) +
	       (double)(now.tv_nsec - since->tv_nsec) / 1e9;
}

void log_pane_init(struct logpane *lp)
{
	memset(lp, 0, sizeof(*lp));
	lp->e = xcalloc(LOG_MAX_ENTRIES, sizeof(*lp->e));
	lp->follow = true;
}

static void entry_free(struct logentry *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->lines[i]);
	free(e->lines);
	memset(e, 0, sizeof(*e));
}

void log_pane_free(struct logpane *lp)
{
	for (size_t i = 0; i < LOG_MAX_ENTRIES; i++)
		entry_free(&lp->e[i]);
	free(lp->e);
	lp->e = NULL;
}

static struct logentry *entry_at(const struct logpane *lp, size_t i)
{
	return &lp->e[(lp->first + i) % LOG_MAX_ENTRIES];
}

static void push_line(struct logentry *e, const char *p, size_t n)
{
	e->lines = xrealloc(e->lines, (e->n + 1) * sizeof(char *));
	e->lines[e->n++] = xstrndup(p, n);
}

/* Bytes of p (n of them) that fit WRAP_COLS, cut after a space. */
static size_t wrap_at(const char *p, size_t n)
{
	size_t i = 0, space = 0;
	int cols = 0;

	while (i < n) {
		wchar_t wc;
		size_t len = utf8_next(p + i, &wc);

		cols += ui_wcwidth(wc);
		if (cols > WRAP_COLS)
			return space ? space : i;
		if (wc == ' ')
			space = i + 1;
		i += len;
	}
	return n;
}

/* Lines split on newlines and wrapped to the narrowest pane, so an
 * error message can be read whole at 80 columns. */
static void split_lines(struct logentry *e, const char *text)
{
	const char *p = text;

	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		size_t cut = wrap_at(p, n);

		push_line(e, p, cut);
		while (cut < n) {
			size_t more = wrap_at(p + cut, n - cut);
			char *cont = xmalloc(more + 4);

			snprintf(cont, more + 4, "   %.*s", (int)more, p + cut);
			push_line(e, cont, strlen(cont));
			free(cont);
			cut += more ? more : 1;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
}

void log_pane_add(struct logpane *lp, const char *text)
{
	char *said = ui_console_terms(text), *clean = redact_text(said);
	struct logentry *e;

	secret_wipe(said, strlen(said));
	free(said);

	if (lp->n == LOG_MAX_ENTRIES) {
		entry_free(entry_at(lp, 0));
		lp->first = (lp->first + 1) % LOG_MAX_ENTRIES;
		lp->n--;
		lp->dropped++;
	}
	e = entry_at(lp, lp->n++);
	split_lines(e, clean);
	e->folded = e->n > FOLD_ABOVE;
	free(clean);
	if (lp->follow)
		lp->top = SIZE_MAX;
}

static struct vline *push_vline(struct vline *v, size_t *cnt, size_t *cap,
				size_t entry, size_t line)
{
	if (*cnt == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		v = xrealloc(v, *cap * sizeof(*v));
	}
	v[*cnt].entry = entry;
	v[(*cnt)++].line = line;
	return v;
}

/* The lines as shown, folding applied; *n gets their count. */
static struct vline *visible(const struct logpane *lp, size_t *n)
{
	struct vline *v = NULL;
	size_t cnt = 0, cap = 0;

	for (size_t i = 0; i < lp->n; i++) {
		struct logentry *e = entry_at(lp, i);
		size_t show = e->folded ? FOLD_SHOW : e->n;

		for (size_t l = 0; l < show && l < e->n; l++)
			v = push_vline(v, &cnt, &cap, i, l);
		if (e->folded && e->n > FOLD_SHOW)
			v = push_vline(v, &cnt, &cap, i, SIZE_MAX);
	}
	*n = cnt;
	return v;
}

size_t log_pane_lines(const struct logpane *lp)
{
	size_t n;

	free(visible(lp, &n));
	return n;
}

static const char *vline_text(const struct logpane *lp,
			      const struct vline *v, char *tmp, size_t len)
{
	struct logentry *e = entry_at(lp, v->entry);

	if (v->line != SIZE_MAX)
		return e->lines[v->line];
	snprintf(tmp, len, "   ... %zu more lines (Enter unfolds)",
		 e->n - FOLD_SHOW);
	return tmp;
}

/* Following the log shows the newest entry from its first line. */
static size_t last_entry_start(const struct vline *v, size_t total)
{
	size_t i = total;

	while (i > 0 && v[i - 1].entry == v[total - 1].entry)
		i--;
	return i;
}

static size_t clamp_top(struct logpane *lp, size_t total, int h)
{
	size_t max = total > (size_t)h ? total - (size_t)h : 0;

	if (lp->top > max)
		lp->top = max;
	return lp->top;
}

void log_pane_draw(struct logpane *lp, int y, int x, int h, int w,
		   bool focused)
{
	size_t total, top;
	struct vline *v = visible(lp, &total);
	char tmp[80];

	if (lp->follow && total)
		lp->top = last_entry_start(v, total);
	top = clamp_top(lp, total, h);
	for (int r = 0; r < h; r++) {
		size_t i = top + (size_t)r;

		mvhline(y + r, x, ' ', w);
		if (i >= total)
			continue;
		if (focused && r == 0)
			attron(A_BOLD);
		ui_put_text(y + r, x, vline_text(lp, &v[i], tmp, sizeof(tmp)),
			    w);
		attroff(A_BOLD);
	}
	free(v);
}

static void toggle_fold(struct logpane *lp)
{
	size_t total;
	struct vline *v = visible(lp, &total);

	if (lp->top < total) {
		struct logentry *e = entry_at(lp, v[lp->top].entry);

		if (e->n > FOLD_ABOVE)
			e->folded = !e->folded;
	}
	free(v);
}

static void scroll_by(struct logpane *lp, long d, int h)
{
	size_t total = log_pane_lines(lp);

	clamp_top(lp, total, h);
	if (d < 0 && (size_t)-d > lp->top)
		lp->top = 0;
	else
		lp->top += (size_t)d;
	clamp_top(lp, total, h);
	lp->follow = lp->top + (size_t)h >= total;
}

bool log_pane_key(struct logpane *lp, const struct keyev *ev, int h)
{
	if (!ev->is_key) {
		if (ev->ch != '\n' && ev->ch != '\r')
			return false;
		toggle_fold(lp);
		return true;
	}
	switch (ev->key) {
	case KEY_UP: scroll_by(lp, -1, h); return true;
	case KEY_DOWN: scroll_by(lp, 1, h); return true;
	case KEY_PPAGE: scroll_by(lp, -(h - 1), h); return true;
	case KEY_NPAGE: scroll_by(lp, h - 1, h); return true;
	case KEY_HOME: lp->top = 0; lp->follow = false; return true;
	case KEY_END: lp->top = SIZE_MAX; lp->follow = true; return true;
	}
	return false;
}

/* Search from the line after the top (or the top itself); unfold the
 * entry the match is in so it can be seen. */
bool log_pane_find(struct logpane *lp, bool next)
{
	for (int pass = 0; pass < 2; pass++) {
		size_t total;
		struct vline *v;

		for (size_t i = 0; i < lp->n; i++)
			if (pass == 1)
				entry_at(lp, i)->folded = false;
		v = visible(lp, &total);
		for (size_t i = lp->top + (next ? 1 : 0); i < total; i++) {
			char tmp[80];

			if (!strcasestr(vline_text(lp, &v[i], tmp, sizeof(tmp)),
					lp->search))
				continue;
			lp->top = i;
			lp->follow = false;
			free(v);
			return true;
		}
		free(v);
	}
	return false;
}

char *log_pane_text(const struct logpane *lp)
{
	struct strbuf sb;

	sb_init(&sb);
	for (size_t i = 0; i < lp->n; i++) {
		struct logentry *e = entry_at(lp, i);

		for (size_t l = 0; l < e->n; l++)
			sb_printf(&sb, "%s\n", e->lines[l]);
	}
	return sb_steal(&sb);
}

static bool write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

bool log_pane_save(const struct logpane *lp, char *path_out, size_t len,
		   struct b24_error *err)
{
	char name[64], stamp[32];
	time_t t = time(NULL);
	char *dir = paths_state_dir(), *path, *text, *clean;
	int fd;
	bool ok;

	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", localtime(&t));
	snprintf(name, sizeof(name), "console-%s.log", stamp);
	if (!paths_make_dir(dir, err)) {
		free(dir);
		return false;
	}
	free(dir);
	path = paths_state_file(name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		b24_error_set(err, B24_EXIT_USAGE, "log_save",
			      "Could not write the log to %s: %s", path,
			      strerror(errno));
		free(path);
		return false;
	}
	text = log_pane_text(lp);
	clean = redact_text(text);
	ok = write_all(fd, clean, strlen(clean));
	if (close(fd) != 0)
		ok = false;
	if (!ok)
		b24_error_set(err, B24_EXIT_USAGE, "log_save",
			      "Writing %s failed: %s", path, strerror(errno));
	snprintf(path_out, len, "%s", path);
	free(text);
	free(clean);
	free(path);
	return ok;
}
