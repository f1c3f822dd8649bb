/* Reading the CSV or JSON Lines file of `update --from` into records. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <glib.h>

#include "bulk-read-internal.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

bool bulk_empty_parse(const char *text, enum bulk_empty *out,
		      struct b24_error *err)
{
	if (text && strcmp(text, "keep") == 0) {
		*out = BULK_EMPTY_KEEP;
		return true;
	}
	if (text && strcmp(text, "clear") == 0) {
		*out = BULK_EMPTY_CLEAR;
		return true;
	}
	b24_error_set(err, B24_EXIT_USAGE, "usage",
		      "--empty takes keep or clear, not '%.40s'",
		      text ? text : "");
	return false;
}

bool bulk_read_refuse(struct b24_error *err, const char *hint,
		      const char *fmt, ...)
{
	char text[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	b24_error_set(err, B24_EXIT_USAGE, "bad_input_file", "%s", text);
	b24_error_hint(err, "%s", hint);
	return false;
}

static const char encoding_hint[] =
	"Save the file as UTF-8 (in a spreadsheet: \"CSV UTF-8\"), or "
	"export it again with 'b24user search --format csv'.";

/* Only UTF-8 is read: anything else would reach the portal garbled. */
static bool check_encoding(const char *text, size_t len,
			   struct b24_error *err)
{
	const unsigned char *s = (const unsigned char *)text;
	const unsigned char *end = s + len;
	long line = 1;
	size_t n;

	if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) ||
			 (s[0] == 0xFE && s[1] == 0xFF)))
		return bulk_read_refuse(err, encoding_hint, "The file is "
					"UTF-16: only UTF-8 is read; nothing "
					"was sent");
	while (s < end) {
		n = utf8_char_len(s, end);
		if (n == 0)
			return bulk_read_refuse(err, encoding_hint,
				"The file is not UTF-8%s: line %ld holds "
				"bytes that are not (Windows-1251, Latin-1 "
				"or UTF-16?); nothing was sent",
				*s ? "" : " (it holds NUL bytes)", line);
		if (*s == '\n')
			line++;
		s += n;
	}
	return true;
}

void bulk_read_add(struct bulk_input *in, long line, cJSON *data,
		       char *problem)
{
	struct bulk_record *r;

	in->records = xrealloc(in->records,
			       (in->count + 1) * sizeof *in->records);
	r = &in->records[in->count++];
	r->line = line;
	r->data = problem ? NULL : data;
	r->problem = problem;
	if (problem)
		cJSON_Delete(data);
}

static bool empty_value(const cJSON *v)
{
	const char *s = cJSON_GetStringValue(v);

	return cJSON_IsNull(v) || (s && !s[0]) ||
	       (cJSON_IsArray(v) && !v->child);
}

/* The ID as text, empty values left out (or cleared); the problem when
 * there is no usable ID. */
char *bulk_read_settle(cJSON *data, enum bulk_empty empty)
{
	cJSON *it = data->child, *next, *id;
	char num[32];

	for (; it; it = next) {
		next = it->next;
		if (strcmp(it->string, "ID") == 0 || !empty_value(it))
			continue;
		if (empty == BULK_EMPTY_KEEP)
			cJSON_DeleteItemFromObjectCaseSensitive(data,
								it->string);
		else
			cJSON_ReplaceItemInObjectCaseSensitive(
				data, it->string, cJSON_CreateString(""));
	}
	id = cJSON_GetObjectItemCaseSensitive(data, "ID");
	if (cJSON_IsNumber(id)) {
		snprintf(num, sizeof num, "%.0f", id->valuedouble);
		cJSON_ReplaceItemInObjectCaseSensitive(data, "ID",
						       cJSON_CreateString(num));
		id = cJSON_GetObjectItemCaseSensitive(data, "ID");
	}
	if (!cJSON_IsString(id) || !id->valuestring[0])
		return xstrdup("no user ID in the ID column");
	return NULL;
}

