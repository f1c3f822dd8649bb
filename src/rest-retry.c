/* What to do after a failed call: wait out rate limits, refresh an
 * expired token once, retry reads, and never repeat a write that may
 * have run. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "now.h"
#include "portal-errors.h"
#include "rest-internal.h"

#define RESET_AGAIN_S 60.0

static bool outcome_unknown(struct b24_error *err)
{
	char was[sizeof err->message + sizeof err->code + 4];
	long status = err->http_status;

	snprintf(was, sizeof was, "%s [%s]", err->message, err->code);
	b24_error_set(err, B24_EXIT_UNVERIFIED, "outcome_unknown",
		      "Outcome unknown — reload the user to check. The "
		      "change was sent, then: %s", was);
	b24_error_hint(err, "It may or may not have been saved. Reload the "
		       "user and compare before sending it again; b24user "
		       "does not repeat a change on its own.");
	err->http_status = status;
	err->reached_portal = true;
	return false;
}

static bool cancelled_while_waiting(struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_INTERRUPTED, "cancelled",
		      "Cancelled while waiting for the portal's limit; "
		      "nothing more was sent");
	return false;
}

static bool wait_then_retry(struct rest_session *s, struct rest_attempt *a,
			    double seconds, struct b24_error *err)
{
	log_debug("%s: waiting %.1f s before trying again", err->code,
		  seconds);
	if (!rest_wait(s, seconds))
		return cancelled_while_waiting(err);
	a->waited += seconds;
	return true;
}

static bool backoff(struct rest_session *s, struct rest_attempt *a,
		    struct b24_error *err)
{
	double wait = a->backoff;

	if (now_mono() + wait > a->deadline) {
		b24_error_set(err, B24_EXIT_LIMIT, "QUERY_LIMIT_EXCEEDED",
			      "The portal still refuses with too many "
			      "requests after waiting %.0f s", a->waited);
		b24_error_hint(err, "Wait a minute and try again; every "
			       "script and console on this computer's "
			       "address shares the portal's limit.");
		return false;
	}
	a->backoff *= 2;
	return wait_then_retry(s, a, wait, err);
}

static bool after_reset(struct rest_session *s, struct rest_attempt *a,
			struct b24_error *err)
{
	double wait = a->reset_waits ? RESET_AGAIN_S : rest_until_reset(s);
	time_t at = time(NULL) + (time_t)wait;
	struct tm tm;
	char clock[16];

	if (now_mono() + wait > a->deadline) {
		gmtime_r(&at, &tm);
		strftime(clock, sizeof clock, "%H:%M:%S", &tm);
		b24_error_set(err, B24_EXIT_LIMIT, "OPERATION_TIME_LIMIT",
			      "This method has used up its time budget on "
			      "the portal; it frees up in about %.0f s",
			      wait);
		b24_error_hint(err, "Try again after %s UTC (in about "
			       "%.0f s).", clock, wait);
		return false;
	}
	a->reset_waits++;
	return wait_then_retry(s, a, wait, err);
}

static bool refresh(struct rest_session *s, struct rest_attempt *a,
		    struct b24_error *err)
{
	struct b24_error rerr;

	if (!s->refresh || a->refreshed || s->override)
		return false;
	a->refreshed = true;
	b24_error_clear(&rerr);
	log_debug("access token expired: refreshing it");
	if (!s->refresh(s->refresh_ctx, &s->creds, &rerr)) {
		*err = rerr;
		return false;
	}
	rest_register_secrets(&s->creds);
	a->rebuild = true;
	return true;
}

/* Reads, and writes that never left, may be sent once more. */
static bool retry_once(struct rest_attempt *a, struct b24_error *err)
{
	if (a->transport_retries >= 1)
		return false;
	a->transport_retries++;
	log_debug("%s: trying once more", err->code);
	return true;
}

static bool retryable_transport(const char *code)
{
	return strcmp(code, "connection_dropped") == 0 ||
	       strcmp(code, "connect_failed") == 0 ||
	       strcmp(code, "network_error") == 0;
}

/* A read changes nothing, however far it got before the cancel. */
static bool cancelled_read(struct b24_error *err)
{
	bool reached = err->reached_portal;

	b24_error_set(err, B24_EXIT_INTERRUPTED, "cancelled", reached ?
		      "Cancelled after the request had reached the portal; "
		      "it only read, so nothing was changed" :
		      "Cancelled before anything was sent; nothing was "
		      "changed");
	err->reached_portal = reached;
	return false;
}

static bool transport(struct rest_attempt *a, struct b24_error *err)
{
	if (a->write && err->reached_portal)
		return outcome_unknown(err);
	if (strcmp(err->code, "cancelled") == 0)
		return a->write ? false : cancelled_read(err);
	if (!retryable_transport(err->code))
		return false;
	return retry_once(a, err);
}

static bool client_error(long status)
{
	return status >= 400 && status < 500;
}

/* HTML from a front-end: 4xx means it stopped the request there. */
static bool not_json(struct rest_attempt *a, struct b24_error *err)
{
	if (client_error(err->http_status))
		return false;
	if (a->write)
		return outcome_unknown(err);
	return retry_once(a, err);
}

bool rest_retry_decide(struct rest_session *s, struct rest_attempt *a,
		       enum rest_result r, struct b24_error *err)
{
	const struct bx_code *c;

	if (r == REST_FAIL_MOVED)
		return false;
	if (r == REST_FAIL_TRANSPORT)
		return transport(a, err);
	if (r == REST_FAIL_NOT_JSON)
		return not_json(a, err);
	c = bx_code_find(err->code);
	if (c && c->retry == BX_RETRY_BACKOFF)
		return backoff(s, a, err);
	if (c && c->retry == BX_RETRY_AFTER_RESET)
		return after_reset(s, a, err);
	if (c && c->retry == BX_RETRY_REFRESH)
		return refresh(s, a, err);
	if (c && c->before_run)
		return false;
	/* A 4xx answer is a refusal; anything else from a code that does
	 * not promise "refused before running" (a 500, WRONG_ENCODING with
	 * 200) may follow a change that was saved. */
	if (a->write && !client_error(err->http_status))
		return outcome_unknown(err);
	if (!a->write && err->http_status >= 500)
		return retry_once(a, err);
	return false;
}
