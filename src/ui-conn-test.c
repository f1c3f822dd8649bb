/* F3 in the Connection form: exactly what the form holds, tried once on
 * a session of its own (off the main thread); nothing is saved, and the
 * running connection and the header stay as they are.  Also the words of
 * a failed look-up for the console: the form, not the shell. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonutil.h"
#include "ui.h"

/* F3: the form's settings, tried once; nothing saved or switched. */
void conn_test_form(struct console *c)
{
	struct credjob *j = conn_form_job(c);

	if (!j)
		return;
	for (int i = 0; i < 3; i++) {
		secret_free(j->put[i]);
		j->put[i] = NULL;
	}
	j->test = true;
	j->http = c->args->http;
	ui_message(c, false, "Testing the form's settings ...");
	credjob_submit(c, j);
}

/* The test: who the credentials act as, on a session of its own. */
void conn_test_run(struct credjob *j)
{
	struct http_options h = j->http;
	struct rest_session *s;
	struct rest_reply r;
	const char *first, *last;
	char *id;

	if (j->prof.ca_file && *j->prof.ca_file)
		h.ca_file = j->prof.ca_file;
	conn_mask_creds(&j->creds);
	s = rest_session_new(&h, &j->creds);
	rest_session_set_profile(s, j->prof.name);
	memset(&r, 0, sizeof(r));
	j->ok = rest_call(s, "profile", NULL, REST_READ, &r, &j->err);
	if (j->ok) {
		first = json_get_string(r.result, "NAME");
		last = json_get_string(r.result, "LAST_NAME");
		id = json_scalar_text(json_get(r.result, "ID"));
		snprintf(j->account, sizeof(j->account), "%s %s (ID %s)%s",
			 first ? first : "", last ? last : "", id ? id : "?",
			 cJSON_IsTrue(json_get(r.result, "ADMIN")) ?
			 ", an administrator" : "");
		free(id);
	}
	rest_reply_free(&r);
	rest_session_free(s);
}

/* The look-up speaks to a shell (exports, auth login); here the
 * Connection form is on screen and takes the credentials. */
void conn_console_words(struct credjob *j)
{
	if (strcmp(j->err.code, "no_credentials") != 0)
		return;
	if (!j->prof.name) {
		b24_error_set(&j->err, B24_EXIT_AUTH, "no_credentials",
			      "No connection is set up yet: there is no "
			      "profile in the config file and "
			      "B24USER_WEBHOOK_URL is not set.");
		b24_error_hint(&j->err, "Fill in the Connection form (on "
			       "screen now): paste the Webhook URL, or choose "
			       "OAuth 2.0 or API key; F2 connects, F4 saves it "
			       "as a profile.");
		return;
	}
	/* Secrets kept under another spelling of the portal: the core's
	 * hint says what to mend. */
	if (strstr(j->err.hint, "another portal address"))
		return;
	/* No keyring answers: ticking Remember would keep nothing. */
	if (j->st && cred_store_kind(j->st) == CRED_MEMORY)
		b24_error_hint(&j->err, "Type them in the Connection form (on "
			       "screen now) and press F2; they last until the "
			       "console ends. To keep them, set "
			       "secret_store=file in the profile (see "
			       "b24user.conf(5)), then type them again.");
	else if (j->st && cred_store_kind(j->st) == CRED_FILE)
		b24_error_hint(&j->err, "Type them in the Connection form (on "
			       "screen now) and press F2; to keep them in the "
			       "profile's file store, run 'b24user auth login "
			       "--profile %s'.", j->prof.name);
	else
		b24_error_hint(&j->err, "Type them in the Connection form (on "
			       "screen now) and press F2; tick Remember in "
			       "keyring to keep them for the next start.");
}

/* The test changed nothing: the session and the header stay. */
void conn_test_done(struct console *c, struct credjob *j)
{
	char line[1200];

	if (!j->ok) {
		conn_console_words(j);
		/* Said of the form: the running connection is not in it. */
		if (j->err.exit == B24_EXIT_AUTH)
			b24_error_hint(&j->err, "Check what the form holds "
				       "(Webhook URL, tokens, Portal URL); the "
				       "running connection is unchanged.");
		snprintf(line, sizeof(line), "Test of the Connection form "
			 "failed; nothing was changed: ");
		b24_error_format(&j->err, line + strlen(line),
				 sizeof(line) - strlen(line));
		log_pane_add(&c->log, line);
		ui_error(c, &j->err);
		return;
	}
	snprintf(line, sizeof(line), "Test passed: the form's settings act "
		 "as %s. Nothing was saved; F2 connects with them.",
		 j->account);
	log_pane_add(&c->log, line);
	ui_message(c, false, "%s", line);
}
