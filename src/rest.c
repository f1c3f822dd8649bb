/* A REST session: sending calls, retrying only what is safe to retry,
 * and keeping the figures the status line shows. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jsonutil.h"
#include "log.h"
#include "now.h"
#include "portal-errors.h"
#include "rest-internal.h"
#include "xalloc.h"

#define DEFAULT_BUDGET_S 30.0
/* Cloud plans other than Enterprise: 50 requests, draining 2 per second. */
#define BUCKET_SIZE 50.0
#define BUCKET_DRAIN 2.0
/* OPERATION_TIME_LIMIT without a known reset: the next one-minute bucket. */
#define RESET_UNKNOWN_S 60.0

void rest_creds_clear(struct rest_creds *c)
{
	free(c->portal);
	secret_free(c->webhook);
	secret_free(c->access_token);
	secret_free(c->refresh_token);
	secret_free(c->client_secret);
	free(c->client_id);
	free(c->oauth_server);
	memset(c, 0, sizeof *c);
}

/* The code alone: it may turn up without the rest of the URL. */
static void register_webhook_code(const char *url)
{
	const char *p = strstr(url, "/rest/");
	char code[128];
	size_t n;

	if (!p)
		return;
	p += strlen("/rest/");
	p += strspn(p, "0123456789");
	if (*p != '/')
		return;
	n = strcspn(++p, "/");
	if (n < sizeof code) {
		memcpy(code, p, n);
		code[n] = '\0';
		log_add_secret(code);
		secret_wipe(code, n);
	}
}

/* Everything that may reach a log line gets masked from now on. */
void rest_register_secrets(const struct rest_creds *c)
{
	if (c->webhook) {
		log_add_secret(secret_reveal(c->webhook));
		register_webhook_code(secret_reveal(c->webhook));
	}
	if (c->access_token)
		log_add_secret(secret_reveal(c->access_token));
	if (c->refresh_token)
		log_add_secret(secret_reveal(c->refresh_token));
	if (c->client_secret)
		log_add_secret(secret_reveal(c->client_secret));
}

struct rest_session *rest_session_new(const struct http_options *http,
				      struct rest_creds *creds)
{
	struct rest_session *s = xcalloc(1, sizeof *s);
	pthread_condattr_t attr;

	s->http = http_client_new(http);
	if (http && http->ca_file)
		s->ca_file = xstrdup(http->ca_file);
	if (creds) {
		s->creds = *creds;
		memset(creds, 0, sizeof *creds);
	}
	rest_register_secrets(&s->creds);
	s->wait_budget = DEFAULT_BUDGET_S;
	s->last_operating = -1;
	s->last_reset_at = -1;
	pthread_mutex_init(&s->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&s->wake, &attr);
	pthread_condattr_destroy(&attr);
	return s;
}

void rest_session_free(struct rest_session *s)
{
	if (!s)
		return;
	http_client_free(s->http);
	rest_creds_clear(&s->creds);
	secret_free(s->override);
	free(s->ca_file);
	free(s->profile);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->wake);
	free(s);
}

const struct rest_creds *rest_session_creds(const struct rest_session *s)
{
	return &s->creds;
}

void rest_session_set_profile(struct rest_session *s, const char *name)
{
	free(s->profile);
	s->profile = name && *name ? xstrdup(name) : NULL;
}

void rest_session_set_refresh(struct rest_session *s, rest_refresh_fn fn,
			      void *ctx)
{
	s->refresh = fn;
	s->refresh_ctx = ctx;
}

void rest_session_set_token_override(struct rest_session *s,
				     struct secret *token)
{
	secret_free(s->override);
	s->override = token;
	if (token)
		log_add_secret(secret_reveal(token));
}

void rest_session_cancel(struct rest_session *s)
{
	pthread_mutex_lock(&s->lock);
	s->cancel = true;
	pthread_cond_broadcast(&s->wake);
	pthread_mutex_unlock(&s->lock);
	http_client_cancel(s->http);
}

void rest_session_clear_cancel(struct rest_session *s)
{
	pthread_mutex_lock(&s->lock);
	s->cancel = false;
	pthread_mutex_unlock(&s->lock);
	http_client_clear_cancel(s->http);
}

void rest_session_set_wait_budget(struct rest_session *s, double seconds)
{
	s->wait_budget = seconds >= 0 ? seconds : 0;
}

static double drained(const struct rest_session *s, double now)
{
	double b = s->bucket - BUCKET_DRAIN * (now - s->bucket_at);

	return b > 0 ? b : 0;
}

