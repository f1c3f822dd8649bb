/* Reading up to 2 500 users in one batch call of user.get by ID lists. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "bulk-fetch.h"
#include "jsonutil.h"
#include "xalloc.h"

/* "user.get?FILTER[@ID][0]=5&...": one sub-request for up to 50 IDs. */
cJSON *bulk_fetch_command(const char *const *ids, size_t n, bool admin_mode)
{
	cJSON *params = cJSON_CreateObject(), *filter, *list, *out;
	char *line;
	size_t i;

	filter = cJSON_AddObjectToObject(params, "FILTER");
	list = cJSON_AddArrayToObject(filter, "@ID");
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(list, cJSON_CreateString(ids[i]));
	if (admin_mode)
		cJSON_AddStringToObject(params, "ADMIN_MODE", "Y");
	line = batch_command("user.get", params);
	out = cJSON_CreateString(line);
	free(line);
	cJSON_Delete(params);
	return out;
}

static bool take(const cJSON *result, const cJSON *cmd, cJSON *users,
		 struct b24_error *err)
{
	const cJSON *c, *list, *u;
	const char *id;

	cJSON_ArrayForEach(c, cmd) {
		if (!batch_sub_result(result, c->string, &list, err))
			return false;
		cJSON_ArrayForEach(u, list) {
			id = json_get_string(u, "ID");
			if (id && !cJSON_GetObjectItemCaseSensitive(users, id))
				cJSON_AddItemToObject(users, id,
					cJSON_Duplicate(u, true));
		}
	}
	return true;
}

bool bulk_fetch_users(struct rest_session *s, struct bulk_pace *pace,
		      const char *const *ids, size_t n, bool admin_mode,
		      cJSON **users, struct b24_error *err)
{
	cJSON *cmd = cJSON_CreateObject();
	struct rest_reply reply;
	char key[32];
	size_t i, k;
	bool ok;

	*users = cJSON_CreateObject();
	for (i = 0; i < n; i += BULK_BATCH_MAX) {
		k = n - i < BULK_BATCH_MAX ? n - i : BULK_BATCH_MAX;
		snprintf(key, sizeof key, "g%zu", i / BULK_BATCH_MAX);
		cJSON_AddItemToObject(cmd, key, bulk_fetch_command(ids + i, k,
								   admin_mode));
	}
	ok = !cmd->child || bulk_pace_batch(pace, s, cmd, false, REST_READ,
					    &reply, err);
	if (ok && cmd->child) {
		ok = take(reply.result, cmd, *users, err);
		rest_reply_free(&reply);
	}
	cJSON_Delete(cmd);
	if (!ok) {
		cJSON_Delete(*users);
		*users = NULL;
	}
	return ok;
}

bool bulk_fetch_self(struct rest_session *s, struct bulk_pace *pace,
		     char **id, struct b24_error *err)
{
	cJSON *cmd = cJSON_CreateObject();
	struct rest_reply reply;
	const cJSON *me, *v;
	char num[32];
	bool ok;

	*id = NULL;
	cJSON_AddStringToObject(cmd, "me", "profile");
	ok = bulk_pace_batch(pace, s, cmd, false, REST_READ, &reply, err);
	cJSON_Delete(cmd);
	if (!ok)
		return false;
	ok = batch_sub_result(reply.result, "me", &me, err);
	v = ok ? json_get(me, "ID") : NULL;
	if (cJSON_IsNumber(v)) {
		snprintf(num, sizeof num, "%.0f", v->valuedouble);
		*id = xstrdup(num);
	} else if (cJSON_IsString(v)) {
		*id = xstrdup(v->valuestring);
	}
	rest_reply_free(&reply);
	return ok;
}
