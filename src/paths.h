/* Where b24user keeps its files, by the XDG base directory rules. */
#ifndef B24_PATHS_H
#define B24_PATHS_H

#include <stdbool.h>

#include "error.h"

/* Each returns a newly allocated path (free with free()). */
char *paths_config_file(void);	/* $XDG_CONFIG_HOME/b24user/config */
char *paths_state_dir(void);	/* $XDG_STATE_HOME/b24user */
char *paths_state_file(const char *name);
/* $XDG_RUNTIME_DIR/b24user when set, else the state directory. */
char *paths_runtime_dir(void);
/* The folder with the field catalogue: $B24USER_DATADIR, the installed
 * one, else the source tree's data/ (for runs from the build tree). */
char *paths_data_file(const char *name);
/* mkdir -p with mode 0700 for every folder it creates. */
bool paths_make_dir(const char *dir, struct b24_error *err);
/* The folder path stands in, made as paths_make_dir does. */
bool paths_make_parent(const char *path, struct b24_error *err);

#endif
