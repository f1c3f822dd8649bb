/*
 * Pacing a bulk run on both portal limits: the request bucket (a leaky
 * bucket of SIZE requests draining RATE per second, shared by every
 * request of the run) and the per-method time budget the portal reports
 * in time.operating and time.operating_reset_at.  Also the one place that
 * sends a batch call for the bulk files.
 */
#ifndef B24_BULK_PACE_H
#define B24_BULK_PACE_H

#include <stdbool.h>
#include <cJSON.h>

#include "error.h"
#include "rest.h"

#define BULK_BATCH_MAX 50

struct bulk_pace {
	double size;		/* bucket size; default 50 */
	double drain;		/* requests per second; default 2 */
	double budget;		/* seconds a method may use; default 480 */
	double level;		/* our estimate of the bucket */
	double level_at;	/* monotonic */
	double operating;	/* user.update's time.operating, -1 unknown */
	double reset_at;	/* its operating_reset_at (portal clock) */
	double skew;		/* portal clock minus ours */
	double cost;		/* seconds one update costs (largest seen) */
	double blocked_wait;	/* next wait after OPERATION_TIME_LIMIT */
	double blocked_for;	/* waited since an update last ran */
	/* Figures for the summary. */
	long requests;
	long limit_hits;	/* OPERATION_TIME_LIMIT rows */
	double waited;		/* seconds spent waiting on limits */
};

void bulk_pace_init(struct bulk_pace *p);
/* "--rate SIZE/PER_SECOND", e.g. "50/2"; else exit USAGE. */
bool bulk_pace_parse_rate(struct bulk_pace *p, const char *text,
			  struct b24_error *err);
/* "--time-budget SECONDS" (1 to 86400); else exit USAGE. */
bool bulk_pace_parse_budget(struct bulk_pace *p, const char *text,
			    struct b24_error *err);

/* Seconds until the next request may go out under the bucket. */
double bulk_pace_bucket_wait(const struct bulk_pace *p);

/*
 * One batch call: wait for the bucket, send {"halt": halt, "cmd": cmd},
 * note the time figures of every sub-request.  A write is never re-sent
 * by the session once it may have run (err code "outcome_unknown").
 */
bool bulk_pace_batch(struct bulk_pace *p, struct rest_session *s,
		     const cJSON *cmd, bool halt, unsigned flags,
		     struct rest_reply *reply, struct b24_error *err);

/* How many updates fit the time budget now (1 to BULK_BATCH_MAX); 0
 * when it is used up until the portal's operating_reset_at. */
int bulk_pace_room(const struct bulk_pace *p);
/* When nothing fits: wait until operating_reset_at. */
bool bulk_pace_budget_wait(struct bulk_pace *p, struct rest_session *s,
			   struct b24_error *err);
/* After rows came back with OPERATION_TIME_LIMIT: wait until the
 * portal's window moves on (operating_reset_at, else growing waits). */
bool bulk_pace_blocked_wait(struct bulk_pace *p, struct rest_session *s,
			    struct b24_error *err);

#endif
