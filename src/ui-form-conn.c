/* The Connection form: pick or fill in a profile, the auth method and its
 * secrets; credential look-ups and keyring writes run off the main thread. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "paths.h"
#include "strbuf.h"
#include "ui.h"
#include "ui-signin.h"
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
	char **names;		/* "(as started)", the profiles, "new" */
	int nnames;
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
	f->w[C_TOKEN].label = m == AUTH_APIKEY ? "API key (token)" :
			      "Access token";
	f->w[C_REFRESH].hidden = m == AUTH_WEBHOOK;
	f->w[C_CLIENT_ID].hidden = m == AUTH_WEBHOOK;
	f->w[C_CLIENT_SECRET].hidden = m == AUTH_WEBHOOK;
	f->w[C_OAUTH_SERVER].hidden = m == AUTH_WEBHOOK;
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
	free(c->store_brief);
	if (!cs)
		return;
	config_free(&cs->cfg);
	for (int i = 0; i < cs->nnames; i++)
		free(cs->names[i]);
	free(cs->names);
	free(cs);
	c->conn_state = NULL;
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

/* The rule of profile_name_check(), said the console's way. */
static bool name_ok(struct console *c, const char *name)
{
	struct b24_error err;

	if (profile_name_check(name, &err))
		return true;
	ui_message(c, true, "%s, such as office.", err.message);
	return false;
}

/* The profile picked in the form (the one started with, or one from the
 * config file): its read-only flag, colour and secret store carry over;
 * what the form shows overrides the rest. */
static const struct profile *picked(struct console *c)
{
	struct connstate *cs = c->conn_state;
	int ch = c->conn.w[C_PROFILE].choice;

	if (ch == 0)
		return c->args->profile;
	if (ch == cs->nnames - 1)
		return NULL;
	return &cs->cfg.profiles[ch - 1];
}

static void form_profile(struct console *c, struct profile *p)
{
	const struct profile *base = picked(c);
	enum store_choice store;

	memset(p, 0, sizeof(*p));
	if (base)
		profile_copy(p, base);
	store = p->secret_store;
	free(p->name);
	free(p->portal);
	free(p->client_id);
	free(p->oauth_server);
	free(p->ca_file);
	p->name = nonempty(field(c, C_NAME));
	p->portal = nonempty(field(c, C_PORTAL));
	p->auth = auth_of[c->conn.w[C_AUTH].choice];
	p->client_id = nonempty(field(c, C_CLIENT_ID));
	p->oauth_server = nonempty(field(c, C_OAUTH_SERVER));
	p->ca_file = nonempty(field(c, C_CA));
	if (c->conn.w[C_REMEMBER].checked)
		p->secret_store = STORE_KEYRING;
	else
		p->secret_store = store == STORE_KEYRING || !base ?
				  STORE_MEMORY : store;
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
	/* The webhook names the portal: show it, so a saved profile has
	 * it too. */
	if (!j->prof.portal) {
		j->prof.portal = xstrdup(j->creds.portal);
		le_set(&c->conn.w[C_PORTAL].ed, j->creds.portal);
	}
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

/* A credential job with exactly what the form holds; NULL with a
 * message when the form cannot be used. */
struct credjob *conn_form_job(struct console *c)
{
	struct profile p;
	struct credjob *j;
	struct b24_error err;
	bool ok;

	if (c->connecting) {
		ui_message(c, true, "Still looking up credentials ...");
		return NULL;
	}
	form_profile(c, &p);
	if (p.name && !name_ok(c, p.name)) {
		profile_clear(&p);
		return NULL;
	}
	j = credjob_new(c, &p);
	profile_clear(&p);
	b24_error_clear(&err);
	ok = j->prof.auth == AUTH_WEBHOOK ? typed_webhook(c, j, &err) :
	     typed_token(c, j, &err);
	if (!ok) {
		ui_error(c, &err);
		credjob_free(j);
		return NULL;
	}
	return j;
}

static void connect_form(struct console *c)
{
	struct credjob *j;

	if (!c->connecting && (fields_view_dirty(c) || c->edit)) {
		ui_message(c, true, "User %s has unsent changes: send them "
			   "(F5), or drop them by loading the user again "
			   "(F2), before switching the "
			   "connection.", c->user_id ? c->user_id : "?");
		return;
	}
	j = conn_form_job(c);
	if (!j)
		return;
	ui_message(c, false, "Connecting ...");
	credjob_submit(c, j);
}

/* The running connection had no profile, and the one just saved is for
 * its portal: the header and the journal name it from now on. */
static bool adopt_name(struct console *c, const struct profile *p)
{
	if (!c->req || c->prof.name || !c->prof.portal || !p->portal ||
	    strcmp(c->prof.portal, p->portal) != 0)
		return false;
	c->prof.name = xstrdup(p->name);
	return true;
}

/* What the form holds typed in the chosen method's secret fields, said
 * as a noun; NULL when nothing. */
static const char *typed_secret(struct console *c)
{
	static const int fields[] = { C_WEBHOOK, C_TOKEN, C_REFRESH,
				      C_CLIENT_SECRET };
	static const char *const names[] = { "webhook URL", "access token",
					     "refresh token", "client secret" };
	bool apikey = auth_of[c->conn.w[C_AUTH].choice] == AUTH_APIKEY;
	const char *what = NULL;
	int n = 0;

	for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++) {
		char *t;

		if (c->conn.w[fields[i]].hidden)
			continue;
		t = field(c, fields[i]);
		if (*t) {
			n++;
			what = apikey && fields[i] == C_TOKEN ? "API key" :
			       names[i];
		}
		secret_wipe(t, strlen(t));
		free(t);
	}
	return n > 1 ? "secrets" : what;
}

