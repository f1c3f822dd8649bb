/*
 * Reading what comes back from a sign-in: the code a person pasted (bare
 * or in the redirect URL) and the token endpoint's JSON answer.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>

#include "jsonutil.h"
#include "log.h"
#include "oauth.h"
#include "strbuf.h"
#include "xalloc.h"

static int hex(int c)
{
	if (isdigit(c))
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The decoded value of name in a query string, or NULL. */
static char *query_value(const char *query, const char *name)
{
	size_t n = strlen(name), len;
	const char *p = query, *v;
	struct strbuf sb;

	while (p && *p) {
		len = strcspn(p, "&#");
		if (len > n && strncmp(p, name, n) == 0 && p[n] == '=') {
			sb_init(&sb);
			for (v = p + n + 1; v < p + len; v++) {
				if (*v == '%' && v + 2 < p + len &&
				    hex(v[1]) >= 0 && hex(v[2]) >= 0) {
					sb_append_char(&sb, (char)(hex(v[1]) *
							16 + hex(v[2])));
					v += 2;
				} else {
					sb_append_char(&sb, *v == '+' ? ' ' :
						       *v);
				}
			}
			v = sb_steal(&sb);
			sb_free(&sb);
			return (char *)v;
		}
		p += len;
		p += *p == '&';
		if (*p == '#')
			break;
	}
	return NULL;
}

static bool code_chars(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-._~", *s))
			return false;
	return true;
}

static bool bad_code(struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_USAGE, "bad_code",
		      "That is neither a code nor an address with code= in "
		      "it.");
	b24_error_hint(err, "Copy the whole address the browser shows "
		       "after you allow access (it has ?code=...), or just "
		       "the code, and paste it at once.");
	return false;
}

/* The redirect's domain has no port; the portal's address may. */
static bool same_host(const char *domain, const char *host)
{
	size_t n = strcspn(host, ":");

	return strcasecmp(domain, host) == 0 ||
	       (strlen(domain) == n && strncasecmp(domain, host, n) == 0);
}

static bool check_redirect(const char *query, const char *want_state,
			   const char *portal_host, struct b24_error *err)
{
	char *error = query_value(query, "error");
	char *state = query_value(query, "state");
	char *domain = query_value(query, "domain");
	bool ok = false;

	if (error) {
		b24_error_set(err, B24_EXIT_AUTH, "access_denied",
			      "The portal did not grant access (%s).", error);
		b24_error_hint(err, "Sign in to the portal as a user who may "
			       "use the application, then start again.");
	} else if (want_state && state && strcmp(state, want_state) != 0) {
		b24_error_set(err, B24_EXIT_USAGE, "state_mismatch",
			      "That address belongs to another sign-in "
			      "attempt (its state does not match).");
		b24_error_hint(err, "Open the address this run printed and "
			       "paste the address you get from it.");
	} else if (portal_host && domain && !same_host(domain, portal_host)) {
		b24_error_set(err, B24_EXIT_USAGE, "portal_mismatch",
			      "That code is for the portal %s, not for %s.",
			      domain, portal_host);
		b24_error_hint(err, "Open the authorize address of %s.",
			       portal_host);
	} else {
		ok = true;
	}
	free(error);
	free(state);
	free(domain);
	return ok;
}

bool oauth_parse_code(const char *pasted, const char *want_state,
		      const char *portal_host, struct secret **code,
		      struct b24_error *err)
{
	const char *s = pasted ? pasted : "";
	const char *q;
	char *value;
	size_t n;

	*code = NULL;
	s += strspn(s, " \t\r\n");
	n = strlen(s);
	while (n && strchr(" \t\r\n", s[n - 1]))
		n--;
	value = xstrndup(s, n);
	q = strchr(value, '?');
	q = q ? q + 1 : strncmp(value, "code=", 5) == 0 ? value : NULL;
	if (q) {
		if (!check_redirect(q, want_state, portal_host, err)) {
			secret_wipe(value, strlen(value));
			free(value);
			return false;
		}
		s = value;
		value = query_value(q, "code");
		secret_wipe((char *)s, strlen(s));
		free((char *)s);
	}
	if (!value || !code_chars(value)) {
		if (value)
			secret_wipe(value, strlen(value));
		free(value);
		return bad_code(err);
	}
	log_add_secret(value);
	*code = secret_new(value);
	secret_wipe(value, strlen(value));
	free(value);
	return true;
}

