/* The search object's insides, shared by search*.c only. */
#ifndef B24_SEARCH_INTERNAL_H
#define B24_SEARCH_INTERNAL_H

#include <stdbool.h>
#include <cJSON.h>

#include "search.h"

struct search_department {
	char *id;
	char *name;
};

struct search {
	struct rest_session *session;
	int cancel;			/* set by any thread, read atomically */
	struct search_stats stats;
	/* department.get, read once */
	bool departments_tried;
	struct search_department *departments;
	size_t n_departments;
	char *department_note;
};

enum paging {
	PAGE_BY_ID,	/* start=-1 and FILTER >ID (or <ID): no offsets */
	PAGE_BY_OFFSET,	/* start=0, 50, ... as the portal's "next" says */
};

/* One query as requests. */
struct plan {
	const char *method;
	cJSON *params;		/* the request; start and >ID change */
	enum paging paging;
	bool descending;
	bool want_inactive;	/* the filter names ACTIVE itself */
};

/* Where a phone number may be, NULL-terminated. */
extern const char *const search_phone_fields[];
bool search_looks_like_phone(const char *text);
/* The request for q; phone_field: the text is a number in that field. */
void search_plan_build(struct plan *p, const struct search_query *q,
		       const char *phone_field);

/* One rest_call, counted; false with err "cancelled" after a cancel. */
bool search_call(struct search *se, const char *method,
		 const cJSON *params, struct rest_reply *reply,
		 struct b24_error *err);
void search_departments_free(struct search *se);

#endif
