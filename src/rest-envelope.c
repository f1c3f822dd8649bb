/* Reading Bitrix24's answer: the success envelope, the error envelope,
 * and everything else (redirects, HTML, truncated bodies). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonutil.h"
#include "portal-errors.h"
#include "rest-internal.h"

static void moved(const struct http_response *resp, struct b24_error *err)
{
	const char *host = resp->redirect_host;

	if (*host) {
		b24_error_set(err, B24_EXIT_NETWORK, "portal_moved",
			      "The portal has moved to %s (HTTP %ld); "
			      "nothing was re-sent", host, resp->status);
		b24_error_hint(err, "Check with the portal's administrator "
			       "that https://%s/ is the portal's new "
			       "address, then change the portal in the "
			       "profile (or take the webhook URL from the new "
			       "address) and try again.", host);
	} else {
		b24_error_set(err, B24_EXIT_NETWORK, "portal_moved",
			      "The portal answered with a redirect (HTTP %ld) "
			      "that names no new address; nothing was "
			      "re-sent", resp->status);
		b24_error_hint(err, "Check the portal address with the "
			       "portal's administrator.");
	}
}

static const char *not_json_hint(long status)
{
	if (status >= 500)
		return "The portal or a proxy in front of it failed; try "
		       "again in a few minutes.";
	if (status >= 400)
		return "Something in front of the portal refused the "
		       "request; check the address and any proxy.";
	return "Check that the address is the portal's: a login or error "
	       "page may have come back instead of an answer.";
}

static void not_bitrix(const struct http_response *resp, const char *code,
		       const char *what, struct b24_error *err)
{
	char excerpt[256];

	bx_body_excerpt(resp->body.buf, resp->body.len, excerpt,
			sizeof excerpt);
	b24_error_set(err, B24_EXIT_NETWORK, code,
		      "The portal answered with HTTP %ld and %s: \"%s\"",
		      resp->status, what, excerpt);
	b24_error_hint(err, "%s", not_json_hint(resp->status));
}

static bool looks_like_json(const struct http_response *resp)
{
	const char *p = resp->body.buf;

	p += strspn(p, " \t\r\n");
	return *p == '{' || *p == '[';
}

/* A member that may come as a number or as a numeric string. */
static double number_of(const cJSON *obj, const char *name, double absent)
{
	const cJSON *item = json_get(obj, name);
	char *end;
	double d;

	if (cJSON_IsNumber(item))
		return item->valuedouble;
	if (cJSON_IsString(item) && item->valuestring[0]) {
		d = strtod(item->valuestring, &end);
		if (!*end)
			return d;
	}
	return absent;
}

static void read_success(cJSON *env, struct rest_reply *out)
{
	const cJSON *time = json_get(env, "time");

	out->envelope = env;
	out->result = json_get(env, "result");
	out->total = (long)number_of(env, "total", -1);
	out->next = (long)number_of(env, "next", -1);
	out->operating = number_of(time, "operating", -1);
	out->operating_reset_at = number_of(time, "operating_reset_at", -1);
}

enum rest_result rest_envelope_read(const struct http_response *resp,
				    struct rest_reply *out,
				    struct b24_error *err)
{
	struct b24_error perr;
	const char *code;
	cJSON *env;

	out->http_status = resp->status;
	err->http_status = resp->status;
	err->reached_portal = true;
	if (resp->status >= 300 && resp->status < 400) {
		moved(resp, err);
		return REST_FAIL_MOVED;
	}
	env = json_parse_text(resp->body.buf, resp->body.len, "The answer",
			      &perr);
	if (!cJSON_IsObject(env)) {
		cJSON_Delete(env);
		not_bitrix(resp, "not_json", looks_like_json(resp) ?
			   "a broken or incomplete JSON answer" :
			   "something that is not a Bitrix24 answer", err);
		return REST_FAIL_NOT_JSON;
	}
	code = json_get_string(env, "error");
	if (code) {
		bx_error_fill(err, resp->status, code,
			      json_get_string(env, "error_description"));
		cJSON_Delete(env);
		return REST_FAIL_PORTAL;
	}
	if (!json_get(env, "result")) {
		cJSON_Delete(env);
		not_bitrix(resp, "bad_answer", "JSON that holds neither a "
			   "result nor an error", err);
		return REST_FAIL_NOT_JSON;
	}
	read_success(env, out);
	return REST_OK;
}
