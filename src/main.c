/* b24user entry point: prepare the process, then run a subcommand or open
 * the console. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#include "cli.h"
#include "console.h"
#include "creds.h"
#include "http.h"
#include "log.h"

/* Before any library starts a thread: every thread inherits the mask,
 * and the console unblocks SIGWINCH only inside ppoll(). */
static void block_resize(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGWINCH);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}

/* The console starts even with nothing configured: it has a form for
 * the connection.  A named profile that is missing is made there. */
static int run_console(struct cli *cli)
{
	struct console_args args;
	struct b24_error err;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return cli_usage_error(cli, "the console needs a terminal; "
				       "scripts give a command");
	cli->allow_new_profile = true;
	if (!cli_setup(cli, &err))
		return cli_report(cli, &err);
	memset(&args, 0, sizeof args);
	args.config = &cli->config;
	args.profile = &cli->profile;
	args.config_path = cli->config.path;
	args.http = cli->http;
	args.verbose = cli->verbose;
	args.allow_write = cli->allow_write;
	return console_run(&args);
}

int main(int argc, char **argv)
{
	struct cli cli;
	int rc;

	block_resize();
	creds_capture_env();
	signal(SIGPIPE, SIG_IGN);
	http_global_init();
	memset(&cli, 0, sizeof cli);
	rc = cli_run(&cli, argc, argv);
	if (rc < 0)
		rc = run_console(&cli);
	cli_cleanup(&cli);
	creds_release_env();
	log_forget_secrets();
	http_global_cleanup();
	return rc;
}
