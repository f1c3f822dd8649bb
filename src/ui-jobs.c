/* Portal requests for the console: each runs on the request thread and
 * comes back to the main loop, which logs it and updates the screen. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonutil.h"
#include "log.h"
#include "ui.h"
#include "xalloc.h"

enum job_kind { J_PROFILE, J_LOAD, J_DESCRIBE };

struct req {
	struct console *c;
	enum job_kind kind;
	bool ran, ok;
	char *user_id;
	bool admin, want_labels, as_curl;
	bool one_off;		/* made with the one-off token */
	cJSON *params;
	struct secret *token;
	struct b24_error err;
	struct rest_reply reply;
	cJSON *user, *labels, *custom;
	char *text;
	struct rest_stats stats;
	struct timespec t0;
	double secs;
};

static const char *const kind_method[] = {
	"profile", "user.get", "describe" };

/* The session owns an override token while it is set and frees it
 * when it is cleared. */
static void with_token(struct rest_session *s, struct req *r, bool on)
{
	if (!r->token)
		return;
	r->one_off = true;
	rest_session_set_token_override(s, on ? r->token : NULL);
	if (!on)
		r->token = NULL;
}

static void run_profile(struct rest_session *s, struct req *r)
{
	r->ok = rest_call(s, "profile", NULL, REST_READ, &r->reply, &r->err);
}

/* A read whose failure only loses labels or custom fields. */
static cJSON *read_optional(struct rest_session *s, const char *method)
{
	struct rest_reply lr;
	struct b24_error lerr;
	cJSON *out = NULL;

	memset(&lr, 0, sizeof(lr));
	b24_error_clear(&lerr);
	if (rest_call(s, method, NULL, REST_READ, &lr, &lerr))
		out = cJSON_Duplicate(lr.result, 1);
	else
		log_debug("%s: %s", method, lerr.message);
	rest_reply_free(&lr);
	return out;
}

static void run_load(struct rest_session *s, struct req *r)
{
	/* The field list the command line checks against: labels in the
	 * portal's language and its UF_USR_* fields (with their labels). */
	if (r->want_labels) {
		r->labels = read_optional(s, "user.fields");
		r->custom = read_optional(s, "user.userfield.list");
	}
	r->ok = edit_load_user(s, r->user_id, r->admin, &r->user, &r->err);
}

static void run_job(struct rest_session *s, void *arg)
{
	struct req *r = arg;

	r->ran = true;
	clock_gettime(CLOCK_MONOTONIC, &r->t0);
	with_token(s, r, true);
	switch (r->kind) {
	case J_PROFILE: run_profile(s, r); break;
	case J_LOAD: run_load(s, r); break;
	case J_DESCRIBE:
		r->text = rest_describe(s, "user.update", r->params,
					r->as_curl);
		r->ok = true;
		break;
	}
	with_token(s, r, false);
	r->secs = ui_elapsed(&r->t0);
	rest_session_stats(s, &r->stats);
}

static void req_free(struct req *r)
{
	free(r->user_id);
	cJSON_Delete(r->params);
	cJSON_Delete(r->user);
	cJSON_Delete(r->labels);
	cJSON_Delete(r->custom);
	secret_free(r->token);
	rest_reply_free(&r->reply);
	free(r->text);
	free(r);
}

void jobs_one_off_refused(struct b24_error *err)
{
	if (err->exit != B24_EXIT_AUTH)
		return;
	b24_error_hint(err, "The one-off access token in the Options form "
		       "was used for this request: correct it there, or "
		       "clear it to use the connection's credentials.");
}

void jobs_log_error(struct console *c, const char *method, double secs,
		    const struct b24_error *err)
{
	struct strbuf sb;
	char when[16];

	ui_clock(when, sizeof(when));
	sb_init(&sb);
	sb_printf(&sb, "%s <- %s failed after %.2f s: %s [%s]", when,
		  method, secs, err->message,
		  err->code[0] ? err->code : "no code");
	if (err->hint[0])
		sb_printf(&sb, "\n   what to do: %s", err->hint);
	log_pane_add(&c->log, sb.buf);
	sb_free(&sb);
	ui_error(c, err);
}

static void log_answer(struct console *c, struct req *r, const char *when)
{
	struct strbuf sb;
	const cJSON *body = r->reply.envelope ? r->reply.envelope : r->user;
	char *pretty = body ? json_pretty(body) : NULL;

	sb_init(&sb);
	sb_printf(&sb, "%s <- %s OK", when, kind_method[r->kind]);
	if (r->reply.http_status)
		sb_printf(&sb, ", HTTP %ld", r->reply.http_status);
	sb_printf(&sb, ", %.2f s", r->secs);
	if (pretty)
		sb_printf(&sb, "\n%s", pretty);
	log_pane_add(&c->log, sb.buf);
	sb_free(&sb);
	free(pretty);
}

static void show_account(struct console *c, const cJSON *p)
{
	const char *first = json_get_string(p, "NAME");
	const char *last = json_get_string(p, "LAST_NAME");
	char *id = json_scalar_text(json_get(p, "ID"));
	const cJSON *admin = json_get(p, "ADMIN");

	snprintf(c->account, sizeof(c->account), "%s %s (ID %s)",
		 first ? first : "", last ? last : "", id ? id : "?");
	snprintf(c->self_id, sizeof(c->self_id), "%s", id ? id : "");
	c->admin = cJSON_IsTrue(admin) ? 1 : admin ? 0 : -1;
	free(id);
}

