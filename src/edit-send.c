/* The requests of an edit: load one user, send the update. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "edit.h"
#include "log.h"

static const cJSON *user_with_id(const cJSON *list, const char *user_id)
{
	const cJSON *u;
	const char *id;

	cJSON_ArrayForEach(u, list) {
		id = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(u, "ID"));
		if (id && strcmp(id, user_id) == 0)
			return u;
	}
	return NULL;
}

static bool no_such_user(const char *user_id, bool admin_mode,
			 struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_REFUSED, "user_not_found",
		      "There is no user with ID %s on this portal", user_id);
	b24_error_hint(err, "Check the ID in the user's profile.%s",
		       admin_mode ? "" : " Extranet users may need "
		       "--admin-mode.");
	return false;
}

/* The match on ID guards against a portal that ignored the filter and
 * answered with the first page of all users. */
bool edit_load_user(struct rest_session *s, const char *user_id,
		    bool admin_mode, cJSON **user, struct b24_error *err)
{
	struct rest_reply reply;
	cJSON *params;
	const cJSON *found;
	bool ok;

	*user = NULL;
	if (!edit_check_user_id(user_id, err))
		return false;
	params = cJSON_CreateObject();
	cJSON_AddStringToObject(params, "ID", user_id);
	if (admin_mode)
		cJSON_AddStringToObject(params, "ADMIN_MODE", "Y");
	memset(&reply, 0, sizeof reply);
	ok = rest_call(s, "user.get", params, REST_READ, &reply, err);
	cJSON_Delete(params);
	if (!ok)
		return false;
	found = user_with_id(reply.result, user_id);
	if (found && cJSON_IsObject(found))
		*user = cJSON_Duplicate(found, true);
	rest_reply_free(&reply);
	return *user ? true : no_such_user(user_id, admin_mode, err);
}

static cJSON *load_batch(const char *user_id, bool admin_mode)
{
	cJSON *body = cJSON_CreateObject(), *cmd, *get;
	char *line;

	cmd = cJSON_AddObjectToObject(body, "cmd");
	get = cJSON_CreateObject();
	cJSON_AddStringToObject(get, "ID", user_id);
	if (admin_mode)
		cJSON_AddStringToObject(get, "ADMIN_MODE", "Y");
	line = batch_command("user.get", get);
	cJSON_AddStringToObject(cmd, "user", line);
	free(line);
	cJSON_Delete(get);
	cJSON_AddStringToObject(cmd, "fields", "user.fields");
	cJSON_AddStringToObject(cmd, "custom", "user.userfield.list");
	return body;
}

static void learn_catalog(const cJSON *result, struct field_catalog *cat)
{
	const cJSON *part;
	struct b24_error err;

	if (batch_sub_result(result, "fields", &part, &err))
		fields_catalog_add_labels(cat, part);
	else
		log_debug("user.fields: %s", err.message);
	if (batch_sub_result(result, "custom", &part, &err))
		fields_catalog_add_custom(cat, part);
	else
		log_debug("user.userfield.list: %s", err.message);
}

bool edit_load_user_and_catalog(struct rest_session *s, const char *user_id,
				bool admin_mode, struct field_catalog *cat,
				cJSON **user, struct b24_error *err)
{
	struct rest_reply reply;
	const cJSON *list = NULL, *found;
	cJSON *body;
	bool ok;

	*user = NULL;
	if (!edit_check_user_id(user_id, err))
		return false;
	body = load_batch(user_id, admin_mode);
	memset(&reply, 0, sizeof reply);
	ok = rest_call(s, "batch", body, REST_READ, &reply, err);
	cJSON_Delete(body);
	if (ok && batch_sub_result(reply.result, "user", &list, err)) {
		learn_catalog(reply.result, cat);
		found = user_with_id(list, user_id);
		if (cJSON_IsObject(found))
			*user = cJSON_Duplicate(found, true);
	}
	rest_reply_free(&reply);
	if (!ok || !list)
		return false;
	return *user ? true : no_such_user(user_id, admin_mode, err);
}

bool edit_send_update(struct rest_session *s, const cJSON *params,
		      struct rest_reply *reply, struct b24_error *err)
{
	const char *id = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(params, "ID"));

	if (!id || !edit_check_user_id(id, err)) {
		if (!id)
			b24_error_set(err, B24_EXIT_USAGE, "bad_user_id",
				      "The update names no user ID");
		return false;
	}
	if (!rest_call(s, "user.update", params, REST_WRITE, reply, err))
		return false;
	if (cJSON_IsTrue(reply->result))
		return true;
	b24_error_set(err, B24_EXIT_UNVERIFIED, "outcome_unknown",
		      "The portal answered the update of user %s without "
		      "confirming it", id);
	b24_error_hint(err, "Reload the user to see whether the change "
		       "was made.");
	err->reached_portal = true;
	return false;
}
