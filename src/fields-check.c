/* Checking and normalising user-field values before anything is sent. */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fields.h"
#include "utf8.h"
#include "xalloc.h"

/* Replace the value of dst (keeping its key and siblings) by src's. */
static void set_in_place(cJSON *dst, cJSON *src)
{
	cJSON *old = cJSON_CreateNull();
	int keyflag = dst->type & cJSON_StringIsConst;

	old->type = dst->type & ~cJSON_StringIsConst;
	old->child = dst->child;
	old->valuestring = dst->valuestring;
	cJSON_Delete(old);

	dst->type = (src->type & ~cJSON_StringIsConst) | keyflag;
	dst->child = src->child;
	dst->valuestring = src->valuestring;
	dst->valueint = src->valueint;
	dst->valuedouble = src->valuedouble;
	src->child = NULL;
	src->valuestring = NULL;
	src->type = cJSON_NULL;
	cJSON_Delete(src);
}

static void set_string(cJSON *value, const char *text)
{
	set_in_place(value, cJSON_CreateString(text));
}

static bool bad(struct b24_error *err, const struct field_def *def,
		const char *what, const char *right)
{
	b24_error_set(err, B24_EXIT_USAGE, "invalid_field_value",
		      "%s: %s", def->code, what);
	b24_error_hint(err, "%s", right);
	return false;
}

/* A number as the text the portal would store, or NULL if not finite. */
static char *number_text(double d)
{
	char buf[64];

	if (!isfinite(d))
		return NULL;
	if (d > -1e15 && d < 1e15 && d == (double)(long long)d)
		snprintf(buf, sizeof buf, "%.0f", d);
	else
		snprintf(buf, sizeof buf, "%.15g", d);
	return xstrdup(buf);
}

/* null and numbers become strings; booleans, arrays and objects do not. */
static bool to_text(const struct field_def *def, cJSON *value,
		    struct b24_error *err)
{
	char *text;

	if (cJSON_IsNull(value)) {
		set_string(value, "");
		return true;
	}
	if (cJSON_IsNumber(value)) {
		text = number_text(value->valuedouble);
		if (!text)
			return bad(err, def, "the number is too large",
				   "Give the value as text in quotes.");
		set_string(value, text);
		free(text);
		return true;
	}
	if (!cJSON_IsString(value))
		return bad(err, def, "expected text, got something else "
			   "(true/false, a list or an object)",
			   "Give the value as text in quotes, or \"\" to "
			   "clear the field.");
	if (!utf8_text_valid(value->valuestring))
		return bad(err, def, "the text is not valid UTF-8",
			   "Save the data as UTF-8 and try again.");
	return true;
}

static bool check_string(const struct field_def *def, cJSON *value,
			 struct b24_error *err)
{
	cJSON *el;

	/* Custom fields may hold several values (MULTIPLE = Y). */
	if (def->custom && cJSON_IsArray(value)) {
		cJSON_ArrayForEach(el, value)
			if (!to_text(def, el, err))
				return false;
		return true;
	}
	if (def->custom && cJSON_IsBool(value))
		return bad(err, def, "true/false cannot be sent as such",
			   "Use 1 for yes and 0 for no.");
	return to_text(def, value, err);
}

static const struct {
	const char *text;
	const char *yn;
} yes_no_words[] = {
	{ "Y", "Y" }, { "N", "N" }, { "YES", "Y" }, { "NO", "N" },
	{ "1", "Y" }, { "0", "N" }, { "TRUE", "Y" }, { "FALSE", "N" },
};

static const char *yes_no_of(const cJSON *value)
{
	size_t i;

	if (cJSON_IsBool(value))
		return cJSON_IsTrue(value) ? "Y" : "N";
	if (cJSON_IsNumber(value) && (value->valuedouble == 1 ||
				      value->valuedouble == 0))
		return value->valuedouble == 1 ? "Y" : "N";
	if (!cJSON_IsString(value))
		return NULL;
	for (i = 0; i < sizeof yes_no_words / sizeof yes_no_words[0]; i++)
		if (strcasecmp(value->valuestring, yes_no_words[i].text) == 0)
			return yes_no_words[i].yn;
	return NULL;
}

