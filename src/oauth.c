/*
 * The OAuth 2.0 token endpoint client: the authorize URL, a pasted code
 * or redirect URL, and the two grants (authorization code, refresh
 * token).  The client secret goes to the token endpoint only.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "log.h"
#include "oauth.h"
#include "strbuf.h"
#include "xalloc.h"

static char *sb_take(struct strbuf *sb)
{
	char *s = sb_steal(sb);

	sb_free(sb);
	return s;
}

static void url_encode(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || strchr("-._~", c))
			sb_append_char(sb, (char)c);
		else
			sb_printf(sb, "%%%02X", c);
	}
}

char *oauth_new_state(void)
{
	unsigned char raw[16];
	char *out = xmalloc(2 * sizeof raw + 1);
	size_t i;

	if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
		memset(raw, 0, sizeof raw);
	for (i = 0; i < sizeof raw; i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
	return out;
}

char *oauth_authorize_url(const char *portal, const char *client_id,
			  const char *state)
{
	struct strbuf sb;
	size_t n = strlen(portal);

	while (n && portal[n - 1] == '/')
		n--;
	sb_init(&sb);
	sb_printf(&sb, "%.*s/oauth/authorize/?client_id=", (int)n, portal);
	url_encode(&sb, client_id);
	sb_append(&sb, "&state=");
	url_encode(&sb, state);
	sb_append(&sb, "&response_type=code");
	return sb_take(&sb);
}

/* "https://host[:port]" of url, or NULL unless https with a host. */
static char *https_origin(const char *url)
{
	const char *host, *end;

	if (!url || strncasecmp(url, "https://", 8) != 0)
		return NULL;
	host = url + 8;
	end = host + strcspn(host, "/?#");
	if (end == host || memchr(host, '@', (size_t)(end - host)))
		return NULL;
	return xstrndup(url, (size_t)(end - url));
}

char *oauth_token_url(const char *base, struct b24_error *err)
{
	const char *b = base && *base ? base : OAUTH_DEFAULT_SERVER;
	char *origin = https_origin(b);
	char *url;

	if (!origin) {
		b24_error_set(err, B24_EXIT_USAGE, "bad_oauth_server",
			      "The OAuth server \"%s\" is not an https:// "
			      "address.", b);
		b24_error_hint(err, "Give it as https://HOST, for example %s "
			       "(--oauth-server or oauth_server in the "
			       "profile).", OAUTH_DEFAULT_SERVER);
		return NULL;
	}
	url = xmalloc(strlen(origin) + sizeof "/oauth/token/");
	sprintf(url, "%s/oauth/token/", origin);
	free(origin);
	return url;
}

char *oauth_token_url_from_server(const char *server_endpoint)
{
	struct b24_error err;
	char *origin = https_origin(server_endpoint);
	char *url = origin ? oauth_token_url(origin, &err) : NULL;

	free(origin);
	return url;
}

static void add_param(struct strbuf *sb, const char *name, const char *value)
{
	sb_printf(sb, "&%s=", name);
	url_encode(sb, value);
}

/* The grant as a GET, as Bitrix24's documentation sends it. */
static bool token_request(struct http_client *http, const char *token_url,
			  const char *grant, const char *client_id,
			  const struct secret *client_secret,
			  const char *name, const struct secret *value,
			  struct oauth_tokens *out, struct b24_error *err)
{
	struct http_response resp;
	struct strbuf url;
	bool ok;

	memset(out, 0, sizeof *out);
	log_add_secret(secret_reveal(client_secret));
	log_add_secret(secret_reveal(value));
	sb_init(&url);
	sb_printf(&url, "%s?grant_type=%s", token_url, grant);
	add_param(&url, "client_id", client_id);
	add_param(&url, "client_secret", secret_reveal(client_secret));
	add_param(&url, name, secret_reveal(value));
	log_debug("token endpoint %s: grant_type=%s", token_url, grant);
	ok = http_get(http, url.buf, &resp, err);
	secret_wipe(url.buf, url.len);
	sb_free(&url);
	if (ok)
		ok = oauth_parse_answer(resp.body.buf ? resp.body.buf : "",
					resp.status, out, err);
	else
		b24_error_hint(err, "The token endpoint %s could not be "
			       "reached; check the address (oauth_server) "
			       "and the network.", token_url);
	http_response_free(&resp);
	if (ok)
		log_debug("token endpoint answered: new tokens, expires_in "
			  "%ld", out->expires_in);
	return ok;
}

bool oauth_exchange_code(struct http_client *http, const char *token_url,
			 const char *client_id,
			 const struct secret *client_secret,
			 const struct secret *code, struct oauth_tokens *out,
			 struct b24_error *err)
{
	if (!token_request(http, token_url, "authorization_code", client_id,
			   client_secret, "code", code, out, err)) {
		if (strcmp(err->code, "invalid_grant") == 0) {
			b24_error_set(err, B24_EXIT_AUTH, "invalid_grant",
				      "The code has expired or was already "
				      "used: a code lives 30 seconds and "
				      "works once.");
			b24_error_hint(err, "Start again: run \"b24user auth "
				       "login\", open the new address and "
				       "paste the code at once.");
		}
		return false;
	}
	return true;
}

bool oauth_refresh(struct http_client *http, const char *token_url,
		   const char *client_id, const struct secret *client_secret,
		   const struct secret *refresh_token,
		   struct oauth_tokens *out, struct b24_error *err)
{
	return token_request(http, token_url, "refresh_token", client_id,
			     client_secret, "refresh_token", refresh_token,
			     out, err);
}

void oauth_tokens_clear(struct oauth_tokens *t)
{
	secret_free(t->access_token);
	secret_free(t->refresh_token);
	free(t->server_endpoint);
	free(t->client_endpoint);
	free(t->member_id);
	free(t->scope);
	memset(t, 0, sizeof *t);
}

time_t oauth_tokens_expiry(const struct oauth_tokens *t, time_t now)
{
	if (t->expires > 0)
		return t->expires;
	return t->expires_in >= 0 ? now + t->expires_in : 0;
}
