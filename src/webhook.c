/* Checking webhook and portal addresses before anything is sent, with
 * messages that say what is wrong and never repeat the secret code. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>

#include "rest.h"
#include "xalloc.h"

#define WEBHOOK_SHAPE "https://PORTAL/rest/1/abc123/"

static bool refuse(struct b24_error *err, const char *code, const char *what,
		   const char *problem, const char *example)
{
	b24_error_set(err, B24_EXIT_USAGE, code,
		      "The %s %s: it should look like %s", what, problem,
		      example);
	if (strcmp(what, "webhook URL") == 0)
		b24_error_hint(err, "Copy the whole webhook URL again from "
			       "the portal (Developer resources, Inbound "
			       "webhook). Nothing was sent.");
	else
		b24_error_hint(err, "Give https:// and the portal's host name "
			       "only. Nothing was sent.");
	return false;
}

static bool has_blank(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f)
			return true;
	return false;
}

static bool url_part_set(CURLU *u, CURLUPart part)
{
	char *v = NULL;
	bool set = curl_url_get(u, part, &v, 0) == CURLUE_OK && v && *v;

	curl_free(v);
	return set;
}

/* A portal's host needs no %XX: curl decodes it, and the decoded name
 * reads differently the next time ("%25" leaves a '%', "1%322" becomes
 * the number 122, that is 0.0.0.122).  curl also takes "https:///x" as
 * host x, which would dodge the check. */
static bool odd_host(const char *url, CURLU *u)
{
	const char *authority = url + strlen("https://");
	size_t n = strcspn(authority, "/?#");
	char *host = NULL;
	bool odd = n == 0 || memchr(authority, '%', n) ||
		   curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
		   !host || strchr(host, '%');

	curl_free(host);
	return odd;
}

/* The checks portal and webhook addresses share; *out is the parsed URL. */
static bool parse_https(const char *url, const char *what,
			const char *example, CURLU **out,
			struct b24_error *err)
{
	CURLU *u;

	*out = NULL;
	if (!url || !*url)
		return refuse(err, "missing_url", what, "is empty", example);
	if (has_blank(url))
		return refuse(err, "bad_url", what,
			      "contains spaces or line breaks", example);
	if (strncasecmp(url, "http://", 7) == 0) {
		return refuse(err, "insecure_url", what,
			      "starts with http://, but b24user talks to "
			      "portals only over https:// so that codes and "
			      "data travel encrypted", example);
	}
	if (strncasecmp(url, "https://", 8) != 0)
		return refuse(err, "bad_url", what,
			      "does not start with https://", example);
	u = curl_url();
	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		curl_url_cleanup(u);
		return refuse(err, "bad_url", what,
			      "is not a valid web address", example);
	}
	*out = u;
	if (url_part_set(u, CURLUPART_USER) ||
	    url_part_set(u, CURLUPART_PASSWORD))
		return refuse(err, "bad_url", what,
			      "must not contain a user name or password",
			      example);
	if (url_part_set(u, CURLUPART_QUERY) ||
	    url_part_set(u, CURLUPART_FRAGMENT))
		return refuse(err, "bad_url", what,
			      "must not contain '?' or '#' parts", example);
	if (odd_host(url, u))
		return refuse(err, "bad_url", what,
			      "has a host name with odd characters", example);
	return true;
}

/* https://host[:port] with the host in lower case. */
static char *base_of(CURLU *u)
{
	char *host = NULL, *port = NULL, *out, *p;
	size_t n;

	curl_url_get(u, CURLUPART_HOST, &host, 0);
	curl_url_get(u, CURLUPART_PORT, &port, 0);
	n = strlen("https://") + (host ? strlen(host) : 0) +
	    (port ? strlen(port) + 1 : 0) + 1;
	out = xmalloc(n);
	snprintf(out, n, "https://%s%s%s", host ? host : "",
		 port ? ":" : "", port ? port : "");
	for (p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	curl_free(host);
	curl_free(port);
	return out;
}

static char *path_of(CURLU *u)
{
	char *path = NULL, *copy;

	curl_url_get(u, CURLUPART_PATH, &path, 0);
	copy = xstrdup(path ? path : "/");
	curl_free(path);
	return copy;
}

bool portal_url_parse(const char *url, char **normalised,
		      struct b24_error *err)
{
	static const char what[] = "portal address";
	static const char example[] = "https://PORTAL (for example "
		"https://example.bitrix24.com)";
	CURLU *u;
	char *path;
	bool ok;

	*normalised = NULL;
	if (!parse_https(url, what, example, &u, err)) {
		curl_url_cleanup(u);
		return false;
	}
	path = path_of(u);
	ok = strcmp(path, "/") == 0;
	if (!ok && strncmp(path, "/rest/", 6) == 0)
		refuse(err, "bad_url", what, "looks like a webhook URL: give "
		       "only the portal's address here", example);
	else if (!ok)
		refuse(err, "bad_url", what, "has a path after the host name",
		       example);
	else
		*normalised = base_of(u);
	free(path);
	curl_url_cleanup(u);
	return ok;
}

static bool all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return n > 0;
}

static bool code_chars(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' &&
		    s[i] != '-')
			return false;
	return n > 0;
}

/* Check "<digits>/<code>[/]" after /rest/; never quote the code. */
static bool check_rest_path(const char *p, long *user_id,
			    struct b24_error *err)
{
	static const char what[] = "webhook URL";
	size_t id_len = strcspn(p, "/"), code_len;
	const char *code = p + id_len + (p[id_len] == '/');

	code_len = strcspn(code, "/");
	if (!id_len)
		return refuse(err, "webhook_no_user", what,
			      "has no user number and no code",
			      WEBHOOK_SHAPE);
	if (!all_digits(p, id_len))
		return refuse(err, "webhook_no_user", what,
			      "has no user number", WEBHOOK_SHAPE);
	if (id_len > 9 || strtol(p, NULL, 10) <= 0)
		return refuse(err, "bad_webhook_url", what,
			      "has a user number that is not a positive "
			      "whole number", WEBHOOK_SHAPE);
	if (!code_len)
		return refuse(err, "bad_webhook_url", what,
			      "has no code after the user number",
			      WEBHOOK_SHAPE);
	if (!code_chars(code, code_len))
		return refuse(err, "bad_webhook_url", what,
			      "ends with a method name instead of the "
			      "webhook code, or the code has odd characters",
			      WEBHOOK_SHAPE);
	if (code[code_len] == '/' && code[code_len + 1])
		return refuse(err, "bad_webhook_url", what,
			      "has extra parts after the code (such as a "
			      "method name): end it right after the code",
			      WEBHOOK_SHAPE);
	*user_id = strtol(p, NULL, 10);
	return true;
}

bool webhook_parse(const char *url, char **portal, long *user_id,
		   struct b24_error *err)
{
	CURLU *u;
	char *path;
	bool ok;

	*portal = NULL;
	if (!parse_https(url, "webhook URL", WEBHOOK_SHAPE, &u, err)) {
		curl_url_cleanup(u);
		return false;
	}
	path = path_of(u);
	if (strncmp(path, "/rest/", 6) != 0)
		ok = refuse(err, "bad_webhook_url", "webhook URL",
			    "does not contain /rest/ after the portal's "
			    "address", WEBHOOK_SHAPE);
	else
		ok = check_rest_path(path + 6, user_id, err);
	if (ok)
		*portal = base_of(u);
	secret_wipe(path, strlen(path));
	free(path);
	curl_url_cleanup(u);
	return ok;
}
