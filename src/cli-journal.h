/* The journal and undo subcommands, for the dispatch table in cli.c. */
#ifndef B24_CLI_JOURNAL_H
#define B24_CLI_JOURNAL_H

#include "cli.h"

int cmd_journal(struct cli *cli, int argc, char **argv);
int cmd_undo(struct cli *cli, int argc, char **argv);

/* journal --runs (cli-journal-runs.c): one line (or object) per bulk
 * run, newest first, with its id, portal and counts. */
struct journal_list;
void cli_journal_print_runs(const struct cli *cli,
			    const struct journal_list *l, long max);

#endif
