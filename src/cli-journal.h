/* The journal and undo subcommands, for the dispatch table in cli.c. */
#ifndef B24_CLI_JOURNAL_H
#define B24_CLI_JOURNAL_H

#include "cli.h"

int cmd_journal(struct cli *cli, int argc, char **argv);
int cmd_undo(struct cli *cli, int argc, char **argv);

#endif
