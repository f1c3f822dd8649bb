/* Checks on a bulk plan once the users are read: the account the
 * credentials act as is not dismissed by accident, and undo --run does
 * not overwrite what changed since the run. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulk-plan.h"
#include "diff.h"
#include "strbuf.h"
#include "xalloc.h"

static bool to_send(const struct bulk_row *r)
{
	return r->state == BULK_TODO || r->state == BULK_SENT;
}

static bool sets_inactive(const struct bulk_row *r)
{
	const char *active = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(r->changed, "ACTIVE"));

	return to_send(r) && active && strcmp(active, "N") == 0;
}

bool bulk_plan_dismisses_any(const struct bulk_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->count; i++)
		if (sets_inactive(&plan->rows[i]))
			return true;
	return false;
}

bool bulk_plan_row_dismisses(const struct bulk_row *r, const char *self_id)
{
	return self_id && r->user_id && sets_inactive(r) &&
	       strcmp(r->user_id, self_id) == 0;
}

static void refuse(struct bulk_row *r, const char *why)
{
	r->state = BULK_INVALID;
	free(r->problem);
	r->problem = xstrdup(why);
}

size_t bulk_plan_guard_self(struct bulk_plan *plan, const char *self_id,
			    bool allow)
{
	struct bulk_row *r;
	size_t i, n = 0;

	for (i = 0; i < plan->count; i++) {
		r = &plan->rows[i];
		if (!bulk_plan_row_dismisses(r, self_id))
			continue;
		n++;
		if (!allow)
			refuse(r, "ACTIVE N would dismiss the account these "
			       "credentials act as and lock b24user and its "
			       "webhooks out of the portal.  Add "
			       "--yes-dismiss-self if that is really meant "
			       "(--yes is not enough), and make sure another "
			       "administrator can reactivate it.");
	}
	return n;
}

/* "FIELD is X now, the run left Y" for each field that moved on. */
static char *moved_on(const cJSON *mismatches)
{
	struct strbuf sb;
	const cJSON *it;
	char *was, *is;

	sb_init(&sb);
	sb_append(&sb, "changed since the run, so it is not overwritten:");
	cJSON_ArrayForEach(it, mismatches) {
		was = diff_value_text(cJSON_GetObjectItemCaseSensitive(
			it, "expected"));
		is = diff_value_text(cJSON_GetObjectItemCaseSensitive(
			it, "now"));
		sb_printf(&sb, "%s %s is %s now, the run left %s",
			  it == mismatches->child ? "" : ";", it->string, is,
			  was);
		free(was);
		free(is);
	}
	return sb_steal(&sb);
}

/* Only the fields the row still changes: one already back to its old
 * value needs no check. */
static void check_expect(struct bulk_plan *plan, struct bulk_row *r,
			 const cJSON *expect)
{
	cJSON *want = cJSON_CreateObject(), *bad;
	const cJSON *it, *v;

	cJSON_ArrayForEach(it, r->changed)
		if ((v = cJSON_GetObjectItemCaseSensitive(expect, it->string)))
			cJSON_AddItemToObject(want, it->string,
					      cJSON_Duplicate(v, true));
	bad = diff_expect_mismatches(r->loaded, want, plan->cat);
	if (bad->child) {
		r->state = BULK_FAILED;
		free(r->problem);
		r->problem = moved_on(bad);
	}
	cJSON_Delete(bad);
	cJSON_Delete(want);
}

void bulk_plan_expect(struct bulk_plan *plan, const cJSON *expect)
{
	struct bulk_row *r;
	char key[32];
	size_t i;

	for (i = 0; i < plan->count; i++) {
		r = &plan->rows[i];
		if (r->state != BULK_TODO || !r->loaded)
			continue;
		snprintf(key, sizeof key, "%ld", r->line);
		check_expect(plan, r, cJSON_GetObjectItemCaseSensitive(
			expect, key));
	}
}
