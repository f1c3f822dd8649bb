/*
 * A driver for tests/edit.sh: one safe edit (or an undo) against the fake
 * portal through the app layer.  The webhook comes from the environment
 * (B24_PROBE_WEBHOOK), never from argv; B24_PROBE_LOG names a debug log.
 *   edit-probe [--cacert F] [--journal F] [--admin-mode] [--reread]
 *              [--learn] [--expect JSON] [--between CMD]
 *              [--on-conflict accept|drop] USER_ID DATA_JSON
 *   edit-probe [...] --undo SEQ|newest
 * --between runs CMD after the user was loaded and before the check, to
 * change the user behind our back; --learn reads the portal's fields with
 * the user.  Prints the diff, then "outcome=..." and the item or the
 * error, and "requests=N connections=N"; exits with the error's status.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "http.h"
#include "log.h"
#include "rest.h"
#include "safe-edit.h"
#include "secret.h"

struct probe {
	struct http_options http;
	struct update_options opt;
	struct safe_edit se;
	const char *between;
	const char *on_conflict;	/* "accept" or "drop" */
	const char *undo;
	const char *expect_text;
	const char *user_id;
	const char *data_text;
	bool reread;
	bool learn;
	cJSON *data;
	cJSON *expect;
};

static int usage(void)
{
	fputs("usage: edit-probe [--cacert F] [--journal F] [--admin-mode] "
	      "[--reread] [--learn] [--expect JSON] [--between CMD] "
	      "(USER_ID DATA_JSON | --undo SEQ|newest)\n", stderr);
	return 2;
}

static bool parse(struct probe *p, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--admin-mode") == 0)
			p->opt.admin_mode = true;
		else if (strcmp(a, "--reread") == 0)
			p->reread = true;
		else if (strcmp(a, "--learn") == 0)
			p->learn = true;
		else if (!v)
			break;
		else if (strcmp(a, "--cacert") == 0 && ++i)
			p->http.ca_file = v;
		else if (strcmp(a, "--journal") == 0 && ++i)
			p->se.journal_path = v;
		else if (strcmp(a, "--expect") == 0 && ++i)
			p->expect_text = v;
		else if (strcmp(a, "--between") == 0 && ++i)
			p->between = v;
		else if (strcmp(a, "--on-conflict") == 0 && ++i)
			p->on_conflict = v;
		else if (strcmp(a, "--undo") == 0 && ++i)
			p->undo = v;
		else
			break;
	}
	if (!p->undo && i + 2 == argc) {
		p->user_id = argv[i];
		p->data_text = argv[i + 1];
		return true;
	}
	return p->undo && i == argc;
}

/* Undo: the data and the expectation come from the journal entry. */
static bool plan_undo(struct probe *p, struct b24_error *err)
{
	struct journal_list l;
	const struct journal_entry *e;
	static char uid[32];

	if (!journal_read(p->se.journal_path, &l, err))
		return false;
	e = strcmp(p->undo, "newest") == 0 ?
	    journal_newest_undoable(&l, NULL) :
	    journal_find(&l, atol(p->undo));
	if (!e) {
		b24_error_set(err, B24_EXIT_USAGE, "no_entry",
			      "no such journal entry");
		journal_list_free(&l);
		return false;
	}
	if (!journal_undo_plan(e, p->se.cat, &p->data, &p->expect, err)) {
		journal_list_free(&l);
		return false;
	}
	snprintf(uid, sizeof uid, "%s", e->user_id);
	p->user_id = uid;
	p->se.undo_of = e->seq;
	journal_list_free(&l);
	return true;
}

static bool inputs(struct probe *p, struct b24_error *err)
{
	if (p->undo)
		return plan_undo(p, err);
	p->data = cJSON_Parse(p->data_text);
	if (p->expect_text)
		p->expect = cJSON_Parse(p->expect_text);
	return true;
}

/* The choices a person has after a conflict, as the console offers
 * them: go on from the fresh read, or keep the portal's values. */
static bool resolve(struct probe *p, struct rest_session *s,
		    struct b24_error *err)
{
	bool ok = true;
	cJSON *c;

	if (!p->on_conflict || strcmp(err->code, "conflict") != 0)
		return false;
	printf("conflict:\n%s\n", err->message);
	if (strcmp(p->on_conflict, "accept") == 0) {
		ok = safe_edit_accept_now(&p->se, err);
	} else {
		while (ok && (c = p->se.conflicts->child))
			ok = safe_edit_drop_field(&p->se, c->string, err);
	}
	return ok && safe_edit_check(s, &p->se, p->expect, p->reread, err);
}

static bool run(struct probe *p, struct rest_session *s,
		struct b24_error *err)
{
	char *text;

	if (!inputs(p, err))
		return false;
	p->se.user_id = p->user_id;
	if (p->learn)
		p->se.learn = (struct field_catalog *)p->se.cat;
	if (!safe_edit_prepare(s, &p->se, p->data, err))
		return false;
	text = diff_render(p->se.loaded, p->se.changed, p->se.cat);
	printf("diff:\n%s", text);
	free(text);
	if (safe_edit_nothing_to_do(&p->se)) {
		puts("outcome=nothing");
		return true;
	}
	if (p->between && system(p->between) != 0)
		fprintf(stderr, "--between command failed\n");
	if (!safe_edit_check(s, &p->se, p->expect, p->reread, err) &&
	    !resolve(p, s, err))
		return false;
	return safe_edit_commit(s, &p->se, err);
}

static void report(const struct probe *p, bool ok,
		   const struct b24_error *err)
{
	cJSON *item;
	char *text;

	if (p->se.seq) {
		printf("outcome=%s seq=%ld\n",
		       journal_outcome_name(p->se.outcome), p->se.seq);
		item = safe_edit_item(&p->se);
		text = cJSON_PrintUnformatted(item);
		printf("item=%s\n", text);
		cJSON_free(text);
		cJSON_Delete(item);
	}
	if (!ok)
		printf("error exit=%d code=%s\n%s\n%s\n", err->exit, err->code,
		       err->message, err->hint);
}

int main(int argc, char **argv)
{
	struct probe p = { .se.profile = "test", .se.operator = "probe" };
	struct rest_creds creds = { .method = AUTH_WEBHOOK };
	const char *hook = getenv("B24_PROBE_WEBHOOK");
	struct rest_session *s;
	struct rest_stats st;
	struct b24_error err;
	bool ok;

	if (!parse(&p, argc, argv) || !hook)
		return usage();
	b24_error_clear(&err);
	p.se.cat = fields_catalog_load(&err);
	if (!p.se.cat) {
		printf("error exit=%d code=%s\n%s\n", err.exit, err.code,
		       err.message);
		return err.exit;
	}
	p.se.opt = &p.opt;
	p.se.portal = getenv("PORTAL_URL");
	http_global_init();
	if (getenv("B24_PROBE_LOG"))
		log_open(getenv("B24_PROBE_LOG"), &err);
	log_add_secret(hook);
	creds.webhook = secret_new(hook);
	s = rest_session_new(&p.http, &creds);
	ok = run(&p, s, &err);
	report(&p, ok, &err);
	rest_session_stats(s, &st);
	printf("requests=%ld connections=%ld\n", st.requests, st.connections);
	safe_edit_free(&p.se);
	cJSON_Delete(p.data);
	cJSON_Delete(p.expect);
	fields_catalog_free((struct field_catalog *)p.se.cat);
	rest_session_free(s);
	http_global_cleanup();
	log_close();
	return ok ? 0 : (int)err.exit;
}
