/* OAuth 2.0 sign-in from the Connection form: the portal's authorize
 * address, the pasted code exchanged at once on the local worker, the
 * tokens stored as auth login stores them, then the connection. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "oauth.h"
#include "ui.h"
#include "ui-signin.h"
#include "xalloc.h"

/* The open dialog: at most one per console. */
struct signin {
	struct profile prof;
	struct secret *client_secret;	/* typed; NULL: from the store */
	char *token_url;
	char *state;
	char *url;			/* the authorize address shown */
	bool running;
};

/* One code exchange on the local worker. */
struct signjob {
	struct console *c;
	struct profile prof;
	struct http_options http;
	char *token_url;
	struct secret *client_secret;
	struct secret *code;
	struct oauth_tokens answer;
	bool ok;
	enum cred_source kind;
	char *desc;
	struct b24_error err;
};

static struct signin *cur;

static void signin_free(void)
{
	if (!cur)
		return;
	profile_clear(&cur->prof);
	secret_free(cur->client_secret);
	free(cur->token_url);
	free(cur->state);
	free(cur->url);
	free(cur);
	cur = NULL;
}

/* A new state and address; the dialog says why when note is given. */
static void show_address(struct console *c, const char *note)
{
	char *url;
	struct strbuf sb;

	free(cur->state);
	cur->state = oauth_new_state();
	url = oauth_authorize_url(cur->prof.portal, cur->prof.client_id,
				  cur->state);
	sb_init(&sb);
	if (note)
		sb_printf(&sb, "%s\n\n", note);
	sb_printf(&sb, "Open this address in a browser where you are signed "
		  "in to the portal:\n\n%s\n\nAllow access; the browser then "
		  "goes to the application's address. Copy the code from it "
		  "(or the whole address), paste it below and press Enter at "
		  "once: a code works for 30 seconds.", url);
	dlg_text(c, "Sign in with OAuth 2.0", sb.buf);
	free(cur->url);
	cur->url = xstrdup(url);
	c->dlg.kind = D_SIGNIN;
	le_free(&c->dlg.input);
	le_init(&c->dlg.input, true);
	log_pane_add(&c->log, "Sign-in: the portal's authorize address is");
	log_pane_add(&c->log, url);
	sb_free(&sb);
	free(url);
}

static bool refuse(struct console *c, const struct profile *p)
{
	if (p->auth != AUTH_OAUTH)
		ui_message(c, true, "Sign-in is for OAuth 2.0: choose it as "
			   "the Auth method. An API key (access token) is "
			   "typed in the form, then Connect (F2).");
	else if (!p->portal || strncmp(p->portal, "https://", 8) != 0)
		ui_message(c, true, "Fill in the Portal URL (https://...) "
			   "first: the sign-in starts at the portal.");
	else if (!p->client_id)
		ui_message(c, true, "Fill in the Client ID of the "
			   "application (local....) first.");
	else if (c->connecting || (cur && cur->running))
		ui_message(c, true, "Still busy with the last sign-in or "
			   "connection ...");
	else
		return false;
	return true;
}

void signin_open(struct console *c, const struct profile *p,
		 struct secret *client_secret)
{
	struct b24_error err;
	char *token_url;

	b24_error_clear(&err);
	if (refuse(c, p)) {
		secret_free(client_secret);
		return;
	}
	token_url = oauth_token_url(p->oauth_server, &err);
	if (!token_url) {
		ui_error(c, &err);
		secret_free(client_secret);
		return;
	}
	signin_free();
	cur = xcalloc(1, sizeof(*cur));
	profile_copy(&cur->prof, p);
	cur->client_secret = client_secret;
	if (client_secret)
		log_add_secret(secret_reveal(client_secret));
	cur->token_url = token_url;
	show_address(c, NULL);
}

/* Old secrets first: a stale refresh token must not outlive a new
 * access token that came without one (as auth login does). */
