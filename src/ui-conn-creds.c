/* Credential look-ups and keyring writes for the Connection form, on the
 * local worker; a success starts the portal session. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "refresh.h"
#include "ui.h"
#include "xalloc.h"

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
	j->st = st;
	if (j->test && j->ok)
		conn_test_run(j);
}

void credjob_free(struct credjob *j)
{
	profile_clear(&j->prof);
	rest_creds_clear(&j->creds);
	for (int i = 0; i < 3; i++)
		secret_free(j->put[i]);
	free(j->desc);
	if (j->st)
		cred_store_free(j->st);
	free(j);
}

static void on_note(const char *message, void *ctx)
{
	struct notebox *nb = ctx;

	pthread_mutex_lock(&nb->lock);
	sb_printf(&nb->text, "%s%s", nb->text.len ? "\n" : "", message);
	pthread_mutex_unlock(&nb->lock);
}

void conn_notes_init(struct console *c)
{
	pthread_mutex_init(&c->notes.lock, NULL);
	sb_init(&c->notes.text);
	/* Store warnings (the file store's first write) to the log pane:
	 * on stderr they would land in the middle of the screen. */
	creds_set_warn(on_note, &c->notes);
}

void conn_notes_drain(struct console *c)
{
	char *text = NULL;

	pthread_mutex_lock(&c->notes.lock);
	if (c->notes.text.len)
		text = sb_steal(&c->notes.text);
	pthread_mutex_unlock(&c->notes.lock);
	if (!text)
		return;
	log_pane_add(&c->log, text);
	free(text);
}

/* The request thread first (it uses the session, which uses the
 * refresher, which uses the store), then the rest. */
void conn_session_free(struct console *c)
{
	worker_free(c->req);
	c->req = NULL;
	pick_session_gone(c);
	refresher_free(c->refresher);
	c->refresher = NULL;
	if (c->store)
		cred_store_free(c->store);
	c->store = NULL;
	free(c->session_ca);
	c->session_ca = NULL;
}

static void add_refresher(struct console *c, struct credjob *j,
			  const struct http_options *h,
			  struct rest_session *s)
{
	if (c->prof.auth != AUTH_OAUTH && c->prof.auth != AUTH_APIKEY)
		return;
	c->store = j->st;
	j->st = NULL;
	c->refresher = refresher_new(&c->prof, c->store, j->source, h, NULL);
	refresher_set_note(c->refresher, on_note, &c->notes);
	refresher_install(c->refresher, s);
	log_debug("console: token refresher installed (%s)",
		  auth_method_name(c->prof.auth));
}

void conn_mask_creds(const struct rest_creds *r)
{
	const struct secret *s[] = { r->webhook, r->access_token,
				     r->refresh_token, r->client_secret };

	for (size_t i = 0; i < 4; i++)
		if (s[i])
			log_add_secret(secret_reveal(s[i]));
}

/* "Remember in keyring" was ticked, yet the keyring did not take the
 * typed secret: it is used for this run only. */
static bool not_remembered(const struct credjob *j)
{
	return j->ok && j->have_creds && j->put[0] && j->err.message[0];
}

/* "file ~/.config/b24user/credentials (plain)" from the file store's
 * sentence ("... in plain text in the file PATH, because ..."). */
static char *file_brief(const char *desc)
{
	const char *p = desc ? strstr(desc, " the file ") : NULL, *end;
	const char *home = getenv("HOME");
	size_t h = home ? strlen(home) : 0;
	struct strbuf sb;

	if (!p)
		return xstrdup("file (plain text)");
	p += strlen(" the file ");
	end = strstr(p, ", because");
	if (!end)
		end = p + strlen(p);
	sb_init(&sb);
	sb_append(&sb, "file ");
	if (h > 1 && (size_t)(end - p) > h && strncmp(p, home, h) == 0 &&
	    p[h] == '/') {
		sb_append(&sb, "~");
		p += h;
	}
	sb_printf(&sb, "%.*s (plain)", (int)(end - p), p);
	return sb_steal(&sb);
}

/* The header's few words; the store's whole sentence is in the log. */
static char *store_brief(const struct credjob *j)
{
	if (not_remembered(j))
		return xstrdup("typed in, not remembered (F8: why)");
	if (j->source == CRED_ENV)
		return xstrdup("environment (this run only)");
	if (j->have_creds && j->prof.secret_store != STORE_KEYRING)
		return xstrdup("typed in (this run only)");
	switch (j->st ? cred_store_kind(j->st) : CRED_NONE) {
	case CRED_FILE:
		return file_brief(j->desc);
	case CRED_KEYRING:
		return xstrdup("desktop keyring");
	case CRED_SESSION:
		return xstrdup("keyring session (until logout)");
	case CRED_MEMORY:
		return xstrdup(j->desc && strstr(j->desc, "D-Bus") ?
			       "this run only (no D-Bus)" :
			       "this run only (memory)");
	default:
		return xstrdup("none open (F8: why)");
	}
}

static void log_store(struct console *c, const struct credjob *j)
{
	char *line;

	if (!j->desc || !*j->desc || (c->store_desc &&
				      strstr(c->store_desc, j->desc)))
		return;
	line = xmalloc(strlen(j->desc) + 16);
	sprintf(line, "secrets: %s", j->desc);
	log_pane_add(&c->log, line);
	free(line);
}

