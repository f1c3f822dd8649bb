/* Bitrix24 error codes in words a helpdesk person can act on, with the
 * exit status and whether a retry is safe. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "portal-errors.h"
#include "strbuf.h"
#include "xalloc.h"

#define AUTH_HINT "Check the credentials in use (a profile's or " \
	"B24USER_WEBHOOK_URL): run 'b24user auth status', then replace " \
	"the webhook or sign in again."

/* Every code from BITRIX24.md section 4 plus the token endpoint's. */
static const struct bx_code codes[] = {
	{ "QUERY_LIMIT_EXCEEDED", B24_EXIT_LIMIT, BX_RETRY_BACKOFF,
	  "Too many requests: the portal's request rate limit is reached",
	  "Wait a few seconds and try again; other scripts from this "
	  "computer's address share the same limit.", true },
	{ "OPERATION_TIME_LIMIT", B24_EXIT_LIMIT, BX_RETRY_AFTER_RESET,
	  "This method has used up its time budget on the portal for now",
	  "Wait until the limit resets (at most ten minutes), then try "
	  "again.", true },
	{ "OVERLOAD_LIMIT", B24_EXIT_LIMIT, BX_RETRY_NO,
	  "Bitrix24 support has blocked the REST API of this portal "
	  "because of overload",
	  "Ask the portal's administrator to contact Bitrix24 support.",
	  true },
	{ "NO_AUTH_FOUND", B24_EXIT_AUTH, BX_RETRY_NO,
	  "The portal did not accept the credentials (wrong or removed "
	  "webhook or token)", AUTH_HINT, true },
	{ "INVALID_CREDENTIALS", B24_EXIT_AUTH, BX_RETRY_NO,
	  "The portal does not know this webhook's user and code, or the "
	  "user lacks permission", AUTH_HINT, true },
	{ "insufficient_scope", B24_EXIT_AUTH, BX_RETRY_NO,
	  "The webhook or application lacks the permission (scope) this "
	  "method needs",
	  "Edit the webhook on the portal and tick the 'Users (user)' "
	  "permission, then try again.", true },
	{ "expired_token", B24_EXIT_AUTH, BX_RETRY_REFRESH,
	  "The access token has expired",
	  "Sign in again with 'b24user auth login' if it is not renewed "
	  "automatically.", true },
	{ "invalid_token", B24_EXIT_AUTH, BX_RETRY_NO,
	  "The portal does not recognise the access token",
	  "Sign in again with 'b24user auth login'.", true },
	{ "user_access_error", B24_EXIT_AUTH, BX_RETRY_NO,
	  "This user is not allowed to use the application",
	  "Ask the portal's administrator to give this user access to the "
	  "application.", true },
	{ "authorization_error", B24_EXIT_AUTH, BX_RETRY_NO,
	  "The portal could not sign in the user behind these credentials "
	  "(the user may be dismissed or blocked)",
	  "Ask the portal's administrator whether the webhook's user is "
	  "still active.", true },
	{ "APPLICATION_NOT_FOUND", B24_EXIT_AUTH, BX_RETRY_NO,
	  "The application is missing or inactive on the portal",
	  "Ask the portal's administrator to install or enable the "
	  "application.", true },
	{ "CONNECTION_ERROR", B24_EXIT_NETWORK, BX_RETRY_NO,
	  "The portal could not reach the Bitrix24 authorization server",
	  "Try again later; if it persists, the portal's server needs "
	  "access to oauth.bitrix.info.", true },
	{ "ERROR_OAUTH", B24_EXIT_AUTH, BX_RETRY_NO,
	  "The portal refused the application's authorization",
	  "Check that the application is installed on the portal, then "
	  "sign in again.", true },
	{ "PAYMENT_REQUIRED", B24_EXIT_AUTH, BX_RETRY_NO,
	  "The application's paid or trial period is over",
	  "Ask the portal's administrator to renew the application.",
	  true },
	{ "ACCESS_DENIED", B24_EXIT_REFUSED, BX_RETRY_NO,
	  "The portal denied access to this method (the plan may not "
	  "include the REST API, or the user lacks the right)",
	  "Ask the portal's administrator about the plan and this user's "
	  "rights.", true },
	{ "WRONG_AUTH_TYPE", B24_EXIT_AUTH, BX_RETRY_NO,
	  "This method does not accept this kind of credentials",
	  "Use a webhook or an application with the right kind of "
	  "access for this method.", true },
	{ "INVALID_REQUEST", B24_EXIT_REFUSED, BX_RETRY_NO,
	  "The portal refused the request (it requires HTTPS)",
	  "Use the portal's https:// address.", true },
	{ "ERROR_METHOD_NOT_FOUND", B24_EXIT_REFUSED, BX_RETRY_NO,
	  "The portal does not know this method",
	  "Check the webhook URL: it must look like "
	  "https://PORTAL/rest/1/abc123/ with the user number; on a "
	  "self-hosted portal the module may be missing.", true },
	{ "ERROR_CORE", B24_EXIT_REFUSED, BX_RETRY_NO,
	  "The portal refused the request",
	  "Read the portal's reason above; for user.update, "
	  "'access_denied' means the user does not exist or may not be "
	  "changed with these credentials.", false },
	{ "ERROR_ARGUMENT", B24_EXIT_REFUSED, BX_RETRY_NO,
	  "The portal refused a value in the request",
	  "Correct the value the portal names and try again.", true },
	{ "ERROR_NOT_FOUND", B24_EXIT_REFUSED, BX_RETRY_NO,
	  "The portal did not find the record",
	  "Check the ID; the record may have been deleted.", true },
	{ "ERROR_BATCH_LENGTH_EXCEEDED", B24_EXIT_REFUSED, BX_RETRY_NO,
	  "Too many commands in one batch (the limit is 50)",
	  "Send the changes in smaller groups.", true },
	{ "ERROR_BATCH_METHOD_NOT_ALLOWED", B24_EXIT_REFUSED, BX_RETRY_NO,
	  "This method may not be used inside a batch",
	  "Call the method on its own.", true },
	{ "INTERNAL_SERVER_ERROR", B24_EXIT_REFUSED, BX_RETRY_NO,
	  "The portal failed while handling the request",
	  "Try again in a few minutes; for a change, reload the user "
	  "first to see whether it was saved.", false },
	{ "ERROR_UNEXPECTED_ANSWER", B24_EXIT_REFUSED, BX_RETRY_NO,
	  "The portal failed while handling the request",
	  "Try again in a few minutes; for a change, reload the user "
	  "first to see whether it was saved.", false },
	{ "PORTAL_DELETED", B24_EXIT_REFUSED, BX_RETRY_NO,
	  "The portal was deleted or its public part is closed",
	  "Check the portal address with the portal's administrator.",
	  true },
	{ "ERROR_MANIFEST_IS_NOT_AVAILABLE", B24_EXIT_REFUSED, BX_RETRY_NO,
	  "The configuration manifest is not available on this portal",
	  "This feature cannot be used on this portal.", true },
	{ "METHOD_CONFIRM_WAITING", B24_EXIT_AUTH, BX_RETRY_NO,
	  "An administrator has to approve this application's use of the "
	  "method first",
	  "Ask the portal's administrator to approve it, then try "
	  "again.", true },
	{ "METHOD_CONFIRM_DENIED", B24_EXIT_AUTH, BX_RETRY_NO,
	  "An administrator refused this application's use of the method",
	  "Ask the portal's administrator to allow it.", true },
	{ "WRONG_ENCODING", B24_EXIT_REFUSED, BX_RETRY_NO,
	  "The portal could not encode its answer (the data holds "
	  "characters it cannot handle)",
	  "Check the values for unusual characters and reload the user "
	  "to see what was saved.", false },
	{ "INTERNAL_WRONG_TRANSPORT", B24_EXIT_REFUSED, BX_RETRY_NO,
	  "The portal refused the request format",
	  "This is a fault in b24user; please report it.", true },
	{ "INTERNAL_WRONG_HANDLER_CLASS", B24_EXIT_REFUSED, BX_RETRY_NO,
	  "The portal could not run the method's handler",
	  "Ask the portal's administrator to check the REST module.",
	  true },
	{ "invalid_request", B24_EXIT_AUTH, BX_RETRY_NO,
	  "The authorization server refused a malformed request",
	  "Check the authorization server's address (oauth_server) in "
	  "the profile.", true },
	{ "invalid_client", B24_EXIT_AUTH, BX_RETRY_NO,
	  "The authorization server does not accept this application's "
	  "client ID or secret",
	  "Check client_id and the client secret, and that the "
	  "application is installed on the portal.", true },
	{ "invalid_grant", B24_EXIT_AUTH, BX_RETRY_NO,
	  "The sign-in has expired or was already used",
	  "Sign in again with 'b24user auth login'.", true },
	{ "bad_verification_code", B24_EXIT_AUTH, BX_RETRY_NO,
	  "The sign-in code is wrong, expired or already used",
	  "Sign in again with 'b24user auth login'.", true },
	{ "invalid_scope", B24_EXIT_AUTH, BX_RETRY_NO,
	  "The application asked for a permission it does not have",
	  "Add the 'user' scope to the application on the portal.", true },
};

