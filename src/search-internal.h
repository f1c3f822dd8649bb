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

/* One rest_call, counted; false with err "cancelled" after a cancel. */
bool search_call(struct search *se, const char *method,
		 const cJSON *params, struct rest_reply *reply,
		 struct b24_error *err);
void search_departments_free(struct search *se);

#endif
