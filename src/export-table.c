/*
 * The table for a terminal: columns sized to the terminal, cells cut and
 * padded by display width (Cyrillic one column, CJK two), control
 * characters from the portal never reaching the terminal.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "export-internal.h"
#include "jsonutil.h"
#include "plural.h"
#include "xalloc.h"

#define GAP 2
#define MIN_COL 6

enum cell_kind { CELL_FIELD, CELL_NAME, CELL_DEPARTMENT, CELL_ACTIVE };

struct column {
	const char *header;
	enum cell_kind kind;
	const char *field;
	int weight;		/* share of the free width; 0: fixed */
	int width;
};

struct export_table {
	struct column *cols;
	size_t n;
};

static const struct column standard[] = {
	{ "ID", CELL_FIELD, "ID", 0, 7 },
	{ "Name", CELL_NAME, NULL, 26, 0 },
	{ "E-mail", CELL_FIELD, "EMAIL", 28, 0 },
	{ "Position", CELL_FIELD, "WORK_POSITION", 22, 0 },
	{ "Department", CELL_DEPARTMENT, NULL, 24, 0 },
	{ "Active", CELL_ACTIVE, NULL, 0, 6 },
};

/* One UTF-8 character; a broken byte counts as U+FFFD. */
static size_t utf8_next(const unsigned char *s, wchar_t *wc)
{
	int n = *s < 0x80 ? 1 : *s >= 0xf0 ? 4 : *s >= 0xe0 ? 3
		: *s >= 0xc2 ? 2 : 0;
	wchar_t c = n == 1 ? *s : n == 2 ? (*s & 0x1f)
		    : n == 3 ? (*s & 0x0f) : (*s & 0x07);
	int i;

	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			n = 0;
			break;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (n == 0 || *s > 0xf4) {
		*wc = 0xfffd;
		return 1;
	}
	*wc = c;
	return (size_t)n;
}

