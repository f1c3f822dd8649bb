/*
 * A driver for tests/search.sh: the search API as the console's pick list
 * uses it, against the fake portal.  The webhook comes from the
 * environment (B24_PROBE_WEBHOOK), never from argv.
 *   search-probe [--cacert F] [--text T] [--filter JSON] [--limit N]
 *                [--departments] [--cancel-after N] [--cancel-on-stdin]
 *                [--again] [--rows]
 * Prints one line per user (ID, then the department text with
 * --departments; with --rows the pick list's row, fields joined by
 * '|'), then "users=N requests=N", the department note, and
 * "error exit=E code=C" on failure; --again clears a cancel and runs the
 * same search once more.  --cancel-on-stdin cancels from another thread
 * when a line arrives on standard input.  Exits with the error's status.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "log.h"
#include "rest.h"
#include "search.h"
#include "secret.h"

struct probe {
	struct http_options http;
	const char *text, *filter_text;
	long limit, cancel_after;
	bool departments, cancel_on_stdin, again, rows;
	struct search *se;
	long seen;
};

static bool parse(struct probe *p, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--departments") == 0)
			p->departments = true;
		else if (strcmp(a, "--cancel-on-stdin") == 0)
			p->cancel_on_stdin = true;
		else if (strcmp(a, "--again") == 0)
			p->again = true;
		else if (strcmp(a, "--rows") == 0)
			p->rows = p->departments = true;
		else if (!v)
			return false;
		else if (strcmp(a, "--cacert") == 0 && ++i)
			p->http.ca_file = v;
		else if (strcmp(a, "--text") == 0 && ++i)
			p->text = v;
		else if (strcmp(a, "--filter") == 0 && ++i)
			p->filter_text = v;
		else if (strcmp(a, "--limit") == 0 && ++i)
			p->limit = atol(v);
		else if (strcmp(a, "--cancel-after") == 0 && ++i)
			p->cancel_after = atol(v);
		else
			return false;
	}
	return true;
}

static void print_row(struct probe *p, const cJSON *user)
{
	struct search_row row;

	search_row_fill(p->se, user, &row);
	printf("%s|%s|%s|%s|%s\n", row.id, row.name, row.position,
	       row.department, row.active ? "active" : "dismissed");
	search_row_clear(&row);
	++p->seen;
}

static bool one_user(void *ctx, const cJSON *user)
{
	struct probe *p = ctx;
	struct strbuf sb;

	if (p->rows) {
		print_row(p, user);
		return true;
	}
	sb_init(&sb);
	if (p->departments)
		search_department_text(p->se, user, &sb);
	printf("%s%s%s\n", cJSON_GetStringValue(
		       cJSON_GetObjectItemCaseSensitive(user, "ID")),
	       p->departments ? "\t" : "", sb.buf);
	sb_free(&sb);
	if (++p->seen == p->cancel_after)
		search_cancel(p->se);
	return true;
}

/* The console's case: typing on cancels from the main thread. */
static void *cancel_on_line(void *arg)
{
	struct probe *p = arg;
	char line[64];

	if (fgets(line, sizeof line, stdin))
		search_cancel(p->se);
	return NULL;
}

static bool run(struct probe *p, struct b24_error *err)
{
	struct search_query q = { .text = p->text, .limit = p->limit };
	cJSON *filter = NULL;
	bool ok;

	if (p->filter_text &&
	    !(filter = search_parse_filter(p->filter_text, err)))
		return false;
	q.filter = filter;
	if (p->departments)
		search_load_departments(p->se);
	ok = search_run(p->se, &q, one_user, p, err);
	if (!ok && p->again) {
		printf("first: error code=%s\n", err->code);
		search_clear_cancel(p->se);
		p->cancel_after = 0;
		ok = search_run(p->se, &q, one_user, p, err);
	}
	cJSON_Delete(filter);
	return ok;
}

static void report(struct probe *p, bool ok, const struct b24_error *err)
{
	struct search_stats st;
	const char *note = search_department_note(p->se);

	search_get_stats(p->se, &st);
	printf("users=%ld requests=%ld\n", st.users, st.requests);
	if (note)
		printf("note: %s\n", note);
	if (!ok)
		printf("error exit=%d code=%s\n%s\n", err->exit, err->code,
		       err->message);
}

int main(int argc, char **argv)
{
	struct probe p;
	struct rest_creds creds = { .method = AUTH_WEBHOOK };
	const char *hook = getenv("B24_PROBE_WEBHOOK");
	struct rest_session *s;
	struct b24_error err;
	pthread_t th;
	bool ok;

	memset(&p, 0, sizeof p);
	if (!parse(&p, argc, argv) || !hook) {
		fputs("usage: search-probe [--cacert F] [--text T] "
		      "[--filter JSON] [--limit N] [--departments] "
		      "[--cancel-after N] [--cancel-on-stdin] [--again] "
		      "[--rows]\n",
		      stderr);
		return 2;
	}
	b24_error_clear(&err);
	http_global_init();
	log_add_secret(hook);
	creds.webhook = secret_new(hook);
	s = rest_session_new(&p.http, &creds);
	p.se = search_new(s);
	if (p.cancel_on_stdin)
		pthread_create(&th, NULL, cancel_on_line, &p);
	ok = run(&p, &err);
	report(&p, ok, &err);
	fflush(stdout);
	if (p.cancel_on_stdin)
		pthread_join(th, NULL);
	search_free(p.se);
	rest_session_free(s);
	http_global_cleanup();
	return ok ? 0 : (int)err.exit;
}
