/* The parts of 'b24user profiles' (internal to cli-profiles*.c). */
#ifndef B24_CLI_PROFILES_H
#define B24_CLI_PROFILES_H

#include "cli.h"
#include "profile.h"

/* b24user profiles add NAME ... / remove NAME: argv[0] is the word. */
int profiles_add(struct cli *cli, int argc, char **argv);
int profiles_remove(struct cli *cli, int argc, char **argv);

/* The config file as loaded, each problem printed as a warning. */
void profiles_load(struct config *cfg);

#endif
