/*
 * HTTPS transport on libcurl's multi interface, owned by one thread.
 * TLS is always verified, only https is spoken, redirects are never
 * followed, and another thread can cancel a transfer within milliseconds.
 */
#ifndef B24_HTTP_H
#define B24_HTTP_H

#include <stdbool.h>

#include "error.h"
#include "strbuf.h"

struct http_options {
	const char *ca_file;	/* trust only this file; NULL: system */
	long connect_timeout_ms; /* 0: 15000 */
	long timeout_s;		/* total; 0: 90 (portal cuts at 60 s) */
	size_t max_body;	/* read cap in bytes; 0: 16 MiB */
};

struct http_response {
	long status;		/* HTTP status; 0 when none arrived */
	struct strbuf body;	/* sb_init'ed by http_post_json */
	char redirect_host[256]; /* host of a 3xx Location, never its path */
	bool sent;		/* bytes went out: a write may have run */
	char content_type[128];
};

struct http_client;

/* Call once at start-up, before any thread (curl_global_init). */
void http_global_init(void);
void http_global_cleanup(void);

struct http_client *http_client_new(const struct http_options *opts);
void http_client_free(struct http_client *c);
/* Any thread: abort the transfer in progress (or the next one to start,
 * if none runs) within milliseconds.  http_post_json then fails with code
 * "cancelled" and err->reached_portal says whether the request went out. */
void http_client_cancel(struct http_client *c);
/* Forget a cancel that arrived while idle; call before a new job. */
void http_client_clear_cancel(struct http_client *c);
/* Connections opened so far by this client (to prove reuse in tests). */
long http_client_connections(const struct http_client *c);

/*
 * POST body as application/json to url.  url may hold a webhook secret: it
 * is never logged or put into a message.  A non-2xx status is not a failure
 * here (the body holds Bitrix24's error); false means no usable answer:
 * network, TLS, timeout, cancel, http:// refused, body over the cap.
 * resp must be freed with http_response_free either way.
 */
bool http_post_json(struct http_client *c, const char *url, const char *body,
		    struct http_response *resp, struct b24_error *err);
/* The same as a GET without a body: the OAuth token endpoint takes its
 * parameters in the query (url then holds secrets; never logged). */
bool http_get(struct http_client *c, const char *url,
	      struct http_response *resp, struct b24_error *err);
void http_response_free(struct http_response *resp);

#endif
