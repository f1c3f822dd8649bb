/* Unit tests for the portal layer without a network: the error table,
 * HTML and excerpts, webhook and portal URL checks, masked requests, and
 * requests refused before anything is sent. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "jsonutil.h"
#include "log.h"
#include "portal-errors.h"
#include "rest.h"

/* Every code of BITRIX24.md section 4 and the token endpoint's. */
static const struct {
	const char *code;
	enum b24_exit exit;
	enum bx_retry retry;
} expected[] = {
	{ "QUERY_LIMIT_EXCEEDED", B24_EXIT_LIMIT, BX_RETRY_BACKOFF },
	{ "OPERATION_TIME_LIMIT", B24_EXIT_LIMIT, BX_RETRY_AFTER_RESET },
	{ "OVERLOAD_LIMIT", B24_EXIT_LIMIT, BX_RETRY_NO },
	{ "NO_AUTH_FOUND", B24_EXIT_AUTH, BX_RETRY_NO },
	{ "INVALID_CREDENTIALS", B24_EXIT_AUTH, BX_RETRY_NO },
	{ "insufficient_scope", B24_EXIT_AUTH, BX_RETRY_NO },
	{ "expired_token", B24_EXIT_AUTH, BX_RETRY_REFRESH },
	{ "invalid_token", B24_EXIT_AUTH, BX_RETRY_NO },
	{ "user_access_error", B24_EXIT_AUTH, BX_RETRY_NO },
	{ "authorization_error", B24_EXIT_AUTH, BX_RETRY_NO },
	{ "APPLICATION_NOT_FOUND", B24_EXIT_AUTH, BX_RETRY_NO },
	{ "CONNECTION_ERROR", B24_EXIT_NETWORK, BX_RETRY_NO },
	{ "ERROR_OAUTH", B24_EXIT_AUTH, BX_RETRY_NO },
	{ "PAYMENT_REQUIRED", B24_EXIT_AUTH, BX_RETRY_NO },
	{ "ACCESS_DENIED", B24_EXIT_REFUSED, BX_RETRY_NO },
	{ "WRONG_AUTH_TYPE", B24_EXIT_AUTH, BX_RETRY_NO },
	{ "INVALID_REQUEST", B24_EXIT_REFUSED, BX_RETRY_NO },
	{ "ERROR_METHOD_NOT_FOUND", B24_EXIT_REFUSED, BX_RETRY_NO },
	{ "ERROR_CORE", B24_EXIT_REFUSED, BX_RETRY_NO },
	{ "ERROR_ARGUMENT", B24_EXIT_REFUSED, BX_RETRY_NO },
	{ "ERROR_NOT_FOUND", B24_EXIT_REFUSED, BX_RETRY_NO },
	{ "ERROR_BATCH_LENGTH_EXCEEDED", B24_EXIT_REFUSED, BX_RETRY_NO },
	{ "ERROR_BATCH_METHOD_NOT_ALLOWED", B24_EXIT_REFUSED, BX_RETRY_NO },
	{ "INTERNAL_SERVER_ERROR", B24_EXIT_REFUSED, BX_RETRY_NO },
	{ "ERROR_UNEXPECTED_ANSWER", B24_EXIT_REFUSED, BX_RETRY_NO },
	{ "PORTAL_DELETED", B24_EXIT_REFUSED, BX_RETRY_NO },
	{ "ERROR_MANIFEST_IS_NOT_AVAILABLE", B24_EXIT_REFUSED, BX_RETRY_NO },
	{ "METHOD_CONFIRM_WAITING", B24_EXIT_AUTH, BX_RETRY_NO },
	{ "METHOD_CONFIRM_DENIED", B24_EXIT_AUTH, BX_RETRY_NO },
	{ "WRONG_ENCODING", B24_EXIT_REFUSED, BX_RETRY_NO },
	{ "INTERNAL_WRONG_TRANSPORT", B24_EXIT_REFUSED, BX_RETRY_NO },
	{ "INTERNAL_WRONG_HANDLER_CLASS", B24_EXIT_REFUSED, BX_RETRY_NO },
	{ "invalid_request", B24_EXIT_AUTH, BX_RETRY_NO },
	{ "invalid_client", B24_EXIT_AUTH, BX_RETRY_NO },
	{ "invalid_grant", B24_EXIT_AUTH, BX_RETRY_NO },
	{ "bad_verification_code", B24_EXIT_AUTH, BX_RETRY_NO },
	{ "invalid_scope", B24_EXIT_AUTH, BX_RETRY_NO },
};

