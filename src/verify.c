/* Read-back after a write: which of the sent fields did not take. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "diff.h"
#include "edit.h"
#include "strbuf.h"
#include "verify.h"

/* A file goes out as [name, base64] and comes back as a URL. */
static bool is_file_value(const cJSON *v)
{
	return cJSON_IsArray(v) && cJSON_GetArraySize(v) == 2 &&
	       cJSON_IsString(cJSON_GetArrayItem(v, 1)) &&
	       strlen(cJSON_GetArrayItem(v, 1)->valuestring) > 64;
}

static bool took(const cJSON *got, const cJSON *wanted)
{
	if (is_file_value(wanted))
		return got && !diff_values_equal(NULL, got);
	return diff_values_equal(got, wanted);
}

static char *reason(const char *field, const cJSON *wanted,
		    const cJSON *got)
{
	struct strbuf sb;
	char *text, *out;

	sb_init(&sb);
	if (strcmp(field, "ACTIVE") == 0) {
		sb_printf(&sb, "only administrators can %s users",
			  diff_values_equal(NULL, wanted) ||
			  strcmp(cJSON_GetStringValue(wanted) ?
				 cJSON_GetStringValue(wanted) : "", "N") == 0
			  ? "dismiss" : "re-activate");
	} else if (strcmp(field, "UF_DEPARTMENT") == 0) {
		sb_append(&sb, "only administrators can move users between "
			  "departments");
	} else {
		text = diff_value_text(got);
		sb_printf(&sb, "the portal kept %s; the field may not exist "
			  "or may not be writable with these credentials",
			  text);
		free(text);
	}
	out = sb_steal(&sb);
	sb_free(&sb);
	return out;
}

cJSON *verify_dropped(const cJSON *after, const cJSON *changed)
{
	cJSON *out = cJSON_CreateArray(), *one;
	const cJSON *it, *got;
	char *why;

	cJSON_ArrayForEach(it, changed) {
		got = cJSON_GetObjectItemCaseSensitive(after, it->string);
		if (took(got, it))
			continue;
		one = cJSON_CreateObject();
		cJSON_AddStringToObject(one, "field", it->string);
		cJSON_AddItemToObject(one, "wanted", is_file_value(it) ?
				      cJSON_CreateString("(new file)") :
				      cJSON_Duplicate(it, true));
		cJSON_AddItemToObject(one, "got", got ?
				      cJSON_Duplicate(got, true) :
				      cJSON_CreateNull());
		why = reason(it->string, it, got);
		cJSON_AddStringToObject(one, "reason", why);
		free(why);
		cJSON_AddItemToArray(out, one);
	}
	return out;
}

cJSON *verify_dropped_names(const cJSON *dropped)
{
	cJSON *names = cJSON_CreateArray();
	const cJSON *it;

	cJSON_ArrayForEach(it, dropped)
		cJSON_AddItemToArray(names, cJSON_CreateString(
			cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
				it, "field"))));
	return names;
}

char *verify_render(const cJSON *dropped)
{
	struct strbuf sb;
	const cJSON *it;
	char *out;

	sb_init(&sb);
	cJSON_ArrayForEach(it, dropped)
		sb_printf(&sb, "%s was not changed: %s\n",
			  cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
				  it, "field")),
			  cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
				  it, "reason")));
	out = sb_steal(&sb);
	sb_free(&sb);
	return out;
}

bool verify_read_back(struct rest_session *s, const char *user_id,
		      bool admin_mode, const cJSON *changed,
		      cJSON **dropped, struct b24_error *err)
{
	cJSON *after;

	*dropped = NULL;
	if (!edit_load_user(s, user_id, admin_mode, &after, err))
		return false;
	*dropped = verify_dropped(after, changed);
	cJSON_Delete(after);
	return true;
}

static bool has_file(const cJSON *params)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, params)
		if (is_file_value(it))
			return true;
	return false;
}

/* Written, but we could not see the result: exit 7 with the reason. */
static void unverified(struct b24_error *err, const struct b24_error *why)
{
	b24_error_set(err, B24_EXIT_UNVERIFIED, "unverified",
		      "The change was sent, but reading the user back "
		      "failed: %s", why->message);
	b24_error_hint(err, "Reload the user to check that the change "
		       "took.");
	err->reached_portal = true;
}