static void describe_source(struct console *c, struct credjob *j)
{
	char desc[700];

	free(c->store_brief);
	c->store_brief = store_brief(j);
	/* The environment or the form: the header says it all already. */
	if (j->source != CRED_ENV && !j->have_creds)
		log_store(c, j);
	free(c->store_desc);
	snprintf(desc, sizeof(desc), "typed in, not remembered: %s", j->desc);
	if (not_remembered(j))
		c->store_desc = xstrdup(desc);
	else if (j->source == CRED_ENV)
		c->store_desc = xstrdup("environment (this run only)");
	else if (j->have_creds)
		c->store_desc = xstrdup(j->prof.secret_store == STORE_KEYRING
					? j->desc : "typed in (memory, this "
					"run only)");
	else
		c->store_desc = xstrdup(j->desc);
}

static bool same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static void put_user_away(struct console *c, const struct credjob *j)
{
	char note[300];

	snprintf(note, sizeof(note), "Connected as profile \"%s\": user %s of "
		 "the previous connection was put away, nothing was "
		 "reloaded. Load it again (F2) to edit it here.",
		 j->prof.name ? j->prof.name : "(unnamed)", c->user_id);
	log_pane_add(&c->log, note);
	/* Its raw JSON view goes too: it would show a user not loaded. */
	c->fv.json = false;
	json_view_free(&c->json);
	cJSON_Delete(c->loaded);
	c->loaded = NULL;
	free(c->user_id);
	c->user_id = NULL;
}

/* Another profile or portal starts clean: the unlock was for the old
 * one, and the user loaded from it is put away, never reloaded behind
 * the person's back.  Connecting again to the same one keeps both. */
static void switch_session(struct console *c, struct credjob *j)
{
	if (same_text(c->prof.name, j->prof.name) &&
	    same_text(c->prof.portal, j->prof.portal))
		return;
	c->unlocked = false;
	c->self_id[0] = 0;
	if (c->loaded && c->user_id)
		put_user_away(c, j);
	/* Another portal has other labels and custom fields: the next
	 * load reads them again. */
	fields_view_free(&c->fv);
	if (c->cat)
		fields_catalog_free(c->cat);
	c->cat = NULL;
	c->labels_loaded = false;
}

static void start_session(struct console *c, struct credjob *j)
{
	struct http_options h = c->args->http;
	struct rest_session *s;

	conn_session_free(c);
	switch_session(c, j);
	/* Who the new credentials act as is asked next; until a connection
	 * succeeds, the header keeps the running one's account. */
	c->account[0] = 0;
	c->admin = -1;
	/* The CA path must outlive the session that uses it. */
	c->session_ca = j->prof.ca_file && *j->prof.ca_file ?
			xstrdup(j->prof.ca_file) : NULL;
	if (c->session_ca)
		h.ca_file = c->session_ca;
	conn_mask_creds(&j->creds);
	profile_clear(&c->prof);
	profile_copy(&c->prof, &j->prof);
	if (!c->prof.portal || !*c->prof.portal) {
		free(c->prof.portal);
		c->prof.portal = xstrdup(j->creds.portal);
	}
	c->prof.auth = j->creds.method;
	s = rest_session_new(&h, &j->creds);
	rest_session_set_profile(s, c->prof.name);
	add_refresher(c, j, &h, s);
	/* The session owns the credentials now. */
	memset(&j->creds, 0, sizeof(j->creds));
	jobs_connected(c, s);
}

/* The store's complaint; the message line soon says "Connected", so a
 * secret that was not remembered is said plainly (the whole of a long
 * message goes to the log pane too). */
static void store_warning(struct console *c, const struct credjob *j)
{
	struct b24_error e = j->err;

	if (not_remembered(j)) {
		b24_error_set(&e, j->err.exit, j->err.code, "Not remembered "
			      "in the keyring: %.450s", j->err.message);
		b24_error_hint(&e, "%s", j->err.hint);
	}
	ui_error(c, &e);
}

static void done_creds(void *arg)
{
	struct credjob *j = arg;
	struct console *c = j->c;

	c->connecting = false;
	if (j->ran && j->test) {
		conn_test_done(c, j);
	} else if (j->ran) {
		describe_source(c, j);
		if (j->ok) {
			start_session(c, j);
		} else {
			char line[1200];

			conn_console_words(j);
			b24_error_format(&j->err, line, sizeof(line));
			log_pane_add(&c->log, line);
			ui_error(c, &j->err);
			ui_set_view(c, V_CONN);
		}
		if (j->ok && j->err.message[0])
			store_warning(c, j);
		else if (j->ok && j->have_creds && j->put[0])
			conn_remembered(c, &j->prof);
	}
	credjob_free(j);
}

struct credjob *credjob_new(struct console *c, const struct profile *p)
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

	ui_message(c, false, "Looking up the credentials ...");
	credjob_submit(c, j);
}

void credjob_submit(struct console *c, struct credjob *j)
{
	c->connecting = true;
	worker_submit(c->local, run_creds, done_creds, j);
}
