/* Building a REST call's URL and JSON body for the credentials in use,
 * and the same request with every secret masked for people to read. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonutil.h"
#include "rest-internal.h"
#include "secret.h"
#include "strbuf.h"
#include "xalloc.h"

#define MASK "***"

/* Letters, digits, dots and underscores: nothing that changes the path. */
static bool valid_method(const char *m)
{
	size_t i, n = m ? strlen(m) : 0;

	if (n == 0 || n > 100 || m[0] == '.' || strstr(m, ".."))
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)m[i]) && m[i] != '.' &&
		    m[i] != '_')
			return false;
	return true;
}

static const struct secret *token_of(const struct rest_session *s)
{
	if (s->override)
		return s->override;
	if (s->creds.method == AUTH_OAUTH || s->creds.method == AUTH_APIKEY)
		return s->creds.access_token;
	return NULL;
}

static bool portal_base(const struct rest_session *s, char **base,
			struct b24_error *err)
{
	long user_id;

	if (s->creds.portal)
		return portal_url_parse(s->creds.portal, base, err);
	if (s->creds.webhook)
		return webhook_parse(secret_reveal(s->creds.webhook), base,
				     &user_id, err);
	b24_error_set(err, B24_EXIT_AUTH, "no_portal",
		      "No portal address is known for these credentials");
	b24_error_hint(err, "Give the portal with --portal URL or in the "
		       "profile.");
	return false;
}

static bool token_url(const struct rest_session *s, const char *method,
		      struct strbuf *url, struct b24_error *err)
{
	char *base;

	if (!portal_base(s, &base, err))
		return false;
	sb_printf(url, "%s/rest/%s.json", base, method);
	free(base);
	return true;
}

static bool webhook_url(const struct rest_session *s, const char *method,
			bool masked, struct strbuf *url,
			struct b24_error *err)
{
	const char *hook = secret_reveal(s->creds.webhook);
	size_t n = strlen(hook);
	char *base;
	long user_id;

	if (!webhook_parse(hook, &base, &user_id, err))
		return false;
	while (n && hook[n - 1] == '/')
		n--;
	if (masked)
		sb_printf(url, "%s/rest/%ld/%s/%s.json", base, user_id, MASK,
			  method);
	else
		sb_printf(url, "%.*s/%s.json", (int)n, hook, method);
	free(base);
	return true;
}

static bool no_credentials(struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_AUTH, "no_credentials",
		      "No credentials are set up for this portal");
	b24_error_hint(err, "Set B24USER_WEBHOOK_URL, or run 'b24user auth "
		       "login' for this profile.");
	return false;
}

/* The URL and body object; the body gets "auth" in token mode. */
static bool build_parts(const struct rest_session *s, const char *method,
			const cJSON *params, bool masked, struct strbuf *url,
			cJSON **body, struct b24_error *err)
{
	const struct secret *token = token_of(s);
	bool ok;

	*body = NULL;
	if (!valid_method(method)) {
		b24_error_set(err, B24_EXIT_USAGE, "bad_method",
			      "The method name is not valid");
		return false;
	}
	if (params && !cJSON_IsObject(params)) {
		b24_error_set(err, B24_EXIT_USAGE, "bad_params",
			      "The request parameters must be a JSON object");
		return false;
	}
	if (token)
		ok = token_url(s, method, url, err);
	else if (s->creds.method == AUTH_WEBHOOK && s->creds.webhook)
		ok = webhook_url(s, method, masked, url, err);
	else
		ok = no_credentials(err);
	if (!ok)
		return false;
	*body = params ? cJSON_Duplicate(params, 1) : cJSON_CreateObject();
	if (token) {
		cJSON_DeleteItemFromObjectCaseSensitive(*body, "auth");
		cJSON_AddStringToObject(*body, "auth", masked ? MASK :
					secret_reveal(token));
	}
	return true;
}

bool rest_request_build(const struct rest_session *s, const char *method,
			const cJSON *params, bool masked,
			struct rest_request *rq, struct b24_error *err)
{
	struct strbuf url;
	const char *auth;
	cJSON *body;

	memset(rq, 0, sizeof *rq);
	sb_init(&url);
	if (!build_parts(s, method, params, masked, &url, &body, err)) {
		sb_free(&url);
		return false;
	}
	rq->url = sb_steal(&url);
	rq->body = json_compact(body);
	/* The tree holds the token too. */
	auth = json_get_string(body, "auth");
	if (auth)
		secret_wipe((char *)auth, strlen(auth));
	cJSON_Delete(body);
	return true;
}

void rest_request_free(struct rest_request *rq)
{
	if (rq->url)
		secret_wipe(rq->url, strlen(rq->url));
	if (rq->body)
		secret_wipe(rq->body, strlen(rq->body));
	free(rq->url);
	free(rq->body);
	rq->url = rq->body = NULL;
}

static void shell_quote(struct strbuf *sb, const char *s)
{
	sb_append_char(sb, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			sb_append(sb, "'\\''");
		else
			sb_append_char(sb, *s);
	}
	sb_append_char(sb, '\'');
}

static void describe_curl(const struct rest_session *s, const char *url,
			  const cJSON *body, struct strbuf *out)
{
	char *text = json_compact(body);

	sb_append(out, "curl -sS -X POST -H 'Content-Type: application/json' "
		  "-H 'Accept: application/json'");
	if (s->ca_file) {
		sb_append(out, " --cacert ");
		shell_quote(out, s->ca_file);
	}
	sb_append(out, " --data-binary ");
	shell_quote(out, text);
	sb_append_char(out, ' ');
	shell_quote(out, url);
	free(text);
}

char *rest_describe(const struct rest_session *s, const char *method,
		    const cJSON *params, bool as_curl)
{
	struct strbuf url, out;
	struct b24_error err;
	cJSON *body;
	char *text;

	sb_init(&url);
	sb_init(&out);
	b24_error_clear(&err);
	if (!build_parts(s, method, params, true, &url, &body, &err)) {
		sb_printf(&out, "(the request cannot be built: %s)",
			  err.message);
	} else if (as_curl) {
		describe_curl(s, url.buf, body, &out);
	} else {
		text = json_pretty(body);
		sb_printf(&out, "POST %s\n%s", url.buf, text);
		free(text);
	}
	cJSON_Delete(body);
	sb_free(&url);
	return sb_steal(&out);
}