static void every_code_has_words_and_a_status(void **state)
{
	const struct bx_code *c;
	struct b24_error err;
	size_t i;

	for (i = 0; i < sizeof expected / sizeof expected[0]; i++) {
		c = bx_code_find(expected[i].code);
		if (!c)
			fail_msg("%s is not in the table", expected[i].code);
		assert_int_equal(c->exit, expected[i].exit);
		assert_int_equal(c->retry, expected[i].retry);
		assert_true(strlen(c->meaning) > 10);
		assert_true(strlen(c->hint) > 10);
		bx_error_fill(&err, 400, expected[i].code, "");
		assert_int_equal(err.exit, expected[i].exit);
		assert_string_equal(err.code, expected[i].code);
		assert_string_equal(err.message, c->meaning);
		assert_string_equal(err.hint, c->hint);
		assert_true(err.reached_portal);
	}
	/* Codes are compared as sent. */
	assert_null(bx_code_find("EXPIRED_TOKEN"));
	assert_null(bx_code_find(NULL));
}

/* A token's dismissed user is "the signed-in user", not a webhook's;
 * commands in hints name the profile in use. */
static void hints_fit_the_credentials(void **state)
{
	struct b24_error err;

	(void)state;
	bx_error_fill(&err, 401, "authorization_error", "");
	bx_hint_for(&err, AUTH_WEBHOOK, NULL);
	assert_non_null(strstr(err.hint, "webhook's user"));
	bx_error_fill(&err, 401, "authorization_error", "");
	bx_hint_for(&err, AUTH_OAUTH, "prod");
	assert_null(strstr(err.hint, "webhook"));
	assert_non_null(strstr(err.hint, "signed-in user"));
	assert_non_null(strstr(err.hint,
			       "'b24user auth login --profile prod'"));
	bx_error_fill(&err, 401, "authorization_error", "");
	bx_hint_for(&err, AUTH_APIKEY, NULL);
	assert_non_null(strstr(err.hint, "signed-in user"));
	assert_non_null(strstr(err.hint, "'b24user auth login'"));
	bx_error_fill(&err, 401, "invalid_token", "");
	bx_hint_for(&err, AUTH_OAUTH, "o");
	assert_string_equal(err.hint,
			    "Sign in again with 'b24user auth login --profile "
			    "o'.");
	bx_error_fill(&err, 401, "NO_AUTH_FOUND", "");
	bx_hint_for(&err, AUTH_WEBHOOK, "w");
	assert_non_null(strstr(err.hint, "'b24user auth status --profile "
			       "w', then"));
}

static void unknown_codes_map_by_status(void **state)
{
	static const struct {
		long status;
		enum b24_exit exit;
	} cases[] = {
		{ 401, B24_EXIT_AUTH }, { 429, B24_EXIT_LIMIT },
		{ 500, B24_EXIT_REFUSED }, { 400, B24_EXIT_REFUSED },
	};
	struct b24_error err;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		bx_error_fill(&err, cases[i].status, "SOMETHING_NEW",
			      "new text");
		assert_int_equal(err.exit, cases[i].exit);
		assert_string_equal(err.code, "SOMETHING_NEW");
		assert_non_null(strstr(err.message, ": new text"));
		assert_int_equal(err.http_status, cases[i].status);
	}
}

static void descriptions_lose_html_and_secrets(void **state)
{
	struct b24_error err;

	bx_error_fill(&err, 400, "ERROR_CORE",
		      "<b>Incorrect</b> e-mail &quot;a&lt;b&gt;&quot;<br>"
		      "Login too short.<br>Password\tweak.<br>");
	assert_string_equal(err.message, "The portal refused the request: "
			    "Incorrect e-mail \"a<b>\"; Login too short. "
			    "Password weak.");
	bx_error_fill(&err, 400, "ERROR_CORE", "see /rest/1/zzsecret99/x");
	assert_null(strstr(err.message, "zzsecret99"));
	/* Repeating the meaning adds nothing. */
	bx_error_fill(&err, 503, "QUERY_LIMIT_EXCEEDED", "Too many requests");
	assert_string_equal(err.message, bx_code_find("QUERY_LIMIT_EXCEEDED")
			    ->meaning);
}

static void strip_html_decodes_entities(void **state)
{
	char *s = bx_strip_html("a<br/>b &amp; &lt;c&gt; &#1071;&#x44f; "
				"<script>alert(1)</script>x &bogus; 1 < 2");

	assert_string_equal(s, "a\nb & <c> Яя x &bogus; 1 < 2");
	free(s);
}

