/* Users written out as a search hands them over: the format table, the
 * field list, and the two JSON formats. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "export-internal.h"
#include "jsonutil.h"
#include "xalloc.h"

struct export_ops {
	const char *name;
	void (*begin)(struct export *ex);
	void (*user)(struct export *ex, const cJSON *user);
	void (*end)(struct export *ex);
};

/* Only the chosen fields, ID first, in the order asked for. */
static cJSON *project(const struct export *ex, const cJSON *user)
{
	cJSON *out;
	const cJSON *f, *v;

	if (!ex->fields)
		return cJSON_Duplicate(user, true);
	out = cJSON_CreateObject();
	cJSON_ArrayForEach(f, ex->fields) {
		v = json_get(user, f->valuestring);
		if (v)
			cJSON_AddItemToObject(out, f->valuestring,
					      cJSON_Duplicate(v, true));
	}
	return out;
}

static void json_begin(struct export *ex)
{
	fputc('[', ex->out);
}

/* Each item indented as inside a pretty-printed array, so the whole
 * reads like the output of the other commands. */
static void json_user(struct export *ex, const cJSON *user)
{
	cJSON *item = cJSON_CreateObject();
	char *text, *line, *rest;

	cJSON_AddItemToObject(item, "json", project(ex, user));
	text = json_pretty(item);
	fputs(ex->count ? ",\n" : "\n", ex->out);
	for (rest = text; (line = strsep(&rest, "\n")) != NULL;)
		fprintf(ex->out, "  %s%s", line, rest ? "\n" : "");
	free(text);
	cJSON_Delete(item);
}

static void json_end(struct export *ex)
{
	fputs(ex->count ? "\n]\n" : "]\n", ex->out);
}

static void jsonl_user(struct export *ex, const cJSON *user)
{
	cJSON *obj = project(ex, user);
	char *text = json_compact(obj);

	fputs(text, ex->out);
	fputc('\n', ex->out);
	free(text);
	cJSON_Delete(obj);
}

static void nothing(struct export *ex)
{
	(void)ex;
}

static const struct export_ops formats[] = {
	[EXPORT_TABLE] = { "table", export_table_begin, export_table_user,
			   export_table_end },
	[EXPORT_JSON] = { "json", json_begin, json_user, json_end },
	[EXPORT_CSV] = { "csv", nothing, export_csv_user, export_csv_end },
	[EXPORT_JSONL] = { "jsonl", nothing, jsonl_user, nothing },
};

bool export_format_parse(const char *name, enum export_format *out,
			 struct b24_error *err)
{
	size_t i;

	for (i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (strcmp(formats[i].name, name) == 0) {
			*out = (enum export_format)i;
			return true;
		}
	b24_error_set(err, B24_EXIT_USAGE, "bad_format",
		      "'%.40s' is not an output format", name);
	b24_error_hint(err, "Choose table, json, csv or jsonl.");
	return false;
}

static cJSON *fields_id_first(const cJSON *fields)
{
	cJSON *out = cJSON_CreateArray();
	const cJSON *f;

	cJSON_AddItemToArray(out, cJSON_CreateString("ID"));
	cJSON_ArrayForEach(f, fields)
		if (cJSON_IsString(f) && strcmp(f->valuestring, "ID") != 0)
			cJSON_AddItemToArray(
				out, cJSON_CreateString(f->valuestring));
	return out;
}

struct export *export_new(FILE *out, const struct export_options *opt)
{
	struct export *ex = xcalloc(1, sizeof *ex);

	ex->out = out;
	ex->opt = *opt;
	if (opt->fields)
		ex->fields = fields_id_first(opt->fields);
	formats[ex->opt.format].begin(ex);
	return ex;
}

/* The first failure's errno: later calls may overwrite errno. */
static bool check_written(struct export *ex)
{
	if (!ex->write_errno && ferror(ex->out))
		ex->write_errno = errno ? errno : EIO;
	return ex->write_errno == 0;
}

bool export_user(struct export *ex, const cJSON *user)
{
	if (ex->write_errno)
		return false;
	errno = 0;
	formats[ex->opt.format].user(ex, user);
	ex->count++;
	return check_written(ex);
}

int export_end(struct export *ex)
{
	int failed;

	if (!ex->write_errno) {
		errno = 0;
		formats[ex->opt.format].end(ex);
		if (fflush(ex->out) != 0 && !ex->write_errno)
			ex->write_errno = errno ? errno : EIO;
		check_written(ex);
	}
	failed = ex->write_errno;
	cJSON_Delete(ex->fields);
	free(ex->table);
	free(ex);
	return failed;
}
