/* What the bulk run files share (internal to bulk-run*.c): one run in
 * the making, and its read-back. */
#ifndef B24_BULK_RUN_INTERNAL_H
#define B24_BULK_RUN_INTERNAL_H

#include "bulk-run.h"

struct run {
	struct rest_session *s;
	struct bulk_pace *pace;
	struct bulk_plan *plan;
	struct bulk_state_ctx *st;
	const struct bulk_run_options *o;
	struct bulk_row *rows[BULK_BATCH_MAX];
	size_t n;
	/* The previous batch's rows, read back as the last sub-request of
	 * the next batch: no request of its own. */
	struct bulk_row *check[BULK_BATCH_MAX];
	size_t ncheck;
};

/* The rows' user IDs, for a read; free the array with free(). */
const char *const *bulk_run_ids(struct bulk_row **rows, size_t n);

/* bulk-verify.c: done rows not read back yet, read back now (2 500 to
 * a request) and journalled with what showed. */
void bulk_verify_all(struct run *r);
/* The batch's answer was lost: read its rows back before anything is
 * sent again; each becomes done, to send, or unknown. */
bool bulk_settle_lost(struct run *r, struct b24_error *err);
/* The previous batch's read-back, carried as sub-request "check". */
void bulk_take_check(struct run *r, const cJSON *result);
/* This batch's done rows: read back with the next batch. */
void bulk_next_check(struct run *r);

#endif
