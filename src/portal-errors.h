/* Bitrix24 error codes mapped to a category, plain words and a hint. */
#ifndef B24_PORTAL_ERRORS_H
#define B24_PORTAL_ERRORS_H

#include <stdbool.h>

#include "error.h"
#include "profile.h"

enum bx_retry {
	BX_RETRY_NO = 0,
	BX_RETRY_BACKOFF,	/* QUERY_LIMIT_EXCEEDED:
				 * refused before running */
	BX_RETRY_AFTER_RESET,	/* OPERATION_TIME_LIMIT: operating_reset_at */
	BX_RETRY_REFRESH,	/* expired_token: once, after a refresh */
};

struct bx_code {
	const char *code;	/* compared case-sensitively, as sent */
	enum b24_exit exit;
	enum bx_retry retry;
	const char *meaning;	/* what it means, for a helpdesk person */
	const char *hint;	/* what to do */
	bool before_run;	/* refused before the method ran: a write
				 * answered with it did not happen */
};

const struct bx_code *bx_code_find(const char *code);
/* Fill err from a Bitrix24 error envelope: the description with HTML
 * removed, the code's meaning and hint; unknown codes map by status. */
void bx_error_fill(struct b24_error *err, long http_status, const char *code,
		   const char *description);
/* Fit a filled hint to the credentials in use: a token's user is the
 * signed-in one, and commands name the profile when there is one. */
void bx_hint_for(struct b24_error *err, enum auth_method method,
		 const char *profile);
/* Strip tags and decode &lt; &gt; &amp; &quot; &#39;; free with free(). */
char *bx_strip_html(const char *text);
/* A short, printable excerpt of a body that is not JSON (for messages). */
void bx_body_excerpt(const char *body, size_t len, char *out, size_t outlen);

#endif
