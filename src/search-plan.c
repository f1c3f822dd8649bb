/*
 * The request a search query becomes: user.search with FIND, or user.get
 * with FILTER (the text as NAME_SEARCH, %EMAIL or a phone field), SORT
 * and ORDER, select, ADMIN_MODE, and how its pages are walked.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "search-internal.h"

/* A phone number may be in any of these; user.get cannot OR them, so
 * each is asked in turn. */
const char *const search_phone_fields[] = {
	"PERSONAL_MOBILE", "WORK_PHONE", "PERSONAL_PHONE", "UF_PHONE_INNER",
	NULL,
};

/* "!ACTIVE", ">=ACTIVE" ... all name it: the person decides. */
static bool names_active(const cJSON *filter)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, filter)
		if (strcasecmp(it->string + strspn(it->string, "!=<>@%"),
			       "ACTIVE") == 0)
			return true;
	return false;
}

static bool looks_like_email(const char *text)
{
	return strchr(text, '@') && !strpbrk(text, " \t");
}

/* "+49 30 5550 004", "(495) 123-45-67", "104": digits and the signs
 * people write numbers with, three digits at least. */
bool search_looks_like_phone(const char *text)
{
	size_t digits = 0;
	const char *p;

	for (p = text ? text : ""; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr("+-() .", *p))
			return false;
	}
	return digits >= 3;
}

static void set_member(cJSON *obj, const char *name, cJSON *value)
{
	cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
	cJSON_AddItemToObject(obj, name, value);
}

/* The filter key the text becomes in user.get. */
static const char *text_key(const char *text, const char *phone_field,
			    char *buf, size_t len)
{
	if (phone_field) {
		snprintf(buf, len, "%%%s", phone_field);
		return buf;
	}
	return looks_like_email(text) ? "%EMAIL" : "NAME_SEARCH";
}

/* user.search takes FIND alone; with a filter, an e-mail or a phone
 * number the text becomes a user.get filter key instead. */
static void plan_method(struct plan *p, const struct search_query *q,
			const char *phone_field)
{
	const char *text = q->text && *q->text ? q->text : NULL;
	cJSON *filter;
	char key[64];

	p->want_inactive = names_active(q->filter);
	if (text && !q->filter && !looks_like_email(text) && !phone_field) {
		p->method = "user.search";
		cJSON_AddStringToObject(p->params, "FIND", text);
		return;
	}
	p->method = "user.get";
	filter = q->filter ? cJSON_Duplicate(q->filter, true)
			   : cJSON_CreateObject();
	if (text)
		set_member(filter, text_key(text, phone_field, key,
					    sizeof key),
			   cJSON_CreateString(text));
	if (!p->want_inactive)
		cJSON_AddTrueToObject(filter, "ACTIVE");
	cJSON_AddItemToObject(p->params, "FILTER", filter);
}

/* The portal sorts only when SORT and ORDER both come; ID paging needs
 * the order by ID. */
static void plan_order(struct plan *p, const struct search_query *q)
{
	const cJSON *one = q->order ? q->order->child : NULL;
	const char *field = one ? one->string : "ID";
	const char *dir = one ? cJSON_GetStringValue(one) : "ASC";
	bool by_id = strcmp(field, "ID") == 0;

	p->descending = dir && strcasecmp(dir, "DESC") == 0;
	p->paging = by_id && strcmp(p->method, "user.get") == 0
		    ? PAGE_BY_ID : PAGE_BY_OFFSET;
	if (!one && p->paging != PAGE_BY_ID)
		return;
	cJSON_AddStringToObject(p->params, "SORT", field);
	cJSON_AddStringToObject(p->params, "ORDER",
				p->descending ? "DESC" : "ASC");
}

/* ID and ACTIVE always come back: the one for paging, the other to
 * leave dismissed users out. */
static void plan_select(struct plan *p, const struct search_query *q)
{
	cJSON *sel;
	const cJSON *it;
	bool id = false, active = false;

	if (!q->select)
		return;
	sel = cJSON_Duplicate(q->select, true);
	cJSON_ArrayForEach(it, sel) {
		id = id || strcmp(it->valuestring, "ID") == 0;
		active = active || strcmp(it->valuestring, "ACTIVE") == 0;
	}
	if (!id)
		cJSON_AddItemToArray(sel, cJSON_CreateString("ID"));
	if (!active)
		cJSON_AddItemToArray(sel, cJSON_CreateString("ACTIVE"));
	cJSON_AddItemToObject(p->params, "select", sel);
}

void search_plan_build(struct plan *p, const struct search_query *q,
		       const char *phone_field)
{
	memset(p, 0, sizeof *p);
	p->params = cJSON_CreateObject();
	plan_method(p, q, phone_field);
	plan_order(p, q);
	plan_select(p, q);
	if (q->admin_mode)
		cJSON_AddStringToObject(p->params, "ADMIN_MODE", "Y");
}
