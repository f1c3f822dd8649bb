/* The console's bulk update (ui-bulk.c, ui-bulk-jobs.c): one file read,
 * planned and run through the app layer on the request thread. */
#ifndef B24_UI_BULK_H
#define B24_UI_BULK_H

#include <stdbool.h>
#include <pthread.h>

#include "bulk-run.h"
#include "ui.h"

struct bulkui {
	struct console *c;
	char *path;
	char *profile;
	char *portal;
	char *cp_path;
	struct bulk_input in;
	struct update_options opt;
	struct field_catalog *cat;
	struct bulk_plan plan;
	struct bulk_pace pace;
	struct bulk_state_ctx st;
	struct rest_session *session;	/* the run's, request thread */
	bool ran, ok, running;
	bool resumed;		/* the plan goes on from a stopped run */
	bool stop_at_failure;	/* y: stop at the first failed row */
	enum bulk_empty empty;	/* what an empty cell means */
	bool sending;		/* main thread: the run job is queued */
	int stop;		/* Esc: stop after the batch (atomic) */
	struct b24_error err;
	double t0, secs;
	struct rest_stats stats;	/* for the status line */
	/* The progress line: written by the request thread. */
	pthread_mutex_t lock;
	char line[200];
	int wake[2];
};

/* Main thread, when the request thread gives a job back. */
void bulk_planned(void *arg);
void bulk_finished(void *arg);
/* Request thread jobs. */
void bulk_jobs_plan(struct console *c, struct bulkui *b);
void bulk_jobs_run(struct console *c, struct bulkui *b);

#endif
