/* "Remember in keyring" with a real Secret Service (tests/tui-keyring.sh
 * runs this inside a private D-Bus session with gnome-keyring): the
 * typed webhook is stored, a second start connects without asking, the
 * secret is never shown nor logged, and auth logout removes it; a
 * profile that said secret_store=memory is switched to the keyring. */
#include "config.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "tui-session.h"
#include "tui-steps.h"

#define BTAB "\033[Z"

/* What secret-tool finds for profile demo's webhook ("" if nothing). */
static char *lookup(void)
{
	static char out[1024];
	size_t n = 0;
	FILE *p = popen("secret-tool lookup xdg:schema org.b24user.Credential"
			" profile demo kind webhook 2>/dev/null", "r");

	if (p) {
		n = fread(out, 1, sizeof(out) - 1, p);
		pclose(p);
	}
	out[n] = 0;
	return out;
}

/* The newest console log saved by F9 (free it). */
static char *saved_log(void)
{
	char pat[1024], *text;
	glob_t g;

	snprintf(pat, sizeof(pat), "%s/b24user/console-*.log",
		 getenv("XDG_STATE_HOME"));
	if (glob(pat, 0, NULL, &g) != 0 || g.gl_pathc == 0)
		return slurp(NULL);
	text = slurp(g.gl_pathv[g.gl_pathc - 1]);
	globfree(&g);
	return text;
}

/* The log saved now and the debug log hold no trace of the secret, nor
 * did anything written to the terminal. */
static void no_leak(struct tui *t, const char *code, const char *when)
{
	char what[200], *log, *debug;

	tui_fkey(t, 9);
	check(t, tui_wait_text(t, "Log saved to", T_WAIT), "F9 saves the log");
	log = saved_log();
	debug = slurp(getenv("B24USER_LOG"));
	snprintf(what, sizeof(what), "%s: the webhook code is on no screen, "
		 "in no saved log, in no debug log", when);
	check(t, log[0] && debug[0] && !strstr(log, code) &&
	      !strstr(debug, code) && !output_has(t, code), what);
	free(log);
	free(debug);
}

/* The header's second line (where the secrets come from) holds text;
 * its exact words are the layout's, so only the key word is checked. */
static bool header_says(struct tui *t, const char *text)
{
	return strstr(tui_row(t, 1), text) != NULL;
}

/* The "Remember in keyring" row shows mark ("[ ]" or "[x]"). */
static bool remember_shows(struct tui *t, const char *mark)
{
	int r = tui_find_row(t, "Remember in keyring");

	return r >= 0 && strstr(tui_row(t, r), mark) != NULL;
}

/* Start with nothing stored: the Connection form asks; type the webhook
 * into it, and tick "Remember in keyring" if asked to. */
static struct tui *ask(const char *url, bool tick)
{
	struct tui *t = start(24, 80, NULL);

	check(t, tui_wait_text(t, "> Profile", T_WAIT) &&
	      tui_has(t, "No credentials") && remember_shows(t, "[ ]"),
	      "nothing stored: the Connection form asks, remember unchecked");
	for (int i = 0; i < 4; i++)	/* down to Webhook URL */
		tui_send(t, "\t", 1);
	tui_type(t, url);
	tui_send(t, "\t\t", 2);		/* CA file, Remember in keyring */
	if (tick)
		tui_type(t, " ");
	tui_wait_idle(t, T_WAIT);
	return t;
}

/* Unticked, the typed webhook is used for this run only. */
static void not_remembered(const char *url, const char *code)
{
	struct tui *t = ask(url, false);

	tui_fkey(t, 2);
	check(t, tui_wait_text(t, "acting as: Anna Kowalska", T_WAIT) &&
	      header_says(t, "typed in") && !header_says(t, "keyring") &&
	      !output_has(t, code),
	      "unticked: connects with the typed webhook, kept in memory");
	check(t, lookup()[0] == 0, "unticked: nothing goes to the keyring");
	quit(t, 0);
	tui_free(t);
}

/* Ticked, but no Secret Service answers: connected for this run, and
 * the header and the log pane say the webhook was not remembered (the
 * message line soon says "Connected"). */
static void unreachable(const char *url, const char *code)
{
	static char *env[] = { "DBUS_SESSION_BUS_ADDRESS=", NULL };
	struct tui *t = start(24, 80, env);

	check(t, tui_wait_text(t, "> Profile", T_WAIT),
	      "no D-Bus: the Connection form asks");
	for (int i = 0; i < 4; i++)
		tui_send(t, "\t", 1);
	tui_type(t, url);
	tui_send(t, "\t\t", 2);
	tui_type(t, " ");
	tui_fkey(t, 2);
	check(t, tui_wait_text(t, "acting as: Anna Kowalska", T_WAIT) &&
	      tui_wait_text(t, "not remembered", T_WAIT) &&
	      header_says(t, "not remembered"),
	      "no D-Bus: connects, the header says it was not remembered");
	tui_fkey(t, 8);
	check(t, tui_wait_text(t, "Not remembered in the keyring: No Secret "
			       "Service is reachable", T_WAIT) &&
	      !output_has(t, code) && lookup()[0] == 0,
	      "the log pane says why; nothing stored, nothing shown");
	quit(t, 0);
	tui_free(t);
}

