/* What a search is told on the command line or in the Options form:
 * the filter, the order and the field list, checked before anything is
 * sent. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jsonutil.h"
#include "search.h"
#include "xalloc.h"

static const char field_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";

static cJSON *parse_object(const char *text, const char *what,
			   const char *example, struct b24_error *err)
{
	cJSON *obj = json_parse_text(text, text ? strlen(text) : 0, what,
				     err);

	if (obj && !cJSON_IsObject(obj)) {
		cJSON_Delete(obj);
		b24_error_set(err, B24_EXIT_USAGE, "not_object",
			      "%s must be a JSON object", what);
		b24_error_hint(err, "Write it like %s.", example);
		return NULL;
	}
	return obj;
}

cJSON *search_parse_filter(const char *text, struct b24_error *err)
{
	return parse_object(text, "--filter",
			    "{\"%LAST_NAME\": \"Smi\", \"@UF_DEPARTMENT\": "
			    "[1, 5]}", err);
}

static cJSON *bad_order(struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_USAGE, "bad_order",
		      "--order must name one field and ASC or DESC");
	b24_error_hint(err, "Write it like {\"LAST_NAME\": \"ASC\"}.");
	return NULL;
}

/* {"last_name": "asc"} is refused: the portal sorts only by field names
 * in capitals, and would silently not sort at all. */
cJSON *search_parse_order(const char *text, struct b24_error *err)
{
	cJSON *obj = parse_object(text, "--order",
				  "{\"LAST_NAME\": \"ASC\"}", err);
	const cJSON *one = obj ? obj->child : NULL;
	const char *dir = cJSON_GetStringValue(one);
	cJSON *out;

	if (!obj)
		return NULL;
	if (!one || one->next || !dir || !one->string[0] ||
	    one->string[strspn(one->string, field_chars)] ||
	    (strcasecmp(dir, "ASC") != 0 && strcasecmp(dir, "DESC") != 0)) {
		cJSON_Delete(obj);
		return bad_order(err);
	}
	out = cJSON_CreateObject();
	cJSON_AddStringToObject(out, one->string,
				strcasecmp(dir, "ASC") == 0 ? "ASC" : "DESC");
	cJSON_Delete(obj);
	return out;
}

static bool has_string(const cJSON *arr, const char *s)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, arr)
		if (strcmp(it->valuestring, s) == 0)
			return true;
	return false;
}

static bool check_code(const char *code, struct b24_error *err)
{
	const char *p;

	if (!*code) {
		b24_error_set(err, B24_EXIT_USAGE, "bad_fields",
			      "--fields has an empty name");
		b24_error_hint(err, "Separate field codes with commas, like "
			       "ID,NAME,EMAIL.");
		return false;
	}
	for (p = code; *p; p++)
		if (!strchr(field_chars, *p))
			break;
	if (!*p)
		return true;
	b24_error_set(err, B24_EXIT_USAGE, "bad_fields",
		      "'%.60s' in --fields is not a field code", code);
	if (islower((unsigned char)*p))
		b24_error_hint(err, "Field codes are written in capitals, "
			       "like LAST_NAME; 'b24user fields' lists "
			       "them.");
	else
		b24_error_hint(err, "'b24user fields' lists the field "
			       "codes.");
	return false;
}

cJSON *search_parse_fields(const char *text, struct b24_error *err)
{
	cJSON *arr = cJSON_CreateArray();
	char *copy = xstrdup(text), *rest = copy, *tok;

	while ((tok = strsep(&rest, ",")) != NULL) {
		tok += strspn(tok, " \t");
		tok[strcspn(tok, " \t")] = '\0';
		if (!check_code(tok, err)) {
			cJSON_Delete(arr);
			arr = NULL;
			break;
		}
		if (!has_string(arr, tok))
			cJSON_AddItemToArray(arr, cJSON_CreateString(tok));
	}
	free(copy);
	return arr;
}
