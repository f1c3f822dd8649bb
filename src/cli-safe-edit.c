/*
 * One safe edit on the command line: the diff, the self-dismissal guard,
 * --confirm, the conflict check with the person's choice on a terminal,
 * and the write with its read-back.  update and undo both come here.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>

#include "cli-safe-edit.h"
#include "cli-signal.h"
#include "diff.h"
#include "log.h"
#include "xalloc.h"

#define CONFLICT_ROUNDS 3	/* the portal keeps moving: give up */

static bool on_terminal(void)
{
	return isatty(STDIN_FILENO) == 1;
}

void cli_edit_journal_setup(const struct cli *cli, struct safe_edit *se)
{
	se->profile = cli->profile.name;
	se->portal = rest_session_creds(cli->session)->portal;
	se->operator = g_get_user_name();
}

static FILE *diff_stream(const struct cli *cli)
{
	return cli->json ? stderr : stdout;
}

void cli_edit_print_diff(const struct cli *cli, const struct safe_edit *se)
{
	FILE *out = diff_stream(cli);
	char *text;

	if (!se->changed || !se->changed->child)
		return;
	text = diff_render(se->now ? se->now : se->loaded, se->changed,
			   se->cat);
	fprintf(out, "Changes to user %s:\n", se->user_id);
	fputs(text, out);
	if (*text && text[strlen(text) - 1] != '\n')
		fputc('\n', out);
	fflush(out);
	free(text);
}

/* The first character of a line typed on the terminal, lower case; 0 for
 * an empty line or the end of input.  Nothing is in flight, so Ctrl-C
 * ends the run at once (130). */
static int ask(struct cli *cli, const char *question)
{
	char c, first = 0;
	ssize_t n;
	bool at_start = true;

	/* Before the question: a Ctrl-C right after it must find it. */
	cli_signal_asking();
	fputs(question, stderr);
	fflush(stderr);
	for (;;) {
		n = read(STDIN_FILENO, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || c == '\n')
			break;
		if (at_start && c != ' ')
			first = c;
		at_start = at_start && c == ' ';
	}
	cli_signal_watch(cli->session);
	if (n <= 0)
		fputc('\n', stderr);
	return first >= 'A' && first <= 'Z' ? first - 'A' + 'a' : first;
}

static bool stopped(struct b24_error *err, const char *code,
		    const char *message, const char *hint)
{
	b24_error_set(err, B24_EXIT_STOPPED, code, "%s", message);
	if (hint)
		b24_error_hint(err, "%s", hint);
	return false;
}

/* The user the credentials act as, from the profile method. */
static bool self_id(struct cli *cli, char **id, struct b24_error *err)
{
	struct rest_reply reply = { 0 };
	const cJSON *v;
	char num[32];
	bool ok = rest_call(cli->session, "profile", NULL, REST_READ, &reply,
			    err);

	*id = NULL;
	if (ok) {
		v = cJSON_GetObjectItemCaseSensitive(reply.result, "ID");
		if (cJSON_IsNumber(v))
			snprintf(num, sizeof num, "%.0f", v->valuedouble);
		if (cJSON_IsString(v) || cJSON_IsNumber(v))
			*id = xstrdup(cJSON_IsString(v) ? v->valuestring
							: num);
	}
	rest_reply_free(&reply);
	return ok;
}

/* Dismissing the account the credentials act as locks them out. */
static bool guard_self(struct cli *cli, const struct safe_edit *se,
		       const struct cli_edit_flags *f, struct b24_error *err)
{
	char *me;
	bool mine;

	if (!safe_edit_dismisses(se))
		return true;
	if (!self_id(cli, &me, err))
		return false;
	mine = safe_edit_dismisses_self(se, me);
	free(me);
	if (!mine)
		return true;
	cli_warn("user %s is the account these credentials act as; "
		 "dismissing it locks b24user and its webhooks out of the "
		 "portal", se->user_id);
	if (f->yes || f->dry_run)
		return true;
	if (on_terminal() &&
	    ask(cli, "Dismiss your own account? [y/N] ") == 'y')
		return true;
	return stopped(err, "self_dismissal",
		       "Not dismissing the account these credentials act "
		       "as; nothing was sent.",
		       "Add --yes if that is really meant, and make sure "
		       "another administrator can reactivate it.");
}

static bool confirm(struct cli *cli, const struct safe_edit *se,
		    const struct cli_edit_flags *f, struct b24_error *err)
{
	char question[160];

	if (!f->confirm || f->yes || f->dry_run)
		return true;
	if (!on_terminal())
		return stopped(err, "no_terminal",
			       "--confirm asks on a terminal, and standard "
			       "input is not one; nothing was sent.",
			       "Add --yes to answer the question in advance.");
	snprintf(question, sizeof question,
		 "Send this change to user %s? [y/N] ", se->user_id);
	if (ask(cli, question) == 'y')
		return true;
	return stopped(err, "declined", "Not confirmed; nothing was sent.",
		       NULL);
}

