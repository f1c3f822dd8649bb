/*
 * b24user search [TEXT]: find users by text or filter and write them out
 * as a table, JSON items, JSON Lines or CSV, page by page.
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "cli-search.h"
#include "export.h"
#include "search.h"
#include "strbuf.h"

struct search_args {
	struct strbuf text;	/* the TEXT words, joined by spaces */
	const char *filter, *order, *limit, *format, *fields;
	bool admin_mode;
};

#define VALUE_OPTION(fn, field)						\
	CLI_VALUE_ONCE(fn, struct search_args, field, #field)

VALUE_OPTION(opt_filter, filter)
VALUE_OPTION(opt_order, order)
VALUE_OPTION(opt_limit, limit)
VALUE_OPTION(opt_format, format)
VALUE_OPTION(opt_fields, fields)

static bool opt_admin_mode(struct cli *cli, void *ctx, const char *value,
			   struct b24_error *err)
{
	((struct search_args *)ctx)->admin_mode = true;
	return true;
}

static const struct cli_option search_options[] = {
	{ "filter", true, opt_filter },
	{ "order", true, opt_order },
	{ "admin-mode", false, opt_admin_mode },
	{ "limit", true, opt_limit },
	{ "format", true, opt_format },
	{ "fields", true, opt_fields },
	{ NULL, false, NULL },
};

/* "search Olga Smirnova" is one text, as a person means it. */
static bool take_text(struct cli *cli, void *ctx, const char *arg,
		      struct b24_error *err)
{
	struct search_args *a = ctx;

	if (a->text.len)
		sb_append_char(&a->text, ' ');
	sb_append(&a->text, arg);
	return true;
}

/* Everything the command line says, checked before anything is sent. */
struct search_setup {
	struct search_query q;
	cJSON *filter, *order, *fields;
	struct export_options out;
};

static bool parse_limit(const char *text, long *out, struct b24_error *err)
{
	char *end;

	errno = 0;
	*out = text ? strtol(text, &end, 10) : 0;
	if (!text || (!errno && *out > 0 && end != text && !*end))
		return true;
	b24_error_set(err, B24_EXIT_USAGE, "bad_limit",
		      "--limit needs a positive whole number, not '%.40s'",
		      text);
	return false;
}

static bool parse_format(const struct cli *cli, const char *format,
			 enum export_format *out, struct b24_error *err)
{
	*out = cli->json ? EXPORT_JSON : EXPORT_TABLE;
	if (!format)
		return true;
	if (!export_format_parse(format, out, err))
		return false;
	if (cli->json && *out != EXPORT_JSON) {
		b24_error_set(err, B24_EXIT_USAGE, "usage",
			      "--json and --format %s contradict each other",
			      format);
		return false;
	}
	return true;
}

static bool prepare(const struct cli *cli, struct search_args *a,
		    struct search_setup *su, struct b24_error *err)
{
	if ((a->filter && !(su->filter = search_parse_filter(a->filter,
							     err))) ||
	    (a->order && !(su->order = search_parse_order(a->order, err))) ||
	    (a->fields && !(su->fields = search_parse_fields(a->fields,
							     err))) ||
	    !parse_limit(a->limit, &su->q.limit, err) ||
	    !parse_format(cli, a->format, &su->out.format, err))
		return false;
	su->q.text = a->text.buf;
	su->q.filter = su->filter;
	su->q.order = su->order;
	su->q.admin_mode = a->admin_mode;
	/* The table needs its own columns; other formats only what was
	 * asked for, which keeps the answers small. */
	if (su->fields && su->out.format != EXPORT_TABLE)
		su->q.select = su->fields;
	su->out.fields = su->fields;
	return true;
}

static void setup_free(struct search_setup *su)
{
	cJSON_Delete(su->filter);
	cJSON_Delete(su->order);
	cJSON_Delete(su->fields);
}

static int terminal_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) &&
	    ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}

static void department_cell(void *ctx, const cJSON *user, struct strbuf *out)
{
	search_department_text(ctx, user, out);
}

/* A reader that went away (search | head) ends the search: no more
 * pages are asked for. */
static bool each_user(void *ctx, const cJSON *user)
{
	return export_user(ctx, user);
}

/* Names for the table's Department column; numbers, and a word why,
 * when the credentials may not read departments. */
static void table_departments(struct search *se, struct search_setup *su)
{
	if (su->out.format != EXPORT_TABLE || su->fields)
		return;
	setlocale(LC_CTYPE, "");
	su->out.width = terminal_width();
	su->out.department = department_cell;
	su->out.department_ctx = se;
	if (!search_load_departments(se) && search_department_note(se))
		cli_warn("%s", search_department_note(se));
}

static int run_search(struct cli *cli, struct search_setup *su)
{
	struct search *se = search_new(cli->session);
	struct export *ex;
	struct b24_error err;
	bool ok;
	int failed;

	table_departments(se, su);
	ex = export_new(stdout, &su->out);
	ok = search_run(se, &su->q, each_user, ex, &err);
	failed = export_end(ex);
	search_free(se);
	if (!ok)
		return cli_report(cli, &err);
	/* The reader had enough, as with any filter in a pipe. */
	if (failed == EPIPE)
		return 0;
	if (failed) {
		b24_error_set(&err, B24_EXIT_REFUSED, "write_failed",
			      "The users could not all be written out: %s",
			      strerror(failed));
		b24_error_hint(&err, "Check the disk or the file the output "
			       "goes to.");
		return cli_report(cli, &err);
	}
	return 0;
}

int cmd_search(struct cli *cli, int argc, char **argv)
{
	struct search_args a;
	struct search_setup su;
	struct b24_error err;
	int rc;

	memset(&a, 0, sizeof a);
	memset(&su, 0, sizeof su);
	sb_init(&a.text);
	rc = cli_parse(cli, argc, argv, search_options, &a, take_text);
	if (rc < 0 && !prepare(cli, &a, &su, &err))
		rc = cli_report(cli, &err);
	if (rc < 0 && (!cli_setup(cli, &err) ||
		       !cli_open_session(cli, NULL, &err)))
		rc = cli_report(cli, &err);
	if (rc < 0)
		rc = run_search(cli, &su);
	setup_free(&su);
	sb_free(&a.text);
	return rc;
}