void rest_session_stats(const struct rest_session *s, struct rest_stats *out)
{
	struct rest_session *m = (struct rest_session *)s;

	pthread_mutex_lock(&m->lock);
	out->requests = s->requests;
	out->bucket = drained(s, now_mono());
	out->last_operating = s->last_operating;
	out->last_operating_reset_at = s->last_reset_at;
	out->connections = s->connections;
	pthread_mutex_unlock(&m->lock);
}

static void note_sent(struct rest_session *s)
{
	double now = now_mono();

	pthread_mutex_lock(&s->lock);
	s->requests++;
	s->bucket = drained(s, now) + 1;
	if (s->bucket > BUCKET_SIZE)
		s->bucket = BUCKET_SIZE;
	s->bucket_at = now;
	s->connections = http_client_connections(s->http);
	pthread_mutex_unlock(&s->lock);
}

static void note_reply(struct rest_session *s, const struct rest_reply *r)
{
	double finish = -1;
	const cJSON *t = json_get(json_get(r->envelope, "time"), "finish");

	if (cJSON_IsNumber(t))
		finish = t->valuedouble;
	pthread_mutex_lock(&s->lock);
	if (r->operating >= 0)
		s->last_operating = r->operating;
	if (r->operating_reset_at >= 0)
		s->last_reset_at = r->operating_reset_at;
	if (finish > 0)
		s->clock_skew = finish - now_real();
	pthread_mutex_unlock(&s->lock);
}

bool rest_wait(struct rest_session *s, double seconds)
{
	struct timespec until;
	double end = now_mono() + seconds;
	bool cancelled;

	until.tv_sec = (time_t)end;
	until.tv_nsec = (long)((end - (double)until.tv_sec) * 1e9);
	pthread_mutex_lock(&s->lock);
	while (!s->cancel && now_mono() < end)
		if (pthread_cond_timedwait(&s->wake, &s->lock, &until) ==
		    ETIMEDOUT)
			break;
	cancelled = s->cancel;
	pthread_mutex_unlock(&s->lock);
	return !cancelled;
}

double rest_until_reset(struct rest_session *s)
{
	double wait = RESET_UNKNOWN_S;

	pthread_mutex_lock(&s->lock);
	/* The portal sends whole seconds: one more makes sure it passed. */
	if (s->last_reset_at > 0)
		wait = s->last_reset_at + 1 - (now_real() + s->clock_skew);
	pthread_mutex_unlock(&s->lock);
	if (wait < 1)
		wait = 1;
	return wait;
}

static enum rest_result send_once(struct rest_session *s,
				  const struct rest_request *rq,
				  struct rest_reply *out,
				  struct b24_error *err)
{
	struct http_response resp;
	enum rest_result r = REST_FAIL_TRANSPORT;

	if (http_post_json(s->http, rq->url, rq->body, &resp, err))
		r = rest_envelope_read(&resp, out, err);
	if (r == REST_FAIL_PORTAL)
		bx_hint_for(err, s->creds.method, s->profile);
	if (resp.sent || resp.status)
		note_sent(s);
	if (r == REST_OK)
		note_reply(s, out);
	http_response_free(&resp);
	return r;
}

static void reply_init(struct rest_reply *out)
{
	memset(out, 0, sizeof *out);
	out->total = -1;
	out->next = -1;
	out->operating = -1;
	out->operating_reset_at = -1;
}

bool rest_call(struct rest_session *s, const char *method,
	       const cJSON *params, unsigned flags, struct rest_reply *out,
	       struct b24_error *err)
{
	struct rest_attempt a = { .write = flags & REST_WRITE, .backoff = 1 };
	struct rest_request rq;
	enum rest_result r;
	bool again;

	reply_init(out);
	b24_error_clear(err);
	a.deadline = now_mono() + s->wait_budget;
	if (!rest_request_build(s, method, params, false, &rq, err))
		return false;
	log_debug("call %s (%s)", method, a.write ? "write" : "read");
	do {
		r = send_once(s, &rq, out, err);
		again = r != REST_OK && rest_retry_decide(s, &a, r, err);
		if (again && a.rebuild) {
			/* New credentials after a refresh. */
			a.rebuild = false;
			rest_request_free(&rq);
			again = rest_request_build(s, method, params, false,
						   &rq, err);
		}
	} while (again);
	rest_request_free(&rq);
	if (r != REST_OK)
		log_debug("call %s failed: %s [%s]", method, err->message,
			  err->code);
	return r == REST_OK;
}

void rest_reply_free(struct rest_reply *r)
{
	cJSON_Delete(r->envelope);
	r->envelope = NULL;
	r->result = NULL;
}
