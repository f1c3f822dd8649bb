/* b24user journal: the change journal, newest first, as lines for a
 * person or as JSON objects. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-journal.h"
#include "edit.h"
#include "journal.h"
#include "jsonutil.h"

struct journal_args {
	const char *user_id;	/* --user */
	const char *limit;	/* --limit */
	const char *run;	/* --run */
	bool runs;		/* --runs */
	long max;		/* 0: every entry */
};

static bool opt_user(struct cli *cli, void *ctx, const char *value,
		     struct b24_error *err)
{
	/* argv's strings are the program's to change. */
	((struct journal_args *)ctx)->user_id =
		edit_trim_id((char *)value);
	return true;
}

static bool opt_limit(struct cli *cli, void *ctx, const char *value,
		      struct b24_error *err)
{
	((struct journal_args *)ctx)->limit = value;
	return true;
}

static bool opt_run(struct cli *cli, void *ctx, const char *value,
		    struct b24_error *err)
{
	((struct journal_args *)ctx)->run = value;
	return true;
}

static bool opt_runs(struct cli *cli, void *ctx, const char *value,
		     struct b24_error *err)
{
	((struct journal_args *)ctx)->runs = true;
	return true;
}

static const struct cli_option journal_options[] = {
	{ "user", true, opt_user },
	{ "run", true, opt_run },
	{ "runs", false, opt_runs },
	{ "limit", true, opt_limit },
	{ NULL, false, NULL },
};

static bool no_positional(struct cli *cli, void *ctx, const char *arg,
			  struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_USAGE, "usage",
		      "journal takes no arguments, not '%.40s'", arg);
	return false;
}

static bool check_args(struct journal_args *a, struct b24_error *err)
{
	char *end = NULL;

	if (a->user_id && !edit_check_user_id(a->user_id, err))
		return false;
	if (!a->limit)
		return true;
	a->max = strtol(a->limit, &end, 10);
	if (*a->limit && end && !*end && a->max > 0)
		return true;
	b24_error_set(err, B24_EXIT_USAGE, "bad_limit",
		      "--limit needs a positive whole number, not '%.40s'",
		      a->limit);
	return false;
}

static bool wanted(const struct journal_entry *e,
		   const struct journal_args *a)
{
	return (!a->user_id ||
		(e->user_id && strcmp(e->user_id, a->user_id) == 0)) &&
	       (!a->run || (e->run && strcmp(e->run, a->run) == 0));
}

/* A pending entry nobody completed: the program stopped between sending
 * and the answer, so nobody knows whether the write ran. */
static bool unsettled(const struct journal_entry *e)
{
	return !e->event && (e->outcome == JOURNAL_PENDING ||
			     e->outcome == JOURNAL_UNKNOWN);
}

static void print_line(const struct journal_entry *e)
{
	struct journal_entry shown = *e;
	char *text;

	if (shown.outcome == JOURNAL_PENDING)
		shown.outcome = JOURNAL_UNKNOWN;
	text = journal_entry_text(&shown);
	cli_put_text(stdout, text);
	if (unsettled(e))
		printf("\n    outcome unknown: reload the user (b24user get "
		       "%s) to see whether it took", e->user_id ?
		       e->user_id : "?");
	putchar('\n');
	free(text);
}

static void print_entries(const struct cli *cli,
			  const struct journal_list *l,
			  const struct journal_args *a)
{
	cJSON *out = cJSON_CreateArray();
	size_t i;
	long shown = 0;
	char *text;

	for (i = l->count; i-- > 0 && (!a->max || shown < a->max);) {
		if (!wanted(&l->entries[i], a))
			continue;
		shown++;
		if (cli->json)
			cJSON_AddItemToArray(out, journal_entry_to_json(
						     &l->entries[i]));
		else
			print_line(&l->entries[i]);
	}
	if (cli->json) {
		text = json_pretty(out);
		printf("%s\n", text);
		free(text);
	} else if (!shown) {
		printf("No journal entries%s.\n", a->user_id ?
		       " for this user" : "");
	}
	cJSON_Delete(out);
}

static int list(struct cli *cli, struct journal_args *a)
{
	char *path = journal_default_path();
	struct journal_list l = { 0 };
	struct b24_error err;

	b24_error_clear(&err);
	if (!check_args(a, &err) || !journal_read(path, &l, &err)) {
		free(path);
		return cli_report(cli, &err);
	}
	if (l.skipped)
		cli_warn("%zu line%s of %s could not be read and %s "
			 "skipped (a write cut off mid-line)", l.skipped,
			 l.skipped == 1 ? "" : "s", path,
			 l.skipped == 1 ? "was" : "were");
	if (a->runs)
		cli_journal_print_runs(cli, &l, a->max);
	else
		print_entries(cli, &l, a);
	journal_list_free(&l);
	free(path);
	return 0;
}

int cmd_journal(struct cli *cli, int argc, char **argv)
{
	struct journal_args a = { 0 };
	struct b24_error err;
	int rc = cli_parse(cli, argc, argv, journal_options, &a,
			   no_positional);

	if (rc >= 0)
		return rc;
	if (!cli_setup(cli, &err))
		return cli_report(cli, &err);
	return list(cli, &a);
}
