/* The search subcommand, for the dispatch table in cli.c. */
#ifndef B24_CLI_SEARCH_H
#define B24_CLI_SEARCH_H

#include "cli.h"

int cmd_search(struct cli *cli, int argc, char **argv);

#endif
