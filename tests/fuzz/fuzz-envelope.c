/* Fuzz target: a portal's answer as it comes off the wire, read by the
 * REST envelope reader, the error mapper and the body excerpt. */
#include "config.h"

#include "fuzz.h"
#include "portal-errors.h"
#include "rest-internal.h"
#include "strbuf.h"

int FUZZ_INIT(envelope)(int *argc, char ***argv)
{
	return 0;
}

/* What a failed read leaves must be printable for a helpdesk person. */
static void check_error(const struct b24_error *err, enum rest_result r)
{
	char line[1200];

	FUZZ_ASSERT(err->message[0] != '\0');
	FUZZ_ASSERT(err->exit != B24_EXIT_OK);
	FUZZ_ASSERT(err->reached_portal);
	FUZZ_ASSERT(fuzz_no_controls(err->message));
	FUZZ_ASSERT(fuzz_no_controls(err->hint));
	if (r != REST_FAIL_PORTAL)
		FUZZ_ASSERT(err->code[0] != '\0');
	b24_error_format(err, line, sizeof line);
}

static void read_as(const uint8_t *data, size_t size, long status,
		    const char *redirect_host)
{
	struct http_response resp = { .status = status };
	struct rest_reply out = { 0 };
	struct b24_error err;
	enum rest_result r;

	sb_init(&resp.body);
	sb_append_len(&resp.body, (const char *)data, size);
	snprintf(resp.redirect_host, sizeof resp.redirect_host, "%s",
		 redirect_host);
	b24_error_clear(&err);
	r = rest_envelope_read(&resp, &out, &err);
	if (r == REST_OK) {
		FUZZ_ASSERT(out.envelope && out.result);
		FUZZ_ASSERT(out.http_status == status);
		rest_reply_free(&out);
	} else {
		FUZZ_ASSERT(!out.envelope);
		check_error(&err, r);
	}
	sb_free(&resp.body);
}

/* The excerpt helpers on their own, with buffers of awkward sizes. */
static void excerpts(const uint8_t *data, size_t size)
{
	static const size_t sizes[] = { 1, 5, 64 };
	char out[256], *text, *plain;
	size_t i;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		memset(out, 'x', sizeof out);
		bx_body_excerpt((const char *)data, size, out, sizes[i]);
		FUZZ_ASSERT(memchr(out, '\0', sizes[i]) != NULL);
		FUZZ_ASSERT(fuzz_no_controls(out));
	}
	text = fuzz_text(data, size);
	plain = bx_strip_html(text);
	FUZZ_ASSERT(strlen(plain) <= strlen(text));
	free(plain);
	free(text);
}

int FUZZ_ONE(envelope)(const uint8_t *data, size_t size)
{
	static const long other[] = { 401, 429, 503, 404 };

	read_as(data, size, 200, "");
	read_as(data, size, other[size % 4], "");
	read_as(data, size, 302, size & 1 ? "new.bitrix24.com" : "");
	excerpts(data, size);
	return 0;
}
