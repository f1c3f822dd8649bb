/*
 * CSV as `update --from` reads it back: a header of field codes with ID
 * first, UTF-8, RFC 4180 quoting and CRLF line ends, lists as "1;5".
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "export-internal.h"
#include "jsonutil.h"
#include "strbuf.h"
#include "xalloc.h"

void export_csv_cell(struct strbuf *out, const char *text)
{
	const char *p;

	if (!text)
		text = "";
	/* ';' too: a reader that guesses the delimiter must not split a
	 * list such as 1;5. */
	if (!strpbrk(text, ",;\"\r\n")) {
		sb_append(out, text);
		return;
	}
	sb_append_char(out, '"');
	for (p = text; *p; p++) {
		if (*p == '"')
			sb_append_char(out, '"');
		sb_append_char(out, *p);
	}
	sb_append_char(out, '"');
}

static char *list_text(const cJSON *list)
{
	struct strbuf sb;
	const cJSON *it;
	char *one;

	sb_init(&sb);
	cJSON_ArrayForEach(it, list) {
		one = json_scalar_text(it);
		if (!one)
			one = json_compact(it);
		if (sb.len)
			sb_append_char(&sb, ';');
		sb_append(&sb, one);
		free(one);
	}
	return sb_steal(&sb);
}

char *export_csv_value(const cJSON *value)
{
	if (!value || cJSON_IsNull(value))
		return xstrdup("");
	if (cJSON_IsBool(value))
		return xstrdup(cJSON_IsTrue(value) ? "Y" : "N");
	if (cJSON_IsArray(value))
		return list_text(value);
	if (cJSON_IsObject(value))
		return json_compact(value);
	return json_scalar_text(value);
}

static void write_line(struct export *ex, struct strbuf *line)
{
	sb_append(line, "\r\n");
	fwrite(line->buf, 1, line->len, ex->out);
}

/* Without --fields the first user's fields make the header: every user
 * of one answer has the same ones. */
void export_csv_header(struct export *ex, const cJSON *first_user)
{
	struct strbuf line;
	const cJSON *f;

	if (!ex->fields) {
		ex->fields = cJSON_CreateArray();
		cJSON_AddItemToArray(ex->fields, cJSON_CreateString("ID"));
		cJSON_ArrayForEach(f, first_user)
			if (strcmp(f->string, "ID") != 0)
				cJSON_AddItemToArray(ex->fields,
					cJSON_CreateString(f->string));
	}
	sb_init(&line);
	cJSON_ArrayForEach(f, ex->fields) {
		if (line.len)
			sb_append_char(&line, ',');
		export_csv_cell(&line, f->valuestring);
	}
	write_line(ex, &line);
	sb_free(&line);
}

void export_csv_user(struct export *ex, const cJSON *user)
{
	struct strbuf line;
	const cJSON *f;
	char *value;
	bool first = true;

	if (!ex->count)
		export_csv_header(ex, user);
	sb_init(&line);
	cJSON_ArrayForEach(f, ex->fields) {
		if (!first)
			sb_append_char(&line, ',');
		first = false;
		value = export_csv_value(json_get(user, f->valuestring));
		export_csv_cell(&line, value);
		free(value);
	}
	write_line(ex, &line);
	sb_free(&line);
}

/* No user: the header alone, so the file still says what it holds. */
void export_csv_end(struct export *ex)
{
	if (!ex->count)
		export_csv_header(ex, NULL);
}
