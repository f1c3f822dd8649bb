/*
 * Profiles from the config file ($XDG_CONFIG_HOME/b24user/config, GKeyFile
 * format): one [profile NAME] group each, plus [general].  Never a secret.
 */
#ifndef B24_PROFILE_H
#define B24_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

enum auth_method {
	AUTH_NONE = 0,	/* not chosen yet */
	AUTH_WEBHOOK,
	AUTH_OAUTH,
	AUTH_APIKEY,
};

enum store_choice {
	STORE_AUTO = 0,	/* keyring, else session keyring, else memory */
	STORE_KEYRING,
	STORE_SESSION,
	STORE_MEMORY,
	STORE_FILE,
};

struct profile {
	char *name;
	char *portal;		/* https://host[:port], no final slash */
	enum auth_method auth;
	char *client_id;
	char *oauth_server;	/* base URL; /oauth/token/ is appended */
	char *ca_file;
	enum store_choice secret_store;
	char *color;
	bool read_only;		/* not true/false: read as true */
	int timeout;		/* seconds; 0: default */
	/* Bulk runs: rate = SIZE/PER_SECOND and time_budget = SECONDS;
	 * 0: the defaults.  --rate and --time-budget win. */
	double rate_size, rate_drain;
	int time_budget;
};

struct config {
	char *path;
	struct profile *profiles;
	size_t count;
	char *default_profile;
	/* A malformed file still lets the program start: this says what is
	 * wrong (file, line when known, what), or NULL. */
	char *problem;
};

/* A profile name is one word of letters, digits, '.', '_' or '-', up to
 * 64 bytes: hints print it unquoted, and a pasted URL (which may hold a
 * webhook secret) must never become a group name in the config file.
 * The one rule for every path that creates or writes a profile; the
 * message never repeats the name. */
bool profile_name_check(const char *name, struct b24_error *err);

const char *auth_method_name(enum auth_method m);	/* "webhook" ... */
bool auth_method_parse(const char *text, enum auth_method *out);
const char *store_choice_name(enum store_choice s);
bool store_choice_parse(const char *text, enum store_choice *out);

/* A missing file is an empty config, not an error. */
void config_load(const char *path, struct config *cfg);
void config_free(struct config *cfg);
struct profile *config_find(const struct config *cfg, const char *name);
/*
 * The profile to use: name (from --profile), else B24USER_PROFILE, else
 * [general] default_profile, else the only profile.  NULL with err filled
 * when a name was asked for and is missing; NULL without error when there
 * are no profiles at all.
 */
struct profile *config_choose(const struct config *cfg, const char *name,
			      struct b24_error *err);
/* Add or replace one profile in the file, keeping comments and the other
 * groups; creates the file and its directory (0700) when missing. */
bool config_save_profile(const char *path, const struct profile *p,
			 struct b24_error *err);
bool config_remove_profile(const char *path, const char *name,
			   struct b24_error *err);
/* Set [general] default_profile = name, the same way. */
bool config_set_default(const char *path, const char *name,
			struct b24_error *err);
void profile_copy(struct profile *dst, const struct profile *src);
void profile_clear(struct profile *p);

#endif