/* The config file keeps no secrets: a typed one not put in the keyring
 * is lost with the profile, so say how to keep it. */
static void unsaved_note(struct console *c, const char *name, char *out,
			 size_t len)
{
	const char *what = typed_secret(c);

	out[0] = 0;
	if (!what || c->conn.w[C_REMEMBER].checked)
		return;
	snprintf(out, len, " The typed %s %s not saved with the profile: "
		 "to keep it, tick Remember in keyring and connect (F2), or "
		 "run b24user auth login --profile %s.", what,
		 strcmp(what, "secrets") == 0 ? "are" : "is", name);
}

static void save_now(struct console *c, struct profile *p,
		     const char *path)
{
	struct b24_error err;
	char note[300], text[700];

	b24_error_clear(&err);
	if (!config_save_profile(path, p, &err)) {
		ui_error(c, &err);
		return;
	}
	unsaved_note(c, p->name, note, sizeof(note));
	if (adopt_name(c, p))
		snprintf(text, sizeof(text), "The connection is now profile "
			 "\"%s\", saved in %s (no secrets in that file).%s",
			 p->name, path, note);
	else
		snprintf(text, sizeof(text), "Profile \"%s\" saved in %s (no "
			 "secrets in that file).%s", p->name, path, note);
	/* The status line may cut it: the log pane keeps it whole. */
	if (note[0])
		log_pane_add(&c->log, text);
	ui_message(c, false, "%s", text);
}

static const char *method_name(enum auth_method m)
{
	for (int i = 0; i < 3; i++)
		if (auth_of[i] == m)
			return auth_choices[i];
	return "no method";
}

static bool same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Saving over profile old would change the method or portal its stored
 * secrets are kept under: the question, or false when nothing such. */
