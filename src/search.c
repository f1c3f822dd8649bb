/*
 * Finding users: the user.search or user.get request a query asks for,
 * then every page of the answer, one user at a time to the caller.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jsonutil.h"
#include "search-internal.h"
#include "xalloc.h"

/* The portal's fixed page size for list methods. */
#define SEARCH_PAGE 50

enum paging {
	PAGE_BY_ID,	/* start=-1 and FILTER >ID (or <ID): no offsets */
	PAGE_BY_OFFSET,	/* start=0, 50, ... as the portal's "next" says */
};

struct plan {
	const char *method;
	cJSON *params;		/* the request; start and >ID change */
	enum paging paging;
	bool descending;
	bool want_inactive;	/* the filter names ACTIVE itself */
};

struct pager {
	struct search *se;
	const struct search_query *q;
	struct plan plan;
	search_user_fn fn;
	void *ctx;
	char *last_id;		/* PAGE_BY_ID: the last ID seen */
	long start;		/* PAGE_BY_OFFSET: the next offset */
	long count;		/* users handed over in this run */
	bool more;
};

struct search *search_new(struct rest_session *s)
{
	struct search *se = xcalloc(1, sizeof *se);

	se->session = s;
	return se;
}

void search_free(struct search *se)
{
	if (!se)
		return;
	search_departments_free(se);
	free(se);
}

void search_cancel(struct search *se)
{
	__atomic_store_n(&se->cancel, 1, __ATOMIC_SEQ_CST);
	rest_session_cancel(se->session);
}

void search_clear_cancel(struct search *se)
{
	__atomic_store_n(&se->cancel, 0, __ATOMIC_SEQ_CST);
	rest_session_clear_cancel(se->session);
}

void search_get_stats(const struct search *se, struct search_stats *out)
{
	*out = se->stats;
}

static bool cancelled(struct search *se, struct b24_error *err)
{
	if (!__atomic_load_n(&se->cancel, __ATOMIC_SEQ_CST))
		return false;
	b24_error_set(err, B24_EXIT_INTERRUPTED, "cancelled",
		      "The search was cancelled");
	return true;
}

bool search_call(struct search *se, const char *method,
		 const cJSON *params, struct rest_reply *reply,
		 struct b24_error *err)
{
	bool ok;

	memset(reply, 0, sizeof *reply);
	if (cancelled(se, err))
		return false;
	se->stats.requests++;
	ok = rest_call(se->session, method, params, REST_READ, reply, err);
	if (!ok && cancelled(se, err))
		return false;
	return ok;
}

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

static void set_member(cJSON *obj, const char *name, cJSON *value)
{
	cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
	cJSON_AddItemToObject(obj, name, value);
}

/* user.search takes FIND alone; with a filter or an e-mail the text
 * becomes a user.get filter key instead. */
static void plan_method(struct plan *p, const struct search_query *q)
{
	const char *text = q->text && *q->text ? q->text : NULL;
	cJSON *filter;

	p->want_inactive = names_active(q->filter);
	if (text && !q->filter && !looks_like_email(text)) {
		p->method = "user.search";
		cJSON_AddStringToObject(p->params, "FIND", text);
		return;
	}
	p->method = "user.get";
	filter = q->filter ? cJSON_Duplicate(q->filter, true)
			   : cJSON_CreateObject();
	if (text)
		set_member(filter, looks_like_email(text) ? "%EMAIL"
			   : "NAME_SEARCH", cJSON_CreateString(text));
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

static void plan_build(struct plan *p, const struct search_query *q)
{
	memset(p, 0, sizeof *p);
	p->params = cJSON_CreateObject();
	plan_method(p, q);
	plan_order(p, q);
	plan_select(p, q);
	if (q->admin_mode)
		cJSON_AddStringToObject(p->params, "ADMIN_MODE", "Y");
}

static void set_page(struct pager *pg)
{
	cJSON *params = pg->plan.params;

	if (pg->plan.paging == PAGE_BY_OFFSET) {
		set_member(params, "start", cJSON_CreateNumber(pg->start));
		return;
	}
	set_member(params, "start", cJSON_CreateNumber(-1));
	if (pg->last_id)
		set_member(json_get(params, "FILTER"),
			   pg->plan.descending ? "<ID" : ">ID",
			   cJSON_CreateString(pg->last_id));
}

/* Decimal IDs as text (some pass 2^53): longer is larger. */
static int id_compare(const char *a, const char *b)
{
	size_t la, lb;

	a += strspn(a, "0");
	b += strspn(b, "0");
	la = strlen(a);
	lb = strlen(b);
	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

static bool hand_over(struct pager *pg, const cJSON *user)
{
	struct search_stats *st = &pg->se->stats;

	if (!pg->plan.want_inactive && cJSON_IsFalse(json_get(user, "ACTIVE"))) {
		st->skipped_inactive++;
		return true;
	}
	st->users++;
	pg->count++;
	if (!pg->fn(pg->ctx, user))
		return false;
	return !pg->q->limit || pg->count < pg->q->limit;
}

static bool no_progress(struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_REFUSED, "paging_stuck",
		      "The portal sent the same users again while paging");
	b24_error_hint(err, "The portal did not apply the ID filter; try "
		       "again with --order {\"LAST_NAME\": \"ASC\"}, which "
		       "pages by offset.");
	return false;
}

static bool next_by_id(struct pager *pg, const char *last, int n,
		       struct b24_error *err)
{
	int cmp;

	if (!last || n < SEARCH_PAGE) {
		pg->more = false;
		return true;
	}
	if (pg->last_id) {
		cmp = id_compare(last, pg->last_id);
		if (pg->plan.descending ? cmp >= 0 : cmp <= 0)
			return no_progress(err);
	}
	free(pg->last_id);
	pg->last_id = xstrdup(last);
	return true;
}

static bool take_page(struct pager *pg, const struct rest_reply *r,
		      struct b24_error *err)
{
	const cJSON *u;
	const char *last = NULL;
	int n = 0;

	if (!cJSON_IsArray(r->result)) {
		b24_error_set(err, B24_EXIT_REFUSED, "unexpected_answer",
			      "The portal answered %s without a list of "
			      "users", pg->plan.method);
		return false;
	}
	cJSON_ArrayForEach(u, r->result) {
		/* A stale search stops at once, not at the page's end. */
		if (cancelled(pg->se, err))
			return false;
		n++;
		last = json_get_string(u, "ID") ? json_get_string(u, "ID")
						: last;
		if (!hand_over(pg, u)) {
			pg->more = false;
			return true;
		}
	}
	if (pg->plan.paging == PAGE_BY_ID)
		return next_by_id(pg, last, n, err);
	pg->more = r->next > pg->start && n > 0;
	pg->start = r->next;
	return true;
}

bool search_run(struct search *se, const struct search_query *q,
		search_user_fn fn, void *ctx, struct b24_error *err)
{
	struct pager pg = { .se = se, .q = q, .fn = fn, .ctx = ctx,
			    .more = true };
	struct rest_reply reply;
	bool ok = true;

	plan_build(&pg.plan, q);
	while (ok && pg.more) {
		set_page(&pg);
		ok = search_call(se, pg.plan.method, pg.plan.params, &reply,
				 err) && take_page(&pg, &reply, err);
		rest_reply_free(&reply);
	}
	cJSON_Delete(pg.plan.params);
	free(pg.last_id);
	return ok;
}
