/*
 * Credentials: where a profile's secrets come from (environment, desktop
 * keyring, the keyring's session collection, memory, or a file the user
 * chose) and where they go.  The store is told apart and explained, never
 * a silent plaintext fallback.
 */
#ifndef B24_CREDS_H
#define B24_CREDS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "profile.h"
#include "rest.h"
#include "secret.h"

enum secret_kind {
	SECRET_WEBHOOK,
	SECRET_ACCESS_TOKEN,
	SECRET_REFRESH_TOKEN,
	SECRET_CLIENT_SECRET,
	SECRET_API_KEY,
};

enum cred_source {
	CRED_NONE = 0,
	CRED_ENV,	/* B24USER_* variables, read once at start-up */
	CRED_KEYRING,	/* Secret Service, default collection */
	CRED_SESSION,	/* Secret Service, session collection */
	CRED_MEMORY,	/* typed this run, forgotten at exit */
	CRED_FILE,	/* the file store the profile chose */
	CRED_OVERRIDE,	/* one-off access token */
};

const char *secret_kind_name(enum secret_kind k);	/* "webhook" ... */
const char *cred_source_name(enum cred_source s);	/* "environment" ... */

/*
 * Call first in main(), before any thread starts: copies the B24USER_*
 * secret variables (B24USER_WEBHOOK_URL, B24USER_ACCESS_TOKEN,
 * B24USER_REFRESH_TOKEN, B24USER_CLIENT_SECRET, B24USER_TOKEN_OVERRIDE,
 * and B24USER_CLIENT_ID with them) into memory and removes them from the
 * environment, so children never inherit them.  Also turns core dumps
 * off for the whole run: a core file would hold every secret.
 */
void creds_capture_env(void);
/* A captured variable (NULL when unset); owned by this module. */
const struct secret *creds_env(const char *name);
void creds_release_env(void);

struct cred_store;

/* Where store warnings go, such as the one before the file store's first
 * write: stderr unless set (the console sends them to its log pane).
 * Called on the thread that writes. */
typedef void (*cred_warn_fn)(const char *message, void *ctx);
void creds_set_warn(cred_warn_fn fn, void *ctx);

/* Decide the backend for p (see the profile's secret_store); probing the
 * Secret Service runs with a deadline and never prompts. */
struct cred_store *cred_store_open(const struct profile *p,
				   struct b24_error *err);
void cred_store_free(struct cred_store *st);
enum cred_source cred_store_kind(const struct cred_store *st);
/* One plain sentence: where secrets are (not) kept and why. */
const char *cred_store_describe(const struct cred_store *st);
/* What would make the store better here (e.g. how to start a keyring in
 * an SSH session); "" when the store is what the profile asked for. */
const char *cred_store_hint(const struct cred_store *st);
bool cred_store_get(struct cred_store *st, const char *profile,
		    const char *portal, enum secret_kind kind,
		    struct secret **out, struct b24_error *err);
bool cred_store_put(struct cred_store *st, const char *profile,
		    const char *portal, enum secret_kind kind,
		    const struct secret *value, struct b24_error *err);
bool cred_store_forget(struct cred_store *st, const char *profile,
		       const char *portal, struct b24_error *err);

/*
 * Fill out for profile p (p may be NULL: environment only): the
 * environment first, then the store.  *source says where they came from.
 * Exit AUTH with a hint when nothing usable is found.
 */
bool creds_resolve(const struct profile *p, struct cred_store *st,
		   struct rest_creds *out, enum cred_source *source,
		   struct b24_error *err);

#endif