/* A 16 MiB error page once took seconds to excerpt: only its start
 * counts, and binary data still says how big it was. */
static void huge_bodies_cost_little(void)
{
	size_t len = 16 * 1024 * 1024, i;
	char *body = malloc(len), out[256];

	assert_non_null(body);
	memset(body, '<', len);
	bx_body_excerpt(body, len, out, sizeof out);
	assert_int_equal(strlen(out), 200);
	for (i = 0; i < len; i++)
		body[i] = (char)(i * 167 + 13);
	bx_body_excerpt(body, len, out, sizeof out);
	assert_string_equal(out, "(16777216 bytes of binary data)");
	free(body);
}

static void excerpts_are_short_and_safe(void **state)
{
	static const char html[] = "<html>\r\n<head><title>502 Bad Gateway"
		"</title></head>\r\n<body><center><h1>502 Bad Gateway</h1>"
		"</center><hr><center>nginx</center></body></html>";
	char out[256], big[1000], bin[64];
	size_t i;

	bx_body_excerpt(html, strlen(html), out, sizeof out);
	assert_string_equal(out, "502 Bad Gateway 502 Bad Gateway nginx");
	memset(big, 'x', sizeof big);
	bx_body_excerpt(big, sizeof big, out, sizeof out);
	assert_int_equal(strlen(out), 200);
	assert_string_equal(out + 197, "...");
	for (i = 0; i < sizeof bin; i++)
		bin[i] = (char)(i * 167 + 13);
	bx_body_excerpt(bin, sizeof bin, out, sizeof out);
	assert_string_equal(out, "(64 bytes of binary data)");
	bx_body_excerpt("", 0, out, sizeof out);
	assert_string_equal(out, "(empty)");
	bx_body_excerpt("Not found: /rest/1/q1w2e3r4/x", 29, out, sizeof out);
	assert_string_equal(out, "Not found: /rest/1/***/x");
	/* A right-to-left override could disguise the text. */
	bx_body_excerpt("ab\xe2\x80\xae" "cd\n\x1b[2J", 12, out, sizeof out);
	assert_string_equal(out, "ab?cd [2J");
	bx_body_excerpt("\xd0\x9e\xd1\x88\xd0\xb8\xd0\xb1\xd0\xba\xd0\xb0",
			12, out, 8);
	assert_string_equal(out, "Ош...");
	huge_bodies_cost_little();
}

static void good_webhooks_parse(void **state)
{
	static const struct {
		const char *url;
		const char *portal;
		long user;
	} cases[] = {
		{ "https://acme.bitrix24.com/rest/1/8g9l071eismy9q2l/",
		  "https://acme.bitrix24.com", 1 },
		{ "https://acme.bitrix24.com/rest/15/8g9l071eismy9q2l",
		  "https://acme.bitrix24.com", 15 },
		{ "HTTPS://ACME.Bitrix24.com:8443/rest/7/abc/",
		  "https://acme.bitrix24.com:8443", 7 },
		{ "https://127.0.0.1:4443/rest/2/u2hook0000000002/",
		  "https://127.0.0.1:4443", 2 },
	};
	struct b24_error err;
	char *portal;
	long user;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (!webhook_parse(cases[i].url, &portal, &user, &err))
			fail_msg("%s: %s", cases[i].url, err.message);
		assert_string_equal(portal, cases[i].portal);
		assert_int_equal(user, cases[i].user);
		free(portal);
	}
}

