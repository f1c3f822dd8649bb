/* The command line: the subcommand table, help and version, and the
 * dispatch to a subcommand. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli-journal.h"
#include "cli-parse.h"
#include "cli-search.h"
#include "cli-signal.h"
#include "suggest.h"

static const struct cli_command commands[] = {
	{ "update", cmd_update,
	  "change fields of one user (user.update)",
	  "Usage: b24user [OPTIONS] update USER_ID [--data JSON|@FILE|-]\n"
	  "        [--set FIELD=VALUE]... [--admin-mode] [--params JSON]\n"
	  "        [--param NAME=VALUE]... [--filter JSON] [--order JSON]\n"
	  "        [--continue-on-fail] [--dry-run] [--allow-unknown-fields]\n"
	  "        [--access-token-stdin] [--expect FIELD=VALUE]... "
	  "[--confirm] [--yes]\n"
	  "Change fields of the user USER_ID.  The data is checked against "
	  "the field\ncatalogue before anything is sent; the changes are "
	  "shown (old -> new) and\nonly the fields that change are sent.  "
	  "The user is read again just before\nthe write (a change made "
	  "meanwhile stops it, exit 6) and after it: fields\nthe portal "
	  "did not take are reported (exit 7).  Every write is journalled.\n\n"
	  "  --data JSON|@FILE|-     user data: a JSON object of field and "
	  "value,\n"
	  "                          given as text, read from FILE, or from "
	  "standard input\n"
	  "  --set FIELD=VALUE       one field, the value as text; repeat "
	  "for more;\n"
	  "                          merged over --data; an empty VALUE "
	  "clears the field\n"
	  "  --admin-mode            send ADMIN_MODE=Y with the update and "
	  "the reads\n"
	  "  --params JSON           custom parameters merged into the "
	  "request\n"
	  "  --param NAME=VALUE      one custom parameter (text); repeat "
	  "for more;\n"
	  "                          neither may replace ID or the "
	  "credentials\n"
	  "  --filter JSON           FILTER object passed through\n"
	  "  --order JSON            {\"FIELD\": \"ASC\"|\"DESC\"}, sent as "
	  "SORT and ORDER\n"
	  "                          (Filter and Order matter for searches; "
	  "the portal\n"
	  "                          ignores them on writes)\n"
	  "  --continue-on-fail      report a failure as an output item "
	  "and exit 0\n"
	  "  --dry-run               check everything and print the request "
	  "(secrets\n"
	  "                          masked); reads are allowed, nothing is "
	  "written\n"
	  "  --allow-unknown-fields  send field names the catalogue does "
	  "not know\n"
	  "  --access-token-stdin    use the first line of standard input "
	  "as a one-off\n"
	  "                          access token (not with --data -)\n"
	  "  --expect FIELD=VALUE    send only if the field has this value "
	  "now; repeat\n"
	  "                          for more; otherwise exit 6, nothing "
	  "sent\n"
	  "  --confirm               ask before sending (needs a terminal, "
	  "or --yes)\n"
	  "  --yes                   answer yes to every question in "
	  "advance\n"
	  "\nMany users at once: update --from FILE [--empty keep|clear] "
	  "[--yes] [--resume]\n"
	  "        [--rate SIZE/PER_SECOND] [--time-budget SEC] "
	  "[--results FILE]\n"
	  "Each batch call holds at most 50 commands: up to 50 user.update "
	  "in the first,\nthen up to 49 and one user.get that reads the "
	  "previous batch's rows back.\n"
	  "  --from FILE|-           CSV (a header of field codes with an "
	  "ID column) or\n"
	  "                          JSON Lines, as 'search --format "
	  "csv|jsonl' writes;\n"
	  "                          every row is checked, the users are "
	  "read and the\n"
	  "                          plan is shown; it is sent after y on a "
	  "terminal or\n"
	  "                          with --yes (else exit 6); --dry-run "
	  "stops at the plan\n"
	  "  --empty keep|clear      an empty cell leaves the field as it "
	  "is (keep, the\n"
	  "                          default) or clears it\n"
	  "  --resume                go on with a stopped run of the same "
	  "file; nothing\n"
	  "                          is sent twice\n"
	  "  --rate SIZE/PER_SECOND  the portal's request bucket (default "
	  "50/2)\n"
	  "  --time-budget SEC       seconds user.update may use per 10 "
	  "minutes (default\n"
	  "                          480)\n"
	  "  --results FILE          one result per row as JSON Lines "
	  "(default: in\n"
	  "                          $XDG_STATE_HOME/b24user)\n"
	  "  --yes-dismiss-self      let a row set ACTIVE=N for the "
	  "credentials' own\n"
	  "                          account (refused otherwise; --yes is "
	  "not enough)\n" },
	{ "journal", cmd_journal,
	  "list the change journal, newest first",
	  "Usage: b24user [OPTIONS] journal [--user ID] [--run ID] "
	  "[--runs] [--limit N]\n        [--json]\n"
	  "List the writes b24user made (the journal in "
	  "$XDG_STATE_HOME/b24user),\nnewest first: before and after of "
	  "each field, and the outcome.  A write\nwhose answer never came "
	  "shows as \"outcome unknown\".\n\n"
	  "  --user ID               only the entries of this user\n"
	  "  --run ID                only the entries of this bulk run\n"
	  "  --runs                  the bulk runs (the IDs undo --run "
	  "takes) instead\n"
	  "  --limit N               at most N entries\n" },
	{ "undo", cmd_undo,
	  "put back the values a journalled write changed",
	  "Usage: b24user [OPTIONS] undo [SEQ] [--confirm] [--yes] "
	  "[--dry-run]\n"
	  "        [--admin-mode]\n"
	  "Send the before-values of journal entry SEQ (default: the "
	  "newest change that\ncan be undone), the same way update does.  "
	  "If the user was changed since,\nnothing is sent (exit 6).  The "
	  "undo is journalled too and can be undone.\n\n"
	  "  --confirm               ask before sending (needs a terminal, "
	  "or --yes)\n"
	  "  --yes                   answer yes to every question in "
	  "advance\n"
	  "  --dry-run               show the change and check it; send "
	  "nothing\n"
	  "  --admin-mode            send ADMIN_MODE=Y with the reads and "
	  "the write\n"
	  "\nA bulk run as a whole: undo --run ID [--yes] [--dry-run] "
	  "[--resume] ...\n"
	  "  --run ID                put back every done write of run ID "
	  "(journal --runs)\n"
	  "                          as a plan of its own, like update "
	  "--from; users\n"
	  "                          changed since are left alone (exit "
	  "6)\n" },
	{ "search", cmd_search,
	  "find users by name, e-mail or filter; export them",
	  "Usage: b24user [OPTIONS] search [TEXT] [--filter JSON] "
	  "[--order JSON]\n"
	  "        [--admin-mode] [--limit N] [--format table|json|csv|jsonl]\n"
	  "        [--fields LIST]\n"
	  "Find users: TEXT searches names, position and department "
	  "(user.search), an\ne-mail address searches e-mail, a phone number "
	  "the phone fields; without\nTEXT all users match.  Every page is "
	  "read (50 users each) and written out\nas it comes.  Dismissed "
	  "users are left out unless the filter names ACTIVE.\n\n"
	  "  --filter JSON           user.get FILTER object, keys with "
	  "operators:\n"
	  "                          {\"%LAST_NAME\": \"Smi\", "
	  "\"@UF_DEPARTMENT\": [1, 5]}\n"
	  "  --order JSON            {\"FIELD\": \"ASC\"|\"DESC\"}, sent "
	  "as SORT and ORDER\n"
	  "  --admin-mode            send ADMIN_MODE=Y\n"
	  "  --limit N               stop after N users\n"
	  "  --format FORMAT         table (default), json (output items; "
	  "as --json),\n"
	  "                          csv or jsonl (what 'update --from' "
	  "reads back)\n"
	  "  --fields LIST           field codes to write, like "
	  "ID,NAME,EMAIL\n" },
	{ "get", cmd_get,
	  "show one user's fields (user.get)",
	  "Usage: b24user [OPTIONS] get USER_ID\n"
	  "Show the fields of the user USER_ID with their labels; with "
	  "--json the\nportal's answer as an output item.\n" },
	{ "fields", cmd_fields,
	  "list the user fields and their labels",
	  "Usage: b24user [OPTIONS] fields\n"
	  "List the user fields b24user knows, with labels in the portal's "
	  "language\nwhen credentials are available, and the portal's custom "
	  "UF_USR_* fields.\n" },
	{ "auth", cmd_auth,
	  "sign in, check or sign out a profile's credentials",
	  "Usage: b24user [OPTIONS] auth login [--profile NAME]\n"
	  "   or: b24user [OPTIONS] auth status [--profile NAME] [--json]\n"
	  "   or: b24user [OPTIONS] auth logout [--profile NAME]\n"
	  "login   asks for what the profile's auth method needs (hidden "
	  "on a terminal;\n"
	  "        one line of standard input each otherwise, in this "
	  "order), checks it\n"
	  "        against the portal, saves the profile in the config file "
	  "and keeps the\n"
	  "        secrets in the profile's secret store:\n"
	  "        webhook: the webhook URL\n"
	  "        oauth:   the client secret (an empty line keeps the "
	  "stored one), then\n"
	  "                 prints the portal's authorize address and "
	  "reads the code or\n"
	  "                 the whole redirect address, exchanged at once "
	  "(codes live\n"
	  "                 30 s; if it expired, run login again)\n"
	  "        apikey:  the API key (access token), its refresh token "
	  "and the client\n"
	  "                 secret; the last two may be empty lines\n"
	  "        B24USER_CLIENT_SECRET, when set, is not asked for; the "
	  "client id comes\n"
	  "        from client_id in the profile or B24USER_CLIENT_ID\n"
	  "status  one line per check (OK, WARN, FAIL) and what to do: "
	  "profile, secret\n"
	  "        store, credentials, TLS, account, token (oauth and "
	  "apikey: expiry,\n"
	  "        last refresh, token endpoint, scopes), scopes, "
	  "user.update, clock,\n"
	  "        time budget; exit status 3 when a check fails\n"
	  "logout  removes the profile's secrets from its store\n"
	  "Secrets are kept in the desktop keyring, else its session "
	  "collection, else in\n"
	  "memory for this run only; secret_store=file in the profile "
	  "keeps them in a\n"
	  "plain-text file of mode 0600 instead.\n" },
	{ "profiles", cmd_profiles,
	  "list, add or remove the profiles of the config file",
	  "Usage: b24user [OPTIONS] profiles [list] [--json]\n"
	  "   or: b24user profiles add NAME --portal URL --auth METHOD\n"
	  "        [--client-id ID] [--oauth-server URL] [--cacert FILE]\n"
	  "        [--secret-store keyring|session|memory|file] "
	  "[--color COLOUR]\n"
	  "        [--read-only] [--timeout SEC] [--default]\n"
	  "   or: b24user profiles remove NAME\n"
	  "list    name, portal, auth method, read-only, and where the "
	  "secrets live\n"
	  "        (* marks the default); no keyring is asked\n"
	  "add     write a [profile NAME] group into the config file; "
	  "comments and the\n"
	  "        other profiles stay as they are\n"
	  "remove  take the group out (and default_profile when it named "
	  "it)\n\n"
	  "  --client-id ID          the OAuth application's client id "
	  "(not a secret)\n"
	  "  --secret-store STORE    keyring, session, memory or file "
	  "(default: the\n"
	  "                          keyring when it works, else session, "
	  "else memory)\n"
	  "  --color COLOUR          black, red, green, yellow, blue, "
	  "magenta, cyan or\n"
	  "                          white: the profile's colour in the "
	  "console header\n"
	  "  --read-only             refuse every write unless "
	  "--allow-write HOST\n"
	  "  --default               make it the default_profile\n" },
	{ NULL, NULL, NULL, NULL },
};

static const char global_options_help[] =
	"Options (before or after the command):\n"
	"  --profile NAME        use the profile NAME of the config file\n"
	"  --portal URL          the portal, https://HOST[:PORT]\n"
	"  --auth METHOD         webhook, oauth or apikey\n"
	"  --cacert FILE         trust exactly the CA certificates in FILE\n"
	"  --oauth-server URL    the OAuth 2.0 authorization server\n"
	"  --json                print JSON instead of text: output items, "
	"except for\n                        auth status and journal (plain "
	"arrays; see b24user(1))\n"
	"  --timeout SEC         give up on a request after SEC seconds\n"
	"  --allow-write HOST    write through a read-only profile whose "
	"portal is HOST\n"
	"  --verbose             write a redacted debug log and say where\n"
	"  --help                show this help and exit\n"
	"  --version             show the version and exit\n";

static const char environment_help[] =
	"Environment:\n"
	"  B24USER_WEBHOOK_URL   the inbound webhook (alone enough for "
	"update)\n"
	"  B24USER_TOKEN_OVERRIDE  a one-off access token for this run\n"
	"  B24USER_ACCESS_TOKEN, B24USER_REFRESH_TOKEN, B24USER_CLIENT_ID,\n"
	"  B24USER_CLIENT_SECRET   an API key (access token) with what renews "
	"it\n"
	"  B24USER_PROFILE, B24USER_PORTAL, B24USER_AUTH, B24USER_CACERT,\n"
	"  B24USER_OAUTH_SERVER, B24USER_TIMEOUT   like the options above\n"
	"  B24USER_LOG           write the debug log to this file\n"
	"\n"
	"Exit status: 0 ok, 1 the portal refused, 2 bad input or usage "
	"(nothing sent),\n"
	"3 credentials, 4 network/TLS/timeout, 5 rate limit, 6 stopped on "
	"purpose,\n"
	"7 written but unverified or outcome unknown, 130 interrupted.\n"
	"\nSee b24user(1) and b24user.conf(5).\n";

const struct cli_command *cli_find_command(const char *name)
{
	const struct cli_command *c;

	for (c = commands; name && c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void print_main_help(void)
{
	const struct cli_command *c;

	printf("Usage: b24user [OPTIONS]             open the console\n"
	       "   or: b24user [OPTIONS] COMMAND [ARGS]\n"
	       "Update users of a Bitrix24 portal through its REST API.\n\n"
	       "Commands:\n");
	for (c = commands; c->name; c++)
		printf("  %-9s %s\n", c->name, c->summary);
	printf("Run 'b24user COMMAND --help' for a command's options.\n\n"
	       "%s\n%s", global_options_help, environment_help);
}

void cli_print_help(const struct cli *cli)
{
	const struct cli_command *c = cli_find_command(cli->command);

	if (!c) {
		print_main_help();
		return;
	}
	printf("%s\n%s", c->help, global_options_help);
}

void cli_print_version(void)
{
	printf("b24user %s\n"
	       "Copyright (C) 2026 the b24user authors.\n"
	       "License GPLv3+: GNU GPL version 3 or later "
	       "<https://gnu.org/licenses/gpl.html>.\n"
	       "This is free software: you are free to change and "
	       "redistribute it.\n"
	       "There is NO WARRANTY, to the extent permitted by law.\n",
	       PACKAGE_VERSION);
}

static int unknown_command(const struct cli *cli, const char *name)
{
	const struct cli_command *c;
	const char *best[1];
	struct suggest sg;

	suggest_init(&sg, name, best, 1);
	/* Short words: only a slip of a key or two, not any word. */
	sg.limit = strlen(name) / 3 + 1;
	for (c = commands; c->name; c++)
		suggest_offer(&sg, c->name);
	if (sg.n)
		return cli_usage_error(cli, "unknown command '%s' (did you "
				       "mean '%s'?)", name, best[0]);
	return cli_usage_error(cli, "unknown command '%s'", name);
}

int cli_run(struct cli *cli, int argc, char **argv)
{
	int at = cli_command_index(argc, argv);
	const struct cli_command *c;
	int rc;

	rc = cli_parse(cli, at, argv, NULL, NULL, NULL);
	if (rc >= 0)
		return rc;
	if (at >= argc)
		return -1;
	c = cli_find_command(argv[at]);
	if (!c)
		return unknown_command(cli, argv[at]);
	cli->command = c->name;
	cli_signal_start();
	return c->run(cli, argc - at, argv + at);
}
