/* The Connection form: pick or fill in a profile, the auth method and its
 * secrets; credential look-ups and keyring writes run off the main thread. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "paths.h"
#include "ui.h"
#include "xalloc.h"

enum {
	C_PROFILE, C_NAME, C_PORTAL, C_AUTH, C_WEBHOOK, C_TOKEN, C_REFRESH,
	C_CLIENT_ID, C_CLIENT_SECRET, C_OAUTH_SERVER, C_CA, C_REMEMBER,
	C_CONNECT, C_TEST, C_SAVE, C_COUNT
};

static const char *const auth_choices[] = {
	"webhook URL", "OAuth 2.0", "API key" };
static const enum auth_method auth_of[] = {
	AUTH_WEBHOOK, AUTH_OAUTH, AUTH_APIKEY };

struct connstate {
	struct config cfg;
	char **names;		/* choices: "(as started)", profiles, new */
	int nnames;
	char *session_ca;	/* CA file of the running session */
};

struct credjob {
	struct console *c;
	struct profile prof;
	bool have_creds;	/* typed in the form: no look-up */
	struct rest_creds creds;
	struct secret *put[3];	/* to remember in the keyring */
	enum secret_kind put_kind[3];
	bool ok, ran;
	enum cred_source source;
	char *desc;
	struct b24_error err;
};

static void widget(struct form *f, int i, enum wkind k, const char *label)
{
	f->w[i].kind = k;
	f->w[i].label = label;
	le_init(&f->w[i].ed, k == W_SECRET);
}

static void load_names(struct console *c, struct connstate *cs)
{
	const char *path = c->args->config_path;
	char *def = path ? NULL : paths_config_file();

	config_free(&cs->cfg);
	config_load(path ? path : def, &cs->cfg);
	free(def);
	for (int i = 0; i < cs->nnames; i++)
		free(cs->names[i]);
	free(cs->names);
	cs->nnames = (int)cs->cfg.count + 2;
	cs->names = xcalloc((size_t)cs->nnames, sizeof(char *));
	cs->names[0] = xstrdup("(as started)");
	for (size_t i = 0; i < cs->cfg.count; i++)
		cs->names[i + 1] = xstrdup(cs->cfg.profiles[i].name);
	cs->names[cs->nnames - 1] = xstrdup("(new profile)");
	c->conn.w[C_PROFILE].choices = (const char *const *)cs->names;
	c->conn.w[C_PROFILE].nchoices = cs->nnames;
}

/* Show only the secrets the chosen method needs. */
static void show_for_method(struct form *f)
{
	enum auth_method m = auth_of[f->w[C_AUTH].choice];

	f->w[C_WEBHOOK].hidden = m != AUTH_WEBHOOK;
	f->w[C_TOKEN].hidden = m == AUTH_WEBHOOK;
	f->w[C_TOKEN].label = m == AUTH_APIKEY ? "API key" : "Access token";
	f->w[C_REFRESH].hidden = m != AUTH_OAUTH;
	f->w[C_CLIENT_ID].hidden = m != AUTH_OAUTH;
	f->w[C_CLIENT_SECRET].hidden = m != AUTH_OAUTH;
	f->w[C_OAUTH_SERVER].hidden = m != AUTH_OAUTH;
}

static void fill_from(struct form *f, const struct profile *p)
{
	le_set(&f->w[C_NAME].ed, p ? p->name : "");
	le_set(&f->w[C_PORTAL].ed, p ? p->portal : "");
	le_set(&f->w[C_CLIENT_ID].ed, p ? p->client_id : "");
	le_set(&f->w[C_OAUTH_SERVER].ed, p ? p->oauth_server : "");
	le_set(&f->w[C_CA].ed, p ? p->ca_file : "");
	f->w[C_AUTH].choice = 0;
	for (int i = 0; p && i < 3; i++)
		if (auth_of[i] == p->auth)
			f->w[C_AUTH].choice = i;
	f->w[C_REMEMBER].checked = p && p->secret_store == STORE_KEYRING;
	for (int i = C_WEBHOOK; i <= C_CLIENT_SECRET; i++)
		if (f->w[i].kind == W_SECRET)
			le_set(&f->w[i].ed, "");
	show_for_method(f);
}

