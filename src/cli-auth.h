/* The auth subcommands' shared parts (internal to cli-auth*.c, and
 * auth_forget for profiles remove). */
#ifndef B24_CLI_AUTH_H
#define B24_CLI_AUTH_H

#include "cli.h"
#include "strbuf.h"

/* b24user auth status: argv[0] is "status". */
int auth_status(struct cli *cli, int argc, char **argv);

/* One auth status report in the making: a line per check. */
struct auth_report {
	struct cli *cli;
	cJSON *checks;
	bool failed;
	int exit;		/* AUTH, or USAGE for an unreadable config */
};
/* A line: check, "OK" / "WARN" / "FAIL", what was found, what to do
 * (NULL: nothing). */
void auth_report_add(struct auth_report *st, const char *check,
		     const char *status, const char *detail, const char *fix);
/* A FAIL line saying err: its message, [code] and hint. */
void auth_report_error(struct auth_report *st, const char *check,
		       const struct b24_error *err);
/* The checks that ask the portal (cli-auth-portal.c).  The first call
 * proves TLS and names the account; false when the portal cannot be
 * reached, which ends the report. */
bool auth_check_account(struct auth_report *st);
/* The scopes, user.update, the clock and the time budget. */
void auth_check_portal(struct auth_report *st);

/* The webhook's secret part as a short masked hint, e.g. "…9f3a". */
void auth_webhook_hint(const struct secret *url, char *out, size_t len);

/* Remove every secret of profile p from its store (cli->store, opened
 * here) and its OAuth state: auth logout, and profiles remove before the
 * profile goes.  *had: whether the store held any (true when it cannot
 * tell). */
bool auth_forget(struct cli *cli, const struct profile *p, bool *had,
		 struct b24_error *err);

/* auth login for OAuth 2.0 and for an API key (cli-auth-oauth.c). */
bool auth_login_oauth(struct cli *cli, struct b24_error *err);
bool auth_login_apikey(struct cli *cli, struct b24_error *err);

/* auth status for token profiles after cli_open_session: the token
 * line's detail and fix; returns "OK" or "WARN". */
const char *auth_token_detail(struct cli *cli, struct strbuf *detail,
			      struct strbuf *fix);

#endif
