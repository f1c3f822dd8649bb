/*
 * How a profile shows itself to a person: its colour, the text marker
 * that stands in for the colour without one (NO_COLOR), and where its
 * secrets live, told from its settings alone (no keyring is asked).
 */
#ifndef B24_PROFILE_SHOW_H
#define B24_PROFILE_SHOW_H

#include <stdbool.h>

#include "profile.h"

/*
 * The colour names a profile may have: black, red, green, yellow, blue,
 * magenta, cyan, white.  Returns 0 to 7 in that order, which is also the
 * order of curses' COLOR_BLACK .. COLOR_WHITE; -1 for no colour or an
 * unknown name.
 */
int profile_color_index(const char *name);
/* "black, red, green, yellow, blue, magenta, cyan or white" */
const char *profile_color_names(void);

/* "[prod, read-only]", "[prod, unlocked]" (read-only but unlocked for
 * this session) or "[prod]"; "[no profile]" for NULL or an unnamed
 * profile.  Free with free(). */
char *profile_marker(const struct profile *p, bool unlocked);

/* One phrase for where p's secrets are kept, such as "desktop keyring"
 * or "file ~/.config/b24user/credentials"; with secret_store unset it
 * says the choice is made at run time ("not checked").  config_path:
 * the config file (the file store lives beside it).  Free with free(). */
char *profile_secret_place(const struct profile *p, const char *config_path);

#endif