/* JSON true would dismiss the user (BITRIX24.md 3.1): only "Y"/"N" go. */
static bool check_yes_no(const struct field_def *def, cJSON *value,
			 struct b24_error *err)
{
	const char *yn = yes_no_of(value);
	bool empty = cJSON_IsString(value) && !value->valuestring[0];

	if (!yn)
		return bad(err, def, empty ? "must be yes or no; an empty "
			   "value would dismiss the user" : "must be yes or "
			   "no (active or dismissed)",
			   "Use \"Y\" (active) or \"N\" (dismissed); "
			   "true/false, yes/no and 1/0 are accepted too.");
	set_string(value, yn);
	return true;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool iso_date_valid(const char *s)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31 };
	int y, m, d, i;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return false;
		} else if (!isdigit((unsigned char)s[i])) {
			return false;
		}
	}
	if (s[10] != '\0')
		return false;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= days[m - 1] + (m == 2 && leap(y));
}

static bool check_date(const struct field_def *def, cJSON *value,
		       struct b24_error *err)
{
	if (!to_text(def, value, err))
		return false;
	if (value->valuestring[0] && !iso_date_valid(value->valuestring))
		return bad(err, def, "not a calendar date in the form "
			   "YYYY-MM-DD",
			   "Write the date as year-month-day, for example "
			   "\"1990-05-17\", or \"\" to clear it.");
	return true;
}

static bool email_valid(const char *s)
{
	const char *at = strchr(s, '@');
	const char *dot, *p;

	if (!at || at == s || strchr(at + 1, '@') || strlen(s) > 254)
		return false;
	for (p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || strchr("<>()[],;:\\\"", *p))
			return false;
	dot = strrchr(at, '.');
	return dot && dot > at + 1 && dot[1] && at[1] != '.' &&
	       !strstr(at, "..");
}

static bool check_email(const struct field_def *def, cJSON *value,
			struct b24_error *err)
{
	if (!to_text(def, value, err))
		return false;
	if (value->valuestring[0] && !email_valid(value->valuestring))
		return bad(err, def, "does not look like an e-mail address",
			   "Write it as name@example.com, or \"\" to "
			   "clear it.");
	return true;
}

static bool check_gender(const struct field_def *def, cJSON *value,
			 struct b24_error *err)
{
	const char *g;

	if (!to_text(def, value, err))
		return false;
	g = value->valuestring;
	if (strcmp(g, "m") == 0 || strcmp(g, "f") == 0) {
		set_string(value, strcmp(g, "m") == 0 ? "M" : "F");
		return true;
	}
	if (g[0] && strcmp(g, "M") != 0 && strcmp(g, "F") != 0)
		return bad(err, def, "must be M, F or empty",
			   "Use \"M\", \"F\", or \"\" to clear it.");
	return true;
}

/* One department ID as a positive integer, or 0 when it is not one. */
static double id_of(const cJSON *el)
{
	const char *s;
	char *end;
	double d;

	if (cJSON_IsNumber(el)) {
		d = el->valuedouble;
		return d >= 1 && d <= 2147483647.0 &&
		       d == (double)(long)d ? d : 0;
	}
	s = cJSON_GetStringValue(el);
	if (!s)
		return 0;
	while (*s == ' ')
		s++;
	if (!isdigit((unsigned char)*s))
		return 0;
	d = strtod(s, &end);
	while (*end == ' ')
		end++;
	return *end == '\0' && d >= 1 && d <= 2147483647.0 &&
	       d == (double)(long)d ? d : 0;
}

