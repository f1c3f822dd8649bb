/*
 * The effective settings of a run: the command line beats the
 * environment, the environment beats the chosen profile of the config
 * file.  Used by the command line and by the console's profile switch.
 */
#ifndef B24_SETTINGS_H
#define B24_SETTINGS_H

#include <stdbool.h>

#include "error.h"
#include "http.h"
#include "profile.h"

/* What the command line said (NULL: not given). */
struct settings_input {
	const char *profile_name;	/* --profile */
	const char *portal;		/* --portal */
	const char *auth;		/* --auth */
	const char *cacert;		/* --cacert */
	const char *oauth_server;	/* --oauth-server */
	const char *timeout;		/* --timeout */
	/* A named profile that is not in the file is a new one (auth
	 * login) instead of an error. */
	bool allow_new_profile;
	/* Several profiles and none chosen start with an empty one (the
	 * console lets the person pick) instead of an error. */
	bool allow_unchosen;
};

/* The environment variables read here (besides B24USER_PROFILE, which
 * config_choose reads). */
#define SETTINGS_ENV_PORTAL "B24USER_PORTAL"
#define SETTINGS_ENV_AUTH "B24USER_AUTH"
#define SETTINGS_ENV_CACERT "B24USER_CACERT"
#define SETTINGS_ENV_OAUTH_SERVER "B24USER_OAUTH_SERVER"
#define SETTINGS_ENV_TIMEOUT "B24USER_TIMEOUT"

/*
 * Fill out (free with profile_clear) and http (its ca_file points into
 * out).  *from_file says whether a [profile NAME] group was used.  False
 * with err (exit USAGE) for a missing named profile or a bad value.
 */
bool settings_resolve(const struct config *cfg,
		      const struct settings_input *in, struct profile *out,
		      struct http_options *http, bool *from_file,
		      struct b24_error *err);

/* Seconds from 1 to 3600; false for anything else. */
bool settings_parse_timeout(const char *text, int *out);

#endif