static void conn_changed(struct console *c, struct form *f, int idx)
{
	struct connstate *cs = c->conn_state;
	int ch = f->w[C_PROFILE].choice;

	if (idx == C_AUTH) {
		show_for_method(f);
	} else if (idx == C_PROFILE) {
		if (ch == 0)
			fill_from(f, c->args->profile);
		else if (ch == cs->nnames - 1)
			fill_from(f, NULL);
		else
			fill_from(f, &cs->cfg.profiles[ch - 1]);
	}
}

void conn_init(struct console *c)
{
	struct form *f = &c->conn;
	static const char *const labels[C_COUNT] = {
		"Profile", "Profile name", "Portal URL", "Auth method",
		"Webhook URL", "Access token", "Refresh token", "Client ID",
		"Client secret", "OAuth server", "CA file",
		"Remember in keyring", "Connect", "Test connection",
		"Save profile" };
	static const enum wkind kinds[C_COUNT] = {
		W_CHOICE, W_TEXT, W_TEXT, W_CHOICE, W_SECRET, W_SECRET,
		W_SECRET, W_TEXT, W_SECRET, W_TEXT, W_TEXT, W_CHECK,
		W_BUTTON, W_BUTTON, W_BUTTON };

	c->conn_state = xcalloc(1, sizeof(struct connstate));
	f->n = C_COUNT;
	f->w = xcalloc(C_COUNT, sizeof(struct widget));
	for (int i = 0; i < C_COUNT; i++)
		widget(f, i, kinds[i], labels[i]);
	f->w[C_AUTH].choices = auth_choices;
	f->w[C_AUTH].nchoices = 3;
	f->w[C_CONNECT].act = A_CONNECT;
	f->w[C_TEST].act = A_TEST;
	f->w[C_SAVE].act = A_SAVE_PROFILE;
	f->changed = conn_changed;
	load_names(c, c->conn_state);
	fill_from(f, c->args->profile);
	if (c->args->profile)
		profile_copy(&c->prof, c->args->profile);
}

void conn_free(struct console *c)
{
	struct connstate *cs = c->conn_state;

	form_free(&c->conn);
	profile_clear(&c->prof);
	free(c->store_desc);
	if (!cs)
		return;
	config_free(&cs->cfg);
	for (int i = 0; i < cs->nnames; i++)
		free(cs->names[i]);
	free(cs->names);
	free(cs->session_ca);
	free(cs);
	c->conn_state = NULL;
}

/* ---- the credential job (local worker) ---- */

static void run_creds(struct rest_session *unused, void *arg)
{
	struct credjob *j = arg;
	struct cred_store *st;
	struct b24_error perr;

	j->ran = true;
	b24_error_clear(&perr);
	st = cred_store_open(&j->prof, &perr);
	for (int i = 0; st && i < 3 && j->put[i]; i++)
		if (!cred_store_put(st, j->prof.name, j->prof.portal,
				    j->put_kind[i], j->put[i], &perr))
			break;
	if (perr.message[0])
		j->err = perr;
	j->desc = xstrdup(st ? cred_store_describe(st) : perr.message);
	if (j->have_creds) {
		j->ok = true;
		j->source = CRED_MEMORY;
	} else {
		j->ok = creds_resolve(&j->prof, st, &j->creds, &j->source,
				      &j->err);
	}
	if (st)
		cred_store_free(st);
}

static void credjob_free(struct credjob *j)
{
	profile_clear(&j->prof);
	rest_creds_clear(&j->creds);
	for (int i = 0; i < 3; i++)
		secret_free(j->put[i]);
	free(j->desc);
	free(j);
}