const struct bx_code *bx_code_find(const char *code)
{
	size_t i;

	if (!code)
		return NULL;
	for (i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (strcmp(codes[i].code, code) == 0)
			return &codes[i];
	return NULL;
}

/* Every "'b24user auth login'" (or status) of the hint names the
 * profile: without it the command would use the default one. */
static void name_profile(struct b24_error *err, const char *profile)
{
	static const char *const cmds[] = {
		"'b24user auth login'", "'b24user auth status'",
	};
	struct strbuf sb;
	const char *p = err->hint, *hit, *first;
	size_t i, n;

	sb_init(&sb);
	for (;;) {
		first = NULL;
		n = 0;
		for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
			hit = strstr(p, cmds[i]);
			if (hit && (!first || hit < first)) {
				first = hit;
				n = strlen(cmds[i]);
			}
		}
		if (!first)
			break;
		sb_printf(&sb, "%.*s --profile %s'", (int)(first - p + n - 1),
			  p, profile);
		p = first + n;
	}
	sb_append(&sb, p);
	snprintf(err->hint, sizeof err->hint, "%s", sb.buf);
	sb_free(&sb);
}

void bx_hint_for(struct b24_error *err, enum auth_method method,
		 const char *profile)
{
	bool token = method == AUTH_OAUTH || method == AUTH_APIKEY;

	/* The table speaks of webhooks; a token acts as whoever signed in. */
	if (token && strcmp(err->code, "authorization_error") == 0)
		snprintf(err->hint, sizeof err->hint, "Ask the portal's "
			 "administrator whether the signed-in user is still "
			 "active; if not, sign in as an active user with "
			 "'b24user auth login'.");
	if (profile && *profile)
		name_profile(err, profile);
}