/* Keep the portal's value of every field in conflict, send the rest. */
static bool keep_theirs(struct safe_edit *se, struct b24_error *err)
{
	cJSON *names = cJSON_CreateArray();
	const cJSON *it;
	bool ok = true;

	cJSON_ArrayForEach(it, se->conflicts)
		cJSON_AddItemToArray(names, cJSON_CreateString(it->string));
	cJSON_ArrayForEach(it, names)
		if (ok)
			ok = safe_edit_drop_field(se, it->valuestring, err);
	cJSON_Delete(names);
	return ok;
}

/* A conflict on a terminal: the person picks; false stops (exit 6). */
static bool settle(struct cli *cli, struct safe_edit *se,
		   struct b24_error *err)
{
	int answer;

	(void)cli_report(cli, err);
	answer = ask(cli, "Send yours anyway (y), keep the portal's values "
		     "and send the rest (p), or stop (N)? ");
	if (answer == 'y' && safe_edit_accept_now(se, err))
		return true;
	if (answer == 'p' && keep_theirs(se, err))
		return true;
	if (answer != 'y' && answer != 'p')
		stopped(err, "conflict", "Stopped after a conflict; nothing "
			"was sent.", NULL);
	return false;
}

static bool check(struct cli *cli, struct safe_edit *se,
		  const cJSON *expect, const struct cli_edit_flags *f,
		  struct b24_error *err)
{
	int round;

	for (round = 0; round < CONFLICT_ROUNDS; round++) {
		if (safe_edit_check(cli->session, se, expect, !f->dry_run,
				    err))
			return true;
		if (strcmp(err->code, "conflict") != 0 || !on_terminal() ||
		    !settle(cli, se, err))
			return false;
		cli_edit_print_diff(cli, se);
	}
	return stopped(err, "conflict", "The user keeps changing on the "
		       "portal; nothing was sent.", "Try again later.");
}

bool cli_edit_written(const struct safe_edit *se,
		      const struct b24_error *err)
{
	return se->seq > 0 && se->outcome == JOURNAL_DONE &&
	       err->exit == B24_EXIT_UNVERIFIED;
}

/* What may have happened, the entry that records it and what to run
 * next; after Ctrl-C in one sentence with one code. */
static void note_unknown(const struct cli *cli, const struct safe_edit *se,
			 struct b24_error *err)
{
	char who[96] = "";

	if (se->seq <= 0 || se->outcome != JOURNAL_UNKNOWN)
		return;
	/* The commands must reach the same portal as this one did. */
	if (cli->profile.name)
		snprintf(who, sizeof(who), " --profile %s", cli->profile.name);
	if (cli_interrupted()) {
		b24_error_set(err, B24_EXIT_UNVERIFIED, "outcome_unknown",
			      "The change to user %s was sent, then "
			      "interrupted, so it may have taken (journal "
			      "entry %ld): run 'b24user%s get %s' to see, "
			      "'b24user%s undo %ld' to reverse it",
			      se->user_id, se->seq, who, se->user_id, who,
			      se->seq);
		err->reached_portal = true;
		return;
	}
	b24_error_hint(err, "The outcome is unknown; it may have taken "
		       "(journal entry %ld): run 'b24user%s get %s' to see, "
		       "'b24user%s undo %ld' to reverse it.", se->seq, who,
		       se->user_id, who, se->seq);
}

bool cli_safe_edit(struct cli *cli, struct safe_edit *se,
		   const cJSON *expect, const struct cli_edit_flags *f,
		   struct b24_error *err)
{
	cli_edit_print_diff(cli, se);
	if (!guard_self(cli, se, f, err) || !confirm(cli, se, f, err) ||
	    !check(cli, se, expect, f, err))
		return false;
	if (f->dry_run)
		return true;
	if (safe_edit_commit(cli->session, se, err))
		return true;
	note_unknown(cli, se, err);
	log_debug("edit of user %s: %s", se->user_id, err->message);
	return false;
}

int cli_edit_warn(const struct cli *cli, const struct safe_edit *se,
		  const struct b24_error *err)
{
	char *lines = xstrdup(err->message), *line, *next;

	/* A warning line each, so every reason can be found by itself. */
	for (line = lines; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (*line)
			cli_warn("%s", line);
	}
	free(lines);
	if (err->hint[0])
		cli_warn("%s", err->hint);
	return cli_interrupted() ? cli_interrupted() : B24_EXIT_UNVERIFIED;
}
