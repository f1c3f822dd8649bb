/*
 * The production guard: a profile with read_only = true refuses every
 * write unless the person names its portal's host (--allow-write HOST on
 * the command line, typed in the console), and every unlock is journalled.
 * Every write path (update, undo, bulk, the console's send) asks here
 * first, before anything is sent.
 */
#ifndef B24_GUARD_H
#define B24_GUARD_H

#include <stdbool.h>

#include "error.h"
#include "profile.h"

/* The host a person types to unlock p: "example.bitrix24.com", or
 * "127.0.0.1:8443" when the portal has a port; NULL when p names no
 * portal.  Free with free(). */
char *guard_host(const struct profile *p);

/* True when text names p's portal: the host, case ignored, with or
 * without the portal's port (a different port does not match). */
bool guard_host_matches(const struct profile *p, const char *text);

/*
 * Before any write through p.  True when p is not read-only, or when
 * allow_write_host (--allow-write, or the host the person typed; NULL:
 * none) names p's portal.  Otherwise false with err, exit 6 and nothing
 * to be sent: code "read_only" (the hint names the host to give) or
 * "allow_write_mismatch" (the message names both hosts).  A host that
 * does not match is refused even when p is not read-only: the script
 * meant another portal.
 */
bool guard_check_write(const struct profile *p, const char *allow_write_host,
		       struct b24_error *err);

/*
 * Journal (journal_path NULL: the default journal) that read-only p was
 * unlocked for writing; via is "--allow-write" or "console".  The entry
 * has event "unlock", outcome done, no user and no fields.  When this
 * fails, do not write: the unlock would go unrecorded.
 */
bool guard_record_unlock(const struct profile *p, const char *via,
			 const char *journal_path, struct b24_error *err);

/* guard_check_write, then guard_record_unlock when a read-only p was
 * unlocked: what one command does once before its writes. */
bool guard_allow_write(const struct profile *p, const char *allow_write_host,
		       const char *via, const char *journal_path,
		       struct b24_error *err);

#endif
