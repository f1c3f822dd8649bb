/*
 * Carrying out a bulk plan: batch calls of up to 50 user.update, each
 * answer and each result_error tied back to its row, paced on both portal
 * limits, journalled and checkpointed around every batch, read back
 * after it.  A batch whose answer was lost is settled by reading back
 * before anything is sent again; rows hit by the time budget are waited
 * out and sent again, exactly those.
 */
#ifndef B24_BULK_RUN_H
#define B24_BULK_RUN_H

#include <stdbool.h>

#include "bulk-pace.h"
#include "bulk-plan.h"
#include "bulk-state.h"
#include "rest.h"

/* Called after every batch (for a progress line). */
typedef void (*bulk_progress_fn)(void *ctx, const struct bulk_plan *plan,
				 const struct bulk_pace *pace);

struct bulk_run_options {
	bool continue_on_fail;	/* off: stop after the first failed row */
	bool admin_mode;	/* ADMIN_MODE=Y on the read-back */
	bulk_progress_fn progress;
	void *progress_ctx;
};

/*
 * Send every row still to be sent (state BULK_TODO).  true when the run
 * came to its end (rows may have failed with continue_on_fail).  false
 * with err: exit 1 for the first failed row without continue_on_fail;
 * the session's error (limits, network, credentials, 130 when
 * interrupted) otherwise.  Every stop leaves the checkpoint so that
 * --resume goes on from there.
 */
bool bulk_run(struct rest_session *s, struct bulk_pace *pace,
	      struct bulk_plan *plan, struct bulk_state_ctx *state,
	      const struct bulk_run_options *o, struct b24_error *err);

#endif
