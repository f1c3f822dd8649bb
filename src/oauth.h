/*
 * OAuth 2.0 with Bitrix24's authorization server: the portal's authorize
 * URL, a pasted code or redirect URL, the token endpoint (code exchange
 * and refresh), and what b24user remembers about a profile's tokens
 * besides the secrets (expiry, last refresh, endpoint, scopes).
 */
#ifndef B24_OAUTH_H
#define B24_OAUTH_H

#include <stdbool.h>
#include <time.h>

#include "error.h"
#include "http.h"
#include "secret.h"

#define OAUTH_DEFAULT_SERVER "https://oauth.bitrix.info"

/* One answer of the token endpoint. */
struct oauth_tokens {
	struct secret *access_token;
	struct secret *refresh_token;	/* NULL when the answer had none */
	long expires_in;		/* seconds; -1 when absent */
	time_t expires;			/* Unix time; 0 when absent */
	char *server_endpoint;		/* the auth server's REST endpoint */
	char *client_endpoint;		/* https://PORTAL/rest/ */
	char *member_id;
	char *scope;			/* comma list as sent */
};
void oauth_tokens_clear(struct oauth_tokens *t);
/* When the access token runs out: expires, else now + expires_in. */
time_t oauth_tokens_expiry(const struct oauth_tokens *t, time_t now);

/* 32 random hex digits for the state parameter.  Free with free(). */
char *oauth_new_state(void);
/* https://PORTAL/oauth/authorize/?client_id=ID&state=STATE&
 * response_type=code.  Free with free(). */
char *oauth_authorize_url(const char *portal, const char *client_id,
			  const char *state);
/* A base URL (https://host[:port][/...]) + "/oauth/token/"; NULL base:
 * the default server.  NULL with err (exit USAGE) unless https. */
char *oauth_token_url(const char *base, struct b24_error *err);
/* The token endpoint on the server a token answer names in
 * server_endpoint (https://oauth.bitrix.info/rest/ ->
 * https://oauth.bitrix.info/oauth/token/); NULL when not https. */
char *oauth_token_url_from_server(const char *server_endpoint);

/*
 * What a person pasted: the bare code, or the whole redirect URL (or its
 * query).  A URL's state must be want_state (when given) and its domain
 * portal_host (when both are given); error= in it is reported.  Exit
 * USAGE or AUTH with a plain message on failure.
 */
bool oauth_parse_code(const char *pasted, const char *want_state,
		      const char *portal_host, struct secret **code,
		      struct b24_error *err);

/* Parse the token endpoint's answer (body and HTTP status).  Errors:
 * invalid_grant, invalid_client, ... with exit AUTH, a message for a
 * helpdesk person and what to do. */
bool oauth_parse_answer(const char *body, long http_status,
			struct oauth_tokens *out, struct b24_error *err);

/* grant_type=authorization_code at token_url, at once: codes live 30 s. */
bool oauth_exchange_code(struct http_client *http, const char *token_url,
			 const char *client_id,
			 const struct secret *client_secret,
			 const struct secret *code, struct oauth_tokens *out,
			 struct b24_error *err);
/* grant_type=refresh_token: the refresh token is spent either way. */
bool oauth_refresh(struct http_client *http, const char *token_url,
		   const char *client_id, const struct secret *client_secret,
		   const struct secret *refresh_token,
		   struct oauth_tokens *out, struct b24_error *err);

/* Non-secret facts about a profile's tokens, kept in the state
 * directory (token-PROFILE.json, mode 0600) for auth status and the
 * next refresh. */
struct oauth_state {
	char *portal;
	char *token_url;	/* where the next refresh goes */
	time_t expires;		/* access token expiry; 0 unknown */
	time_t refreshed;	/* last refresh; 0 never */
	time_t signed_in;	/* auth login; 0 unknown */
	char *scope;
};
void oauth_state_clear(struct oauth_state *st);
/* False (st empty) when there is no state for profile. */
bool oauth_state_load(const char *profile, struct oauth_state *st);
bool oauth_state_save(const char *profile, const struct oauth_state *st,
		      struct b24_error *err);
void oauth_state_remove(const char *profile);
/* After a token answer: expiry, scope, endpoint (server_endpoint wins
 * over used_url, the endpoint that answered). */
void oauth_state_update(struct oauth_state *st, const char *portal,
			const struct oauth_tokens *t, const char *used_url,
			time_t now);

#endif
