/*
 * Finding users: the user.search or user.get request a query asks for,
 * then every page of the answer, one user at a time to the caller.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <glib.h>

#include "jsonutil.h"
#include "search-internal.h"
#include "xalloc.h"

/* The portal's fixed page size for list methods. */
#define SEARCH_PAGE 50

struct pager {
	struct search *se;
	const struct search_query *q;
	struct plan plan;
	search_user_fn fn;
	void *ctx;
	char *last_id;		/* PAGE_BY_ID: the last ID seen */
	long start;		/* PAGE_BY_OFFSET: the next offset */
	long count;		/* users handed over in this run */
	bool more;		/* another page of this plan */
	bool stopped;		/* the caller or the limit ended the run */
	GHashTable *seen;	/* phone searches: IDs already handed over */
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

static void set_member(cJSON *obj, const char *name, cJSON *value)
{
	cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
	cJSON_AddItemToObject(obj, name, value);
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

	const char *id = json_get_string(user, "ID");

	if (!pg->plan.want_inactive &&
	    cJSON_IsFalse(json_get(user, "ACTIVE"))) {
		st->skipped_inactive++;
		return true;
	}
	if (pg->seen && id) {
		if (g_hash_table_contains(pg->seen, id))
			return true;
		g_hash_table_add(pg->seen, xstrdup(id));
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
			pg->stopped = true;
			return true;
		}
	}
	if (pg->plan.paging == PAGE_BY_ID)
		return next_by_id(pg, last, n, err);
	pg->more = r->next > pg->start && n > 0;
	pg->start = r->next;
	return true;
}

/* Every page of one plan. */
static bool run_plan(struct pager *pg, const char *phone_field,
		     struct b24_error *err)
{
	struct rest_reply reply;
	bool ok = true;

	search_plan_build(&pg->plan, pg->q, phone_field);
	free(pg->last_id);
	pg->last_id = NULL;
	pg->start = 0;
	pg->more = true;
	while (ok && pg->more) {
		set_page(pg);
		ok = search_call(pg->se, pg->plan.method, pg->plan.params,
				 &reply, err) && take_page(pg, &reply, err);
		rest_reply_free(&reply);
	}
	cJSON_Delete(pg->plan.params);
	pg->plan.params = NULL;
	return ok;
}

/* A phone number: one pass per phone field, each user once. */
static bool run_phone(struct pager *pg, struct b24_error *err)
{
	const char *const *f;
	bool ok = true;

	pg->seen = g_hash_table_new_full(g_str_hash, g_str_equal, free,
					 NULL);
	for (f = search_phone_fields; ok && *f && !pg->stopped; f++)
		ok = run_plan(pg, *f, err);
	g_hash_table_destroy(pg->seen);
	pg->seen = NULL;
	return ok;
}

bool search_run(struct search *se, const struct search_query *q,
		search_user_fn fn, void *ctx, struct b24_error *err)
{
	struct pager pg = { .se = se, .q = q, .fn = fn, .ctx = ctx };
	bool ok;

	if (search_looks_like_phone(q->text))
		ok = run_phone(&pg, err);
	else
		ok = run_plan(&pg, NULL, err);
	free(pg.last_id);
	return ok;
}
