/*
 * The checks of auth status that ask the portal: TLS and the account the
 * credentials act as, the scopes, user.update, the clock and the time
 * budget.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli-auth.h"
#include "jsonutil.h"
#include "strbuf.h"

#define CLOCK_SLACK 30		/* seconds of clock difference still ok */
#define BUDGET_EXAMPLE 480.0	/* the docs' per-method limit, 10 minutes */

static bool call(struct auth_report *st, const char *method, cJSON *params,
		 struct rest_reply *reply, struct b24_error *err)
{
	bool ok;

	memset(reply, 0, sizeof *reply);
	b24_error_clear(err);
	ok = rest_call(st->cli->session, method, params, REST_READ, reply,
		       err);
	cJSON_Delete(params);
	return ok;
}

static void tls_ok(struct auth_report *st)
{
	const char *ca = st->cli->http.ca_file;
	struct strbuf sb;

	sb_init(&sb);
	sb_printf(&sb, "The portal's certificate chain is valid for its "
		  "name, checked against %s%s.", ca ? "the CA file " :
		  "the system's CA certificates", ca ? ca : "");
	auth_report_add(st, "tls", "OK", sb.buf, NULL);
	sb_free(&sb);
}

static void account_line(struct auth_report *st, const cJSON *p)
{
	const char *name = json_get_string(p, "NAME");
	const char *last = json_get_string(p, "LAST_NAME");
	char *id = json_scalar_text(json_get(p, "ID"));
	bool admin = cJSON_IsTrue(json_get(p, "ADMIN"));
	struct strbuf sb;

	sb_init(&sb);
	sb_printf(&sb, "Acts as %s%s%s (user %s), %s.", name ? name : "",
		  last && *last ? " " : "", last ? last : "", id ? id : "?",
		  admin ? "an administrator" : "not an administrator");
	if (!id)
		auth_report_add(st, "account", "FAIL", "The portal says the "
				"credentials' user is not active.", "Use "
				"credentials of an active user.");
	else
		auth_report_add(st, "account", admin ? "OK" : "WARN", sb.buf,
				admin ? NULL : "Only an administrator may "
				"change other users: use a webhook made by an "
				"administrator.");
	free(id);
	sb_free(&sb);
}

/* The portal's hint says "run auth status", which is this report: say
 * instead what to replace, where these credentials came from. */
static void refused_fix(const struct auth_report *st, struct b24_error *err)
{
	const struct rest_creds *c = rest_session_creds(st->cli->session);
	const char *name = st->cli->profile.name;

	if (err->exit != B24_EXIT_AUTH || !strstr(err->hint, "auth status"))
		return;
	if (st->cli->cred_source == CRED_OVERRIDE)
		b24_error_hint(err, "Get a fresh one-off token, or unset "
			       "B24USER_TOKEN_OVERRIDE to use the profile's "
			       "own credentials.");
	else if (st->cli->cred_source == CRED_ENV)
		b24_error_hint(err, "The %s in %s is wrong or was removed from "
			       "the portal: set it again from the portal "
			       "(Developer resources), or unset it to use a "
			       "profile's stored credentials.", c->webhook ?
			       "webhook" : "token", c->webhook ?
			       "B24USER_WEBHOOK_URL" : "B24USER_ACCESS_TOKEN");
	else
		b24_error_hint(err, "Replace the %s of profile \"%s\": run "
			       "'b24user auth login --profile %s'%s.",
			       c->webhook ? "webhook" : "credentials",
			       name ? name : "NAME", name ? name : "NAME",
			       c->webhook ? " with a webhook URL copied again "
			       "from the portal" : "");
}

/* The first call also proves TLS; a transport failure ends the report. */
bool auth_check_account(struct auth_report *st)
{
	struct rest_reply reply;
	struct b24_error err;
	bool ok = call(st, "profile", NULL, &reply, &err);

	if (!ok && err.exit == B24_EXIT_NETWORK) {
		auth_report_error(st, "tls", &err);
		rest_reply_free(&reply);
		return false;
	}
	tls_ok(st);
	if (ok) {
		account_line(st, reply.result);
	} else {
		refused_fix(st, &err);
		auth_report_error(st, "account", &err);
	}
	rest_reply_free(&reply);
	return ok;
}