/* "1;5" or "1,5" -> [1, 5]; NULL when a part is not an ID. */
static cJSON *ids_from_text(const char *text)
{
	cJSON *list = cJSON_CreateArray(), *part;
	char *copy = xstrdup(text), *save = NULL, *tok;
	double id = 1;

	for (tok = strtok_r(copy, ";,", &save); tok && id;
	     tok = strtok_r(NULL, ";,", &save)) {
		part = cJSON_CreateString(tok);
		id = id_of(part);
		cJSON_Delete(part);
		cJSON_AddItemToArray(list, cJSON_CreateNumber(id));
	}
	free(copy);
	if (!id || cJSON_GetArraySize(list) == 0) {
		cJSON_Delete(list);
		return NULL;
	}
	return list;
}

static cJSON *ids_from_array(const cJSON *value)
{
	cJSON *list = cJSON_CreateArray();
	const cJSON *el;
	double id;

	cJSON_ArrayForEach(el, value) {
		id = id_of(el);
		if (!id) {
			cJSON_Delete(list);
			return NULL;
		}
		cJSON_AddItemToArray(list, cJSON_CreateNumber(id));
	}
	return list;
}

/* UF_DEPARTMENT: 5, "5", "1;5", [1, "5"] -> a list of numbers; "" and
 * null clear it. */
static bool check_id_list(const struct field_def *def, cJSON *value,
			  struct b24_error *err)
{
	cJSON *list = NULL;
	const char *s = cJSON_GetStringValue(value);

	if (cJSON_IsNull(value) || (s && s[0] == '\0')) {
		set_string(value, "");
		return true;
	}
	if (cJSON_IsArray(value))
		list = ids_from_array(value);
	else if (s)
		list = ids_from_text(s);
	else if (id_of(value))
		list = cJSON_CreateIntArray((int[]){ (int)id_of(value) }, 1);
	if (!list)
		return bad(err, def, "must be a list of department IDs "
			   "(positive whole numbers)",
			   "Write it as [5] or [1, 5] (\"5\" and \"1;5\" "
			   "work too), or \"\" to clear it.");
	set_in_place(value, list);
	return true;
}

static bool check_file(const struct field_def *def, cJSON *value,
		       struct b24_error *err)
{
	const cJSON *name = cJSON_GetArrayItem(value, 0);
	const cJSON *data = cJSON_GetArrayItem(value, 1);

	/* An empty or broken file value deletes the stored one. */
	if (cJSON_IsArray(value) && cJSON_GetArraySize(value) == 2 &&
	    cJSON_IsString(name) && name->valuestring[0] &&
	    cJSON_IsString(data) && data->valuestring[0])
		return true;
	return bad(err, def, "a file must be [\"name.jpg\", "
		   "\"<base64 content>\"]; anything else would delete the "
		   "current one", "Choose the new file again.");
}

static bool check_readonly(const struct field_def *def, cJSON *value,
			   struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_USAGE, "readonly_field",
		      "%s cannot be changed: %s", def->code,
		      def->note ? def->note : "the portal sets it itself");
	b24_error_hint(err, "Remove %s from the data.", def->code);
	return false;
}

typedef bool (*check_fn)(const struct field_def *, cJSON *,
			 struct b24_error *);

static const check_fn checks[] = {
	[FIELD_STRING] = check_string,
	[FIELD_YESNO] = check_yes_no,
	[FIELD_DATE] = check_date,
	[FIELD_EMAIL] = check_email,
	[FIELD_GENDER] = check_gender,
	[FIELD_ID_LIST] = check_id_list,
	[FIELD_FILE] = check_file,
	[FIELD_READONLY] = check_readonly,
};

bool fields_check_value(const struct field_def *def, cJSON *value,
			struct b24_error *err)
{
	if (!def || !value) {
		b24_error_set(err, B24_EXIT_USAGE, "unknown_field",
			      "No such field");
		return false;
	}
	return checks[def->type](def, value, err);
}