/* The token endpoint's error codes, in words for a helpdesk person. */
static const struct {
	const char *code;
	const char *message;
	const char *hint;
} token_errors[] = {
	{ "invalid_grant", "The authorization server no longer accepts the "
	  "sign-in (the refresh token or code is expired, used or "
	  "revoked).", "Sign in again with \"b24user auth login\"." },
	{ "invalid_client", "The authorization server does not know the "
	  "application's client id and secret: one of them is wrong, or "
	  "the application is not installed on the portal.", "Check "
	  "client_id in the profile and the client secret in the portal's "
	  "application settings, then run \"b24user auth login\"." },
	{ "invalid_request", "The authorization server refused the request "
	  "as malformed.", "Check oauth_server; it should be the "
	  "authorization server, e.g. " OAUTH_DEFAULT_SERVER "." },
	{ "PAYMENT_REQUIRED", "The application's paid period on the portal "
	  "is over.", "Ask the portal's administrator to renew the "
	  "application." },
};

static bool token_error(const char *code, const char *desc, long status,
			struct b24_error *err)
{
	size_t i;

	for (i = 0; i < sizeof token_errors / sizeof token_errors[0]; i++)
		if (strcmp(token_errors[i].code, code) == 0) {
			b24_error_set(err, B24_EXIT_AUTH, code, "%s",
				      token_errors[i].message);
			b24_error_hint(err, "%s", token_errors[i].hint);
			err->http_status = status;
			return false;
		}
	b24_error_set(err, B24_EXIT_AUTH, code, "The authorization server "
		      "refused: %s", desc && *desc ? desc : code);
	b24_error_hint(err, "Run \"b24user auth login\" to sign in again.");
	err->http_status = status;
	return false;
}

static bool not_an_answer(long status, struct b24_error *err)
{
	b24_error_set(err, status == 404 ? B24_EXIT_AUTH : B24_EXIT_NETWORK,
		      "bad_token_answer", "The token endpoint answered HTTP "
		      "%ld without a token.", status);
	b24_error_hint(err, status == 404 ? "There is no token endpoint at "
		       "that address: check oauth_server (--oauth-server)." :
		       "Try again in a minute; if it persists, check "
		       "oauth_server.");
	err->http_status = status;
	return false;
}

static char *dup_string(const cJSON *obj, const char *name)
{
	const char *s = json_get_string(obj, name);

	return s && *s ? xstrdup(s) : NULL;
}

/* A number, or digits in a string. */
static long long number(const cJSON *obj, const char *name, long long dflt)
{
	const cJSON *v = json_get(obj, name);

	if (cJSON_IsNumber(v))
		return (long long)v->valuedouble;
	if (cJSON_IsString(v) && v->valuestring[0] &&
	    strspn(v->valuestring, "0123456789") == strlen(v->valuestring))
		return atoll(v->valuestring);
	return dflt;
}

static void fill(const cJSON *j, struct oauth_tokens *out)
{
	const char *refresh = json_get_string(j, "refresh_token");

	out->access_token = secret_new(json_get_string(j, "access_token"));
	if (refresh && *refresh)
		out->refresh_token = secret_new(refresh);
	out->expires_in = (long)number(j, "expires_in", -1);
	out->expires = (time_t)number(j, "expires", 0);
	out->server_endpoint = dup_string(j, "server_endpoint");
	out->client_endpoint = dup_string(j, "client_endpoint");
	out->member_id = dup_string(j, "member_id");
	out->scope = dup_string(j, "scope");
	log_add_secret(secret_reveal(out->access_token));
	if (out->refresh_token)
		log_add_secret(secret_reveal(out->refresh_token));
}

bool oauth_parse_answer(const char *body, long http_status,
			struct oauth_tokens *out, struct b24_error *err)
{
	cJSON *j = cJSON_Parse(body);
	const char *code = json_get_string(j, "error");
	const char *access = json_get_string(j, "access_token");
	bool ok = false;

	memset(out, 0, sizeof *out);
	if (code && *code)
		token_error(code, json_get_string(j, "error_description"),
			    http_status, err);
	else if (!access || !*access || http_status < 200 ||
		 http_status > 299)
		not_an_answer(http_status, err);
	else
		ok = true;
	if (ok)
		fill(j, out);
	/* The tree holds the tokens too. */
	if (access)
		secret_wipe((char *)access, strlen(access));
	access = json_get_string(j, "refresh_token");
	if (access)
		secret_wipe((char *)access, strlen(access));
	cJSON_Delete(j);
	return ok;
}
