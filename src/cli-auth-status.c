/*
 * b24user auth status: the troubleshooting report, one check per line
 * (OK / WARN / FAIL, what was found, what to do), as text or as JSON.
 * Secrets appear only as short masked hints.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli-auth.h"
#include "jsonutil.h"
#include "strbuf.h"
#include "xalloc.h"

#define CLOCK_SLACK 30		/* seconds of clock difference still ok */
#define BUDGET_EXAMPLE 480.0	/* the docs' per-method limit, 10 minutes */

struct status {
	struct cli *cli;
	cJSON *checks;
	bool failed;
	int exit;		/* AUTH, or USAGE for an unreadable config */
};

static void add(struct status *st, const char *check, const char *status,
		const char *detail, const char *fix)
{
	cJSON *c = cJSON_CreateObject();

	cJSON_AddStringToObject(c, "check", check);
	cJSON_AddStringToObject(c, "status", status);
	cJSON_AddStringToObject(c, "detail", detail);
	cJSON_AddStringToObject(c, "fix", fix ? fix : "");
	cJSON_AddItemToArray(st->checks, c);
	if (strcmp(status, "FAIL") == 0)
		st->failed = true;
}

static void add_error(struct status *st, const char *check,
		      const struct b24_error *err)
{
	struct strbuf sb;

	sb_init(&sb);
	sb_append(&sb, err->message);
	if (err->code[0])
		sb_printf(&sb, " [%s]", err->code);
	add(st, check, "FAIL", sb.buf, err->hint);
	sb_free(&sb);
}

static void check_profile(struct status *st)
{
	const struct profile *p = &st->cli->profile;
	struct strbuf sb;

	if (st->cli->config.problem)
		add(st, "config", "WARN", st->cli->config.problem,
		    "Fix the config file; until then b24user ignores what it "
		    "cannot read.");
	if (!p->name && !p->portal)
		return;
	sb_init(&sb);
	sb_printf(&sb, "Profile \"%s\" (%s) for %s%s.", p->name ? p->name :
		  "(none)", auth_method_name(p->auth), p->portal ? p->portal
		  : "no portal yet", st->cli->from_file ? "" :
		  ", not in the config file");
	if (!p->portal || p->auth == AUTH_NONE)
		add(st, "profile", "FAIL", sb.buf, "Run \"b24user auth login "
		    "--profile NAME\" to set the profile up.");
	else
		add(st, "profile", "OK", sb.buf, NULL);
	sb_free(&sb);
}

static void check_store(struct status *st)
{
	struct cli *cli = st->cli;
	struct b24_error err;
	const char *hint;

	if (!cli->profile.name)
		return;
	b24_error_clear(&err);
	cli->store = cred_store_open(&cli->profile, &err);
	if (!cli->store) {
		add_error(st, "store", &err);
		return;
	}
	hint = cred_store_hint(cli->store);
	add(st, "store", *hint ? "WARN" : "OK",
	    cred_store_describe(cli->store), hint);
}

static const char *const source_words[] = {
	[CRED_NONE] = "nowhere known",
	[CRED_ENV] = "the environment (B24USER_*)",
	[CRED_KEYRING] = "the desktop keyring",
	[CRED_SESSION] = "the keyring's session collection",
	[CRED_MEMORY] = "memory (typed this run)",
	[CRED_FILE] = "the credentials file",
	[CRED_OVERRIDE] = "B24USER_TOKEN_OVERRIDE",
};
#define N_SOURCES (sizeof source_words / sizeof source_words[0])

static void describe_creds(const struct rest_creds *c, enum cred_source src,
			   struct strbuf *sb)
{
	char hint[64];

