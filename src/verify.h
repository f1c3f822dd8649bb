/*
 * Read-back after a write: user.update answers only true, and the portal
 * silently drops fields it will not take (ACTIVE and UF_DEPARTMENT for
 * non-admins, unknown names), so the user is read again and compared.
 */
#ifndef B24_VERIFY_H
#define B24_VERIFY_H

#include <stdbool.h>
#include <cJSON.h>

#include "error.h"
#include "rest.h"

/*
 * The fields of changed (what was sent) that the user read back (after)
 * does not show: [{"field": F, "wanted": v, "got": v, "reason": text}],
 * an empty array when all took.
 */
cJSON *verify_dropped(const cJSON *after, const cJSON *changed);
/* ["ACTIVE", ...]: the names, for "dropped" in the --json item. */
cJSON *verify_dropped_names(const cJSON *dropped);
/* "ACTIVE was not changed: only administrators can dismiss users", a
 * line each; free with free(). */
char *verify_render(const cJSON *dropped);

/* Read the user back and compare; false (with err) only when the read
 * itself failed, and then the write's result is unknown to us. */
bool verify_read_back(struct rest_session *s, const char *user_id,
		      bool admin_mode, const cJSON *changed,
		      cJSON **dropped, struct b24_error *err);

/*
 * user.update (params from edit_build_update) and the read-back in one
 * batch request.  *response is user.update's own answer as the portal
 * would give it alone ({"result": true, "time": {...}}) for the --json
 * item, or NULL.  false with err when the update failed (err->exit 1,
 * or 7 with code outcome_unknown when it may have run); when only the
 * read-back failed, true with *dropped NULL and err saying why (exit 7,
 * code "unverified"): written, unverified.  Params
 * with a file (PERSONAL_PHOTO) are sent as two requests, since files may
 * not travel inside a batch.
 */
bool verify_send_and_read_back(struct rest_session *s, const cJSON *params,
			       const cJSON *changed, bool admin_mode,
			       cJSON **response, cJSON **dropped,
			       struct b24_error *err);

#endif