static void mask_creds(const struct rest_creds *r)
{
	const struct secret *s[] = { r->webhook, r->access_token,
				     r->refresh_token, r->client_secret };

	for (size_t i = 0; i < 4; i++)
		if (s[i])
			log_add_secret(secret_reveal(s[i]));
}

static void describe_source(struct console *c, struct credjob *j)
{
	free(c->store_desc);
	if (j->source == CRED_ENV)
		c->store_desc = xstrdup("environment (this run only)");
	else if (j->have_creds)
		c->store_desc = xstrdup(j->prof.secret_store == STORE_KEYRING
					? j->desc : "typed in (memory, this "
					"run only)");
	else
		c->store_desc = xstrdup(j->desc);
}

static void start_session(struct console *c, struct credjob *j)
{
	struct connstate *cs = c->conn_state;
	struct http_options h = c->args->http;
	struct rest_session *s;

	worker_free(c->req);
	c->req = NULL;
	free(cs->session_ca);
	cs->session_ca = j->prof.ca_file && *j->prof.ca_file ?
			 xstrdup(j->prof.ca_file) : NULL;
	if (cs->session_ca)
		h.ca_file = cs->session_ca;
	mask_creds(&j->creds);
	profile_clear(&c->prof);
	profile_copy(&c->prof, &j->prof);
	if (!c->prof.portal || !*c->prof.portal) {
		free(c->prof.portal);
		c->prof.portal = xstrdup(j->creds.portal);
	}
	c->prof.auth = j->creds.method;
	s = rest_session_new(&h, &j->creds);
	memset(&j->creds, 0, sizeof(j->creds));	/* the session owns them */
	jobs_connected(c, s);
}

static void done_creds(void *arg)
{
	struct credjob *j = arg;
	struct console *c = j->c;

	c->connecting = false;
	if (j->ran) {
		describe_source(c, j);
		if (j->ok) {
			start_session(c, j);
		} else {
			char line[1200];

			b24_error_format(&j->err, line, sizeof(line));
			log_pane_add(&c->log, line);
			ui_error(c, &j->err);
			ui_set_view(c, V_CONN);
		}
		if (j->ok && j->err.message[0])
			ui_error(c, &j->err);
	}
	credjob_free(j);
}

static struct credjob *credjob_new(struct console *c, const struct profile *p)
{
	struct credjob *j = xcalloc(1, sizeof(*j));

	j->c = c;
	if (p)
		profile_copy(&j->prof, p);
	b24_error_clear(&j->err);
	return j;
}

void conn_start(struct console *c)
{
	struct credjob *j = credjob_new(c, c->args->profile);

	c->connecting = true;
	ui_message(c, false, "Looking up the credentials ...");
	worker_submit(c->local, run_creds, done_creds, j);
}

/* ---- the form's actions ---- */

static char *field(struct console *c, int i)
{
	return form_text(&c->conn, i);
}

static char *nonempty(char *s)
{
	if (s && !*s) {
		free(s);
		return NULL;
	}
	return s;
}

static void form_profile(struct console *c, struct profile *p)
{
	memset(p, 0, sizeof(*p));
	p->name = nonempty(field(c, C_NAME));
	p->portal = nonempty(field(c, C_PORTAL));
	p->auth = auth_of[c->conn.w[C_AUTH].choice];
	p->client_id = nonempty(field(c, C_CLIENT_ID));
	p->oauth_server = nonempty(field(c, C_OAUTH_SERVER));
	p->ca_file = nonempty(field(c, C_CA));
	p->secret_store = c->conn.w[C_REMEMBER].checked ? STORE_KEYRING :
			  STORE_MEMORY;
}

static struct secret *typed(struct console *c, int i)
{
	char *t = field(c, i);
	struct secret *s = *t ? secret_new(t) : NULL;

	secret_wipe(t, strlen(t));
	free(t);
	return s;
}