	if (c->webhook) {
		auth_webhook_hint(c->webhook, hint, sizeof hint);
		sb_printf(sb, "A webhook (code %s)", hint);
	} else {
		secret_hint(c->access_token, hint, sizeof hint);
		sb_printf(sb, "An access token (%s)%s", hint,
			  c->refresh_token ? " with a refresh token" : "");
	}
	sb_printf(sb, " for %s, from %s.", c->portal ? c->portal : "?",
		  source_words[src < N_SOURCES ? src : CRED_NONE]);
}

static bool check_credentials(struct status *st)
{
	struct b24_error err;
	struct strbuf sb;

	b24_error_clear(&err);
	if (!cli_open_session(st->cli, NULL, &err)) {
		add_error(st, "credentials", &err);
		if (strcmp(err.code, "config_unreadable") == 0)
			st->exit = B24_EXIT_USAGE;
		return false;
	}
	sb_init(&sb);
	describe_creds(rest_session_creds(st->cli->session),
		       st->cli->cred_source, &sb);
	add(st, "credentials", "OK", sb.buf, NULL);
	sb_free(&sb);
	return true;
}

/* Token profiles: expiry, last refresh, token endpoint, scopes. */
static void check_token(struct status *st)
{
	const struct rest_creds *c = rest_session_creds(st->cli->session);
	struct strbuf detail, fix;
	const char *status;

	if (c->method != AUTH_OAUTH && c->method != AUTH_APIKEY)
		return;
	sb_init(&detail);
	sb_init(&fix);
	status = auth_token_detail(st->cli, &detail, &fix);
	add(st, "token", status, detail.buf, fix.buf);
	sb_free(&detail);
	sb_free(&fix);
}

static bool call(struct status *st, const char *method, cJSON *params,
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

static void tls_ok(struct status *st)
{
	const char *ca = st->cli->http.ca_file;
	struct strbuf sb;

	sb_init(&sb);
	sb_printf(&sb, "The portal's certificate chain is valid for its "
		  "name, checked against %s%s.", ca ? "the CA file " :
		  "the system's CA certificates", ca ? ca : "");
	add(st, "tls", "OK", sb.buf, NULL);
	sb_free(&sb);
}

static void account_line(struct status *st, const cJSON *p)
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
		add(st, "account", "FAIL", "The portal says the credentials' "
		    "user is not active.", "Use credentials of an active "
		    "user.");
	else
		add(st, "account", admin ? "OK" : "WARN", sb.buf, admin ? NULL
		    : "Only an administrator may change other users: use a "
		    "webhook made by an administrator.");
	free(id);
	sb_free(&sb);
}

/* The portal's hint says "run auth status", which is this report: say
 * instead what to replace, where these credentials came from. */
static void refused_fix(const struct status *st, struct b24_error *err)
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
static bool check_account(struct status *st)
{
	struct rest_reply reply;
	struct b24_error err;
	bool ok = call(st, "profile", NULL, &reply, &err);

	if (!ok && err.exit == B24_EXIT_NETWORK) {
		add_error(st, "tls", &err);
		rest_reply_free(&reply);
		return false;
	}
	tls_ok(st);
	if (ok) {
		account_line(st, reply.result);
	} else {
		refused_fix(st, &err);
		add_error(st, "account", &err);
	}
	rest_reply_free(&reply);
	return ok;
}