static void done_profile(struct console *c, struct req *r)
{
	if (!r->ok)
		return;
	show_account(c, r->reply.result);
	ui_message(c, c->locale_note[0] != 0, "%s%sConnected: acting as %s%s.",
		   c->locale_note, c->locale_note[0] ? " " : "", c->account,
		   c->admin > 0 ? ", an administrator" : "");
	if (c->load_after_connect) {
		c->load_after_connect = false;
		user_load(c);
	}
}

/* On the main thread, which owns the catalogue: labels, then custom
 * fields, in the order 'b24user fields' reads them. */
static void learn_fields(struct console *c, struct req *r)
{
	struct b24_error err;

	if (!r->labels && !r->custom)
		return;
	b24_error_clear(&err);
	if (!c->cat && !(c->cat = fields_catalog_load(&err))) {
		ui_error(c, &err);
		return;
	}
	if (r->labels) {
		fields_catalog_add_labels(c->cat, r->labels);
		c->labels_loaded = true;
	}
	if (r->custom)
		fields_catalog_add_custom(c->cat, r->custom);
}

static void done_load(struct console *c, struct req *r)
{
	if (!r->ok) {
		c->quiet_load = false;
		return;
	}
	learn_fields(c, r);
	user_loaded(c, r->user_id, r->user);
	r->user = NULL;
}

static void done_describe(struct console *c, struct req *r)
{
	char *masked;

	if (r->as_curl) {
		/* Custom parameters named like credentials are secrets. */
		masked = redact_text(r->text);
		dlg_command(c, "The request as a curl command (secrets "
			    "masked)", masked);
		free(masked);
		return;
	}
	send_described(c, r->text);
}

static void done_job(void *arg)
{
	struct req *r = arg;
	struct console *c = r->c;
	char when[16];

	if (r->kind != J_DESCRIBE) {
		c->busy = false;
		if (!r->ran) {
			req_free(r);
			return;
		}
		c->stats = r->stats;
		c->have_stats = true;
		ui_clock(when, sizeof(when));
		if (r->one_off)
			jobs_one_off_refused(&r->err);
		if (r->ok)
			log_answer(c, r, when);
		else
			jobs_log_error(c, kind_method[r->kind], r->secs,
				       &r->err);
	}
	switch (r->kind) {
	case J_PROFILE: done_profile(c, r); break;
	case J_LOAD: done_load(c, r); break;
	case J_DESCRIBE: if (r->ran) done_describe(c, r); break;
	}
	req_free(r);
}

void jobs_note_start(struct console *c, const char *what)
{
	c->busy = true;
	c->spin = 0;
	snprintf(c->busy_what, sizeof(c->busy_what), "%s", what);
	clock_gettime(CLOCK_MONOTONIC, &c->busy_since);
}

static struct req *req_new(struct console *c, enum job_kind kind)
{
	struct req *r = xcalloc(1, sizeof(*r));

	r->c = c;
	r->kind = kind;
	b24_error_clear(&r->err);
	return r;
}

/* Only one portal request at a time: the person sees what runs. */
bool jobs_can_start(struct console *c)
{
	if (!c->req) {
		ui_message(c, true, "Not connected yet: fill in the "
			   "Connection form (F6) and press F2.");
		return false;
	}
	if (c->busy) {
		ui_message(c, true, "%s is still running; Esc cancels it.",
			   c->busy_what);
		return false;
	}
	return true;
}

void jobs_log_start(struct console *c, const char *what, const char *line)
{
	char when[16];
	char *entry = xmalloc(strlen(line) + 32);

	ui_clock(when, sizeof(when));
	sprintf(entry, "%s -> %s", when, line);
	log_pane_add(&c->log, entry);
	free(entry);
	jobs_note_start(c, what);
}

static void submit(struct console *c, struct req *r, const char *line)
{
	if (line)
		jobs_log_start(c, kind_method[r->kind], line);
	worker_submit(c->req, run_job, done_job, r);
}

void jobs_connected(struct console *c, struct rest_session *s)
{
	c->busy = false;
	c->req = worker_new(s);
	jobs_test_connection(c);
}

void jobs_test_connection(struct console *c)
{
	if (jobs_can_start(c))
		submit(c, req_new(c, J_PROFILE), "profile (who the "
		       "credentials act as)");
}

void jobs_load(struct console *c, const char *id, bool admin,
	       struct secret *token)
{
	struct req *r;
	char line[160];

	if (!jobs_can_start(c)) {
		secret_free(token);
		return;
	}
	r = req_new(c, J_LOAD);
	r->user_id = xstrdup(id);
	r->admin = admin;
	r->token = token;
	r->want_labels = !c->labels_loaded;
	snprintf(line, sizeof(line), "user.get user %s%s%s", id,
		 admin ? " (ADMIN_MODE)" : "",
		 token ? " (one-off access token)" : "");
	submit(c, r, line);
}

void jobs_describe(struct console *c, cJSON *params, bool as_curl,
		   struct secret *token)
{
	struct req *r = req_new(c, J_DESCRIBE);

	r->params = params;
	r->as_curl = as_curl;
	r->token = token;
	if (!c->req) {
		req_free(r);
		ui_message(c, true, "Not connected yet: the request cannot be "
			   "shown without credentials.");
		return;
	}
	submit(c, r, NULL);
}