static const cJSON *user_in(const cJSON *list, const char *id)
{
	const cJSON *u;
	const char *uid;

	cJSON_ArrayForEach(u, list) {
		uid = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(u, "ID"));
		if (uid && strcmp(uid, id) == 0)
			return u;
	}
	return NULL;
}

static bool two_requests(struct rest_session *s, const cJSON *params,
			 const cJSON *changed, bool admin_mode,
			 cJSON **response, cJSON **dropped,
			 struct b24_error *err)
{
	const char *id = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(params, "ID"));
	struct rest_reply reply = { 0 };
	struct b24_error why;
	bool ok = edit_send_update(s, params, &reply, err);

	if (ok && reply.envelope)
		*response = cJSON_Duplicate(reply.envelope, true);
	rest_reply_free(&reply);
	if (!ok)
		return false;
	b24_error_clear(&why);
	if (!verify_read_back(s, id, admin_mode, changed, dropped, &why))
		unverified(err, &why);
	return true;
}

static cJSON *batch_body(const cJSON *params, const char *id,
			 bool admin_mode)
{
	cJSON *body = cJSON_CreateObject(), *cmd, *get;
	char *line;

	cJSON_AddNumberToObject(body, "halt", 1);
	cmd = cJSON_AddObjectToObject(body, "cmd");
	line = batch_command("user.update", params);
	cJSON_AddStringToObject(cmd, "update", line);
	free(line);
	get = cJSON_CreateObject();
	cJSON_AddStringToObject(get, "ID", id);
	if (admin_mode)
		cJSON_AddStringToObject(get, "ADMIN_MODE", "Y");
	line = batch_command("user.get", get);
	cJSON_AddStringToObject(cmd, "readback", line);
	free(line);
	cJSON_Delete(get);
	return body;
}

/* user.update's answer as if it had been called alone. */
static cJSON *update_envelope(const cJSON *result, const cJSON *res)
{
	cJSON *env = cJSON_CreateObject();
	const cJSON *tm = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(result, "result_time"),
		"update");

	cJSON_AddItemToObject(env, "result", cJSON_Duplicate(res, true));
	if (cJSON_IsObject(tm))
		cJSON_AddItemToObject(env, "time", cJSON_Duplicate(tm, true));
	return env;
}

/* The batch answered: did the update run, and what does the user show? */
static bool batch_outcome(const cJSON *result, const char *id,
			  const cJSON *changed, cJSON **response,
			  cJSON **dropped, struct b24_error *err)
{
	const cJSON *res, *list, *user;
	struct b24_error why;

	if (!batch_sub_result(result, "update", &res, err)) {
		err->reached_portal = true;
		return false;
	}
	if (!cJSON_IsTrue(res)) {
		b24_error_set(err, B24_EXIT_UNVERIFIED, "outcome_unknown",
			      "The portal answered the update of user %s "
			      "without confirming it", id);
		b24_error_hint(err, "Reload the user to see whether the "
			       "change was made.");
		err->reached_portal = true;
		return false;
	}
	*response = update_envelope(result, res);
	b24_error_clear(&why);
	if (!batch_sub_result(result, "readback", &list, &why)) {
		unverified(err, &why);
		return true;
	}
	user = user_in(list, id);
	if (!user) {
		b24_error_set(&why, B24_EXIT_UNVERIFIED, "user_not_found",
			      "user %s was not in the answer", id);
		unverified(err, &why);
		return true;
	}
	*dropped = verify_dropped(user, changed);
	return true;
}

bool verify_send_and_read_back(struct rest_session *s, const cJSON *params,
			       const cJSON *changed, bool admin_mode,
			       cJSON **response, cJSON **dropped,
			       struct b24_error *err)
{
	const char *id = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(params, "ID"));
	struct rest_reply reply = { 0 };
	cJSON *body;
	bool ok;

	*response = *dropped = NULL;
	if (!id || !edit_check_user_id(id, err))
		return false;
	if (has_file(params))
		return two_requests(s, params, changed, admin_mode, response,
				    dropped, err);
	body = batch_body(params, id, admin_mode);
	ok = rest_call(s, "batch", body, REST_WRITE, &reply, err);
	cJSON_Delete(body);
	if (ok)
		ok = batch_outcome(reply.result, id, changed, response,
				   dropped, err);
	rest_reply_free(&reply);
	return ok;
}
