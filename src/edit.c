/* One user edit: the ID, the checked data, the seed's options, and the
 * requests that load the user and send the update. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diff.h"
#include "edit.h"

bool edit_check_user_id(const char *text, struct b24_error *err)
{
	size_t n = text ? strspn(text, "0123456789") : 0;
	char *end;

	errno = 0;
	if (n > 0 && text[n] == '\0' && text[0] != '0' &&
	    strtol(text, &end, 10) > 0 && errno == 0)
		return true;
	b24_error_set(err, B24_EXIT_USAGE, "bad_user_id",
		      "\"%.40s\" is not a user ID: an ID is a positive whole "
		      "number", text ? text : "");
	b24_error_hint(err, "Give the number shown as ID in the user's "
		       "profile, for example 42.");
	return false;
}

char *edit_trim_id(char *text)
{
	size_t lead, n;

	if (!text)
		return NULL;
	lead = strspn(text, " \t\r\n");
	n = strlen(text + lead);
	while (n > 0 && isspace((unsigned char)text[lead + n - 1]))
		n--;
	memmove(text, text + lead, n);
	text[n] = '\0';
	return text;
}

/* Names the custom parameters may not replace; the portal upper-cases
 * keys, so they are compared without case. */
static const char *const protected_params[] = {
	"ID", "auth", "access_token", "refresh_token",
};

static bool protected_name(const char *name, const char *what,
			   struct b24_error *err)
{
	size_t i;

	for (i = 0; i < sizeof protected_params / sizeof *protected_params;
	     i++) {
		if (strcasecmp(name, protected_params[i]) == 0) {
			b24_error_set(err, B24_EXIT_USAGE, "param_refused",
				      "%s %s is refused: it would replace %s",
				      what, name, i == 0 ? "the user ID" :
				      "the credentials");
			b24_error_hint(err, "Give the user ID as USER_ID and "
				       "the credentials through the profile "
				       "or the environment.");
			return true;
		}
	}
	return false;
}

static bool already_set(const char *name, const cJSON *req,
			struct b24_error *err)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, req) {
		if (strcasecmp(name, it->string) == 0) {
			b24_error_set(err, B24_EXIT_USAGE, "param_refused",
				      "%s is refused: %s is already set by "
				      "the data or an option", name,
				      it->string);
			b24_error_hint(err, "Set %s in one place only.",
				       it->string);
			return true;
		}
	}
	return false;
}

static bool param_refused(const char *name, const cJSON *req,
			  struct b24_error *err)
{
	return protected_name(name, "The custom parameter", err) ||
	       already_set(name, req, err);
}

/* Whether name is a known field in any case: the portal upper-cases
 * parameter names, so "active" reaches ACTIVE. */
static bool names_field(const struct field_catalog *cat, const char *name)
{
	size_t i;

	for (i = 0; i < fields_count(cat); i++)
		if (strcasecmp(fields_at(cat, i)->code, name) == 0)
			return true;
	return false;
}

static bool check_param(const struct field_catalog *cat, const char *name,
			cJSON *value, struct b24_error *err)
{
	const struct field_def *def = fields_find(cat, name);

	if (def)
		return fields_check_value(def, value, err);
	b24_error_set(err, B24_EXIT_USAGE, "unknown_field",
		      "The custom parameter %s names a field in the wrong "
		      "case: field names are upper case", name);
	b24_error_hint(err, "Write the field name in upper case.");
	return false;
}

/* Custom parameters that name a known field are checked like data, so
 * "ACTIVE": true cannot slip through them. */
static bool merge_params(cJSON *req, const cJSON *params,
			 const struct field_catalog *cat,
			 struct b24_error *err)
{
	const cJSON *it;
	cJSON *copy;

	if (!params)
		return true;
	if (!cJSON_IsObject(params)) {
		b24_error_set(err, B24_EXIT_USAGE, "params_not_object",
			      "Custom parameters must be a JSON object");
		b24_error_hint(err, "Write them like {\"NAME\": \"value\"}.");
		return false;
	}
	cJSON_ArrayForEach(it, params) {
		if (param_refused(it->string, req, err))
			return false;
		copy = cJSON_Duplicate(it, true);
		if (names_field(cat, it->string) &&
		    !check_param(cat, it->string, copy, err)) {
			cJSON_Delete(copy);
			return false;
		}
		cJSON_AddItemToObject(req, it->string, copy);
	}
	return true;
}