static bool is_wide(wchar_t c)
{
	return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
	       (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	       (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	       (c >= 0xffe0 && c <= 0xffe6) ||
	       (c >= 0x1f300 && c <= 0x1faff) ||
	       (c >= 0x20000 && c <= 0x3fffd);
}

/* wcwidth() knows only what the locale knows: fall back on a small
 * table so a C locale still lines up. */
static int char_width(wchar_t c)
{
	int w = wcwidth(c);

	if (w >= 0)
		return w;
	if ((c >= 0x300 && c <= 0x36f) || c == 0x200b)
		return 0;
	return is_wide(c) ? 2 : 1;
}

static bool is_control(wchar_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

static int text_width(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	int used = 0;
	wchar_t c;

	while (*p) {
		p += utf8_next(p, &c);
		used += is_control(c) ? 1 : char_width(c);
	}
	return used;
}

/* Up to width display columns of text; control characters as '?'. */
static int put_text(FILE *out, const char *text, int width)
{
	const unsigned char *p = (const unsigned char *)text;
	int used = 0, w;
	size_t len;
	wchar_t c;

	while (*p) {
		len = utf8_next(p, &c);
		w = is_control(c) ? 1 : char_width(c);
		if (used + w > width)
			break;
		if (is_control(c) || c == 0xfffd)
			fputc('?', out);
		else
			fwrite(p, 1, len, out);
		used += w;
		p += len;
	}
	return used;
}

/* Text cut to width ("…" marks a cut) unless it may not be cut, then
 * padded unless it ends the line.  Returns the columns it ran over. */
static int put_cell(FILE *out, const char *text, int width, bool cut,
		    bool last)
{
	int used;

	if (cut && width <= 0)
		return -width;	/* no room left in this row */
	if (!cut || text_width(text) <= width) {
		used = put_text(out, text, 1 << 20);
	} else {
		used = put_text(out, text, width - 1);
		fputs("\xe2\x80\xa6", out);
		used++;
	}
	if (used > width)
		return used - width;
	while (!last && used++ < width)
		fputc(' ', out);
	return 0;
}

static void size_columns(struct export_table *t, int total)
{
	int fixed = 0, weights = 0, free_w;
	size_t i;

	for (i = 0; i < t->n; i++) {
		fixed += t->cols[i].weight ? 0 : t->cols[i].width;
		weights += t->cols[i].weight;
	}
	free_w = total - fixed - GAP * (int)(t->n - 1);
	for (i = 0; i < t->n; i++) {
		if (!t->cols[i].weight)
			continue;
		t->cols[i].width = weights ? free_w * t->cols[i].weight /
					     weights : MIN_COL;
		if (t->cols[i].width < MIN_COL)
			t->cols[i].width = MIN_COL;
	}
}

static void columns_from_fields(struct export_table *t, const cJSON *fields)
{
	const cJSON *f;
	size_t i = 0;

	t->n = (size_t)cJSON_GetArraySize(fields);
	t->cols = xcalloc(t->n, sizeof *t->cols);
	cJSON_ArrayForEach(f, fields) {
		t->cols[i].header = f->valuestring;
		t->cols[i].field = f->valuestring;
		t->cols[i].weight = i ? 10 : 0;
		t->cols[i].width = i ? 0 : 7;
		i++;
	}
}

void export_table_begin(struct export *ex)
{
	struct export_table *t = xcalloc(1, sizeof *t);
	size_t i;

	if (ex->fields) {
		columns_from_fields(t, ex->fields);
	} else {
		t->n = sizeof standard / sizeof standard[0];
		t->cols = xmalloc(sizeof standard);
		memcpy(t->cols, standard, sizeof standard);
	}
	size_columns(t, ex->opt.width > 0 ? ex->opt.width : 120);
	ex->table = t;
	for (i = 0; i < t->n; i++) {
		put_cell(ex->out, t->cols[i].header, t->cols[i].width,
			 true, i + 1 == t->n);
		fputs(i + 1 == t->n ? "\n" : "  ", ex->out);
	}
}

static bool is_id_column(const struct column *c)
{
	return c->kind == CELL_FIELD && strcmp(c->field, "ID") == 0;
}

static void cell_text(const struct export *ex, const struct column *c,
		      const cJSON *user, struct strbuf *out)
{
	char *v;

	switch (c->kind) {
	case CELL_NAME:
		sb_append(out, json_get_string(user, "NAME") ?
			  json_get_string(user, "NAME") : "");
		if (out->len && json_get_string(user, "LAST_NAME") &&
		    *json_get_string(user, "LAST_NAME"))
			sb_append_char(out, ' ');
		sb_append(out, json_get_string(user, "LAST_NAME") ?
			  json_get_string(user, "LAST_NAME") : "");
		return;
	case CELL_DEPARTMENT:
		if (ex->opt.department) {
			ex->opt.department(ex->opt.department_ctx, user, out);
			return;
		}
		v = export_csv_value(json_get(user, "UF_DEPARTMENT"));
		break;
	case CELL_ACTIVE:
		sb_append(out, cJSON_IsFalse(json_get(user, "ACTIVE")) ?
			  "no" : "yes");
		return;
	default:
		v = export_csv_value(json_get(user, c->field));
		break;
	}
	sb_append(out, v ? v : "");
	free(v);
}

void export_table_user(struct export *ex, const cJSON *user)
{
	struct export_table *t = ex->table;
	struct strbuf sb;
	size_t i;
	int over = 0;
	bool last;

	sb_init(&sb);
	for (i = 0; i < t->n; i++) {
		last = i + 1 == t->n;
		sb_reset(&sb);
		cell_text(ex, &t->cols[i], user, &sb);
		/* An ID is never cut: a wrong ID is worse than a cut name.
		 * A wider one takes its room from the cells after it, so
		 * the columns still line up with the header (the rows
		 * stream: the widest ID is not known in advance). */
		over = put_cell(ex->out, sb.buf, t->cols[i].width - over,
				!is_id_column(&t->cols[i]), last);
		if (!last)
			fputs("  ", ex->out);
	}
	fputc('\n', ex->out);
	sb_free(&sb);
}

void export_table_end(struct export *ex)
{
	fprintf(ex->out, "(%ld %s)\n", ex->count,
		plural((size_t)ex->count, "user", "users"));
	free(ex->table->cols);
	free(ex->table);
	ex->table = NULL;
}
