/* Reading what update is given: the data as text, from a file or from
 * standard input, the JSON options, and a token from standard input. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli-update.h"
#include "jsonutil.h"
#include "log.h"
#include "strbuf.h"

#define MAX_INPUT (16u << 20)	/* more is not user data */

static bool read_stream(FILE *f, const char *what, struct strbuf *sb,
			struct b24_error *err)
{
	char chunk[8192];
	size_t n;

	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		sb_append_len(sb, chunk, n);
		if (sb->len > MAX_INPUT) {
			b24_error_set(err, B24_EXIT_USAGE, "input_too_big",
				      "%s is larger than 16 MiB", what);
			return false;
		}
	}
	if (!ferror(f))
		return true;
	b24_error_set(err, B24_EXIT_USAGE, "read_failed",
		      "Could not read %s: %s", what, strerror(errno));
	return false;
}

static bool read_file(const char *path, struct strbuf *sb,
		      struct b24_error *err)
{
	FILE *f = fopen(path, "r");
	bool ok;

	if (!f) {
		b24_error_set(err, B24_EXIT_USAGE, "read_failed",
			      "Could not open the data file %s: %s", path,
			      strerror(errno));
		b24_error_hint(err, "--data @FILE names a file with a JSON "
			       "object of field and value.");
		return false;
	}
	ok = read_stream(f, path, sb, err);
	fclose(f);
	return ok;
}

/* The text behind --data, and a name for it in messages. */
static bool data_text(const char *arg, struct strbuf *sb, const char **what,
		      struct b24_error *err)
{
	if (strcmp(arg, "-") == 0) {
		*what = "the user data from standard input";
		return read_stream(stdin, "standard input", sb, err);
	}
	if (arg[0] == '@') {
		*what = arg + 1;
		return read_file(arg + 1, sb, err);
	}
	*what = "the user data (--data)";
	sb_append(sb, arg);
	return true;
}

static cJSON *parse_object(const char *text, size_t len, const char *what,
			   struct b24_error *err)
{
	cJSON *json = json_parse_text(text, len, what, err);

	if (!json || cJSON_IsObject(json))
		return json;
	b24_error_set(err, B24_EXIT_USAGE, "not_an_object",
		      "%s must be a JSON object like {\"NAME\": \"value\"}",
		      what);
	cJSON_Delete(json);
	return NULL;
}

/* Later values replace earlier ones of the same name. */
static void merge_over(cJSON *base, const cJSON *over)
{
	const cJSON *it;
	cJSON *copy;

	cJSON_ArrayForEach(it, over) {
		copy = cJSON_Duplicate(it, true);
		if (cJSON_GetObjectItemCaseSensitive(base, it->string))
			cJSON_ReplaceItemInObjectCaseSensitive(base,
							      it->string,
							      copy);
		else
			cJSON_AddItemToObject(base, it->string, copy);
	}
}

/* --data /tmp/user.json is JSON text that starts with a slash: the @
 * was forgotten.  Say so when the text looks like a path or names a file;
 * '-' and '@FILE' never get here. */
static void hint_at(const char *arg, struct b24_error *err)
{
	struct stat st;

	if (arg[0] == '@' || strcmp(arg, "-") == 0)
		return;
	if (arg[0] == '/' || arg[0] == '.' || stat(arg, &st) == 0)
		b24_error_hint(err, "To read a file, write --data @FILE "
			       "(here: --data @%.200s).", arg);
}

bool update_read_data(const struct update_args *a, cJSON **data,
		      struct b24_error *err)
{
	struct strbuf sb;
	const char *what = NULL;
	cJSON *obj = NULL;

	sb_init(&sb);
	if (a->data && data_text(a->data, &sb, &what, err)) {
		obj = parse_object(sb.buf, sb.len, what, err);
		if (!obj)
			hint_at(a->data, err);
	}
	sb_free(&sb);
	if (a->data && !obj)
		return false;
	if (!obj)
		obj = cJSON_CreateObject();
	merge_over(obj, a->sets);
	*data = obj;
	return true;
}

static bool option_object(const char *text, const char *what, cJSON **out,
			  struct b24_error *err)
{
	*out = NULL;
	if (!text)
		return true;
	*out = parse_object(text, strlen(text), what, err);
	return *out != NULL;
}

bool update_read_options(const struct update_args *a,
			 struct update_options *opt, struct b24_error *err)
{
	memset(opt, 0, sizeof *opt);
	opt->admin_mode = a->admin_mode;
	if (a->allow_unknown)
		opt->field_flags |= FIELDS_ALLOW_UNKNOWN;
	if (!option_object(a->params, "--params", &opt->params, err) ||
	    !option_object(a->filter, "--filter", &opt->filter, err) ||
	    !option_object(a->order, "--order", &opt->order, err)) {
		update_options_free(opt);
		return false;
	}
	if (cJSON_GetArraySize(a->param_pairs) > 0) {
		if (!opt->params)
			opt->params = cJSON_CreateObject();
		merge_over(opt->params, a->param_pairs);
	}
	return true;
}

void update_options_free(struct update_options *opt)
{
	cJSON_Delete(opt->params);
	cJSON_Delete(opt->filter);
	cJSON_Delete(opt->order);
	memset(opt, 0, sizeof *opt);
}

bool update_read_token(struct secret **token, struct b24_error *err)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);

	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	*token = n > 0 ? secret_new(line) : NULL;
	if (line) {
		secret_wipe(line, cap);
		free(line);
	}
	if (*token) {
		log_add_secret(secret_reveal(*token));
		return true;
	}
	b24_error_set(err, B24_EXIT_USAGE, "no_token",
		      "--access-token-stdin was given, but the first line "
		      "of standard input is empty");
	b24_error_hint(err, "Pipe the token in, for example: "
		       "pass show portal-token | b24user update ...");
	return false;
}
