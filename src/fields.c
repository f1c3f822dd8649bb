/* The user-field catalogue: built-in fields, portal labels, custom fields. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "paths.h"
#include "suggest.h"
#include "xalloc.h"

struct field_catalog {
	struct field_def *defs;
	size_t count;
	size_t cap;
};

static const struct {
	const char *name;
	enum field_type type;
} type_names[] = {
	{ "string", FIELD_STRING },
	{ "yesno", FIELD_YESNO },
	{ "date", FIELD_DATE },
	{ "email", FIELD_EMAIL },
	{ "gender", FIELD_GENDER },
	{ "idlist", FIELD_ID_LIST },
	{ "file", FIELD_FILE },
	{ "readonly", FIELD_READONLY },
};

static bool type_from_name(const char *name, enum field_type *type)
{
	size_t i;

	for (i = 0; i < sizeof type_names / sizeof type_names[0]; i++) {
		if (strcmp(type_names[i].name, name) == 0) {
			*type = type_names[i].type;
			return true;
		}
	}
	return false;
}

static struct field_def *catalog_put(struct field_catalog *cat,
				     const char *code, const char *label,
				     enum field_type type)
{
	struct field_def *def = (struct field_def *)fields_find(cat, code);

	if (def) {
		free(def->label);
		def->label = xstrdup(label);
		return def;
	}
	if (cat->count == cat->cap) {
		cat->cap = cat->cap ? cat->cap * 2 : 64;
		cat->defs = xrealloc(cat->defs, cat->cap * sizeof *cat->defs);
	}
	def = &cat->defs[cat->count++];
	def->code = xstrdup(code);
	def->label = xstrdup(label);
	def->type = type;
	def->custom = strncmp(code, "UF_USR_", 7) == 0;
	def->note = NULL;
	return def;
}

/* Split a line at tabs in place; returns the number of columns. */
static size_t split_tabs(char *line, char **cols, size_t max)
{
	size_t n = 0;

	while (n < max) {
		cols[n++] = line;
		line = strchr(line, '\t');
		if (!line)
			break;
		*line++ = '\0';
	}
	return n;
}

static bool parse_line(struct field_catalog *cat, char *line,
		       const char *path, int lineno, struct b24_error *err)
{
	char *cols[4];
	size_t n;
	enum field_type type;
	struct field_def *def;

	line[strcspn(line, "\r\n")] = '\0';
	if (line[0] == '#' || line[0] == '\0')
		return true;
	n = split_tabs(line, cols, 4);
	if (n < 3 || !cols[0][0] || !type_from_name(cols[1], &type)) {
		b24_error_set(err, B24_EXIT_USAGE, "catalogue_broken",
			      "The field catalogue %s is broken at line %d: "
			      "expected CODE, TYPE and LABEL separated by tabs",
			      path, lineno);
		b24_error_hint(err, "Reinstall b24user or point "
			       "B24USER_DATADIR at a folder with an intact "
			       "user-fields.tsv.");
		return false;
	}
	def = catalog_put(cat, cols[0], cols[2], type);
	if (n == 4 && cols[3][0])
		def->note = xstrdup(cols[3]);
	return true;
}

struct field_catalog *fields_catalog_load_file(const char *path,
					       struct b24_error *err)
{
	struct field_catalog *cat;
	char line[1024];
	int lineno = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		b24_error_set(err, B24_EXIT_USAGE, "catalogue_missing",
			      "Cannot read the field catalogue %s: %s",
			      path, strerror(errno));
		b24_error_hint(err, "Reinstall b24user or set "
			       "B24USER_DATADIR to the folder that holds "
			       "user-fields.tsv.");
		return NULL;
	}
	cat = xcalloc(1, sizeof *cat);
	while (fgets(line, sizeof line, f)) {
		if (!parse_line(cat, line, path, ++lineno, err)) {
			fields_catalog_free(cat);
			fclose(f);
			return NULL;
		}
	}
	fclose(f);
	return cat;
}

struct field_catalog *fields_catalog_load(struct b24_error *err)
{
	char *path = paths_data_file("user-fields.tsv");
	struct field_catalog *cat = fields_catalog_load_file(path, err);

	free(path);
	return cat;
}

void fields_catalog_free(struct field_catalog *cat)
{
	size_t i;

	if (!cat)
		return;
	for (i = 0; i < cat->count; i++) {
		free(cat->defs[i].code);
		free(cat->defs[i].label);
		free(cat->defs[i].note);
	}
	free(cat->defs);
	free(cat);
}

void fields_catalog_add_labels(struct field_catalog *cat,
			       const cJSON *user_fields_result)
{
	const cJSON *item;

	cJSON_ArrayForEach(item, user_fields_result) {
		if (!item->string || !cJSON_IsString(item))
			continue;
		catalog_put(cat, item->string, item->valuestring,
			    FIELD_STRING);
	}
}

/* EDIT_FORM_LABEL is a string or {"en": "...", "de": "..."}. */
static const char *custom_label(const cJSON *uf)
{
	const char *keys[] = { "EDIT_FORM_LABEL", "LIST_COLUMN_LABEL" };
	const cJSON *l, *en;
	size_t i;

	for (i = 0; i < 2; i++) {
		l = cJSON_GetObjectItemCaseSensitive(uf, keys[i]);
		if (cJSON_IsString(l) && l->valuestring[0])
			return l->valuestring;
		en = cJSON_GetObjectItemCaseSensitive(l, "en");
		if (!cJSON_IsString(en) && cJSON_IsObject(l))
			en = l->child;
		if (cJSON_IsString(en) && en->valuestring[0])
			return en->valuestring;
	}
	return NULL;
}

static enum field_type custom_type(const cJSON *uf)
{
	const char *t = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(uf, "USER_TYPE_ID"));

	if (t && strcmp(t, "date") == 0)
		return FIELD_DATE;
	if (t && strcmp(t, "file") == 0)
		return FIELD_FILE;
	return FIELD_STRING;
}

void fields_catalog_add_custom(struct field_catalog *cat,
			       const cJSON *userfield_list_result)
{
	const cJSON *uf;
	const char *code, *label;
	struct field_def *def;

	cJSON_ArrayForEach(uf, userfield_list_result) {
		code = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(uf, "FIELD_NAME"));
		if (!code || !code[0])
			continue;
		label = custom_label(uf);
		/* A known field keeps its checks (ACTIVE as a plain string
		 * would let "" through and dismiss the user). */
		if (fields_find(cat, code)) {
			if (label)
				catalog_put(cat, code, label, FIELD_STRING);
			continue;
		}
		def = catalog_put(cat, code, label ? label : code,
				  custom_type(uf));
		def->custom = true;
	}
}

size_t fields_count(const struct field_catalog *cat)
{
	return cat ? cat->count : 0;
}

const struct field_def *fields_at(const struct field_catalog *cat, size_t i)
{
	return cat && i < cat->count ? &cat->defs[i] : NULL;
}

const struct field_def *fields_find(const struct field_catalog *cat,
				    const char *code)
{
	size_t i;

	for (i = 0; cat && code && i < cat->count; i++)
		if (strcmp(cat->defs[i].code, code) == 0)
			return &cat->defs[i];
	return NULL;
}

size_t fields_suggest(const struct field_catalog *cat, const char *code,
		      const char **out, size_t max)
{
	struct suggest sg;
	size_t i;

	suggest_init(&sg, code, out, max);
	for (i = 0; i < fields_count(cat); i++)
		suggest_offer(&sg, cat->defs[i].code);
	return sg.n;
}
