/*
 * The request thread.  It owns the rest session (and so libcurl); the main
 * loop hands it jobs and gets them back through a queue and a wake pipe,
 * so curses is only ever called from the main thread.
 */
#ifndef B24_WORKER_H
#define B24_WORKER_H

#include <stdbool.h>

#include "rest.h"

/* Runs on the worker thread; may use the session freely. */
typedef void (*worker_run_fn)(struct rest_session *s, void *job);
/* Runs on the main thread from worker_dispatch(), once per job, also for
 * jobs that were cancelled (the job records that itself). */
typedef void (*worker_done_fn)(void *job);

struct worker;

/* Starts the thread; s is used only by that thread from now on. */
struct worker *worker_new(struct rest_session *s);
/* Cancel what runs, finish the queue as cancelled, join, free s. */
void worker_free(struct worker *w);
/* Readable when finished jobs wait: poll it with the keyboard. */
int worker_wake_fd(const struct worker *w);
void worker_submit(struct worker *w, worker_run_fn run, worker_done_fn done,
		   void *job);
/* Cancel the job in progress within milliseconds (curl_multi_wakeup). */
void worker_cancel(struct worker *w);
bool worker_busy(const struct worker *w);
/* Main thread: drain the pipe and call done for every finished job. */
void worker_dispatch(struct worker *w);

#endif
