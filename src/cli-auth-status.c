/*
 * b24user auth status: the troubleshooting report, one check per line
 * (OK / WARN / FAIL, what was found, what to do), as text or as JSON.
 * Secrets appear only as short masked hints.  The checks that ask the
 * portal are in cli-auth-portal.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-auth.h"
#include "jsonutil.h"
#include "strbuf.h"

void auth_report_add(struct auth_report *st, const char *check,
		     const char *status, const char *detail, const char *fix)
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

void auth_report_error(struct auth_report *st, const char *check,
		       const struct b24_error *err)
{
	struct strbuf sb;

	sb_init(&sb);
	sb_append(&sb, err->message);
	if (err->code[0])
		sb_printf(&sb, " [%s]", err->code);
	auth_report_add(st, check, "FAIL", sb.buf, err->hint);
	sb_free(&sb);
}

static void check_profile(struct auth_report *st)
{
	const struct profile *p = &st->cli->profile;
	struct strbuf sb;

	if (st->cli->config.problem)
		auth_report_add(st, "config", "WARN", st->cli->config.problem,
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
		auth_report_add(st, "profile", "FAIL", sb.buf, "Run \"b24user "
				"auth login --profile NAME\" to set the "
				"profile up.");
	else
		auth_report_add(st, "profile", "OK", sb.buf, NULL);
	sb_free(&sb);
}

static void check_store(struct auth_report *st)
{
	struct cli *cli = st->cli;
	struct b24_error err;
	const char *hint;

	if (!cli->profile.name)
		return;
	b24_error_clear(&err);
	cli->store = cred_store_open(&cli->profile, &err);
	if (!cli->store) {
		auth_report_error(st, "store", &err);
		return;
	}
	hint = cred_store_hint(cli->store);
	auth_report_add(st, "store", *hint ? "WARN" : "OK",
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

static bool check_credentials(struct auth_report *st)
{
	struct b24_error err;
	struct strbuf sb;

	b24_error_clear(&err);
	if (!cli_open_session(st->cli, NULL, &err)) {
		auth_report_error(st, "credentials", &err);
		if (strcmp(err.code, "config_unreadable") == 0)
			st->exit = B24_EXIT_USAGE;
		return false;
	}
	sb_init(&sb);
	describe_creds(rest_session_creds(st->cli->session),
		       st->cli->cred_source, &sb);
	auth_report_add(st, "credentials", "OK", sb.buf, NULL);
	sb_free(&sb);
	return true;
}

/* Token profiles: expiry, last refresh, token endpoint, scopes. */
static void check_token(struct auth_report *st)
{
	const struct rest_creds *c = rest_session_creds(st->cli->session);
	struct strbuf detail, fix;
	const char *status;

	if (c->method != AUTH_OAUTH && c->method != AUTH_APIKEY)
		return;
	sb_init(&detail);
	sb_init(&fix);
	status = auth_token_detail(st->cli, &detail, &fix);
	auth_report_add(st, "token", status, detail.buf, fix.buf);
	sb_free(&detail);
	sb_free(&fix);
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
	struct auth_report st = { cli, NULL, false, B24_EXIT_AUTH };
	struct b24_error err;
	int rc = cli_parse(cli, argc, argv, NULL, NULL, NULL);

	if (rc >= 0)
		return rc;
	if (!cli_setup(cli, &err))
		return cli_report(cli, &err);
	st.checks = cJSON_CreateArray();
	check_profile(&st);
	check_store(&st);
	if (check_credentials(&st) && auth_check_account(&st)) {
		check_token(&st);
		auth_check_portal(&st);
	}
	if (cli->json)
		print_json(st.checks);
	else
		print_text(st.checks);
	cJSON_Delete(st.checks);
	return st.failed ? st.exit : 0;
}