/* An unknown code: the status is the only clue. */
static void fill_by_status(struct b24_error *err, long status)
{
	enum b24_exit ex = B24_EXIT_REFUSED;
	const char *what = "The portal refused the request";

	if (status == 401) {
		ex = B24_EXIT_AUTH;
		what = "The portal did not accept the credentials";
	} else if (status == 429) {
		ex = B24_EXIT_LIMIT;
		what = "The portal says too many requests";
	} else if (status >= 500) {
		what = "The portal failed while handling the request";
	}
	err->exit = ex;
	snprintf(err->message, sizeof err->message, "%s", what);
	snprintf(err->hint, sizeof err->hint, "%s",
		 ex == B24_EXIT_AUTH ? AUTH_HINT :
		 "Read the portal's reason above and correct the request.");
}

static void trim_end(struct strbuf *sb, const char *chars)
{
	while (sb->len && strchr(chars, sb->buf[sb->len - 1]))
		sb->buf[--sb->len] = '\0';
}

/* The portal's own text on one line, without HTML or secrets; the
 * messages Bitrix24 puts on separate lines are joined with "; ". */
static char *clean_description(const char *description)
{
	char *plain = bx_strip_html(description), *safe;
	struct strbuf sb;
	const char *p;

	sb_init(&sb);
	for (p = plain; *p; p++) {
		if ((unsigned char)*p >= 0x20 && *p != 0x7f) {
			sb_append_char(&sb, *p);
			continue;
		}
		trim_end(&sb, " ");
		if (*p == '\n' && sb.len &&
		    !strchr(".;:!?", sb.buf[sb.len - 1]))
			sb_append_char(&sb, ';');
		if (sb.len)
			sb_append_char(&sb, ' ');
	}
	trim_end(&sb, " ;");
	safe = redact_text(sb.buf);
	sb_free(&sb);
	free(plain);
	return safe;
}

void bx_error_fill(struct b24_error *err, long http_status, const char *code,
		   const char *description)
{
	const struct bx_code *c = bx_code_find(code);
	char *desc = clean_description(description ? description : "");

	b24_error_clear(err);
	snprintf(err->code, sizeof err->code, "%s", code ? code : "");
	err->http_status = http_status;
	err->reached_portal = true;
	if (c) {
		err->exit = c->exit;
		snprintf(err->message, sizeof err->message, "%s", c->meaning);
		snprintf(err->hint, sizeof err->hint, "%s", c->hint);
	} else {
		fill_by_status(err, http_status);
	}
	/* The portal's text often repeats what the meaning already says. */
	if (desc[0] && !strcasestr(err->message, desc)) {
		size_t n = strlen(err->message);

		snprintf(err->message + n, sizeof err->message - n,
			 ": %s", desc);
	}
	free(desc);
}