static void check_scope(struct auth_report *st)
{
	struct rest_reply reply;
	struct b24_error err;
	const cJSON *s;
	struct strbuf sb;
	bool user = false;

	if (!call(st, "scope", NULL, &reply, &err)) {
		auth_report_error(st, "scope", &err);
		rest_reply_free(&reply);
		return;
	}
	sb_init(&sb);
	sb_append(&sb, "Scopes granted:");
	cJSON_ArrayForEach(s, reply.result) {
		if (!cJSON_IsString(s))
			continue;
		sb_printf(&sb, " %s", s->valuestring);
		user = user || strcmp(s->valuestring, "user") == 0;
	}
	sb_append(&sb, ".");
	auth_report_add(st, "scope", user ? "OK" : "WARN", sb.buf, user ? NULL :
	    "Without the \"user\" scope b24user cannot change users: add "
	    "it to the webhook in the portal (Developer resources).");
	sb_free(&sb);
	rest_reply_free(&reply);
}

static void check_update_method(struct auth_report *st)
{
	struct rest_reply reply;
	struct b24_error err;
	cJSON *params = cJSON_CreateObject();

	cJSON_AddStringToObject(params, "name", "user.update");
	if (!call(st, "method.get", params, &reply, &err))
		auth_report_error(st, "user.update", &err);
	else if (cJSON_IsTrue(json_get(reply.result, "isAvailable")))
		auth_report_add(st, "user.update", "OK", "user.update is "
				"callable with these credentials.", NULL);
	else
		auth_report_add(st, "user.update", "FAIL", "user.update is "
				"not callable with these credentials.", "Give "
				"the webhook the \"user\" scope in the portal "
				"(Developer resources), or make a new one with "
				"it.");
	rest_reply_free(&reply);
}

/* "2026-12-04T17:11:28+03:00" (or Z) as seconds since the epoch. */
static bool parse_portal_time(const char *text, time_t *out)
{
	struct tm tm;
	int n = 0, oh = 0, om = 0;
	char sign = 'Z';

	memset(&tm, 0, sizeof tm);
	if (!text || sscanf(text, "%d-%d-%dT%d:%d:%d%n", &tm.tm_year,
			    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
			    &tm.tm_sec, &n) != 6)
		return false;
	if (text[n] == '+' || text[n] == '-') {
		sign = text[n];
		if (sscanf(text + n + 1, "%d:%d", &oh, &om) != 2)
			return false;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = timegm(&tm) - (sign == '-' ? -1 : 1) *
	       (sign == 'Z' ? 0 : (time_t)(oh * 3600 + om * 60));
	return true;
}

static void check_clock(struct auth_report *st)
{
	struct rest_reply reply;
	struct b24_error err;
	char detail[160];
	time_t portal;
	long diff;
	bool ok;

	if (!call(st, "server.time", NULL, &reply, &err)) {
		auth_report_error(st, "clock", &err);
	} else if (!parse_portal_time(cJSON_GetStringValue(reply.result),
				      &portal)) {
		auth_report_add(st, "clock", "WARN", "The portal's time could "
				"not be read.", NULL);
	} else {
		diff = (long)(portal - time(NULL));
		snprintf(detail, sizeof detail, "The portal's clock is %ld s "
			 "%s this machine's.", labs(diff), diff < 0 ?
			 "behind" : "ahead of");
		ok = labs(diff) <= CLOCK_SLACK;
		auth_report_add(st, "clock", ok ? "OK" : "WARN", detail,
				ok ? NULL : "Set this machine's clock (NTP); "
				"token expiry depends on it.");
	}
	rest_reply_free(&reply);
}

static void check_budget(struct auth_report *st)
{
	struct rest_stats stats;
	char detail[256];
	bool ok;

	rest_session_stats(st->cli->session, &stats);
	if (stats.last_operating < 0) {
		auth_report_add(st, "time budget", "OK", "The portal reported "
				"no time.operating for these calls.", NULL);
		return;
	}
	snprintf(detail, sizeof detail, "The last answer reported "
		 "time.operating %.3f s: the time that method used in the "
		 "last 10 minutes (the documented example limit is %.0f s "
		 "per method).", stats.last_operating, BUDGET_EXAMPLE);
	ok = stats.last_operating < BUDGET_EXAMPLE / 2;
	auth_report_add(st, "time budget", ok ? "OK" : "WARN", detail,
			ok ? NULL : "Slow down: big lists and batches use the "
			"budget; it frees up within 10 minutes.");
}

void auth_check_portal(struct auth_report *st)
{
	check_scope(st);
	check_update_method(st);
	check_clock(st);
	check_budget(st);
}
