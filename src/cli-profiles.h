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
/*
 * When the config has a problem and yields no profile at all, fill err
 * (exit USAGE) with that problem and which line to fix, and return true:
 * "no profile is set up" would send people the wrong way.
 */
bool profiles_unusable(const struct config *cfg, struct b24_error *err);

#endif