static bool ask_over(struct console *c, const struct profile *old,
		     const struct profile *p, const char *path)
{
	bool method = old->auth != AUTH_NONE && old->auth != p->auth;
	bool portal = old->portal && *old->portal &&
		      !same_text(old->portal, p->portal);
	const char *np = p->portal ? p->portal : "no portal";
	struct strbuf sb;
	char note[300], title[120];

	if (!method && !portal)
		return false;
	sb_init(&sb);
	sb_printf(&sb, "Profile \"%s\" in %s uses %s at %s. Saved from this "
		  "form it would use %s at %s.\n\n", old->name, path,
		  method_name(old->auth), old->portal ? old->portal :
		  "no portal", method_name(p->auth), np);
	sb_printf(&sb, "Secrets are stored per method and portal: those "
		  "stored for %s at %s will no longer be used. To remove "
		  "them, answer n and run b24user auth logout --profile %s "
		  "first; y keeps them in the store, unused.\n\n",
		  method_name(old->auth), old->portal ? old->portal :
		  "no portal", old->name);
	unsaved_note(c, old->name, note, sizeof(note));
	if (note[0])
		sb_printf(&sb, "%s\n\n", note + 1);
	sb_printf(&sb, "n keeps profile \"%s\" as it is.", old->name);
	snprintf(title, sizeof(title), "Change profile \"%s\"?", old->name);
	dlg_text(c, title, sb.buf);
	c->dlg.kind = D_SAVE_PROFILE;
	sb_free(&sb);
	return true;
}

/* F4, or y to the question (ask false): the form as a profile. */
static void save_profile(struct console *c, bool ask)
{
	struct profile p;
	struct config cfg = { 0 };
	char *def = paths_config_file();
	const char *path = c->args->config_path ? c->args->config_path : def;
	const struct profile *old;

	form_profile(c, &p);
	if (!p.name) {
		ui_message(c, true, "Give the profile a name first.");
	} else if (name_ok(c, p.name)) {
		/* The file as it is now, not as the form last read it. */
		config_load(path, &cfg);
		old = config_find(&cfg, p.name);
		if (!ask || !old || !ask_over(c, old, &p, path))
			save_now(c, &p, path);
		config_free(&cfg);
		load_names(c, c->conn_state);
	}
	profile_clear(&p);
	free(def);
}

void conn_save_answer(struct console *c, bool yes)
{
	char *name = field(c, C_NAME);

	dlg_close(c);
	if (yes)
		save_profile(c, false);
	else
		ui_message(c, false, "Profile \"%s\" was not changed.", name);
	free(name);
}

/* The secrets were just put in the keyring for profile p: unless the
 * config file already says so, save the profile with secret_store =
 * keyring, or the next start (and auth logout) would not look there. */
void conn_remembered(struct console *c, const struct profile *p)
{
	struct connstate *cs = c->conn_state;
	const struct profile *saved = config_find(&cs->cfg, p->name);
	char *def = paths_config_file();
	const char *path = c->args->config_path ? c->args->config_path : def;
	struct b24_error err;
	char note[600];

	b24_error_clear(&err);
	/* The default store tries the keyring first already. */
	if (saved && (saved->secret_store == STORE_KEYRING ||
		      saved->secret_store == STORE_AUTO)) {
		free(def);
		return;
	}
	if (!config_save_profile(path, p, &err)) {
		b24_error_hint(&err, "The secrets are in the keyring, but the "
			       "next start will not look there: press Save "
			       "profile once the file can be written.");
		ui_error(c, &err);
		free(def);
		return;
	}
	snprintf(note, sizeof(note), "Profile \"%s\" now keeps its secrets "
		 "in the keyring (secret_store = keyring saved in %s), so the "
		 "next start and auth logout look there.", p->name, path);
	log_pane_add(&c->log, note);
	load_names(c, cs);
	for (size_t i = 0; i < cs->cfg.count; i++)
		if (strcmp(cs->cfg.profiles[i].name, p->name) == 0)
			c->conn.w[C_PROFILE].choice = (int)i + 1;
	free(def);
}

/* OAuth sign-in (ui-signin.c) with what the form shows. */
static void sign_in(struct console *c)
{
	struct profile p;

	form_profile(c, &p);
	signin_open(c, &p, typed(c, C_CLIENT_SECRET));
	profile_clear(&p);
}

void conn_action(struct console *c, enum action a)
{
	switch (a) {
	case A_SIGNIN:
		sign_in(c);
		break;
	case A_CONNECT:
		connect_form(c);
		break;
	case A_TEST:
		conn_test_form(c);
		break;
	case A_SAVE_PROFILE:
		save_profile(c, true);
		break;
	default:
		break;
	}
}