static bool add_filter(cJSON *req, const cJSON *filter,
		       struct b24_error *err)
{
	if (!filter)
		return true;
	if (already_set("FILTER", req, err))
		return false;
	if (!cJSON_IsObject(filter)) {
		b24_error_set(err, B24_EXIT_USAGE, "filter_not_object",
			      "The filter must be a JSON object of field "
			      "and value");
		b24_error_hint(err, "Write it like {\"ACTIVE\": true, "
			       "\"UF_DEPARTMENT\": 5}.");
		return false;
	}
	cJSON_AddItemToObject(req, "FILTER", cJSON_Duplicate(filter, true));
	return true;
}

static bool bad_order(struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_USAGE, "bad_order",
		      "The order must name one field and ASC or DESC");
	b24_error_hint(err, "Write it like {\"LAST_NAME\": \"ASC\"}.");
	return false;
}

/* {"LAST_NAME": "asc"} -> SORT "LAST_NAME", ORDER "ASC": the portal
 * sorts only when both are given. */
static bool add_order(cJSON *req, const cJSON *order,
		      struct b24_error *err)
{
	const cJSON *one;
	const char *dir;

	if (!order)
		return true;
	one = cJSON_IsObject(order) ? order->child : NULL;
	dir = cJSON_GetStringValue(one);
	if (!one || one->next || !dir || !one->string[0] ||
	    one->string[strspn(one->string, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			       "abcdefghijklmnopqrstuvwxyz0123456789_")])
		return bad_order(err);
	if (already_set("SORT", req, err) || already_set("ORDER", req, err))
		return false;
	if (strcasecmp(dir, "ASC") != 0 && strcasecmp(dir, "DESC") != 0)
		return bad_order(err);
	cJSON_AddStringToObject(req, "SORT", one->string);
	cJSON_AddStringToObject(req, "ORDER",
				strcasecmp(dir, "ASC") == 0 ? "ASC" : "DESC");
	return true;
}

/* Moves the checked data into the request; with --allow-unknown-fields
 * a field may not pose as the user ID or the credentials. */
static bool move_data(cJSON *req, cJSON *checked, struct b24_error *err)
{
	cJSON *it;
	bool ok = true;

	while (ok && (it = checked->child)) {
		ok = !protected_name(it->string, "The field", err) &&
		     !already_set(it->string, req, err);
		cJSON_AddItemToObject(req, it->string,
				      cJSON_DetachItemViaPointer(checked, it));
	}
	cJSON_Delete(checked);
	return ok;
}

static bool add_admin_mode(cJSON *req, bool on, struct b24_error *err)
{
	if (!on)
		return true;
	if (already_set("ADMIN_MODE", req, err))
		return false;
	cJSON_AddStringToObject(req, "ADMIN_MODE", "Y");
	return true;
}

static bool nothing_to_send(struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_USAGE, "no_data",
		      "There is nothing to change: the user data is empty");
	b24_error_hint(err, "Give the fields to change with --data or "
		       "--set FIELD=VALUE.");
	return false;
}

cJSON *edit_build_update(const char *user_id, const cJSON *data,
			 const struct update_options *opt,
			 const struct field_catalog *cat,
			 struct b24_error *err)
{
	cJSON *req, *checked;
	static const struct update_options none;

	opt = opt ? opt : &none;
	if (!edit_check_user_id(user_id, err))
		return NULL;
	checked = data ? cJSON_Duplicate(data, true) : cJSON_CreateObject();
	if (!fields_check_data(cat, checked, opt->field_flags, err)) {
		cJSON_Delete(checked);
		return NULL;
	}
	if (!checked->child && !cJSON_GetArraySize(opt->params)) {
		cJSON_Delete(checked);
		nothing_to_send(err);
		return NULL;
	}
	req = cJSON_CreateObject();
	cJSON_AddStringToObject(req, "ID", user_id);
	if (!move_data(req, checked, err) ||
	    !add_admin_mode(req, opt->admin_mode, err) ||
	    !add_filter(req, opt->filter, err) ||
	    !add_order(req, opt->order, err) ||
	    !merge_params(req, opt->params, cat, err)) {
		cJSON_Delete(req);
		return NULL;
	}
	return req;
}

cJSON *edit_changed_fields(const cJSON *loaded, const cJSON *edited)
{
	cJSON *changed = cJSON_CreateObject();
	const cJSON *it, *old;

	cJSON_ArrayForEach(it, edited) {
		old = cJSON_GetObjectItemCaseSensitive(loaded, it->string);
		if (!diff_values_equal(old, it))
			cJSON_AddItemToObject(changed, it->string,
					      cJSON_Duplicate(it, true));
	}
	return changed;
}
