/* Unit tests for the OAuth parsing: pasted codes and redirect URLs, the
 * token endpoint's answers and errors, URLs, and the state file. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "oauth.h"

#define TOKEN "0123456789abcdef0123456789abcdef" \
	"0123456789abcdef0123456789abcdef01"

static void code(const char *pasted, const char *state, const char *want)
{
	struct secret *c = NULL;
	struct b24_error err;

	b24_error_clear(&err);
	assert_true(oauth_parse_code(pasted, state, "portal.example", &c,
				     &err));
	assert_string_equal(secret_reveal(c), want);
	secret_free(c);
}

static void refused(const char *pasted, const char *state,
		    const char *want_code, int want_exit)
{
	struct secret *c = NULL;
	struct b24_error err;

	b24_error_clear(&err);
	assert_false(oauth_parse_code(pasted, state, "portal.example", &c,
				      &err));
	assert_null(c);
	assert_string_equal(err.code, want_code);
	assert_int_equal(err.exit, want_exit);
}

static void pasted_codes(void **state)
{
	(void)state;
	code("abc123", NULL, "abc123");
	code("  abc123\n", NULL, "abc123");
	code("https://app.example/handler?code=c0de&state=s1&domain="
	     "portal.example&member_id=m&scope=user%2Cim&server_domain="
	     "oauth.bitrix.info", "s1", "c0de");
	code("https://app.example/?state=s1&code=a%2Db", NULL, "a-b");
	code("code=xyz&domain=portal.example", "s1", "xyz");
	code("https://h.example/?code=k&domain=portal.example", "s1", "k");
}

static void pasted_refusals(void **state)
{
	(void)state;
	refused("", NULL, "bad_code", 2);
	refused("not a code!", NULL, "bad_code", 2);
	refused("https://app.example/?state=s1", "s1", "bad_code", 2);
	refused("https://app.example/?code=c&state=other", "s1",
		"state_mismatch", 2);
	refused("https://app.example/?code=c&domain=evil.example", NULL,
		"portal_mismatch", 2);
	refused("https://app.example/?error=access_denied&state=s1", "s1",
		"access_denied", 3);
}

static void answer_ok(void **state)
{
	struct oauth_tokens t;
	struct b24_error err;

	(void)state;
	b24_error_clear(&err);
	assert_true(oauth_parse_answer("{\"access_token\":\"" TOKEN "\","
		"\"refresh_token\":\"r" TOKEN "\",\"expires_in\":3600,"
		"\"expires\":\"1800000000\",\"server_endpoint\":"
		"\"https://oauth.bitrix.info/rest/\",\"client_endpoint\":"
		"\"https://portal.example/rest/\",\"member_id\":\"m1\","
		"\"scope\":\"user,im\",\"status\":\"L\",\"user_id\":1}", 200,
		&t, &err));
	assert_string_equal(secret_reveal(t.access_token), TOKEN);
	assert_string_equal(secret_reveal(t.refresh_token), "r" TOKEN);
	assert_int_equal(t.expires_in, 3600);
	assert_int_equal(t.expires, 1800000000);
	assert_int_equal(oauth_tokens_expiry(&t, 5), 1800000000);
	assert_string_equal(t.server_endpoint,
			    "https://oauth.bitrix.info/rest/");
	assert_string_equal(t.client_endpoint, "https://portal.example/rest/");
	assert_string_equal(t.member_id, "m1");
	assert_string_equal(t.scope, "user,im");
	oauth_tokens_clear(&t);

	assert_true(oauth_parse_answer("{\"access_token\":\"a1b2c3\","
				       "\"expires_in\":\"60\"}", 200, &t,
				       &err));
	assert_null(t.refresh_token);
	assert_int_equal(oauth_tokens_expiry(&t, 100), 160);
	oauth_tokens_clear(&t);
}

static void answer_error(const char *body, long status, const char *code,
			 int exit)
{
	struct oauth_tokens t;
	struct b24_error err;

	b24_error_clear(&err);
	assert_false(oauth_parse_answer(body, status, &t, &err));
	assert_null(t.access_token);
	assert_string_equal(err.code, code);
	assert_int_equal(err.exit, exit);
	assert_int_equal(err.http_status, status);
	assert_true(err.hint[0] != '\0');
}

static void answer_errors(void **state)
{
	(void)state;
	answer_error("{\"error\":\"invalid_grant\",\"error_description\":"
		     "\"Invalid refresh token\"}", 400, "invalid_grant", 3);
	answer_error("{\"error\":\"invalid_client\"}", 401,
		     "invalid_client", 3);
	answer_error("{\"error\":\"expired_token\"}", 200, "expired_token", 3);
	answer_error("<html>502</html>", 502, "bad_token_answer", 4);
	answer_error("{}", 404, "bad_token_answer", 3);
	answer_error("{\"access_token\":\"abc\"}", 500, "bad_token_answer",
		     4);
}

static void urls(void **state)
{
	struct b24_error err;
	char *u;

	(void)state;
	b24_error_clear(&err);
	u = oauth_authorize_url("https://portal.example/", "local.1 2", "s");
	assert_string_equal(u, "https://portal.example/oauth/authorize/?"
			    "client_id=local.1%202&state=s&response_type=code");
	free(u);
	u = oauth_token_url(NULL, &err);
	assert_string_equal(u, "https://oauth.bitrix.info/oauth/token/");
	free(u);
	u = oauth_token_url("https://h.example:8443/x/", &err);
	assert_string_equal(u, "https://h.example:8443/oauth/token/");
	free(u);
	assert_null(oauth_token_url("http://h.example", &err));
	assert_int_equal(err.exit, 2);
	u = oauth_token_url_from_server("https://oauth.bitrix24.tech/rest/");
	assert_string_equal(u, "https://oauth.bitrix24.tech/oauth/token/");
	free(u);
	assert_null(oauth_token_url_from_server("http://x/rest/"));
	assert_null(oauth_token_url_from_server(NULL));
	u = oauth_new_state();
	assert_int_equal(strlen(u), 32);
	free(u);
}

static void state_file(void **state)
{
	char dir[] = "/tmp/test-oauth.XXXXXX";
	struct oauth_state st, back;
	struct oauth_tokens t;
	struct b24_error err;
	char cmd[64];

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("XDG_STATE_HOME", dir, 1);
	b24_error_clear(&err);
	memset(&st, 0, sizeof st);
	memset(&t, 0, sizeof t);
	t.expires_in = 3600;
	t.server_endpoint = strdup("https://other.example/rest/");
	t.scope = strdup("user");
	oauth_state_update(&st, "https://portal.example", &t,
			   "https://h.example/oauth/token/", 1000);
	st.refreshed = 1000;
	assert_true(oauth_state_save("a/b c", &st, &err));
	oauth_state_clear(&st);
	assert_true(oauth_state_load("a/b c", &back));
	assert_string_equal(back.token_url,
			    "https://other.example/oauth/token/");
	assert_string_equal(back.portal, "https://portal.example");
	assert_string_equal(back.scope, "user");
	assert_int_equal(back.expires, 4600);
	assert_int_equal(back.refreshed, 1000);
	assert_false(oauth_state_load("other", &st));
	oauth_state_remove("a/b c");
	assert_false(oauth_state_load("a/b c", &st));
	oauth_state_clear(&back);
	oauth_tokens_clear(&t);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pasted_codes),
		cmocka_unit_test(pasted_refusals),
		cmocka_unit_test(answer_ok),
		cmocka_unit_test(answer_errors),
		cmocka_unit_test(urls),
		cmocka_unit_test(state_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