static void remember(struct credjob *j, struct secret *s,
		     enum secret_kind k)
{
	int i = 0;

	if (!s || !j->prof.name || j->prof.secret_store != STORE_KEYRING)
		return;
	while (j->put[i])
		i++;
	j->put[i] = secret_dup(s);
	j->put_kind[i] = k;
}

static bool typed_webhook(struct console *c, struct credjob *j,
			  struct b24_error *err)
{
	struct secret *url = typed(c, C_WEBHOOK);
	long uid;

	if (!url)
		return true;
	if (!webhook_parse(secret_reveal(url), &j->creds.portal, &uid, err)) {
		secret_free(url);
		return false;
	}
	if (!j->prof.portal)
		j->prof.portal = xstrdup(j->creds.portal);
	j->creds.method = AUTH_WEBHOOK;
	remember(j, url, SECRET_WEBHOOK);
	j->creds.webhook = url;
	j->have_creds = true;
	return true;
}

static bool typed_token(struct console *c, struct credjob *j,
			struct b24_error *err)
{
	struct secret *tok = typed(c, C_TOKEN);
	bool apikey = j->prof.auth == AUTH_APIKEY;

	if (!tok)
		return true;
	if (!portal_url_parse(j->prof.portal ? j->prof.portal : "",
			      &j->creds.portal, err)) {
		secret_free(tok);
		return false;
	}
	j->creds.method = j->prof.auth;
	remember(j, tok, apikey ? SECRET_API_KEY : SECRET_ACCESS_TOKEN);
	j->creds.access_token = tok;
	j->creds.refresh_token = typed(c, C_REFRESH);
	j->creds.client_secret = typed(c, C_CLIENT_SECRET);
	remember(j, j->creds.refresh_token, SECRET_REFRESH_TOKEN);
	remember(j, j->creds.client_secret, SECRET_CLIENT_SECRET);
	if (j->prof.client_id)
		j->creds.client_id = xstrdup(j->prof.client_id);
	if (j->prof.oauth_server)
		j->creds.oauth_server = xstrdup(j->prof.oauth_server);
	j->have_creds = true;
	return true;
}

static void connect_form(struct console *c)
{
	struct profile p;
	struct credjob *j;
	struct b24_error err;
	bool ok;

	if (c->connecting) {
		ui_message(c, true, "Still looking up credentials ...");
		return;
	}
	form_profile(c, &p);
	j = credjob_new(c, &p);
	profile_clear(&p);
	b24_error_clear(&err);
	ok = j->prof.auth == AUTH_WEBHOOK ? typed_webhook(c, j, &err) :
	     typed_token(c, j, &err);
	if (!ok) {
		ui_error(c, &err);
		credjob_free(j);
		return;
	}
	c->connecting = true;
	c->account[0] = 0;
	c->admin = -1;
	ui_message(c, false, "Connecting ...");
	worker_submit(c->local, run_creds, done_creds, j);
}

static void save_profile(struct console *c)
{
	struct profile p;
	struct b24_error err;
	char *def = paths_config_file();
	const char *path = c->args->config_path ? c->args->config_path : def;

	form_profile(c, &p);
	b24_error_clear(&err);
	if (!p.name)
		ui_message(c, true, "Give the profile a name first.");
	else if (!config_save_profile(path, &p, &err))
		ui_error(c, &err);
	else
		ui_message(c, false, "Profile \"%s\" saved in %s (no secrets "
			   "in that file).", p.name, path);
	if (p.name)
		load_names(c, c->conn_state);
	profile_clear(&p);
	free(def);
}

void conn_action(struct console *c, enum action a)
{
	switch (a) {
	case A_CONNECT:
		connect_form(c);
		break;
	case A_TEST:
		if (c->req)
			jobs_test_connection(c);
		else
			connect_form(c);
		break;
	case A_SAVE_PROFILE:
		save_profile(c);
		break;
	default:
		break;
	}
}
