/* Fuzz target: webhook and portal addresses as a person pastes them,
 * through webhook_parse and portal_url_parse. */
#include "config.h"

#include <ctype.h>
#include <curl/curl.h>

#include "fuzz.h"
#include "rest.h"

int FUZZ_INIT(webhook)(int *argc, char ***argv)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return 0;
}

static int code_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-';
}

/* A refusal never repeats the webhook code: no run of code characters
 * from the input that looks like one (8 or more, with a digit) may
 * appear in what is shown, except the example's "bitrix24". */
static void check_quiet(const char *url, const char *shown)
{
	const char *p = url, *start;
	char run[256];
	size_t n;
	int digit;

	while (*p) {
		for (start = p, digit = 0; code_char(*p); p++)
			digit |= isdigit((unsigned char)*p);
		n = (size_t)(p - start);
		if (n >= 8 && n < sizeof run && digit) {
			memcpy(run, start, n);
			run[n] = '\0';
			FUZZ_ASSERT(strcmp(run, "bitrix24") == 0 ||
				    strstr(shown, run) == NULL);
		}
		if (*p)
			p++;
	}
}

static void check_refusal(const char *url, const struct b24_error *err)
{
	FUZZ_ASSERT(err->exit == B24_EXIT_USAGE);
	FUZZ_ASSERT(err->message[0] && err->hint[0]);
	FUZZ_ASSERT(fuzz_no_controls(err->message));
	check_quiet(url, err->message);
	check_quiet(url, err->hint);
}

/* A normalised base is https://host[:port] and normalises to itself. */
static void check_base(const char *base)
{
	char *again = NULL;
	struct b24_error err;

	b24_error_clear(&err);
	FUZZ_ASSERT(strncmp(base, "https://", 8) == 0);
	FUZZ_ASSERT(strchr(base + 8, '/') == NULL);
	FUZZ_ASSERT(fuzz_no_controls(base));
	FUZZ_ASSERT(portal_url_parse(base, &again, &err));
	FUZZ_ASSERT(strcmp(again, base) == 0);
	free(again);
}

static void webhook(const char *url)
{
	struct b24_error err;
	char *portal = NULL;
	long user_id = 0;

	b24_error_clear(&err);
	if (webhook_parse(url, &portal, &user_id, &err)) {
		FUZZ_ASSERT(user_id > 0);
		FUZZ_ASSERT(strstr(url, "/rest/") != NULL);
		check_base(portal);
	} else {
		FUZZ_ASSERT(portal == NULL);
		check_refusal(url, &err);
	}
	free(portal);
}

static void portal(const char *url)
{
	struct b24_error err;
	char *base = NULL;

	b24_error_clear(&err);
	if (portal_url_parse(url, &base, &err)) {
		check_base(base);
	} else {
		FUZZ_ASSERT(base == NULL);
		check_refusal(url, &err);
	}
	free(base);
}

int FUZZ_ONE(webhook)(const uint8_t *data, size_t size)
{
	char *url;

	if (memchr(data, '\0', size))
		return 0;
	url = fuzz_text(data, size);
	webhook(url);
	portal(url);
	free(url);
	return 0;
}
