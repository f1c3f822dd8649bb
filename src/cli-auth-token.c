/*
 * The token line of auth status: when the access token expires, when it
 * was last renewed, which token endpoint renews it, and the scopes.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli-auth.h"
#include "oauth.h"
#include "refresh.h"

static void put_time(struct strbuf *sb, time_t t, time_t now)
{
	struct tm tm;
	char text[32];
	long mins = (long)((t > now ? t - now : now - t) / 60);

	gmtime_r(&t, &tm);
	strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &tm);
	sb_printf(sb, "%s (%s%ld min%s)", text, t > now ? "in " : "",
		  mins, t > now ? "" : " ago");
}

static bool renewable(const struct rest_creds *c)
{
	return c->refresh_token && c->client_id && c->client_secret;
}

const char *auth_token_detail(struct cli *cli, struct strbuf *detail,
			      struct strbuf *fix)
{
	const struct rest_creds *c = rest_session_creds(cli->session);
	struct oauth_state st;
	struct b24_error err;
	time_t now = time(NULL);
	char *url;
	bool known = oauth_state_load(cli->profile.name, &st) && st.portal &&
		     c->portal && strcasecmp(st.portal, c->portal) == 0;

	b24_error_clear(&err);
	sb_append(detail, "Access token expires ");
	if (known && st.expires > 0)
		put_time(detail, st.expires, now);
	else
		sb_append(detail, "at a time b24user does not know");
	sb_append(detail, "; last refreshed ");
	if (known && st.refreshed > 0)
		put_time(detail, st.refreshed, now);
	else
		sb_append(detail, "never");
	url = cli->refresher ? refresh_token_url(cli->refresher, c, &err) :
	      NULL;
	sb_printf(detail, "; token endpoint %s; scopes %s.", url ? url :
		  "(none)", known && st.scope ? st.scope : "unknown");
	free(url);
	oauth_state_clear(&st);
	if (renewable(c))
		return "OK";
	sb_append(fix, "Without a refresh token and the application's client "
		  "id and secret the token cannot be renewed: run \"b24user "
		  "auth login\" when it expires.");
	return "WARN";
}
