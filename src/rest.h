/*
 * Calling Bitrix24 REST methods: build the URL and JSON body for the
 * credentials in use, send, parse the envelope, map errors, and retry what
 * is safe to retry (rate limits always; transport failures for reads only).
 */
#ifndef B24_REST_H
#define B24_REST_H

#include <stdbool.h>
#include <cJSON.h>

#include "error.h"
#include "http.h"
#include "profile.h"
#include "secret.h"

/* Who we are on which portal.  Owned by the session once handed over. */
struct rest_creds {
	enum auth_method method;
	char *portal;			/* https://host[:port], no slash */
	struct secret *webhook;		/* whole webhook URL (AUTH_WEBHOOK) */
	struct secret *access_token;	/* AUTH_OAUTH, AUTH_APIKEY */
	struct secret *refresh_token;
	struct secret *client_secret;
	char *client_id;
	char *oauth_server;		/* token endpoint base URL */
};

void rest_creds_clear(struct rest_creds *c);

enum rest_flags {
	REST_READ = 0,
	REST_WRITE = 1 << 0,	/* never retried once it may have run */
};

struct rest_reply {
	cJSON *envelope;	/* the whole parsed answer; owned */
	cJSON *result;		/* borrowed from envelope */
	long total;		/* -1 when absent */
	long next;		/* -1 when absent */
	double operating;	/* time.operating, -1 when absent */
	double operating_reset_at; /* -1 when absent */
	long http_status;
};

/* Figures for the status line and auth status, from our own calls. */
struct rest_stats {
	long requests;		/* HTTP requests sent by this session */
	double bucket;		/* estimated leaky-bucket fill (of 50) */
	double last_operating;	/* -1 until a response carried it */
	double last_operating_reset_at;
	long connections;	/* TLS connections opened */
};

/* Called on expired_token; refreshes creds in place (OAuth issue). */
typedef bool (*rest_refresh_fn)(void *ctx, struct rest_creds *creds,
				struct b24_error *err);

struct rest_session;

/* The contents of *creds move into the session; *creds is left empty. */
struct rest_session *rest_session_new(const struct http_options *http,
				      struct rest_creds *creds);
void rest_session_free(struct rest_session *s);
const struct rest_creds *rest_session_creds(const struct rest_session *s);
/* The profile the credentials belong to: the portal's hints name it. */
void rest_session_set_profile(struct rest_session *s, const char *name);
void rest_session_set_refresh(struct rest_session *s, rest_refresh_fn fn,
			      void *ctx);
/* A one-off access token: replaces the credentials for the calls that
 * follow (auth= on the same portal) until cleared with NULL. */
void rest_session_set_token_override(struct rest_session *s,
				     struct secret *token);
/* Any thread: cancel the call in progress. */
void rest_session_cancel(struct rest_session *s);
void rest_session_clear_cancel(struct rest_session *s);
void rest_session_stats(const struct rest_session *s, struct rest_stats *out);
/* Sleep unless rest_session_cancel comes first (any thread); false when
 * cancelled.  For callers that pace themselves (bulk runs). */
bool rest_wait(struct rest_session *s, double seconds);
/* Retry budget for QUERY_LIMIT_EXCEEDED / OPERATION_TIME_LIMIT, seconds;
 * tests shorten it.  Default 30. */
void rest_session_set_wait_budget(struct rest_session *s, double seconds);

/*
 * Call method with params (an object, may be NULL; not modified).  On
 * success out->result is set.  On failure err says what happened in plain
 * words with the Bitrix24 code, a hint and the exit status; for a write
 * that may have run, code "outcome_unknown" and exit 7.
 */
bool rest_call(struct rest_session *s, const char *method,
	       const cJSON *params, unsigned flags, struct rest_reply *out,
	       struct b24_error *err);
void rest_reply_free(struct rest_reply *r);

/*
 * The request as a person may see it: "POST URL" and the JSON body, or a
 * curl command line; every secret masked.  Free with free().
 */
char *rest_describe(const struct rest_session *s, const char *method,
		    const cJSON *params, bool as_curl);

/*
 * Check a webhook URL: https, /rest/<digits>/<code>/.  On success sets
 * *portal (https://host[:port], free with free()) and *user_id.
 */
bool webhook_parse(const char *url, char **portal, long *user_id,
		   struct b24_error *err);
/* Refuse http:// and anything that is not https://host[:port][/]; on
 * success *normalised is the base URL without a trailing slash. */
bool portal_url_parse(const char *url, char **normalised,
		      struct b24_error *err);

#endif