/* --------------------------------------------------- JSON Lines */

static void read_jsonl(const char *text, size_t len, enum bulk_empty empty,
		       struct bulk_input *in)
{
	const char *p = text, *end = text + len, *nl, *stop;
	long line = 1;
	cJSON *obj;
	char *problem;

	in->format = "jsonl";
	for (; p < end; p = nl + 1, line++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (strspn(p, " \t\r") >= (size_t)(nl - p))
			continue;
		obj = cJSON_ParseWithLengthOpts(p, (size_t)(nl - p), &stop,
						false);
		problem = NULL;
		if (!cJSON_IsObject(obj) ||
		    strspn(stop, " \t\r") < (size_t)(nl - stop))
			problem = xstrdup("not a JSON object on one line");
		else
			problem = bulk_read_settle(obj, empty);
		if (!obj)
			obj = cJSON_CreateObject();
		bulk_read_add(in, line, obj, problem);
	}
}

/* ----------------------------------------------------- the file */

bool bulk_read_text(const char *text, size_t len, enum bulk_empty empty,
		    struct bulk_input *out, struct b24_error *err)
{
	gchar *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
						 (const guchar *)text, len);
	const char *p;

	memset(out, 0, sizeof *out);
	snprintf(out->digest, sizeof out->digest, "%s", sum);
	g_free(sum);
	if (!check_encoding(text, len, err))
		return false;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	p = text + strspn(text, " \t\r\n");
	if (p < text + len && *p == '{') {
		read_jsonl(text, len, empty, out);
		return true;
	}
	if (p >= text + len)
		return bulk_read_refuse(err, "Give a CSV file with a header "
					"line, or JSON Lines.",
					"The file is empty");
	return bulk_read_csv(text, len, empty, out, err);
}

static bool slurp(FILE *f, struct strbuf *sb)
{
	char buf[65536];
	size_t n;

	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_append_len(sb, buf, n);
	return !ferror(f);
}

/* fopen() opens a folder and only the first read fails (EISDIR). */
static bool is_folder(FILE *f)
{
	struct stat st;

	return fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode);
}

bool bulk_read_file(const char *path, enum bulk_empty empty,
		    struct bulk_input *out, struct b24_error *err)
{
	bool stdin_ = strcmp(path, "-") == 0;
	FILE *f = stdin_ ? stdin : fopen(path, "rb");
	struct strbuf sb;
	bool ok;
	int saved;

	memset(out, 0, sizeof *out);
	if (!f) {
		b24_error_set(err, B24_EXIT_USAGE, "bad_input_file",
			      "Cannot open %s: %s", path, strerror(errno));
		b24_error_hint(err, "Check the file name.");
		return false;
	}
	if (!stdin_ && is_folder(f)) {
		fclose(f);
		b24_error_set(err, B24_EXIT_USAGE, "bad_input_file",
			      "%s is a folder, not a file", path);
		b24_error_hint(err, "Name the CSV or JSON Lines file in it, "
			       "e.g. %.200s/users.csv.", path);
		return false;
	}
	sb_init(&sb);
	errno = 0;
	ok = slurp(f, &sb);
	saved = errno;
	if (!stdin_)
		fclose(f);
	if (!ok) {
		b24_error_set(err, B24_EXIT_USAGE, "bad_input_file",
			      "Cannot read %s: %s", path,
			      saved ? strerror(saved) : "read error");
		b24_error_hint(err, "Check that it is a readable file; "
			       "export it again if it is damaged.");
		sb_free(&sb);
		return false;
	}
	ok = bulk_read_text(sb.buf ? sb.buf : "", sb.len, empty, out, err);
	sb_free(&sb);
	return ok;
}

void bulk_input_free(struct bulk_input *in)
{
	size_t i;

	for (i = 0; i < in->count; i++) {
		cJSON_Delete(in->records[i].data);
		free(in->records[i].problem);
	}
	free(in->records);
	memset(in, 0, sizeof *in);
}
