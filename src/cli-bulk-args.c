/* The options of update --from. */
#include "config.h"

#include "cli-bulk.h"

#define VALUE_OPTION(fn, field, name)					\
	CLI_VALUE_ONCE(fn, struct bulk_args, field, name)
#define FLAG_OPTION(fn, field) CLI_FLAG(fn, struct bulk_args, field)

VALUE_OPTION(opt_from, from, "from")
VALUE_OPTION(opt_empty, empty, "empty")
VALUE_OPTION(opt_rate, rate, "rate")
VALUE_OPTION(opt_budget, budget, "time-budget")
VALUE_OPTION(opt_results, results, "results")
VALUE_OPTION(opt_params, u.params, "params")
VALUE_OPTION(opt_filter, u.filter, "filter")
VALUE_OPTION(opt_order, u.order, "order")
FLAG_OPTION(opt_yes, yes)
FLAG_OPTION(opt_resume, resume)
FLAG_OPTION(opt_dismiss_self, dismiss_self)
FLAG_OPTION(opt_admin_mode, u.admin_mode)
FLAG_OPTION(opt_continue, u.continue_on_fail)
FLAG_OPTION(opt_dry_run, u.dry_run)
FLAG_OPTION(opt_allow_unknown, u.allow_unknown)
FLAG_OPTION(opt_token_stdin, u.token_stdin)

static bool opt_param(struct cli *cli, void *ctx, const char *value,
		      struct b24_error *err)
{
	struct bulk_args *a = ctx;

	return cli_option_pair(a->u.param_pairs, value, "param", err);
}

/* The file is the data: --data and --set would say it twice. */
static bool opt_not_with_from(struct cli *cli, void *ctx, const char *value,
			      struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_USAGE, "usage",
		      "--data and --set cannot be used with --from: the file "
		      "holds the data");
	return false;
}

const struct cli_option cli_bulk_options[] = {
	{ "data", true, opt_not_with_from },
	{ "set", true, opt_not_with_from },
	{ "from", true, opt_from },
	{ "empty", true, opt_empty },
	{ "yes", false, opt_yes },
	{ "resume", false, opt_resume },
	{ "yes-dismiss-self", false, opt_dismiss_self },
	{ "rate", true, opt_rate },
	{ "time-budget", true, opt_budget },
	{ "results", true, opt_results },
	{ "admin-mode", false, opt_admin_mode },
	{ "params", true, opt_params },
	{ "param", true, opt_param },
	{ "filter", true, opt_filter },
	{ "order", true, opt_order },
	{ "continue-on-fail", false, opt_continue },
	{ "dry-run", false, opt_dry_run },
	{ "allow-unknown-fields", false, opt_allow_unknown },
	{ "access-token-stdin", false, opt_token_stdin },
	{ NULL, false, NULL },
};

bool cli_bulk_no_user_id(struct cli *cli, void *ctx, const char *arg,
			 struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_USAGE, "usage",
		      "update --from takes the user IDs from the file's ID "
		      "column, not '%.40s'", arg);
	return false;
}
