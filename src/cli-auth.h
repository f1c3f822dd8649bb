/* The auth subcommands' shared parts (internal to cli-auth*.c). */
#ifndef B24_CLI_AUTH_H
#define B24_CLI_AUTH_H

#include "cli.h"
#include "strbuf.h"

/* b24user auth status: argv[0] is "status". */
int auth_status(struct cli *cli, int argc, char **argv);

/* The webhook's secret part as a short masked hint, e.g. "…9f3a". */
void auth_webhook_hint(const struct secret *url, char *out, size_t len);

/* auth login for OAuth 2.0 and for an API key (cli-auth-oauth.c). */
bool auth_login_oauth(struct cli *cli, struct b24_error *err);
bool auth_login_apikey(struct cli *cli, struct b24_error *err);

/* auth status for token profiles after cli_open_session: the token
 * line's detail and fix; returns "OK" or "WARN". */
const char *auth_token_detail(struct cli *cli, struct strbuf *detail,
			      struct strbuf *fix);

#endif
