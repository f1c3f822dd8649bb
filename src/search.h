/*
 * Finding users: a text search (user.search FIND) or a filter (user.get
 * FILTER), paged through the whole portal 50 at a time and handed over
 * one user at a time, so memory stays flat however many users match.
 * Department names come from department.get, read once and cached.
 */
#ifndef B24_SEARCH_H
#define B24_SEARCH_H

#include <stdbool.h>
#include <cJSON.h>

#include "error.h"
#include "rest.h"
#include "strbuf.h"

struct search_query {
	/* TEXT, NULL or "" for none: names, position and department
	 * (user.search); an e-mail address (%EMAIL); a phone number
	 * (%PERSONAL_MOBILE, %WORK_PHONE, %PERSONAL_PHONE, %UF_PHONE_INNER
	 * asked in turn, each user handed over once).  With a filter, a
	 * name goes to user.get as NAME_SEARCH. */
	const char *text;
	const cJSON *filter;	/* user.get FILTER object, or NULL */
	const cJSON *order;	/* {"LAST_NAME": "ASC"}, or NULL: by ID */
	const cJSON *select;	/* array of field codes, or NULL: all */
	bool admin_mode;	/* ADMIN_MODE=Y */
	long limit;		/* at most this many users; 0: all */
};

/*
 * Called once per matching user, in the portal's order.  user is
 * borrowed: it is freed with its page when the callback returns.  Return
 * false to stop the search early (search_run then returns true).
 */
typedef bool (*search_user_fn)(void *ctx, const cJSON *user);

struct search_stats {
	long users;		/* handed to callbacks since search_new */
	long requests;		/* REST calls this search object made */
	long skipped_inactive;	/* dismissed users left out */
};

struct search;

/* The session is borrowed; it must outlive the search object. */
struct search *search_new(struct rest_session *s);
void search_free(struct search *se);

/* --filter and --order text: a JSON object, else exit USAGE with
 * "--filter: line L, column C: reason".  Nothing is sent. */
cJSON *search_parse_filter(const char *text, struct b24_error *err);
/* One field and ASC or DESC ({"LAST_NAME": "asc"} is accepted). */
cJSON *search_parse_order(const char *text, struct b24_error *err);
/* "NAME,EMAIL" as an array of codes; upper-case field names only. */
cJSON *search_parse_fields(const char *text, struct b24_error *err);

/*
 * Run the query: every matching user goes to fn.  Dismissed users are
 * left out unless the filter names ACTIVE.  A user.get without an order
 * other than ID pages with start=-1 and a >ID filter (no total count, no
 * offsets, fast on large portals); a text search or another order pages
 * by offset.  False with err on failure or cancellation (code
 * "cancelled", exit 130); users already handed over stay handed over.
 */
bool search_run(struct search *se, const struct search_query *q,
		search_user_fn fn, void *ctx, struct b24_error *err);
/* Any thread: stop the search in progress (the request in flight is
 * cancelled through rest_session_cancel). */
void search_cancel(struct search *se);
/* Before the next search after a cancel: clears the flag here and in the
 * session. */
void search_clear_cancel(struct search *se);
void search_get_stats(const struct search *se, struct search_stats *out);

/*
 * Read the department names (department.get, scope "department") once.
 * When that fails the names stay unknown, search_department_note() says
 * why, and later calls do not ask again; returns false then.
 */
bool search_load_departments(struct search *se);
/* Why department names are not shown, for a warning, auth status or the
 * console; NULL when they are (or were never asked for). */
const char *search_department_note(const struct search *se);
/* A user's departments for a person: "Helpdesk, Marketing & PR", or the
 * numbers ("2, 7") when the names are unknown.  Appended to out. */
void search_department_text(const struct search *se, const cJSON *user,
			    struct strbuf *out);

/* One line of the console's pick list, copied out of a user so it
 * outlives the page: ID, "NAME LAST_NAME", position, departments (names
 * or numbers, as search_department_text), active. */
struct search_row {
	char *id;
	char *name;
	char *position;
	char *department;
	bool active;
};

void search_row_fill(const struct search *se, const cJSON *user,
		     struct search_row *row);
void search_row_clear(struct search_row *row);

#endif
