/* Shared by rest.c, rest-request.c and rest-envelope.c only. */
#ifndef B24_REST_INTERNAL_H
#define B24_REST_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>

#include "http.h"
#include "rest.h"

struct rest_session {
	struct http_client *http;
	struct rest_creds creds;
	char *ca_file;			/* for rest_describe's curl line */
	char *profile;			/* named in hints; may be NULL */
	struct secret *override;	/* one-off access token */
	rest_refresh_fn refresh;
	void *refresh_ctx;
	double wait_budget;

	pthread_mutex_t lock;		/* guards what follows */
	pthread_cond_t wake;		/* cancel ends a retry wait */
	bool cancel;
	long requests;
	double bucket;
	double bucket_at;		/* monotonic seconds */
	double last_operating;
	double last_reset_at;		/* portal's Unix time */
	double clock_skew;		/* portal time minus ours */
	long connections;
};

/* The request as it goes on the wire, or with secrets masked. */
struct rest_request {
	char *url;
	char *body;
};

bool rest_request_build(const struct rest_session *s, const char *method,
			const cJSON *params, bool masked,
			struct rest_request *rq, struct b24_error *err);
/* Wipes both strings: they may hold the webhook code or a token. */
void rest_request_free(struct rest_request *rq);

/* How a sent request ended. */
enum rest_result {
	REST_OK,
	REST_FAIL_TRANSPORT,	/* no usable HTTP answer */
	REST_FAIL_PORTAL,	/* a Bitrix24 error envelope */
	REST_FAIL_NOT_JSON,	/* an answer that is not Bitrix24's JSON */
	REST_FAIL_MOVED,	/* 3xx: nothing is re-sent */
};

enum rest_result rest_envelope_read(const struct http_response *resp,
				    struct rest_reply *out,
				    struct b24_error *err);

/* One rest_call's progress through its retries. */
struct rest_attempt {
	bool write;
	double deadline;	/* monotonic: end of the wait budget */
	double backoff;		/* next QUERY_LIMIT_EXCEEDED wait, s */
	double waited;
	int transport_retries;
	int reset_waits;
	bool refreshed;
	bool rebuild;		/* credentials changed: build again */
};

/* Sleep unless a cancel comes first; false when cancelled. */
bool rest_wait(struct rest_session *s, double seconds);
/* Seconds until the portal's operating budget resets, by its clock. */
double rest_until_reset(struct rest_session *s);
void rest_register_secrets(const struct rest_creds *c);
/* After a failed send: true to send again (having waited if needed);
 * false to give up with err saying why. */
bool rest_retry_decide(struct rest_session *s, struct rest_attempt *a,
		       enum rest_result r, struct b24_error *err);

#endif