static bool store_secrets(struct cred_store *st, struct signjob *j)
{
	const char *n = j->prof.name, *p = j->prof.portal;
	const struct secret *v[] = { j->client_secret,
				     j->answer.refresh_token,
				     j->answer.access_token };
	const enum secret_kind k[] = { SECRET_CLIENT_SECRET,
				       SECRET_REFRESH_TOKEN,
				       SECRET_ACCESS_TOKEN };

	if (!cred_store_forget(st, n, NULL, &j->err))
		return false;
	for (size_t i = 0; i < 3; i++)
		if (v[i] && !cred_store_put(st, n, p, k[i], v[i], &j->err))
			return false;
	return true;
}

static void save_state(struct signjob *j)
{
	struct oauth_state st;
	struct b24_error e;
	time_t now = time(NULL);

	memset(&st, 0, sizeof st);
	b24_error_clear(&e);
	oauth_state_update(&st, j->prof.portal, &j->answer, j->token_url,
			   now);
	if (!j->answer.access_token)
		st.expires = 0;
	st.signed_in = now;
	if (!oauth_state_save(j->prof.name, &st, &e))
		log_debug("console: sign-in state not saved: %s", e.message);
	oauth_state_clear(&st);
}

static void stored_secret(struct cred_store *st, struct signjob *j)
{
	struct b24_error e;

	b24_error_clear(&e);
	if (!j->client_secret && j->prof.name)
		(void)cred_store_get(st, j->prof.name, j->prof.portal,
				     SECRET_CLIENT_SECRET, &j->client_secret,
				     &e);
	if (!j->client_secret) {
		b24_error_set(&j->err, B24_EXIT_USAGE, "no_client_secret",
			      "The application's client secret is not "
			      "known.");
		b24_error_hint(&j->err, "Type it in the Client secret field "
			       "of the Connection form, then sign in again.");
	}
}

static void exchange(struct signjob *j)
{
	struct http_client *http = http_client_new(&j->http);

	j->ok = oauth_exchange_code(http, j->token_url, j->prof.client_id,
				    j->client_secret, j->code, &j->answer,
				    &j->err);
	http_client_free(http);
}

static void run_sign(struct rest_session *unused, void *arg)
{
	struct signjob *j = arg;
	struct cred_store *st = cred_store_open(&j->prof, &j->err);

	(void)unused;
	if (!st)
		return;
	stored_secret(st, j);
	if (j->client_secret)
		exchange(j);
	if (j->ok && j->prof.name) {
		j->ok = store_secrets(st, j);
		if (j->ok)
			save_state(j);
	}
	j->kind = cred_store_kind(st);
	j->desc = xstrdup(cred_store_describe(st));
	cred_store_free(st);
}

static void signjob_free(struct signjob *j)
{
	profile_clear(&j->prof);
	free((char *)j->http.ca_file);
	free(j->token_url);
	secret_free(j->client_secret);
	secret_free(j->code);
	oauth_tokens_clear(&j->answer);
	free(j->desc);
	free(j);
}

/* The tokens as typed credentials: a store that forgets them at exit
 * cannot be asked again, so they go to the session directly. */
static void connect_with(struct console *c, struct signjob *j)
{
	struct credjob *cj = credjob_new(c, &j->prof);
	struct rest_creds *r = &cj->creds;
	struct b24_error e;

	b24_error_clear(&e);
	if ((j->kind == CRED_MEMORY || !j->prof.name) &&
	    portal_url_parse(j->prof.portal, &r->portal, &e)) {
		r->method = AUTH_OAUTH;
		r->access_token = secret_dup(j->answer.access_token);
		r->refresh_token = secret_dup(j->answer.refresh_token);
		r->client_secret = secret_dup(j->client_secret);
		r->client_id = xstrdup(j->prof.client_id);
		if (j->prof.oauth_server)
			r->oauth_server = xstrdup(j->prof.oauth_server);
		cj->have_creds = true;
	}
	credjob_submit(c, cj);
}