static void bad_webhooks_say_what_is_wrong(void **state)
{
	static const struct {
		const char *url;
		const char *code;
		const char *says;
	} cases[] = {
		{ "http://acme.bitrix24.com/rest/1/s3cr3tcode/",
		  "insecure_url", "starts with http://" },
		{ "https://acme.bitrix24.com/rest/s3cr3tcode/",
		  "webhook_no_user", "The webhook URL has no user number: it "
		  "should look like https://PORTAL/rest/1/abc123/" },
		{ "https://acme.bitrix24.com/rest/s3cr3tcode/user.get.json",
		  "webhook_no_user", "has no user number" },
		{ "https://acme.bitrix24.com/rest/", "webhook_no_user",
		  "no user number and no code" },
		{ "https://acme.bitrix24.com/rest/1/", "bad_webhook_url",
		  "has no code" },
		{ "https://acme.bitrix24.com/rest/1/s3cr3tcode/user.get.json",
		  "bad_webhook_url", "extra parts after the code" },
		{ "https://acme.bitrix24.com/rest/1/user.get.json",
		  "bad_webhook_url", "method name" },
		{ "https://acme.bitrix24.com/rest/0/s3cr3tcode/",
		  "bad_webhook_url", "positive whole number" },
		{ "https://acme.bitrix24.com/1/s3cr3tcode/", "bad_webhook_url",
		  "does not contain /rest/" },
		{ "https://acme.bitrix24.com/rest/1/s3cr3tcode/?x=1",
		  "bad_url", "'?' or '#'" },
		{ "https://me:s3cr3tcode@acme.bitrix24.com/rest/1/abc/",
		  "bad_url", "user name or password" },
		{ "ftp://acme.bitrix24.com/rest/1/s3cr3tcode/", "bad_url",
		  "does not start with https://" },
		{ " https://acme.bitrix24.com/rest/1/s3cr3tcode/", "bad_url",
		  "spaces or line breaks" },
		{ "", "missing_url", "is empty" },
	};
	struct b24_error err;
	char *portal = (char *)"untouched";
	long user;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		b24_error_clear(&err);
		assert_false(webhook_parse(cases[i].url, &portal, &user,
					   &err));
		assert_null(portal);
		assert_int_equal(err.exit, B24_EXIT_USAGE);
		assert_string_equal(err.code, cases[i].code);
		if (!strstr(err.message, cases[i].says))
			fail_msg("%s: '%s' lacks '%s'", cases[i].url,
				 err.message, cases[i].says);
		/* The code is a password: never in a message. */
		assert_null(strstr(err.message, "s3cr3tcode"));
		assert_null(strstr(err.hint, "s3cr3tcode"));
	}
}

static void portal_urls_parse(void **state)
{
	static const struct {
		const char *url;
		const char *want;	/* NULL: refused */
		const char *says;
	} cases[] = {
		{ "https://Acme.Bitrix24.com/", "https://acme.bitrix24.com",
		  NULL },
		{ "https://acme.bitrix24.com", "https://acme.bitrix24.com",
		  NULL },
		{ "https://127.0.0.1:8443", "https://127.0.0.1:8443", NULL },
		{ "http://acme.bitrix24.com", NULL, "starts with http://" },
		{ "https://acme.bitrix24.com/rest/1/abc/", NULL,
		  "looks like a webhook URL" },
		{ "https://acme.bitrix24.com/crm/", NULL, "has a path" },
		{ "acme.bitrix24.com", NULL, "does not start with https://" },
	};
	struct b24_error err;
	char *out;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		b24_error_clear(&err);
		if (cases[i].want) {
			if (!portal_url_parse(cases[i].url, &out, &err))
				fail_msg("%s: %s", cases[i].url, err.message);
			assert_string_equal(out, cases[i].want);
			free(out);
			continue;
		}
		assert_false(portal_url_parse(cases[i].url, &out, &err));
		assert_null(out);
		assert_int_equal(err.exit, B24_EXIT_USAGE);
		if (!strstr(err.message, cases[i].says))
			fail_msg("%s: '%s' lacks '%s'", cases[i].url,
				 err.message, cases[i].says);
	}
}

static struct rest_session *webhook_session(const char *url)
{
	struct rest_creds c = { .method = AUTH_WEBHOOK };
	struct http_options o = { .ca_file = "/tmp/ca.pem" };

	c.webhook = secret_new(url);
	return rest_session_new(&o, &c);
}

static struct rest_session *token_session(const char *portal,
					  const char *token)
{
	struct rest_creds c = { .method = AUTH_OAUTH };

	c.portal = strdup(portal);
	c.access_token = secret_new(token);
	return rest_session_new(NULL, &c);
}

static cJSON *params_of(const char *text)
{
	struct b24_error err;
	cJSON *j = json_parse_text(text, strlen(text), "params", &err);

	assert_non_null(j);
	return j;
}