static void check_scope(struct status *st)
{
	struct rest_reply reply;
	struct b24_error err;
	const cJSON *s;
	struct strbuf sb;
	bool user = false;

	if (!call(st, "scope", NULL, &reply, &err)) {
		add_error(st, "scope", &err);
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
	add(st, "scope", user ? "OK" : "WARN", sb.buf, user ? NULL :
	    "Without the \"user\" scope b24user cannot change users: add "
	    "it to the webhook in the portal (Developer resources).");
	sb_free(&sb);
	rest_reply_free(&reply);
}

static void check_update_method(struct status *st)
{
	struct rest_reply reply;
	struct b24_error err;
	cJSON *params = cJSON_CreateObject();

	cJSON_AddStringToObject(params, "name", "user.update");
	if (!call(st, "method.get", params, &reply, &err))
		add_error(st, "user.update", &err);
	else if (cJSON_IsTrue(json_get(reply.result, "isAvailable")))
		add(st, "user.update", "OK", "user.update is callable with "
		    "these credentials.", NULL);
	else
		add(st, "user.update", "FAIL", "user.update is not callable "
		    "with these credentials.", "Give the webhook the "
		    "\"user\" scope in the portal (Developer resources), or "
		    "make a new one with it.");
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

static void check_clock(struct status *st)
{
	struct rest_reply reply;
	struct b24_error err;
	char detail[160];
	time_t portal;
	long diff;

	if (!call(st, "server.time", NULL, &reply, &err)) {
		add_error(st, "clock", &err);
	} else if (!parse_portal_time(cJSON_GetStringValue(reply.result),
				      &portal)) {
		add(st, "clock", "WARN", "The portal's time could not be "
		    "read.", NULL);
	} else {
		diff = (long)(portal - time(NULL));
		snprintf(detail, sizeof detail, "The portal's clock is %ld s "
			 "%s this machine's.", labs(diff), diff < 0 ?
			 "behind" : "ahead of");
		add(st, "clock", labs(diff) <= CLOCK_SLACK ? "OK" : "WARN",
		    detail, labs(diff) <= CLOCK_SLACK ? NULL : "Set this "
		    "machine's clock (NTP); token expiry depends on it.");
	}
	rest_reply_free(&reply);
}

static void check_budget(struct status *st)
{
	struct rest_stats stats;
	char detail[256];

	rest_session_stats(st->cli->session, &stats);
	if (stats.last_operating < 0) {
		add(st, "time budget", "OK", "The portal reported no "
		    "time.operating for these calls.", NULL);
		return;
	}
	snprintf(detail, sizeof detail, "The last answer reported "
		 "time.operating %.3f s: the time that method used in the "
		 "last 10 minutes (the documented example limit is %.0f s "
		 "per method).", stats.last_operating, BUDGET_EXAMPLE);
	add(st, "time budget", stats.last_operating < BUDGET_EXAMPLE / 2 ?
	    "OK" : "WARN", detail, stats.last_operating < BUDGET_EXAMPLE / 2
	    ? NULL : "Slow down: big lists and batches use the budget; it "
	    "frees up within 10 minutes.");
}

static void print_text(const cJSON *checks)
{
	const cJSON *c;
	const char *fix;

	/* Details quote the portal and the config file: escape them. */
	cJSON_ArrayForEach(c, checks) {
		printf("%-4s  %-11s  ", json_get_string(c, "status"),
		       json_get_string(c, "check"));
		cli_put_text(stdout, json_get_string(c, "detail"));
		putchar('\n');
		fix = json_get_string(c, "fix");
		if (fix && *fix) {
			printf("%-4s  %-11s  fix: ", "", "");
			cli_put_text(stdout, fix);
			putchar('\n');
		}
	}
}

static void print_json(const cJSON *checks)
{
	char *text = json_pretty(checks);

	printf("%s\n", text);
	free(text);
}

int auth_status(struct cli *cli, int argc, char **argv)
{
	struct status st = { cli, NULL, false, B24_EXIT_AUTH };
	struct b24_error err;
	int rc = cli_parse(cli, argc, argv, NULL, NULL, NULL);

	if (rc >= 0)
		return rc;
	if (!cli_setup(cli, &err))
		return cli_report(cli, &err);
	st.checks = cJSON_CreateArray();
	check_profile(&st);
	check_store(&st);
	if (check_credentials(&st) && check_account(&st)) {
		check_token(&st);
		check_scope(&st);
		check_update_method(&st);
		check_clock(&st);
		check_budget(&st);
	}
	if (cli->json)
		print_json(st.checks);
	else
		print_text(st.checks);
	cJSON_Delete(st.checks);
	return st.failed ? st.exit : 0;
}