static void mask(const struct signjob *j)
{
	const struct secret *s[] = { j->answer.access_token,
				     j->answer.refresh_token,
				     j->client_secret };

	for (size_t i = 0; i < 3; i++)
		if (s[i])
			log_add_secret(secret_reveal(s[i]));
}

static void signed_in(struct console *c, struct signjob *j)
{
	char line[600];

	mask(j);
	snprintf(line, sizeof(line), "Signed in at %s with OAuth 2.0. %s",
		 j->prof.portal, j->desc ? j->desc : "");
	log_pane_add(&c->log, line);
	if (c->dlg.kind == D_SIGNIN)
		dlg_close(c);
	signin_free();
	ui_message(c, false, "Signed in; connecting ...");
	if (j->kind == CRED_KEYRING && j->prof.name &&
	    j->prof.secret_store == STORE_KEYRING)
		conn_remembered(c, &j->prof);
	connect_with(c, j);
}

static void failed(struct console *c, struct signjob *j)
{
	char line[1200];
	bool expired = strcmp(j->err.code, "invalid_grant") == 0;

	b24_error_format(&j->err, line, sizeof(line));
	log_pane_add(&c->log, line);
	if (!cur || c->dlg.kind != D_SIGNIN) {
		ui_error(c, &j->err);
		return;
	}
	show_address(c, expired ? "That code has expired or was already "
		     "used: a code works for 30 seconds. Start again with "
		     "this fresh address and paste the new code at once." :
		     j->err.message);
	ui_error(c, &j->err);
}

static void done_sign(void *arg)
{
	struct signjob *j = arg;
	struct console *c = j->c;

	if (cur)
		cur->running = false;
	if (j->ok)
		signed_in(c, j);
	else
		failed(c, j);
	signjob_free(j);
}

static struct signjob *job_new(struct console *c, struct secret *code)
{
	struct signjob *j = xcalloc(1, sizeof(*j));

	j->c = c;
	profile_copy(&j->prof, &cur->prof);
	j->http = c->args->http;
	j->http.ca_file = j->prof.ca_file && *j->prof.ca_file ?
			  xstrdup(j->prof.ca_file) :
			  j->http.ca_file ? xstrdup(j->http.ca_file) : NULL;
	j->token_url = xstrdup(cur->token_url);
	j->client_secret = secret_dup(cur->client_secret);
	j->code = code;
	b24_error_clear(&j->err);
	return j;
}

static void enter(struct console *c)
{
	char *pasted = le_get(&c->dlg.input);
	struct secret *code = NULL;
	struct b24_error err;
	bool ok;

	b24_error_clear(&err);
	ok = *pasted && oauth_parse_code(pasted, cur->state,
					 cur->prof.portal + strlen("https://"),
					 &code, &err);
	secret_wipe(pasted, strlen(pasted));
	free(pasted);
	le_set(&c->dlg.input, "");
	if (!ok) {
		if (err.message[0])
			ui_error(c, &err);
		else
			ui_message(c, true, "Paste the code (or the whole "
				   "address) first.");
		return;
	}
	log_add_secret(secret_reveal(code));
	cur->running = true;
	ui_message(c, false, "Exchanging the code at the token endpoint ...");
	worker_submit(c->local, run_sign, done_sign, job_new(c, code));
}

bool signin_key(struct console *c, const struct keyev *ev)
{
	bool handled;

	if (!cur || ev->act == A_CANCEL) {
		dlg_close(c);
		if (cur && !cur->running)
			signin_free();
	} else if (cur->running) {
		ui_message(c, false, "Still exchanging the code ...");
	} else if (!ev->is_key && (ev->ch == '\r' || ev->ch == '\n')) {
		enter(c);
	} else if (ev->is_key && ev->key == KEY_F(7) && cur->url) {
		/* The box's border would go into a mouse selection. */
		term_show_plain(c, cur->url);
	} else {
		le_key(&c->dlg.input, ev->is_key ? ev->key : 0, ev->ch,
		       &handled);
	}
	return true;
}