static void describe_masks_every_secret(void **state)
{
	struct rest_session *s = webhook_session(
		"https://acme.bitrix24.com/rest/1/hooksecret42/");
	cJSON *p = params_of("{\"ID\":\"5\",\"fields\":{\"NAME\":\"Ира\"}}");
	char *text = rest_describe(s, "user.update", p, false);

	assert_string_equal(text, "POST https://acme.bitrix24.com/rest/1/"
			    "***/user.update.json\n{\n  \"ID\": \"5\",\n"
			    "  \"fields\": {\n    \"NAME\": \"Ира\"\n  }\n}");
	free(text);
	text = rest_describe(s, "user.update", p, true);
	assert_null(strstr(text, "hooksecret42"));
	assert_non_null(strstr(text, "--cacert '/tmp/ca.pem'"));
	assert_non_null(strstr(text, "'https://acme.bitrix24.com/rest/1/***/"
			       "user.update.json'"));
	free(text);
	rest_session_free(s);

	s = token_session("https://acme.bitrix24.com", "tok-secret-77");
	cJSON_AddStringToObject(p, "auth", "caller-tried-this");
	text = rest_describe(s, "user.get", p, true);
	assert_null(strstr(text, "tok-secret-77"));
	assert_null(strstr(text, "caller-tried-this"));
	assert_non_null(strstr(text, "\"auth\":\"***\""));
	assert_non_null(strstr(text, "https://acme.bitrix24.com/rest/"
			       "user.get.json"));
	free(text);
	rest_session_set_token_override(s, secret_new("override-tok-88"));
	text = rest_describe(s, "user.get", NULL, false);
	assert_string_equal(text, "POST https://acme.bitrix24.com/rest/"
			    "user.get.json\n{\n  \"auth\": \"***\"\n}");
	free(text);
	rest_session_free(s);
	cJSON_Delete(p);
	log_forget_secrets();
}

static void refused_before_sending(void **state)
{
	static const struct {
		const char *portal;	/* NULL: webhook session */
		const char *method;
		enum b24_exit exit;
		const char *code;
	} cases[] = {
		{ "http://acme.bitrix24.com", "user.get", B24_EXIT_USAGE,
		  "insecure_url" },
		{ "https://acme.bitrix24.com", "user/../x", B24_EXIT_USAGE,
		  "bad_method" },
		{ NULL, "user.get", B24_EXIT_USAGE, "insecure_url" },
	};
	struct rest_reply reply;
	struct b24_error err;
	struct rest_session *s;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		s = cases[i].portal ? token_session(cases[i].portal, "tok1") :
		    webhook_session("http://acme.bitrix24.com/rest/1/x1/");
		assert_false(rest_call(s, cases[i].method, NULL, REST_WRITE,
				       &reply, &err));
		assert_int_equal(err.exit, cases[i].exit);
		assert_string_equal(err.code, cases[i].code);
		assert_false(err.reached_portal);
		rest_session_free(s);
	}
	s = rest_session_new(NULL, &(struct rest_creds){ 0 });
	assert_false(rest_call(s, "user.get", NULL, 0, &reply, &err));
	assert_int_equal(err.exit, B24_EXIT_AUTH);
	rest_session_free(s);
	log_forget_secrets();
}

static void http_refuses_plain_http_and_honours_cancel(void **state)
{
	struct http_client *c = http_client_new(NULL);
	struct http_response resp;
	struct b24_error err;

	b24_error_clear(&err);
	assert_false(http_post_json(c, "http://127.0.0.1:9/rest/x.json", "{}",
				    &resp, &err));
	assert_int_equal(err.exit, B24_EXIT_USAGE);
	assert_string_equal(err.code, "insecure_url");
	assert_false(resp.sent);
	http_response_free(&resp);

	/* A cancel while idle stops the next transfer before it starts. */
	http_client_cancel(c);
	assert_false(http_post_json(c, "https://127.0.0.1:9/rest/x.json",
				    "{}", &resp, &err));
	assert_string_equal(err.code, "cancelled");
	assert_int_equal(err.exit, B24_EXIT_INTERRUPTED);
	assert_false(err.reached_portal);
	http_response_free(&resp);
	http_client_clear_cancel(c);
	assert_int_equal(http_client_connections(c), 0);
	http_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_code_has_words_and_a_status),
		cmocka_unit_test(hints_fit_the_credentials),
		cmocka_unit_test(unknown_codes_map_by_status),
		cmocka_unit_test(descriptions_lose_html_and_secrets),
		cmocka_unit_test(strip_html_decodes_entities),
		cmocka_unit_test(excerpts_are_short_and_safe),
		cmocka_unit_test(good_webhooks_parse),
		cmocka_unit_test(bad_webhooks_say_what_is_wrong),
		cmocka_unit_test(portal_urls_parse),
		cmocka_unit_test(describe_masks_every_secret),
		cmocka_unit_test(refused_before_sending),
		cmocka_unit_test(http_refuses_plain_http_and_honours_cancel),
	};
	int rc;

	http_global_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	http_global_cleanup();
	return rc;
}
