/* Unit tests for the base layer: strbuf, secret, error. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "error.h"
#include "secret.h"
#include "strbuf.h"

static void strbuf_grows_and_formats(void **state)
{
	struct strbuf sb;
	int i;

	sb_init(&sb);
	for (i = 0; i < 1000; i++)
		sb_printf(&sb, "%d,", i % 10);
	assert_int_equal(sb.len, 2000);
	assert_int_equal(strlen(sb.buf), 2000);
	assert_memory_equal(sb.buf, "0,1,2,", 6);
	sb_reset(&sb);
	assert_string_equal(sb.buf, "");
	sb_free(&sb);
}

/* sb_steal once left a fresh allocation behind that callers leaked. */
static void strbuf_steal_leaves_nothing_allocated(void **state)
{
	struct strbuf sb;
	char *s;

	sb_init(&sb);
	sb_append(&sb, "abc");
	s = sb_steal(&sb);
	assert_string_equal(s, "abc");
	assert_null(sb.buf);
	assert_int_equal(sb.cap, 0);
	assert_int_equal(sb.len, 0);
	sb_free(&sb);
	free(s);
}

static void secret_hint_shows_only_the_tail(void **state)
{
	struct secret *s = secret_new("abcdefghijklmnopqrstu");
	struct secret *t = secret_new("short");
	char hint[32];

	secret_hint(s, hint, sizeof hint);
	assert_string_equal(hint, "...rstu");
	secret_hint(t, hint, sizeof hint);
	assert_string_equal(hint, "(5 characters)");
	assert_false(secret_equal(s, t));
	secret_free(s);
	secret_free(t);
}

static void error_format_puts_code_after_message(void **state)
{
	struct b24_error err;
	char out[256];

	b24_error_clear(&err);
	b24_error_set(&err, B24_EXIT_AUTH, "NO_AUTH_FOUND",
		      "The portal did not accept the webhook");
	b24_error_hint(&err, "Check the webhook URL.");
	b24_error_format(&err, out, sizeof out);
	assert_string_equal(out, "The portal did not accept the webhook "
			    "[NO_AUTH_FOUND]\nCheck the webhook URL.");
	assert_int_equal(err.exit, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strbuf_grows_and_formats),
		cmocka_unit_test(strbuf_steal_leaves_nothing_allocated),
		cmocka_unit_test(secret_hint_shows_only_the_tail),
		cmocka_unit_test(error_format_puts_code_after_message),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