static void first_start(const char *url, const char *code)
{
	struct tui *t = ask(url, true);

	check(t, remember_shows(t, "[x]") && !tui_has(t, code),
	      "remember in keyring ticked, the webhook masked");
	tui_fkey(t, 2);
	check(t, tui_wait_text(t, "acting as: Anna Kowalska", T_WAIT) &&
	      header_says(t, "keyring") && !header_says(t, "not remembered"),
	      "connects; the header says the secret is in the keyring");
	check(t, strcmp(lookup(), url) == 0,
	      "secret-tool finds the webhook in the keyring");
	no_leak(t, code, "first start");
	quit(t, 0);
	tui_free(t);
}

/* Second start in the same bus: connected without a question. */
static void second_start(const char *code)
{
	struct tui *t = start(24, 80, NULL);

	check(t, tui_wait_text(t, "acting as: Anna Kowalska", T_WAIT) &&
	      header_says(t, "keyring") && !output_has(t, "No credentials"),
	      "second start: connected from the keyring without asking");
	check(t, tui_has(t, "> User ID"), "it opens on the User form");
	load_user(t, "5");
	no_leak(t, code, "second start");
	quit(t, 0);
	tui_free(t);
}

static int logout(void)
{
	char cmd[1200];
	int rc;

	snprintf(cmd, sizeof(cmd), "\"%s\" auth logout --profile demo "
		 ">/dev/null 2>&1 </dev/null", getenv("B24USER"));
	rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* The config file's text (free it). */
static char *config_text(void)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/b24user/config",
		 getenv("XDG_CONFIG_HOME"));
	return slurp(path);
}

static void write_config(const char *store)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/b24user/config",
		 getenv("XDG_CONFIG_HOME"));
	f = fopen(path, "w");
	if (!f)
		return;
	fprintf(f, "[general]\ndefault_profile=demo\n\n[profile demo]\n"
		"portal=%s\nauth=webhook\nca_file=%s\nsecret_store=%s\n",
		getenv("PORTAL_URL"), getenv("PORTAL_CA"), store);
	fclose(f);
}

/* A profile that keeps its secrets in memory, remembered in the keyring
 * from the form: the config is switched to the keyring (said in the log
 * pane), so the next start finds the webhook and auth logout removes
 * it. */
static void memory_profile(const char *url, const char *code)
{
	struct tui *t = ask(url, true);
	char *cfg;

	tui_fkey(t, 2);
	check(t, tui_wait_text(t, "acting as: Anna Kowalska", T_WAIT) &&
	      strcmp(lookup(), url) == 0,
	      "secret_store=memory, remember ticked: stored in the keyring");
	cfg = config_text();
	check(t, strstr(cfg, "secret_store=keyring") != NULL &&
	      !strstr(cfg, "memory") && !strstr(cfg, code),
	      "... and the profile now says secret_store=keyring, no secret");
	free(cfg);
	tui_fkey(t, 8);
	check(t, tui_wait_text(t, "Profile \"demo\" now keeps its secrets "
			     "in the keyring", T_WAIT),
	      "... the log pane says the profile was switched");
	quit(t, 0);
	tui_free(t);
	t = start(24, 80, NULL);
	check(t, tui_wait_text(t, "acting as: Anna Kowalska", T_WAIT) &&
	      header_says(t, "keyring"),
	      "... the next start connects from the keyring");
	quit(t, 0);
	tui_free(t);
	tap_ok(logout() == 0 && lookup()[0] == 0,
	       "... and auth logout removes it from the keyring");
}

int scen_keyring(void)
{
	const char *url = getenv("WEBHOOK_URL"), *code = getenv("WEBHOOK_CODE");
	struct tui *t;

	if (!url || !code || lookup()[0])
		return tap_ok(false, "a webhook and an empty keyring"),
		       tap_done();
	not_remembered(url, code);
	unreachable(url, code);
	first_start(url, code);
	second_start(code);
	tap_ok(logout() == 0 && lookup()[0] == 0,
	       "auth logout removes the webhook from the keyring");
	t = start(24, 80, NULL);
	check(t, tui_wait_text(t, "> Profile", T_WAIT) &&
	      tui_has(t, "No credentials"),
	      "after logout the console asks again");
	quit(t, 0);
	tui_free(t);
	write_config("memory");
	memory_profile(url, code);
	return tap_done();
}
