/*
 * What an edit is, independent of how it is shown: the user ID, the data,
 * the seed's options (admin mode, custom parameters, filter, order), and
 * the requests that load a user and send an update.
 */
#ifndef B24_EDIT_H
#define B24_EDIT_H

#include <stdbool.h>
#include <cJSON.h>

#include "error.h"
#include "fields.h"
#include "rest.h"

struct update_options {
	bool admin_mode;	/* ADMIN_MODE on the update and the reads */
	cJSON *params;		/* custom parameters (object) or NULL */
	cJSON *filter;		/* FILTER object or NULL */
	cJSON *order;		/* {"FIELD": "ASC"} or NULL: SORT + ORDER */
	unsigned field_flags;	/* enum fields_flags */
};

/* A positive integer that fits a long; anything else: exit USAGE. */
bool edit_check_user_id(const char *text, struct b24_error *err);
/* Blanks around an ID cut off in place (" 7 " is ID 7 wherever one is
 * typed or given); returns text, NULL stays NULL. */
char *edit_trim_id(char *text);

/*
 * The user.update parameters: ID, the validated data (normalised copy),
 * ADMIN_MODE, custom parameters merged (refused if they would replace ID
 * or the auth), FILTER and SORT/ORDER as real objects.  Free with
 * cJSON_Delete; NULL with err (exit USAGE) when anything is invalid.
 */
cJSON *edit_build_update(const char *user_id, const cJSON *data,
			 const struct update_options *opt,
			 const struct field_catalog *cat,
			 struct b24_error *err);

/* user.get for one ID (ADMIN_MODE when asked); *user is the object. */
bool edit_load_user(struct rest_session *s, const char *user_id,
		    bool admin_mode, cJSON **user, struct b24_error *err);
/* The same read in one batch call with user.fields and
 * user.userfield.list, whose labels and UF_USR_* fields join cat (when
 * the credentials may not read them, cat stays as it was). */
bool edit_load_user_and_catalog(struct rest_session *s, const char *user_id,
				bool admin_mode, struct field_catalog *cat,
				cJSON **user, struct b24_error *err);
/* Send prepared user.update parameters (a write: never retried once
 * sent). */
bool edit_send_update(struct rest_session *s, const cJSON *params,
		      struct rest_reply *reply, struct b24_error *err);
/* Only the members of edited whose value differs from loaded. */
cJSON *edit_changed_fields(const cJSON *loaded, const cJSON *edited);

#endif
