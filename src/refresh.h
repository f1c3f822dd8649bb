/*
 * Renewing an expired access token for a REST session: once per call,
 * under a lock every b24user process of the same user and profile
 * shares, saving the new pair before the call is sent again.
 */
#ifndef B24_REFRESH_H
#define B24_REFRESH_H

#include <stdbool.h>

#include "creds.h"
#include "error.h"
#include "http.h"
#include "profile.h"
#include "rest.h"

/* A note for the person (stderr on the command line, the log pane in
 * the console); called on the thread that refreshes. */
typedef void (*refresh_note_fn)(const char *message, void *ctx);

struct refresher;

/*
 * For profile p (copied) whose credentials came from source, kept in st
 * (borrowed, may be NULL; must outlive the refresher).  http: options for
 * the token endpoint's connection (copied; the CA file too).
 * forced_server: --oauth-server, which beats the endpoint a token answer
 * named (NULL: not given).
 */
struct refresher *refresher_new(const struct profile *p,
				struct cred_store *st,
				enum cred_source source,
				const struct http_options *http,
				const char *forced_server);
void refresher_free(struct refresher *r);
/* Where notes go; default stderr ("b24user: ..."). */
void refresher_set_note(struct refresher *r, refresh_note_fn fn, void *ctx);
/* Install on s: rest_call then refreshes through r on expired_token. */
void refresher_install(struct refresher *r, struct rest_session *s);
/* Refreshes so far in this process (tests, status). */
int refresher_count(const struct refresher *r);

/* Where the next refresh goes: --oauth-server, else the endpoint the
 * last token answer named, else the profile's oauth_server (or the
 * default) + /oauth/token/.  Free with free(). */
char *refresh_token_url(const struct refresher *r,
			const struct rest_creds *c, struct b24_error *err);

/* The rest_refresh_fn itself; ctx is a struct refresher. */
bool refresh_tokens(void *ctx, struct rest_creds *creds,
		    struct b24_error *err);

/* The lock file of a profile, $XDG_RUNTIME_DIR/b24user/refresh-NAME.lock:
 * returns an fd holding an exclusive flock, or -1 with err. */
int refresh_lock(const char *profile, struct b24_error *err);
void refresh_unlock(int fd);

#endif
