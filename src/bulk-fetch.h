/*
 * Reading many users in few requests: one batch call of up to 50
 * user.get sub-requests, each with FILTER {"@ID": [up to 50 IDs]}, reads
 * up to 2 500 users.  The plan, the read-back and the settling of lost
 * answers all read this way.
 */
#ifndef B24_BULK_FETCH_H
#define B24_BULK_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <cJSON.h>

#include "bulk-pace.h"
#include "error.h"
#include "rest.h"

#define BULK_FETCH_PER_CALL (BULK_BATCH_MAX * BULK_BATCH_MAX)

/* The sub-request "user.get?FILTER[@ID][0]=..." for up to 50 IDs, as a
 * JSON string for a batch's cmd. */
cJSON *bulk_fetch_command(const char *const *ids, size_t n, bool admin_mode);

/*
 * The users with the n IDs (n up to BULK_FETCH_PER_CALL; one request):
 * *users is an object of ID -> user for those the portal shows.  false
 * with err when the call failed, or a sub-request did (then nothing of
 * the answer is used).
 */
bool bulk_fetch_users(struct rest_session *s, struct bulk_pace *pace,
		      const char *const *ids, size_t n, bool admin_mode,
		      cJSON **users, struct b24_error *err);

/* The ID of the user the credentials act as (the profile method), in
 * one paced request; *id is NULL when the portal does not say. */
bool bulk_fetch_self(struct rest_session *s, struct bulk_pace *pace,
		     char **id, struct b24_error *err);

#endif
